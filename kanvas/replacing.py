"""What a replace removes (CONTRACT §1): only the combinations the file covers.

Answers: the (moment, questionnaire, group) combinations in the file; a sociogram: the (moment, group)
combinations. Also removed: the old data of a pupil of the file who was in another group at that moment (the file
moves her; her old answers would otherwise stand beside the new ones). Every other group keeps its data. The
counts are the preview's and the command's summary; the ids are what `kanvas.writers` deletes.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kanvas.models import Nomination, Response


@dataclass(frozen=True)
class Replacement:
    """One (moment, questionnaire, group) — for a sociogram (moment, group) — combination a replace touches or
    leaves: `removed` rows go, `added` rows of the file come instead; `kept` rows of another group stay."""

    moment: str
    questionnaire: str | None  # None: sociogram
    group: str
    removed: int = 0
    added: int = 0
    kept: int = 0

    def _what(self) -> str:
        if self.questionnaire is None:
            return _("sociogram %(group)s %(moment)s") % {"group": self.group, "moment": self.moment}
        return _("%(group)s %(q)s-vragenlijst %(moment)s") % {
            "group": self.group,
            "q": self.questionnaire,
            "moment": self.moment,
        }

    def text(self) -> str:
        """Dutch, e.g. "7a leerling-vragenlijst 2022-voorjaar: 25 ingevulde vragenlijsten worden vervangen door 24"."""
        sociogram = self.questionnaire is None
        if self.kept:
            count = (
                ngettext("%(n)s keuze blijft staan", "%(n)s keuzes blijven staan", self.kept)
                if sociogram
                else ngettext(
                    "%(n)s ingevulde vragenlijst blijft staan",
                    "%(n)s ingevulde vragenlijsten blijven staan",
                    self.kept,
                )
            ) % {"n": self.kept}
        elif self.added:
            count = (
                ngettext(
                    "%(n)s keuze wordt vervangen door %(new)s",
                    "%(n)s keuzes worden vervangen door %(new)s",
                    self.removed,
                )
                if sociogram
                else ngettext(
                    "%(n)s ingevulde vragenlijst wordt vervangen door %(new)s",
                    "%(n)s ingevulde vragenlijsten worden vervangen door %(new)s",
                    self.removed,
                )
            ) % {"n": self.removed, "new": self.added}
        else:
            count = (
                (
                    ngettext("%(n)s keuze wordt verwijderd", "%(n)s keuzes worden verwijderd", self.removed)
                    if sociogram
                    else ngettext(
                        "%(n)s ingevulde vragenlijst wordt verwijderd",
                        "%(n)s ingevulde vragenlijsten worden verwijderd",
                        self.removed,
                    )
                )
                % {"n": self.removed}
                + " "
                + _("(de leerling staat in het bestand in een andere groep)")
            )
        return f"{self._what()}: {count}"

    def as_dict(self) -> dict:
        return {
            "moment": self.moment,
            "questionnaire": self.questionnaire,
            "group": self.group,
            "removed": self.removed,
            "added": self.added,
        }


Key = tuple[str, str | None, str]  # (moment, questionnaire or None for a sociogram, group)


def _sorted(keys) -> list[Key]:
    return sorted(keys, key=lambda k: (k[0], k[1] or "", k[2]))


def _fill(plan, removed: Counter, added: Counter, kept: Counter, ids: list[int]) -> None:
    plan.replacements = [
        Replacement(*key, removed=removed[key], added=added[key]) for key in _sorted(removed)
    ]
    plan.kept = [Replacement(*key, kept=kept[key]) for key in _sorted(kept)]
    plan.removed_ids = sorted(ids)


def answer_replacements(plan, moments: dict) -> None:
    """What replacing the plan's answers removes: the responses of the replaced (moment, questionnaire) pairs in
    the file's groups, and those of the file's pupils wherever they were; fills plan.replacements, .kept and
    .removed_ids (one query)."""
    pairs = plan.replaced_pairs
    if not pairs:
        return
    groups: dict[tuple[str, str], set[str]] = defaultdict(set)
    codes: dict[tuple[str, str], set[str]] = defaultdict(set)
    added: Counter = Counter()
    for questionnaire, block in plan.responses.items():
        for moment, code in block.keys:
            if (moment, questionnaire) in pairs:
                group = plan.placements[(moment, code)]
                groups[(moment, questionnaire)].add(group)
                codes[(moment, questionnaire)].add(code)
                added[(moment, questionnaire, group)] += 1
    existing = Response.objects.filter(
        participation__moment__in=[moments[m] for m in sorted({m for m, _q in pairs})],
        questionnaire__code__in=sorted({q for _m, q in pairs}),
    ).values_list(
        "id",
        "participation__moment__label",
        "questionnaire__code",
        "participation__group__name",
        "participation__pupil__code",
    )
    removed: Counter = Counter()
    kept: Counter = Counter()
    ids = []
    for pk, moment, questionnaire, group, code in existing:
        pair = (moment, questionnaire)
        if pair not in pairs:
            continue
        if group in groups[pair] or code in codes[pair]:
            ids.append(pk)
            removed[(moment, questionnaire, group)] += 1
        else:
            kept[(moment, questionnaire, group)] += 1
    _fill(plan, removed, added, kept, ids)


def sociogram_replacements(plan, moments: dict) -> None:
    """What replacing the plan's sociogram removes: the choices made at the replaced moments by pupils of the
    file's groups, and by the file's choosers wherever they were (one query)."""
    labels = plan.replaced_moments
    if not labels:
        return
    groups: dict[str, set[str]] = defaultdict(set)
    choosers: dict[str, set[str]] = defaultdict(set)
    added: Counter = Counter()
    for moment, chooser, _chosen, _positive in plan.nominations:
        if moment in labels:
            group = plan.placements[(moment, chooser)]
            groups[moment].add(group)
            choosers[moment].add(chooser)
            added[(moment, None, group)] += 1
    existing = Nomination.objects.filter(moment__in=[moments[m] for m in sorted(labels)]).values_list(
        "id", "moment__label", "chooser__group__name", "chooser__pupil__code"
    )
    removed: Counter = Counter()
    kept: Counter = Counter()
    ids = []
    for pk, moment, group, code in existing:
        if group in groups[moment] or code in choosers[moment]:
            ids.append(pk)
            removed[(moment, None, group)] += 1
        else:
            kept[(moment, None, group)] += 1
    _fill(plan, removed, added, kept, ids)
