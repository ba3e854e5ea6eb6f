"""Which versions a submitted version is compared with: the previous version and the last one every council
consented to (once when they are the same). Reads the snapshots; the comparison itself is `changes.compare`."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from npo_planner.programma.changes import Changes, compare
from npo_planner.programma.models import Submission


@dataclass(frozen=True)
class Comparison:
    title: str
    against: Submission
    changes: Changes


def _consented(submission: Submission) -> bool:
    return submission.consented


def comparisons_for(submission: Submission | None) -> list[Comparison]:
    """The comparisons shown with `submission` (empty for the first version or none). Two queries at most."""
    if submission is None:
        return []
    earlier = list(
        Submission.objects.filter(
            programme_id=submission.programme_id, number__lt=submission.number
        ).order_by("-number")
    )
    if not earlier:
        return []
    previous = earlier[0]
    consented = next((s for s in earlier if _consented(s)), None)
    values = {"n": previous.number}
    if consented is previous:
        title = _("Wat is er veranderd sinds versie %(n)s (de vorige versie, waarmee is ingestemd)") % values
    else:
        title = _("Wat is er veranderd sinds versie %(n)s (de vorige versie)") % values
    result = [Comparison(title, previous, compare(previous.snapshot, submission.snapshot))]
    if consented is not None and consented is not previous:
        title = _("Wat is er veranderd sinds versie %(n)s (de laatste versie waarmee is ingestemd)") % {
            "n": consented.number
        }
        result.append(Comparison(title, consented, compare(consented.snapshot, submission.snapshot)))
    return result
