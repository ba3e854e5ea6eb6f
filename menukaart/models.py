"""The menukaart: catalogue interventions with their EEF figures (and the history of those figures), NJi
recognition, and the interventions a school adds itself (judged with the checklist of seed 004)."""

import datetime
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from menukaart import checklist as checklist_rules
from npo_planner.lib.choices import choice_label
from npo_planner.scholen.goal_areas import F_RULE_SENTENCE, GoalArea

SAFE_LINK_RE = re.compile(r"^https?://[^\s<>\"']+$")


class SchoolLevel(models.TextChoices):
    PO = "po", _("Primair onderwijs")
    VO = "vo", _("Voortgezet onderwijs")
    BOTH = "po_vo", _("Primair en voortgezet onderwijs")


class NjiLevel(models.TextChoices):
    """NJi Databank Effectieve Jeugdinterventies, from its lowest level to its highest ("" = not recognised).

    "Goed beschreven" is not among them: it is a Loket Gezond Leven level (see LglLevel)."""

    NONE = "", _("Geen erkenning")
    WELL_FOUNDED = "goed_onderbouwd", _("Goed onderbouwd")
    FIRST = "eerste_aanwijzingen", _("Effectief volgens eerste aanwijzingen")
    GOOD = "goede_aanwijzingen", _("Effectief volgens goede aanwijzingen")
    STRONG = "sterke_aanwijzingen", _("Effectief volgens sterke aanwijzingen")


class LglLevel(models.TextChoices):
    """Loket Gezond Leven, kept apart from the NJi level: "goed beschreven" is judged by practitioners."""

    NONE = "", _("Geen beoordeling")
    WELL_DESCRIBED = "goed_beschreven", _("Goed beschreven")
    WELL_FOUNDED = "goed_onderbouwd", _("Goed onderbouwd")
    FIRST = "eerste_aanwijzingen", _("Effectief volgens eerste aanwijzingen")
    GOOD = "goede_aanwijzingen", _("Effectief volgens goede aanwijzingen")
    STRONG = "sterke_aanwijzingen", _("Effectief volgens sterke aanwijzingen")


# A recognition is re-assessed after this many years (nji.nl, erkenningsprocedure).
RECOGNITION_YEARS = 5

# Ordered from lowest to highest, for "at least this level" filters and ranking.
NJI_ORDER: list[str] = [
    NjiLevel.WELL_FOUNDED,
    NjiLevel.FIRST,
    NjiLevel.GOOD,
    NjiLevel.STRONG,
]


class Intervention(models.Model):
    """One intervention. `school` empty: a menukaart (catalogue) item; set: that school's own intervention.

    The figure fields hold the newest figures; every published set (with its source and date) is kept in
    InterventionFigures, so the 2021 figures stay on record after the 2022 update.
    """

    on_edition: bool  # not a field: set by selectors.intervention_for_school (on that school year's edition)

    school = models.ForeignKey(
        "scholen.School",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="own_interventions",
        verbose_name=_("school (leeg = menukaart)"),
    )
    code = models.SlugField(
        _("code"), max_length=60, blank=True, help_text=_("Vaste sleutel van een menukaart-item (CSV).")
    )
    goal_area = models.CharField(_("doelgebied"), max_length=1, choices=GoalArea)
    combined_with = models.CharField(
        _("in combinatie met doelgebied"),
        max_length=1,
        blank=True,
        choices=[(c.value, c.label) for c in GoalArea if c != GoalArea.F],
        help_text=F_RULE_SENTENCE,
    )
    name = models.CharField(_("naam"), max_length=200)
    summary = models.CharField(_("samenvatting"), max_length=500, blank=True)
    description = models.TextField(_("beschrijving"), blank=True)
    school_type = models.CharField(
        _("schoolsoort"), max_length=5, choices=SchoolLevel, default=SchoolLevel.BOTH
    )

    impact_months = models.SmallIntegerField(
        _("impact (maanden)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-12), MaxValueValidator(24)],
        help_text=_("Maanden extra vooruitgang volgens de EEF; leeg = onbekend."),
    )
    evidence = models.PositiveSmallIntegerField(
        _("bewijskracht (0–5)"), null=True, blank=True, validators=[MaxValueValidator(5)]
    )
    cost = models.PositiveSmallIntegerField(
        _("kosten (1–5)"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    figures_source = models.CharField(_("bron van de cijfers"), max_length=300, blank=True)
    figures_date = models.DateField(
        _("datum van de cijfers"),
        null=True,
        blank=True,
        help_text=_("De datum waarop de menukaart-editie inging (de update van 2022: 1 april 2022)."),
    )
    subjects = models.CharField(
        _("onderwerpen"),
        max_length=200,
        blank=True,
        help_text=_("Waar de interventie voor dient, gescheiden door komma's (bijv. lezen, rekenen)."),
    )

    nji_level = models.CharField(_("NJi-erkenning"), max_length=20, blank=True, choices=NjiLevel)
    nji_date = models.DateField(_("datum erkenning"), null=True, blank=True)
    nji_source = models.CharField(_("bron erkenning"), max_length=300, blank=True)
    nji_summary = models.TextField(
        _("samenvatting van het NJi"), blank=True, help_text=_("Wat het NJi zelf over de effecten schrijft.")
    )
    lgl_level = models.CharField(
        _("beoordeling Loket Gezond Leven"), max_length=20, blank=True, choices=LglLevel
    )
    lgl_source = models.CharField(_("bron Loket Gezond Leven"), max_length=300, blank=True)
    supplier_text = models.TextField(
        _("tekst van de aanbieder"),
        blank=True,
        help_text=_("Wat de aanbieder zelf zegt; de site toont het als ‘volgens de aanbieder’."),
    )

    asks_staff = models.TextField(_("vraagt aan personeel"), blank=True)
    asks_time = models.TextField(_("vraagt aan tijd"), blank=True)
    asks_space = models.TextField(_("vraagt aan ruimte"), blank=True)
    practical = models.TextField(_("praktische handvatten"), blank=True)
    npo_may_pay = models.TextField(_("wat NPO-geld mag betalen"), blank=True)
    links = models.TextField(_("links"), blank=True, help_text=_("Eén adres per regel."))

    checklist = models.JSONField(_("checklist"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("interventie")
        verbose_name_plural = _("interventies")
        ordering = ["goal_area", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=Q(school__isnull=True), name="intervention_unique_catalogue_code"
            ),
            models.CheckConstraint(
                condition=Q(evidence__isnull=True) | Q(evidence__lte=5),
                name="intervention_evidence_0_5",
                violation_error_message=_("De bewijskracht is 0 tot en met 5."),
            ),
            models.CheckConstraint(
                condition=Q(cost__isnull=True) | Q(cost__gte=1, cost__lte=5),
                name="intervention_cost_1_5",
                violation_error_message=_("De kosten zijn 1 tot en met 5."),
            ),
        ]
        indexes = [models.Index(fields=["school", "goal_area"])]

    def __str__(self):
        return self.name

    # The menukaart shows these per row: cheaper than Django's get_FOO_display (npo_planner/lib/choices.py).
    def get_goal_area_display(self) -> str:
        return choice_label(GoalArea, self.goal_area)

    def get_nji_level_display(self) -> str:
        return choice_label(NjiLevel, self.nji_level)

    def get_lgl_level_display(self) -> str:
        return choice_label(LglLevel, self.lgl_level)

    @property
    def is_own(self) -> bool:
        return self.school_id is not None

    @property
    def link_list(self) -> list[str]:
        """The links that are web addresses (anything else is never rendered as a link)."""
        return [line.strip() for line in self.links.splitlines() if SAFE_LINK_RE.match(line.strip())]

    @property
    def subject_list(self) -> list[str]:
        return [part.strip() for part in self.subjects.split(",") if part.strip()]

    @property
    def recognition_due(self) -> datetime.date | None:
        """The day the NJi recognition is due for re-assessment (five years after it), None without one."""
        if not self.nji_level or self.nji_date is None:
            return None
        try:
            return self.nji_date.replace(year=self.nji_date.year + RECOGNITION_YEARS)
        except ValueError:  # 29 February
            return self.nji_date.replace(year=self.nji_date.year + RECOGNITION_YEARS, day=28)

    def needs_reassessment(self, today: datetime.date) -> bool:
        """True when the recognition is older than five years on `today` ("herbeoordeling nodig")."""
        due = self.recognition_due
        return due is not None and today > due

    @property
    def checklist_result(self) -> checklist_rules.Result:
        return checklist_rules.evaluate(self.checklist)

    def clean(self):
        errors = {}
        if self.school_id is None and not self.code:
            errors["code"] = _("Een menukaart-item heeft een code nodig.")
        if self.goal_area == GoalArea.F and self.is_own and not self.combined_with:
            errors["combined_with"] = _("Kies met welk doelgebied (A–E) deze faciliteit wordt gecombineerd.")
        if self.goal_area != GoalArea.F and self.combined_with:
            errors["combined_with"] = _("Alleen doelgebied F wordt met een ander doelgebied gecombineerd.")
        bad_links = [
            line.strip()
            for line in (self.links or "").splitlines()
            if line.strip() and not SAFE_LINK_RE.match(line.strip())
        ]
        if bad_links:
            errors["links"] = _("Geef per regel één webadres dat begint met https:// (niet: %(link)s).") % {
                "link": bad_links[0][:60]
            }
        if self.is_own:
            problems = checklist_rules.validate(self.checklist)
            if problems:
                errors["checklist"] = problems
        if errors:
            raise ValidationError(errors)


class InterventionFigures(models.Model):
    """One published set of EEF figures for a catalogue item, with its source and date (kept, never overwritten)."""

    intervention = models.ForeignKey(Intervention, on_delete=models.CASCADE, related_name="figure_sets")
    impact_months = models.SmallIntegerField(_("impact (maanden)"), null=True, blank=True)
    evidence = models.PositiveSmallIntegerField(_("bewijskracht (0–5)"), null=True, blank=True)
    cost = models.PositiveSmallIntegerField(_("kosten (1–5)"), null=True, blank=True)
    cost_source = models.CharField(
        _("bron van de kosten"),
        max_length=300,
        blank=True,
        help_text=_("Alleen als de kosten uit een andere bron komen dan de rest (bijv. de EEF-pagina)."),
    )
    source = models.CharField(_("bron"), max_length=300)
    date = models.DateField(
        _("datum"),
        help_text=_(
            "De datum waarop deze editie inging; de menukaart van een schooljaar toont de editie die toen gold."
        ),
    )

    class Meta:
        verbose_name = _("cijferset")
        verbose_name_plural = _("cijfersets")
        ordering = ["intervention", "-date"]
        constraints = [
            models.UniqueConstraint(fields=["intervention", "date"], name="figures_one_set_per_date")
        ]

    def __str__(self):
        return f"{self.intervention} ({self.date:%Y})"


class ConsideredIntervention(models.Model):
    """An intervention the school has put on its shortlist for a school year (the programme picks from it)."""

    school = models.ForeignKey("scholen.School", on_delete=models.CASCADE, related_name="+")
    school_year = models.ForeignKey("scholen.SchoolYear", on_delete=models.CASCADE, related_name="+")
    intervention = models.ForeignKey(Intervention, on_delete=models.CASCADE, related_name="considered_by")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("overwogen interventie")
        verbose_name_plural = _("overwogen interventies")
        constraints = [
            models.UniqueConstraint(
                fields=["school", "school_year", "intervention"], name="considered_once_per_year"
            )
        ]

    def __str__(self):
        return f"{self.intervention_id} @ {self.school_id}/{self.school_year_id}"
