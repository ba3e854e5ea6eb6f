"""The school programme (plan van aanpak): a programme per school and funding stream spanning the school years it
uses within the stream's spending window, its items, the
versions submitted for consent with the decisions of the MR and (when money is spent above school level) the GMR,
the PDF exports, and the cache of rendered charts.

Items carry a snapshot of the intervention and scan priority they were chosen from: a programme the MR consented
to must not change when the catalogue or the scan is edited later. `intervention_ref` / `priority_ref` point to the
source row (menukaart.Intervention / schoolscan.Priority; emptied when that row is deleted); the snapshot fields
stay the record of what the MR approved.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from npo_planner.lib.stored_pdf import StoredPdf
from npo_planner.programma.funding import FundingStream, StreamAmount, year_labels
from npo_planner.scholen.goal_areas import LetteredGoalArea
from npo_planner.scholen.models import School, SchoolYear

__all__ = ["FundingStream", "StreamAmount"]  # the funding models live in funding.py

GOAL_AREA_CHOICES = LetteredGoalArea.choices
GOAL_AREAS = [code for code, _label in GOAL_AREA_CHOICES]


class Programme(models.Model):
    class Status(models.TextChoices):
        CONCEPT = "concept", _("Concept")
        # The MR and, when needed, the GMR decide: the pages say which council is still awaited.
        SUBMITTED = "ter_instemming", _("Ter instemming")
        APPROVED = "vastgesteld", _("Vastgesteld")

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="programmes")
    stream = models.ForeignKey(
        FundingStream, on_delete=models.PROTECT, related_name="programmes", verbose_name=_("geldstroom")
    )
    first_year = models.ForeignKey(
        SchoolYear, on_delete=models.PROTECT, related_name="+", verbose_name=_("eerste schooljaar")
    )
    last_year = models.ForeignKey(
        SchoolYear, on_delete=models.PROTECT, related_name="+", verbose_name=_("laatste schooljaar")
    )
    title = models.CharField(_("titel"), max_length=200, default="Schoolprogramma NPO")
    summary = models.TextField(_("samenvatting"), blank=True, max_length=5000)
    parents_and_team = models.TextField(_("hoe zijn ouders en team betrokken"), blank=True, max_length=3000)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.CONCEPT)
    version = models.PositiveIntegerField(default=1)  # optimistic lock, +1 on every change
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("schoolprogramma")
        verbose_name_plural = _("schoolprogramma's")
        ordering = ["school__name", "first_year__start"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "stream", "first_year"], name="programme_one_per_stream_and_year"
            )
        ]

    def __str__(self):
        return f"{self.title} {self.years_label}"

    @property
    def year_labels(self) -> list[str]:
        """The school years the programme spans, first to last."""
        return year_labels(self.first_year.label, self.last_year.label)

    @property
    def years_label(self) -> str:
        labels = self.year_labels
        if len(labels) == 1:
            return labels[0]
        if len(labels) == 2:
            return _("%(first)s en %(second)s") % {"first": labels[0], "second": labels[1]}
        return _("%(first)s t/m %(last)s") % {"first": labels[0], "last": labels[-1]}

    def clean(self):
        if not (self.first_year_id and self.last_year_id):
            return
        if self.last_year.start < self.first_year.start:
            raise ValidationError(_("Het laatste schooljaar ligt voor het eerste."))
        if self.stream_id:
            window = self.stream.window
            if self.first_year.label not in window or self.last_year.label not in window:
                raise ValidationError(
                    _("Het programma moet binnen de bestedingstermijn van %(stream)s vallen (%(window)s).")
                    % {"stream": self.stream.name, "window": self.stream.window_label}
                )


def normalized_costs(costs: dict) -> dict:
    """An item's `year_costs` as stored: {label: "1000.00"} in year order, years without cost left out (so an
    unchanged plan compares equal). A value that is not an amount is kept for `Item.clean` to refuse."""
    out = {}
    for label in sorted(costs or {}):
        value = costs[label]
        try:
            amount = Decimal(str(value if value is not None else 0))
        except ArithmeticError:
            out[label] = value
            continue
        if not amount.is_finite() or amount < 0:
            out[label] = value
        elif amount:
            out[label] = str(amount.quantize(Decimal("0.01")))
    return out


class Item(models.Model):
    """One measure of the programme. Intervention and priority fields are snapshots taken when chosen."""

    class Kind(models.TextChoices):
        CATALOGUE = "menukaart", _("Uit de menukaart")
        OWN = "eigen", _("Eigen interventie van de school")
        TYPED = "vrij", _("Zelf ingevuld")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField(default=0)
    # Intervention snapshot
    intervention_ref = models.ForeignKey(
        "menukaart.Intervention",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="programme_items",
        verbose_name=_("interventie uit de menukaart"),
    )
    kind = models.CharField(_("herkomst"), max_length=10, choices=Kind, default=Kind.TYPED)
    name = models.CharField(_("interventie"), max_length=200)
    goal_area = models.CharField(_("doelgebied"), max_length=1, choices=GOAL_AREA_CHOICES)
    impact_months = models.SmallIntegerField(_("impact (maanden)"), null=True, blank=True)
    evidence = models.PositiveSmallIntegerField(
        _("bewijskracht (0–5)"), null=True, blank=True, validators=[MaxValueValidator(5)]
    )
    cost_band = models.PositiveSmallIntegerField(
        _("kosten (1–5)"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    nji_level = models.CharField(_("erkenning NJi"), max_length=100, blank=True)
    figures_source = models.CharField(_("bron van de cijfers"), max_length=200, blank=True)
    # Scan priority snapshot
    priority_ref = models.ForeignKey(
        "schoolscan.Priority",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="programme_items",
        verbose_name=_("prioriteit uit de schoolscan"),
    )
    priority = models.CharField(_("prioriteit uit de schoolscan"), max_length=300, blank=True)
    # The school's plan for it
    goal = models.TextField(_("meetbaar doel"), max_length=2000)
    target_groups = models.CharField(
        _("doelgroep (groepen of leerjaren)"),
        max_length=200,
        help_text=_("Bijvoorbeeld: 5a, 6a of leerjaar 5–6 of hele school."),
    )
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("einde"))
    hours = models.DecimalField(_("uren"), max_digits=8, decimal_places=1, null=True, blank=True)
    fte = models.DecimalField(_("fte"), max_digits=5, decimal_places=2, null=True, blank=True)
    # Planned cost per school year of the programme: {"2021-2022": "1000.00", ...}; a year absent costs nothing.
    year_costs = models.JSONField(_("kosten per schooljaar (€)"), default=dict, blank=True)
    external_hire = models.BooleanField(_("externe inhuur (PNIL)"), default=False)
    above_school_level = models.BooleanField(
        _("bovenschools besteed (instemming GMR nodig)"),
        default=False,
        help_text=_(
            "Aanvinken als het geld van dit onderdeel boven schoolniveau wordt besteed, bijvoorbeeld voor "
            "meerdere scholen van het bestuur samen. Dan moet naast de MR ook de GMR instemmen."
        ),
    )
    responsible = models.CharField(_("verantwoordelijke"), max_length=200)
    evaluation_method = models.TextField(_("hoe wordt het geëvalueerd"), blank=True, max_length=2000)
    evaluation_moment = models.CharField(_("wanneer wordt het geëvalueerd"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("onderdeel")
        verbose_name_plural = _("onderdelen")
        ordering = ["position", "id"]

    def __str__(self):
        return self.name

    def cost_for(self, label: str) -> Decimal:
        return Decimal(str(self.year_costs.get(label) or 0))

    def costs_over(self, labels: list[str]) -> list[Decimal]:
        """The planned cost in each of these school years (0 for a year without cost)."""
        return [self.cost_for(label) for label in labels]

    @property
    def cost_total(self) -> Decimal:
        return sum((Decimal(str(v or 0)) for v in self.year_costs.values()), Decimal(0))

    @property
    def has_evaluation(self) -> bool:
        return bool(self.evaluation_method.strip())

    def clean(self):
        self._clean_refs()
        self._clean_costs()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("Het einde ligt voor de start.")})
        if self.programme_id and self.starts_on and self.ends_on:
            first, last = self.programme.first_year.start, self.programme.last_year.end
            if self.starts_on < first or self.ends_on > last:
                raise ValidationError(
                    _("Start en einde moeten binnen de looptijd van het programma vallen (%(a)s – %(b)s).")
                    % {"a": first.strftime("%d-%m-%Y"), "b": last.strftime("%d-%m-%Y")}
                )

    def _clean_costs(self):
        if not isinstance(self.year_costs, dict):
            raise ValidationError({"year_costs": _("De kosten per schooljaar zijn onleesbaar.")})
        for label, value in self.year_costs.items():
            try:
                amount = Decimal(str(value))
            except ArithmeticError:
                amount = None
            if amount is None or not amount.is_finite():
                raise ValidationError(
                    {"year_costs": _("De kosten voor %(year)s zijn geen bedrag.") % {"year": label}}
                )
            if amount < 0:
                raise ValidationError(
                    {"year_costs": _("De kosten van een onderdeel kunnen niet negatief zijn.")}
                )
            if self.programme_id and label not in self.programme.year_labels:
                raise ValidationError(
                    {"year_costs": _("Schooljaar %(year)s hoort niet bij het programma.") % {"year": label}}
                )

    def _clean_refs(self):
        """The intervention must be the catalogue's or this school's own; the priority from this school's scan."""
        if not self.programme_id:
            return
        school_id = self.programme.school_id
        if self.intervention_ref_id and self.intervention_ref.school_id not in (None, school_id):
            raise ValidationError({"intervention_ref": _("Deze interventie hoort niet bij deze school.")})
        if self.priority_ref_id and self.priority_ref.scan.school_id != school_id:
            raise ValidationError({"priority_ref": _("Deze prioriteit hoort niet bij deze school.")})


# The one field list of a programme item: what the services may set (by attname), what the snapshot keeps (what
# the MR consented to, compared between versions) and, less what comes from the chosen intervention and priority,
# what the item form shows, in this order.
ITEM_FIELDS = (
    "kind",
    "intervention_ref",
    "name",
    "goal_area",
    "impact_months",
    "evidence",
    "cost_band",
    "nji_level",
    "figures_source",
    "priority_ref",
    "priority",
    "goal",
    "target_groups",
    "starts_on",
    "ends_on",
    "hours",
    "fte",
    "year_costs",
    "external_hire",
    "above_school_level",
    "responsible",
    "evaluation_method",
    "evaluation_moment",
)
ITEM_REFS = (
    "intervention_ref",
    "priority_ref",
)  # foreign keys: chosen in the form, kept by id in the snapshot
# The chosen intervention's figures, copied into the item (a snapshot; empty for a typed intervention).
ITEM_INTERVENTION_FIGURES = ("impact_months", "evidence", "cost_band", "nji_level", "figures_source")


class ItemOutcome(models.Model):
    """What the school concluded about an item while carrying it out: the outcome of its evaluation.

    Not part of the plan the MR consented to (`Item` is), so recording or changing it leaves the programme's status
    and version alone. The board and the MR read it: the findings must not name pupils (services refuse a pupil's
    code or first name). Next year's scan starts from it."""

    class Verdict(models.TextChoices):
        WORKS = "werkt", _("Werkt")
        PARTLY = "werkt_deels", _("Werkt deels")
        DOES_NOT_WORK = "werkt_niet", _("Werkt niet")
        TOO_EARLY = "te_vroeg", _("Nog niet te zeggen")

    class NextStep(models.TextChoices):
        CONTINUE = "doorgaan", _("Doorgaan zoals het is")
        ADJUST = "aanpassen", _("Doorgaan, aangepast")
        STOP = "stoppen", _("Stoppen")
        UNDECIDED = "open", _("Nog niet besloten")

    item = models.OneToOneField(Item, on_delete=models.CASCADE, related_name="outcome")
    verdict = models.CharField(_("werkt het?"), max_length=12, choices=Verdict)
    next_step = models.CharField(_("en nu?"), max_length=10, choices=NextStep, default=NextStep.UNDECIDED)
    findings = models.TextField(
        _("wat zagen jullie?"),
        blank=True,
        max_length=2000,
        help_text=_(
            "Wat de monitoring en de leerkrachten laten zien. Noem geen leerlingen: de MR en het bestuur lezen "
            "mee."
        ),
    )
    evaluated_on = models.DateField(_("datum van de evaluatie"))
    version = models.PositiveIntegerField(default=1)  # optimistic lock, +1 on every change
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("uitkomst van de evaluatie")
        verbose_name_plural = _("uitkomsten van de evaluatie")

    def __str__(self):
        return f"{self.item}: {self.get_verdict_display()}"


class Council(models.TextChoices):
    """The councils whose consent a programme needs: always the MR, the GMR when money is spent above school
    level."""

    MR = "mr", _("MR")
    GMR = "gmr", _("GMR")


class Submission(models.Model):
    """A version of the programme sent for consent: frozen as JSON, with the MR's decision and, when the version
    spends money above school level (`needs_gmr`, frozen at submission), the GMR's decision."""

    class Decision(models.TextChoices):
        PENDING = "", _("Nog geen besluit")
        CONSENT = "instemming", _("Instemming")
        REFUSED = "geen_instemming", _("Geen instemming")
        WITHDRAWN = "ingetrokken", _("Ingetrokken (programma gewijzigd)")
        LAPSED = "vervallen", _("Vervallen (de andere raad stemde niet in)")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="submissions")
    number = models.PositiveIntegerField(_("versie"))
    submitted_at = models.DateTimeField(auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    snapshot = models.JSONField(default=dict)
    # The warnings the directeur saw and confirmed when sending this version ([{"code", "message"}]): the MR
    # reads them with the version.
    accepted_warnings = models.JSONField(_("bevestigde waarschuwingen"), default=list, blank=True)
    decision = models.CharField(_("besluit"), max_length=20, choices=Decision, blank=True, default="")
    decided_on = models.DateField(_("datum besluit"), null=True, blank=True)
    remarks = models.TextField(_("opmerkingen van de MR"), blank=True, max_length=3000)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    needs_gmr = models.BooleanField(_("instemming GMR nodig"), default=False)
    gmr_decision = models.CharField(_("besluit GMR"), max_length=20, choices=Decision, blank=True, default="")
    gmr_decided_on = models.DateField(_("datum besluit GMR"), null=True, blank=True)
    gmr_remarks = models.TextField(_("opmerkingen van de GMR"), blank=True, max_length=3000)
    gmr_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("ingediende versie")
        verbose_name_plural = _("ingediende versies")
        ordering = ["programme", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "number"], name="submission_unique_number")
        ]

    def __str__(self):
        return _("versie %(n)s") % {"n": self.number}

    def clean(self):
        if not self.needs_gmr and (self.gmr_decision or self.gmr_decided_on or self.gmr_remarks):
            raise ValidationError(_("Deze versie heeft geen instemming van de GMR nodig."))

    # Whether this version is the programme as it stands (the latest version, not changed since): set by
    # `selectors.mark_current`, the one place that decides it. None: not known here, so no consent is shown.
    is_current: bool | None = None

    # The MR's fields carry no prefix (they came first); the GMR's the prefix `gmr_`.
    _PREFIX = {Council.MR: "", Council.GMR: "gmr_"}

    def councils(self) -> list[Council]:
        return [Council.MR, Council.GMR] if self.needs_gmr else [Council.MR]

    def decision_of(self, council: Council) -> str:
        return getattr(self, f"{self._PREFIX[council]}decision")

    def awaits(self, council: Council) -> bool:
        """This council's decision on this version is still to come."""
        return council in self.councils() and self.decision_of(council) == self.Decision.PENDING

    @property
    def awaited(self) -> list[Council]:
        return [c for c in self.councils() if self.awaits(c)]

    @property
    def consented(self) -> bool:
        return all(self.decision_of(c) == self.Decision.CONSENT for c in self.councils())

    @property
    def refused(self) -> bool:
        return any(self.decision_of(c) == self.Decision.REFUSED for c in self.councils())

    def record(self, council: Council, *, decision: str, decided_on, remarks: str, decided_by) -> None:
        prefix = self._PREFIX[council]
        setattr(self, f"{prefix}decision", decision)
        setattr(self, f"{prefix}decided_on", decided_on)
        setattr(self, f"{prefix}remarks", remarks)
        setattr(self, f"{prefix}decided_by", decided_by)

    def consent_in_force(self, council: Council) -> bool:
        """This council's consent covers the programme as it stands: given to this version, and this version is
        the current one (`is_current`, set by `selectors.mark_current`)."""
        return self.is_current is True and self.decision_of(council) == self.Decision.CONSENT

    def council_decisions(self) -> list[dict]:
        """Per council that decides on this version: its decision, date and remarks, for the pages and the PDF.
        `superseded`: a consent given to this version that does not cover the programme as it stands (the
        programme was changed or refused since, or a later version exists)."""
        rows = []
        for council in self.councils():
            prefix = self._PREFIX[council]
            decision = self.decision_of(council)
            rows.append(
                {
                    "council": council.label,
                    "decision": decision,
                    "label": self.Decision(decision).label,
                    "decided_on": getattr(self, f"{prefix}decided_on"),
                    "remarks": getattr(self, f"{prefix}remarks"),
                    "awaited": decision == self.Decision.PENDING,
                    "superseded": decision == self.Decision.CONSENT and not self.consent_in_force(council),
                    "number": self.number,
                }
            )
        return rows


class Export(StoredPdf):
    """A PDF made of the programme (command or browser); kept so every version's PDF stays downloadable."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="exports")
    submission = models.ForeignKey(
        Submission, on_delete=models.SET_NULL, null=True, blank=True, related_name="exports"
    )
    programme_version = models.PositiveIntegerField()
    status = models.CharField(max_length=20, choices=Programme.Status)

    class Meta:
        verbose_name = _("PDF-export")
        verbose_name_plural = _("PDF-exports")
        ordering = ["-created_at", "-id"]


class Spending(models.Model):
    """Money actually spent on an item: one line per payment or invoice, typed in by the directeur or imported from
    the administration's export. Not part of the plan the MR consented to: recording it leaves the programme's
    status and version alone. The school year is the one the date falls in (1 August – 31 July); the board's
    jaarverslag counts a line in the calendar year of its date."""

    item = models.ForeignKey(
        Item, on_delete=models.PROTECT, related_name="spendings", verbose_name=_("onderdeel")
    )
    school_year = models.ForeignKey(
        SchoolYear, on_delete=models.PROTECT, related_name="+", verbose_name=_("schooljaar")
    )
    spent_on = models.DateField(_("datum"))
    amount = models.DecimalField(_("bedrag (€)"), max_digits=10, decimal_places=2)
    external_hire = models.BooleanField(_("externe inhuur (PNIL)"), default=False)
    description = models.CharField(_("omschrijving"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("besteding")
        verbose_name_plural = _("bestedingen")
        ordering = ["spent_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0),
                name="spending_amount_positive",
                violation_error_message=_("Het bestede bedrag moet groter dan 0 zijn."),
            ),
        ]

    def __str__(self):
        return f"{self.item}: {self.amount} ({self.spent_on})"
