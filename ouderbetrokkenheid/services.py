"""Writes of the parent-survey app: keyword-only, atomic, validated, audited."""

import datetime
import hashlib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from npo_planner.lib.edit_conflict import lock_for_edit
from npo_planner.scholen.models import School, SchoolYear
from npo_planner.scholen.pupil_mentions import refuse_pupil_mentions, refuse_pupil_mentions_in
from npo_planner.scholen.services import audit_record
from ouderbetrokkenheid.answers import Filled, check_filled
from ouderbetrokkenheid.importers import ImportResult, responses_import
from ouderbetrokkenheid.models import (
    THEME_ORDER_MAX,
    Agreement,
    ImportMode,
    PendingSurveyFile,
    Response,
    SchoolTheme,
    Survey,
    SurveyTemplate,
    TemplateOption,
    TemplateStatement,
)
from ouderbetrokkenheid.tasks import survey_charts_redraw
from ouderbetrokkenheid.themes import OTHER, OWN_MARKER, THEME_LABELS, own_pk

# --- templates -------------------------------------------------------------------------------------------


def template_in_use(template: SurveyTemplate) -> bool:
    return Response.objects.filter(survey__template=template).exists()


@transaction.atomic
def template_copy(*, user, school: School, source: SurveyTemplate, name: str = "") -> SurveyTemplate:
    if source.school_id not in (None, school.pk):
        raise ValidationError(_("Dit sjabloon hoort bij een andere school."))
    copy = SurveyTemplate(
        school=school,
        name=(name or _("Kopie van %(name)s") % {"name": source.name})[:200],
        intro=source.intro,
        copied_from=source,
    )
    copy.full_clean()
    copy.save()
    TemplateStatement.objects.bulk_create(
        [
            TemplateStatement(
                template=copy,
                number=s.number,
                parent_text=s.parent_text,
                team_text=s.team_text,
                parents_only=s.parents_only,
            )
            for s in source.statements.all()
        ]
    )
    TemplateOption.objects.bulk_create(
        [
            TemplateOption(template=copy, number=o.number, parent_text=o.parent_text, team_text=o.team_text)
            for o in source.options.all()
        ]
    )
    audit_record(
        user=user,
        school=school,
        action="ouderpeiling.sjabloon_kopie",
        summary=_("Sjabloon gekopieerd: %(name)s") % {"name": copy.name},
        target=copy,
    )
    return copy


@transaction.atomic
def template_update(
    *,
    user,
    template: SurveyTemplate,
    version: int,
    name: str,
    intro: str,
    statements: list[dict],
    options: list[dict],
) -> SurveyTemplate:
    """Replace name, intro, statements and options (each a dict of texts, numbered in the given order).

    Once a survey with answers uses the template, only wording may change: the number of statements and options
    and which statements are parents-only stay, so earlier answers keep their meaning."""
    if template.school_id is None:
        raise ValidationError(_("Het standaardsjabloon kan niet worden gewijzigd; maak er een kopie van."))
    template = lock_for_edit(SurveyTemplate.objects.filter(pk=template.pk), seen=version)
    if not statements:
        raise ValidationError(_("Een vragenlijst heeft ten minste één stelling."))
    old_statements = list(template.statements.all())
    old_options = list(template.options.all())
    if template_in_use(template):
        same_shape = len(old_statements) == len(statements) and len(old_options) == len(options)
        if not same_shape or any(
            bool(new.get("parents_only")) != old.parents_only
            for old, new in zip(old_statements, statements, strict=False)
        ):
            raise ValidationError(
                _(
                    "Dit sjabloon is al ingevuld. U kunt alleen de teksten aanpassen; voor andere stellingen of "
                    "suggesties maakt u een kopie."
                )
            )
    template.name = name
    template.intro = intro
    template.full_clean()
    template.save()
    new_statements = [
        TemplateStatement(
            template=template,
            number=index,
            parent_text=item["parent_text"],
            team_text="" if item.get("parents_only") else item.get("team_text", ""),
            parents_only=bool(item.get("parents_only")),
        )
        for index, item in enumerate(statements, start=1)
    ]
    new_options = [
        TemplateOption(
            template=template, number=index, parent_text=item["parent_text"], team_text=item["team_text"]
        )
        for index, item in enumerate(options, start=1)
    ]
    for obj in [*new_statements, *new_options]:
        obj.full_clean(exclude=["template"], validate_unique=False)
    template.statements.all().delete()
    template.options.all().delete()
    TemplateStatement.objects.bulk_create(new_statements)
    TemplateOption.objects.bulk_create(new_options)
    audit_record(
        user=user,
        school=template.school,
        action="ouderpeiling.sjabloon_wijzigen",
        summary=_("Sjabloon gewijzigd: %(name)s") % {"name": template.name},
        target=template,
    )
    return template


# --- surveys ---------------------------------------------------------------------------------------------


@transaction.atomic
def survey_create(
    *,
    user,
    school: School,
    school_year: SchoolYear,
    title: str,
    template: SurveyTemplate,
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
) -> Survey:
    refuse_pupil_mentions(school=school, texts={"title": title})  # the MR, board and programme PDF show it
    survey = Survey(
        school=school,
        school_year=school_year,
        template=template,
        title=title,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    survey.full_clean()
    survey.save()
    audit_record(
        user=user,
        school=school,
        action="ouderpeiling.aanmaken",
        summary=_("Ouderpeiling aangemaakt: %(title)s") % {"title": title},
        target=survey,
    )
    return survey


@transaction.atomic
def survey_update(
    *,
    user,
    survey: Survey,
    version: int,
    title: str,
    starts_on: datetime.date | None,
    ends_on: datetime.date | None,
    status: str,
) -> Survey:
    survey = lock_for_edit(Survey.objects.filter(pk=survey.pk), seen=version)
    refuse_pupil_mentions(
        school=survey.school, texts={"title": title}
    )  # the MR, board and programme PDF show it
    survey.title, survey.starts_on, survey.ends_on, survey.status = title, starts_on, ends_on, status
    survey.full_clean()
    survey.save()
    audit_record(
        user=user,
        school=survey.school,
        action="ouderpeiling.wijzigen",
        summary=_("Ouderpeiling gewijzigd: %(title)s (%(status)s)")
        % {"title": title, "status": survey.get_status_display()},
        target=survey,
    )
    return survey


@transaction.atomic
def survey_delete(*, user, survey: Survey) -> None:
    """Delete a survey with all its answers (e.g. one made by mistake)."""
    school, title, n = survey.school, survey.title, survey.responses.count()
    survey.delete()
    audit_record(
        user=user,
        school=school,
        action="ouderpeiling.verwijderen",
        summary=_("Ouderpeiling verwijderd: %(title)s (%(n)s vragenlijsten)") % {"title": title, "n": n},
    )


# --- responses -------------------------------------------------------------------------------------------


def _require_open(survey: Survey) -> None:
    """A closed survey's results are final: no form is added, corrected or removed until it is reopened."""
    if survey.is_closed:
        raise ValidationError(
            _("Deze peiling is gesloten. Heropen de peiling om formulieren in te voeren of te wijzigen.")
        )


def _template_shape(survey: Survey) -> tuple[set[int], int, int]:
    statements = list(survey.template.statements.values_list("number", "parents_only"))
    parents_only = {number for number, only in statements if only}
    return parents_only, len(statements), survey.template.options.count()


def _validated(survey: Survey, filled: Filled) -> None:
    parents_only, n_statements, n_options = _template_shape(survey)
    errors = check_filled(filled, parents_only=parents_only, n_statements=n_statements, n_options=n_options)
    if errors:
        raise ValidationError(errors)


def _apply(response: Response, filled: Filled) -> None:
    response.respondent = filled.respondent
    for stage in ("onderbouw", "middenbouw", "bovenbouw"):
        setattr(response, stage, stage in filled.stages)
    response.remark = filled.remark.strip()
    response.set_answers(filled.answers)


@transaction.atomic
def response_record(*, user, survey: Survey, filled: Filled, source: str = Response.Source.PAPER) -> Response:
    """Store one questionnaire (a paper form typed in by `user`, or an online answer with `user` None).

    An online answer gets no audit entry: its time and id there would tie the anonymous answer to the moment a
    parent sent it (the response keeps only its day)."""
    survey = Survey.objects.select_for_update().select_related("template").get(pk=survey.pk)
    if source == Response.Source.ONLINE and not survey.accepts_online_answers():
        raise ValidationError(_("Deze peiling is gesloten."))
    _require_open(survey)
    _validated(survey, filled)
    response = Response(
        survey=survey, source=source, entered_by=user if source == Response.Source.PAPER else None
    )
    _apply(response, filled)
    response.full_clean()
    response.save()
    survey_charts_redraw(survey)
    if source != Response.Source.ONLINE:
        audit_record(
            user=user,
            school=survey.school,
            action="ouderpeiling.formulier",
            summary=_("Vragenlijst %(code)s (%(source)s) toegevoegd aan %(title)s")
            % {
                "code": response.public_id,
                "source": response.get_source_display().lower(),
                "title": survey.title,
            },
            target=survey,
        )
    return response


@transaction.atomic
def response_update(*, user, response: Response, version: int, filled: Filled) -> Response:
    """Correct a wrongly entered form: its answers are replaced as a whole."""
    response = lock_for_edit(Response.objects.filter(pk=response.pk), seen=version)
    _require_open(Survey.objects.select_for_update().get(pk=response.survey_id))
    _validated(response.survey, filled)
    _apply(response, filled)
    response.full_clean()
    response.save()
    survey_charts_redraw(response.survey)
    audit_record(
        user=user,
        school=response.survey.school,
        action="ouderpeiling.formulier_corrigeren",
        summary=_("Vragenlijst %(code)s gecorrigeerd in %(title)s")
        % {"code": response.public_id, "title": response.survey.title},
        target=response.survey,
    )
    return response


@transaction.atomic
def response_delete(*, user, response: Response) -> None:
    survey = Survey.objects.select_for_update().select_related("school").get(pk=response.survey_id)
    _require_open(survey)
    code = response.public_id
    response.delete()
    survey_charts_redraw(survey)
    audit_record(
        user=user,
        school=survey.school,
        action="ouderpeiling.formulier_verwijderen",
        summary=_("Vragenlijst %(code)s verwijderd uit %(title)s") % {"code": code, "title": survey.title},
        target=survey,
    )


def _theme_fields(code: str, own: dict[int, SchoolTheme]) -> tuple[str, SchoolTheme | None]:
    """A theme code from the remarks page → (Response.theme, Response.own_theme); refuses an unknown code and a
    theme of another school (`own` holds only the survey's school's themes)."""
    if code == "" or (code in THEME_LABELS and code != OWN_MARKER):
        return code, None
    pk = own_pk(code)
    if pk is None:
        raise ValidationError(_("Onbekend thema."))
    if pk not in own:
        raise ValidationError(
            _("Onbekend thema. Misschien is het intussen verwijderd; laad de pagina opnieuw.")
        )
    return OWN_MARKER, own[pk]


@transaction.atomic
def remarks_tag(
    *, user, survey: Survey, themes: dict[int, str], seen: dict[int, str] | None = None
) -> tuple[int, int]:
    """Set the theme of remarks of this survey ({response id: theme code or ''}); a code is a default theme's,
    or 'eigen-<id>' for one of the school's own themes (never another school's).

    `seen` holds the theme each remark had when the user opened the page: a remark someone else has tagged since
    is left alone (no silent overwrite). Returns (changed, conflicts)."""
    wanted = {own_pk(code) for code in themes.values()} - {None}
    # Locked, so a theme removed meanwhile (its remarks moved to 'Overig') cannot be set again.
    own = {
        t.pk: t
        for t in SchoolTheme.objects.select_for_update().filter(school=survey.school_id, pk__in=wanted)
    }
    fields = {pk: _theme_fields(code, own) for pk, code in themes.items()}
    responses = {r.pk: r for r in survey.responses.select_for_update().filter(pk__in=themes.keys())}
    changed, conflicts = [], 0
    for pk, code in themes.items():
        response = responses.get(pk)
        if response is None or response.theme_code == code:
            continue
        if seen is not None and pk in seen and seen[pk] != response.theme_code:
            conflicts += 1
            continue
        response.theme, response.own_theme = fields[pk]
        changed.append(response)
    Response.objects.bulk_update(changed, ["theme", "own_theme"])
    if changed:
        audit_record(
            user=user,
            school=survey.school,
            action="ouderpeiling.thema",
            summary=_("%(n)s opmerking(en) van een thema voorzien in %(title)s")
            % {"n": len(changed), "title": survey.title},
            target=survey,
        )
    return len(changed), conflicts


# --- survey files: upload, preview, confirm ----------------------------------------------------------------

PENDING_TTL = datetime.timedelta(days=1)


@transaction.atomic
def survey_file_store(
    *, user, survey: Survey, filename: str, data: bytes, mode: str, parsed: dict | None = None
) -> PendingSurveyFile:
    """Keep a file between preview and confirmation (for this survey and user only; one at a time). A checked
    file is kept as its rows read (`parsed`), not as its bytes: the columns it had besides (names, e-mail
    addresses) are never stored; a file still to be mapped is kept as bytes until it is mapped or discarded."""
    PendingSurveyFile.objects.filter(created_at__lt=timezone.now() - PENDING_TTL).delete()
    # One file in hand per survey and user; a confirmed one is being written by a background job.
    PendingSurveyFile.objects.filter(survey=survey, user=user, confirmed=False).delete()
    pending = PendingSurveyFile(
        survey=survey,
        user=user,
        filename=(filename or "bestand")[:255],
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        data=b"" if parsed is not None else data,
        parsed=parsed,
        mode=mode,
    )
    pending.full_clean(exclude=["data", "parsed"])
    pending.save()
    return pending


def survey_file_confirm(*, user, pending: PendingSurveyFile) -> ImportResult:
    """Read the previewed file in (all or nothing) and forget it; raises ImportErrors as the import does.

    The pending file is removed first, inside the transaction: a second confirm of the same file (a double click,
    a second tab, a retried job after success) finds it gone — it waits for the first one's commit — and imports
    nothing."""
    data = bytes(pending.data)
    if pending.parsed is None and hashlib.sha256(data).hexdigest() != pending.sha256:
        raise ValidationError(_("Het bewaarde bestand is veranderd; kies het bestand opnieuw."))
    survey = pending.survey
    with transaction.atomic():
        if not PendingSurveyFile.objects.filter(pk=pending.pk).delete()[0]:
            raise ValidationError(_("Dit bestand is al ingelezen of weggegooid."))
        return responses_import(
            user=user,
            school=survey.school,
            year_label=survey.school_year.label,
            title=survey.title,
            data=data,
            filename=pending.filename,
            replace=pending.mode == ImportMode.REPLACE,
            add=pending.mode == ImportMode.ADD,
            parsed=pending.parsed,
        )


# --- a school's own remark themes --------------------------------------------------------------------------


@transaction.atomic
def school_theme_create(
    *, user, school: School, label: str, keywords: str = "", order: int | None = None
) -> SchoolTheme:
    """Add a theme of the school's own; without `order` it comes after the school's other themes."""
    if order is None:
        last = SchoolTheme.objects.filter(school=school).aggregate(m=Max("order"))["m"] or 0
        order = min(last + 1, THEME_ORDER_MAX)
    theme = SchoolTheme(school=school, label=label, keywords=keywords, order=order)
    theme.full_clean()
    theme.save()
    audit_record(
        user=user,
        school=school,
        action="ouderpeiling.eigen_thema",
        summary=_("Eigen thema toegevoegd: %(label)s") % {"label": theme.label},
        target=theme,
    )
    return theme


@transaction.atomic
def school_theme_update(
    *, user, theme: SchoolTheme, version: int, label: str, keywords: str, order: int
) -> SchoolTheme:
    """Rename a theme or change its keywords or place; remarks tagged with it keep it."""
    theme = lock_for_edit(SchoolTheme.objects.filter(pk=theme.pk), seen=version)
    old_label = theme.label
    theme.label, theme.keywords, theme.order = label, keywords, order
    theme.full_clean()
    theme.save()
    audit_record(
        user=user,
        school=theme.school,
        action="ouderpeiling.eigen_thema_wijzigen",
        summary=_("Eigen thema gewijzigd: %(old)s → %(new)s") % {"old": old_label, "new": theme.label},
        target=theme,
        data={"old_label": old_label, "label": theme.label},
    )
    return theme


@transaction.atomic
def school_theme_delete(*, user, theme: SchoolTheme, version: int) -> int:
    """Remove a theme of the school's own; the remarks tagged with it get 'Overig'. Returns how many moved."""
    theme = lock_for_edit(SchoolTheme.objects.filter(pk=theme.pk), seen=version)
    moved = Response.objects.filter(own_theme=theme).update(theme=OTHER, own_theme=None)
    label, school = theme.label, theme.school
    theme.delete()
    audit_record(
        user=user,
        school=school,
        action="ouderpeiling.eigen_thema_verwijderen",
        summary=ngettext(
            "Eigen thema verwijderd: %(label)s (%(n)d opmerking naar 'Overig')",
            "Eigen thema verwijderd: %(label)s (%(n)d opmerkingen naar 'Overig')",
            moved,
        )
        % {"label": label, "n": moved},
        data={"label": label, "moved_to_other": moved},
    )
    return moved


# --- agreements ------------------------------------------------------------------------------------------

AGREEMENT_FIELDS = ("what", "stages", "frequency", "who", "starts_on", "survey")


def _refuse_pupil_mentions(school: School, fields: dict) -> None:
    """Agreements are read by the MR, the board and in the programme's PDF: no pupil codes or first names (the
    'who' field names staff on purpose)."""
    values = {key: fields.get(key) for key in AGREEMENT_FIELDS}
    refuse_pupil_mentions_in(school=school, model=Agreement, values=values, staff_names=("who",))


@transaction.atomic
def agreement_create(*, user, school: School, school_year: SchoolYear, **fields) -> Agreement:
    _refuse_pupil_mentions(school, fields)
    agreement = Agreement(
        school=school, school_year=school_year, **{k: fields.get(k) for k in AGREEMENT_FIELDS}
    )
    agreement.full_clean()
    agreement.save()
    audit_record(
        user=user,
        school=school,
        action="ouderpeiling.afspraak",
        summary=_("Afspraak vastgelegd: %(what)s") % {"what": agreement.what},
        target=agreement,
    )
    return agreement


@transaction.atomic
def agreement_update(*, user, agreement: Agreement, version: int, **fields) -> Agreement:
    agreement = lock_for_edit(Agreement.objects.filter(pk=agreement.pk), seen=version)
    _refuse_pupil_mentions(agreement.school, fields)
    for key in AGREEMENT_FIELDS:
        setattr(agreement, key, fields.get(key))
    agreement.full_clean()
    agreement.save()
    audit_record(
        user=user,
        school=agreement.school,
        action="ouderpeiling.afspraak_wijzigen",
        summary=_("Afspraak gewijzigd: %(what)s") % {"what": agreement.what},
        target=agreement,
    )
    return agreement


@transaction.atomic
def agreement_delete(*, user, agreement: Agreement) -> None:
    school, what = agreement.school, agreement.what
    agreement.delete()
    audit_record(
        user=user,
        school=school,
        action="ouderpeiling.afspraak_verwijderen",
        summary=_("Afspraak verwijderd: %(what)s") % {"what": what},
    )
