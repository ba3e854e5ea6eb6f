import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from npo_planner.lib.edit_conflict import EditConflict
from npo_planner.programma import services
from npo_planner.programma.models import Council, Programme, Submission
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
    programme, user, consent=True, council=Council.MR, day=datetime.date(2021, 10, 12), remarks="Akkoord"
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


def test_programme_create_spans_two_years_and_is_audited(cast):
    second = make_programme(cast.school_b, cast.year).last_year
    programme = services.programme_create(
        school=cast.school_a, first_year=cast.year, last_year=second, user=cast.director
    )
    assert programme.status == Programme.Status.CONCEPT
    assert programme.years_label == "2021-2022 en 2022-2023"
    assert AuditEntry.objects.filter(school=cast.school_a, action="programme.create").exists()


def test_last_year_must_not_come_before_the_first(cast, programme):
    with pytest.raises(ValidationError):
        services.programme_create(
            school=cast.school_b, first_year=programme.last_year, last_year=cast.year, user=cast.director
        )


def test_a_programme_lies_within_its_streams_spending_window(cast):
    from tests.factories import SchoolYearFactory

    outside = SchoolYearFactory(label="2025-2026")
    with pytest.raises(ValidationError, match="bestedingstermijn"):
        services.programme_create(
            school=cast.school_a, first_year=cast.year, last_year=outside, user=cast.director
        )
    one_year = services.programme_create(
        school=cast.school_a, first_year=cast.year, last_year=cast.year, user=cast.director
    )
    assert one_year.year_labels == ["2021-2022"] and one_year.years_label == "2021-2022"


def test_item_dates_must_lie_within_the_programme(cast, programme):
    with pytest.raises(ValidationError):
        add_item(programme, cast.director, ends_on=datetime.date(2023, 8, 1))
    with pytest.raises(ValidationError):
        add_item(
            programme, cast.director, starts_on=datetime.date(2022, 1, 1), ends_on=datetime.date(2021, 12, 1)
        )


def test_submit_then_consent_makes_the_programme_vastgesteld_with_a_frozen_version(cast, programme):
    add_item(programme, cast.director, name="Kanjertraining", goal_area="C")
    submission = submit(programme, cast.director)
    programme.refresh_from_db()
    assert programme.status == Programme.Status.SUBMITTED
    assert submission.number == 1
    assert submission.snapshot["items"][0]["name"] == "Kanjertraining"
    assert submission.snapshot["items"][0]["year_costs"] == {"2021-2022": "1000.00", "2022-2023": "500.00"}

    decided = decide(programme, cast.mr)
    programme.refresh_from_db()
    assert programme.status == Programme.Status.APPROVED
    assert decided.decision == Submission.Decision.CONSENT
    assert decided.decided_by == cast.mr
    assert decided.decided_on == datetime.date(2021, 10, 12)
    actions = set(AuditEntry.objects.filter(school=cast.school_a).values_list("action", flat=True))
    assert {"programme.submit", "programme.decide", "programme.item_create"} <= actions


def test_refusal_sends_the_programme_back_to_concept(cast, programme):
    add_item(programme, cast.director)
    submit(programme, cast.director)
    decided = decide(programme, cast.mr, consent=False)
    programme.refresh_from_db()
    assert decided.decision == Submission.Decision.REFUSED
    assert programme.status == Programme.Status.CONCEPT


def test_change_after_consent_needs_consent_again_and_keeps_the_old_version_readable(cast, programme):
    item = add_item(programme, cast.director, name="Oude naam")
    submit(programme, cast.director)
    decide(programme, cast.mr)
    programme.refresh_from_db()
    services.item_update(
        item=item,
        user=cast.director,
        expected_version=programme.version,
        confirm_reopen=True,
        name="Nieuwe naam",
    )
    programme.refresh_from_db()
    assert programme.status == Programme.Status.CONCEPT
    first = programme.submissions.get(number=1)
    assert first.decision == Submission.Decision.CONSENT
    assert first.snapshot["items"][0]["name"] == "Oude naam"
    assert AuditEntry.objects.filter(action="programme.reopen").exists()

    second = submit(programme, cast.director)
    assert second.number == 2
    assert second.snapshot["items"][0]["name"] == "Nieuwe naam"


def test_change_while_at_the_mr_withdraws_that_version(cast, programme):
    add_item(programme, cast.director)
    submit(programme, cast.director)
    programme.refresh_from_db()
    services.programme_update(
        programme=programme,
        user=cast.director,
        expected_version=programme.version,
        confirm_reopen=True,
        summary="x",
    )
    assert programme.submissions.get(number=1).decision == Submission.Decision.WITHDRAWN
    programme.refresh_from_db()
    with pytest.raises(ValidationError):
        decide(programme, cast.mr)


def test_empty_programme_cannot_be_submitted_and_concept_cannot_be_decided(cast, programme):
    with pytest.raises(ValidationError):
        submit(programme, cast.director)
    with pytest.raises(ValidationError):
        decide(programme, cast.mr)


def test_stale_version_is_refused_and_nothing_is_written(cast, programme):
    programme.refresh_from_db()
    seen = programme.version
    services.programme_update(programme=programme, user=cast.director, expected_version=seen, title="Eerste")
    with pytest.raises(EditConflict):
        services.programme_update(
            programme=programme, user=cast.director, expected_version=seen, title="Tweede"
        )
    with pytest.raises(EditConflict):
        services.item_create(programme=programme, user=cast.director, expected_version=seen, **item_values())
    programme.refresh_from_db()
    assert programme.title == "Eerste"
    assert programme.items.count() == 0


def test_item_delete_bumps_the_version_and_is_audited(cast, programme):
    item = add_item(programme, cast.director)
    programme.refresh_from_db()
    before = programme.version
    services.item_delete(item=item, user=cast.director, expected_version=before)
    programme.refresh_from_db()
    assert programme.version == before + 1
    assert not programme.items.exists()
    assert AuditEntry.objects.filter(action="programme.item_delete").exists()


# --- the GMR route: money spent above school level needs the GMR's consent too --------------------------------


def gmr_decide(programme, user, consent=True):
    remarks = "GMR akkoord" if consent else "Eerst overleg met de andere scholen"
    return decide(programme, user, consent, Council.GMR, datetime.date(2021, 11, 2), remarks)


def status_of(programme):
    programme.refresh_from_db()
    return programme.status


@pytest.fixture
def above(cast, programme):
    """A programme with one item spent at school level and one above it, submitted."""
    add_item(programme, cast.director)
    add_item(programme, cast.director, name="Bovenschoolse rekenspecialist", above_school_level=True)
    submit(programme, cast.director)
    return programme


def test_needs_gmr_is_frozen_at_submission(cast, programme):
    item = add_item(programme, cast.director)
    first = submit(programme, cast.director)
    assert first.needs_gmr is False
    programme.refresh_from_db()
    services.item_update(
        item=item,
        user=cast.director,
        expected_version=programme.version,
        confirm_reopen=True,
        above_school_level=True,
    )
    first.refresh_from_db()
    assert first.needs_gmr is False  # the earlier version keeps what it was submitted with
    second = submit(programme, cast.director)
    assert second.needs_gmr is True
    assert second.snapshot["items"][0]["above_school_level"] is True
    entry = AuditEntry.objects.filter(action="programme.submit").latest("id")
    assert entry.data == {"needs_gmr": True, "accepted_warnings": []}
    assert "aan de MR en de GMR voorgelegd" in entry.summary


def test_without_money_above_school_level_the_mr_alone_decides_and_the_gmr_cannot(cast, programme):
    add_item(programme, cast.director)
    submit(programme, cast.director)
    with pytest.raises(ValidationError, match="geen versie ter instemming bij de GMR"):
        gmr_decide(programme, cast.board_member)
    decide(programme, cast.mr)
    assert status_of(programme) == Programme.Status.APPROVED


def test_mr_then_gmr_consent_makes_the_programme_vastgesteld(cast, above):
    after_mr = decide(above, cast.mr)
    assert status_of(above) == Programme.Status.SUBMITTED
    assert after_mr.awaited == [Council.GMR]
    with pytest.raises(ValidationError, match="geen versie ter instemming bij de MR"):
        decide(above, cast.mr)  # the MR decided already
    after_gmr = gmr_decide(above, cast.board_member)
    assert status_of(above) == Programme.Status.APPROVED
    assert (after_gmr.decision, after_gmr.gmr_decision) == ("instemming", "instemming")
    assert (after_gmr.gmr_decided_by, after_gmr.gmr_decided_on) == (
        cast.board_member,
        datetime.date(2021, 11, 2),
    )
    assert after_gmr.gmr_remarks == "GMR akkoord" and after_gmr.remarks == "Akkoord"
    entry = AuditEntry.objects.get(action="programme.gmr_decide")
    assert (entry.school, entry.user) == (cast.school_a, cast.board_member)
    assert entry.summary == "GMR-besluit over versie 1: Instemming"
    assert entry.data["status"] == Programme.Status.APPROVED


def test_gmr_then_mr_consent_makes_the_programme_vastgesteld(cast, above):
    after_gmr = gmr_decide(above, cast.board_member)
    assert status_of(above) == Programme.Status.SUBMITTED
    assert after_gmr.awaited == [Council.MR]
    decide(above, cast.mr)
    assert status_of(above) == Programme.Status.APPROVED


@pytest.mark.parametrize("first", ["mr", "gmr"])
@pytest.mark.parametrize("refusing", ["mr", "gmr"])
def test_a_refusal_by_either_council_sends_the_programme_back_to_concept(cast, above, first, refusing):
    """In either order: the refusal ends this version; a decision still awaited from the other council lapses."""
    deciders = {
        "mr": lambda consent: decide(above, cast.mr, consent=consent),
        "gmr": lambda consent: gmr_decide(above, cast.board_member, consent=consent),
    }
    if first != refusing:
        deciders[first](True)
    submission = deciders[refusing](False)
    assert status_of(above) == Programme.Status.CONCEPT
    decisions = {"mr": submission.decision, "gmr": submission.gmr_decision}
    assert decisions[refusing] == Submission.Decision.REFUSED
    other = "gmr" if refusing == "mr" else "mr"
    assert decisions[other] == (Submission.Decision.CONSENT if first == other else Submission.Decision.LAPSED)
    assert submission.awaited == []
    with pytest.raises(ValidationError):
        deciders[other](True)  # nothing left to decide on this version
    assert submit(above, cast.director).number == 2  # the director can submit a new version


def test_a_change_after_one_councils_consent_withdraws_the_version(cast, above):
    decide(above, cast.mr)
    above.refresh_from_db()
    services.programme_update(
        programme=above, user=cast.director, expected_version=above.version, confirm_reopen=True, title="X"
    )
    submission = above.submissions.get(number=1)
    assert status_of(above) == Programme.Status.CONCEPT
    assert submission.decision == Submission.Decision.CONSENT  # the MR's consent stays on record
    assert submission.gmr_decision == Submission.Decision.WITHDRAWN
    with pytest.raises(ValidationError):
        gmr_decide(above, cast.board_member)
    assert "opnieuw instemming nodig" in AuditEntry.objects.get(action="programme.reopen").summary


def test_a_change_before_any_decision_withdraws_both(cast, above):
    above.refresh_from_db()
    item = above.items.get(name="Bovenschoolse rekenspecialist")
    services.item_delete(item=item, user=cast.director, expected_version=above.version, confirm_reopen=True)
    submission = above.submissions.get(number=1)
    assert (submission.decision, submission.gmr_decision) == ("ingetrokken", "ingetrokken")
    assert submit(above, cast.director).needs_gmr is False


def test_a_stale_gmr_decision_is_refused_and_nothing_is_written(cast, above):
    above.refresh_from_db()
    seen = above.version
    decide(above, cast.mr)  # the MR decided in the meantime: the version moved on
    with pytest.raises(EditConflict):
        services.programme_decide(
            programme=above,
            user=cast.board_member,
            expected_version=seen,
            consent=True,
            decided_on=datetime.date(2021, 11, 2),
            council=Council.GMR,
        )
    assert above.submissions.get().gmr_decision == Submission.Decision.PENDING
    assert not AuditEntry.objects.filter(action="programme.gmr_decide").exists()


def test_only_a_board_member_of_the_schools_own_board_records_the_gmr_decision(cast, above):
    for user in (cast.board_member_other, cast.mr, cast.director, cast.director_b):
        with pytest.raises(PermissionDenied):
            gmr_decide(above, user)
    assert above.submissions.get().gmr_decision == Submission.Decision.PENDING
    assert status_of(above) == Programme.Status.SUBMITTED
    assert not AuditEntry.objects.filter(action="programme.gmr_decide").exists()


def test_a_version_that_needs_no_gmr_cannot_hold_a_gmr_decision(cast, programme):
    add_item(programme, cast.director)
    submission = submit(programme, cast.director)
    submission.gmr_decision = Submission.Decision.CONSENT
    with pytest.raises(ValidationError, match="geen instemming van de GMR nodig"):
        submission.full_clean()
