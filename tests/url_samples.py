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
    # ouderbetrokkenheid: objects of school A, made on demand (the response is one the cast's teacher typed in).
    "survey_id": lambda cast: _ouders().sample_survey(cast).pk,
    "response_id": lambda cast: _ouders().sample_response(cast).pk,
    "template_id": lambda cast: _ouders().sample_template(cast).pk,
    "agreement_id": lambda cast: _ouders().sample_agreement(cast).pk,
    "token": lambda cast: _ouders().sample_survey(cast).token,
}

# URL names that need no login at all (public pages), by their full name.
PUBLIC = {
    "login",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "logout",  # logging out needs no login; it only ends a session
    "ouderpeiling_online",  # the online parent survey, reached through its unguessable link
}
