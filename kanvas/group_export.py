"""The staff's CSV of a group (issue 17, item 6): each pupil of the group at a moment with the leerling scale
scores, which of them stand out, and the pupil's open follow-up actions. The same figures as the group page.
And the traces every file of a group's pupils leaves (the CSV, the group report PDF)."""

from collections import defaultdict

from kanvas.models import FollowUp
from kanvas.pupil_reads import OPEN_STATUSES
from npo_planner.lib.csv_export import decimal_comma
from npo_planner.scholen.pupil_data import pupils_seen_record
from npo_planner.scholen.services import export_record


def group_export_record(*, user, school, filename: str, what: str, pupils: list, kind: str) -> None:
    """A group's file for staff leaves two traces: an export in the audit log, and a read of each pupil in it
    (`pupils`: Pupil objects or (pupil id, pupil code) pairs)."""
    export_record(user=user, school=school, filename=filename, what=what)
    pupils_seen_record(user=user, school=school, pupils=pupils, what=f"{what} ({kind})")


def group_export_header(scales: list[str]) -> list[str]:
    return ["leerling", *scales, "opvallend", "open_acties", "acties"]


def group_export_rows(*, school, table: dict) -> list[list[str]]:
    """`table`: kanvas.pupil_reads.group_pupils of the group (one more query for the actions)."""
    pupil_ids = [row["pupil"].pk for row in table["rows"]]
    actions = defaultdict(list)
    for followup in (
        FollowUp.objects.filter(school=school, pupil_id__in=pupil_ids, status__in=OPEN_STATUSES)
        .select_related("owner")
        .order_by("due", "created_at")
    ):
        parts = [followup.get_action_display(), followup.get_status_display().lower()]
        if followup.owner:
            parts.append(followup.owner.get_full_name() or followup.owner.username)
        if followup.due:
            parts.append(followup.due.isoformat())
        actions[followup.pupil_id].append(" – ".join(parts))
    rows = []
    for row in sorted(table["rows"], key=lambda r: r["pupil"].code):
        flagged = [cell["code"] for cell in row["cells"] if cell["now_signal"]]
        rows.append(
            [
                row["pupil"].code,
                *(decimal_comma(cell["now"]) for cell in row["cells"]),
                "+".join(flagged),
                str(len(actions[row["pupil"].pk])),
                "; ".join(actions[row["pupil"].pk]),
            ]
        )
    return rows
