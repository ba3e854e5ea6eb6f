"""Starting a school year from the previous one: every pupil one grade up, group 8 leaves.

The proposal has a line per (last year's group, next grade): 5a's pupils go to 6a; a combination group 5/6 keeps
together as 6/7 (its grade-5 pupils in grade 6, its grade-6 pupils in grade 7); 7/8's grade-7 pupils go to 8 and
its grade-8 pupils leave. The directeur may rename the target of any line; lines with the same target name form
one group (a merge). Pupils of grade 8 get their departure date at the end of last year (the retention clock
starts). New pupils come from a roster of the new year (`roster_import`).
"""

import hashlib
import json
import re
from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from npo_planner.lib.combination_groups import COMBINATION_RE
from npo_planner.lib.edit_conflict import EditConflict
from npo_planner.scholen.models import Enrollment, Group, Pupil, School, SchoolYear
from npo_planner.scholen.services import audit_record

LAST_GRADE = 8
_LEADING_GRADE = re.compile(r"^\s*([1-8])(?![0-9])")


def moved_up_name(name: str, grade: int) -> str:
    """The proposed name of the group that last year's group `name` becomes for its pupils now in `grade`:
    "5a" → "6a", "5/6" → "6/7", "7/8b" → "8b" (for grade 8); a name without a leading grade stays as it is."""
    match = COMBINATION_RE.match(name)
    if match:
        low, high = sorted((int(match[1]), int(match[2])))
        rest = name[match.end() :]
        if high + 1 <= LAST_GRADE:
            return f"{low + 1}/{high + 1}{rest}"
        return f"{grade}{rest}"
    match = _LEADING_GRADE.match(name)
    if match:
        return f"{int(match[1]) + 1}{name[match.end() :]}"
    return name


@dataclass
class Line:
    """Last year's group `source` → the pupils now in `grade` → the group `target` of the new year."""

    key: str  # "<source group id>-<grade>": the form field's name
    source: str
    grade: int
    codes: list[str]
    target: str

    @property
    def count(self) -> int:
        return len(self.codes)


@dataclass
class Proposal:
    from_year: SchoolYear
    to_year: SchoolYear
    lines: list[Line]
    leavers: list[tuple[str, str]]  # (code, last year's group), grade 8
    existing_groups: list[str]  # groups the new year has already (the start is refused)

    def digest(self) -> str:
        """A fingerprint of the proposal the directeur saw: the start writes only when it is still the same."""
        text = json.dumps(
            [[(line.key, line.codes) for line in self.lines], self.leavers, self.existing_groups],
            sort_keys=True,
        )
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def targets(self) -> dict[str, dict]:
        """target name → {"grade": lowest grade, "grades": [...], "count": pupils, "sources": [...]}"""
        groups: dict[str, dict] = {}
        for line in self.lines:
            group = groups.setdefault(line.target, {"grades": set(), "count": 0, "sources": []})
            group["grades"].add(line.grade)
            group["count"] += line.count
            group["sources"].append(line.source)
        return {
            name: {**g, "grade": min(g["grades"]), "grades": sorted(g["grades"])}
            for name, g in sorted(groups.items(), key=lambda kv: (min(kv[1]["grades"]), kv[0]))
        }


def next_school_year(year: SchoolYear) -> SchoolYear | None:
    return SchoolYear.objects.filter(start__gt=year.start).order_by("start").first()


def year_start_proposal(*, school: School, from_year: SchoolYear, to_year: SchoolYear) -> Proposal:
    """The proposal (three queries whatever the number of pupils)."""
    lines: dict[tuple[int, int], Line] = {}
    leavers = []
    enrollments = (
        Enrollment.objects.filter(
            group__school=school, group__school_year=from_year, pupil__left_on__isnull=True
        )
        .order_by("group__grade", "group__name", "pupil__code")
        .values_list("group_id", "group__name", "grade", "pupil__code")
    )
    for group_id, name, grade, code in enrollments:
        if grade >= LAST_GRADE:
            leavers.append((code, name))
            continue
        line = lines.get((group_id, grade + 1))
        if line is None:
            line = lines[(group_id, grade + 1)] = Line(
                key=f"{group_id}-{grade + 1}",
                source=name,
                grade=grade + 1,
                codes=[],
                target=moved_up_name(name, grade + 1),
            )
        line.codes.append(code)
    existing = list(
        Group.objects.filter(school=school, school_year=to_year)
        .order_by("name")
        .values_list("name", flat=True)
    )
    return Proposal(
        from_year=from_year,
        to_year=to_year,
        lines=sorted(lines.values(), key=lambda line: (line.grade, line.source)),
        leavers=leavers,
        existing_groups=existing,
    )


def adjust(proposal: Proposal, names: dict[str, str]) -> dict[str, str]:
    """Apply the directeur's target names ({line key: name}); returns {line key: Dutch error} for bad names."""
    errors = {}
    for line in proposal.lines:
        name = (names.get(line.key) or "").strip()
        if not 1 <= len(name) <= 20:
            errors[line.key] = _("Een groepsnaam heeft 1 tot 20 tekens.")
            continue
        line.target = name
    return errors


@transaction.atomic
def year_start(
    *, school: School, from_year: SchoolYear, to_year: SchoolYear, names: dict[str, str], digest: str, user
) -> dict:
    """Write the (adjusted) proposal the directeur saw (`digest`: its `Proposal.digest()`): the new year's groups
    and enrollments, departure dates for group 8.

    Locks the school and refuses when the new year has groups already: a second submit of the same form (or a
    roster read in meanwhile) changes nothing."""
    School.objects.select_for_update().filter(pk=school.pk).first()
    if to_year.start <= from_year.start:
        raise ValidationError(_("Een nieuw schooljaar begint na het vorige."))
    proposal = year_start_proposal(school=school, from_year=from_year, to_year=to_year)
    if proposal.existing_groups:
        raise ValidationError(
            _(
                "Schooljaar %(year)s heeft al groepen (%(groups)s); het wordt niet opnieuw gestart. Lees de "
                "groepsindeling in om aan te vullen wat ontbreekt."
            )
            % {"year": to_year.label, "groups": ", ".join(proposal.existing_groups)},
            code="already_started",
        )
    if proposal.digest() != digest:
        raise EditConflict(
            _(
                "De groepen of leerlingen van %(year)s zijn intussen gewijzigd; controleer het nieuwe voorstel en "
                "start opnieuw."
            )
            % {"year": from_year.label}
        )
    errors = adjust(proposal, names)
    if errors:
        raise ValidationError(errors)
    targets = proposal.targets()
    Group.objects.bulk_create(
        [
            Group(school=school, school_year=to_year, name=name, grade=t["grade"])
            for name, t in targets.items()
        ]
    )
    group_ids = dict(Group.objects.filter(school=school, school_year=to_year).values_list("name", "id"))
    pupil_ids = dict(
        Pupil.objects.filter(
            school=school, code__in=[c for line in proposal.lines for c in line.codes]
        ).values_list("code", "id")
    )
    Enrollment.objects.bulk_create(
        [
            Enrollment(group_id=group_ids[line.target], pupil_id=pupil_ids[code], grade=line.grade)
            for line in proposal.lines
            for code in line.codes
        ]
    )
    leaver_codes = [code for code, _group in proposal.leavers]
    Pupil.objects.filter(school=school, code__in=leaver_codes).update(left_on=from_year.end)
    moved = defaultdict(list)
    for line in proposal.lines:
        moved[line.target].append(line.source)
    audit_record(
        user=user,
        school=school,
        action="school_year.start",
        summary=_(
            "Schooljaar %(to)s gestart uit %(from)s: %(pupils)s leerlingen in %(groups)s groepen, %(leavers)s "
            "leerlingen van groep 8 van school af"
        )
        % {
            "to": to_year.label,
            "from": from_year.label,
            "pupils": sum(line.count for line in proposal.lines),
            "groups": len(targets),
            "leavers": len(leaver_codes),
        },
        data={
            "from": from_year.label,
            "to": to_year.label,
            "groups": {name: sorted(set(sources)) for name, sources in sorted(moved.items())},
            "leavers": len(leaver_codes),
        },
    )
    return {
        "groups": len(targets),
        "pupils": sum(line.count for line in proposal.lines),
        "leavers": len(leaver_codes),
    }
