"""The schoolscan: one scan per school and school year (with numbered versions), in six sections.

Numbers other apps read (pupils per grade, achterstandsscore, priorities) live in proper columns; free-text
analyses are text fields. Each section has a `ScanSection` row that carries its version number (optimistic
locking), whether it is complete, and who saved it last.
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from npo_planner.lib.stored_pdf import StoredPdf
from npo_planner.scholen.goal_areas import LetteredGoalArea as GoalArea
from npo_planner.scholen.models import School, SchoolYear

# "5", a range "5-6", or a combination group "5/6" (one group, several grades)
GRADES_RE = re.compile(r"^([1-8])(?:[-/]([1-8]))?$")


class Status(models.TextChoices):
    CONCEPT = "concept", _("Concept")
    VASTGESTELD = "vastgesteld", _("Vastgesteld")


class SectionKey(models.TextChoices):
    """The six sections, in the order of the scan."""

    CONTEXT = "context", _("Context van de school")
    COGNITIVE = "cognitief", _("Cognitieve ontwikkeling")
    WELLBEING = "sociaal-emotioneel", _("Sociaal-emotionele ontwikkeling en welbevinden")
    EXECUTIVE = "executief", _("Executieve functies")
    CONDITIONS = "randvoorwaarden", _("Basisvoorwaarden")
    CONCLUSIONS = "conclusies", _("Conclusies en speerpunten")


class Scan(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="scans")
    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, related_name="scans")
    number = models.PositiveSmallIntegerField(_("versie"), default=1)
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.CONCEPT)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    copied_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kopie van"),
    )
    established_at = models.DateTimeField(_("vastgesteld op"), null=True, blank=True)
    established_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The KanVAS measurement moments the scan draws on (labels such as 2022-voorjaar), chosen by the directeur.
    # Empty: the proposal (kanvas_adapter.proposed_moments). Establishing stores what the scan used.
    kanvas_moment = models.CharField(_("KanVAS-meetmoment"), max_length=20, blank=True)
    kanvas_compare = models.CharField(_("vergeleken met meetmoment"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("schoolscan")
        verbose_name_plural = _("schoolscans")
        ordering = ["school", "school_year__start", "number"]
        constraints = [
            models.UniqueConstraint(fields=["school", "school_year", "number"], name="scan_unique_number"),
            models.CheckConstraint(
                condition=Q(status="concept") | Q(established_at__isnull=False),
                name="scan_established_has_date",
                violation_error_message=_("Een vastgestelde schoolscan heeft een datum van vaststelling."),
            ),
        ]

    def __str__(self):
        return _("Schoolscan %(brin)s %(year)s v%(n)s") % {
            "brin": self.school.brin,
            "year": self.school_year.label,
            "n": self.number,
        }

    @property
    def is_editable(self) -> bool:
        return self.status == Status.CONCEPT


class ScanSection(models.Model):
    """The bookkeeping of one section: version (optimistic locking), completeness, last change."""

    scan = models.ForeignKey(Scan, on_delete=models.CASCADE, related_name="sections")
    key = models.CharField(_("onderdeel"), max_length=20, choices=SectionKey)
    version = models.PositiveIntegerField(default=0)
    missing = models.JSONField(default=list, blank=True)  # field names still to fill in for completeness
    updated_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("onderdeel van de schoolscan")
        verbose_name_plural = _("onderdelen van de schoolscan")
        constraints = [models.UniqueConstraint(fields=["scan", "key"], name="scansection_unique_key")]

    def __str__(self):
        return f"{self.scan} – {self.get_key_display()}"

    @property
    def complete(self) -> bool:
        return not self.missing


def _nonneg(max_value):
    return [
        MinValueValidator(0, _("Vul een getal van 0 of meer in.")),
        MaxValueValidator(max_value, _("Vul een getal van hoogstens %(limit_value)s in.")),
    ]


class ScanContext(models.Model):
    """Section 1: pupils per grade, population, achterstandsscore (the NPO budget basis)."""

    scan = models.OneToOneField(Scan, on_delete=models.CASCADE, related_name="context")
    pupils_1 = models.PositiveSmallIntegerField(
        _("leerlingen groep 1"), null=True, blank=True, validators=_nonneg(500)
    )
    pupils_2 = models.PositiveSmallIntegerField(
        _("leerlingen groep 2"), null=True, blank=True, validators=_nonneg(500)
    )
    pupils_3 = models.PositiveSmallIntegerField(
        _("leerlingen groep 3"), null=True, blank=True, validators=_nonneg(500)
    )
    pupils_4 = models.PositiveSmallIntegerField(
        _("leerlingen groep 4"), null=True, blank=True, validators=_nonneg(500)
    )
    pupils_5 = models.PositiveSmallIntegerField(
        _("leerlingen groep 5"), null=True, blank=True, validators=_nonneg(500)
    )
    pupils_6 = models.PositiveSmallIntegerField(
        _("leerlingen groep 6"), null=True, blank=True, validators=_nonneg(500)
    )
    pupils_7 = models.PositiveSmallIntegerField(
        _("leerlingen groep 7"), null=True, blank=True, validators=_nonneg(500)
    )
    pupils_8 = models.PositiveSmallIntegerField(
        _("leerlingen groep 8"), null=True, blank=True, validators=_nonneg(500)
    )
    population = models.TextField(
        _("leerlingpopulatie"),
        blank=True,
        help_text=_("Bijvoorbeeld: opleidingsniveau van ouders, thuistaal, wijk, instroom en uitstroom."),
    )
    disadvantage_units = models.DecimalField(
        _("eenheden achterstandsscore"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=_nonneg(100000),
        help_text=_("Het aantal eenheden achterstandsscore volgens het CBS; telt mee voor het NPO-budget."),
    )
    notes = models.TextField(_("toelichting"), blank=True)

    class Meta:
        verbose_name = _("context")
        verbose_name_plural = _("context")

    def __str__(self):
        return str(self.scan)


class Domain(models.TextChoices):
    TECHNICAL_READING = "technisch_lezen", _("Technisch lezen")
    READING_COMPREHENSION = "begrijpend_lezen", _("Begrijpend lezen")
    SPELLING = "spelling", _("Spelling")
    MATHS = "rekenen", _("Rekenen")
    LANGUAGE = "taal", _("Taal")


class Trend(models.TextChoices):
    UP = "stijgend", _("Stijgend")
    LEVEL = "gelijk", _("Gelijk")
    DOWN = "dalend", _("Dalend")
    UNKNOWN = "onbekend", _("Onbekend")


class ScanCognitive(models.Model):
    """Section 2 (text part); the results per domain and grade are CognitiveResult rows."""

    scan = models.OneToOneField(Scan, on_delete=models.CASCADE, related_name="cognitive")
    analysis = models.TextField(
        _("analyse"),
        blank=True,
        help_text=_("Wat valt op in de resultaten? Waar zijn vertragingen, waar groei?"),
    )

    class Meta:
        verbose_name = _("cognitieve ontwikkeling")
        verbose_name_plural = _("cognitieve ontwikkeling")

    def __str__(self):
        return str(self.scan)


class CognitiveResult(models.Model):
    scan = models.ForeignKey(Scan, on_delete=models.CASCADE, related_name="cognitive_results")
    domain = models.CharField(_("domein"), max_length=20, choices=Domain)
    grade = models.PositiveSmallIntegerField(
        _("groep"),
        validators=[
            MinValueValidator(1, _("Kies een groep van 1 tot en met 8.")),
            MaxValueValidator(8, _("Kies een groep van 1 tot en met 8.")),
        ],
    )
    instrument = models.CharField(
        _("instrument"), max_length=100, help_text=_("Bijvoorbeeld Cito LOVS M5, DMT, AVI.")
    )
    result = models.CharField(
        _("resultaat"), max_length=100, blank=True, help_text=_("Bijvoorbeeld 'III-gem'.")
    )
    delay_months = models.DecimalField(
        _("vertraging of groei (maanden)"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(-60, _("Vul een aantal maanden van -60 tot en met 60 in.")),
            MaxValueValidator(60, _("Vul een aantal maanden van -60 tot en met 60 in.")),
        ],
        help_text=_("Negatief is vertraging, positief is groei."),
    )
    share_below_norm = models.DecimalField(
        _("aandeel onder de norm (%)"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(0, _("Vul een percentage van 0 tot en met 100 in.")),
            MaxValueValidator(100, _("Vul een percentage van 0 tot en met 100 in.")),
        ],
    )
    trend = models.CharField(_("trend"), max_length=10, choices=Trend, default=Trend.UNKNOWN)
    note = models.CharField(_("opmerking"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("cognitief resultaat")
        verbose_name_plural = _("cognitieve resultaten")
        ordering = ["grade", "domain"]
        constraints = [
            models.UniqueConstraint(fields=["scan", "domain", "grade"], name="cognitiveresult_unique"),
        ]

    def __str__(self):
        return _("%(domain)s groep %(grade)s") % {"domain": self.get_domain_display(), "grade": self.grade}

    def clean(self):
        if not self.result and self.delay_months is None and self.share_below_norm is None:
            raise ValidationError(
                {"result": _("Vul een resultaat, een vertraging of groei, of een aandeel onder de norm in.")}
            )


class ScanWellbeing(models.Model):
    """Section 3: the IB'er's analysis in the four steps of seed 000, beside the KanVAS summary."""

    scan = models.OneToOneField(Scan, on_delete=models.CASCADE, related_name="wellbeing")
    step_groups = models.TextField(
        _("1. Klassenzorgscore per groep"),
        blank=True,
        help_text=_(
            "Verandert de klassenzorgscore? Kijk vooral naar ongelukkig/sombere gevoelens en "
            "onrustig/verstorend gedrag, en zoom daarna in op leerlingen en vragen van die schalen."
        ),
    )
    step_safety = models.TextField(
        _("2. Sociale veiligheidslijst"),
        blank=True,
        help_text=_("Welke veranderingen zie je in welbevinden en veiligheidsbeleving?"),
    )
    step_sociogram = models.TextField(
        _("3. Sociogram"),
        blank=True,
        help_text=_("Zijn er kinderen die ineens anders gewaardeerd worden?"),
    )
    step_plan = models.TextField(
        _("4. Gesprekken en plan van aanpak"),
        blank=True,
        help_text=_(
            "Met welke leerlingen met een opvallende score worden gesprekken gepland, hoe worden ouders "
            "betrokken, welke (kosteloze) adviezen worden gebruikt?"
        ),
    )
    kanvas_snapshot = models.JSONField(null=True, blank=True)  # the KanVAS summary as it was when established

    class Meta:
        verbose_name = _("sociaal-emotionele ontwikkeling")
        verbose_name_plural = _("sociaal-emotionele ontwikkeling")

    def __str__(self):
        return str(self.scan)


class ScanExecutive(models.Model):
    """Section 4: executive functions."""

    scan = models.OneToOneField(Scan, on_delete=models.CASCADE, related_name="executive")
    motivation = models.TextField(_("motivatie"), blank=True)
    work_attitude = models.TextField(_("werkhouding"), blank=True)
    attention = models.TextField(_("aandacht en concentratie"), blank=True)
    planning = models.TextField(_("plannen en organiseren"), blank=True)
    working_memory = models.TextField(_("werkgeheugen"), blank=True)
    emotion_regulation = models.TextField(_("emotieregulatie"), blank=True)

    class Meta:
        verbose_name = _("executieve functies")
        verbose_name_plural = _("executieve functies")

    def __str__(self):
        return str(self.scan)


class ScanConditions(models.Model):
    """Section 5: staff and what the school already does."""

    scan = models.OneToOneField(Scan, on_delete=models.CASCADE, related_name="conditions")
    staff = models.TextField(
        _("personeel"), blank=True, help_text=_("Formatie, onderwijsassistenten, specialisten.")
    )
    vacancies = models.PositiveSmallIntegerField(
        _("openstaande vacatures"), null=True, blank=True, validators=_nonneg(200)
    )
    absence_pct = models.DecimalField(
        _("ziekteverzuim (%)"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(0, _("Vul een percentage van 0 tot en met 100 in.")),
            MaxValueValidator(100, _("Vul een percentage van 0 tot en met 100 in.")),
        ],
    )
    current_measures = models.TextField(
        _("wat de school al doet"), blank=True, help_text=_("Lopende aanpak, methodes, trainingen.")
    )

    class Meta:
        verbose_name = _("basisvoorwaarden")
        verbose_name_plural = _("basisvoorwaarden")

    def __str__(self):
        return str(self.scan)


class ScanConclusions(models.Model):
    """Section 6 (text part); the speerpunten are Priority rows."""

    scan = models.OneToOneField(Scan, on_delete=models.CASCADE, related_name="conclusions")
    summary = models.TextField(_("conclusies"), blank=True)

    class Meta:
        verbose_name = _("conclusies")
        verbose_name_plural = _("conclusies")

    def __str__(self):
        return str(self.scan)


def validate_grades(value: str) -> None:
    match = GRADES_RE.match(value or "")
    if not match or (match[2] and int(match[2]) < int(match[1])):
        raise ValidationError(
            _(
                "Schrijf de groepen als één groep (5), een reeks van laag naar hoog (5-6) of een combinatiegroep "
                "(5/6), groep 1 tot en met 8."
            )
        )


class Priority(models.Model):
    """A speerpunt; menukaart and programma read these (docs/conventions.md)."""

    scan = models.ForeignKey(Scan, on_delete=models.CASCADE, related_name="priorities")
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("speerpunt"), max_length=200)
    goal_area = models.CharField(_("doelgebied"), max_length=1, choices=GoalArea)
    grades = models.CharField(
        _("groepen"),
        max_length=5,
        validators=[validate_grades],
        help_text=_("Bijvoorbeeld 5-6, 1-8 of een combinatiegroep als 5/6."),
    )
    aim = models.TextField(
        _("meetbaar doel"),
        help_text=_("Wat wil je aan het eind van het schooljaar bereikt hebben, en hoe meet je dat?"),
    )

    class Meta:
        verbose_name = _("speerpunt")
        verbose_name_plural = _("speerpunten")
        ordering = ["position", "id"]

    def __str__(self):
        return self.title

    @property
    def grade_range(self) -> tuple[int, int]:
        match = GRADES_RE.match(self.grades)
        low = int(match[1])
        return low, int(match[2] or low)


class ScanExport(StoredPdf):
    """The PDF of an established scan, kept so it is served again rather than rendered on every download. A scan
    is printed in two forms: in full (directeur, ib, leerkracht) and with the grades under 5 pupils hidden (MR,
    bestuur: `aggregate`)."""

    scan = models.ForeignKey(Scan, on_delete=models.CASCADE, related_name="exports")
    aggregate = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("PDF van de schoolscan")
        verbose_name_plural = _("PDF's van de schoolscan")
        ordering = ["-created_at", "-id"]
