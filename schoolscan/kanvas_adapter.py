"""The one place the schoolscan reads KanVAS data, through `kanvas.selectors` (docs/conventions.md).

`kanvas.selectors.school_summary(school=, moment=, compare=)` returns the metrics flat:
`{"n", "suppressed", "klassenzorgscore", "welbevinden", "veiligheidsbeleving"}` and, with `compare`,
`"<metric>_previous"` and `"<metric>_change"`; each metric is None when it rests on fewer than 5 pupils.
`klassenzorgscore_per_group` gives per group `group, grade, n, score, scales {NI, OS, OV, HS}, previous, change,
suppressed`. When kanvas is not installed (ImportError/AttributeError) or has no measurements for the year,
`kanvas_summary` returns None and the page says "nog geen KanVAS-gegevens". The result is plain JSON-able data,
so an established scan can keep a snapshot of it.
"""

from django.utils.translation import gettext_lazy as _

METRICS = (
    ("klassenzorgscore", _("Klassenzorgscore (%)")),
    ("welbevinden", _("Welbevinden (gemiddelde)")),
    ("veiligheidsbeleving", _("Veiligheidsbeleving (gemiddelde)")),
)
CHANGE_HIGHLIGHT = 10.0  # percentage points (CONTRACT §2)


def _number(value):
    if value is None or isinstance(value, bool):
        return None
    try:
        return round(float(value), 1)
    except (TypeError, ValueError):
        return None


def _metric(summary: dict, name: str) -> tuple[float | None, float | None]:
    """A school metric and its change since the compared moment (kanvas.selectors.school_summary)."""
    return _number(summary.get(name)), _number(summary.get(f"{name}_change"))


def _group_row(row: dict) -> dict:
    change = _number(row.get("change"))
    suppressed = bool(row.get("suppressed"))
    scales = row.get("scales") or {}
    return {
        "group": str(row.get("group", "")),
        "grade": row.get("grade"),
        "n": row.get("n"),
        "score": None if suppressed else _number(row.get("score")),
        "previous": None if suppressed else _number(row.get("previous")),
        "change": None if suppressed else change,
        # seed 000: look especially at ongelukkig/sombere gevoelens and onrustig/verstorend gedrag
        "os": None if suppressed else _number(scales.get("OS")),
        "ov": None if suppressed else _number(scales.get("OV")),
        "suppressed": suppressed,
        "highlight": (not suppressed) and change is not None and abs(change) >= CHANGE_HIGHLIGHT,
    }


def kanvas_summary(*, school, school_year) -> dict | None:
    """The latest KanVAS moment of the year compared with the one before it, or None when there is none."""
    if school_year is None:
        return None
    try:
        from kanvas import selectors
    except ImportError:
        return None
    try:
        moments = list(selectors.moments_for(school=school, school_year=school_year))
        if not moments:
            return None
        moment = moments[-1]
        previous = moments[-2] if len(moments) > 1 else None
        groups = selectors.klassenzorgscore_per_group(school=school, moment=moment, compare=previous)
        summary = selectors.school_summary(school=school, moment=moment, compare=previous) or {}
    except (ImportError, AttributeError):
        return None
    school_rows = []
    for name, label in METRICS:
        value, change = _metric(summary, name)
        school_rows.append({"name": name, "label": str(label), "value": value, "change": change})
    return {
        "moment": str(moment),
        "previous": str(previous) if previous else None,
        "groups": [_group_row(row) for row in groups],
        "school": school_rows,
        "suppressed": bool(summary.get("suppressed")),
    }
