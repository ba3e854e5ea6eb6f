"""The one place the schoolscan reads KanVAS data, through `kanvas.selectors` (docs/conventions.md).

`kanvas.selectors.school_summary(school=, moment=, compare=)` returns the metrics flat:
`{"n", "suppressed", "klassenzorgscore", "welbevinden", "veiligheidsbeleving"}` and, with `compare`,
`"<metric>_previous"` and `"<metric>_change"`; each metric is None when it rests on fewer than 5 pupils.
`klassenzorgscore_per_group` gives per group `group, grade, n, score, scales {NI, OS, OV, HS}, previous, change,
previous_groups, suppressed`; the previous figures are those of the same pupils (`previous_groups`: the groups they
were in then). The scan draws on the moments its directeur chose, or on the proposal (`proposed_moments`: the
latest moment with data before the scan's date and the one before it). Without a moment `kanvas_summary` returns
None and the page says "nog geen KanVAS-gegevens". The result is plain JSON-able data,
so an established scan can keep a snapshot of it. `protect` applies the small-cell rule again over the groups
(`npo_planner.lib.privacy.suppress_parts`), so a snapshot taken before a group's complement was hidden does not
give a small group away by subtraction from the school figures either.
"""

import datetime

from django.utils.translation import gettext_lazy as _

from npo_planner.lib.privacy import SUPPRESSED_LABEL, hidden_label, rows_to_hide

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


def _hidden(row: dict) -> dict:
    return {
        **row,
        **dict.fromkeys(("score", "previous", "change", "os", "ov")),
        "previous_groups": [],
        "suppressed": True,
        "highlight": False,
        "hidden_label": hidden_label(row.get("n")),
    }


def protect(summary: dict | None) -> dict | None:
    """The summary with every group under 5 pupils hidden, and beside each such group as many others as keep it
    from following out of the school figures. Rows keep `n` (for this rule); pages show `hidden_label` instead."""
    if not summary:
        return summary
    groups = summary.get("groups") or []
    hidden = rows_to_hide(groups)
    rows = [_hidden(row) if index in hidden else row for index, row in enumerate(groups)]
    return {**summary, "groups": rows}


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
        # the groups this group's pupils were in at the compared moment (the comparison follows the pupils)
        "previous_groups": [] if suppressed else [str(name) for name in row.get("previous_groups") or []],
        "highlight": (not suppressed) and change is not None and abs(change) >= CHANGE_HIGHLIGHT,
        "hidden_label": row.get("hidden_label") or (SUPPRESSED_LABEL if suppressed else None),
    }


def moment_start(label: str) -> datetime.date:
    """The first day a moment's data can exist: voorjaar of year Y from 1 January Y, najaar from 1 August Y."""
    from kanvas import selectors

    year, season = selectors.moment_parts(label)
    return datetime.date(year, 8, 1) if season == "najaar" else datetime.date(year, 1, 1)


def school_moments(*, school) -> list[str]:
    """Every KanVAS moment of the school that holds data, oldest first (any school year: a scan made in spring
    uses that spring's data for next year's programme)."""
    from kanvas import selectors

    return list(selectors.all_moments(school=school))


def proposed_moments(*, school, on: datetime.date, moments: list[str] | None = None) -> tuple[str, str]:
    """The proposal for a scan dated `on`: the latest moment with data before that date, and the one before it to
    compare with ("" where there is none)."""
    if moments is None:
        moments = school_moments(school=school)
    before = [label for label in moments if moment_start(label) <= on]
    return (before[-1] if before else "", before[-2] if len(before) > 1 else "")


def kanvas_summary(*, school, moment: str, compare: str = "") -> dict | None:
    """The KanVAS figures of `moment` compared with `compare` for the same pupils (each group's pupils as measured
    at `compare`, whatever group they were in then), or None without a moment."""
    if not moment:
        return None
    from kanvas import selectors

    previous = compare or None
    groups = selectors.klassenzorgscore_per_group(school=school, moment=moment, compare=previous)
    summary = selectors.school_summary(school=school, moment=moment, compare=previous) or {}
    school_rows = []
    for name, label in METRICS:
        value, change = _metric(summary, name)
        school_rows.append({"name": name, "label": str(label), "value": value, "change": change})
    return protect(
        {
            "moment": str(moment),
            "previous": str(previous) if previous else None,
            "same_pupils": bool(previous),
            "groups": [_group_row(row) for row in groups],
            "school": school_rows,
            "suppressed": bool(summary.get("suppressed")),
        }
    )
