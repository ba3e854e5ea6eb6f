"""Recognising the columns and answer words of a survey file (CONTRACT §5), also as form tools write it.

A column is a field (`respondent`, `bouw`, `s1` … `sN`, `p1` … `pM`, `opmerking`) by its code, by the template's
text of the statement or option (parent or team wording; case, punctuation and surrounding spaces ignored) or by
a mapping (`{"columns": {"file column": "field"}, "values": {"file word": "value"}}`, from `--mapping FILE.json`
or saved for the school). Every other column (a timestamp, an ID, Naam, E-mail …) is ignored: it is not kept in
the rows read, never stored, and named in the preview. Answers may be the words of their scale.
"""

import json
import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from npo_planner.lib.import_errors import ImportErrors
from npo_planner.lib.tabular import normalise

STATEMENT_WORDS = {"oneens": "1", "een beetje oneens": "2", "een beetje eens": "3", "mee eens": "4"}
OPTION_WORDS = {"niet belangrijk": "1", "een beetje belangrijk": "2", "belangrijk": "3"}
FIXED_FIELDS = ("respondent", "bouw", "opmerking")
_SPACES = re.compile(r"\s+")


def text_key(text: str) -> str:
    """'  Ik voel me welkom op school! ' → 'ik voel me welkom op school': case, punctuation and spaces ignored."""
    kept = "".join(" " if unicodedata.category(ch).startswith(("P", "S")) else ch for ch in (text or ""))
    return _SPACES.sub(" ", kept.lstrip("\ufeff")).strip().lower()


@dataclass
class Mapping:
    """File column → field and file word → value, keys compared by `text_key`."""

    columns: dict[str, str] = field(default_factory=dict)
    values: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, raw) -> "Mapping":
        errors = ImportErrors()
        if not isinstance(raw, dict) or not set(raw) <= {"columns", "values"}:
            errors.add(_('een koppeling is een JSON-object met "columns" en/of "values".'))
            raise errors
        parts = {}
        for part in ("columns", "values"):
            value = raw.get(part, {})
            if not isinstance(value, dict) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in value.items()
            ):
                errors.add(
                    _('"%(part)s" in de koppeling is een object van tekst naar tekst.') % {"part": part}
                )
                raise errors
            parts[part] = {text_key(k): v.strip() for k, v in value.items() if text_key(k)}
        return cls(**parts)

    @classmethod
    def from_json(cls, text: str) -> "Mapping":
        try:
            raw = json.loads(text)
        except ValueError as exc:
            errors = ImportErrors()
            errors.add(_("de koppeling is geen geldige JSON (%(error)s).") % {"error": exc})
            raise errors from None
        return cls.from_dict(raw)

    def merged(self, other: "Mapping | None") -> "Mapping":
        """This mapping with `other`'s entries on top."""
        if other is None:
            return self
        return Mapping(columns={**self.columns, **other.columns}, values={**self.values, **other.values})

    def as_dict(self) -> dict:
        return {"columns": dict(self.columns), "values": dict(self.values)}


@dataclass
class Recognised:
    """Which file column (normalised name) holds which field, and what is left."""

    fields: dict[str, str]  # field → normalised file column
    ignored: list[str]  # normalised file columns not used
    missing: list[str]  # required fields no column holds


def field_texts(statements, options) -> dict[str, str]:
    """text_key of a statement's or option's wording → field code."""
    texts = {}
    for kind, rows in (("s", statements), ("p", options)):
        for number, *wordings in rows:
            for wording in wordings:
                if wording and text_key(wording):
                    texts.setdefault(text_key(wording), f"{kind}{number}")
    return texts


def recognise(
    columns: list[str], *, fields: list[str], required: list[str], texts: dict[str, str], mapping: Mapping
):
    """Each field's file column: by mapping, by code, then by the template's wording (first column wins)."""
    wanted = set(fields)
    found: dict[str, str] = {}
    for column in columns:
        if not column:
            continue
        key = text_key(column)
        target = (
            mapping.columns.get(key)
            or (column if column in wanted else None)
            or texts.get(key)
            or _by_word(key)
        )
        target = normalise(target) if target else None
        if target in wanted and target not in found:
            found[target] = column
    used = set(found.values())
    return Recognised(
        fields=found,
        ignored=[c for c in columns if c and c not in used],
        missing=[f for f in required if f not in found],
    )


def _by_word(key: str) -> str | None:
    """A form's question for a fixed field, by its words: 'In welke bouw zit uw kind' is bouw, 'Heeft u nog
    opmerkingen' is opmerking, 'Bent u ouder of teamlid' is respondent."""
    words = set(key.split())
    if "respondent" in words or (words & {"ouder", "ouders"} and words & {"team", "teamlid"}):
        return "respondent"
    if any(word.endswith("bouw") for word in words):
        return "bouw"
    if any(word.startswith("opmerking") for word in words):
        return "opmerking"
    return None


def word_values(mapping: Mapping) -> dict[str, dict[str, str]]:
    """Per kind of field, text_key of a word → the text the field's parser takes."""
    return {
        "s": {**STATEMENT_WORDS, **mapping.values},
        "p": {**OPTION_WORDS, **mapping.values},
        "other": dict(mapping.values),
    }
