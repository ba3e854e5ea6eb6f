"""A school's own remark themes: added, renamed and removed by the directeur or IB'er (who manage surveys),
reached from the remarks page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from npo_planner.scholen.access import school_view
from npo_planner.scholen.roles import MANAGEMENT
from ouderbetrokkenheid.forms import SchoolThemeEditForm, SchoolThemeForm, VersionedForm
from ouderbetrokkenheid.models import SchoolTheme, Survey
from ouderbetrokkenheid.selectors import school_themes, theme_use
from ouderbetrokkenheid.services import school_theme_create, school_theme_delete, school_theme_update
from ouderbetrokkenheid.themes import OTHER, THEME_LABELS, theme_choices


def _back_survey(request) -> Survey | None:
    """The survey whose remarks page sent the user here (`?peiling=<id>`), if it is one of this school's."""
    value = request.GET.get("peiling", "")
    if not (value.isascii() and value.isdigit() and len(value) <= 10):
        return None
    return Survey.objects.filter(school=request.school, pk=int(value)).only("id", "title").first()


def _list_url(request, survey: Survey | None) -> str:
    url = reverse("ouderbetrokkenheid:remark_themes", kwargs={"brin": request.school.brin})
    return f"{url}?peiling={survey.pk}" if survey else url


def _add_errors(form, exc: ValidationError) -> None:
    """Service errors next to their field when the form has it, else above the form."""
    if hasattr(exc, "message_dict"):
        for field, errors in exc.message_dict.items():
            for message in errors:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in exc.messages:
            form.add_error(None, message)


def _theme(request, theme_id) -> SchoolTheme | None:
    return SchoolTheme.objects.filter(pk=theme_id, school=request.school).first()


def _theme_gone(request):
    """Not (or no longer) a theme of this school: a 404 that says it may just have been removed, with the way back.
    Another school's theme gets the same answer."""
    survey = _back_survey(request)
    context = {"survey": survey, "back_url": _list_url(request, survey)}
    return render(request, "ouderbetrokkenheid/theme_gone.html", context, status=404)


@school_view(*MANAGEMENT)
def theme_list(request):
    survey = _back_survey(request)
    form = SchoolThemeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            theme = school_theme_create(user=request.user, school=request.school, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Het thema '%(label)s' is toegevoegd.") % {"label": theme.label})
            return redirect(_list_url(request, survey))
    return render(
        request,
        "ouderbetrokkenheid/theme_list.html",
        {
            "survey": survey,
            "themes": school_themes(school=request.school, with_use=True),
            "defaults": [label for code, label in theme_choices() if code != OTHER],
            "other_label": THEME_LABELS[OTHER],
            "form": form,
        },
    )


@school_view(*MANAGEMENT)
def theme_edit(request, theme_id):
    theme = _theme(request, theme_id)
    if theme is None:
        return _theme_gone(request)
    survey = _back_survey(request)
    initial = {
        "version": theme.version,
        "label": theme.label,
        "keywords": theme.keywords,
        "order": theme.order,
    }
    form = SchoolThemeEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            school_theme_update(user=request.user, theme=theme, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Het thema is opgeslagen."))
            return redirect(_list_url(request, survey))
    return render(
        request,
        "ouderbetrokkenheid/theme_form.html",
        {"theme": theme, "survey": survey, "form": form, "back_url": _list_url(request, survey)},
    )


@school_view(*MANAGEMENT)
def theme_remove(request, theme_id):
    """Asks first, naming how many remarks carry the theme; on confirmation those remarks get 'Overig'."""
    theme = _theme(request, theme_id)
    if theme is None:
        return _theme_gone(request)
    survey = _back_survey(request)
    form = VersionedForm(request.POST or None, initial={"version": theme.version})
    if request.method == "POST" and form.is_valid():
        try:
            moved = school_theme_delete(user=request.user, theme=theme, version=form.cleaned_data["version"])
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(
                request,
                ngettext(
                    "Het thema '%(label)s' is verwijderd; %(n)d opmerking heeft nu het thema 'Overig'.",
                    "Het thema '%(label)s' is verwijderd; %(n)d opmerkingen hebben nu het thema 'Overig'.",
                    moved,
                )
                % {"label": theme.label, "n": moved},
            )
            return redirect(_list_url(request, survey))
    return render(
        request,
        "ouderbetrokkenheid/theme_delete.html",
        {
            "theme": theme,
            "survey": survey,
            "form": form,
            "use": theme_use(theme=theme),
            "other_label": THEME_LABELS[OTHER],
            "back_url": _list_url(request, survey),
        },
    )
