"""Reading a roster (groepsindeling) from the administration's export (ParnasSys, Esis: CSV or XLSX) and comparing
it with what the school has. Nothing here writes; `roster_services` writes the plan in one transaction.

Accepted columns (header spellings matched case-insensitively, README "Leerlingen en groepen inlezen"):
- leerling (required): leerling, leerlingnummer, leerlingcode, leerlingnr, lvs-nummer, leerling-id
- groep (required): groep, groepsnaam, klas, stamgroep
- leerjaar (optional; else the group name's first digit): leerjaar, jaargroep
- voornaam (optional): voornaam, roepnaam
or any column the school's mapping names (the mapping step, `--mapping`). Personal columns (achternaam,
geboortedatum, adres, e-mail, BSN …: `npo_planner.lib.column_mapping.is_personal`) are ignored, named in the
preview and never stored: only the four columns above leave this module.
"""

import datetime
import hashlib
import json
from dataclasses import astuple, dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from npo_planner.lib.column_mapping import Mapping, is_personal
from npo_planner.lib.combination_groups import grade_warning, pupil_grade
from npo_planner.lib.import_errors import ImportErrors
from npo_planner.lib.tabular import read_table
from npo_planner.scholen.models import PUPIL_CODE_RE, Enrollment, Group, Pupil, School, SchoolYear

ALIASES = {
    "leerling": ["leerling", "leerlingnummer", "leerlingcode", "leerlingnr", "lvs-nummer", "leerling-id"],
    "groep": ["groep", "groepsnaam", "klas", "stamgroep"],
    "leerjaar": ["leerjaar", "jaargroep"],
    "voornaam": ["voornaam", "roepnaam"],
}
REQUIRED = ("leerling", "groep")
FIELDS = list(ALIASES)
MAX_FIRST_NAME = 50


@dataclass(frozen=True)
class RosterRow:
    row: int
    code: str
    group: str
    grade: int
    first_name: str


@dataclass
class RosterFile:
    """The rows of a roster file, with only the columns we keep."""

    rows: list[RosterRow]
    personal_columns: list[str]  # ignored and never stored
    other_columns: list[str]  # ignored: not a roster column
    warnings: list[str] = field(default_factory=list)


def _layout(found: dict[str, str]):
    def layout(columns: list[str]) -> tuple[list[str], list[str]]:
        for name, spellings in ALIASES.items():
            match = next((c for c in columns if c in spellings), None)
            if match:
                found[name] = match
        required = [found.get(name, name) for name in REQUIRED]
        optional = [found[name] for name in ALIASES if name not in REQUIRED and name in found]
        return required, optional

    return layout


def read_roster(*, data: bytes, filename: str, mapping: Mapping | None = None) -> RosterFile:
    """Parse and check every row; raises ImportErrors (`rij N, kolom X: waarde 'V': …`) listing every error.
    `mapping` (the school's, npo_planner.lib.column_mapping) names the columns the spellings above miss."""
    found: dict[str, str] = {}
    table = read_table(data, filename, required=_layout(found), mapping=mapping)
    used = set(found.values())
    ignored = [c for c in table.columns if c and c not in used]
    errors = ImportErrors()
    rows: list[RosterRow] = []
    first_row: dict[str, int] = {}
    warned: set[str] = set()
    warnings = []
    has_grade = "leerjaar" in found
    for number, values in table.rows:
        code = values.get(found["leerling"], "")
        group = values.get(found["groep"], "")
        grade_text = values.get(found.get("leerjaar", ""), "")
        first_name = values.get(found.get("voornaam", ""), "")
        ok = True
        if not PUPIL_CODE_RE.match(code):
            message = (
                _("de leerlingcode ontbreekt.")
                if not code
                else _("een leerlingcode heeft 1–32 tekens: letters, cijfers, - of _.")
            )
            errors.add(message, row=number, column=found["leerling"], value=code)
            ok = False
        elif code in first_row:
            errors.add(
                _(
                    "leerling %(code)s staat ook in rij %(row)s; een leerling staat één keer in de groepsindeling."
                )
                % {"code": code, "row": first_row[code]},
                row=number,
                column=found["leerling"],
                value=code,
            )
            ok = False
        else:
            first_row[code] = number
        if not 1 <= len(group) <= 20:
            errors.add(
                _("een groepsnaam heeft 1 tot 20 tekens."), row=number, column=found["groep"], value=group
            )
            continue
        if len(first_name) > MAX_FIRST_NAME:
            errors.add(
                _("een voornaam heeft hoogstens 50 tekens."),
                row=number,
                column=found["voornaam"],
                value=first_name,
            )
            ok = False
        grade = pupil_grade(
            errors=errors,
            row=number,
            text=grade_text,
            group=group,
            grade_column=found.get("leerjaar", "leerjaar"),
            group_column=found["groep"],
        )
        if grade is None or not ok:
            continue
        if not has_grade and group not in warned:
            warned.add(group)
            if warning := grade_warning(group, grade):
                warnings.append(warning)
        rows.append(RosterRow(row=number, code=code, group=group, grade=grade, first_name=first_name))
    if not table.rows:
        errors.add(_("het bestand heeft geen leerlingen."), row=2)
    errors.raise_if_any()
    return RosterFile(
        rows=rows,
        personal_columns=[c for c in ignored if is_personal(c)],
        other_columns=[c for c in ignored if not is_personal(c)],
        warnings=warnings,
    )


def departure_date(year: SchoolYear, today: datetime.date | None = None) -> datetime.date:
    """The day pupils missing from a year's roster left: the day before the year starts when it has not started
    yet (they left at the end of the previous year), else today (at most the year's last day)."""
    today = today or timezone.localdate()
    if today < year.start:
        return year.start - datetime.timedelta(days=1)
    return min(today, year.end)


@dataclass
class RosterPlan:
    """What confirming writes: shown in the preview, written by `roster_services.roster_write`."""

    year: SchoolYear
    rows: list[RosterRow]
    groups: dict[str, int]  # group name → grade (its lowest pupil grade)
    new_groups: list[str]
    regraded_groups: list[str]  # existing groups whose grade changes
    new_pupils: list[str]
    moved: list[tuple[str, str, str]]  # (code, from group, to group) this year
    regraded: list[str]  # codes whose grade this year changes
    renamed: int  # pupils whose first name changes
    returning: list[str]  # codes with a departure date that the roster clears
    leaving: list[str]  # codes that get a departure date
    left_on: datetime.date
    personal_columns: list[str]
    other_columns: list[str]
    warnings: list[str]

    def digest(self) -> str:
        """A fingerprint of what the preview shows: the confirm writes only when it is still the same."""
        text = json.dumps([self.summary(), [list(astuple(r)) for r in self.rows]], sort_keys=True)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def summary(self) -> dict:
        return {
            "year": self.year.label,
            "rows": len(self.rows),
            "groups": [{"name": n, "grade": g, "new": n in self.new_groups} for n, g in self.groups.items()],
            "new_groups": self.new_groups,
            "regraded_groups": self.regraded_groups,
            "new_pupils": len(self.new_pupils),
            "moved": [list(m) for m in self.moved],
            "regraded": len(self.regraded),
            "renamed": self.renamed,
            "returning": self.returning,
            "leaving": self.leaving,
            "left_on": self.left_on.isoformat(),
            "personal_columns": self.personal_columns,
            "other_columns": self.other_columns,
            "warnings": self.warnings,
        }


def roster_plan(*, school: School, year: SchoolYear, roster: RosterFile) -> RosterPlan:
    """Compare the file with the school (a fixed number of queries)."""
    groups: dict[str, int] = {}
    for row in roster.rows:
        groups[row.group] = min(groups.get(row.group, 9), row.grade)
    groups = dict(sorted(groups.items(), key=lambda kv: (kv[1], kv[0])))
    existing_groups = dict(Group.objects.filter(school=school, school_year=year).values_list("name", "grade"))
    pupils = {
        code: (first_name, left_on)
        for code, first_name, left_on in Pupil.objects.filter(school=school).values_list(
            "code", "first_name", "left_on"
        )
    }
    placed = {
        code: (group, grade)
        for code, group, grade in Enrollment.objects.filter(
            group__school=school, group__school_year=year
        ).values_list("pupil__code", "group__name", "grade")
    }
    in_file = {row.code for row in roster.rows}
    later = set(
        Enrollment.objects.filter(group__school=school, group__school_year__start__gt=year.start).values_list(
            "pupil__code", flat=True
        )
    )
    moved, regraded = [], []
    renamed = 0
    for row in roster.rows:
        before = placed.get(row.code)
        if before and before[0] != row.group:
            moved.append((row.code, before[0], row.group))
        elif before and before[1] != row.grade:
            regraded.append(row.code)
        if row.code in pupils and row.first_name and pupils[row.code][0] != row.first_name:
            renamed += 1
    return RosterPlan(
        year=year,
        rows=roster.rows,
        groups=groups,
        new_groups=[name for name in groups if name not in existing_groups],
        regraded_groups=[
            name
            for name, grade in groups.items()
            if name in existing_groups and existing_groups[name] != grade
        ],
        new_pupils=sorted(in_file - set(pupils)),
        moved=sorted(moved),
        regraded=sorted(regraded),
        renamed=renamed,
        returning=sorted(code for code in in_file if code in pupils and pupils[code][1] is not None),
        leaving=sorted(
            code
            for code, (_name, left_on) in pupils.items()
            if left_on is None and code not in in_file and code not in later
        ),
        left_on=departure_date(year),
        personal_columns=roster.personal_columns,
        other_columns=roster.other_columns,
        warnings=roster.warnings,
    )
