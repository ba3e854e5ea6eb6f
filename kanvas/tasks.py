"""Background drawing of the KanVAS charts a change of a moment's data affects (npo_planner.jobs.chart_warming):
the first visitor of the overview (any comparison, also a leerkracht's own), a group's trend or a pupil's trend after
an import, a replacement or a rescoring finds them in the shared chart cache."""

from django.conf import settings
from django.utils import translation
from django_tasks import task

from kanvas import charts, selectors
from kanvas.access import visible_rows
from kanvas.models import Moment
from npo_planner.jobs.chart_warming import PUPIL_WARMING_PRIORITY, WARMING_PRIORITY, redraw_after_commit


@task(priority=WARMING_PRIORITY)
def draw_moment_charts(moment_id: int) -> int:
    """Draw the charts `charts.affected_by` names for the moment but the pupils' own, as the pages draw them (same
    figures, the default language); returns how many charts there are. A chart whose figures did not change is
    found in the cache and not drawn again."""
    moment = Moment.objects.select_related("school").filter(pk=moment_id).first()
    if moment is None:  # deleted since
        return 0
    affected = charts.affected_by(moment)
    school = moment.school
    rows = {}  # (moment, compare) → every group's row: read once for the IB'er's chart and each leerkracht's
    drawn = 0
    with translation.override(settings.LANGUAGE_CODE):
        for label, compare in affected.overviews:
            rows[label, compare] = selectors.klassenzorgscore_per_group(
                school=school, moment=label, compare=compare
            )
            drawn += charts.overview_chart(rows[label, compare], moment=label, compare=compare) is not None
        for label, compare, groups in affected.teacher_overviews:
            shown = visible_rows(rows[label, compare], groups)
            drawn += charts.overview_chart(shown, moment=label, compare=compare) is not None
        for group, labels in affected.trends:
            figures = charts.group_trend_figures(school=school, group=group, labels=labels)
            drawn += figures["chart"] is not None
    return drawn


@task(priority=PUPIL_WARMING_PRIORITY)
def draw_pupil_trend_charts(moment_id: int) -> int:
    """Draw each measured pupil's trend chart of the moment (about 0.15 s a pupil: after every other chart)."""
    moment = Moment.objects.select_related("school").filter(pk=moment_id).first()
    if moment is None:  # deleted since
        return 0
    drawn = 0
    with translation.override(settings.LANGUAGE_CODE):
        for pupil, labels in charts.affected_by(moment).pupils:
            drawn += charts.pupil_trend_figures(pupil=pupil, labels=labels)["chart"] is not None
    return drawn


def moment_charts_redraw(moment_ids) -> None:
    """After the change commits, draw the charts of these moments in the background (one task per moment)."""
    for moment_id in sorted(set(moment_ids)):
        redraw_after_commit(draw_moment_charts, moment_id)
        redraw_after_commit(draw_pupil_trend_charts, moment_id)


def rescored_charts_redraw(questionnaire_ids) -> None:
    """After a rescoring: every moment with responses of these questionnaires."""
    moment_charts_redraw(
        Moment.objects.filter(participations__responses__questionnaire_id__in=list(questionnaire_ids))
        .values_list("id", flat=True)
        .distinct()
    )
