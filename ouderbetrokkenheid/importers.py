"""Import of parent-survey responses (CONTRACT §1, §5): parse → validate every row → plan (what the file adds, what
it replaces, what stays) → one short atomic bulk write.

A file never removes paper forms typed in or online answers: 'vervangen' replaces only the answers that came from
earlier files, 'toevoegen' adds the file to what is there."""

import hashlib
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from npo_planner.lib.column_mapping import Mapping, MappingHint, Recognised, recognise, text_key
from npo_planner.lib.import_errors import ImportErrors
from npo_planner.lib.tabular import read_frame, read_table
from npo_planner.scholen.models import School, SchoolYear
from npo_planner.scholen.services import audit_record, school_year_get_or_create
from ouderbetrokkenheid.answer_row import encode_answers
from ouderbetrokkenheid.answers import parse_respondent, parse_stages, parse_value
from ouderbetrokkenheid.file_columns import by_word, field_texts, word_values
from ouderbetrokkenheid.models import (
    REMARK_MAX,
    ImportMode,
    RespondentKind,
    Response,
    Stage,
    Survey,
    SurveyImport,
    SurveyTemplate,
)
from ouderbetrokkenheid.response_columns import Responses, from_stored, stored, write_responses
from ouderbetrokkenheid.selectors import default_template
from ouderbetrokkenheid.survey_frame import responses_by_column
from ouderbetrokkenheid.tasks import survey_charts_redraw


@dataclass
class ImportResult:
    survey: Survey
    rows: int
    replaced: bool
    warnings: list[str] = field(default_factory=list)
    created_survey: bool = False
    removed: int = 0  # answers of earlier files replaced
    kept: dict[str, int] = field(default_factory=dict)  # answers that stay, by source


RESPONDENT_WORDS = {
    "ouder": "ouder",
    "ouders": "ouder",
    "ouder verzorger": "ouder",
    "verzorger": "ouder",
    "team": "team",
    "teamlid": "team",
    "teamleden": "team",
}


def _template_fields(template: SurveyTemplate):
    """(statement numbers, parents-only numbers, option numbers, wording → field) of a template, in two queries."""
    statements = list(template.statements.values_list("number", "parents_only", "parent_text", "team_text"))
    options = list(template.options.values_list("number", "parent_text", "team_text"))
    texts = field_texts([(n, pt, tt) for n, _p, pt, tt in statements], options)
    return (
        [n for n, *_rest in statements],
        {n for n, only, *_rest in statements if only},
        [n for n, *_r in options],
        texts,
    )


def survey_fields(template: SurveyTemplate) -> list[str]:
    """The fields a file of this template may hold (the mapping step offers these)."""
    statement_numbers, _parents_only, option_numbers, _texts = _template_fields(template)
    return [
        "respondent",
        *(f"s{n}" for n in statement_numbers),
        *(f"p{n}" for n in option_numbers),
        "bouw",
        "opmerking",
    ]


def _word(words: dict[str, str], text: str) -> str:
    """A cell's text, or the value its word stands for (a mapping's word or a scale's word)."""
    if not text or text.isdigit():
        return text
    return words.get(text_key(text), text)


def _stages_text(words: dict[str, str], text: str) -> str:
    """Each of several stages (joined by ; , or |) through the mapping; 'Onderbouw (groep 1-4)' is onderbouw."""
    parts = []
    for part in text.replace("|", ",").replace(";", ",").split(","):
        value = _word(words, part.strip())
        key = text_key(value)
        parts.append(next((stage for stage in Stage.values if key.startswith(stage)), value))
    return ",".join(parts)


def rows_to_json(plan: "ImportPlan", data: bytes) -> dict:
    """A checked file's responses as JSON for the preview and the confirmation (the file is parsed once): a column
    each (response_columns), with the file's size and sha256 for the import record."""
    return {
        "size": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        **stored(plan.responses),
        "warnings": plan.warnings,
        "ignored": plan.ignored,
    }


def parse_rows(
    data: bytes, filename: str, template: SurveyTemplate, mapping: Mapping | None = None
) -> tuple[Responses, list[str], list[str]]:
    """Every row checked; raises ImportErrors listing all problems (at most 100 shown).

    Returns the responses, the warnings and the file columns that were ignored (never kept; named in the preview).
    A file without errors is checked a column at a time (survey_frame); otherwise, or when that check does not
    vouch for it, row by row below, which names every problem with its row and column."""
    mapping = mapping or Mapping()
    statement_numbers, parents_only, option_numbers, texts = _template_fields(template)
    statement_cols = [f"s{n}" for n in statement_numbers]
    option_cols = [f"p{n}" for n in option_numbers]
    required = ["respondent", *statement_cols, *option_cols]
    fields = [*required, "bouw", "opmerking"]
    found: list[Recognised] = []

    def layout(columns: list[str]) -> tuple[list[str], list[str]]:
        found.append(
            recognise(columns, fields=fields, required=required, texts=texts, mapping=mapping, guess=by_word)
        )
        return [], list(found[-1].fields.values())

    frame = read_frame(data, filename, required=layout)
    recognised = found[-1]
    errors = ImportErrors()
    unknown_words: set[str] = set()
    errors.mapping_hint = MappingHint(
        missing=recognised.missing, columns=recognised.ignored, words=unknown_words
    )
    for column in recognised.missing:
        errors.add(_("deze verplichte kolom ontbreekt in de kopregel."), row=1, column=column)
    errors.raise_if_any()
    source = recognised.fields  # field → file column
    words = word_values(mapping)
    respondent_words = {**RESPONDENT_WORDS, **words["other"]}
    answer_fields = [("s", n, f"s{n}", source[f"s{n}"]) for n in statement_numbers] + [
        ("p", n, f"p{n}", source[f"p{n}"]) for n in option_numbers
    ]
    fast = responses_by_column(
        frame.data,
        source,
        parse_respondent=lambda text: parse_respondent(_word(respondent_words, text)),
        parse_stages=lambda text: parse_stages(_stages_text(words["other"], text)),
        parse_answer=lambda kind, text: parse_value(kind, _word(words[kind], text)),
        answer_fields=[(kind, number, name) for kind, number, name, _column in answer_fields],
        parents_only=[n for n in statement_numbers if n in parents_only],
    )
    if fast is not None:
        responses, empty = fast
        return responses, _warnings(frame.warnings, empty), recognised.ignored
    table = read_table(data, filename, required=layout)
    responses, empty, answered = Responses(), [], 0
    # Each distinct text of a column is checked once: the forms of a survey repeat a handful of answers.
    value_cache: dict[tuple[str, str], tuple[int | None, str | None]] = {}
    respondent_cache: dict[str, tuple[str | None, str | None]] = {}
    stages_cache: dict[str, tuple[list[str], str | None]] = {}
    for row_number, cells in table.rows:
        raw_respondent = cells[source["respondent"]]
        parsed_respondent = respondent_cache.get(raw_respondent)
        if parsed_respondent is None:
            parsed_respondent = respondent_cache[raw_respondent] = parse_respondent(
                _word(respondent_words, raw_respondent)
            )
        respondent, message = parsed_respondent
        if message:
            errors.add(message, row=row_number, column="respondent", value=raw_respondent)
            unknown_words.add(raw_respondent)
        raw_stages = cells.get(source.get("bouw"), "")
        parsed_stages = stages_cache.get(raw_stages)
        if parsed_stages is None:
            parsed_stages = stages_cache[raw_stages] = parse_stages(_stages_text(words["other"], raw_stages))
        stages, message = parsed_stages
        if message:
            errors.add(message, row=row_number, column="bouw", value=raw_stages)
            unknown_words.update(part.strip() for part in re.split(r"[|,;]", raw_stages) if part.strip())
        answers = []
        for kind, number, column, file_column in answer_fields:
            raw = cells[file_column]
            if not raw:
                continue
            parsed = value_cache.get((kind, raw))
            if parsed is None:
                parsed = value_cache[(kind, raw)] = parse_value(kind, _word(words[kind], raw))
            value, message = parsed
            if message:
                errors.add(message, row=row_number, column=column, value=raw)
                if not raw.isdigit():  # a word that may mean an answer; a number out of range is just wrong
                    unknown_words.add(raw)
            elif value is not None:
                if kind == "s" and number in parents_only and respondent == "team":
                    errors.add(
                        _("deze stelling is alleen voor ouders; een teamlid laat haar leeg."),
                        row=row_number,
                        column=column,
                        value=raw,
                    )
                answers.append((kind, number, value))
        remark = cells.get(source.get("opmerking"), "")
        if len(remark) > REMARK_MAX:
            errors.add(
                _("een opmerking is ten hoogste %(max)s tekens lang (deze heeft er %(n)s).")
                % {"max": REMARK_MAX, "n": len(remark)},
                row=row_number,
                column="opmerking",
                value=remark,
            )
        if errors.full:
            break
        if not answers and not remark.strip():
            empty.append(row_number)  # nobody answered anything: no respondent (as on paper and online)
            continue
        answered += 1
        if respondent:
            responses.append(respondent, stages, *encode_answers(answers), remark)
    if not table.rows:
        errors.add(_("het bestand bevat geen gegevensrijen onder de kopregel."), row=2)
    elif not answered and not errors.full:
        errors.add(_("het bestand bevat geen enkel antwoord of opmerking."), row=2)
    errors.raise_if_any()
    return responses, _warnings(table.warnings, empty), recognised.ignored


def _warnings(read: list[str], empty: list[int]) -> list[str]:
    """The reader's warnings (they name the ignored columns) and the empty rows skipped."""
    warnings = list(read)
    if empty:
        shown = ", ".join(str(n) for n in empty[:20]) + (" …" if len(empty) > 20 else "")
        warnings.append(
            ngettext(
                "%(n)d lege rij overgeslagen (rij %(rows)s): zonder één antwoord of opmerking telt een vragenlijst "
                "niet als respondent.",
                "%(n)d lege rijen overgeslagen (rij %(rows)s): zonder één antwoord of opmerking telt een "
                "vragenlijst niet als respondent.",
                len(empty),
            )
            % {"n": len(empty), "rows": shown}
        )
    return warnings


def _refuse_closed(survey: Survey | None) -> None:
    if survey is not None and survey.is_closed:
        errors = ImportErrors()
        errors.add(
            _("de peiling '%(title)s' is gesloten; heropen de peiling om er antwoorden in te lezen.")
            % {"title": survey.title}
        )
        raise errors


def existing_by_source(survey: Survey | None) -> dict[str, int]:
    """How many responses the survey has from files, paper and online (one query)."""
    counts = dict.fromkeys(Response.Source.values, 0)
    if survey is not None:
        rows = survey.responses.values("source").annotate(n=Count("id")).order_by()
        counts.update({row["source"]: row["n"] for row in rows})
    return counts


@dataclass
class ImportPlan:
    """What a file will do to a survey; shown in the preview, carried out by `responses_import`."""

    survey: Survey | None
    template: SurveyTemplate
    responses: Responses
    warnings: list[str]
    mode: str
    existing: dict[str, int]
    earlier_same_file: SurveyImport | None = None
    ignored: list[str] = field(default_factory=list)  # file columns not read (never stored)

    @property
    def removed(self) -> int:
        return self.existing[Response.Source.IMPORT] if self.mode == ImportMode.REPLACE else 0

    @property
    def kept(self) -> dict[str, int]:
        return {**self.existing, Response.Source.IMPORT: self.existing[Response.Source.IMPORT] - self.removed}

    @property
    def n_parents(self) -> int:
        return self.responses.count(RespondentKind.PARENT)

    @property
    def n_team(self) -> int:
        return self.responses.count(RespondentKind.TEAM)

    def effect(self) -> str:
        """In words and numbers what goes and what stays, e.g. '12 antwoorden uit eerdere bestanden worden
        vervangen; 30 papieren en 8 online antwoorden blijven.'"""
        paper, online = self.existing[Response.Source.PAPER], self.existing[Response.Source.ONLINE]
        if not sum(self.existing.values()):
            return _("De peiling heeft nog geen antwoorden; er gaat niets weg.")
        if self.mode == ImportMode.REPLACE:
            return ngettext(
                "%(n)d antwoord uit eerdere bestanden wordt vervangen; %(paper)d papieren en %(online)d online "
                "antwoorden blijven.",
                "%(n)d antwoorden uit eerdere bestanden worden vervangen; %(paper)d papieren en %(online)d "
                "online antwoorden blijven.",
                self.removed,
            ) % {"n": self.removed, "paper": paper, "online": online}
        return _(
            "Er gaat niets weg: %(files)d antwoorden uit eerdere bestanden, %(paper)d papieren en %(online)d "
            "online antwoorden blijven."
        ) % {"files": self.existing[Response.Source.IMPORT], "paper": paper, "online": online}


def _mode(*, replace: bool, add: bool) -> str:
    if replace and add:
        errors = ImportErrors()
        errors.add(_("kies 'vervangen' of 'toevoegen', niet allebei."))
        raise errors
    return ImportMode.REPLACE if replace else ImportMode.ADD if add else ""


def import_plan(
    *,
    school: School,
    year_label: str,
    title: str,
    data: bytes,
    filename: str,
    mode: str = "",
    mapping: Mapping | None = None,
    parsed: dict | None = None,
) -> ImportPlan:
    """Check a file for the survey `title` of that school year without writing anything; raises ImportErrors.

    A survey that already has answers needs a `mode`: 'vervangen' (only the answers of earlier files go) or
    'toevoegen'."""
    errors = ImportErrors()
    try:
        SchoolYear.dates_for(year_label)
    except Exception:  # ValidationError with a Dutch message
        errors.add(_("een schooljaar schrijf je als 2021-2022."), value=year_label)
        raise errors from None
    title = (title or "").strip()
    if not title or len(title) > 200:
        errors.add(_("geef de peiling een titel van 1 tot 200 tekens."), value=title)
        raise errors
    if mode not in ("", *ImportMode.values):
        errors.add(_("kies 'vervangen' of 'toevoegen'."), value=mode)
        raise errors
    survey = (
        Survey.objects.select_related("template")
        .filter(school=school, school_year__label=year_label, title=title)
        .first()
    )
    _refuse_closed(survey)
    template = survey.template if survey else default_template()
    if parsed is not None:  # checked when it was uploaded (`rows_to_json`)
        responses = from_stored(parsed)
        warnings, ignored = list(parsed["warnings"]), list(parsed["ignored"])
    else:
        responses, warnings, ignored = parse_rows(data, filename, template, mapping)
    existing = existing_by_source(survey)
    if not mode and sum(existing.values()):
        errors.add(
            _(
                "de peiling '%(title)s' heeft al antwoorden (%(files)d uit eerdere bestanden, %(paper)d papieren, "
                "%(online)d online). Kies 'vervangen' (alleen de antwoorden uit eerdere bestanden gaan weg; "
                "papieren en online antwoorden blijven) of 'toevoegen'."
            )
            % {
                "title": title,
                "files": existing[Response.Source.IMPORT],
                "paper": existing[Response.Source.PAPER],
                "online": existing[Response.Source.ONLINE],
            }
        )
        raise errors
    earlier = None
    if survey is not None:
        sha = parsed["sha256"] if parsed is not None else hashlib.sha256(data).hexdigest()
        earlier = survey.imports.filter(sha256=sha).order_by("-at").first()
    return ImportPlan(
        survey=survey,
        template=template,
        responses=responses,
        warnings=warnings,
        mode=mode,
        existing=existing,
        earlier_same_file=earlier,
        ignored=ignored,
    )


def responses_import(
    *,
    user,
    school: School,
    year_label: str,
    title: str,
    data: bytes,
    filename: str,
    replace: bool = False,
    add: bool = False,
    mapping: Mapping | None = None,
    parsed: dict | None = None,
) -> ImportResult:
    """Import a file of responses into the survey `title` of that school year (created with the default
    template when absent). All or nothing. A survey that already has answers needs `replace` (the answers of
    earlier files are replaced; paper and online answers stay) or `add`."""
    mode = _mode(replace=replace, add=add)
    plan = import_plan(
        school=school,
        year_label=year_label,
        title=title,
        data=data,
        filename=filename,
        mode=mode,
        mapping=mapping,
        parsed=parsed,
    )
    title = title.strip()
    count = len(plan.responses)
    with transaction.atomic():
        created = False
        survey = plan.survey
        if survey is None:
            year = school_year_get_or_create(label=year_label)
            survey = Survey(school=school, school_year=year, template=plan.template, title=title)
            survey.full_clean()
            survey.save()
            created = True
        else:
            survey = Survey.objects.select_for_update().get(pk=survey.pk)
            _refuse_closed(survey)  # closed since it was read above
        # Counted again under the lock; forms typed in or answered online meanwhile stay all the same.
        existing = existing_by_source(survey)
        removed = 0
        if mode == ImportMode.REPLACE:
            survey.responses.filter(source=Response.Source.IMPORT).delete()
            removed = existing[Response.Source.IMPORT]
        write_responses(survey.pk, plan.responses)
        survey_charts_redraw(survey)
        replaced = removed > 0
        kept = {**existing, Response.Source.IMPORT: existing[Response.Source.IMPORT] - removed}
        SurveyImport.objects.create(
            survey=survey,
            user=user if getattr(user, "is_authenticated", False) else None,
            username=getattr(user, "username", "") or "",
            filename=(filename or "")[:255],
            size=parsed["size"] if parsed is not None else len(data),
            sha256=parsed["sha256"] if parsed is not None else hashlib.sha256(data).hexdigest(),
            rows=count,
            replaced=replaced,
        )
        summary = _("%(n)s vragenlijsten ingelezen in %(title)s uit %(filename)s") % {
            "n": count,
            "title": title,
            "filename": filename,
        }
        if mode == ImportMode.REPLACE:
            summary += _(
                " (%(removed)s uit eerdere bestanden vervangen; %(paper)s papieren en %(online)s online bleven)"
            ) % {
                "removed": removed,
                "paper": kept[Response.Source.PAPER],
                "online": kept[Response.Source.ONLINE],
            }
        elif mode == ImportMode.ADD:
            summary += _(" (toegevoegd)")
        audit_record(
            user=user,
            school=school,
            action="ouderpeiling.import",
            summary=summary,
            target=survey,
            data={"filename": filename, "rows": count, "mode": mode, "removed": removed, "kept": kept},
        )
    return ImportResult(
        survey=survey,
        rows=count,
        replaced=replaced,
        warnings=plan.warnings,
        created_survey=created,
        removed=removed,
        kept=kept,
    )
