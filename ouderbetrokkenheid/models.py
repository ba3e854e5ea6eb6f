"""Parent-involvement surveys (seed 003): templates of statements and involvement options, surveys per school
year, anonymous responses with their answers, remark themes, and the agreements the school makes from them."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from npo_planner.scholen.models import School, SchoolYear
from ouderbetrokkenheid.answer_row import OPTION_PATTERN, STATEMENT_PATTERN, answer_codes, encode_codes
from ouderbetrokkenheid.themes import OWN_MARKER, THEME_CHOICES, own_code, parse_keywords

STATEMENT_SCALE = {
    1: _("oneens"),
    2: _("een beetje oneens"),
    3: _("een beetje eens"),
    4: _("mee eens"),
}
OPTION_SCALE = {
    1: _("niet belangrijk"),
    2: _("een beetje belangrijk"),
    3: _("belangrijk"),
}
REMARK_MAX = 2000
KEYWORD_MIN = 2
THEME_ORDER_MAX = 999


class Stage(models.TextChoices):
    ONDERBOUW = "onderbouw", _("Onderbouw (groep 1-3)")
    MIDDENBOUW = "middenbouw", _("Middenbouw (groep 4-6)")
    BOVENBOUW = "bovenbouw", _("Bovenbouw (groep 7-8)")


class RespondentKind(models.TextChoices):
    PARENT = "ouder", _("Ouder")
    TEAM = "team", _("Teamlid")


def stages_from_text(text: str) -> list[str]:
    """'onderbouw,bovenbouw' → ['onderbouw', 'bovenbouw'] in the fixed order; unknown codes are dropped."""
    given = {part.strip() for part in (text or "").split(",")}
    return [code for code in Stage.values if code in given]


def stages_label(codes) -> str:
    labels = {"onderbouw": _("onderbouw"), "middenbouw": _("middenbouw"), "bovenbouw": _("bovenbouw")}
    return ", ".join(str(labels[c]) for c in codes if c in labels)


class SurveyTemplate(models.Model):
    """A questionnaire: numbered statements (4-point scale) and involvement options (3-point scale).

    `school` empty = a template every school may use (the default from seed 003); a school edits only its own
    copies."""

    school = models.ForeignKey(
        School, on_delete=models.CASCADE, related_name="survey_templates", null=True, blank=True
    )
    code = models.SlugField(_("code"), max_length=40, blank=True)
    name = models.CharField(_("naam"), max_length=200)
    intro = models.TextField(_("inleiding voor ouders"), blank=True)
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="copies"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("vragenlijstsjabloon")
        verbose_name_plural = _("vragenlijstsjablonen")
        ordering = ["school_id", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=~Q(code=""), name="surveytemplate_unique_code"
            ),
        ]

    def __str__(self):
        return self.name


class TemplateStatement(models.Model):
    template = models.ForeignKey(SurveyTemplate, on_delete=models.CASCADE, related_name="statements")
    number = models.PositiveSmallIntegerField(_("nummer"))
    parent_text = models.CharField(_("tekst voor ouders"), max_length=400)
    team_text = models.CharField(_("tekst voor het team"), max_length=400, blank=True)
    parents_only = models.BooleanField(_("alleen voor ouders"), default=False)

    class Meta:
        verbose_name = _("stelling")
        verbose_name_plural = _("stellingen")
        ordering = ["template_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["template", "number"], name="statement_unique_number"),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="statement_number_positive",
                violation_error_message=_("Het nummer van een stelling is 1 of hoger."),
            ),
        ]

    def __str__(self):
        return f"s{self.number}"

    @property
    def code(self) -> str:
        return f"s{self.number}"

    def clean(self):
        if not self.parents_only and not self.team_text.strip():
            raise ValidationError(
                {"team_text": _("Geef de tekst voor het team, of kies 'alleen voor ouders'.")}
            )


class TemplateOption(models.Model):
    template = models.ForeignKey(SurveyTemplate, on_delete=models.CASCADE, related_name="options")
    number = models.PositiveSmallIntegerField(_("nummer"))
    parent_text = models.CharField(_("tekst voor ouders"), max_length=400)
    team_text = models.CharField(_("tekst voor het team"), max_length=400)

    class Meta:
        verbose_name = _("suggestie")
        verbose_name_plural = _("suggesties")
        ordering = ["template_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["template", "number"], name="option_unique_number"),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="option_number_positive",
                violation_error_message=_("Het nummer van een suggestie is 1 of hoger."),
            ),
        ]

    def __str__(self):
        return f"p{self.number}"

    @property
    def code(self) -> str:
        return f"p{self.number}"


def new_token() -> str:
    return secrets.token_urlsafe(24)


PUBLIC_ID_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"  # no 0/o, 1/l/i: easy to read aloud and to type
PUBLIC_ID_LENGTH = 10


def new_public_id() -> str:
    """A random code for a response on pages and in URLs: unlike the database id it says nothing about which
    answer came first or last, so it cannot tie an answer to the moment a parent sent it."""
    return "".join(secrets.choice(PUBLIC_ID_ALPHABET) for _ in range(PUBLIC_ID_LENGTH))


class Survey(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "gesloten", _("Gesloten")

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="surveys")
    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, related_name="surveys")
    template = models.ForeignKey(SurveyTemplate, on_delete=models.PROTECT, related_name="surveys")
    title = models.CharField(_("titel"), max_length=200)
    starts_on = models.DateField(_("eerste dag"), null=True, blank=True)
    ends_on = models.DateField(_("laatste dag"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.OPEN)
    # The parents' link and the team's link: two unguessable tokens, so nobody answers as team with the parents' link.
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    team_token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("ouderpeiling")
        verbose_name_plural = _("ouderpeilingen")
        ordering = ["school_year__start", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "school_year", "title"], name="survey_unique_title_per_year"
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.school_year})"

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("De laatste dag ligt vóór de eerste dag.")})
        if self.template_id and self.template.school_id not in (None, self.school_id):
            raise ValidationError({"template": _("Dit sjabloon hoort bij een andere school.")})

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED

    def accepts_online_answers(self, today=None) -> bool:
        today = today or timezone.localdate()
        if self.status != self.Status.OPEN:
            return False
        if self.starts_on and today < self.starts_on:
            return False
        return not (self.ends_on and today > self.ends_on)


class SchoolTheme(models.Model):
    """A school's own theme for open remarks, offered after the default themes (ouderbetrokkenheid.themes) and
    before 'Overig'. Remarks refer to it by key (Response.own_theme), so renaming keeps them tagged."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="remark_themes")
    label = models.CharField(_("naam"), max_length=60)
    keywords = models.CharField(
        _("trefwoorden"),
        max_length=400,
        blank=True,
        help_text=_(
            "Gescheiden door komma's, bijvoorbeeld: verkeer, oversteken, parkeren. Een opmerking met een van "
            "deze woorden krijgt dit thema als voorstel."
        ),
    )
    order = models.PositiveSmallIntegerField(
        _("volgorde"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(THEME_ORDER_MAX)],
        help_text=_("Thema's met een lager getal staan eerder in de lijst."),
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("eigen thema")
        verbose_name_plural = _("eigen thema's")
        ordering = ["school_id", "order", "label", "id"]
        constraints = [
            models.UniqueConstraint(
                Lower("label"),
                "school",
                name="schooltheme_unique_label",
                violation_error_message=_("De school heeft al een thema met deze naam."),
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def code(self) -> str:
        """The code the remarks page and `remarks_tag` use for this theme."""
        return own_code(self.pk)

    @property
    def keyword_list(self) -> list[str]:
        return parse_keywords(self.keywords)

    def clean(self):
        self.label = " ".join((self.label or "").split())
        if not self.label:
            raise ValidationError({"label": _("Geef het thema een naam.")})
        if self.label.casefold() in {str(label).casefold() for _code, label in THEME_CHOICES}:
            raise ValidationError(
                {
                    "label": _("'%(label)s' is al een standaardthema. Kies een andere naam.")
                    % {"label": self.label}
                }
            )
        short = [word for word in self.keyword_list if len(word) < KEYWORD_MIN]
        if short:
            raise ValidationError(
                {
                    "keywords": _("Een trefwoord heeft ten minste %(n)d tekens: %(words)s")
                    % {"n": KEYWORD_MIN, "words": ", ".join(short)}
                }
            )
        self.keywords = ", ".join(self.keyword_list)


class Response(models.Model):
    """One filled-in questionnaire. Anonymous: no name, e-mail or IP; `entered_by` is the staff member who typed a
    paper form in (empty for online answers and imports). Only the day it came in is kept (no time), and pages and
    URLs name it by its random `public_id`, never by its sequential database id: nothing ties an online answer to
    the moment a parent sent it."""

    class Source(models.TextChoices):
        """Where the answers came from. Replacing a file replaces only answers of earlier files (IMPORT): typed
        paper forms and online answers (which parents cannot give again) always stay."""

        PAPER = "papier", _("Papieren formulier")
        IMPORT = "bestand", _("Bestand")
        ONLINE = "online", _("Online")

    # Every index is written for each of a large file's rows: the survey is looked up through (survey, respondent),
    # a user's and a theme's few responses through partial indexes, the public code through its unique index only.
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses", db_index=False)
    respondent = models.CharField(_("respondent"), max_length=5, choices=RespondentKind)
    onderbouw = models.BooleanField(_("onderbouw"), default=False)
    middenbouw = models.BooleanField(_("middenbouw"), default=False)
    bovenbouw = models.BooleanField(_("bovenbouw"), default=False)
    remark = models.TextField(_("opmerking"), blank=True, max_length=REMARK_MAX)
    # A default theme's code, '' (not yet tagged), or OWN_MARKER with `own_theme` set (a school's own theme).
    theme = models.CharField(_("thema"), max_length=30, blank=True)
    own_theme = models.ForeignKey(
        SchoolTheme,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="responses",
        verbose_name=_("eigen thema"),
        db_index=False,
    )
    source = models.CharField(max_length=10, choices=Source)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    # The answers in the row itself (ouderbetrokkenheid.answer_row): character n-1 answers statement / option n.
    statement_answers = models.TextField(_("antwoorden op de stellingen"), blank=True, default="")
    option_answers = models.TextField(_("punten voor de suggesties"), blank=True, default="")
    public_id = models.CharField(max_length=12, default=new_public_id, editable=False)
    created_on = models.DateField(_("ingevuld op"), default=timezone.localdate, editable=False)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("ingevulde vragenlijst")
        verbose_name_plural = _("ingevulde vragenlijsten")
        ordering = ["survey_id", "id"]
        indexes = [
            models.Index(fields=["survey", "respondent"]),
            models.Index(
                fields=["entered_by"], condition=Q(entered_by__isnull=False), name="response_entered_by_set"
            ),
            models.Index(
                fields=["own_theme"], condition=Q(own_theme__isnull=False), name="response_own_theme_set"
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["public_id"], name="response_unique_public_id"),
            models.CheckConstraint(
                condition=(Q(own_theme__isnull=True) & ~Q(theme=OWN_MARKER))
                | (Q(own_theme__isnull=False) & Q(theme=OWN_MARKER)),
                name="response_own_theme_marker",
                violation_error_message=_(
                    "Een antwoord met een eigen thema van de school draagt het merkteken voor eigen thema's, "
                    "en alleen dan."
                ),
            ),
            models.CheckConstraint(
                condition=Q(statement_answers__regex=STATEMENT_PATTERN)
                & Q(option_answers__regex=OPTION_PATTERN),
                name="response_answers_in_scale",
                violation_error_message=_(
                    "Een antwoord op een stelling is 1 tot en met 4, een antwoord op een suggestie 1 tot en met 3."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.get_respondent_display()} {self.public_id}"

    def clean(self):
        if self.own_theme_id and self.own_theme.school_id != self.survey.school_id:
            raise ValidationError({"own_theme": _("Dit thema hoort bij een andere school.")})

    @property
    def theme_code(self) -> str:
        """The theme as the remarks page and `remarks_tag` name it: a default code, 'eigen-<id>' or ''."""
        return own_code(self.own_theme_id) if self.own_theme_id else self.theme

    @property
    def stages(self) -> list[str]:
        return [code for code in Stage.values if getattr(self, code)]

    @property
    def answers(self) -> dict[str, int]:
        """The answers by code, statements first: {'s1': 3, 's4': 1, 'p2': 3}; an item left empty is absent."""
        return answer_codes(self.statement_answers, self.option_answers)

    def set_answers(self, answers: dict[str, int]) -> None:
        """Store answers given by code ({'s1': 3, 'p2': 1}); the ones not given are empty."""
        self.statement_answers, self.option_answers = encode_codes(answers)


class SurveyImport(models.Model):
    """Who imported which file into which survey, when, and how many rows it wrote (CONTRACT §1)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="imports")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    username = models.CharField(max_length=150, blank=True)
    filename = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    rows = models.PositiveIntegerField()
    replaced = models.BooleanField(default=False)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("import van een ouderpeiling")
        verbose_name_plural = _("imports van ouderpeilingen")
        ordering = ["-at"]

    def __str__(self):
        return f"{self.filename} → {self.survey_id}"


class ImportMode(models.TextChoices):
    """What a survey file does with the answers already there (CONTRACT §1)."""

    ADD = "toevoegen", _("Toevoegen aan de antwoorden die er al zijn")
    REPLACE = (
        "vervangen",
        _("Antwoorden uit eerdere bestanden vervangen (papieren en online antwoorden blijven staan)"),
    )


class PendingSurveyFile(models.Model):
    """An uploaded survey file between preview and confirmation: the bytes in the database, for this survey and
    user only; removed once read in or discarded (and after a day)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    filename = models.CharField(max_length=255)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    data = models.BinaryField()
    mode = models.CharField(max_length=10, choices=ImportMode, blank=True)
    # The responses read from the file once it passed the checks (`importers.rows_to_json`, a column each); the
    # preview and the confirmation use them, and the file's bytes are then dropped (with the columns ignored).
    parsed = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Confirmed: a background job is writing it (ouderbetrokkenheid.import_jobs); a new upload leaves it alone.
    confirmed = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("peilingbestand in afwachting")
        verbose_name_plural = _("peilingbestanden in afwachting")

    def __str__(self):
        return self.filename


class Agreement(models.Model):
    """A school-wide agreement on involving parents (seed 003's conclusion), taken over by the programme."""

    class Frequency(models.TextChoices):
        WEEKLY = "wekelijks", _("wekelijks")
        MONTHLY = "maandelijks", _("maandelijks")
        TERMLY = "per_periode", _("een keer per periode")
        TWICE_YEARLY = "twee_per_jaar", _("twee keer per jaar")
        YEARLY = "jaarlijks", _("jaarlijks")
        ONCE = "eenmalig", _("eenmalig")

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="parent_agreements")
    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, related_name="parent_agreements")
    survey = models.ForeignKey(
        Survey,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreements",
        verbose_name=_("naar aanleiding van peiling"),
    )
    what = models.CharField(_("wat"), max_length=300)
    stages = models.CharField(_("voor welke bouw"), max_length=40)
    frequency = models.CharField(_("hoe vaak"), max_length=15, choices=Frequency)
    who = models.CharField(_("wie"), max_length=200)
    starts_on = models.DateField(_("met ingang van"))
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("afspraak ouderbetrokkenheid")
        verbose_name_plural = _("afspraken ouderbetrokkenheid")
        ordering = ["starts_on", "id"]

    def __str__(self):
        return self.what

    @property
    def stage_list(self) -> list[str]:
        return stages_from_text(self.stages)

    def get_stages_display(self) -> str:
        return stages_label(self.stage_list)

    def clean(self):
        if not self.stage_list:
            raise ValidationError({"stages": _("Kies ten minste één bouw.")})
        if self.survey_id and self.survey.school_id != self.school_id:
            raise ValidationError({"survey": _("Deze peiling hoort bij een andere school.")})
