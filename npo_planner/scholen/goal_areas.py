"""The menukaart's goal areas A–F (DOMAIN.md): one definition for the menukaart, the scan and the programme."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class GoalArea(models.TextChoices):
    A = "A", _("Meer onderwijs(tijd)")
    B = "B", _("Effectievere inzet van onderwijs")
    C = "C", _("Sociaal-emotionele en fysieke ontwikkeling")
    D = "D", _("Executieve functies")
    E = "E", _("(Extra) inzet van personeel en ondersteuning")
    F = "F", _("Faciliteiten en randvoorwaarden")  # only in combination with A–E: F_RULE


class LetteredGoalArea(models.TextChoices):
    """The same areas with their letter in the label, for forms and tables where the letter is the handle."""

    A = "A", _("A – Meer onderwijs(tijd)")
    B = "B", _("B – Effectievere inzet van onderwijs")
    C = "C", _("C – Sociaal-emotionele en fysieke ontwikkeling")
    D = "D", _("D – Executieve functies")
    E = "E", _("E – (Extra) inzet van personeel en ondersteuning")
    F = "F", _("F – Faciliteiten en randvoorwaarden")


# The menukaart's rule for goal area F, in one wording wherever the product states it (menukaart, keuzehulp,
# the programme's warning, the form's help): F is not chosen on its own.
F_RULE = _("alleen in combinatie met interventies uit A t/m E")
F_RULE_SENTENCE = _(
    "Doelgebied F (Faciliteiten en randvoorwaarden) alleen in combinatie met interventies uit A t/m E."
)
