"""Background drawing of a survey's charts after its answers changed (npo_planner.jobs.chart_warming)."""

from django.conf import settings
from django.utils import translation
from django_tasks import task

from npo_planner.jobs.chart_warming import WARMING_PRIORITY, redraw_after_commit
from ouderbetrokkenheid.charts import option_chart, statement_chart
from ouderbetrokkenheid.models import Stage, Survey
from ouderbetrokkenheid.selectors import survey_results


@task(priority=WARMING_PRIORITY)
def draw_survey_charts(survey_id: int) -> int:
    """Draw the results page's charts of the survey for the whole school and each bouw into the chart cache, as
    the page draws them (same figures, same language); returns how many charts there are."""
    survey = Survey.objects.filter(pk=survey_id).first()
    if survey is None:  # deleted since
        return 0
    drawn = 0
    with translation.override(settings.LANGUAGE_CODE):
        for stage in (None, *Stage.values):
            figures = survey_results(survey=survey, stage=stage)
            drawn += sum(draw(figures) is not None for draw in (statement_chart, option_chart))
    return drawn


def survey_charts_redraw(survey: Survey) -> None:
    """After the change commits, draw the survey's charts in the background."""
    redraw_after_commit(draw_survey_charts, survey.pk)
