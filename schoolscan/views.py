import re

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from npo_planner.jobs.services import start_school_job
from npo_planner.lib.edit_conflict import EditConflict
from npo_planner.scholen.access import require_role, school_view
from npo_planner.scholen.roles import ALL_ROLES, Role
from npo_planner.scholen.services import export_record
from schoolscan import exports, selectors
from schoolscan.forms import MomentsForm, SectionPasteForm, VersionForm, section_forms
from schoolscan.models import ScanSection, SectionKey
from schoolscan.paste import paste_into_section
from schoolscan.programme_adapter import previous_outcomes
from schoolscan.sections import (
    PUPIL_FIELDS,
    SECTIONS,
    can_edit,
    describe,
    display,
    rows_of,
    small_grades,
    spec_for,
    values_of,
)
from schoolscan.services import (
    scan_choose_moments,
    scan_create,
    scan_establish,
    scan_new_version,
    section_save,
)

AGGREGATE_ONLY = frozenset({Role.BESTUUR, Role.MR})


def _index(request):
    return redirect("schoolscan:index", brin=request.school.brin)


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


@school_view(*ALL_ROLES)
def index(request):
    scan = selectors.scan_for(school=request.school, school_year=request.school_year)
    states = {s.key: s for s in selectors.sections_for(scan=scan)}
    rows = []
    for spec in SECTIONS:
        state = states.get(spec.key)
        rows.append(
            {
                "spec": spec,
                "state": state,
                "missing": [spec.label(name) for name in state.missing] if state else [],
                "can_edit": bool(scan and scan.is_editable and can_edit(request.role, spec.key)),
            }
        )
    n_complete = sum(1 for r in rows if r["state"] and r["state"].complete)
    context = {
        "scan": scan,
        "rows": rows,
        "n_complete": n_complete,
        "n_sections": len(SECTIONS),
        "previous": None,
        "versions": selectors.other_versions(scan=scan) if scan else [],
        "is_directeur": request.role == Role.DIRECTEUR,
        "outcomes": previous_outcomes(school=request.school, school_year=request.school_year),
    }
    if scan is None and request.role == Role.DIRECTEUR:
        context["previous"] = selectors.previous_scan(school=request.school, school_year=request.school_year)
    return render(request, "schoolscan/index.html", context)


@school_view(Role.DIRECTEUR)
@require_POST
def create(request):
    if request.school_year is None:
        raise Http404
    copy_from = None
    if request.POST.get("bron") == "vorig":
        copy_from = selectors.previous_scan(school=request.school, school_year=request.school_year)
        if copy_from is None:
            messages.error(request, _("Er is geen scan van een eerder schooljaar om over te nemen."))
            return _index(request)
    try:
        scan_create(
            school=request.school, school_year=request.school_year, user=request.user, copy_from=copy_from
        )
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        if copy_from:
            messages.success(
                request,
                _("De schoolscan van %(year)s is overgenomen. Loop elk onderdeel na en werk het bij.")
                % {"year": copy_from.school_year.label},
            )
        else:
            messages.success(request, _("De schoolscan is aangemaakt. Vul de onderdelen in."))
    return _index(request)


@school_view(Role.DIRECTEUR)
@require_POST
def establish(request):
    scan = selectors.scan_for(school=request.school, school_year=request.school_year)
    if scan is None:
        raise Http404
    try:
        scan_establish(scan=scan, user=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(
            request, _("De schoolscan is vastgesteld. Wijzigen kan alleen nog in een nieuwe versie.")
        )
    return _index(request)


@school_view(Role.DIRECTEUR)
@require_POST
def moments(request):
    """The directeur chooses the KanVAS moments the scan draws on (or goes back to the proposal)."""
    scan = selectors.scan_for(school=request.school, school_year=request.school_year)
    if scan is None:
        raise Http404
    form = MomentsForm(request.POST, choices=selectors.scan_moments(scan=scan)["choices"])
    if not form.is_valid():
        messages.error(request, " ".join(" ".join(errors) for errors in form.errors.values()))
    else:
        try:
            scan_choose_moments(scan=scan, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, _("De KanVAS-meetmomenten van de schoolscan zijn opgeslagen."))
    return redirect("schoolscan:section", brin=request.school.brin, section=SectionKey.WELLBEING)


@school_view(Role.DIRECTEUR)
@require_POST
def new_version(request):
    scan = selectors.scan_for(school=request.school, school_year=request.school_year)
    if scan is None:
        raise Http404
    try:
        new = scan_new_version(scan=scan, user=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(
            request,
            _("Versie %(n)s is gestart als concept. De vastgestelde versie blijft bewaard.")
            % {"n": new.number},
        )
    return _index(request)


def _compare(stored: list[tuple[str, str]], mine: list[tuple[str, str]]) -> list[dict]:
    stored_map, mine_map = dict(stored), dict(mine)
    labels = [label for label, _t in stored] + [label for label, _t in mine if label not in stored_map]
    empty = "—"
    return [
        {
            "label": label,
            "stored": stored_map.get(label, empty),
            "mine": mine_map.get(label, empty),
            "differs": stored_map.get(label, empty) != mine_map.get(label, empty),
        }
        for label in labels
    ]


def _suggested(request, spec, scan, state) -> dict | None:
    """A never-saved section 1 starts with the pupils per grade of the school's groups."""
    if spec.key != SectionKey.CONTEXT or state.version or scan.copied_from_id:
        return None
    counts = selectors.pupils_per_grade_from_groups(school=request.school, school_year=request.school_year)
    if not counts:
        return None
    request.suggested_from_groups = True
    return {f"pupils_{grade}": counts.get(grade, 0) for grade in range(1, 9)}


def _state(scan, spec) -> ScanSection:
    return ScanSection.objects.select_related("updated_by").get(scan=scan, key=spec.key)


ROW_KEY = re.compile(r"rows-(\d+)-(\w+)")


def _add_errors(form, formset, error: ValidationError) -> None:
    """A refused save's messages at their fields: a section field, a row's field ('rows-<index>-<field>', index
    among the rows kept), else above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    kept = formset.kept_forms() if formset is not None else []
    for key, errors in error.message_dict.items():
        row = ROW_KEY.fullmatch(key)
        if key in form.fields:
            form.add_error(key, errors)
        elif row and int(row[1]) < len(kept) and row[2] in kept[int(row[1])].fields:
            kept[int(row[1])].add_error(row[2], errors)
        else:
            form.add_error(None, errors)


def _save(request, spec, scan, state) -> dict:
    """Validate and save a posted section. Returns {"saved": True} or what the page needs to show again."""
    version_form = VersionForm(request.POST)
    form, formset = section_forms(spec, scan, data=request.POST)
    page = {"scan": scan, "state": state, "form": form, "formset": formset, "base_version": state.version}
    if version_form.is_valid():
        page["base_version"] = version_form.cleaned_data["version"]
    if not (version_form.is_valid() & form.is_valid() & (formset is None or formset.is_valid())):
        messages.error(request, _("Het onderdeel is niet opgeslagen. Verbeter de fouten bij de velden."))
        return page
    rows = formset.cleaned_rows() if formset is not None else None
    try:
        section_save(
            scan=scan,
            key=spec.key,
            user=request.user,
            role=request.role,
            base_version=page["base_version"],
            values=form.cleaned_data,
            rows=rows,
        )
    except EditConflict:
        scan = selectors.scan_with_content(school=request.school, school_year=request.school_year)
        state = _state(scan, spec)
        stored = describe(spec, values_of(scan, spec), rows_of(scan, spec))
        mine = describe(spec, form.cleaned_data, rows or [])
        # Saving again from here knowingly replaces the stored version, which the user has now seen.
        page.update(scan=scan, state=state, base_version=state.version)
        page["conflict"] = {"rows": _compare(stored, mine), "state": state}
    except ValidationError as error:
        _add_errors(form, formset, error)
    else:
        messages.success(
            request, _("Onderdeel %(n)s (%(title)s) is opgeslagen.") % {"n": spec.number, "title": spec.title}
        )
        return {"saved": True}
    return page


@school_view(*ALL_ROLES)
def section(request, section):
    spec = spec_for(section)
    if spec is None:
        raise Http404
    scan = selectors.scan_with_content(school=request.school, school_year=request.school_year)
    if scan is None:
        messages.info(request, _("Er is nog geen schoolscan voor dit schooljaar."))
        return _index(request)
    state = _state(scan, spec)
    page = {"scan": scan, "state": state, "form": None, "formset": None, "base_version": state.version}
    if request.method == "POST":
        require_role(request, *spec.editors)
        if not scan.is_editable:
            messages.error(request, _("Deze schoolscan is vastgesteld en kan niet meer worden gewijzigd."))
            return redirect("schoolscan:section", brin=request.school.brin, section=spec.key)
        if spec.row_model and "plakken" in request.POST:
            pasted = paste_into_section(request, spec, scan)
            if "saved" in pasted:
                messages.success(
                    request,
                    ngettext(
                        "%(n)s regel geplakt en opgeslagen.",
                        "%(n)s regels geplakt en opgeslagen.",
                        pasted["saved"],
                    )
                    % {"n": pasted["saved"]},
                )
                return redirect("schoolscan:section", brin=request.school.brin, section=spec.key)
            scan = selectors.scan_with_content(school=request.school, school_year=request.school_year)
            state = _state(scan, spec)
            posted = request.POST.get("version", "")
            version = state.version if pasted.get("paste_conflict") or not posted.isdigit() else int(posted)
            page = {"scan": scan, "state": state, "base_version": state.version, **pasted}
            page["paste_form"] = SectionPasteForm(
                initial={
                    "version": version,
                    "plakken": request.POST.get("plakken", ""),
                    "vervangen": bool(request.POST.get("vervangen")),
                }
            )
            page["form"], page["formset"] = section_forms(spec, scan)
            messages.error(request, _("Er is niets geplakt. Verbeter de regels hieronder en plak opnieuw."))
        else:
            page = _save(request, spec, scan, state)
            if page.get("saved"):
                return _index(request)
    elif scan.is_editable and can_edit(request.role, spec.key):
        page["form"], page["formset"] = section_forms(
            spec, scan, initial=_suggested(request, spec, scan, state)
        )
    scan, state = page["scan"], page["state"]
    hidden = small_grades(scan) if request.role in AGGREGATE_ONLY else set()
    position = SECTIONS.index(spec)
    return render(
        request,
        "schoolscan/section.html",
        {
            **page,
            "spec": spec,
            "editable": scan.is_editable and can_edit(request.role, spec.key),
            "suggested": getattr(request, "suggested_from_groups", False),
            "pupil_fields": PUPIL_FIELDS,
            "kanvas": selectors.kanvas_for_scan(scan=scan) if spec.key == SectionKey.WELLBEING else None,
            "moments_form": _moments_form(request, scan) if spec.key == SectionKey.WELLBEING else None,
            "paste_form": page.get("paste_form") or _paste_form(spec, page["base_version"]),
            "paste_errors": page.get("paste_errors"),
            "paste_columns": [capfirst(spec.row_field(name).verbose_name) for name in spec.row_fields]
            if spec.row_model
            else [],
            "shown": display(spec, scan, hidden_grades=hidden),
            "missing": [spec.label(name) for name in state.missing],
            "history": selectors.section_history(school=request.school, section=state),
            "previous_spec": SECTIONS[position - 1] if position > 0 else None,
            "next_spec": SECTIONS[position + 1] if position + 1 < len(SECTIONS) else None,
        },
    )


def _paste_form(spec, version):
    return SectionPasteForm(initial={"version": version}) if spec.row_model else None


def _moments_form(request, scan):
    """The directeur's choice of KanVAS moments on a concept scan, filled with what the scan now draws on."""
    if request.role != Role.DIRECTEUR or not scan.is_editable:
        return None
    chosen = selectors.scan_moments(scan=scan)
    if not chosen["choices"]:
        return None
    return MomentsForm(
        choices=chosen["choices"], initial={"moment": chosen["moment"], "compare": chosen["compare"]}
    )


@school_view(*ALL_ROLES)
def pdf(request):
    """The scan as PDF: an established scan's stored PDF at once; else made in the background (a job with
    progress), so no request waits on the renderer. MR and bestuur get the form with small grades hidden."""
    scan = selectors.scan_for(school=request.school, school_year=request.school_year)
    if scan is None:
        messages.info(request, _("Er is nog geen schoolscan voor dit schooljaar."))
        return _index(request)
    aggregate = request.role in AGGREGATE_ONLY
    stored = exports.stored_scan_pdf(scan=scan, aggregate=aggregate)
    if stored is not None:
        export_record(
            user=request.user, school=request.school, filename=stored.filename, what=exports.JOB_LABEL
        )
        response = HttpResponse(bytes(stored.pdf), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{stored.filename}"'
        return response
    job = start_school_job(
        kind=exports.JOB_KIND,
        user=request.user,
        school=request.school,
        params=exports.job_params(scan=scan, aggregate=aggregate),
    )
    return redirect("taken:job", brin=request.school.brin, school_job_id=job.pk)


@school_view(*ALL_ROLES)
def print_view(request):
    scan = selectors.scan_with_content(school=request.school, school_year=request.school_year)
    if scan is None:
        messages.info(request, _("Er is nog geen schoolscan voor dit schooljaar."))
        return _index(request)
    hidden = small_grades(scan) if request.role in AGGREGATE_ONLY else set()
    shown = [{"spec": spec, "shown": display(spec, scan, hidden_grades=hidden)} for spec in SECTIONS]
    return render(
        request,
        "schoolscan/print.html",
        {
            "scan": scan,
            "sections": shown,
            "kanvas": selectors.kanvas_for_scan(scan=scan),
        },
    )
