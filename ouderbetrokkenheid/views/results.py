"""Results: parents beside team per statement and option, by bouw, remarks by theme, comparison."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from npo_planner.lib.csv_export import csv_response
from npo_planner.lib.pagination import page_of
from npo_planner.scholen.access import school_view
from npo_planner.scholen.roles import ALL_ROLES, MANAGEMENT, SCHOOL_STAFF, Role
from npo_planner.scholen.services import export_record
from ouderbetrokkenheid.charts import option_chart, statement_chart
from ouderbetrokkenheid.models import OPTION_SCALE, STATEMENT_SCALE, Stage
from ouderbetrokkenheid.report import HEADER, report_rows
from ouderbetrokkenheid.selectors import (
    earlier_surveys,
    remarks_for,
    school_themes,
    survey_comparison,
    survey_results,
    theme_tally,
)
from ouderbetrokkenheid.services import remarks_tag
from ouderbetrokkenheid.themes import suggest_theme, theme_choices
from ouderbetrokkenheid.views.common import error_messages, get_survey

AGGREGATE_ONLY = {Role.MR, Role.BESTUUR}
REMARKS_PER_PAGE = 50


def _stage(request):
    stage = request.GET.get("bouw", "")
    return stage if stage in Stage.values else None


@school_view(*ALL_ROLES)
def results(request, survey_id):
    survey = get_survey(request, survey_id)
    stage = _stage(request)
    figures = survey_results(survey=survey, stage=stage)
    earlier = earlier_surveys(survey=survey)
    compare_to = next((s for s in earlier if str(s.pk) == request.GET.get("vergelijk", "")), None)
    comparison = None
    if compare_to is not None:
        comparison = survey_comparison(
            current=figures, earlier=survey_results(survey=compare_to, stage=stage)
        )
    tally = theme_tally(survey=survey, stage=stage, small_cells=request.role in AGGREGATE_ONLY)
    return render(
        request,
        "ouderbetrokkenheid/results.html",
        {
            "survey": survey,
            "results": figures,
            "stage": stage,
            "stages": Stage.choices,
            "statement_scale": STATEMENT_SCALE,
            "option_scale": OPTION_SCALE,
            "statement_chart": statement_chart(figures),
            "option_chart": option_chart(figures),
            "earlier": earlier,
            "compare_to": compare_to,
            "comparison": comparison,
            "tally": tally,
            "is_staff": request.role in SCHOOL_STAFF,
        },
    )


@school_view(*ALL_ROLES)
def results_csv(request, survey_id):
    survey = get_survey(request, survey_id)
    stage = _stage(request)
    rows = report_rows(survey_results(survey=survey, stage=stage))
    name = f"ouderpeiling_{survey.school.brin}_{survey.school_year.label}_{survey.pk}{'_' + stage if stage else ''}.csv"
    export_record(user=request.user, school=request.school, filename=name, what=_("resultaten ouderpeiling"))
    return csv_response(name, HEADER, rows)


@school_view(*SCHOOL_STAFF)
def remarks(request, survey_id):
    survey = get_survey(request, survey_id)
    stage = _stage(request)
    remarks = remarks_for(survey=survey, stage=stage)
    chosen = {}
    if request.method == "POST":
        seen = {}
        # Fields are named by the random public code, never by the sequential id (12.7). The remarks posted are
        # the page the user saw, looked up by code: whatever page they are on now that other remarks arrived.
        posted = [name.removeprefix("theme_") for name in request.POST if name.startswith("theme_")]
        for item in remarks.filter(public_id__in=posted):
            chosen[item.pk] = request.POST[f"theme_{item.public_id}"]
            seen[item.pk] = request.POST.get(f"seen_{item.public_id}", "")
        try:
            changed, conflicts = remarks_tag(user=request.user, survey=survey, themes=chosen, seen=seen)
        except ValidationError as exc:
            for message in error_messages(exc):
                messages.error(request, message)
        else:
            messages.success(request, _("%(n)d opmerking(en) bijgewerkt.") % {"n": changed})
            if conflicts:
                messages.warning(
                    request,
                    _(
                        "%(n)d opmerking(en) kreeg intussen door iemand anders een thema; die zijn niet "
                        "overschreven. Controleer ze hieronder."
                    )
                    % {"n": conflicts},
                )
            return redirect(request.get_full_path())
    page, page_query = page_of(request, remarks, REMARKS_PER_PAGE)
    items = page.object_list
    own = school_themes(school=request.school)
    choices = theme_choices(own)
    # After a refused save the page keeps the user's choices, except a theme that no longer exists.
    still_offered = {code for code, _label in choices} | {""}
    for item in items:
        item.suggestion = suggest_theme(item.remark, own)
        kept = chosen.get(item.pk)
        item.shown_theme = kept if kept in still_offered else (item.theme_code or item.suggestion)
    return render(
        request,
        "ouderbetrokkenheid/remarks.html",
        {
            "survey": survey,
            "items": items,
            "page": page,
            "page_query": page_query,
            "themes": choices,
            "theme_labels": dict(choices),
            "tally": theme_tally(survey=survey, stage=stage, own_themes=own),
            "stage": stage,
            "stages": Stage.choices,
            "can_manage_themes": request.role in MANAGEMENT,
        },
    )
