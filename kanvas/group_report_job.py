"""The group report PDF (kanvas.group_report) made in the background (npo_planner.jobs), as the programme's is:
the click on the group page starts the job (or finds the one still waiting), the job's page shows its progress and
offers the file. The download is when the user sees the pupils: it checks again that she may open the group (a
leerkracht: her own groups of the year she views) and leaves the traces the group's CSV leaves."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from kanvas import group_report
from kanvas.access import group_for
from kanvas.group_export import group_export_record
from npo_planner.jobs.models import Job
from npo_planner.scholen.access import require_role
from npo_planner.scholen.models import Group, Pupil
from npo_planner.scholen.roles import PUPIL_LEVEL

KIND = "kanvas_group_report"
LABEL = _lazy("Groepsverslag voor de groepsbespreking (PDF)")


def params_for(*, group: Group, moment: str, compare: str | None, labels: list[str] | None) -> dict:
    """What the report shows: the group at the moment, compared with `compare`; `labels`: the moments the user may
    see in the trend (None: all)."""
    return {"group": group.pk, "moment": moment, "compare": compare, "labels": labels}


def make_pdf(job: Job, progress) -> tuple[str, bytes]:
    """Build and render the report. The ids of the pupils in it are kept with the job (no codes, no figures), so
    the download logs each of them as read."""
    params = job.params
    group = Group.objects.select_related("school_year").get(pk=params["group"], school=job.school)
    progress(0, 1)
    context = group_report.build(
        school=job.school,
        group=group,
        moment=params["moment"],
        compare=params["compare"],
        labels=params["labels"],
    )
    pdf = group_report.render_pdf(context)
    pupils = [row["pupil"].pk for row in context["table"]["rows"]]
    pupils += [p.pupil_id for p in (context["network"] or {}).get("pupils", [])]
    Job.objects.filter(pk=job.pk).update(params={**params, "pupils": sorted(set(pupils))})
    progress(1, 1)
    return group_report.filename(school=job.school, group=group, moment=params["moment"]), pdf


def download_check_and_record(request, job: Job) -> None:
    """Before the file goes out: the user's role and group access as the group page checks them now (403/404),
    then an export in the audit log and a read of each pupil in the report."""
    require_role(request, *PUPIL_LEVEL)
    group = group_for(request, job.params["group"])
    pupils = Pupil.objects.filter(school=request.school, pk__in=job.params.get("pupils", []))
    group_export_record(
        user=request.user,
        school=request.school,
        filename=job.result_filename,
        what=_("KanVAS-groepsverslag groep %(group)s") % {"group": group.name},
        pupils=list(pupils.values_list("pk", "code")),
        kind="PDF",
    )
