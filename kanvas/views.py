"""KanVAS pages. Thin: access through the school layer, reads from selectors / pupil_reads, writes via services."""

from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from kanvas import (
    advice,
    charts,
    group_export,
    group_report_job,
    import_jobs,
    importers,
    pupil_reads,
    selectors,
    services,
)
from kanvas import safety as safety_figures
from kanvas.access import group_for, visible_rows
from kanvas.forms import (
    FollowUpForm,
    FollowUpUpdateForm,
    GroupPlanForm,
    SafetyInstrumentForm,
    UploadForm,
    staff_for,
)
from kanvas.models import FollowUp, ImportRecord, Moment, PendingUpload
from kanvas.report import report_header, report_rows
from kanvas.sociogram import changes_between, pupil_choices, sociogram_groups
from kanvas.sociogram_picture import group_network
from npo_planner.jobs.models import Job
from npo_planner.jobs.school_views import import_job_page
from npo_planner.jobs.selectors import school_job_for, school_job_get
from npo_planner.jobs.services import retry_job, start_school_job
from npo_planner.lib.csv_export import csv_response
from npo_planner.lib.edit_conflict import EditConflict
from npo_planner.lib.import_errors import ImportErrors
from npo_planner.scholen.access import require_role, school_view, teacher_group_ids
from npo_planner.scholen.mapping_step import mapping_context, mapping_step_save
from npo_planner.scholen.models import Pupil
from npo_planner.scholen.pupil_data import pupil_access_record, pupils_seen_record
from npo_planner.scholen.roles import MANAGEMENT, PUPIL_LEVEL, Role
from npo_planner.scholen.services import export_record


@dataclass
class MomentChoice:
    labels: list[str] = field(default_factory=list)  # the moments to choose from
    moment: str | None = None
    compare: str | None = None
    compare_labels: list[str] = field(default_factory=list)  # the moments to compare with

    def query(self) -> str:
        """moment and vergelijk for links; an empty vergelijk keeps "niet vergelijken" chosen."""
        if not self.moment:
            return ""
        return urlencode({"moment": self.moment, "vergelijk": self.compare or ""})


def _moments(request, school_year=None, *, moment_in_year: bool = False) -> MomentChoice:
    """The chosen moment (default: the latest of the school year) and the earlier one to compare with.

    A leerkracht sees the measurements of the school year being viewed only (her groups are that year's:
    teacher_group_ids). `moment_in_year`: the moment is one of `school_year` (a group page: its pupils were
    measured in that group then); the comparison may still be any earlier moment.
    """
    year = school_year or request.school_year
    rows = list(
        Moment.objects.filter(school=request.school)
        .order_by("sort_key")
        .values_list("label", "school_year_id")
    )
    in_year = [label for label, year_id in rows if year is not None and year_id == year.id]
    every = in_year if request.role == Role.LEERKRACHT else [label for label, _y in rows]
    labels = in_year if moment_in_year else every
    if not labels:
        return MomentChoice()
    moment = request.GET.get("moment")
    if moment not in labels:
        moment = (in_year or labels)[-1]
    compare = request.GET.get("vergelijk")
    if compare is None:
        earlier = every[: every.index(moment)]
        compare = earlier[-1] if earlier else None
    elif compare not in every or compare == moment:
        compare = None
    return MomentChoice(labels=labels, moment=moment, compare=compare, compare_labels=every)


@school_view(*PUPIL_LEVEL)
def index(request):
    choice = _moments(request)
    context = {"choice": choice, "rows": [], "chart": None}
    if choice.moment:
        rows = visible_rows(
            selectors.klassenzorgscore_per_group(
                school=request.school, moment=choice.moment, compare=choice.compare
            ),
            teacher_group_ids(request),
        )
        names = selectors.concern_scale_names()
        order = pupil_reads.ordered_scales(names)
        context.update(
            rows=rows,
            scales=[(code, names[code]) for code in order],
            chart=charts.overview_chart(rows, moment=choice.moment, compare=choice.compare),
            summary=selectors.school_summary(
                school=request.school, moment=choice.moment, compare=choice.compare
            )
            if request.role in MANAGEMENT
            else None,
        )
    return render(request, "kanvas/index.html", context)


@school_view(*MANAGEMENT)
def report_csv(request):
    choice = _moments(request)
    if not choice.moment:
        messages.info(request, _("Er zijn nog geen KanVAS-gegevens om te downloaden."))
        return redirect("kanvas:index", brin=request.school.brin)
    filename = f"kanvas-{request.school.brin}-{choice.moment}.csv"
    export_record(
        user=request.user, school=request.school, filename=filename, what=_("KanVAS-groepsoverzicht")
    )
    return csv_response(
        filename,
        report_header(compare=bool(choice.compare)),
        report_rows(school=request.school, moment=choice.moment, compare=choice.compare),
    )


@school_view(*MANAGEMENT)
def import_upload(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            pending = services.upload_store(
                school=request.school,
                user=request.user,
                kind=form.cleaned_data["kind"],
                filename=upload.name,
                data=upload.read(),
                replace=form.cleaned_data["replace"],
            )
        except ImportErrors as errors:
            for line in errors.messages():
                form.add_error("file", line)
        else:
            if services.upload_in_background(pending=pending):
                return _check_later(request, pending)
            return redirect(_preview_url(request, pending.pk))
    records = ImportRecord.objects.filter(school=request.school).order_by("-at", "-id")[:10]
    return render(request, "kanvas/import.html", {"form": form, "records": records})


def _preview_url(request, upload_id) -> str:
    return reverse("kanvas:import_preview", args=[request.school.brin]) + f"?upload={upload_id}"


def _check_later(request, pending: PendingUpload):
    job = import_jobs.upload_check_later(pending=pending, user=request.user)
    return redirect("kanvas:import_check", brin=request.school.brin, check_job_id=job.pk)


@school_view(*MANAGEMENT)
def import_preview(request):
    """The checked file: what is written and replaced, or every error. The file is parsed once; a large file is
    checked and then written by background jobs whose pages show the progress (kanvas.import_jobs): its preview is
    built from what its check kept, never by parsing inside the request."""
    upload_id = request.POST.get("upload") or request.GET.get("upload") or ""
    pending = (
        PendingUpload.objects.filter(pk=int(upload_id), school=request.school, user=request.user).first()
        if upload_id.isdigit()
        else None
    )
    if pending is None:
        messages.info(request, _("Kies eerst een bestand om in te lezen."))
        return redirect("kanvas:import_upload", brin=request.school.brin)
    if pending.confirmed:
        job = school_job_for(school=request.school, kind=import_jobs.KIND, params={"upload": pending.pk})
        if job is not None:
            return redirect("kanvas:import_job", brin=request.school.brin, import_job_id=job.pk)
    preview_url = _preview_url(request, pending.pk)
    values = importers.mapping_values(pending.kind)
    if request.method == "POST" and "koppelen" in request.POST:
        mapping_step_save(
            request.POST,
            user=request.user,
            school=request.school,
            kind=services.MAPPING_KINDS[pending.kind],
            fields=importers.mapping_fields(pending.kind),
            values=values,
        )
        services.upload_recheck(pending=pending)
        return redirect(preview_url)
    if request.method == "POST" and "discard" in request.POST:
        services.upload_discard(pending=pending)
        messages.info(request, _("Het bestand is niet ingelezen en weggegooid."))
        return redirect("kanvas:import_upload", brin=request.school.brin)
    if services.upload_in_background(pending=pending):
        checked = services.upload_checked(pending=pending)
        if checked is None:  # not checked yet, or against data the school no longer has
            return _check_later(request, pending)
        plan, errors = checked
    else:
        plan, errors = services.upload_check(pending=pending)
    if request.method == "POST":
        if errors is None and services.upload_in_background(pending=pending):
            job = import_jobs.upload_confirm_later(pending=pending, user=request.user)
            return redirect("kanvas:import_job", brin=request.school.brin, import_job_id=job.pk)
        if errors is None:
            try:
                record = services.upload_confirm(pending=pending, user=request.user)
            except (ImportErrors, ValidationError) as exc:
                errors = exc.messages() if isinstance(exc, ImportErrors) else exc.messages
            else:
                messages.success(
                    request,
                    _("%(file)s is ingelezen: %(rows)s rijen opgeslagen.")
                    % {"file": record.filename, "rows": record.rows},
                )
                moments = [m["label"] for m in record.summary.get("moments", [])]
                return redirect(_overview_url(request, moments[-1] if moments else ""))
    return render(
        request,
        "kanvas/preview.html",
        {
            "pending": pending,
            "summary": plan.summary() if plan and not errors else None,
            "errors": errors,
            "background": services.upload_in_background(pending=pending),
            **mapping_context(
                services.upload_mapping_hint(pending=pending) if errors else None,
                values=values,
                action=preview_url,
                pending={"upload": pending.pk, "koppelen": "1"},
            ),
        },
    )


def _overview_url(request, moment: str) -> str:
    target = reverse("kanvas:index", args=[request.school.brin])
    return target + (f"?{urlencode({'moment': moment})}" if moment else "")


def _import_job(request, import_job_id) -> Job:
    job = school_job_for(school=request.school, kind=import_jobs.KIND, job_id=import_job_id)
    if job is None:
        raise Http404
    return job


@school_view(*MANAGEMENT)
def import_job(request, import_job_id):
    """A large file being written in the background: progress, then the result or the file's errors."""
    job = _import_job(request, import_job_id)
    brin = request.school.brin
    return import_job_page(
        request,
        job,
        template="kanvas/import_job.html",
        overview_url=_overview_url(request, job.params.get("moment", "")),
        overview_label=_("Naar het KanVAS-overzicht"),
        upload_url=reverse("kanvas:import_upload", kwargs={"brin": brin}),
        retry_url=reverse("kanvas:import_job_retry", kwargs={"brin": brin, "import_job_id": job.pk}),
    )


def _check_job(request, check_job_id) -> Job:
    """A check job of this school started by this user (the upload it checks is theirs alone); else 404."""
    job = school_job_get(school=request.school, user=request.user, job_id=check_job_id)
    if job is None or job.kind != import_jobs.CHECK_KIND:
        raise Http404
    return job


@school_view(*MANAGEMENT)
def import_check(request, check_job_id):
    """A large file being checked in the background: progress, then the way to its preview."""
    job = _check_job(request, check_job_id)
    brin = request.school.brin
    return import_job_page(
        request,
        job,
        template="kanvas/import_check.html",
        overview_url=_preview_url(request, job.params.get("upload", "")),
        overview_label=_("Naar de controle"),
        upload_url=reverse("kanvas:import_upload", kwargs={"brin": brin}),
        retry_url=reverse("kanvas:import_check_retry", kwargs={"brin": brin, "check_job_id": job.pk}),
        extra={"check": True},
    )


@school_view(*MANAGEMENT)
def import_check_retry(request, check_job_id):
    job = _check_job(request, check_job_id)  # another user's or school's job is 404 whatever the method
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    retry_job(job=job)
    return redirect("kanvas:import_check", brin=request.school.brin, check_job_id=job.pk)


@school_view(*MANAGEMENT)
def import_job_retry(request, import_job_id):
    job = _import_job(request, import_job_id)  # another school's job is 404 whatever the method
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    retry_job(job=job)
    return redirect("kanvas:import_job", brin=request.school.brin, import_job_id=job.pk)


@school_view(*PUPIL_LEVEL)
def group_detail(request, group_id):
    group = group_for(request, group_id)
    choice = _moments(request, school_year=group.school_year, moment_in_year=True)
    table = (
        pupil_reads.group_pupils(
            school=request.school, group=group, moment=choice.moment, compare=choice.compare
        )
        if choice.moment
        else {"scales": [], "rows": [], "concern": None}
    )
    plan_form = None
    if request.role in MANAGEMENT and table["concern"]:
        signalled = [row["pupil"] for row in table["rows"] if row["signals"]]
        staff = staff_for(request.school, group_ids={group.id})
        plan_form = GroupPlanForm(request.POST or None, staff=staff, pupils=signalled)
        if (
            request.method == "POST"
            and plan_form.is_valid()
            and _group_plan(request, plan_form, choice, staff)
        ):
            return redirect(
                reverse("kanvas:group", args=[request.school.brin, group.pk]) + f"?{choice.query()}"
            )
    elif request.method == "POST":
        require_role(request, *MANAGEMENT)
        raise Http404
    pupils_seen_record(  # also when a refused plan shows the page again
        user=request.user,
        school=request.school,
        pupils=[row["pupil"] for row in table["rows"]] if table["concern"] else [],  # the rows shown
        what=_("KanVAS-groepspagina %(group)s") % {"group": group.name},
    )
    return render(
        request,
        "kanvas/group.html",
        {
            "group": group,
            "choice": choice,
            "table": table,
            "concern": table["concern"],
            "scale_names": selectors.concern_scale_names(),
            "plan_form": plan_form,
            "advice": advice.advice_for(advice.signalled_codes_of_group(table)) if table["concern"] else [],
            "chosen": {int(v) for v in plan_form["pupils"].value() or [] if str(v).isdigit()}
            if plan_form is not None and plan_form.is_bound
            else set(),
        },
    )


def _group_plan(request, form, choice, staff) -> bool:
    moment = Moment.objects.filter(school=request.school, label=choice.moment).first()
    try:
        planned = services.followups_plan(
            school=request.school,
            user=request.user,
            pupils=form.cleaned_data["pupils"],
            action=form.cleaned_data["action"],
            note=form.cleaned_data["note"],
            owner=form.cleaned_data["owner"],
            due=form.cleaned_data["due"],
            moment=moment,
            allowed_owners=staff,
        )
    except ValidationError as exc:
        for message in exc.messages:
            form.add_error(None, message)
        return False
    messages.success(
        request,
        _("De actie is gepland voor %(n)s leerlingen: %(codes)s.")
        % {"n": len(planned), "codes": ", ".join(f.pupil.code for f in planned)},
    )
    return True


def _pupil_for(request, pupil_id) -> Pupil:
    pupil = get_object_or_404(Pupil, pk=pupil_id, school=request.school)
    if not pupil_reads.pupil_visible_to(pupil=pupil, group_ids=teacher_group_ids(request)):
        raise Http404
    return pupil


@school_view(*PUPIL_LEVEL)
def pupil_detail(request, pupil_id):
    pupil = _pupil_for(request, pupil_id)
    if request.method == "GET":
        pupil_access_record(user=request.user, pupil=pupil, what=_("KanVAS-leerlingpagina"))
    choice = _moments(request)
    can_edit = request.role in MANAGEMENT
    staff = staff_for(
        request.school, group_ids=pupil_reads.pupil_group_ids(pupil=pupil, school_year=request.school_year)
    )
    new_form = FollowUpForm(staff=staff)
    followups = FollowUp.objects.filter(school=request.school, pupil=pupil)
    if request.role == Role.LEERKRACHT:  # this year's, and the ones she was made owner of
        followups = pupil_reads.followups_of_year(followups, request.school_year) | followups.filter(
            owner=request.user
        )
    followups = list(
        followups.select_related("owner", "moment", "created_by").prefetch_related("notes__author")
    )
    edit_forms = {
        f.pk: FollowUpUpdateForm(staff=staff, followup=f)
        for f in followups
        if services.may_update(followup=f, user=request.user, role=request.role)
    }
    if request.method == "POST":
        holder = {}
        if _pupil_post(request, pupil, choice, holder, edit_forms, followups, staff):
            return redirect(
                reverse("kanvas:pupil", args=[request.school.brin, pupil.pk]) + f"?{choice.query()}"
            )
        new_form = holder.get("form", new_form)
    labels = [m for m in (choice.moment, choice.compare) if m]
    profile = (
        pupil_reads.pupil_profile(pupil=pupil, moment=choice.moment, compare=choice.compare)
        if choice.moment
        else None
    )
    today = timezone.localdate()
    for f in followups:
        f.overdue = f.is_overdue(today)
    context = {
        "pupil": pupil,
        "choice": choice,
        "groups": pupil_reads.pupil_groups(pupil=pupil, labels=labels),
        "profile": profile,
        "advice": advice.advice_for(advice.signalled_codes_of_pupil(profile)) if profile else [],
        "sociogram": pupil_choices(pupil=pupil, moment=choice.moment, compare=choice.compare)
        if choice.moment
        else None,
        "can_edit": can_edit,
        "new_form": new_form,
        "followups": [(f, edit_forms.get(f.pk)) for f in followups],
    }
    return render(request, "kanvas/pupil.html", context)


def _pupil_post(request, pupil, choice, holder, edit_forms, followups, staff) -> bool:
    """A new follow-up (IB'er, directeur) or a change to one the user may update (also its owner)."""
    if "followup" not in request.POST and not any(k.endswith("-followup") for k in request.POST):
        require_role(request, *MANAGEMENT)
        moment = (
            Moment.objects.filter(school=request.school, label=choice.moment).first()
            if choice.moment
            else None
        )
        form = FollowUpForm(request.POST, staff=staff)
        holder["form"] = form
        if not form.is_valid():
            return False
        services.followup_create(
            school=request.school,
            user=request.user,
            pupil=pupil,
            action=form.cleaned_data["action"],
            note=form.cleaned_data["note"],
            owner=form.cleaned_data["owner"],
            due=form.cleaned_data["due"],
            moment=moment,
        )
        messages.success(request, _("De vervolgactie is vastgelegd."))
        return True
    for followup in followups:
        prefix = f"f{followup.pk}"
        if f"{prefix}-followup" not in request.POST:
            continue
        if followup.pk not in edit_forms:
            raise PermissionDenied
        staff_here = staff if followup.owner is None or followup.owner in staff else [*staff, followup.owner]
        form = FollowUpUpdateForm(request.POST, staff=staff_here, prefix=prefix)
        edit_forms[followup.pk] = form
        if not form.is_valid():
            return False
        try:
            services.followup_update(
                followup=followup,
                user=request.user,
                version=form.cleaned_data["version"],
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
                owner=form.cleaned_data["owner"],
                due=form.cleaned_data["due"],
            )
        except EditConflict as conflict:
            messages.error(request, conflict.message)
            return True
        messages.success(request, _("De vervolgactie is bijgewerkt."))
        return True
    raise Http404


@school_view(*PUPIL_LEVEL)
def safety(request):
    choice = _moments(request)
    status = safety_figures.inspectie_status(school=request.school, school_year=request.school_year)
    form = None
    if request.role in MANAGEMENT and status["measurements"]:
        labels = [m.label for m in status["measurements"]]
        form = SafetyInstrumentForm(request.POST or None, moments=labels)
        if request.method == "POST" and form.is_valid():
            services.safety_instrument_set(
                school=request.school,
                label=form.cleaned_data["meetmoment"],
                instrument=form.cleaned_data["instrument"],
                user=request.user,
            )
            messages.success(request, _("Het instrument van de meting is vastgelegd."))
            return redirect(reverse("kanvas:safety", args=[request.school.brin]) + f"?{choice.query()}")
        if request.method == "GET":
            chosen = next((m for m in status["measurements"] if m.label == choice.moment), None)
            chosen = chosen or status["measurements"][-1]
            form.initial = {"meetmoment": chosen.label, "instrument": chosen.safety_instrument}
    elif request.method == "POST":
        require_role(request, *MANAGEMENT)
        raise Http404
    data = (
        selectors.safety_per_group(school=request.school, moment=choice.moment, compare=choice.compare)
        if choice.moment
        else None
    )
    if data:
        data["groups"] = visible_rows(data["groups"], teacher_group_ids(request))
    return render(
        request, "kanvas/safety.html", {"choice": choice, "data": data, "status": status, "form": form}
    )


SAFETY_LISTS = {
    "gepest": _lazy("Gepeste leerlingen (vraag V17 of V22 beantwoord met regelmatig of vaak)"),
    "incident": _lazy(
        "Leerlingen met een incidentsignaal (een incidentvraag beantwoord met regelmatig of vaak)"
    ),
    "onveilig": _lazy("Leerlingen die zich niet veilig voelen (veiligheidsbeleving onder 3,0)"),
}


@school_view(*PUPIL_LEVEL)
def safety_pupils(request):
    """The pupils behind a safety figure of a group (or of the school): who is bullied, who reports an incident,
    who does not feel safe, with the incident items they answered with 3 or 4. Logs the pupils it shows."""
    choice = _moments(request)
    group_id = request.GET.get("groep", "")
    group = group_for(request, int(group_id)) if group_id.isdigit() else None
    shown = request.GET.get("toon")
    if shown not in SAFETY_LISTS:
        shown = "incident"
    rows = []
    if choice.moment:
        group_ids = {group.id} if group else teacher_group_ids(request)
        found, _definition = safety_figures.incident_pupils(
            school=request.school, moment=choice.moment, group_ids=group_ids
        )
        rows = [r for r in found if _in_list(r["pupil"], shown)]
    pupils_seen_record(
        user=request.user,
        school=request.school,
        pupils=[(r["pupil"].pupil_id, r["pupil"].code) for r in rows],
        what=_("KanVAS-veiligheid leerlingen %(group)s") % {"group": group.name if group else _("school")},
    )
    return render(
        request,
        "kanvas/safety_pupils.html",
        {
            "choice": choice,
            "group": group,
            "shown": shown,
            "lists": list(SAFETY_LISTS.items()),
            "title": SAFETY_LISTS[shown],
            "rows": rows,
        },
    )


def _in_list(pupil, shown: str) -> bool:
    if shown == "gepest":
        return pupil.bullied
    if shown == "incident":
        return pupil.incident
    return pupil.feels_safe is False


@school_view(*PUPIL_LEVEL)
def sociogram(request):
    choice = _moments(request)
    group_ids = teacher_group_ids(request)
    negative = request.GET.get("negatief") == "1"
    context = {"choice": choice, "changes": [], "groups": [], "selected": None, "negative": negative}
    if choice.moment:
        groups = sociogram_groups(school=request.school, moment=choice.moment, group_ids=group_ids)
        context["groups"] = groups
        wanted = request.GET.get("groep", "")
        selected = next((g for g in groups if str(g[1]) == wanted), groups[0] if groups else None)
        if selected:
            network = group_network(
                school=request.school,
                group_id=selected[1],
                moment=choice.moment,
                compare=choice.compare,
                negative=negative,
            )
            context.update(selected=selected, network=network, pupils=network["pupils"])
        if choice.compare:
            context["changes"] = changes_between(
                school=request.school, moment=choice.moment, compare=choice.compare, group_ids=group_ids
            )
        pupils_seen_record(
            user=request.user,
            school=request.school,
            pupils=[(c.pupil_id, c.code) for c in context.get("pupils", [])]
            + [(c["after"].pupil_id, c["after"].code) for c in context["changes"]],
            what=_("KanVAS-sociogram %(group)s") % {"group": selected[0]}
            if selected
            else _("KanVAS-sociogram"),
        )
    return render(request, "kanvas/sociogram.html", context)


FOLLOWUP_FILTERS = {
    "open": _lazy("Open"),
    "afgerond": _lazy("Afgerond"),
    "alle": _lazy("Alle"),
}


@school_view(*PUPIL_LEVEL)
def followups(request):
    """The follow-ups per group: open ones (overdue first) by default, the closed ones findable with ?toon."""
    shown = request.GET.get("toon")
    if shown not in FOLLOWUP_FILTERS:
        shown = "open"
    groups = pupil_reads.open_followups(
        school=request.school,
        school_year=request.school_year,
        group_ids=teacher_group_ids(request),
        shown=shown,
    )
    pupils_seen_record(
        user=request.user,
        school=request.school,
        pupils=[f.pupil for g in groups for f in g["followups"]],
        what=_("KanVAS-vervolgacties"),
    )
    return render(
        request,
        "kanvas/followups.html",
        {"groups": groups, "shown": shown, "filters": list(FOLLOWUP_FILTERS.items())},
    )


def _trend_labels(request) -> list[str] | None:
    """A leerkracht sees the measurements of the school year being viewed only; the IB'er and directeur all."""
    return _moments(request).labels if request.role == Role.LEERKRACHT else None


@school_view(*PUPIL_LEVEL)
def pupil_trend(request, pupil_id):
    """A pupil's scale scores at every moment measured, as tables and a chart of the leerling scales."""
    pupil = _pupil_for(request, pupil_id)
    pupil_access_record(user=request.user, pupil=pupil, what=_("KanVAS-verloop van de leerling"))
    figures = charts.pupil_trend_figures(pupil=pupil, labels=_trend_labels(request))
    return render(request, "kanvas/pupil_trend.html", {"pupil": pupil, **figures})


@school_view(*PUPIL_LEVEL)
def group_trend(request, group_id):
    """A group's klassenzorgscore and scales at every moment measured, following its pupils across school years."""
    group = group_for(request, group_id)
    figures = charts.group_trend_figures(school=request.school, group=group, labels=_trend_labels(request))
    return render(request, "kanvas/group_trend.html", {"group": group, **figures})


@school_view(*PUPIL_LEVEL)
def group_csv(request, group_id):
    """The group's pupils with their scores, signals and open actions (CSV), audited as an export and as a read
    of the pupils in it."""
    group = group_for(request, group_id)
    choice = _moments(request, school_year=group.school_year, moment_in_year=True)
    if not choice.moment:
        messages.info(request, _("Er zijn nog geen KanVAS-gegevens om te downloaden."))
        return redirect("kanvas:group", brin=request.school.brin, group_id=group.pk)
    table = pupil_reads.group_pupils(school=request.school, group=group, moment=choice.moment, compare=None)
    filename = f"kanvas-{request.school.brin}-groep-{group.name}-{choice.moment}.csv"
    group_export.group_export_record(
        user=request.user,
        school=request.school,
        filename=filename,
        what=_("KanVAS-leerlingenlijst groep %(group)s") % {"group": group.name},
        pupils=[row["pupil"] for row in table["rows"]],
        kind="CSV",
    )
    return csv_response(
        filename,
        group_export.group_export_header(table["scales"]),
        group_export.group_export_rows(school=request.school, table=table),
    )


@school_view(*PUPIL_LEVEL)
def group_report_pdf(request, group_id):
    """The group report for the group meeting (A4 PDF), for whoever may open the group page: made in the
    background (a job with progress), so no request waits on the renderer; a second click while it waits starts
    nothing new. The download is audited as an export and as a read of the pupils in it
    (kanvas.group_report_job)."""
    group = group_for(request, group_id)
    choice = _moments(request, school_year=group.school_year, moment_in_year=True)
    if not choice.moment:
        messages.info(request, _("Er zijn nog geen KanVAS-gegevens voor een groepsverslag."))
        return redirect("kanvas:group", brin=request.school.brin, group_id=group.pk)
    job = start_school_job(
        kind=group_report_job.KIND,
        user=request.user,
        school=request.school,
        params=group_report_job.params_for(
            group=group, moment=choice.moment, compare=choice.compare, labels=_trend_labels(request)
        ),
    )
    return redirect("taken:job", brin=request.school.brin, school_job_id=job.pk)
