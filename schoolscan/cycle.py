"""The schoolscan's step on the dashboard (registry.register_cycle, order 10)."""

from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from npo_planner.scholen.registry import CycleStep
from schoolscan.sections import SECTIONS
from schoolscan.selectors import scan_for, sections_for


def schoolscan_step(*, school, school_year, role) -> list[CycleStep]:
    url = reverse("schoolscan:index", kwargs={"brin": school.brin})
    scan = scan_for(school=school, school_year=school_year)
    if scan is None:
        return [CycleStep(title=_("Schoolscan"), state="todo", status=_("Nog niet gestart"), url=url)]
    states = {s.key: s for s in sections_for(scan=scan)}
    incomplete = [spec.title for spec in SECTIONS if not (states.get(spec.key) and states[spec.key].complete)]
    n_complete = len(SECTIONS) - len(incomplete)
    if scan.status == "vastgesteld":
        status = _("Vastgesteld op %(date)s (versie %(n)s)") % {
            "date": formats.date_format(scan.established_at, "j F Y"),
            "n": scan.number,
        }
        details = [_("%(n)s van %(total)s onderdelen volledig") % {"n": n_complete, "total": len(SECTIONS)}]
        return [CycleStep(title=_("Schoolscan"), state="done", status=status, url=url, details=details)]
    status = _("Concept: %(n)s van %(total)s onderdelen volledig") % {"n": n_complete, "total": len(SECTIONS)}
    details = [_("Nog niet volledig: %(title)s") % {"title": title} for title in incomplete]
    return [CycleStep(title=_("Schoolscan"), state="busy", status=status, url=url, details=details)]
