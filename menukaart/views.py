"""Pages of the menukaart: browse and filter, compare, detail, keuzehulp, and a school's own interventions."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from menukaart import checklist, keuzehulp, ranking, selectors, services
from menukaart.forms import FilterForm, OwnInterventionForm, QuestionsForm
from menukaart.models import Intervention
from npo_planner.lib.edit_conflict import EditConflict
from npo_planner.scholen.access import require_role, school_view
from npo_planner.scholen.models import SchoolType
from npo_planner.scholen.roles import ALL_ROLES, MANAGEMENT, Role

KEUZEHULP_LIMIT = 10


def _school_level(school) -> str:
    return "vo" if school.school_type == SchoolType.VO else "po"


def _intervention_or_404(request, pk) -> Intervention:
    intervention = selectors.intervention_for_school(
        school=request.school, pk=pk, school_year=request.school_year
    )
    if intervention is None:
        raise Http404
    return intervention


@school_view(*ALL_ROLES)
def index(request):
    form = FilterForm(request.GET or None)
    filters = form.filters() if request.GET else selectors.Filters()
    interventions = selectors.interventions_filtered(
        school=request.school, filters=filters, school_year=request.school_year
    )
    return render(
        request,
        "menukaart/index.html",
        {
            "form": form,
            "interventions": interventions,
            "edition_day": selectors.edition_in_force(school_year=request.school_year),
            "figure_filter": any(
                value is not None for value in (filters.min_impact, filters.min_evidence, filters.max_cost)
            ),
            "today": timezone.localdate(),
            "considered": selectors.considered_ids(school=request.school, school_year=request.school_year),
            "shortlist": selectors.considered_for(school=request.school, school_year=request.school_year),
            "goal_areas": selectors.GOAL_AREAS,
            "max_compare": selectors.MAX_COMPARE,
            "filtered": bool(request.GET),
        },
    )


@school_view(*ALL_ROLES)
def compare(request):
    ids = []
    for value in request.GET.getlist("ids"):
        if value.isdigit():
            ids.append(int(value))
    too_many = len(set(ids)) > selectors.MAX_COMPARE
    interventions = selectors.interventions_to_compare(
        school=request.school, ids=ids, school_year=request.school_year
    )
    return render(
        request,
        "menukaart/compare.html",
        {
            "interventions": interventions,
            "too_many": too_many,
            "max_compare": selectors.MAX_COMPARE,
            "today": timezone.localdate(),
        },
    )


@school_view(*ALL_ROLES)
def detail(request, intervention_id):
    intervention = _intervention_or_404(request, intervention_id)
    considered = intervention.pk in selectors.considered_ids(
        school=request.school, school_year=request.school_year
    )
    return render(
        request,
        "menukaart/detail.html",
        {
            "intervention": intervention,
            "today": timezone.localdate(),
            "goal_area_name": selectors.GOAL_AREAS.get(intervention.goal_area, ""),
            "considered": considered,
            "result": intervention.checklist_result if intervention.is_own else None,
            "checklist_rows": checklist.rows(intervention.checklist) if intervention.is_own else [],
            "can_edit": intervention.is_own and request.role == Role.DIRECTEUR,
        },
    )


@school_view(*ALL_ROLES)
def choose(request):
    """The keuzehulp: needs from the scan's priorities, else from the questions; goal areas and a ranking."""
    needs = keuzehulp.scan_needs(school=request.school, school_year=request.school_year)
    from_scan = bool(needs)
    form = None
    if not from_scan:
        form = QuestionsForm(request.GET or None)
        if request.GET and form.is_valid():
            needs = keuzehulp.needs_from_answers(form.cleaned_data["wants"], form.cleaned_data["grades"])
    suggestions = []
    areas = []
    if needs:
        interventions = selectors.interventions_in_edition(
            school=request.school, school_year=request.school_year
        )
        suggestions = ranking.rank(
            needs, interventions, school_type=_school_level(request.school), limit=KEUZEHULP_LIMIT
        )
        areas = [(code, selectors.GOAL_AREAS[code], group) for code, group in ranking.goal_areas_for(needs)]
    return render(
        request,
        "menukaart/keuzehulp.html",
        {
            "from_scan": from_scan,
            "form": form,
            "needs": needs,
            "areas": areas,
            "suggestions": suggestions,
            "considered": selectors.considered_ids(school=request.school, school_year=request.school_year),
        },
    )


@school_view(*MANAGEMENT)
@require_POST
def consider(request, intervention_id):
    intervention = _intervention_or_404(request, intervention_id)
    if request.school_year is None:
        messages.error(request, _("Er is nog geen schooljaar om interventies voor te overwegen."))
    else:
        wanted = request.POST.get("considered") == "1"
        services.consideration_set(
            school=request.school,
            school_year=request.school_year,
            intervention=intervention,
            user=request.user,
            considered=wanted,
        )
        if wanted:
            messages.success(
                request,
                _("%(name)s staat op de lijst van overwogen interventies.") % {"name": intervention.name},
            )
        else:
            messages.success(request, _("%(name)s is van de lijst gehaald.") % {"name": intervention.name})
    target = request.POST.get("next", "")
    if not target.startswith(f"/{request.school.brin}/menukaart/"):
        target = reverse(
            "menukaart:detail", kwargs={"brin": request.school.brin, "intervention_id": intervention.pk}
        )
    return redirect(target)


@school_view(Role.DIRECTEUR)
def own_create(request):
    form = OwnInterventionForm(request.POST or None, instance=Intervention(school=request.school))
    if request.method == "POST" and form.is_valid():
        intervention = services.own_intervention_create(
            school=request.school, user=request.user, values=form.values(), checklist=form.checklist_data()
        )
        messages.success(request, _("De eigen interventie is opgeslagen."))
        return redirect("menukaart:detail", brin=request.school.brin, intervention_id=intervention.pk)
    return render(request, "menukaart/own_form.html", {"form": form, "intervention": None})


@school_view(Role.DIRECTEUR)
def own_edit(request, own_id):
    intervention = _intervention_or_404(request, own_id)
    if not intervention.is_own:
        raise Http404
    form = OwnInterventionForm(request.POST or None, instance=intervention)
    if request.method == "POST" and form.is_valid():
        try:
            services.own_intervention_update(
                intervention=intervention,
                user=request.user,
                values=form.values(),
                checklist=form.checklist_data(),
                version=form.cleaned_data.get("version") or 0,
            )
        except EditConflict as conflict:
            form.add_error(None, conflict)
        else:
            messages.success(request, _("De eigen interventie is opgeslagen."))
            return redirect("menukaart:detail", brin=request.school.brin, intervention_id=intervention.pk)
    return render(request, "menukaart/own_form.html", {"form": form, "intervention": intervention})


@school_view(Role.DIRECTEUR)
def own_delete(request, own_id):
    intervention = _intervention_or_404(request, own_id)
    if not intervention.is_own:
        raise Http404
    if request.method == "POST":
        require_role(request, Role.DIRECTEUR)
        services.own_intervention_delete(intervention=intervention, user=request.user)
        messages.success(request, _("De eigen interventie is verwijderd."))
        return redirect("menukaart:index", brin=request.school.brin)
    return render(request, "menukaart/own_delete.html", {"intervention": intervention})
