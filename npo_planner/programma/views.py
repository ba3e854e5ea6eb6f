"""Programme pages. Thin: access via school_view, reads via selectors/report, writes via services."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from npo_planner.jobs.services import start_school_job
from npo_planner.programma import pdf_jobs, report, selectors, services, sources
from npo_planner.programma.comparisons import comparisons_for
from npo_planner.programma.forms import (
    ITEM_FORM_FIELDS,
    DecisionForm,
    ItemDeleteForm,
    ItemForm,
    ItemOutcomeForm,
    LockedForm,
    ProgrammeCreateForm,
    ProgrammeForm,
)
from npo_planner.programma.models import Council, Export, Item, Programme, Submission
from npo_planner.scholen.access import school_view
from npo_planner.scholen.roles import ALL_ROLES, Role
from npo_planner.scholen.services import export_record

EDIT = (Role.DIRECTEUR,)
EVALUATE = (Role.DIRECTEUR, Role.IB)  # the IB'er follows the KanVAS monitoring
PDF_ROLES = (Role.DIRECTEUR, Role.BESTUUR, Role.MR)


def _programme(request, programme_id) -> Programme:
    programme = selectors.programme_get(school=request.school, programme_id=programme_id)
    if programme is None:
        raise Http404
    return programme


def _to_index(programme):
    return redirect("programma:detail", brin=programme.school.brin, programme_id=programme.pk)


def _errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _reopen_notice(programme, form) -> str | None:
    """What a change withdraws, said on the form; without it (concept) the form has no confirmation box."""
    notice = selectors.reopen_notice(programme, selectors.latest_submission(programme))
    if notice is None:
        form.fields.pop("confirm_reopen")
    return notice


def _saved(request, programme: Programme, version_seen: int, text: str) -> None:
    """A save that changed nothing says so (the services left the version alone)."""
    if programme.version == version_seen:
        messages.info(request, _("Er is niets gewijzigd."))
    else:
        messages.success(request, text)


@school_view(*ALL_ROLES)
def index(request):
    programme = selectors.programme_for(school=request.school, school_year=request.school_year)
    if programme:
        return _to_index(programme)
    form = ProgrammeCreateForm(initial={"first_year": request.school_year})
    return render(request, "programma/index.html", {"form": form})


@school_view(*EDIT)
@require_POST
def create(request):
    form = ProgrammeCreateForm(request.POST)
    if form.is_valid():
        first = form.cleaned_data["first_year"]
        existing = selectors.programme_for(school=request.school, school_year=first)
        if existing and existing.first_year == first:
            return _to_index(existing)
        second = selectors.next_year_after(first)
        if second is None:
            messages.error(request, _("Er is nog geen schooljaar na %(year)s ingericht.") % {"year": first})
            return redirect("programma:index", brin=request.school.brin)
        try:
            programme = services.programme_create(
                school=request.school, first_year=first, second_year=second, user=request.user
            )
        except ValidationError as error:
            _errors(request, error)
            return redirect("programma:index", brin=request.school.brin)
        messages.success(request, _("Het schoolprogramma is aangemaakt. Voeg nu de interventies toe."))
        return _to_index(programme)
    return render(request, "programma/index.html", {"form": form}, status=400)


@school_view(*ALL_ROLES)
def detail(request, programme_id):
    programme = _programme(request, programme_id)
    items = selectors.items_of(programme)
    budget = selectors.programme_budget(programme=programme, items=items)
    submissions = selectors.submissions_of(programme)  # newest first
    awaiting = selectors.awaited_councils(programme, submissions[0] if submissions else None)
    can_submit = request.role == Role.DIRECTEUR and programme.status == Programme.Status.CONCEPT
    context = {
        "programme": programme,
        "items": items,
        "budget": budget,
        "budget_rows": budget.rows(),
        "goal_areas": selectors.goal_area_labels(),
        "submissions": submissions,
        "latest_decided": selectors.latest_decided(submissions),
        "submit_warnings": selectors.submit_warnings(programme=programme, budget=budget)
        if can_submit
        else [],
        "awaiting": awaiting,
        "needs_gmr": any(i.above_school_level for i in items),
        "exports": selectors.exports_of(programme) if request.role in PDF_ROLES else [],
        "agreements": sources.agreements(school=request.school, school_year=programme.first_year),
        "priorities": sources.priorities(school=request.school, school_year=programme.first_year),
        "lock_form": LockedForm(initial={"lock_version": programme.version}),
        "can_edit": request.role == Role.DIRECTEUR,
        "can_evaluate": request.role in EVALUATE,
        "can_pdf": request.role in PDF_ROLES,
        "can_decide": request.role == Role.MR and Council.MR in awaiting,
        "can_decide_gmr": request.role == Role.BESTUUR and Council.GMR in awaiting,
        "year_labels": (programme.first_year.label, programme.second_year.label),
    }
    return render(request, "programma/detail.html", context)


@school_view(*EDIT)
def edit(request, programme_id):
    programme = _programme(request, programme_id)
    if request.method == "POST":
        form = ProgrammeForm(request.POST, instance=Programme.objects.get(pk=programme.pk))
        notice = _reopen_notice(programme, form)
        if form.is_valid():
            version = form.cleaned_data["lock_version"]
            try:
                fields = {k: form.cleaned_data[k] for k in ("title", "summary", "parents_and_team")}
                saved = services.programme_update(
                    programme=programme,
                    user=request.user,
                    expected_version=version,
                    confirm_reopen=form.cleaned_data.get("confirm_reopen", False),
                    **fields,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                _saved(request, saved, version, _("De gegevens zijn opgeslagen."))
                return _to_index(programme)
    else:
        form = ProgrammeForm(instance=programme, initial={"lock_version": programme.version})
        notice = _reopen_notice(programme, form)
    context = {"programme": programme, "form": form, "reopen_notice": notice}
    return render(request, "programma/programme_form.html", context)


def _copy_initial(source: Item) -> dict:
    """A new item's form filled in from `source` (Dupliceren): the directeur reviews it and saves a new item."""
    initial = model_to_dict(source, fields=ITEM_FORM_FIELDS)
    if source.intervention_ref_id:
        initial["intervention_choice"] = source.intervention_ref_id
    else:
        initial["name"] = _("%(name)s (kopie)") % {"name": source.name}
    if source.priority_ref_id:
        initial["priority_choice"] = source.priority_ref_id
    return initial


def item_choices(request, programme) -> dict:
    """What the item form offers (interventions, priorities, goal areas, the keuzehulp's shortlist): read once."""
    return {
        "interventions": sources.interventions_for_school(
            school=request.school, school_year=programme.first_year
        ),
        "priorities": sources.priorities(school=request.school, school_year=programme.first_year),
        "goal_area_labels": selectors.goal_area_labels(),
        "considered": sources.considered(school=request.school, school_year=programme.first_year),
    }


def _item_form(request, programme, instance, data=None, copy_of: Item | None = None, choices=None):
    initial = {"lock_version": programme.version}
    if instance.pk is None:
        initial.update(starts_on=programme.first_year.start, ends_on=programme.second_year.end)
        if copy_of is not None:
            initial.update(_copy_initial(copy_of))
    return ItemForm(data, instance=instance, initial=initial, **(choices or item_choices(request, programme)))


@school_view(*EDIT)
def item_edit(request, programme_id, item_id=None):
    programme = _programme(request, programme_id)
    if item_id is None:
        item = Item(programme=programme)
    else:
        item = get_object_or_404(Item, pk=item_id, programme=programme)
    if request.method == "POST":
        form = _item_form(request, programme, item, request.POST)
        notice = _reopen_notice(programme, form)
        if form.is_valid():
            fields = form.item_fields()
            version = form.cleaned_data["lock_version"]
            confirm = form.cleaned_data.get("confirm_reopen", False)
            try:
                if item.pk:
                    saved = services.item_update(
                        item=item,
                        user=request.user,
                        expected_version=version,
                        confirm_reopen=confirm,
                        **fields,
                    )
                else:
                    saved = services.item_create(
                        programme=programme,
                        user=request.user,
                        expected_version=version,
                        confirm_reopen=confirm,
                        **fields,
                    )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                _saved(request, saved.programme, version, _("Het onderdeel is opgeslagen."))
                return _to_index(programme)
    else:
        copy_of = None
        if item_id is None and request.GET.get("van", "").isdigit():  # "Dupliceren": a copy to review
            copy_of = get_object_or_404(Item, pk=int(request.GET["van"]), programme=programme)
        form = _item_form(request, programme, item, copy_of=copy_of)
        notice = _reopen_notice(programme, form)
    status = 400 if form.is_bound else 200
    return render(
        request,
        "programma/item_form.html",
        {"programme": programme, "item": item, "form": form, "reopen_notice": notice},
        status=status,
    )


@school_view(*EDIT)
def item_delete(request, programme_id, item_id):
    programme = _programme(request, programme_id)
    item = get_object_or_404(Item, pk=item_id, programme=programme)
    if request.method == "POST":
        form = ItemDeleteForm(request.POST)
        notice = _reopen_notice(programme, form)
        if form.is_valid():
            try:
                services.item_delete(
                    item=item,
                    user=request.user,
                    expected_version=form.cleaned_data["lock_version"],
                    confirm_reopen=form.cleaned_data.get("confirm_reopen", False),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Het onderdeel is verwijderd."))
                return _to_index(programme)
        status = 400
    else:
        form = ItemDeleteForm(initial={"lock_version": programme.version})
        notice = _reopen_notice(programme, form)
        status = 200
    context = {"programme": programme, "item": item, "form": form, "reopen_notice": notice}
    return render(request, "programma/item_delete.html", context, status=status)


@school_view(*EVALUATE)
def item_outcome(request, programme_id, item_id):
    """Record what an item yields, next to its monitoring; not a change of the plan (no new consent needed)."""
    programme = _programme(request, programme_id)
    item = get_object_or_404(
        Item.objects.select_related("outcome__updated_by"), pk=item_id, programme=programme
    )
    outcome = selectors.outcome_of(item)
    version = outcome.version if outcome else 0
    if request.method == "POST":
        form = ItemOutcomeForm(request.POST)
        if form.is_valid():
            fields = {
                name: form.cleaned_data[name] for name in ("verdict", "next_step", "findings", "evaluated_on")
            }
            try:
                services.item_outcome_save(
                    item=item, user=request.user, expected_version=form.cleaned_data["lock_version"], **fields
                )
            except ValidationError as error:
                form.add_error(None, error)  # a field's error lands at that field
            else:
                messages.success(
                    request, _("De uitkomst van '%(name)s' is opgeslagen.") % {"name": item.name}
                )
                return _to_index(programme)
    else:
        initial = {"lock_version": version, "evaluated_on": timezone.localdate()}
        if outcome:
            initial.update(
                verdict=outcome.verdict,
                next_step=outcome.next_step,
                findings=outcome.findings,
                evaluated_on=outcome.evaluated_on,
            )
        form = ItemOutcomeForm(initial=initial)
    context = {
        "programme": programme,
        "item": item,
        "outcome": outcome,
        "form": form,
        "item_report": report.item_report(programme, item),
        "year_labels": (programme.first_year.label, programme.second_year.label),
    }
    return render(request, "programma/item_outcome.html", context, status=400 if form.is_bound else 200)


@school_view(*EDIT)
@require_POST
def submit(request, programme_id):
    programme = _programme(request, programme_id)
    form = LockedForm(request.POST)
    if form.is_valid():
        try:
            submission = services.programme_submit(
                programme=programme,
                user=request.user,
                expected_version=form.cleaned_data["lock_version"],
                accepted_warnings=request.POST.getlist("accepted"),
            )
        except ValidationError as error:
            _errors(request, error)
        else:
            text = (
                _("Versie %(n)s ligt nu ter instemming bij de MR en de GMR.")
                if submission.needs_gmr
                else _("Versie %(n)s ligt nu ter instemming bij de MR.")
            )
            messages.success(request, text % {"n": submission.number})
    return _to_index(programme)


def council_decision(request, *, programme: Programme, council: Council) -> tuple[dict, bool]:
    """The decision page of a council (MR here, GMR on the board's pages): a GET shows the form while the
    council's decision is awaited; a POST records it through the service (lock checked there). Returns the
    page's context and whether the decision was recorded."""
    latest = selectors.latest_submission(programme)
    pending = council in selectors.awaited_councils(programme, latest)
    form = DecisionForm(initial={"lock_version": programme.version}, council=council)
    if request.method == "POST" and pending:
        form = DecisionForm(request.POST, council=council)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.programme_decide(
                    programme=programme,
                    user=request.user,
                    expected_version=data["lock_version"],
                    consent=data["consent"],
                    decided_on=data["decided_on"],
                    remarks=data["remarks"],
                    council=council,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return {}, True
    if (
        latest is not None
    ):  # the service refuses a date before the version was submitted; the picker starts there
        form.fields["decided_on"].widget.attrs["min"] = timezone.localdate(latest.submitted_at).isoformat()
    context = {
        "programme": programme,
        "form": form,
        "pending": pending,
        "latest": latest,
        "comparisons": comparisons_for(latest) if pending else [],
        "goal_areas": selectors.goal_area_labels(),
    }
    return context, False


@school_view(Role.MR)
def decide(request, programme_id):
    programme = _programme(request, programme_id)
    context, done = council_decision(request, programme=programme, council=Council.MR)
    if done:
        messages.success(request, _("Het besluit van de MR is vastgelegd."))
        return _to_index(programme)
    return render(request, "programma/decide.html", context)


@school_view(*ALL_ROLES)
def preview(request, programme_id):
    programme = _programme(request, programme_id)
    return render(request, "programma/preview.html", report.build(programme))


@school_view(*PDF_ROLES)
def pdf(request, programme_id):
    """A frozen version's stored PDF is served at once; any other is made in the background (a job with
    progress), so no request waits on the renderer."""
    programme = _programme(request, programme_id)
    stored = services.stored_programme_pdf(programme=programme)
    if stored is not None:
        return _serve_export(request, stored)
    job = start_school_job(
        kind=pdf_jobs.KIND, user=request.user, school=request.school, params=pdf_jobs.params_for(programme)
    )
    return redirect("taken:job", brin=request.school.brin, school_job_id=job.pk)


@school_view(*PDF_ROLES)
def export_download(request, programme_id, export_id):
    programme = _programme(request, programme_id)
    return _serve_export(request, get_object_or_404(Export, pk=export_id, programme=programme))


def _serve_export(request, export: Export) -> HttpResponse:
    export_record(  # every download of a stored PDF: who downloaded which file, when
        user=request.user,
        school=request.school,
        filename=export.filename,
        what=_("PDF van het schoolprogramma"),
    )
    return _pdf_response(export)  # the stored file itself, never rendered again


def _pdf_response(export: Export) -> HttpResponse:
    response = HttpResponse(bytes(export.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    return response


@school_view(*ALL_ROLES)
def submission_detail(request, programme_id, submission_id):
    programme = _programme(request, programme_id)
    submission = get_object_or_404(
        Submission.objects.select_related("submitted_by", "decided_by"), pk=submission_id, programme=programme
    )
    selectors.mark_version(programme, submission)
    return render(
        request,
        "programma/submission.html",
        {
            "programme": programme,
            "submission": submission,
            "snapshot": submission.snapshot,
            "comparisons": comparisons_for(submission),
            "goal_areas": selectors.goal_area_labels(),
            "exports": list(submission.exports.defer("pdf").select_related("created_by"))
            if request.role in PDF_ROLES
            else [],
        },
    )
