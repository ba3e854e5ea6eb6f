import datetime

import pytest
from django.urls import reverse

from ouderbetrokkenheid.models import Agreement, Response, Survey, SurveyTemplate
from ouderbetrokkenheid.selectors import default_template, survey_results
from ouderbetrokkenheid.services import remarks_tag
from ouderbetrokkenheid.views.public import cookie_name
from tests.ouderbetrokkenheid.factories import add_responses, sample_response, sample_survey

pytestmark = pytest.mark.django_db


def url(name, **kwargs):
    return reverse(f"ouderbetrokkenheid:{name}", kwargs={"brin": "11AA", **kwargs})


def paper_form(respondent="ouder", **answers):
    data = {"respondent": respondent, "stages": ["onderbouw"], "remark": ""}
    data.update({key: str(value) for key, value in answers.items()})
    return data


# --- paper forms ------------------------------------------------------------------------------------------


def test_teacher_logs_a_paper_form_and_sees_the_running_count(client, cast):
    survey = sample_survey(cast)
    client.force_login(cast.teacher)
    response = client.post(
        url("entry", survey_id=survey.pk), paper_form(s1=3, s8=4, p1=2, p8=3, remark="Fijn")
    )
    assert response.status_code == 302
    saved = Response.objects.get(survey=survey)
    assert saved.entered_by == cast.teacher and saved.source == "papier" and saved.onderbouw
    assert saved.answers == {
        "s1": 3,
        "s8": 4,
        "p1": 2,
        "p8": 3,
    }
    page = client.get(response.url)
    assert "Ingevoerd: 1 formulieren (ouders 1, team 0)" in page.content.decode()
    assert f"Formulier {saved.public_id} corrigeren" in page.content.decode()


def test_wrong_digits_are_refused_next_to_the_field(client, cast):
    survey = sample_survey(cast)
    client.force_login(cast.teacher)
    page = client.post(url("entry", survey_id=survey.pk), paper_form(s1=5, p1=4))
    assert page.status_code == 200
    text = page.content.decode()
    assert "een stelling heeft als antwoord een heel getal van 1 tot en met 4" in text
    assert "een suggestie krijgt een heel getal van 1 tot en met 3 punten" in text
    assert not Response.objects.exists()


def test_team_member_cannot_answer_parents_only_statements(client, cast):
    survey = sample_survey(cast)
    client.force_login(cast.teacher)
    page = client.post(url("entry", survey_id=survey.pk), paper_form("team", s1=2, s9=3))
    assert "alleen voor ouders" in page.content.decode()
    assert not Response.objects.exists()


def test_teacher_corrects_own_form_but_not_anothers(client, cast):
    own = sample_response(cast)
    client.force_login(cast.teacher)
    response = client.post(
        url("response_edit", response_id=own.public_id),
        {**paper_form("team", s1=1, p2=3), "version": own.version},
    )
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.respondent == "team" and own.version == 2
    assert own.answers == {"s1": 1, "p2": 3}
    others = (
        add_responses(own.survey, cast.director, [("ouder", {"s1": 2}, (), "")])
        or Response.objects.exclude(pk=own.pk).get()
    )
    assert client.get(url("response_edit", response_id=others.public_id)).status_code == 403
    client.force_login(cast.ib)
    assert client.get(url("response_edit", response_id=others.public_id)).status_code == 200


def test_a_stale_correction_does_not_overwrite(client, cast):
    own = sample_response(cast)
    client.force_login(cast.teacher)
    client.post(url("response_edit", response_id=own.public_id), {**paper_form(s1=4), "version": 1})
    page = client.post(url("response_edit", response_id=own.public_id), {**paper_form(s1=1), "version": 1})
    assert "Iemand anders heeft dit intussen gewijzigd" in page.content.decode()
    assert Response.objects.get(pk=own.pk).answers["s1"] == 4


def test_deleting_a_form(client, cast):
    own = sample_response(cast)
    client.force_login(cast.teacher)
    assert client.post(url("response_delete", response_id=own.public_id)).status_code == 302
    assert not Response.objects.filter(pk=own.pk).exists()


# --- online form ------------------------------------------------------------------------------------------


def online(survey, team=False):
    return reverse("ouderpeiling_online", kwargs={"token": survey.team_token if team else survey.token})


def test_parent_answers_online_once_without_anything_identifying(client, cast):
    survey = sample_survey(cast)
    assert len(survey.token) >= 32
    page = client.get(online(survey))
    assert page.status_code == 200 and "Ik praat thuis minstens één keer per maand" in page.content.decode()
    data = {"stages": ["bovenbouw"], "s1": "4", "s9": "3", "p8": "3", "remark": "Meer via de app"}
    response = client.post(online(survey), data, REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 302
    saved = Response.objects.get(survey=survey)
    assert (
        saved.source == "online"
        and saved.entered_by is None
        and saved.respondent == "ouder"
        and saved.bovenbouw
    )
    stored = " ".join(str(v) for v in Response.objects.filter(pk=saved.pk).values().get().values())
    assert "203.0.113.9" not in stored
    assert cookie_name(survey) in response.cookies
    again = client.post(online(survey), data)
    assert again.status_code == 200 and "al ingevuld" in again.content.decode()
    assert Response.objects.filter(survey=survey).count() == 1


def test_a_tampered_cookie_does_not_count(client, cast):
    survey = sample_survey(cast)
    client.cookies[cookie_name(survey)] = "1"
    assert "Versturen" in client.get(online(survey)).content.decode()


def test_team_version_hides_parents_only_statements(client, cast):
    survey = sample_survey(cast)
    text = client.get(online(survey, team=True)).content.decode()
    assert "Via de schoolapp houd ik ouders op de hoogte" in text and "Ik praat thuis" not in text
    client.post(online(survey, team=True), {"s1": "2", "s8": "4"})
    saved = Response.objects.get(survey=survey)
    assert saved.respondent == "team" and list(saved.answers) == ["s1"]


def test_online_form_closes_after_the_end_date_or_when_closed(client, cast):
    survey = sample_survey(cast)
    survey.ends_on = datetime.date.today() - datetime.timedelta(days=1)
    survey.save()
    assert "gesloten" in client.get(online(survey)).content.decode()
    assert client.post(online(survey), {"s1": "4"}).status_code == 200
    survey.ends_on = None
    survey.status = Survey.Status.CLOSED
    survey.save()
    assert "gesloten" in client.get(online(survey)).content.decode()
    assert not Response.objects.exists()


def test_unknown_token_is_404(client, cast):
    assert client.get(reverse("ouderpeiling_online", kwargs={"token": "raden-lukt-niet"})).status_code == 404


# --- results ----------------------------------------------------------------------------------------------


def filled_survey(cast, parents=6, team=5):
    survey = sample_survey(cast)
    add_responses(
        survey,
        cast.director,
        [("ouder", {"s1": 4, "s8": 3, "p1": 3, "p2": 2}, ("onderbouw",), "Graag via de schoolapp")] * parents
        + [("team", {"s1": 2, "p1": 1, "p2": 3}, ("bovenbouw",), "Werkdruk")] * team,
    )
    return survey


def test_results_page_shows_parents_beside_team_with_ranks(client, cast):
    survey = filled_survey(cast)
    client.force_login(cast.teacher)
    page = client.get(url("results", survey_id=survey.pk))
    assert page.status_code == 200
    assert page.context["results"] == survey_results(survey=survey)
    text = page.content.decode()
    assert "Respondenten: 6 ouders en 5 teamleden" in text
    assert "100,0" in text and "4,00" in text and "data:image/svg+xml;base64," in text
    assert page.context["results"]["options"][0]["ouder"]["rank"] == 1
    assert page.context["results"]["options"][0]["team"]["rank"] == 2


def test_results_by_bouw_suppress_small_groups(client, cast):
    survey = filled_survey(cast, parents=6, team=5)
    add_responses(survey, cast.director, [("team", {"s1": 1}, ("onderbouw",), "")] * 2)
    client.force_login(cast.mr)
    page = client.get(url("results", survey_id=survey.pk) + "?bouw=onderbouw")
    results = page.context["results"]
    assert results["n"] == {"ouder": 6, "team": 2} and results["suppressed"]["team"]
    assert "&lt; 5" in page.content.decode()
    assert "Groepen van minder dan 5 respondenten" in page.content.decode()


def test_mr_sees_theme_tally_suppressed_and_no_remark_texts(client, cast):
    survey = filled_survey(cast)
    remarks_tag(
        user=cast.director,
        survey=survey,
        themes={r.pk: "schoolapp" for r in survey.responses.exclude(remark="")},
    )
    client.force_login(cast.mr)
    text = client.get(url("results", survey_id=survey.pk)).content.decode()
    assert "Graag via de schoolapp" not in text and "Opmerkingen lezen" not in text
    assert client.get(url("remarks", survey_id=survey.pk)).status_code == 403
    tally = client.get(url("results", survey_id=survey.pk)).context["tally"]
    assert [(t["theme"], t["ouder"], t["team"]) for t in tally] == [("schoolapp", 6, 5)]


def test_remarks_page_suggests_and_saves_themes(client, cast):
    survey = filled_survey(cast)
    client.force_login(cast.director)
    page = client.get(url("remarks", survey_id=survey.pk))
    items = page.context["items"]
    assert {i.suggestion for i in items if i.respondent == "ouder"} == {"schoolapp"}
    assert {i.suggestion for i in items if i.respondent == "team"} == {"keuzes"}
    data = {f"theme_{i.public_id}": i.suggestion for i in items}
    assert client.post(url("remarks", survey_id=survey.pk), data).status_code == 302
    assert set(Response.objects.exclude(remark="").values_list("theme", flat=True)) == {"schoolapp", "keuzes"}
    bad = client.post(
        url("remarks", survey_id=survey.pk), {f"theme_{items[0].public_id}": "onzin"}, follow=True
    )
    assert "Onbekend thema" in bad.content.decode()


def test_tagging_does_not_overwrite_a_theme_someone_set_meanwhile(client, cast):
    survey = filled_survey(cast, parents=1, team=0)
    remark = survey.responses.get()
    client.force_login(cast.director)
    client.get(url("remarks", survey_id=survey.pk))  # page opened: no theme yet
    remarks_tag(user=cast.ib, survey=survey, themes={remark.pk: "informatie"})
    page = client.post(
        url("remarks", survey_id=survey.pk),
        {f"theme_{remark.public_id}": "schoolapp", f"seen_{remark.public_id}": ""},
        follow=True,
    )
    assert "door iemand anders een thema" in page.content.decode()
    remark.refresh_from_db()
    assert remark.theme == "informatie"


def test_results_csv_download_matches_the_report(client, cast):
    survey = filled_survey(cast)
    client.force_login(cast.board_member)
    response = client.get(url("results_csv", survey_id=survey.pk))
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeffonderdeel;nummer;groep;n;")
    assert "suggestie;1;ouder;6;0,00;0,00;100,00;;3,00;18;1" in text


def test_comparison_with_an_earlier_survey(client, cast):
    earlier = sample_survey(cast, title="Vorig jaar")
    add_responses(earlier, cast.director, [("ouder", {"s1": 1}, (), "")] * 5)
    survey = filled_survey(cast)
    client.force_login(cast.director)
    page = client.get(url("results", survey_id=survey.pk) + f"?vergelijk={earlier.pk}")
    row = page.context["comparison"][0]
    assert (
        row["ouder"]["agree_then"] == 0 and row["ouder"]["agree_now"] == 100 and row["ouder"]["change"] == 100
    )


@pytest.mark.parametrize("size", [6, 40])
def test_results_page_costs_fixed_queries(client, cast, django_assert_max_num_queries, size):
    survey = filled_survey(cast, parents=size, team=size)
    client.force_login(cast.director)
    # The first view draws the two charts and stores them in the shared chart cache (a read and 5 queries to
    # store, each); every later view reads them (one query each).
    with django_assert_max_num_queries(20 + 2 * 5):
        assert client.get(url("results", survey_id=survey.pk)).status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get(url("results", survey_id=survey.pk)).status_code == 200


@pytest.mark.parametrize("size", [2, 30])
def test_list_pages_cost_fixed_queries(client, cast, django_assert_max_num_queries, size):
    survey = filled_survey(cast, parents=size, team=size)
    from ouderbetrokkenheid.services import agreement_create, template_copy

    for index in range(size // 2):
        sample_survey(cast, title=f"Peiling {index}")
        template_copy(user=cast.director, school=cast.school_a, source=default_template())
        agreement_create(
            user=cast.director,
            school=cast.school_a,
            school_year=cast.year,
            what=f"Afspraak {index}",
            stages="onderbouw",
            frequency="jaarlijks",
            who="team",
            starts_on=datetime.date(2022, 9, 1),
            survey=survey,
        )
    client.force_login(cast.director)
    with django_assert_max_num_queries(16):
        assert client.get(url("agreements")).status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get(url("templates")).status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get(url("index")).status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get(url("responses", survey_id=survey.pk)).status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get(url("remarks", survey_id=survey.pk)).status_code == 200


# --- surveys, import page, templates, agreements -----------------------------------------------------------


def test_director_creates_edits_and_closes_a_survey(client, cast):
    client.force_login(cast.director)
    response = client.post(
        url("survey_new"),
        {"title": "Peiling 2022", "template": default_template().pk, "ends_on": "2022-06-10"},
    )
    survey = Survey.objects.get(title="Peiling 2022")
    assert response.url == url("survey", survey_id=survey.pk)
    assert survey.school == cast.school_a and survey.school_year == cast.year
    detail = client.get(url("survey", survey_id=survey.pk)).content.decode()
    assert survey.token in detail
    client.post(
        url("survey_edit", survey_id=survey.pk),
        {"title": "Peiling 2022", "status": "gesloten", "version": survey.version},
    )
    survey.refresh_from_db()
    assert survey.status == "gesloten" and survey.version == 2
    stale = client.post(
        url("survey_edit", survey_id=survey.pk), {"title": "X", "status": "open", "version": 1}
    )
    assert "Iemand anders heeft dit intussen gewijzigd" in stale.content.decode()


def test_director_deletes_a_survey_made_by_mistake(client, cast):
    survey = filled_survey(cast)
    client.force_login(cast.teacher)
    assert client.post(url("survey_delete", survey_id=survey.pk)).status_code == 403
    client.force_login(cast.director)
    assert client.post(url("survey_delete", survey_id=survey.pk)).status_code == 302
    assert not Survey.objects.filter(pk=survey.pk).exists() and not Response.objects.exists()


def test_import_page_lists_all_errors_and_imports_a_good_file(client, cast):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.ouderbetrokkenheid.test_importers import csv_bytes, row

    survey = sample_survey(cast)
    client.force_login(cast.ib)
    bad = SimpleUploadedFile("p.csv", csv_bytes([row(s=["5"] * 9)]))
    page = client.post(url("survey_import", survey_id=survey.pk), {"file": bad})
    assert "rij 2, kolom s1: waarde &#x27;5&#x27;" in page.content.decode()
    good = SimpleUploadedFile("p.csv", csv_bytes([row()] * 3))
    checked = client.post(url("survey_import", survey_id=survey.pk), {"file": good})
    assert checked.status_code == 302 and not survey.responses.exists()  # first the preview (13.2)
    assert "3 vragenlijsten" in client.get(checked.url).content.decode()
    assert client.post(checked.url, {"confirm": "1"}).status_code == 302
    assert survey.responses.count() == 3


def test_school_copies_and_edits_the_default_template(client, cast):
    client.force_login(cast.director)
    response = client.post(url("template_copy", template_id=default_template().pk))
    copy = SurveyTemplate.objects.get(school=cast.school_a)
    assert response.url == url("template_edit", template_id=copy.pk)
    assert copy.statements.count() == 9 and copy.options.count() == 8
    page = client.get(response.url)
    data = {"version": copy.version, "name": "Onze peiling", "intro": ""}
    for prefix, formset in (("s", page.context["statements"]), ("p", page.context["options"])):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": len(formset.forms),
                f"{prefix}-INITIAL_FORMS": formset.initial_form_count(),
            }
        )
        for index, form in enumerate(formset.forms):
            for key, value in (form.initial or {}).items():
                if value is True:
                    data[f"{prefix}-{index}-{key}"] = "on"
                elif value:
                    data[f"{prefix}-{index}-{key}"] = value
    data["s-0-parent_text"] = "Ik voel me welkom op school."
    data["s-0-team_text"] = "Ouders voelen zich welkom op school."
    data["s-1-DELETE"] = "on"
    data["s-9-parent_text"] = "Nieuwe stelling alleen voor ouders"
    data["s-9-parents_only"] = "on"
    response = client.post(url("template_edit", template_id=copy.pk), data)
    assert response.status_code == 302, response.context and response.context["head"].errors
    statements = list(copy.statements.order_by("number"))
    assert len(statements) == 9 and statements[0].parent_text == "Ik voel me welkom op school."
    assert statements[-1].parents_only and statements[-1].number == 9
    assert default_template().statements.get(number=1).parent_text.startswith("De school organiseert")
    # Once answered, only wording may change.
    survey = sample_survey(cast, title="Met eigen sjabloon")
    survey.template = copy
    survey.save()
    add_responses(survey, cast.director, [("ouder", {"s1": 2}, (), "")])
    copy.refresh_from_db()
    data["version"] = copy.version
    data["s-0-DELETE"] = "on"
    page = client.post(url("template_edit", template_id=copy.pk), data)
    assert "alleen de teksten aanpassen" in page.content.decode()


def test_the_default_template_cannot_be_edited_by_a_school(client, cast):
    client.force_login(cast.director)
    assert client.get(url("template_edit", template_id=default_template().pk)).status_code == 404


def test_other_schools_template_is_invisible(client, cast):
    from ouderbetrokkenheid.services import template_copy

    theirs = template_copy(user=cast.director_b, school=cast.school_b, source=default_template())
    client.force_login(cast.director)
    assert client.get(url("template", template_id=theirs.pk)).status_code == 404
    assert client.post(url("template_copy", template_id=theirs.pk)).status_code == 404


def test_director_records_two_agreements_that_the_programme_takes_over(client, cast):
    from ouderbetrokkenheid.selectors import agreements_for

    survey = filled_survey(cast)
    client.force_login(cast.director)
    for what, frequency in (
        ("Maandelijks bericht via de schoolapp", "maandelijks"),
        ("Informatieavond per leerjaar", "jaarlijks"),
    ):
        response = client.post(
            url("agreement_new"),
            {
                "what": what,
                "stages": ["onderbouw", "bovenbouw"],
                "frequency": frequency,
                "who": "leerkrachten",
                "starts_on": "2022-09-01",
                "survey": survey.pk,
            },
        )
        assert response.status_code == 302
    agreements = agreements_for(school=cast.school_a, school_year=cast.year)
    assert [a.what for a in agreements] == [
        "Maandelijks bericht via de schoolapp",
        "Informatieavond per leerjaar",
    ]
    assert agreements[0].get_stages_display() == "onderbouw, bovenbouw"
    assert agreements[0].get_frequency_display() == "maandelijks"
    client.force_login(cast.mr)
    text = client.get(url("agreements")).content.decode()
    assert "Informatieavond per leerjaar" in text and "Bewerken" not in text
    client.force_login(cast.director)
    agreement = agreements[0]
    client.post(
        url("agreement_edit", agreement_id=agreement.pk),
        {
            "what": "Tweewekelijks bericht",
            "stages": ["middenbouw"],
            "frequency": "wekelijks",
            "who": "lk",
            "starts_on": "2022-09-01",
            "version": 1,
        },
    )
    agreement.refresh_from_db()
    assert agreement.what == "Tweewekelijks bericht" and agreement.version == 2
    client.post(url("agreement_delete", agreement_id=agreement.pk))
    assert Agreement.objects.count() == 1


def test_agreement_needs_a_bouw(client, cast):
    client.force_login(cast.director)
    page = client.post(
        url("agreement_new"), {"what": "x", "frequency": "jaarlijks", "who": "y", "starts_on": "2022-09-01"}
    )
    assert page.status_code == 200 and not Agreement.objects.exists()


def test_dashboard_shows_the_parent_survey_step(client, cast):
    filled_survey(cast)
    client.force_login(cast.director)
    text = client.get(reverse("scholen:dashboard", kwargs={"brin": "11AA"})).content.decode()
    assert "1 peiling, waarvan 1 open." in text and "11 respondenten" in text and "0 afspraken" in text


def test_answers_are_stored_in_the_response_row(cast):
    response = sample_response(cast)
    assert (response.statement_answers, response.option_answers) == ("3", "2")
    assert Response.objects.get(pk=response.pk).answers == {"s1": 3, "p1": 2}
