"""The consent pages: a save without changes keeps the consent everywhere, a real change asks first, the board and
the dashboard show a consent only for the version it was given to, decisions are checked, and sending to the MR
confirms its warnings (issue 13.4 and 13.5)."""

import csv
import io
import re

import pytest
from django.urls import reverse

from npo_planner.programma.cycle import programme_steps
from npo_planner.programma.models import Programme, Submission
from npo_planner.scholen.models import AuditEntry
from tests.programma.factories import SUBMITTED_AT, make_item, make_programme, submit
from tests.programma.test_views import ITEM_POST, html_text, url


@pytest.fixture
def consented(cast):
    """School A's programme with one item, consented by the MR on 12 October 2021 (version 1)."""
    programme = make_programme(cast.school_a, cast.year)
    item = make_item(programme)
    submit(programme, cast.director)
    programme.refresh_from_db()
    from npo_planner.programma import services

    services.programme_decide(
        programme=programme,
        user=cast.mr,
        expected_version=programme.version,
        consent=True,
        decided_on=SUBMITTED_AT.date().replace(day=30),
        remarks="Akkoord",
    )
    programme.refresh_from_db()
    return programme, item


def annual_rows(client) -> dict:
    response = client.get(reverse("bestuur:annual_report_csv") + "?jaar=2021-2022")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    return {row["brin"]: row for row in rows}


def edit_post(programme, **extra):
    return {
        "title": programme.title,
        "summary": programme.summary,
        "parents_and_team": programme.parents_and_team,
        "lock_version": programme.version,
        **extra,
    }


def test_saving_unchanged_keeps_the_consent_on_the_board_and_the_dashboard(client, cast, consented):
    programme, item = consented
    client.force_login(cast.director)
    response = client.post(url("edit", programme), edit_post(programme), follow=True)
    assert "Er is niets gewijzigd." in response.content.decode()
    item_post = {
        **ITEM_POST,
        "name": item.name,
        "goal_area": item.goal_area,
        "goal": item.goal,
        "target_groups": item.target_groups,
        "ends_on": item.ends_on.isoformat(),
        "cost_2022_2023": "500",
        "responsible": item.responsible,
        "evaluation_method": item.evaluation_method,
        "lock_version": programme.version,
    }
    assert client.post(url("item_edit", programme, item_id=item.pk), item_post).status_code == 302
    programme.refresh_from_db()
    assert programme.status == Programme.Status.APPROVED
    assert programme.submissions.get().decision == Submission.Decision.CONSENT
    changes = ["programme.update", "programme.item_update", "programme.reopen"]
    assert not AuditEntry.objects.filter(action__in=changes).exists()
    client.force_login(cast.board_member)
    assert annual_rows(client)["11AA"]["instemming_mr"] == "ja"


def test_a_real_change_asks_first_and_then_the_board_no_longer_reads_a_consent(client, cast, consented):
    programme, _item = consented
    client.force_login(cast.director)
    page = client.get(url("edit", programme)).content.decode()
    assert "Deze wijziging trekt de instemming van de MR met versie 1 in" in page
    assert 'name="confirm_reopen"' in page
    response = client.post(url("edit", programme), edit_post(programme, title="Nieuwe titel"))
    assert response.status_code == 200
    assert "Vink aan dat u dat wilt" in response.content.decode()
    programme.refresh_from_db()
    assert (programme.status, programme.title) == (Programme.Status.APPROVED, "Schoolprogramma NPO")

    data = edit_post(programme, title="Nieuwe titel", confirm_reopen="on")
    assert client.post(url("edit", programme), data).status_code == 302
    programme.refresh_from_db()
    assert (programme.status, programme.title) == (Programme.Status.CONCEPT, "Nieuwe titel")

    client.force_login(cast.board_member)
    row = annual_rows(client)["11AA"]
    assert (row["instemming_mr"], row["datum_instemming"]) == ("nee", "")
    overview = html_text(client.get(reverse("bestuur:overview") + "?jaar=2021-2022").content.decode())
    assert "gegeven aan versie 1, geldt niet voor het programma zoals het nu is" in overview
    step = programme_steps(school=cast.school_a, school_year=cast.year, role="directeur")[0]
    assert step.details[0] == "MR: Instemming (versie 1), geldt niet voor het programma zoals het nu is"


def test_deleting_an_item_of_a_consented_programme_asks_first(client, cast, consented):
    programme, item = consented
    client.force_login(cast.director)
    page = client.get(url("item_delete", programme, item_id=item.pk)).content.decode()
    assert "trekt de instemming van de MR met versie 1 in" in page
    response = client.post(
        url("item_delete", programme, item_id=item.pk), {"lock_version": programme.version}
    )
    assert response.status_code == 400
    assert programme.items.filter(pk=item.pk).exists()
    data = {"lock_version": programme.version, "confirm_reopen": "on"}
    assert client.post(url("item_delete", programme, item_id=item.pk), data).status_code == 302
    assert not programme.items.filter(pk=item.pk).exists()


def test_the_mr_cannot_date_a_decision_before_the_version_and_must_give_a_reason(client, cast):
    programme = make_programme(cast.school_a, cast.year)
    make_item(programme)
    submit(programme, cast.director)  # 28 September 2021
    programme.refresh_from_db()
    client.force_login(cast.mr)
    early = {"consent": "ja", "decided_on": "2021-09-01", "lock_version": programme.version}
    response = client.post(url("decide", programme), early)
    assert response.status_code == 200
    assert "ligt voor 28-09-2021, de dag waarop versie 1 is voorgelegd" in response.content.decode()
    refusal = {"consent": "nee", "decided_on": "2021-10-12", "remarks": "", "lock_version": programme.version}
    assert "de reden op" in client.post(url("decide", programme), refusal).content.decode()
    assert programme.submissions.get().decision == Submission.Decision.PENDING

    refusal["remarks"] = "Het rekenen in groep 7 ontbreekt."
    assert client.post(url("decide", programme), refusal).status_code == 302
    client.force_login(cast.director)
    page = client.get(url("detail", programme)).content.decode()
    top = html_text(page[page.index('id="laatste-besluit"') : page.index('id="kop-gegevens"')])
    assert "Laatste besluit: versie 1" in top
    assert "MR: Geen instemming (12-10-2021)" in top
    assert "Reden: Het rekenen in groep 7 ontbreekt." in top


def test_sending_to_the_mr_shows_each_warning_and_needs_them_confirmed(client, cast):
    programme = make_programme(cast.school_a, cast.year)
    make_item(programme, name="Ouderavonden", goal_area="F", evaluation_method="")
    programme.refresh_from_db()
    client.force_login(cast.director)
    page = client.get(url("detail", programme)).content.decode()
    keys = re.findall(r'name="accepted" value="([^"]+)"', page)
    assert len(keys) == 2  # goal area F without A–E, no evaluation plan
    assert "Doelgebied F" in page and "Bij &#x27;Ouderavonden&#x27; staat nog niet" in page
    response = client.post(
        url("submit", programme), {"lock_version": programme.version, "accepted": keys[:1]}
    )
    assert (
        "Bevestig eerst dat u het programma ondanks deze punten" in client.get(response.url).content.decode()
    )
    programme.refresh_from_db()
    assert programme.status == Programme.Status.CONCEPT

    client.post(url("submit", programme), {"lock_version": programme.version, "accepted": keys})
    programme.refresh_from_db()
    assert programme.status == Programme.Status.SUBMITTED
    submission = programme.submissions.get()
    assert [w["code"] for w in submission.accepted_warnings] == ["f_without_a_e", "no_evaluation"]
    client.force_login(cast.mr)
    decide_page = html_text(client.get(url("decide", programme)).content.decode())
    assert "De directeur legde versie 1 voor en bevestigde daarbij deze punten" in decide_page
    assert "Ouderavonden" in decide_page
