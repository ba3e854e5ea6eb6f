"""Consent follows the programme as it is (issue 13.4) and sending to the MR checks first (13.5)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from npo_planner.programma import selectors, services
from npo_planner.programma.models import Programme, Submission
from npo_planner.scholen.models import AuditEntry
from tests.programma.factories import item_values, make_programme, submit


@pytest.fixture
def programme(cast):
    return make_programme(cast.school_a, cast.year)


def add_item(programme, user, **overrides):
    programme.refresh_from_db()
    return services.item_create(
        programme=programme, user=user, expected_version=programme.version, **item_values(**overrides)
    )


def decide(
    programme, user, *, consent=True, day=datetime.date(2021, 10, 12), remarks="Akkoord", council="mr"
):
    programme.refresh_from_db()
    return services.programme_decide(
        programme=programme,
        user=user,
        expected_version=programme.version,
        consent=consent,
        decided_on=day,
        remarks=remarks,
        council=council,
    )


@pytest.fixture
def consented(cast, programme):
    """School A's programme, one item, consented by the MR (version 1)."""
    item = add_item(programme, cast.director)
    submit(programme, cast.director)
    decide(programme, cast.mr)
    programme.refresh_from_db()
    assert programme.status == Programme.Status.APPROVED
    return programme, item


def _state(programme):
    programme.refresh_from_db()
    return programme.status, programme.version, programme.submissions.count(), AuditEntry.objects.count()


# --- 13.4: a save that changes nothing changes nothing -------------------------------------------------------


def test_saving_the_programme_unchanged_keeps_the_consent(cast, consented):
    programme, _item = consented
    before = _state(programme)
    saved = services.programme_update(
        programme=programme,
        user=cast.director,
        expected_version=programme.version,
        title=programme.title,
        summary=programme.summary,
        parents_and_team=programme.parents_and_team,
    )
    assert saved.version == before[1]
    assert _state(programme) == before  # same status, version, versions and no audit entry
    assert programme.submissions.get().decision == Submission.Decision.CONSENT


def test_saving_an_item_unchanged_keeps_the_consent(cast, consented):
    programme, item = consented
    before = _state(programme)
    values = item_values()  # what the item was made with; cost 1000 comes back as 1000.00
    saved = services.item_update(item=item, user=cast.director, expected_version=programme.version, **values)
    assert saved.programme.version == before[1]
    assert _state(programme) == before


def test_a_real_change_to_a_consented_programme_must_be_confirmed(cast, consented):
    programme, item = consented
    before = _state(programme)
    with pytest.raises(services.ReopenNotConfirmedError) as raised:
        services.programme_update(
            programme=programme, user=cast.director, expected_version=programme.version, title="Nieuw"
        )
    assert "trekt de instemming in" in raised.value.message_dict["confirm_reopen"][0]
    with pytest.raises(services.ReopenNotConfirmedError):
        services.item_update(item=item, user=cast.director, expected_version=programme.version, name="Nieuw")
    with pytest.raises(services.ReopenNotConfirmedError):
        services.item_delete(item=item, user=cast.director, expected_version=programme.version)
    with pytest.raises(services.ReopenNotConfirmedError):
        add_item(programme, cast.director, name="Erbij")
    assert _state(programme) == before
    services.programme_update(
        programme=programme,
        user=cast.director,
        expected_version=programme.version,
        confirm_reopen=True,
        title="X",
    )
    assert _state(programme)[0] == Programme.Status.CONCEPT


def test_a_change_in_concept_needs_no_confirmation(cast, programme):
    add_item(programme, cast.director)
    programme.refresh_from_db()
    services.programme_update(
        programme=programme, user=cast.director, expected_version=programme.version, title="X"
    )
    programme.refresh_from_db()
    assert programme.title == "X"


# --- 13.4: one rule decides "consented as it stands" ----------------------------------------------------------


def test_a_consent_counts_only_for_the_version_it_was_given_to(cast, consented):
    programme, item = consented
    submissions = list(programme.submissions.order_by("-number"))
    assert selectors.consented_version(programme, submissions) == submissions[0]
    assert submissions[0].council_decisions()[0]["superseded"] is False
    services.item_update(
        item=item, user=cast.director, expected_version=programme.version, confirm_reopen=True, name="Anders"
    )
    programme.refresh_from_db()
    submissions = list(programme.submissions.order_by("-number"))
    assert selectors.consented_version(programme, submissions) is None
    [mr] = submissions[0].council_decisions()
    assert (mr["decision"], mr["superseded"]) == ("instemming", True)
    assert not submissions[0].consent_in_force("mr")


def test_reopen_notice_names_what_is_withdrawn(cast, consented):
    programme, _item = consented
    notice = selectors.reopen_notice(programme, selectors.latest_submission(programme))
    assert notice.startswith("Deze wijziging trekt de instemming van de MR met versie 1 in")
    programme.status = Programme.Status.CONCEPT
    assert selectors.reopen_notice(programme, selectors.latest_submission(programme)) is None


# --- 13.4: decisions ------------------------------------------------------------------------------------------


def test_a_decision_cannot_be_dated_before_the_version_was_submitted(cast, programme):
    add_item(programme, cast.director)
    submit(programme, cast.director)  # 28 September 2021
    with pytest.raises(ValidationError) as raised:
        decide(programme, cast.mr, day=datetime.date(2021, 9, 27))
    assert "voor 28-09-2021" in raised.value.message_dict["decided_on"][0]
    assert decide(programme, cast.mr, day=datetime.date(2021, 9, 28)).decision == "instemming"


def test_no_consent_needs_a_reason(cast, programme):
    add_item(programme, cast.director)
    submit(programme, cast.director)
    with pytest.raises(ValidationError) as raised:
        decide(programme, cast.mr, consent=False, remarks="  ")
    assert "reden" in raised.value.message_dict["remarks"][0]
    assert programme.submissions.get().decision == Submission.Decision.PENDING
    assert (
        decide(programme, cast.mr, consent=False, remarks="Te weinig voor rekenen").decision
        == "geen_instemming"
    )


# --- 13.5: sending to the MR checks first ----------------------------------------------------------------------


def test_sending_with_problems_needs_each_confirmed_and_records_them(cast, programme):
    add_item(programme, cast.director, name="Ouderavonden", goal_area="F", evaluation_method="")
    programme.refresh_from_db()
    budget = selectors.programme_budget(programme=programme, items=list(programme.items.all()))
    warnings = selectors.submit_warnings(programme=programme, budget=budget)
    assert {w.code for w in warnings} >= {"f_without_a_e", "no_evaluation"}
    with pytest.raises(services.WarningsNotConfirmedError) as raised:
        services.programme_submit(programme=programme, user=cast.director, expected_version=programme.version)
    assert any("Ouderavonden" in m for m in raised.value.messages)
    with pytest.raises(services.WarningsNotConfirmedError):  # one of them confirmed is not enough
        services.programme_submit(
            programme=programme,
            user=cast.director,
            expected_version=programme.version,
            accepted_warnings=[warnings[0].key],
        )
    programme.refresh_from_db()
    assert programme.status == Programme.Status.CONCEPT and not programme.submissions.exists()
    submission = services.programme_submit(
        programme=programme,
        user=cast.director,
        expected_version=programme.version,
        accepted_warnings=[w.key for w in warnings],
    )
    assert submission.accepted_warnings == [{"code": w.code, "message": w.message} for w in warnings]


def test_a_scan_in_concept_and_over_budget_are_warned_about(cast, programme, scan_priorities):
    add_item(programme, cast.director, cost_first_year="9999999")
    programme.refresh_from_db()
    budget = selectors.programme_budget(programme=programme, items=list(programme.items.all()))
    codes = {w.code for w in selectors.submit_warnings(programme=programme, budget=budget)}
    assert {"scan_concept", "over_available_year", "over_window"} <= codes


def test_a_programme_without_problems_goes_without_confirmation(cast, programme):
    add_item(programme, cast.director)
    programme.refresh_from_db()
    budget = selectors.programme_budget(programme=programme, items=list(programme.items.all()))
    assert selectors.submit_warnings(programme=programme, budget=budget) == []
    submission = services.programme_submit(
        programme=programme, user=cast.director, expected_version=programme.version
    )
    assert submission.accepted_warnings == []
