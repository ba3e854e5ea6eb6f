"""The outcome of an item's evaluation: recorded by the directeur or IB'er beside the monitoring, without reopening
the consent; shown in the programme, the preview, the board overview and the annual-report CSV; never naming a
pupil."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from npo_planner.programma import services
from npo_planner.programma.models import ItemOutcome, Programme, Submission
from npo_planner.scholen.models import AuditEntry
from npo_planner.scholen.selectors import pupils_named_in
from tests.programma.factories import make_item, make_programme
from tests.programma.test_views import annual_report, board_programmes

pytestmark = pytest.mark.django_db

DAY = datetime.date(2022, 6, 20)


def record(item, user, version=0, **fields):
    values = {"verdict": "werkt_deels", "next_step": "aanpassen", "findings": "", "evaluated_on": DAY}
    return services.item_outcome_save(item=item, user=user, expected_version=version, **{**values, **fields})


def consented_programme(cast):
    programme = make_programme(cast.school_a, cast.year)
    item = make_item(programme, name="Kanjertraining", goal_area="D")
    Submission.objects.create(programme=programme, number=1, decision="instemming", decided_on="2021-10-12")
    programme.status = Programme.Status.APPROVED
    programme.save()
    return programme, item


def outcome_url(programme, item, brin="11AA"):
    return reverse(
        "programma:item_outcome", kwargs={"brin": brin, "programme_id": programme.pk, "item_id": item.pk}
    )


def test_recording_an_outcome_keeps_the_consent_and_is_audited(cast):
    programme, item = consented_programme(cast)
    version = programme.version
    outcome = record(item, cast.ib, findings="De klassenzorgscore van 6a steeg; meer lessen in 6a.")
    programme.refresh_from_db()
    assert programme.status == Programme.Status.APPROVED and programme.version == version
    assert (outcome.verdict, outcome.next_step, outcome.version) == ("werkt_deels", "aanpassen", 1)
    entry = AuditEntry.objects.get(action="programme.item_outcome")
    assert entry.school == cast.school_a and entry.username == cast.ib.username
    assert entry.summary == "Uitkomst van 'Kanjertraining' vastgelegd: Werkt deels"

    record(item, cast.director, version=1, verdict="werkt", next_step="doorgaan")
    assert ItemOutcome.objects.get(item=item).version == 2
    assert AuditEntry.objects.filter(action="programme.item_outcome").count() == 2


def test_an_outcome_recorded_in_between_is_not_overwritten(cast):
    _programme, item = consented_programme(cast)
    record(item, cast.ib, verdict="werkt")
    with pytest.raises(ValidationError) as stale:
        record(item, cast.director, version=0, verdict="werkt_niet")  # opened before the IB'er saved
    assert "Iemand anders heeft de uitkomst intussen vastgelegd" in stale.value.messages[0]
    assert ItemOutcome.objects.get(item=item).verdict == "werkt"


def test_findings_that_name_a_pupil_are_refused(cast):
    _programme, item = consented_programme(cast)
    cast.pupil_a5.first_name = "Daan"
    cast.pupil_a5.save()
    code = cast.pupil_a5.code
    for text, word in ((f"Vooral {code} heeft er baat bij.", code), ("Daan doet beter mee.", "Daan")):
        with pytest.raises(ValidationError) as refused:
            record(item, cast.ib, findings=text)
        message = refused.value.message_dict["findings"][0]
        assert f"'{word}'" in message and "zonder namen of leerlingcodes" in message
    assert not ItemOutcome.objects.exists()
    # another school's pupil, and the same word not written as a name, are not this school's pupils named
    assert pupils_named_in(school=cast.school_a, text=f"{cast.pupil_b5.code} en daan") == []


def test_the_ib_records_an_outcome_beside_the_monitoring(client, cast):
    programme, item = consented_programme(cast)
    client.force_login(cast.ib)
    url = outcome_url(programme, item)
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Wat de monitoring laat zien" in html and "KanVAS-monitoring van de doelgroepen" in html
    data = {
        "lock_version": 0,
        "verdict": "werkt_deels",
        "next_step": "aanpassen",
        "findings": "Rustiger in de klas, maar 6a blijft zorgelijk.",
        "evaluated_on": "2022-06-20",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    detail = client.get(response.url).content.decode()
    assert "Werkt deels" in detail and "Uitkomst bijwerken" in detail
    assert "De uitkomst van &#x27;Kanjertraining&#x27; is opgeslagen." in detail

    stale = client.post(url, {**data, "verdict": "werkt"})  # the same form, sent again with version 0
    assert stale.status_code == 400
    assert "Iemand anders heeft de uitkomst intussen vastgelegd" in stale.content.decode()
    future = client.post(url, {**data, "lock_version": 1, "evaluated_on": "2999-01-01"})
    assert "De datum van de evaluatie ligt in de toekomst." in future.content.decode()
    assert ItemOutcome.objects.get(item=item).verdict == "werkt_deels"


@pytest.mark.parametrize("who", ["teacher", "mr"])
def test_only_the_directeur_and_the_ib_record_outcomes(client, cast, who):
    programme, item = consented_programme(cast)
    client.force_login(getattr(cast, who))
    assert client.get(outcome_url(programme, item)).status_code == 403
    assert (
        "Uitkomst vastleggen"
        not in client.get(
            reverse("programma:detail", kwargs={"brin": "11AA", "programme_id": programme.pk})
        ).content.decode()
    )


def test_another_schools_item_is_not_found(client, cast):
    programme, item = consented_programme(cast)
    client.force_login(cast.director_b)
    assert client.get(outcome_url(programme, item, brin="22BB")).status_code == 404


def test_the_preview_shows_the_outcome_and_its_findings(client, cast):
    programme, item = consented_programme(cast)
    record(item, cast.ib, findings="Rustiger in de klas.")
    client.force_login(cast.mr)
    html = client.get(reverse("programma:preview", kwargs={"brin": "11AA", "programme_id": programme.pk}))
    text = html.content.decode()
    assert "Werkt deels – doorgaan, aangepast" in text and "Rustiger in de klas." in text


def test_the_board_sees_how_far_each_school_evaluated_and_the_csv_lists_the_verdicts(client, cast):
    a, b = board_programmes(cast)
    first, second = a.items.order_by("position", "id")
    record(first, cast.director, verdict="werkt", next_step="doorgaan", findings="Alleen voor de school.")
    client.force_login(cast.board_member)
    html = client.get(reverse("bestuur:overview")).content.decode()
    assert "1 van 2 geëvalueerd: werkt 1" in html
    _header, by_brin = annual_report(client)
    assert by_brin["11AA"]["eerste_resultaten"] == (
        f"{first.name}: werkt, doorgaan zoals het is; {second.name}: nog niet geëvalueerd"
    )
    assert "Alleen voor de school" not in by_brin["11AA"]["eerste_resultaten"]
    assert by_brin["22BB"]["eerste_resultaten"].endswith(": nog niet geëvalueerd")


def test_next_years_scan_starts_from_what_the_programme_yielded(client, cast):
    programme, item = consented_programme(cast)
    make_item(programme, name="Leesclub", goal_area="B")
    record(item, cast.ib, findings="Rustiger in de klas; 6a blijft zorgelijk.")
    client.force_login(cast.director)
    scan_url = reverse("schoolscan:index", kwargs={"brin": "11AA"})
    assert (
        "Wat het schoolprogramma" not in client.get(scan_url).content.decode()
    )  # the programme's own first year

    client.post(reverse("scholen:school_year_switch", kwargs={"brin": "11AA"}), {"school_year": "2022-2023"})
    html = client.get(scan_url).content.decode()
    assert "Wat het schoolprogramma 2021-2022 en 2022-2023 opleverde" in html
    assert "Het programma loopt nog" in html and "1 van 2 onderdelen geëvalueerd." in html
    assert "Werkt deels" in html and "Doorgaan, aangepast" in html and "6a blijft zorgelijk" in html
    assert "nog niet geëvalueerd" in html  # the Leesclub

    client.force_login(cast.director_b)  # another school never sees it
    client.post(reverse("scholen:school_year_switch", kwargs={"brin": "22BB"}), {"school_year": "2022-2023"})
    assert (
        "Wat het schoolprogramma"
        not in client.get(reverse("schoolscan:index", kwargs={"brin": "22BB"})).content.decode()
    )


@pytest.mark.parametrize("n_groups", [1, 6])
def test_the_outcome_page_costs_a_fixed_number_of_queries(
    client, cast, django_assert_max_num_queries, n_groups
):
    from npo_planner.scholen.models import Group

    for grade in range(1, 5):
        Group.objects.create(school=cast.school_a, school_year=cast.year, name=f"{grade}a", grade=grade)
    programme, item = consented_programme(cast)
    item.target_groups = ", ".join(["5a", "6a", "1a", "2a", "3a", "4a"][:n_groups])
    item.save()
    record(item, cast.ib)
    client.force_login(cast.ib)
    # 17 today: session and access, the item with its outcome, and the monitoring (KanVAS moments and groups,
    # parent surveys, both scans), each read once whatever the number of target groups
    with django_assert_max_num_queries(18):
        assert client.get(outcome_url(programme, item)).status_code == 200
