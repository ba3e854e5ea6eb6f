"""Sample values for URL arguments, so the permission walk (tests/test_permissions.py) can build every URL.

Each value must belong to school A and be visible to the cast's teacher (group 5a) where the page is
pupil-level. When you add a URL with a new argument name, add a sample here; the walk fails until you do.
Each entry takes the cast and returns the value.
"""

SAMPLES = {
    "brin": lambda cast: cast.school_a.brin,
    "group_id": lambda cast: cast.group_a5.pk,
    "pupil_id": lambda cast: cast.pupil_a5.pk,
    "programme_id": lambda cast: _programma().sample_programme(cast).pk,
    "item_id": lambda cast: _programma().sample_item(cast).pk,
    "submission_id": lambda cast: _programma().sample_submission(cast).pk,
    "export_id": lambda cast: _programma().sample_export(cast).pk,
}


def _programma():
    from tests.programma import factories

    return factories


# URL names that need no login at all (public pages), by their full name.
PUBLIC = {
    "login",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "logout",  # logging out needs no login; it only ends a session
}
