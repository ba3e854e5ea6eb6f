"""Questionnaire templates: the shared default and the school's own copies (copy and edit)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from npo_planner.scholen.access import school_view
from npo_planner.scholen.roles import MANAGEMENT
from ouderbetrokkenheid.forms import OptionFormSet, StatementFormSet, TemplateHeadForm, rows_from_formset
from ouderbetrokkenheid.models import SurveyTemplate
from ouderbetrokkenheid.selectors import templates_for
from ouderbetrokkenheid.services import template_copy, template_in_use, template_update
from ouderbetrokkenheid.views.common import error_messages


def _visible_template(request, template_id) -> SurveyTemplate:
    return get_object_or_404(
        SurveyTemplate.objects.prefetch_related("statements", "options"),
        Q(school__isnull=True) | Q(school=request.school),
        pk=template_id,
    )


@school_view(*MANAGEMENT)
def template_list(request):
    return render(
        request, "ouderbetrokkenheid/template_list.html", {"templates": templates_for(school=request.school)}
    )


@school_view(*MANAGEMENT)
def template_detail(request, template_id):
    template = _visible_template(request, template_id)
    return render(
        request,
        "ouderbetrokkenheid/template_detail.html",
        {
            "template": template,
            "own": template.school_id == request.school.pk,
            "in_use": template_in_use(template),
        },
    )


@school_view(*MANAGEMENT)
@require_POST
def template_copy_view(request, template_id):
    source = _visible_template(request, template_id)
    copy = template_copy(user=request.user, school=request.school, source=source)
    messages.success(request, _("Er is een kopie gemaakt die u kunt aanpassen."))
    return redirect("ouderbetrokkenheid:template_edit", brin=request.school.brin, template_id=copy.pk)


@school_view(*MANAGEMENT)
def template_edit(request, template_id):
    template = get_object_or_404(
        SurveyTemplate.objects.prefetch_related("statements", "options"),
        pk=template_id,
        school=request.school,
    )
    data = request.POST if request.method == "POST" else None
    head = TemplateHeadForm(
        data, initial={"version": template.version, "name": template.name, "intro": template.intro}
    )
    statements = StatementFormSet(
        data,
        prefix="s",
        initial=[
            {"parent_text": s.parent_text, "team_text": s.team_text, "parents_only": s.parents_only}
            for s in template.statements.all()
        ],
    )
    options = OptionFormSet(
        data,
        prefix="p",
        initial=[{"parent_text": o.parent_text, "team_text": o.team_text} for o in template.options.all()],
    )
    if data is not None and head.is_valid() and statements.is_valid() and options.is_valid():
        try:
            template_update(
                user=request.user,
                template=template,
                version=head.cleaned_data["version"],
                name=head.cleaned_data["name"],
                intro=head.cleaned_data["intro"],
                statements=rows_from_formset(statements),
                options=rows_from_formset(options),
            )
        except ValidationError as exc:
            for message in error_messages(exc):
                head.add_error(None, message)
        else:
            messages.success(request, _("Het sjabloon is opgeslagen."))
            return redirect("ouderbetrokkenheid:template", brin=request.school.brin, template_id=template.pk)
    return render(
        request,
        "ouderbetrokkenheid/template_edit.html",
        {
            "template": template,
            "head": head,
            "statements": statements,
            "options": options,
            "in_use": template_in_use(template),
        },
    )
