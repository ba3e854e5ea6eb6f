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
}


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
