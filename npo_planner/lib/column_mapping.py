"""Recognising the columns (and answer words) of an import file, for every kind of file (CONTRACT §1, §5).

A mapping says which file column holds which field and what a file word means:
`{"columns": {"file column": "field"}, "values": {"file word": "value"}}` — chosen once in the browser and saved
per school and kind (scholen.ImportMapping), or given to a command as `--mapping FILE.json`. Keys are compared by
`text_key` (case, punctuation and surrounding spaces ignored).

Columns a file has besides the fields are ignored: never kept in the rows read, never stored, named in the preview.
Those that hold personal data (a name, an e-mail address …) are named as such.
"""

import json
import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from npo_planner.lib.import_errors import ImportErrors

_SPACES = re.compile(r"\s+")
# Column names that hold personal data (matched after removing spaces, dashes, underscores and dots), and words
# that make any header personal ('Naam leerling', 'E-mail van de ouder'): never read, never stored, named as such.
PERSONAL = {
    "achternaam",
    "tussenvoegsel",
    "voorvoegsel",
    "naam",
    "volledigenaam",
    "voorletters",
    "voornamen",
    "officiëlenaam",
    "geboortedatum",
    "geboorteplaats",
    "geboorteland",
    "geslacht",
    "adres",
    "straat",
    "huisnummer",
    "postcode",
    "woonplaats",
    "plaats",
    "email",
    "emailadres",
    "telefoon",
    "telefoonnummer",
    "mobiel",
    "bsn",
    "burgerservicenummer",
    "onderwijsnummer",
    "nationaliteit",
    "ouder",
    "ouders",
    "verzorger",
    "emailouder",
}
PERSONAL_PREFIXES = ("email", "telefoon", "adres", "naamouder")
PERSONAL_WORDS = {
    "naam",
    "achternaam",
    "email",
    "mail",
    "emailadres",
    "telefoon",
    "telefoonnummer",
    "adres",
    "bsn",
}


def text_key(text: str) -> str:
    """'  Ik voel me welkom op school! ' → 'ik voel me welkom op school': case, punctuation and spaces ignored."""
    kept = "".join(" " if unicodedata.category(ch).startswith(("P", "S")) else ch for ch in (text or ""))
    return _SPACES.sub(" ", kept.lstrip("\ufeff")).strip().lower()


def is_personal(column: str) -> bool:
    """A header that names personal data: 'Achternaam', 'E-mail', 'Naam leerling', 'E-mailadres ouder' …"""
    squashed = "".join(column.lower().split()).replace("-", "").replace("_", "").replace(".", "")
    if squashed in PERSONAL or squashed.startswith(PERSONAL_PREFIXES):
        return True
    words = text_key(column).replace("e mail", "email").split()
    return any(word in PERSONAL_WORDS for word in words)


def personal_columns(columns: list[str]) -> list[str]:
    return [column for column in columns if column and is_personal(column)]


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

    @classmethod
    def from_file(cls, path: str) -> "Mapping":
        """The mapping in a JSON file (`--mapping FILE.json`); a file that cannot be read is an ImportErrors."""
        try:
            with open(path, encoding="utf-8-sig") as handle:
                text = handle.read()
        except (OSError, UnicodeDecodeError) as exc:
            errors = ImportErrors()
            errors.add(
                _("het koppelbestand %(path)s kan niet worden gelezen (%(error)s).")
                % {"path": path, "error": exc}
            )
            raise errors from None
        return cls.from_json(text)

    def merged(self, other: "Mapping | None") -> "Mapping":
        """This mapping with `other`'s entries on top."""
        if other is None:
            return self
        return Mapping(columns={**self.columns, **other.columns}, values={**self.values, **other.values})

    def as_dict(self) -> dict:
        return {"columns": dict(self.columns), "values": dict(self.values)}

    def column_for(self, column: str) -> str | None:
        """The field a file column is mapped to (normalised like a header name), or None."""
        target = self.columns.get(text_key(column))
        return target.strip().lower() if target else None

    def word(self, text: str) -> str:
        """A cell's text, or the value the mapping gives its word."""
        if not text or not self.values:
            return text
        return self.values.get(text_key(text), text)


@dataclass
class Recognised:
    """Which file column holds which field, and what is left."""

    fields: dict[str, str]  # field → file column
    ignored: list[str]  # file columns not used
    missing: list[str]  # required fields no column holds

    @property
    def personal(self) -> list[str]:
        """The ignored columns that hold personal data."""
        return personal_columns(self.ignored)


def recognise(
    columns: list[str],
    *,
    fields: list[str],
    required: list[str],
    mapping: "Mapping | None" = None,
    texts: dict[str, str] | None = None,
    guess=None,
) -> Recognised:
    """Each field's file column: by mapping, by its own name, by a known text (`texts`: text_key → field) or by
    `guess(text_key) → field`; the first column that names a field wins."""
    mapping = mapping or Mapping()
    texts = texts or {}
    wanted = set(fields)
    found: dict[str, str] = {}
    for column in columns:
        if not column:
            continue
        key = text_key(column)
        target = (
            mapping.column_for(column)
            or (column if column in wanted else None)
            or texts.get(key)
            or (guess(key) if guess else None)
        )
        target = target.strip().lower() if target else None
        if target in wanted and target not in found:
            found[target] = column
    used = set(found.values())
    return Recognised(
        fields=found,
        ignored=[c for c in columns if c and c not in used],
        missing=[f for f in required if f not in found],
    )


def renamed_columns(columns: list[str], mapping: "Mapping | None") -> list[str]:
    """The header with every mapped column under its field's name; a column keeps its name when the file already
    has a column of that field's name (that column wins) or another column was mapped to it first."""
    if mapping is None or not mapping.columns:
        return list(columns)
    taken = set(columns)
    renamed = []
    for column in columns:
        target = mapping.column_for(column) if column else None
        if target and target != column and target not in taken:
            taken.add(target)
            renamed.append(target)
        else:
            renamed.append(column)
    return renamed


@dataclass
class MappingHint:
    """What a refused file lacks, for the mapping step: fields without a column, the file's columns that could
    hold them, and the words that are no known value (attached to ImportErrors as `mapping_hint`)."""

    missing: list[str]
    columns: list[str]
    words: set[str] = field(default_factory=set)

    @property
    def useful(self) -> bool:
        return bool(self.missing or self.words)


def hint_of(errors: Exception) -> "MappingHint | None":
    """The mapping hint of a refused file, when a mapping can help."""
    hint = getattr(errors, "mapping_hint", None)
    return hint if hint is not None and hint.useful else None


def ignored_parts(ignored: list[str]) -> dict[str, list[str]]:
    """The ignored columns for the preview (`includes/import_ignored.html`): personal ones apart."""
    personal = personal_columns(ignored)
    return {"personal": personal, "ignored": [c for c in ignored if c and c not in personal]}


def ignored_warning(ignored: list[str]) -> list[str]:
    """The preview's words for the columns a file has besides its fields: personal ones named as such."""
    parts = ignored_parts(ignored)
    personal, other = parts["personal"], parts["ignored"]
    warnings = []
    if other:
        warnings.append(_("Onbekende kolom(men) genegeerd: %(columns)s.") % {"columns": ", ".join(other)})
    if personal:
        warnings.append(
            _("Kolom(men) met persoonsgegevens niet ingelezen en niet opgeslagen: %(columns)s.")
            % {"columns": ", ".join(personal)}
        )
    return warnings
