"""The group report for the group meeting (groepsbespreking): one A4 PDF per group with the klassenzorgscore and
scales at every moment measured (following the pupils), the pupils with a signal and their open actions, the safety
figures (small cells hidden as on the safety page) and the sociogram. Pupil-level: staff of the group only. Made in
the background (kanvas.group_report_job), whose download logs it as an export and as a read of the pupils in it.
A fixed number of queries."""

from collections import defaultdict

from django.template.loader import render_to_string
from django.utils import timezone

from kanvas import advice, pupil_reads, selectors, trends
from kanvas.models import FollowUp
from kanvas.sociogram_picture import group_network
from npo_planner.lib.charts import for_pdf
from npo_planner.lib.pdf_render import html_to_pdf

PDF_CSS = "kanvas/group_report.css"


def build(*, school, group, moment: str, compare: str | None, labels: list[str] | None = None) -> dict:
    """The report's data. `labels`: the moments the reader may see in the trend (None: all)."""
    names = selectors.concern_scale_names()
    trend = trends.group_trend(school=school, group=group, labels=labels)
    table = pupil_reads.group_pupils(school=school, group=group, moment=moment, compare=compare)
    signalled = [row for row in table["rows"] if row["signals"]]
    actions = defaultdict(list)
    for followup in (
        FollowUp.objects.filter(
            school=school,
            pupil_id__in=[row["pupil"].pk for row in signalled],
            status__in=pupil_reads.OPEN_STATUSES,
        )
        .select_related("owner")
        .order_by("due", "id")
    ):
        actions[followup.pupil_id].append(followup)
    today = timezone.localdate()
    for row in signalled:
        row["actions"] = actions[row["pupil"].pk]
        for followup in row["actions"]:
            followup.overdue = followup.is_overdue(today)
        row["signal_codes"] = [cell["code"] for cell in row["cells"] if cell["now_signal"]]
    safety = selectors.safety_per_group(school=school, moment=moment, compare=compare)
    with for_pdf():  # the chart's text as text: faster in WeasyPrint
        trend_chart = trends.group_trend_chart(trend, names, width=7.0, height=3.0)
    safety_row = next((r for r in safety["groups"] if r["group_id"] == group.id), None)
    return {
        "school": school,
        "group": group,
        "moment": moment,
        "compare": compare,
        "generated_at": timezone.localtime(),
        "scale_names": names,
        "trend": trend,
        "trend_chart": trend_chart,
        "table": table,
        "signalled": signalled,
        "advice": advice.advice_for(advice.signalled_codes_of_group(table)) if table["concern"] else [],
        "safety_scales": safety["scales"],
        "safety": safety_row,
        "network": group_network(school=school, group_id=group.id, moment=moment, compare=compare),
    }


def report_html(context: dict) -> str:
    return render_to_string("kanvas/group_report_pdf.html", context)


def render_pdf(context: dict) -> bytes:
    """Tagged A4 PDF (the programme PDF's machinery: npo_planner.lib.pdf_render)."""
    return html_to_pdf(report_html(context), stylesheet=PDF_CSS)


def filename(*, school, group, moment: str) -> str:
    return f"groepsbespreking-{school.brin}-groep-{group.name}-{moment}.pdf"
