import csv
import datetime
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from npo_planner.programma.models import Export, FundingStream, Item, ItemOutcome, Programme, Submission
from npo_planner.scholen.models import AuditEntry, School
from tests.factories import EnrollmentFactory, GroupFactory
from tests.programma.factories import SUBMITTED_AT, make_item, make_programme, second_year, submit
from tests.programma.test_board_pdfs import work_off_the_queue
from tests.schoolscan.helpers import complete_scan


def html_text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def url(name, programme=None, **kwargs):
    if programme is not None:
        kwargs.setdefault("brin", programme.school.brin)
        kwargs["programme_id"] = programme.pk
    return reverse(f"programma:{name}", kwargs=kwargs)


ITEM_POST = {
    "goal": "75% haalt het niveau",
    "target_groups": "5a",
    "starts_on": "2021-09-01",
    "ends_on": "2022-06-30",
    "cost_2021_2022": "1000",
    "cost_2022_2023": "0",
    "responsible": "IB'er",
    "evaluation_method": "LVS",
    "evaluation_moment": "juni",
}


def test_director_creates_a_programme_for_the_current_year(client, cast):
    second_year()
    client.force_login(cast.director)
    response = client.get(url("index", brin="11AA"))
    assert response.status_code == 200
    assert "Programma aanmaken" in response.content.decode()
    npo = FundingStream.objects.get(code="npo")
    later = second_year()
    response = client.post(
        url("create", brin="11AA"), {"stream": npo.pk, "first_year": cast.year.pk, "last_year": later.pk}
    )
    programme = Programme.objects.get(school=cast.school_a)
    assert response.status_code == 302 and response.url == url("detail", programme)
    assert (programme.stream, programme.last_year.label) == (npo, "2022-2023")
    assert client.get(url("index", brin="11AA")).url == url("detail", programme)


def test_director_adds_a_menukaart_intervention_and_its_figures_are_copied(
    client, cast, own_intervention, scan_priorities
):
    from menukaart.models import Intervention

    kanjer = Intervention.objects.get(school=None, name="Kanjertraining")
    programme = make_programme(cast.school_a, cast.year)
    client.force_login(cast.director)
    page = client.get(url("item_create", programme)).content.decode()
    assert "C – Kanjertraining (impact onbekend, bewijs onbekend, kosten onbekend)" in page
    assert "Huiswerkklas De Regenboog" in page
    assert "Huiswerkklas Elders" not in page  # another school's own intervention is never offered
    # the real scan's priority points to goal area B: that group comes first and is marked
    groups = re.findall(r'<optgroup label="([^"]+)"', page)
    assert groups[0] == "Menukaart B – Effectievere inzet van onderwijs (prioriteit uit de schoolscan)"
    assert groups[-1] == "Eigen interventies van de school"
    data = {
        **ITEM_POST,
        "intervention_choice": str(kanjer.pk),
        "priority_choice": str(scan_priorities.a.pk),
        "lock_version": programme.version,
    }
    response = client.post(url("item_create", programme), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    item = Item.objects.get(programme=programme)
    assert (item.name, item.goal_area, item.kind, item.intervention_ref) == (
        "Kanjertraining",
        "C",
        "menukaart",
        kanjer,
    )
    assert item.nji_level == "Effectief volgens sterke aanwijzingen"
    assert (item.priority_ref, item.priority) == (scan_priorities.a, "B – Begrijpend lezen")


def test_an_own_intervention_is_kept_as_kind_eigen(client, cast, own_intervention):
    programme = make_programme(cast.school_a, cast.year)
    client.force_login(cast.director)
    data = {
        **ITEM_POST,
        "intervention_choice": str(own_intervention.own.pk),
        "lock_version": programme.version,
    }
    assert client.post(url("item_create", programme), data).status_code == 302
    item = Item.objects.get(programme=programme)
    assert (item.kind, item.intervention_ref, item.name) == (
        "eigen",
        own_intervention.own,
        "Huiswerkklas De Regenboog",
    )


def test_another_schools_intervention_or_priority_posted_in_the_form_is_refused(
    client, cast, own_intervention, scan_priorities
):
    programme = make_programme(cast.school_a, cast.year)
    client.force_login(cast.director)
    base = {**ITEM_POST, "name": "Leesclub", "goal_area": "B", "lock_version": programme.version}
    response = client.post(
        url("item_create", programme), {**base, "intervention_choice": own_intervention.foreign.pk}
    )
    assert response.status_code == 400
    response = client.post(url("item_create", programme), {**base, "priority_choice": scan_priorities.b.pk})
    assert response.status_code == 400
    assert not Item.objects.filter(programme=programme).exists()


def test_the_model_refuses_another_schools_intervention_or_priority(cast, own_intervention, scan_priorities):
    from django.core.exceptions import ValidationError

    programme = make_programme(cast.school_a, cast.year)
    with pytest.raises(ValidationError, match="hoort niet bij deze school"):
        make_item(programme, intervention_ref=own_intervention.foreign)
    with pytest.raises(ValidationError, match="hoort niet bij deze school"):
        make_item(programme, priority_ref=scan_priorities.b)
    assert make_item(programme, intervention_ref=own_intervention.own, priority_ref=scan_priorities.a).pk


def test_deleting_the_intervention_or_priority_keeps_the_items_snapshot(
    cast, own_intervention, scan_priorities
):
    programme = make_programme(cast.school_a, cast.year)
    item = make_item(
        programme,
        kind="eigen",
        name="Huiswerkklas De Regenboog",
        intervention_ref=own_intervention.own,
        priority_ref=scan_priorities.a,
        priority="B – Begrijpend lezen",
    )
    own_intervention.own.delete()
    scan_priorities.a.delete()
    item.refresh_from_db()
    assert (item.intervention_ref, item.priority_ref) == (None, None)
    assert (item.name, item.kind, item.priority) == (
        "Huiswerkklas De Regenboog",
        "eigen",
        "B – Begrijpend lezen",
    )


def test_a_stale_form_is_refused_with_a_dutch_message(client, cast):
    programme = make_programme(cast.school_a, cast.year)
    client.force_login(cast.director)
    stale = programme.version
    assert client.post(url("edit", programme), {"title": "Een", "lock_version": stale}).status_code == 302
    response = client.post(url("edit", programme), {"title": "Twee", "lock_version": stale})
    assert "Iemand anders heeft het programma intussen gewijzigd" in response.content.decode()
    programme.refresh_from_db()
    assert programme.title == "Een"


def test_journey_submit_mr_consents_director_downloads_pdf(client, cast, django_capture_on_commit_callbacks):
    programme = make_programme(cast.school_a, cast.year)
    make_item(programme)
    programme.refresh_from_db()
    client.force_login(cast.director)
    client.post(url("submit", programme), {"lock_version": programme.version})
    programme.refresh_from_db()
    assert programme.status == Programme.Status.SUBMITTED
    # the MR decides in autumn 2021 (below): the version was submitted before that
    Submission.objects.filter(programme=programme).update(submitted_at=SUBMITTED_AT)

    client.force_login(cast.mr)
    page = client.get(url("detail", programme)).content.decode()
    assert "Besluit van de MR vastleggen" in page
    response = client.post(
        url("decide", programme),
        {
            "consent": "ja",
            "decided_on": "2021-10-12",
            "remarks": "Akkoord",
            "lock_version": programme.version,
        },
    )
    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.status == Programme.Status.APPROVED

    client.force_login(cast.director)
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            client.get(url("pdf", programme)).status_code == 302
        )  # made in the background (test_pdf_reuse.py)
    work_off_the_queue()
    response = client.get(url("pdf", programme))  # the consented version's PDF, now stored
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    export = Export.objects.get(programme=programme)
    assert export.submission.number == 1
    assert AuditEntry.objects.filter(action="programme.export", user=cast.director).exists()
    kept = client.get(url("export", programme, export_id=export.pk))
    assert kept.content == response.content
    page = client.get(url("detail", programme)).content.decode()
    assert export.filename in page
    submission = Submission.objects.get(programme=programme)
    version_page = client.get(url("submission", programme, submission_id=submission.pk)).content.decode()
    assert "Begrijpend lezen" in version_page and export.filename in version_page


def test_only_the_mr_records_the_decision_and_only_the_director_edits(client, cast):
    programme = make_programme(cast.school_a, cast.year)
    for user in (cast.director, cast.ib, cast.teacher, cast.board_member):
        client.force_login(user)
        assert client.post(url("decide", programme), {"consent": "ja"}).status_code == 403
    for user in (cast.mr, cast.ib, cast.teacher, cast.board_member):
        client.force_login(user)
        assert client.post(url("submit", programme), {"lock_version": programme.version}).status_code == 403
        assert client.get(url("item_create", programme)).status_code == 403
    for user in (cast.ib, cast.teacher):
        client.force_login(user)
        assert client.get(url("pdf", programme)).status_code == 403
        assert client.get(url("preview", programme)).status_code == 200


def test_programme_of_another_school_is_404(client, cast):
    other = make_programme(cast.school_b, cast.year)
    item = make_item(other)
    client.force_login(cast.director)
    for name, extra in [("detail", {}), ("preview", {}), ("pdf", {}), ("item_edit", {"item_id": item.pk})]:
        response = client.get(url(name, other, brin="11AA", **extra))
        assert response.status_code == 404, name


def test_detail_shows_budget_warnings(client, cast):
    programme = make_programme(cast.school_a, cast.year)
    make_item(programme, goal_area="F", cost_first_year=5000, evaluation_method="")
    client.force_login(cast.director)
    page = client.get(url("detail", programme)).content.decode()
    assert (
        "Doelgebied F (Faciliteiten en randvoorwaarden) alleen in combinatie met interventies uit A t/m E."
        in page
    )
    assert "staat nog niet hoe het geëvalueerd wordt" in page
    # 2 enrolled pupils × € 701,16 = € 1.402,32 < € 5.000
    assert "meer dan er dat jaar beschikbaar is (€\u00a01.402,32, inclusief geld uit vorige jaren)" in page


def evaluated_items(programme, n_items):
    """Items, each with a recorded outcome (what the pages show per item must not cost a query per item)."""
    for index in range(n_items):
        item = make_item(programme, name=f"Interventie {index}")
        ItemOutcome.objects.create(item=item, verdict="werkt", evaluated_on=datetime.date(2022, 6, 1))


@pytest.mark.parametrize("n_items", [2, 12])
def test_detail_page_costs_a_fixed_number_of_queries(client, cast, django_assert_max_num_queries, n_items):
    programme = make_programme(cast.school_a, cast.year)
    evaluated_items(programme, n_items)
    client.force_login(cast.director)
    # 23 since issue 15's funding streams: the stream's amounts, the programme's school years by label, and the
    # school's programmes of other streams (the page links them)
    with django_assert_max_num_queries(23):
        assert client.get(url("detail", programme)).status_code == 200


@pytest.mark.parametrize("n_items", [2, 12])
def test_preview_costs_a_fixed_number_of_queries(client, cast, django_assert_max_num_queries, n_items):
    programme = make_programme(cast.school_a, cast.year)
    evaluated_items(programme, n_items)
    client.force_login(cast.director)
    # 29, was 22 with the other apps absent: the real selectors now run (scan status, priorities, scan summary,
    # budget basis and scan delays of both years, KanVAS moments, surveys and agreements of both years), each a
    # fixed number of queries; 30 since storing a newly drawn chart also removes stored charts older than 60 days;
    # 34 since the budget runs over the school's NPO window with carry-over (the window's school years, the
    # school's programmes, their items, the spending per year: allocation.windows_and_bases).
    # 37 since the funding streams (issue 15): the stream's amounts, the programme's school years by label (read
    # once, kept on the programme) and the school years of the budget basis.
    # With the real demo data: test_integration.py.
    with django_assert_max_num_queries(37):
        assert client.get(url("preview", programme)).status_code == 200


# --- board ---------------------------------------------------------------------------------------------------


def board_programmes(cast):
    a = make_programme(cast.school_a, cast.year, parents_and_team="Ouderpeiling en studiedag")
    make_item(a, goal_area="B", cost_first_year=1000, cost_second_year=500)
    make_item(
        a, name="Remedial teacher", goal_area="E", cost_first_year=500, cost_second_year=0, external_hire=True
    )
    Submission.objects.create(programme=a, number=1, decision="instemming", decided_on="2021-10-12")
    a.status = Programme.Status.APPROVED
    a.save()
    b = make_programme(cast.school_b, cast.year)
    make_item(b, goal_area="C", cost_first_year=300, cost_second_year=0)
    return a, b


def test_board_sees_both_schools_side_by_side(client, cast):
    board_programmes(cast)
    client.force_login(cast.board_member)
    page = client.get(reverse("bestuur:overview")).content.decode()
    assert "School A" in page and "School B" in page
    assert "Vastgesteld" in page and "Concept" in page
    assert "Instemming (12-10-2021)" in page
    assert "A5001" not in page and "B5001" not in page


def test_board_member_of_another_board_sees_none_of_these_schools(client, cast):
    board_programmes(cast)
    client.force_login(cast.board_member_other)
    page = client.get(reverse("bestuur:overview")).content.decode()
    assert "School A" not in page and "School B" not in page
    rows = list(
        csv.reader(
            io.StringIO(client.get(reverse("bestuur:spending_csv")).content.decode("utf-8-sig")),
            delimiter=";",
        )
    )
    assert len(rows) == 1  # header only


def test_spending_csv_per_school_per_goal_area(client, cast):
    board_programmes(cast)
    client.force_login(cast.board_member)
    response = client.get(reverse("bestuur:spending_csv") + "?jaar=2021-2022")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:5] == ["brin", "school", "schooljaren", "status", "npo_budget"]
    by_brin = {r[0]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    assert by_brin["11AA"]["doelgebied_B"] == "1500,00"
    assert by_brin["11AA"]["doelgebied_E"] == "500,00"
    assert by_brin["11AA"]["totaal_gepland"] == "2000,00"
    assert by_brin["22BB"]["doelgebied_C"] == "300,00"
    assert AuditEntry.objects.filter(action="board.spending_csv", user=cast.board_member).exists()


def test_annual_report_csv_answers_the_questions(client, cast):
    from npo_planner.programma import spending

    a, _b = board_programmes(cast)
    # the PNIL share is of the money spent in the school year (issue 15), not of the planned 25 %
    reading, remedial = a.items.order_by("position", "id")
    for item, day, amount in (
        (reading, datetime.date(2021, 11, 1), "900"),
        (remedial, datetime.date(2022, 2, 1), "100"),
        (remedial, datetime.date(2022, 9, 1), "5000"),  # 2022-2023: another school year
    ):
        spending.spending_record(
            item=item,
            user=cast.director,
            spent_on=day,
            amount=Decimal(amount),
            external_hire=item == remedial,
        )
    client.force_login(cast.board_member)
    rows = list(
        csv.reader(
            io.StringIO(client.get(reverse("bestuur:annual_report_csv")).content.decode("utf-8-sig")),
            delimiter=";",
        )
    )
    by_brin = {r[0]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    assert by_brin["11AA"]["instemming_mr"] == "ja"
    assert by_brin["11AA"]["datum_instemming"] == "2021-10-12"
    assert by_brin["11AA"]["aandeel_externe_inhuur_pct"] == "10,00"
    assert by_brin["22BB"]["aandeel_externe_inhuur_pct"] == ""  # nothing spent
    assert by_brin["11AA"]["soorten_interventies"] == "B: 1; E: 1"
    assert by_brin["11AA"]["interventies"] == "Begrijpend lezen; Remedial teacher"
    assert by_brin["11AA"]["betrokkenheid_ouders_en_team"] == "Ouderpeiling en studiedag"
    assert by_brin["22BB"]["instemming_mr"] == "nee"
    assert by_brin["22BB"]["schoolscan"] == "geen schoolscan"


def test_board_may_open_a_school_programme_but_not_edit_it(client, cast):
    a, _b = board_programmes(cast)
    client.force_login(cast.board_member)
    assert client.get(url("preview", a)).status_code == 200
    assert client.get(url("pdf", a)).status_code == 302  # to the page of the PDF's background job
    assert client.get(url("edit", a)).status_code == 403


@pytest.mark.parametrize("n_schools", [2, 40])
def test_board_overview_costs_a_fixed_number_of_queries_whatever_the_number_of_schools(
    client, cast, django_assert_max_num_queries, n_schools
):
    from tests.factories import SchoolFactory

    board_programmes(cast)
    for index in range(n_schools - 2):
        school = SchoolFactory(brin=f"{50 + index}XY", board=cast.school_a.board)
        group = GroupFactory(school=school, school_year=cast.year, name="5a")
        EnrollmentFactory(group=group)
        make_item(make_programme(school, cast.year))
    for school in School.objects.all():
        complete_scan(school, cast.year, cast.director)  # real scans: status and budget basis per school
    client.force_login(cast.board_member)
    # 21: the scans of all schools come in one query per school year (schoolscan.selectors.scans_for_schools);
    # 6 of the 21 draw and store the budget chart the first time (look up, remove charts older than 60 days,
    # store); 1 lists the programmes of every school year that wait for the GMR (selectors.board_awaiting_gmr:
    # the table shows one school year only); 1 lists the board's latest batches of PDFs (jobs.selectors);
    # 4 read every school's money over the NPO window with carry-over (allocation.windows_and_bases: the window's
    # school years, the programmes in it, their items, the spending per school and year; it also reads the pupil
    # counts and scan bases the budgets use, so those are not read twice); 3 read the NPO stream with its amounts
    # and the school years of the programmes shown (issue 15: programmes span the years they use).
    with django_assert_max_num_queries(28):
        assert client.get(reverse("bestuur:overview")).status_code == 200


def kanjertraining():
    from menukaart.models import Intervention

    return Intervention.objects.get(school=None, name="Kanjertraining")


def test_letting_go_of_a_catalogue_intervention_makes_it_typed(client, cast):
    programme = make_programme(cast.school_a, cast.year)
    item = make_item(
        programme,
        name="Kanjertraining",
        goal_area="C",
        kind="menukaart",
        intervention_ref=kanjertraining(),
        evidence=4,
    )
    client.force_login(cast.director)
    page = client.get(url("item_edit", programme, item_id=item.pk)).content.decode()
    assert f'value="{item.intervention_ref_id}" selected' in page
    data = {
        **ITEM_POST,
        "name": "Eigen SEO-aanpak",
        "goal_area": "C",
        "intervention_choice": "",
        "lock_version": programme.version,
    }
    assert client.post(url("item_edit", programme, item_id=item.pk), data).status_code == 302
    item.refresh_from_db()
    assert (item.name, item.kind, item.intervention_ref, item.evidence) == (
        "Eigen SEO-aanpak",
        "vrij",
        None,
        None,
    )


def test_amounts_take_a_dutch_decimal_comma(client, cast):
    programme = make_programme(cast.school_a, cast.year)
    client.force_login(cast.director)
    data = {
        **ITEM_POST,
        "name": "Leesclub",
        "goal_area": "B",
        "fte": "0,5",
        "cost_2021_2022": "1250,75",
        "lock_version": programme.version,
    }
    assert client.post(url("item_create", programme), data).status_code == 302
    item = Item.objects.get(programme=programme)
    assert (str(item.fte), str(item.cost_for("2021-2022"))) == ("0.50", "1250.75")
    page = client.get(url("item_edit", programme, item_id=item.pk)).content.decode()
    assert 'value="1250,75"' in page


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("€ 18.500,00", "18500.00"), ("18.500", "18500.00"), ("€ 18.500", "18500.00"), ("12,5", "12.50")],
)
def test_amounts_take_dutch_thousands_separators_and_a_euro_sign(client, cast, typed, stored):
    programme = make_programme(cast.school_a, cast.year)
    client.force_login(cast.director)
    data = {**ITEM_POST, "name": "Leesclub", "goal_area": "B", "hours": "1.200", "fte": "0,5"}
    data.update(cost_2021_2022=typed, lock_version=programme.version)
    response = client.post(url("item_create", programme), data)
    assert response.status_code == 302, html_text(response.content.decode())[:3000]
    item = Item.objects.get(programme=programme)
    assert (str(item.cost_for("2021-2022")), str(item.hours), str(item.fte)) == (stored, "1200.0", "0.50")


def test_negative_cost_hours_and_fte_are_refused_at_the_field_in_dutch(client, cast):
    programme = make_programme(cast.school_a, cast.year)
    client.force_login(cast.director)
    data = {**ITEM_POST, "name": "Leesclub", "goal_area": "B", "lock_version": programme.version}
    data.update(cost_2021_2022="-4", cost_2022_2023="-4,00", hours="-1", fte="-0,5")
    response = client.post(url("item_create", programme), data)
    page = response.content.decode()
    assert response.status_code == 400 and not Item.objects.filter(programme=programme).exists()
    assert page.count("Vul een getal van 0 of meer in; een negatief getal kan hier niet.") == 4
    assert "item_cost_not_negative" not in page and "Beperking" not in page and "Constraint" not in page
    for name in ("cost_2021_2022", "cost_2022_2023", "hours", "fte"):
        field = re.search(rf'<input[^>]*name="{name}"[^>]*>', page).group(0)
        assert 'type="text"' in field and 'inputmode="decimal"' in field


def test_an_export_or_version_of_another_programme_is_404(client, cast):
    from tests.programma.factories import sample_export

    mine = make_programme(cast.school_a, cast.year)
    theirs = make_programme(cast.school_b, cast.year)
    export = sample_export(cast)  # belongs to school A's programme
    submission = Submission.objects.create(programme=theirs, number=1)
    client.force_login(cast.director)
    assert client.get(url("export", mine, export_id=export.pk)).status_code == 200
    other_export = Export.objects.create(
        programme=theirs,
        programme_version=1,
        status="concept",
        filename="b.pdf",
        pdf=b"%PDF",
        size=4,
        sha256="0" * 64,
    )
    assert client.get(url("export", mine, export_id=other_export.pk)).status_code == 404
    assert client.get(url("submission", mine, submission_id=submission.pk)).status_code == 404


# --- the GMR route -------------------------------------------------------------------------------------------


def gmr_url(programme):
    return reverse("bestuur:gmr_decide", kwargs={"programme_id": programme.pk})


def decision_post(programme, consent="ja", **extra):
    programme.refresh_from_db()
    return {"consent": consent, "decided_on": "2021-11-02", "lock_version": programme.version, **extra}


def submitted_above_school_level(cast):
    """School A's programme with an item spent above school level, submitted to the MR and the GMR."""
    programme = make_programme(cast.school_a, cast.year)
    make_item(programme)
    make_item(programme, name="Rekenspecialist van het bestuur", above_school_level=True)
    programme.refresh_from_db()
    submit(programme, cast.director)
    programme.refresh_from_db()
    return programme


def test_director_marks_an_item_above_school_level_and_sends_it_to_the_mr_and_the_gmr(client, cast):
    programme = make_programme(cast.school_a, cast.year)
    client.force_login(cast.director)
    form = client.get(url("item_create", programme)).content.decode()
    assert "Bovenschools besteed (instemming GMR nodig)" in form
    data = {**ITEM_POST, "name": "Rekenspecialist", "goal_area": "B", "lock_version": programme.version}
    assert client.post(url("item_create", programme), {**data, "above_school_level": "on"}).status_code == 302
    assert Item.objects.get(programme=programme).above_school_level
    page = client.get(url("detail", programme)).content.decode()
    assert "bovenschools: instemming GMR" in page
    assert "Dit programma besteedt geld boven schoolniveau: de GMR moet ook instemmen." in page
    programme.refresh_from_db()
    response = client.post(url("submit", programme), {"lock_version": programme.version}, follow=True)
    page = response.content.decode()
    assert "Versie 1 ligt nu ter instemming bij de MR en de GMR." in page
    assert "Ter instemming" in page and "wacht op besluit MR en GMR" in page
    assert Submission.objects.get(programme=programme).needs_gmr


def test_mr_consents_then_the_programme_waits_for_the_gmr_which_the_board_records(client, cast):
    programme = submitted_above_school_level(cast)
    client.force_login(cast.mr)
    assert (
        client.post(url("decide", programme), decision_post(programme, remarks="Akkoord")).status_code == 302
    )
    page = client.get(url("detail", programme)).content.decode()
    assert "wacht op besluit GMR" in page
    assert "Besluit van de MR vastleggen" not in page  # the MR decided already
    assert (
        "Er ligt op dit moment geen versie ter instemming bij de MR."
        in client.get(url("decide", programme)).content.decode()
    )
    programme.refresh_from_db()
    assert programme.status == Programme.Status.SUBMITTED

    client.force_login(cast.board_member)
    overview = client.get(reverse("bestuur:overview")).content.decode()
    assert "Wacht op besluit van de GMR" in overview
    assert gmr_url(programme) in overview
    assert "Besluit van de GMR vastleggen" in client.get(url("detail", programme)).content.decode()
    form = client.get(gmr_url(programme)).content.decode()
    assert "De GMR stemt in" in form and "Rekenspecialist van het bestuur" in form
    assert "Besluit van de MR over deze versie: Instemming (2-11-2021)" in form
    response = client.post(gmr_url(programme), decision_post(programme, remarks="GMR akkoord"), follow=True)
    assert response.redirect_chain == [(reverse("bestuur:overview"), 302)]
    assert "Het besluit van de GMR over het schoolprogramma van School A is vastgelegd." in (
        response.content.decode()
    )
    assert "Er wacht geen schoolprogramma op een besluit van de GMR." in response.content.decode()
    programme.refresh_from_db()
    assert programme.status == Programme.Status.APPROVED
    submission = Submission.objects.get(programme=programme)
    assert (submission.gmr_decision, submission.gmr_decided_by) == ("instemming", cast.board_member)
    assert AuditEntry.objects.filter(action="programme.gmr_decide", school=cast.school_a).exists()

    client.force_login(cast.director)
    page = html_text(client.get(url("detail", programme)).content.decode())
    assert "Vastgesteld" in page and "Instemming (2-11-2021) Instemming (2-11-2021)" in page
    assert "MR: Akkoord" in page and "GMR: GMR akkoord" in page
    version = html_text(
        client.get(url("submission", programme, submission_id=submission.pk)).content.decode()
    )
    assert "Versie 1 zoals voorgelegd aan de MR en de GMR" in version
    assert (
        "Besluit GMR: Instemming (2-11-2021)" in version and "Opmerkingen van de GMR: GMR akkoord" in version
    )
    assert "Rekenspecialist van het bestuur bovenschools: instemming GMR" in version


def test_the_gmr_may_decide_first_and_the_pages_then_wait_for_the_mr(client, cast):
    programme = submitted_above_school_level(cast)
    client.force_login(cast.board_member)
    assert client.post(gmr_url(programme), decision_post(programme)).status_code == 302
    client.force_login(cast.mr)
    page = client.get(url("detail", programme)).content.decode()
    assert "wacht op besluit MR" in page and "Besluit van de MR vastleggen" in page


def test_a_gmr_refusal_sends_the_programme_back_to_concept(client, cast):
    programme = submitted_above_school_level(cast)
    client.force_login(cast.board_member)
    refusal = decision_post(programme, consent="nee", remarks="Bovenschools te duur")  # a refusal says why
    assert client.post(gmr_url(programme), refusal).status_code == 302
    programme.refresh_from_db()
    assert programme.status == Programme.Status.CONCEPT
    client.force_login(cast.director)
    page = html_text(client.get(url("detail", programme)).content.decode())
    assert "Vervallen (de andere raad stemde niet in) Geen instemming (2-11-2021)" in page


def test_gmr_page_of_another_boards_programme_is_404_and_other_roles_get_403(client, cast):
    programme = submitted_above_school_level(cast)
    client.force_login(cast.board_member_other)
    assert client.get(gmr_url(programme)).status_code == 404
    assert client.post(gmr_url(programme), decision_post(programme)).status_code == 404
    for user in (cast.director, cast.ib, cast.teacher, cast.mr, cast.director_b, cast.teacher_b):
        client.force_login(user)
        assert client.get(gmr_url(programme)).status_code == 403
        assert client.post(gmr_url(programme), decision_post(programme)).status_code == 403
    assert Submission.objects.get(programme=programme).gmr_decision == ""


def test_the_mr_cannot_record_the_gmrs_decision_nor_the_board_the_mrs(client, cast):
    programme = submitted_above_school_level(cast)
    client.force_login(cast.mr)
    assert client.post(gmr_url(programme), decision_post(programme)).status_code == 403
    client.force_login(cast.board_member)
    assert client.post(url("decide", programme), decision_post(programme)).status_code == 403
    submission = Submission.objects.get(programme=programme)
    assert (submission.decision, submission.gmr_decision) == ("", "")


def test_a_stale_gmr_form_is_refused_with_a_dutch_message(client, cast):
    programme = submitted_above_school_level(cast)
    stale = decision_post(programme)
    client.force_login(cast.mr)
    client.post(url("decide", programme), decision_post(programme))
    client.force_login(cast.board_member)
    response = client.post(gmr_url(programme), stale)
    assert response.status_code == 200
    assert "Iemand anders heeft het programma intussen gewijzigd" in response.content.decode()
    assert Submission.objects.get(programme=programme).gmr_decision == ""


def test_the_gmr_form_needs_the_csrf_token_and_has_no_inline_script(cast):
    from django.test import Client

    from tests.test_permissions import assert_security_headers

    programme = submitted_above_school_level(cast)
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.board_member)
    response = client.get(gmr_url(programme))
    assert_security_headers(response, gmr_url(programme))
    assert "csrfmiddlewaretoken" in response.content.decode()
    assert client.post(gmr_url(programme), decision_post(programme)).status_code == 403
    assert Submission.objects.get(programme=programme).gmr_decision == ""


def test_gmr_page_without_a_version_awaiting_the_gmr_says_so(client, cast):
    programme = make_programme(cast.school_a, cast.year)
    client.force_login(cast.board_member)
    page = client.get(gmr_url(programme)).content.decode()
    assert "Er ligt op dit moment geen versie van dit programma ter instemming bij de GMR." in page
    assert client.post(gmr_url(programme), decision_post(programme)).status_code == 200
    programme.refresh_from_db()
    assert programme.status == Programme.Status.CONCEPT


def annual_report(client):
    response = client.get(reverse("bestuur:annual_report_csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    return rows[0], {r[0]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}


def test_annual_report_csv_adds_new_columns_at_the_end_and_keeps_the_other_columns(client, cast):
    a, b = board_programmes(cast)
    Submission.objects.filter(programme=a).update(
        needs_gmr=True, gmr_decision="instemming", gmr_decided_on="2021-11-02"
    )
    make_item(b, name="Rekenspecialist van het bestuur", above_school_level=True)
    client.force_login(cast.board_member)
    header, by_brin = annual_report(client)
    assert header == [
        "brin",
        "school",
        "schoolscan",
        "soorten_interventies",
        "interventies",
        "betrokkenheid_ouders_en_team",
        "instemming_mr",
        "datum_instemming",
        "aandeel_externe_inhuur_pct",
        "instemming_gmr",
        "datum_instemming_gmr",
        "eerste_resultaten",
    ]
    assert (by_brin["11AA"]["instemming_gmr"], by_brin["11AA"]["datum_instemming_gmr"]) == (
        "ja",
        "2021-11-02",
    )
    assert by_brin["22BB"]["instemming_gmr"] == "nee"  # above school level, not submitted yet
    b.refresh_from_db()
    submit(b, cast.director_b)
    assert annual_report(client)[1]["22BB"]["instemming_gmr"] == "wacht op besluit"
    Submission.objects.filter(programme=a).update(needs_gmr=False, gmr_decision="", gmr_decided_on=None)
    assert annual_report(client)[1]["11AA"]["instemming_gmr"] == "niet nodig"
