"""Sample values for URL arguments, so the permission walk (tests/test_permissions.py) can build every URL.

Each value must belong to school A and be visible to the cast's teacher (group 5a) where the page is
pupil-level. When you add a URL with a new argument name, add a sample here; the walk fails until you do.
Each entry takes the cast and returns the value.
"""


def _ouders():
    from tests.ouderbetrokkenheid import factories

    return factories


SAMPLES = {
    "brin": lambda cast: cast.school_a.brin,
    "group_id": lambda cast: cast.group_a5.pk,
    "pupil_id": lambda cast: cast.pupil_a5.pk,
    "membership_id": lambda cast: cast.mr.memberships.get().pk,
    "intervention_id": lambda cast: _catalogue_intervention().pk,
    "own_id": lambda cast: _own_intervention(cast.school_a).pk,
    "section": lambda cast: "context",  # a schoolscan section (schoolscan.models.SectionKey)
    # ouderbetrokkenheid: objects of school A, made on demand (the response is one the cast's teacher typed in).
    "survey_id": lambda cast: _ouders().sample_survey(cast).pk,
    "response_id": lambda cast: _ouders().sample_response(cast).public_id,
    "template_id": lambda cast: _ouders().sample_template(cast).pk,
    "agreement_id": lambda cast: _ouders().sample_agreement(cast).pk,
    "token": lambda cast: _ouders().sample_survey(cast).token,
    # a school's own remark theme: directeur and IB'er manage them (200), every other role gets 403
    "theme_id": lambda cast: _ouders().sample_theme(cast).pk,
    # also /bestuur/programma/<programme_id>/besluit-gmr/ (bestuur only: 200 for the board member of school A's
    # board, 403 for every school role, 404 for another board's member)
    "programme_id": lambda cast: _programma().sample_programme(cast).pk,
    "item_id": lambda cast: _programma().sample_item(cast).pk,
    "submission_id": lambda cast: _programma().sample_submission(cast).pk,
    "export_id": lambda cast: _programma().sample_export(cast).pk,
    "spending_id": lambda cast: _programma().sample_spending(cast).pk,
    # a finished background job of school A's board (its batch of PDFs)
    "job_id": lambda cast: _programma().sample_board_job(cast).pk,
    # a finished background job (a PDF) the directeur of school A started
    "school_job_id": lambda cast: _programma().sample_school_job(cast, cast.school_a, cast.director).pk,
    # a KanVAS file of school A written by a background job (management only)
    "import_job_id": lambda cast: _kanvas_import_job(cast.school_a).pk,
    # a KanVAS file the directeur of school A had checked by a background job (hers alone)
    "check_job_id": lambda cast: _kanvas_check_job(cast.school_a, cast.director).pk,
    # a survey file of school A written by a background job (management only)
    "survey_job_id": lambda cast: _survey_import_job(cast.school_a, _ouders().sample_survey(cast)).pk,
}


# The same arguments, but an object of school B (same board, same school year). The permission walk puts each of
# them, one at a time and all together, into a URL under school A's BRIN: every role of school A must get 404,
# exactly as for an id that does not exist. Arguments that are no school's object (the shared catalogue, a
# schoolscan section, a board's job, the public survey link) are listed in NOT_A_SCHOOL_OBJECT instead.
OTHER_SCHOOL_SAMPLES = {
    "group_id": lambda cast: cast.group_b5.pk,
    "pupil_id": lambda cast: cast.pupil_b5.pk,
    "membership_id": lambda cast: cast.director_b.memberships.get().pk,
    "own_id": lambda cast: _own_intervention(cast.school_b).pk,
    "survey_id": lambda cast: _survey_b(cast).pk,
    "response_id": lambda cast: _response_b(cast).public_id,
    "template_id": lambda cast: _template_b(cast).pk,
    "agreement_id": lambda cast: _agreement_b(cast).pk,
    "theme_id": lambda cast: _ouders().sample_theme(cast, school=cast.school_b).pk,
    "programme_id": lambda cast: _programme_b(cast).pk,
    "item_id": lambda cast: _item_b(cast).pk,
    "submission_id": lambda cast: _submission_b(cast).pk,
    "export_id": lambda cast: _export_b(cast).pk,
    "spending_id": lambda cast: _spending_b(cast).pk,
    "school_job_id": lambda cast: _programma().sample_school_job(cast, cast.school_b, cast.director_b).pk,
    "import_job_id": lambda cast: _kanvas_import_job(cast.school_b).pk,
    "check_job_id": lambda cast: _kanvas_check_job(cast.school_b, cast.director_b).pk,
    "survey_job_id": lambda cast: _survey_import_job(cast.school_b, _survey_b(cast)).pk,
}
NOT_A_SCHOOL_OBJECT = {"brin", "section", "intervention_id", "job_id", "token"}


def _kanvas_import_job(school):
    from npo_planner.jobs.models import Job

    existing = Job.objects.filter(school=school, kind="kanvas_import").first()
    return existing or Job.objects.create(
        kind="kanvas_import", school=school, status=Job.Status.DONE, done=2, total=2, params={"rows": 1}
    )


def _kanvas_check_job(school, user):
    from npo_planner.jobs.models import Job

    existing = Job.objects.filter(school=school, kind="kanvas_check", created_by=user).first()
    return existing or Job.objects.create(
        kind="kanvas_check",
        school=school,
        created_by=user,
        status=Job.Status.DONE,
        done=1,
        total=1,
        params={"upload": 0},
    )


def _survey_import_job(school, survey):
    from npo_planner.jobs.models import Job

    existing = Job.objects.filter(school=school, kind="survey_import", params__survey=survey.pk).first()
    return existing or Job.objects.create(
        kind="survey_import",
        school=school,
        status=Job.Status.DONE,
        done=2,
        total=2,
        params={"survey": survey.pk, "filename": "peiling.csv", "rows": 1},
    )


def _survey_b(cast):
    from ouderbetrokkenheid.models import Survey

    existing = Survey.objects.filter(school=cast.school_b, title="Peiling B").first()
    return existing or _ouders().survey_of_school_b(cast)


def _response_b(cast):
    return _survey_b(cast).responses.first()


def _template_b(cast):
    from ouderbetrokkenheid.models import SurveyTemplate
    from ouderbetrokkenheid.selectors import default_template
    from ouderbetrokkenheid.services import template_copy

    existing = SurveyTemplate.objects.filter(school=cast.school_b).first()
    return existing or template_copy(user=cast.director_b, school=cast.school_b, source=default_template())


def _agreement_b(cast):
    from ouderbetrokkenheid.models import Agreement
    from ouderbetrokkenheid.services import agreement_create

    existing = Agreement.objects.filter(school=cast.school_b).first()
    return existing or agreement_create(
        user=cast.director_b,
        school=cast.school_b,
        school_year=cast.year,
        what="Nieuwsbrief van school B",
        stages="onderbouw",
        frequency="maandelijks",
        who="directie",
        starts_on="2022-09-01",
        survey=None,
    )


def _programme_b(cast):
    return _programma().make_programme(cast.school_b, cast.year)


def _item_b(cast):
    programme = _programme_b(cast)
    return programme.items.first() or _programma().make_item(programme, name="Rekenen school B")


def _submission_b(cast):
    from npo_planner.programma.models import Submission

    return Submission.objects.get_or_create(programme=_programme_b(cast), number=1)[0]


def _spending_b(cast):
    import datetime
    from decimal import Decimal

    from npo_planner.programma.models import Spending

    item = _item_b(cast)
    return item.spendings.first() or Spending.objects.create(
        item=item,
        school_year=item.programme.first_year,
        spent_on=datetime.date(2021, 12, 1),
        amount=Decimal("100"),
    )


def _export_b(cast):
    from npo_planner.programma.models import Export

    programme = _programme_b(cast)
    pdf = b"%PDF-1.7 school B"
    return programme.exports.first() or Export.objects.create(
        programme=programme,
        programme_version=programme.version,
        status=programme.status,
        filename="school-b.pdf",
        pdf=pdf,
        size=len(pdf),
        sha256="1" * 64,
    )


def _programma():
    from tests.programma import factories

    return factories


def _catalogue_intervention():
    from menukaart.models import Intervention

    return Intervention.objects.get(code="kanjertraining", school=None)


def _own_intervention(school):
    from menukaart.models import Intervention

    return Intervention.objects.get_or_create(
        school=school, name="Eigen interventie (voorbeeld)", goal_area="C"
    )[0]


# URL names that need no login at all (public pages), by their full name.
PUBLIC = {
    "login",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "health",  # load balancer check: no data
    "logout",  # logging out needs no login; it only ends a session
    "ouderpeiling_online",  # the online parent survey, reached through its unguessable link
}

# Steps of logging in that work without a session (they need the pending login of step one).
PUBLIC |= {"two_factor_verify", "two_factor_setup"}

# Pages for any logged-in user, outside every school (own account settings).
ANY_LOGGED_IN = {
    "home",
    "password_change",
    "password_change_done",
    "two_factor_manage",
    "two_factor_recovery_codes",
    "two_factor_renew_recovery_codes",
    "two_factor_remove",
}
