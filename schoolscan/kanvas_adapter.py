"""The one place the schoolscan reads KanVAS data, through `kanvas.selectors` (docs/conventions.md).

The kanvas app is built in parallel: when its selectors are missing (ImportError/AttributeError) or it has no
measurements for the year, `kanvas_summary` returns None and the page says "nog geen KanVAS-gegevens".
The result is plain JSON-able data, so an established scan can keep a snapshot of it.
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


# The names the kanvas selector may use for each metric (docs/conventions.md names the metrics, not the keys).
ALIASES = {
    "klassenzorgscore": ("klassenzorgscore", "score", "concern_score"),
    "welbevinden": ("welbevinden", "wellbeing", "WB"),
    "veiligheidsbeleving": ("veiligheidsbeleving", "safety", "VB"),
}


def _metric(summary: dict, name: str) -> tuple[float | None, float | None]:
    """A metric and its change, whether the selector gives `{name: x, name_change: y}` or `{name: {...}}`."""
    for key in ALIASES[name]:
        if key not in summary:
            continue
        raw = summary[key]
        if isinstance(raw, dict):
            value = raw.get("mean", raw.get("score", raw.get("value")))
            return _number(value), _number(raw.get("change"))
        change = summary.get(f"{key}_change")
        if change is None and key == "score":
            change = summary.get("change")
        return _number(raw), _number(change)
    return None, None


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
