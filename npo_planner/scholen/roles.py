"""The roles a user can have in a school, and handy groupings of them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    DIRECTEUR = "directeur", _("Directeur")
    IB = "ib", _("Intern begeleider")
    LEERKRACHT = "leerkracht", _("Leerkracht")
    BESTUUR = "bestuur", _("Bestuur")
    MR = "mr", _("MR-lid")


ALL_ROLES = frozenset(Role)
SCHOOL_STAFF = frozenset({Role.DIRECTEUR, Role.IB, Role.LEERKRACHT})
# Roles that may see individual pupils (a leerkracht only those of own groups).
PUPIL_LEVEL = frozenset({Role.DIRECTEUR, Role.IB, Role.LEERKRACHT})
MANAGEMENT = frozenset({Role.DIRECTEUR, Role.IB})
