"""Pages: detail with the three levels, compare, keuzehulp (scan priorities or questions), a school's own
interventions (checklist, doubtful, visible to that school only, concurrent edits), the shortlist and the
dashboard step."""

import sys
import types

import pytest
from django.urls import reverse

from menukaart import checklist
from menukaart.models import ConsideredIntervention, Intervention
from npo_planner.scholen.models import AuditEntry
from tests.factories import SchoolYearFactory


def url(name, cast, school=None, **kwargs):
    return reverse(f"menukaart:{name}", kwargs={"brin": (school or cast.school_a).brin, **kwargs})


def kanjer():
    return Intervention.objects.get(code="kanjertraining", school=None)


def own_form_data(n_unclear: int, **extra) -> dict:
    data = {"name": "Leesclub", "goal_area": "B", "school_type": "po", "summary": "Lezen met ouders."}
    for index, key in enumerate(checklist.POINT_KEYS):
        if index < n_unclear:
            data[f"cl_{key}_clear"] = "nee"
        else:
            data[f"cl_{key}_clear"] = "ja"
            data[f"cl_{key}_answer"] = "Helder omschreven."
    data.update(extra)
    return data


def test_detail_of_kanjertraining_shows_the_three_levels_and_its_recognition(client, cast):
    client.force_login(cast.teacher)
    html = client.get(url("detail", cast, intervention_id=kanjer().pk)).content.decode()
    for text in (
        "1. Wat voor maatregel is het?",
        "2. Wat is bekend over kosten en impact?",
        "3. Hoe pak je het aan?",
        "Effectief volgens sterke aanwijzingen",
        "erkend op 10-12-2015",
        "NJi Databank Effectieve Jeugdinterventies",
        "ouder-kindtraining",
        "impact onbekend",
    ):
        assert text in html, text


def _switch_year(client, cast, label):
    SchoolYearFactory(label=label)
    client.post(
        reverse("scholen:school_year_switch", kwargs={"brin": cast.school_a.brin}), {"school_year": label}
    )


def _between(html, start, end="</dd>"):
    part = html[html.index(start) :]
    return part[: part.index(end)]


def test_detail_in_2022_2023_shows_the_2022_figures_with_their_date_and_2021_as_history(client, cast):
    client.force_login(cast.director)
    _switch_year(client, cast, "2022-2023")
    feedback = Intervention.objects.get(code="feedback")
    html = client.get(url("detail", cast, intervention_id=feedback.pk)).content.decode()
    assert "+6 maanden" in _between(html, "Impact</dt>")
    assert "editie van 1-4-2022" in _between(html, 'id="figures-source"')
    history = _between(html, "Cijfers van eerdere edities van de menukaart", "</table>")
    assert "1-1-2021" in history and "+8 maanden" in history and "1-4-2022" not in history
    assert "Bron van de kosten:" in html and "very low cost" in html  # cost 1 with the EEF as its source


def test_detail_in_2021_2022_shows_the_2021_edition_and_no_history(client, cast):
    client.force_login(cast.director)
    feedback = Intervention.objects.get(code="feedback")
    html = client.get(url("detail", cast, intervention_id=feedback.pk)).content.decode()
    assert "+8 maanden" in _between(html, "Impact</dt>")
    assert "editie van 1-1-2021" in _between(html, 'id="figures-source"')
    assert "Cijfers van eerdere edities" not in html
    assert "Na dit schooljaar kwam de editie van 1-4-2022: +6 maanden" in html
    phonics = Intervention.objects.get(code="fonemisch-bewustzijn")
    html = client.get(url("detail", cast, intervention_id=phonics.pk)).content.decode()
    assert "stond nog niet op de menukaart van 2021-2022" in html


def test_index_of_2022_2023_names_the_edition_and_shows_the_2021_figures_as_history(client, cast):
    client.force_login(cast.director)
    _switch_year(client, cast, "2022-2023")
    html = client.get(url("index", cast), {"q": "feedback"}).content.decode()
    assert "menukaart-editie van 1 april 2022" in html
    row = html[html.index(">Feedback</a>") :]
    row = row[: row.index("</tr>")]
    assert "+6 maanden" in row and "Eerdere editie (2021): +8 maanden" in row


def test_recognised_programmes_show_level_date_reassessment_and_whose_words(client, cast):
    client.force_login(cast.director)
    html = client.get(url("index", cast), {"goal_area": "C", "nji": "erkend"}).content.decode()
    for name in ("PAD (Programma Alternatieve Denkstrategieën)", "KiVa", "Taakspel (groep 3–8)", "Leefstijl"):
        assert f">{name}</a>" in html
    kiva = html[html.index(">KiVa</a>") :]
    kiva = kiva[: kiva.index("</tr>")]
    assert "Effectief volgens sterke aanwijzingen" in kiva and "15-12-2022" in kiva
    pad = html[html.index(">PAD (") :]
    pad = pad[: pad.index("</tr>")]
    assert "herbeoordeling nodig" in pad  # recognised 8-6-2017: more than five years ago
    html = client.get(url("detail", cast, intervention_id=kanjer().pk)).content.decode()
    assert "herbeoordeling nodig" in html
    supplier = html[html.index('id="supplier-heading"') :]
    assert "categorie IV" in supplier[: supplier.index("</section>")]
    assert "categorie IV" not in html[: html.index('id="supplier-heading"')]
    assert "geen directe effecten gevonden op pesten" in html


def test_reassessment_is_relative_to_today(client, cast, monkeypatch):
    import datetime

    from django.utils import timezone

    client.force_login(cast.director)
    monkeypatch.setattr(timezone, "localdate", lambda *args: datetime.date(2019, 1, 1))
    html = client.get(url("detail", cast, intervention_id=kanjer().pk)).content.decode()
    assert "herbeoordeling nodig" not in html  # 10-12-2015 was then less than five years ago


def test_compare_shows_up_to_four_side_by_side(client, cast):
    client.force_login(cast.director)
    ids = list(Intervention.objects.filter(goal_area="B").values_list("pk", flat=True)[:5])
    response = client.get(url("compare", cast), {"ids": ids})
    assert response.status_code == 200
    assert len(response.context["interventions"]) == 4
    assert "maximaal 4" in response.content.decode()
    response = client.get(url("compare", cast), {"ids": ids[:3]})
    assert [i.pk for i in response.context["interventions"]] == ids[:3]


def test_compare_ignores_another_schools_own_intervention(client, cast):
    theirs = Intervention.objects.create(school=cast.school_b, name="Geheim van B", goal_area="B")
    client.force_login(cast.director)
    response = client.get(url("compare", cast), {"ids": [theirs.pk, kanjer().pk]})
    assert [i.pk for i in response.context["interventions"]] == [kanjer().pk]
    assert "Geheim van B" not in response.content.decode()


def test_keuzehulp_without_scan_asks_questions_and_ranks_with_reasons(client, cast):
    client.force_login(cast.director)
    response = client.get(url("keuzehulp", cast))
    assert response.context["form"] is not None and not response.context["suggestions"]
    response = client.get(url("keuzehulp", cast), {"wants": ["lezen"], "grades": "5-6"})
    first = response.context["suggestions"][0]
    assert first.intervention.code == "begrijpend-lezen"
    assert (
        first.reason
        == "past bij wens begrijpend lezen groep 5–6; +6 maanden, zeer laag in kosten, sterk bewijs"
    )
    assert first.points.startswith("rangorde: aansluiting +6, impact +3, kosten +1, bewijs +1")


def test_keuzehulp_uses_the_scan_priorities_when_there_are_some(client, cast, monkeypatch):
    fake = types.ModuleType("schoolscan.selectors")
    seen = {}

    def priorities_for(*, school, school_year):
        seen["args"] = (school, school_year)
        return [
            types.SimpleNamespace(
                title="Begrijpend lezen", goal_area="B", grades="5-6", aim="+10% op niveau"
            ),
            types.SimpleNamespace(title="Welbevinden", goal_area="C", grades="7-8", aim=""),
        ]

    fake.priorities_for = priorities_for
    monkeypatch.setitem(sys.modules, "schoolscan.selectors", fake)
    client.force_login(cast.director)
    response = client.get(url("keuzehulp", cast))
    assert seen["args"] == (cast.school_a, cast.year)
    assert response.context["from_scan"] and response.context["form"] is None
    assert [code for code, _name, _group in response.context["areas"]] == ["B", "C"]
    reasons = [s.reason for s in response.context["suggestions"]]
    assert (
        "past bij speerpunt begrijpend lezen groep 5–6; +6 maanden, zeer laag in kosten, sterk bewijs"
        in reasons
    )
    codes = [s.intervention.code for s in response.context["suggestions"]]
    assert "kanjertraining" in codes


def test_keuzehulp_falls_back_to_questions_when_the_scan_has_no_priorities(client, cast, monkeypatch):
    fake = types.ModuleType("schoolscan.selectors")
    fake.priorities_for = lambda **kwargs: []
    monkeypatch.setitem(sys.modules, "schoolscan.selectors", fake)
    client.force_login(cast.director)
    response = client.get(url("keuzehulp", cast))
    assert not response.context["from_scan"] and response.context["form"] is not None


def test_keuzehulp_fails_loudly_when_the_scan_selector_has_a_bug(client, cast, monkeypatch):
    """A bug in the schoolscan's selector is an error (500), not "no priorities, answer the questions"."""
    fake = types.ModuleType("schoolscan.selectors")

    def priorities_for(*, school, school_year):
        raise AttributeError("'Scan' object has no attribute 'speerpunten'")

    fake.priorities_for = priorities_for
    monkeypatch.setitem(sys.modules, "schoolscan.selectors", fake)
    client.force_login(cast.director)
    client.raise_request_exception = False
    assert client.get(url("keuzehulp", cast)).status_code == 500


def test_director_adds_own_intervention_with_four_unclear_points_and_it_is_doubtful(client, cast):
    client.force_login(cast.director)
    response = client.post(url("own_create", cast), own_form_data(4))
    own = Intervention.objects.get(school=cast.school_a, name="Leesclub")
    assert response.status_code == 302
    assert own.checklist_result.n_unclear == 4 and own.checklist_result.doubtful
    html = client.get(url("detail", cast, intervention_id=own.pk)).content.decode()
    assert "Twijfelachtig." in html and "4 punten van de checklist zijn niet helder" in html
    assert AuditEntry.objects.filter(action="menukaart.own_create", school=cast.school_a).exists()


def test_two_unclear_points_are_not_doubtful(client, cast):
    client.force_login(cast.director)
    client.post(url("own_create", cast), own_form_data(2))
    own = Intervention.objects.get(school=cast.school_a, name="Leesclub")
    assert not own.checklist_result.doubtful


def test_checklist_must_be_answered_and_a_clear_point_needs_an_explanation(client, cast):
    client.force_login(cast.director)
    data = own_form_data(0)
    del data["cl_goals_clear"]
    data["cl_costs_answer"] = ""
    response = client.post(url("own_create", cast), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "cl_goals_clear" in errors and "cl_costs_answer" in errors
    assert not Intervention.objects.filter(school=cast.school_a).exists()


def test_goal_area_f_needs_a_combination(client, cast):
    client.force_login(cast.director)
    response = client.post(url("own_create", cast), own_form_data(0, goal_area="F"))
    assert "combined_with" in response.context["form"].errors
    client.post(url("own_create", cast), own_form_data(0, goal_area="F", combined_with="B"))
    assert Intervention.objects.get(school=cast.school_a).combined_with == "B"


def test_links_must_be_web_addresses(client, cast):
    client.force_login(cast.director)
    response = client.post(url("own_create", cast), own_form_data(0, links="javascript:alert(1)"))
    assert "links" in response.context["form"].errors


def test_another_school_never_sees_own_interventions(client, cast):
    own = Intervention.objects.create(school=cast.school_a, name="Alleen voor A", goal_area="C")
    client.force_login(cast.director_b)
    assert client.get(url("detail", cast, school=cast.school_b, intervention_id=own.pk)).status_code == 404
    assert client.get(url("own_edit", cast, school=cast.school_b, own_id=own.pk)).status_code == 404
    assert client.post(url("own_delete", cast, school=cast.school_b, own_id=own.pk)).status_code == 404
    assert client.post(url("consider", cast, school=cast.school_b, intervention_id=own.pk)).status_code == 404
    assert "Alleen voor A" not in client.get(url("index", cast, school=cast.school_b)).content.decode()
    response = client.get(url("keuzehulp", cast, school=cast.school_b), {"wants": ["welbevinden"]})
    assert own.pk not in [s.intervention.pk for s in response.context["suggestions"]]
    Intervention.objects.get(pk=own.pk)  # untouched


def test_only_the_director_adds_or_edits_own_interventions(client, cast):
    own = Intervention.objects.create(school=cast.school_a, name="Eigen", goal_area="C")
    for user in (cast.ib, cast.teacher, cast.mr):
        client.force_login(user)
        assert client.post(url("own_create", cast), own_form_data(0)).status_code == 403
        assert client.post(url("own_edit", cast, own_id=own.pk), own_form_data(0)).status_code == 403


def test_catalogue_items_cannot_be_edited_as_own(client, cast):
    client.force_login(cast.director)
    assert client.get(url("own_edit", cast, own_id=kanjer().pk)).status_code == 404


def test_concurrent_edit_is_refused_not_overwritten(client, cast):
    client.force_login(cast.director)
    client.post(url("own_create", cast), own_form_data(0))
    own = Intervention.objects.get(school=cast.school_a)
    first = client.post(
        url("own_edit", cast, own_id=own.pk), own_form_data(0, name="Versie 1", version=own.version)
    )
    assert first.status_code == 302
    stale = client.post(
        url("own_edit", cast, own_id=own.pk), own_form_data(0, name="Versie 2", version=own.version)
    )
    assert stale.status_code == 200
    assert "intussen gewijzigd" in stale.content.decode()
    assert Intervention.objects.get(pk=own.pk).name == "Versie 1"


def test_director_deletes_own_intervention(client, cast):
    own = Intervention.objects.create(school=cast.school_a, name="Weg ermee", goal_area="C")
    client.force_login(cast.director)
    assert client.post(url("own_delete", cast, own_id=own.pk)).status_code == 302
    assert not Intervention.objects.filter(pk=own.pk).exists()


def test_considering_an_intervention_puts_it_on_the_shortlist_and_the_dashboard(client, cast):
    client.force_login(cast.ib)
    response = client.post(url("consider", cast, intervention_id=kanjer().pk), {"considered": "1"})
    assert response.status_code == 302
    assert ConsideredIntervention.objects.filter(school=cast.school_a, school_year=cast.year).count() == 1
    Intervention.objects.create(school=cast.school_a, name="Eigen", goal_area="C")  # unanswered: doubtful
    client.force_login(cast.director)
    html = client.get(reverse("scholen:dashboard", kwargs={"brin": cast.school_a.brin})).content.decode()
    assert "1 interventie overwogen voor het schoolprogramma" in html
    assert "1 eigen interventie, waarvan 1 twijfelachtig" in html
    client.post(url("consider", cast, intervention_id=kanjer().pk), {"considered": "0"})
    assert not ConsideredIntervention.objects.exists()


def test_teacher_may_not_change_the_shortlist(client, cast):
    client.force_login(cast.teacher)
    assert (
        client.post(url("consider", cast, intervention_id=kanjer().pk), {"considered": "1"}).status_code
        == 403
    )


@pytest.mark.parametrize("extra", [0, 40])
def test_keuzehulp_costs_a_fixed_number_of_queries(
    client, cast, django_assert_max_num_queries, extra, monkeypatch
):
    no_scan = types.ModuleType("schoolscan.selectors")  # the scan's own queries are not the keuzehulp's
    no_scan.priorities_for = lambda *, school, school_year: []
    monkeypatch.setitem(sys.modules, "schoolscan.selectors", no_scan)
    Intervention.objects.bulk_create(
        Intervention(school=cast.school_a, name=f"Lezen {n}", goal_area="B", checklist={})
        for n in range(extra)
    )
    client.force_login(cast.director)
    with django_assert_max_num_queries(9):  # + the figure sets of the edition (one query)
        client.get(url("keuzehulp", cast), {"wants": ["lezen", "welbevinden"]})


@pytest.mark.parametrize("extra", [0, 30])
def test_dashboard_step_costs_one_query(cast, django_assert_num_queries, extra):
    from menukaart.cycle import menukaart_steps

    own = Intervention.objects.bulk_create(
        Intervention(school=cast.school_a, name=f"Eigen {n}", goal_area="C", checklist={})
        for n in range(extra)
    )
    ConsideredIntervention.objects.bulk_create(
        ConsideredIntervention(school=cast.school_a, school_year=cast.year, intervention=i) for i in own
    )
    with django_assert_num_queries(1):
        [step] = menukaart_steps(school=cast.school_a, school_year=cast.year, role="directeur")
    assert step.state == ("done" if extra else "todo")
    if extra:
        assert step.details == [f"{extra} eigen interventies, waarvan {extra} twijfelachtig"]


def test_keuzehulp_question_rekenen_finds_interventions_tagged_rekenen(client, cast, monkeypatch):
    client.force_login(cast.director)
    response = client.get(url("keuzehulp", cast), {"wants": ["rekenen"]})
    codes = [s.intervention.code for s in response.context["suggestions"]]
    assert {"feedback", "metacognitie-zelfregulerend-leren"} <= set(codes)
    assert "fonemisch-bewustzijn" not in codes  # not on the 2021 menukaart (and about reading)
    first = response.context["suggestions"][0]
    assert first.reason.startswith("past bij wens rekenen;")


def test_compare_shows_the_edition_date_and_the_recognition_age(client, cast):
    client.force_login(cast.director)
    feedback = Intervention.objects.get(code="feedback")
    html = client.get(url("compare", cast), {"ids": [feedback.pk, kanjer().pk]}).content.decode()
    assert "editie van 1-1-2021" in html  # 2021-2022: the 2021 edition
    assert "10-12-2015" in html and "herbeoordeling nodig" in html
