"""KanVAS-style monitoring: instruments (data, editable in the admin), measurement moments, answers, stored scale
scores and signals, sociogram nominations, follow-up of pupils, and the record of every import.

Scale scores are computed once at import (kanvas.scoring) and stored with the answers in Response, so pages only
read them.
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from kanvas.fields import AnswersField, ScoresField
from npo_planner.scholen.models import Group, Pupil, School, SchoolYear

MOMENT_RE = re.compile(r"^(\d{4})-(najaar|voorjaar)$")


# --- Instruments -------------------------------------------------------------------------------------------


class QuestionnaireManager(models.Manager):
    def get_by_natural_key(self, code):
        return self.get(code=code)


class Questionnaire(models.Model):
    """A `vragenlijst` value of CONTRACT §2: leerling, docent, ouder or veiligheid."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("naam"), max_length=100)
    respondent = models.CharField(_("wie vult in"), max_length=100)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    objects = QuestionnaireManager()

    class Meta:
        verbose_name = _("vragenlijst")
        verbose_name_plural = _("vragenlijsten")
        ordering = ["order", "code"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.code,)


class ScaleKind(models.TextChoices):
    CONCERN = "zorg", _("zorgschaal (hoog = opvallend)")
    POSITIVE = "positief", _("positieve schaal (laag = opvallend)")


class ScaleManager(models.Manager):
    def get_by_natural_key(self, questionnaire, code):
        return self.get(questionnaire__code=questionnaire, code=code)


class Scale(models.Model):
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="scales", verbose_name=_("vragenlijst")
    )
    code = models.CharField(_("code"), max_length=10)
    name = models.CharField(_("naam"), max_length=100)
    kind = models.CharField(_("soort"), max_length=10, choices=ScaleKind)
    threshold = models.DecimalField(
        _("grens opvallende score"),
        max_digits=3,
        decimal_places=1,
        help_text=_(
            "Zorgschaal: opvallend vanaf deze score. Positieve schaal: opvallend tot en met deze score."
        ),
    )
    in_concern_score = models.BooleanField(
        _("telt mee in de klassenzorgscore"),
        default=False,
    )
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    objects = ScaleManager()

    class Meta:
        verbose_name = _("schaal")
        verbose_name_plural = _("schalen")
        ordering = ["questionnaire", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["questionnaire", "code"], name="scale_unique_code")]

    def __str__(self):
        return f"{self.code} {self.name}"

    def natural_key(self):
        return (self.questionnaire.code, self.code)

    natural_key.dependencies = ["kanvas.questionnaire"]

    def clean(self):
        if self.threshold is not None and not (1 <= self.threshold <= 4):
            raise ValidationError({"threshold": _("De grens ligt tussen 1 en 4.")})


class ItemManager(models.Manager):
    def get_by_natural_key(self, questionnaire, code):
        return self.get(questionnaire__code=questionnaire, code=code)


class Item(models.Model):
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="items", verbose_name=_("vragenlijst")
    )
    scale = models.ForeignKey(Scale, on_delete=models.CASCADE, related_name="items", verbose_name=_("schaal"))
    code = models.CharField(_("code"), max_length=10)
    text = models.CharField(_("tekst"), max_length=300)
    reversed = models.BooleanField(
        _("omgekeerd gescoord"), default=False, help_text=_("Telt mee als 5 − antwoord.")
    )
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    objects = ItemManager()

    class Meta:
        verbose_name = _("vraag")
        verbose_name_plural = _("vragen")
        ordering = ["questionnaire", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["questionnaire", "code"], name="item_unique_code")]

    def __str__(self):
        return f"{self.code} {self.text}"

    def natural_key(self):
        return (self.questionnaire.code, self.code)

    natural_key.dependencies = ["kanvas.questionnaire", "kanvas.scale"]

    def clean(self):
        if self.scale_id and self.questionnaire_id and self.scale.questionnaire_id != self.questionnaire_id:
            raise ValidationError({"scale": _("De schaal hoort bij een andere vragenlijst.")})


# --- Measurements ------------------------------------------------------------------------------------------


def moment_parts(label: str) -> tuple[int, str] | None:
    match = MOMENT_RE.match(label or "")
    if not match:
        return None
    return int(match[1]), match[2]


def moment_school_year_label(label: str) -> str:
    """najaar 2021 and voorjaar 2022 belong to school year 2021-2022."""
    year, season = moment_parts(label)
    first = year if season == "najaar" else year - 1
    return f"{first}-{first + 1}"


def moment_sort_key(label: str) -> int:
    year, season = moment_parts(label)
    return year * 10 + (2 if season == "najaar" else 1)


class SafetyInstrument(models.TextChoices):
    """The instrument a school's safety data (the `veiligheid` questionnaire) came from. The Inspectie's yearly duty
    is met only with a standardised, valid and reliable instrument (FACTS.md §5); the product's own list is not."""

    KANVAS = "kanvas", _("KanVAS Sociale Veiligheidslijst (gevalideerd)")
    ZIEN = "zien", _("ZIEN! (gevalideerd)")
    VENSTERS = "vensters", _("Vensters-vragenlijst sociale veiligheid (gevalideerd)")
    OWN = "eigen", _("De eigen vragenlijst van NPO-planner (niet gevalideerd)")
    OTHER = "anders", _("Een ander, niet gevalideerd instrument")


VALIDATED_INSTRUMENTS = frozenset({SafetyInstrument.KANVAS, SafetyInstrument.ZIEN, SafetyInstrument.VENSTERS})


class Moment(models.Model):
    """A measurement moment of one school, e.g. `2021-najaar`."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="kanvas_moments")
    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, related_name="kanvas_moments")
    label = models.CharField(_("meetmoment"), max_length=20)
    sort_key = models.PositiveIntegerField(editable=False)
    safety_instrument = models.CharField(
        _("instrument sociale veiligheid"),
        max_length=10,
        choices=SafetyInstrument,
        blank=True,
        help_text=_("Met welk instrument de veiligheidsgegevens van dit meetmoment zijn verzameld."),
    )

    class Meta:
        verbose_name = _("meetmoment")
        verbose_name_plural = _("meetmomenten")
        ordering = ["school", "sort_key"]
        constraints = [models.UniqueConstraint(fields=["school", "label"], name="moment_unique_label")]

    def __str__(self):
        return self.label

    @property
    def safety_validated(self) -> bool:
        return self.safety_instrument in VALIDATED_INSTRUMENTS

    def clean(self):
        if moment_parts(self.label) is None:
            raise ValidationError({"label": _("Een meetmoment schrijf je als 2021-najaar of 2022-voorjaar.")})


class Participation(models.Model):
    """A pupil at a moment, in exactly one group; answers, scores and nominations hang from it."""

    moment = models.ForeignKey(Moment, on_delete=models.CASCADE, related_name="participations")
    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="kanvas_participations")
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="kanvas_participations")

    class Meta:
        verbose_name = _("deelname")
        verbose_name_plural = _("deelnames")
        constraints = [models.UniqueConstraint(fields=["moment", "pupil"], name="participation_unique")]

    def __str__(self):
        return f"{self.pupil_id}@{self.moment_id}"


class Response(models.Model):
    """One questionnaire filled in for one pupil at one moment ("ingevulde vragenlijst"): its answers, and the
    scale scores and signals computed from them at import (kanvas.scoring), so pages only read them.

    One row per response, not per answer: an import of 100,000 answers writes about 4,000 rows with COPY, and a
    row per answer costs a foreign-key check per answer at commit (bench/kanvas_import.py).
    """

    participation = models.ForeignKey(Participation, on_delete=models.CASCADE, related_name="responses")
    # No database FK check on the questionnaire (the ORM still protects questionnaires that have responses): the
    # importer only writes ids of the instruments it just read, and the check costs a sixth of the import.
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.PROTECT, related_name="+", db_index=False, db_constraint=False
    )
    answers = AnswersField(_("antwoorden"))  # every item of the questionnaire: 1–4, or None (not answered)
    scores = ScoresField(_("schaalscores"))  # every scale of the questionnaire

    class Meta:
        verbose_name = _("ingevulde vragenlijst")
        verbose_name_plural = _("ingevulde vragenlijsten")
        constraints = [
            models.UniqueConstraint(fields=["participation", "questionnaire"], name="response_unique")
        ]

    def __str__(self):
        return f"{self.questionnaire_id}@{self.participation_id}"


class Nomination(models.Model):
    """A sociogram choice: `chooser` chose `chosen` positively ("met wie graag") or negatively."""

    moment = models.ForeignKey(Moment, on_delete=models.CASCADE, related_name="nominations")
    chooser = models.ForeignKey(Participation, on_delete=models.CASCADE, related_name="choices_made")
    chosen = models.ForeignKey(Participation, on_delete=models.CASCADE, related_name="choices_received")
    positive = models.BooleanField()

    class Meta:
        verbose_name = _("sociogramkeuze")
        verbose_name_plural = _("sociogramkeuzes")
        constraints = [
            models.UniqueConstraint(fields=["chooser", "chosen", "positive"], name="nomination_unique")
        ]

    def __str__(self):
        return f"{self.chooser_id} → {self.chosen_id} ({'+' if self.positive else '-'})"


# --- Imports -----------------------------------------------------------------------------------------------


class ImportKind(models.TextChoices):
    ANSWERS = "antwoorden", _("KanVAS-antwoorden")
    SOCIOGRAM = "sociogram", _("Sociogram")


class PendingUpload(models.Model):
    """An uploaded file between preview and confirm, scoped to school and user: the file itself (and its checked
    Plan) in the default storage (`npo_planner.lib.stored_files`), removed with the row (kanvas.apps)."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12, choices=ImportKind)
    filename = models.CharField(max_length=255)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    path = models.CharField(max_length=300)  # the file in the default storage
    replace = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    # The file is parsed once (kanvas.plan_store): the checked Plan or the file's errors, kept for the confirm,
    # with the state of the school's data it was compared with.
    plan_path = models.CharField(
        max_length=300, blank=True
    )  # the signed Plan (kanvas.plan_store), stored too
    school_state = models.CharField(max_length=64, blank=True)
    errors = models.JSONField(default=list, blank=True)
    # Confirmed: a background job is writing it (a new upload by the same user leaves it alone).
    confirmed = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("bestand in afwachting")
        verbose_name_plural = _("bestanden in afwachting")

    def __str__(self):
        return self.filename


class ImportRecord(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="kanvas_imports")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    username = models.CharField(max_length=150, blank=True)
    kind = models.CharField(_("soort"), max_length=12, choices=ImportKind)
    filename = models.CharField(_("bestandsnaam"), max_length=255)
    size = models.PositiveIntegerField(_("grootte (bytes)"))
    sha256 = models.CharField(max_length=64)
    at = models.DateTimeField(_("ingelezen op"), auto_now_add=True)
    rows = models.PositiveIntegerField(_("rijen geschreven"))
    replaced = models.BooleanField(_("vervangen"), default=False)
    summary = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.filename} ({self.at:%Y-%m-%d %H:%M})"


# --- Follow-up ---------------------------------------------------------------------------------------------


class FollowUpAction(models.TextChoices):
    TALK = "gesprek", _("Gesprek met leerling")
    PARENTS = "ouders", _("Ouders betrekken")
    PLAN = "plan", _("Plan van aanpak")
    REFER = "doorverwijzen", _("Doorverwijzen")


class FollowUpStatus(models.TextChoices):
    OPEN = "open", _("Open")
    BUSY = "bezig", _("Bezig")
    DONE = "afgerond", _("Afgerond")


class FollowUp(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="kanvas_followups")
    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="kanvas_followups")
    moment = models.ForeignKey(Moment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    action = models.CharField(_("actie"), max_length=20, choices=FollowUpAction)
    # What was planned, written when the action is made; later notes are FollowUpNote rows (never overwritten).
    note = models.TextField(_("notitie"), max_length=2000, blank=True)
    due = models.DateField(_("uiterlijk op"), null=True, blank=True)
    closed_at = models.DateTimeField(_("afgerond op"), null=True, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("eigenaar"),
    )
    status = models.CharField(_("status"), max_length=10, choices=FollowUpStatus, default=FollowUpStatus.OPEN)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("vervolgactie")
        verbose_name_plural = _("vervolgacties")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.get_action_display()} – {self.pupil}"

    def clean(self):
        if self.pupil_id and self.school_id and self.pupil.school_id != self.school_id:
            raise ValidationError({"pupil": _("Deze leerling hoort bij een andere school.")})

    @property
    def is_open(self) -> bool:
        return self.status != FollowUpStatus.DONE

    def is_overdue(self, today) -> bool:
        return self.is_open and self.due is not None and self.due < today


class FollowUpNote(models.Model):
    """One note in the history of a follow-up: a new row each time, never changed."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    followup = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField(_("notitie"), max_length=2000)
    status = models.CharField(_("status"), max_length=10, choices=FollowUpStatus, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("notitie bij een vervolgactie")
        verbose_name_plural = _("notities bij vervolgacties")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.followup_id} {self.at:%Y-%m-%d %H:%M}"


# --- Advice ------------------------------------------------------------------------------------------------


class ScaleAdvice(models.Model):
    """A short advice shown beside a signal on a scale (every questionnaire's scale with this code): the product's
    own wording, edited by an administrator in the admin."""

    scale_code = models.CharField(_("schaalcode"), max_length=10, unique=True)
    title = models.CharField(_("titel"), max_length=120)
    text = models.TextField(_("advies"), max_length=2000)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("advies bij een schaal")
        verbose_name_plural = _("adviezen bij schalen")
        ordering = ["scale_code"]

    def __str__(self):
        return f"{self.scale_code}: {self.title}"

    def clean(self):
        if self.scale_code and not Scale.objects.filter(code=self.scale_code).exists():
            raise ValidationError(
                {"scale_code": _("Er is geen schaal met code %(code)s.") % {"code": self.scale_code}}
            )
