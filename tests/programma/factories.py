"""Test data for the programme: a programme of school A over 2021-2022 and 2022-2023 with one item."""

import datetime
from decimal import Decimal

from npo_planner.programma.models import Export, Item, Programme, Spending, Submission
from tests.factories import SchoolYearFactory


def second_year():
    return SchoolYearFactory(
        label="2022-2023",
        npo_per_pupil="500.00",
        npo_per_pupil_special="500.00",
        npo_per_pupil_so="500.00",
        npo_per_disadvantage_unit="463.78",
    )


def make_programme(school, year, **fields) -> Programme:
    programme, _created = Programme.objects.get_or_create(
        school=school, first_year=year, defaults={"second_year": second_year(), **fields}
    )
    return programme


def item_values(**overrides) -> dict:
    values = {
        "name": "Begrijpend lezen",
        "goal_area": "B",
        "goal": "75% haalt het niveau van het leerjaar.",
        "target_groups": "5a, 6a",
        "starts_on": datetime.date(2021, 9, 1),
        "ends_on": datetime.date(2023, 6, 30),
        "cost_first_year": Decimal("1000"),
        "cost_second_year": Decimal("500"),
        "responsible": "Taalcoördinator",
        "evaluation_method": "LVS midden- en eindtoets",
        "evaluation_moment": "juni",
    }
    values.update(overrides)
    return values


def make_item(programme, **overrides) -> Item:
    item = Item(programme=programme, **item_values(**overrides))
    item.full_clean()
    item.save()
    return item


# Samples for tests/url_samples.py (school A of the cast).
def sample_programme(cast) -> Programme:
    return make_programme(cast.school_a, cast.year)


def sample_item(cast) -> Item:
    programme = sample_programme(cast)
    return programme.items.first() or make_item(programme)


def sample_spending(cast) -> Spending:
    item = sample_item(cast)
    return item.spendings.first() or Spending.objects.create(
        item=item,
        school_year=item.programme.first_year,
        spent_on=datetime.date(2021, 12, 1),
        amount=Decimal("100"),
    )


def sample_submission(cast) -> Submission:
    programme = sample_programme(cast)
    submission, _created = Submission.objects.get_or_create(programme=programme, number=1)
    return submission


def sample_export(cast) -> Export:
    programme = sample_programme(cast)
    export = programme.exports.first()
    if export is None:
        pdf = b"%PDF-1.7 test"
        export = Export.objects.create(
            programme=programme,
            programme_version=programme.version,
            status=programme.status,
            filename="test.pdf",
            pdf=pdf,
            size=len(pdf),
            sha256="0" * 64,
        )
    return export


# The tests' decisions are dated in autumn 2021: their versions are submitted before that, as a school would.
SUBMITTED_AT = datetime.datetime(2021, 9, 28, 15, 0, tzinfo=datetime.UTC)


def submit(programme, user, *, accept_warnings: bool = True, at=SUBMITTED_AT) -> Submission:
    """Send the programme for consent as the directeur does: confirming every warning shown (unless told not to),
    and dated `at` (a decision cannot be dated before its version was submitted)."""
    from npo_planner.programma import selectors, services

    programme.refresh_from_db()
    keys = []
    if accept_warnings:
        budget = selectors.programme_budget(programme=programme, items=list(programme.items.all()))
        keys = [w.key for w in selectors.submit_warnings(programme=programme, budget=budget)]
    submission = services.programme_submit(
        programme=programme, user=user, expected_version=programme.version, accepted_warnings=keys
    )
    Submission.objects.filter(pk=submission.pk).update(submitted_at=at)
    submission.submitted_at = at
    return submission


def sample_board_job(cast):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from npo_planner.jobs.models import Job

    job = Job.objects.create(kind="board_pdfs", board=cast.school_a.board, params={"label": cast.year.label})
    path = default_storage.save(f"jobs/{job.pk}/schoolprogrammas.zip", ContentFile(b"PK"))
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.DONE, done=1, total=1, result_path=path, result_filename="schoolprogrammas.zip"
    )
    return job


def sample_school_job(cast, school, user):
    """A finished job of `school` (one programme PDF) started by `user`."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from npo_planner.jobs.models import Job

    job = Job.objects.filter(school=school, created_by=user).first()
    if job is not None:
        return job
    job = Job.objects.create(kind="programme_pdf", school=school, created_by=user, params={"programme": 0})
    path = default_storage.save(f"jobs/{job.pk}/schoolprogramma.pdf", ContentFile(b"%PDF-1.7 test"))
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.DONE, done=1, total=1, result_path=path, result_filename="schoolprogramma.pdf"
    )
    return job
