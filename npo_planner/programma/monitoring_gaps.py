"""Which monitoring sources have no measurement yet for any item: the report says so once, above the items,
instead of repeating "nog geen meting" under every item."""

from django.utils.translation import gettext as _

KANVAS, PARENTS, SCAN = "kanvas", "parents", "scan"


def _missing(report) -> set[str]:
    missing = set()
    if not report.monitoring:
        missing.add(KANVAS)
    measure = report.parent_measure or {}
    if not (measure.get("next") or measure.get("next_held")):
        missing.add(PARENTS)
    if report.next_scan is None:
        missing.add(SCAN)
    return missing


def gaps(reports) -> dict:
    """{"kanvas": bool, "parents": bool, "scan": bool, "text": str}: True for a source measured for no item;
    `text` says them in one sentence ("" when every source has a measurement somewhere)."""
    reports = list(reports)
    common = set.intersection(*(_missing(r) for r in reports)) if reports else set()
    labels = {
        KANVAS: _("de KanVAS-monitoring van de doelgroepen"),
        PARENTS: _("de volgende ouderpeiling"),
        SCAN: _("de volgende schoolscan"),
    }
    named = [str(labels[key]) for key in (KANVAS, PARENTS, SCAN) if key in common]
    text = ""
    if named:
        listed = named[0] if len(named) == 1 else ", ".join(named[:-1]) + _(" en ") + named[-1]
        text = _("Nog geen meting voor alle interventies: %(sources)s.") % {"sources": listed}
    return {KANVAS: KANVAS in common, PARENTS: PARENTS in common, SCAN: SCAN in common, "text": text}
