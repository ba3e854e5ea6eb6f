"""Funding streams: the money a school programme is paid from (the NPO; after it e.g. the subsidie
basisvaardigheden). A stream is data an administrator edits in /beheer/: its spending window, the categories it
accounts in, the catalogue it draws interventions from, and its amounts per school year and school type.

An amount that is not known (not verified, FACTS.md §3) stays empty: the budget then says "bedrag onbekend" for that
year instead of computing with a guess. A year of the window without new money has its amounts at 0.

The catalogue is the simplest honest model: a set of the menukaart's interventions (`interventions`); left empty,
the stream draws on the whole menukaart. A stream with its own catalogue (the interventiekaart of the subsidie
basisvaardigheden) lists the interventions it allows; new ones are added to the menukaart in /beheer/ first.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from npo_planner.scholen.goal_areas import GoalArea
from npo_planner.scholen.models import SchoolType, SchoolYear

NPO_CODE = "npo"
ALL_CATEGORIES = "".join(GoalArea.values)


def _check_label(label: str) -> None:
    SchoolYear.dates_for(label)  # raises the Dutch message for a wrong label


def year_labels(first: str, last: str) -> list[str]:
    """The school years from `first` to `last`, both included ("2021-2022" … "2024-2025")."""
    start, end = int(first[:4]), int(last[:4])
    return [f"{year}-{year + 1}" for year in range(start, end + 1)]


class FundingStream(models.Model):
    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("naam"), max_length=200, unique=True)
    first_year = models.CharField(
        _("eerste schooljaar van de bestedingstermijn"), max_length=9, help_text=_("Bijvoorbeeld 2021-2022.")
    )
    last_year = models.CharField(
        _("laatste schooljaar van de bestedingstermijn"),
        max_length=9,
        help_text=_("Tot het einde van dit schooljaar mag het geld besteed worden."),
    )
    categories = models.CharField(
        _("doelgebieden waarin verantwoord wordt"),
        max_length=6,
        default=ALL_CATEGORIES,
        help_text=_("De letters van de doelgebieden, bijvoorbeeld ABCDEF voor het NPO."),
    )
    interventions = models.ManyToManyField(
        "menukaart.Intervention",
        blank=True,
        related_name="funding_streams",
        verbose_name=_("interventies (catalogus)"),
        help_text=_(
            "Leeg: de hele menukaart. Anders alleen deze interventies (bijvoorbeeld een interventiekaart)."
        ),
    )
    source = models.CharField(_("bron"), max_length=300, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("geldstroom")
        verbose_name_plural = _("geldstromen")
        ordering = ["first_year", "name"]

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        for name in ("first_year", "last_year"):
            try:
                _check_label(getattr(self, name))
            except ValidationError as error:
                errors[name] = error.messages
        if not errors and self.last_year < self.first_year:
            errors["last_year"] = [_("Het laatste schooljaar ligt voor het eerste.")]
        wrong = set(self.categories) - set(ALL_CATEGORIES)
        if wrong or not self.categories:
            errors["categories"] = [_("Gebruik de letters A tot en met F, bijvoorbeeld ABCDEF.")]
        if errors:
            raise ValidationError(errors)

    @property
    def window(self) -> list[str]:
        return year_labels(self.first_year, self.last_year)

    @property
    def window_label(self) -> str:
        return _("%(first)s t/m %(last)s") % {"first": self.first_year, "last": self.last_year}


class StreamAmount(models.Model):
    """The amounts of one school year of a stream. Empty = not known (the budget says "bedrag onbekend")."""

    stream = models.ForeignKey(FundingStream, on_delete=models.CASCADE, related_name="amounts")
    school_year = models.CharField(_("schooljaar"), max_length=9, help_text=_("Bijvoorbeeld 2022-2023."))
    per_pupil_bo = models.DecimalField(
        _("per leerling basisonderwijs"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    per_pupil_sbo = models.DecimalField(
        _("per leerling sbo"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    per_pupil_so = models.DecimalField(
        _("per leerling (v)so"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    per_unit = models.DecimalField(
        _("per eenheid achterstandsscore"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    source = models.CharField(_("bron"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("bedrag per schooljaar")
        verbose_name_plural = _("bedragen per schooljaar")
        ordering = ["stream", "school_year"]
        constraints = [
            models.UniqueConstraint(fields=["stream", "school_year"], name="stream_amount_one_per_year"),
            models.CheckConstraint(
                condition=models.Q(per_pupil_bo__gte=0)
                & models.Q(per_pupil_sbo__gte=0)
                & models.Q(per_pupil_so__gte=0)
                & models.Q(per_unit__gte=0),
                name="stream_amount_not_negative",
                violation_error_message=_("Een bedrag van een geldstroom kan niet negatief zijn."),
            ),
        ]

    def __str__(self):
        return f"{self.stream} {self.school_year}"

    def clean(self):
        try:
            _check_label(self.school_year)
        except ValidationError as error:
            raise ValidationError({"school_year": error.messages}) from None
        if self.stream_id and self.school_year not in self.stream.window:
            raise ValidationError(
                {"school_year": _("Dit schooljaar ligt buiten de bestedingstermijn van de geldstroom.")}
            )


@dataclass(frozen=True)
class YearAmounts:
    """What one school year of a stream brings per pupil and per achterstandsscore unit; None = not known."""

    label: str
    per_pupil: Decimal | None
    per_unit: Decimal | None

    @property
    def no_money(self) -> bool:
        return self.per_pupil == 0 and self.per_unit == 0


def per_pupil_of(amount: StreamAmount | None, school_type: str) -> Decimal | None:
    if amount is None:
        return None
    if school_type == SchoolType.SBO:
        return amount.per_pupil_sbo
    if school_type == SchoolType.SO:
        return amount.per_pupil_so
    if school_type == SchoolType.VO:
        return None  # a stream here knows the amounts of primary and special education only
    return amount.per_pupil_bo


def amounts_by_year(stream: FundingStream) -> dict[str, StreamAmount]:
    """{label: amount row} of a stream: one query the first time, kept on the stream object (or the prefetched
    `amounts` when loaded)."""
    cached = getattr(stream, "_amounts_by_year", None)
    if cached is None:
        cached = {a.school_year: a for a in stream.amounts.all()}
        stream._amounts_by_year = cached
    return cached


def year_amounts(stream: FundingStream, label: str, school_type: str) -> YearAmounts:
    amount = amounts_by_year(stream).get(label)
    return YearAmounts(
        label=label,
        per_pupil=per_pupil_of(amount, school_type),
        per_unit=None if amount is None else amount.per_unit,
    )


def catalogue_ids(stream: FundingStream) -> set[int] | None:
    """The interventions a stream allows (ids), or None: the whole menukaart. One query."""
    ids = set(
        FundingStream.interventions.through.objects.filter(fundingstream=stream).values_list(
            "intervention_id", flat=True
        )
    )
    return ids or None


def in_catalogue(choices: list | None, stream: FundingStream) -> list | None:
    """The choices (`sources.InterventionChoice`) a programme of this stream may take: the stream's catalogue and
    the school's own interventions."""
    allowed = catalogue_ids(stream)
    if choices is None or allowed is None:
        return choices
    return [c for c in choices if c.own or c.ref in allowed]
