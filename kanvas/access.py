"""Which groups of the school a user may see: any for the IB'er and directeur, a leerkracht her own groups of the
school year she is viewing (npo_planner.scholen.access.teacher_group_ids). The group pages and the download of a
group's report (made in the background) ask the same question, at the moment the user sees the pupils; the
overview and the background drawing of its charts keep the same rows."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from npo_planner.scholen.access import teacher_group_ids
from npo_planner.scholen.models import Group


def group_for(request, group_id) -> Group:
    group = get_object_or_404(Group.objects.select_related("school_year"), pk=group_id, school=request.school)
    ids = teacher_group_ids(request)
    if ids is not None and group.id not in ids:
        raise Http404
    return group


def visible_rows(rows: list[dict], group_ids: set[int] | frozenset[int] | None) -> list[dict]:
    """The rows (one per group, with "group_id") of the groups in `group_ids`; None: every row."""
    return rows if group_ids is None else [r for r in rows if r["group_id"] in group_ids]
