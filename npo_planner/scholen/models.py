"""Core data: boards, schools, school years, groups, pupils, memberships, audit and login records."""

import datetime
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from npo_planner.scholen.roles import Role

BRIN_RE = re.compile(r"^[0-9]{2}[A-Z]{2}$")
SCHOOL_YEAR_RE = re.compile(r"^(\d{4})-(\d{4})$")
PUPIL_CODE_RE = re.compile(r"^[A-Za-z0-9_-]{1,32}$")


class Board(models.Model):
    name = models.CharField(_("naam"), max_length=200, unique=True)

    class Meta:
        verbose_name = _("bestuur")
        verbose_name_plural = _("besturen")
        ordering = ["name"]

    def __str__(self):
        return self.name


class SchoolType(models.TextChoices):
    BO = "bo", _("Basisonderwijs")
    SBO = "sbo", _("Speciaal basisonderwijs")
    SO = "so", _("(Voortgezet) speciaal onderwijs")
    VO = "vo", _("Voortgezet onderwijs")


class School(models.Model):
    brin = models.CharField(
        _("BRIN"),
        max_length=4,
        unique=True,
        validators=[
            RegexValidator(BRIN_RE, _("Een BRIN bestaat uit twee cijfers en twee hoofdletters, bijv. 12AB."))
        ],
    )
    name = models.CharField(_("naam"), max_length=200)
    board = models.ForeignKey(
        Board, on_delete=models.PROTECT, related_name="schools", verbose_name=_("bestuur")
    )
    school_type = models.CharField(_("soort school"), max_length=3, choices=SchoolType, default=SchoolType.BO)

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("scholen")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.brin})"


class SchoolYear(models.Model):
    """A school year (1 Aug – 31 Jul). The money of a year is the funding stream's (`programma.funding`)."""

    label = models.CharField(_("schooljaar"), max_length=9, unique=True)
    start = models.DateField(_("begin"))
    end = models.DateField(_("einde"))

    class Meta:
        verbose_name = _("schooljaar")
        verbose_name_plural = _("schooljaren")
        ordering = ["start"]

    def __str__(self):
        return self.label

    @staticmethod
    def label_for(day: datetime.date) -> str:
        first = day.year if day.month >= 8 else day.year - 1
        return f"{first}-{first + 1}"

    @staticmethod
    def dates_for(label: str) -> tuple[datetime.date, datetime.date]:
        match = SCHOOL_YEAR_RE.match(label or "")
        if not match or int(match[2]) != int(match[1]) + 1:
            raise ValidationError(_("Een schooljaar schrijf je als 2021-2022."))
        first = int(match[1])
        return datetime.date(first, 8, 1), datetime.date(first + 1, 7, 31)

    def clean(self):
        start, end = self.dates_for(self.label)
        if self.start != start or self.end != end:
            raise ValidationError(
                _("Schooljaar %(label)s loopt van 1 augustus tot 31 juli.") % {"label": self.label}
            )


def stage_for_grade(grade: int) -> str:
    """onderbouw 1–3, middenbouw 4–6, bovenbouw 7–8."""
    if grade <= 3:
        return "onderbouw"
    if grade <= 6:
        return "middenbouw"
    return "bovenbouw"


class Group(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="groups")
    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, related_name="groups")
    name = models.CharField(_("groep"), max_length=20)
    grade = models.PositiveSmallIntegerField(_("leerjaar"))
    pupils = models.ManyToManyField("Pupil", through="Enrollment", related_name="groups")

    class Meta:
        verbose_name = _("groep")
        verbose_name_plural = _("groepen")
        ordering = ["grade", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "school_year", "name"], name="group_unique_name_per_year"
            ),
            models.CheckConstraint(
                condition=Q(grade__gte=1, grade__lte=8),
                name="group_grade_1_8",
                violation_error_message=_("Het leerjaar van een groep ligt tussen 1 en 8."),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def stage(self) -> str:
        return stage_for_grade(self.grade)


class Pupil(models.Model):
    """A pseudonymous pupil: the school's own code (LVS number) and at most a first name."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="pupils")
    code = models.CharField(
        _("leerlingcode"),
        max_length=32,
        validators=[RegexValidator(PUPIL_CODE_RE, _("Gebruik 1–32 tekens: letters, cijfers, - of _."))],
    )
    first_name = models.CharField(_("voornaam"), max_length=50, blank=True)
    left_on = models.DateField(_("van school af op"), null=True, blank=True)

    class Meta:
        verbose_name = _("leerling")
        verbose_name_plural = _("leerlingen")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["school", "code"], name="pupil_unique_code_per_school")
        ]

    def __str__(self):
        return self.code


class Enrollment(models.Model):
    """A pupil in a group for a school year, with the pupil's own grade: a combination group (5/6) holds pupils
    of two grades. `grade` defaults to the group's grade; `Group.grade` is then the group's lowest grade."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="enrollments")
    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="enrollments")
    grade = models.PositiveSmallIntegerField(_("leerjaar"))

    class Meta:
        verbose_name = _("groepsindeling")
        verbose_name_plural = _("groepsindelingen")
        constraints = [
            models.UniqueConstraint(fields=["group", "pupil"], name="enrollment_unique"),
            models.CheckConstraint(
                condition=Q(grade__gte=1, grade__lte=8),
                name="enrollment_grade_1_8",
                violation_error_message=_("Het leerjaar van een leerling ligt tussen 1 en 8."),
            ),
        ]

    def __str__(self):
        return f"{self.pupil_id} in {self.group_id}"

    def save(self, *args, **kwargs):
        if self.grade is None and self.group_id is not None:
            self.grade = self.group.grade
        super().save(*args, **kwargs)


class Membership(models.Model):
    """A user's role: in one school, or (bestuur) in every school of one board."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("rol"), max_length=12, choices=Role)
    school = models.ForeignKey(
        School, on_delete=models.CASCADE, related_name="memberships", null=True, blank=True
    )
    board = models.ForeignKey(
        Board, on_delete=models.CASCADE, related_name="memberships", null=True, blank=True
    )
    groups = models.ManyToManyField(
        Group, blank=True, related_name="teachers", verbose_name=_("eigen groepen")
    )

    class Meta:
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")
        constraints = [
            models.CheckConstraint(
                condition=(Q(role=Role.BESTUUR, board__isnull=False, school__isnull=True))
                | (~Q(role=Role.BESTUUR) & Q(board__isnull=True, school__isnull=False)),
                name="membership_board_xor_school",
                violation_error_message=_(
                    "Een bestuurslid hoort bij een bestuur en bij geen school; elke andere rol hoort bij een "
                    "school en bij geen bestuur."
                ),
            ),
            models.UniqueConstraint(fields=["user", "school"], name="membership_one_role_per_school"),
            models.UniqueConstraint(fields=["user", "board"], name="membership_one_per_board"),
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} – {self.school or self.board}"


class AuditEntry(models.Model):
    """Who changed or exported what, and when. Written by services, read by the directeur.

    A school with an audit log is never deleted along the way (PROTECT): `manage.py delete_school` writes the
    school's backup, audit log included, records the deletion and only then removes both."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="audit_entries", null=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    username = models.CharField(max_length=150, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    action = models.CharField(_("actie"), max_length=60)
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=60, blank=True)
    summary = models.CharField(_("omschrijving"), max_length=500)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("auditregel")
        verbose_name_plural = _("auditlog")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["school", "-at"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action}"


class AuthEvent(models.Model):
    class Kind(models.TextChoices):
        LOGIN = "login", _("Ingelogd")
        FAILURE = "failure", _("Mislukte poging")
        LOCKED = "locked", _("Geblokkeerd")
        LOGOUT = "logout", _("Uitgelogd")
        UNLOCK = "unlock", _("Blokkade opgeheven")
        RESET_MAIL = "reset_mail", _("Mail voor nieuw wachtwoord verstuurd")

    username = models.CharField(max_length=150, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        verbose_name = _("inlogregel")
        verbose_name_plural = _("inloglog")
        ordering = ["-at"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.kind}"


class TwoFactorDevice(models.Model):
    """A user's authenticator app (TOTP). Confirmed once the user has entered a first valid code."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="two_factor")
    secret = models.CharField(max_length=64)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    last_used_step = models.BigIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("tweestapsverificatie")
        verbose_name_plural = _("tweestapsverificaties")

    def __str__(self):
        state = _("actief") if self.confirmed_at else _("niet bevestigd")
        return f"{self.user} ({state})"


class RecoveryCode(models.Model):
    """A single-use code for when the phone is lost; only its hash is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recovery_codes"
    )
    code_hash = models.CharField(max_length=64)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("herstelcode")
        verbose_name_plural = _("herstelcodes")

    def __str__(self):
        state = _("gebruikt") if self.used_at else _("ongebruikt")
        return f"{self.user} {state}"


class PupilAccess(models.Model):
    """Who opened or exported which pupil's data, and when (privacy: reads of pupil-level pages are logged)."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="pupil_accesses")
    pupil = models.ForeignKey(Pupil, on_delete=models.SET_NULL, null=True, related_name="accesses")
    pupil_code = models.CharField(max_length=32)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    username = models.CharField(max_length=150)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    # One row per user, pupil and day (the first view of that day): a group page shown 25 times adds no rows.
    day = models.DateField(default=timezone.localdate)
    what = models.CharField(max_length=100)

    class Meta:
        verbose_name = _("inzage leerlinggegevens")
        verbose_name_plural = _("inzagelog leerlinggegevens")
        ordering = ["-at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "pupil", "day"], name="pupil_access_once_a_day"),
        ]
        indexes = [models.Index(fields=["school", "-at"], name="pupil_access_school_at")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.pupil_code} {self.what}"


class RetentionRun(models.Model):
    """A record that the retention clean-up ran and how many pupils it removed per school (BRIN -> count; no
    pupil codes: they are erased everywhere)."""

    at = models.DateTimeField(auto_now_add=True)
    cutoff = models.DateField()
    dry_run = models.BooleanField(default=False)
    removed = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("opschoonronde")
        verbose_name_plural = _("opschoonrondes")
        ordering = ["-at"]

    def __str__(self):
        return _("%(at)s tot %(cutoff)s") % {"at": f"{self.at:%Y-%m-%d %H:%M}", "cutoff": self.cutoff}


class PendingRoster(models.Model):
    """A roster between preview and confirm: only the columns kept (code, group, grade, first name), never the
    file itself, so the personal columns it had are nowhere in the database."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    school_year = models.ForeignKey(SchoolYear, on_delete=models.CASCADE, related_name="+")
    filename = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    rows = models.JSONField(default=list)  # [[row number, code, group, grade, first name], ...]
    personal_columns = models.JSONField(default=list)
    other_columns = models.JSONField(default=list)
    warnings = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("groepsindeling in afwachting")
        verbose_name_plural = _("groepsindelingen in afwachting")

    def __str__(self):
        return self.filename


class MappingKind(models.TextChoices):
    """The kinds of import file a school's saved mapping belongs to (npo_planner.lib.column_mapping)."""

    KANVAS = "kanvas", _("KanVAS-antwoorden")
    SOCIOGRAM = "sociogram", _("sociogram")
    SURVEY = "ouderpeiling", _("ouderpeiling")
    ROSTER = "rooster", _("groepsindeling")
    SPENDING = "besteding", _("bestedingen")


class ImportMapping(models.Model):
    """A school's mapping of a kind of file: file column → field and file word → value (CONTRACT §5), chosen once
    in the mapping step and used for every later file of that kind. Column names and answer words only: the
    mapping never holds a cell of personal data."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="import_mappings")
    kind = models.CharField(max_length=20, choices=MappingKind)
    columns = models.JSONField(default=dict, blank=True)  # file column → field
    values = models.JSONField(default=dict, blank=True)  # file word → value
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("koppeling voor importbestanden")
        verbose_name_plural = _("koppelingen voor importbestanden")
        constraints = [
            models.UniqueConstraint(fields=["school", "kind"], name="import_mapping_one_per_kind"),
        ]

    def __str__(self):
        return f"{self.school} · {self.get_kind_display()}"
