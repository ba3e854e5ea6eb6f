import datetime

import pytest
from django.core.exceptions import ValidationError

from npo_planner.programma import services
from npo_planner.programma.models import Programme, Submission
from npo_planner.scholen.models import AuditEntry
from tests.programma.factories import item_values, make_programme


@pytest.fixture
def programme(cast):
    return make_programme(cast.school_a, cast.year)


def add_item(programme, user, **overrides):
    programme.refresh_from_db()
    return services.item_create(
        programme=programme, user=user, expected_version=programme.version, **item_values(**overrides)
    )


def submit(programme, user):
    programme.refresh_from_db()
    return services.programme_submit(programme=programme, user=user, expected_version=programme.version)


def decide(programme, user, consent=True):
    programme.refresh_from_db()
    return services.programme_decide(
        programme=programme,
        user=user,
        expected_version=programme.version,
        consent=consent,
        decided_on=datetime.date(2021, 10, 12),
        remarks="Akkoord",
    )


def test_programme_create_spans_two_years_and_is_audited(cast):
    second = make_programme(cast.school_b, cast.year).second_year
    programme = services.programme_create(
        school=cast.school_a, first_year=cast.year, second_year=second, user=cast.director
    )
    assert programme.status == Programme.Status.CONCEPT
    assert programme.years_label == "2021-2022 en 2022-2023"
    assert AuditEntry.objects.filter(school=cast.school_a, action="programme.create").exists()


def test_second_year_must_follow_the_first(cast, programme):
    with pytest.raises(ValidationError):
        services.programme_create(
            school=cast.school_b, first_year=programme.second_year, second_year=cast.year, user=cast.director
        )


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
    assert submission.snapshot["items"][0]["cost_first_year"] == "1000.00"

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
        item=item, user=cast.director, expected_version=programme.version, name="Nieuwe naam"
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
        programme=programme, user=cast.director, expected_version=programme.version, summary="x"
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
    with pytest.raises(services.StaleVersionError):
        services.programme_update(
            programme=programme, user=cast.director, expected_version=seen, title="Tweede"
        )
    with pytest.raises(services.StaleVersionError):
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
