"""The menukaart in the admin: catalogue items with their figure sets, CSV export and all-or-nothing import."""

from django.contrib import admin, messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from menukaart import importers
from menukaart.forms import CatalogueImportForm
from menukaart.models import ConsideredIntervention, Intervention, InterventionFigures
from menukaart.services import newest_figures_sync
from npo_planner.lib.csv_export import csv_response
from npo_planner.lib.import_errors import ImportErrors
from npo_planner.scholen.guarded_admin import GuardedModelAdmin, GuardedTabularInline, ViewOnly


class OriginFilter(admin.SimpleListFilter):
    title = gettext_lazy("herkomst")
    parameter_name = "herkomst"

    def lookups(self, request, model_admin):
        return [
            ("menukaart", gettext_lazy("Menukaart")),
            ("eigen", gettext_lazy("Eigen interventie van een school")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "menukaart":
            return queryset.filter(school__isnull=True)
        if self.value() == "eigen":
            return queryset.filter(school__isnull=False)
        return queryset


class FiguresInline(GuardedTabularInline):
    model = InterventionFigures
    extra = 0
    fields = ["date", "impact_months", "evidence", "cost", "source", "cost_source"]


@admin.register(Intervention)
class InterventionAdmin(GuardedModelAdmin):
    list_display = [
        "name",
        "goal_area",
        "impact_months",
        "evidence",
        "cost",
        "figures_date",
        "nji_level",
        "school",
    ]
    list_filter = [OriginFilter, "goal_area", "nji_level", "lgl_level", "school_type"]
    search_fields = ["name", "code", "summary"]
    list_select_related = ["school"]
    readonly_fields = ["impact_months", "evidence", "cost", "figures_source", "figures_date", "version"]
    inlines = [FiguresInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "code",
                    "school",
                    "goal_area",
                    "combined_with",
                    "name",
                    "summary",
                    "description",
                    "school_type",
                    "subjects",
                ]
            },
        ),
        (
            gettext_lazy("Huidige cijfers (uit de nieuwste cijferset hieronder)"),
            {"fields": ["impact_months", "evidence", "cost", "figures_source", "figures_date"]},
        ),
        (
            gettext_lazy("NJi-erkenning"),
            {"fields": ["nji_level", "nji_date", "nji_source", "nji_summary", "lgl_level", "lgl_source"]},
        ),
        (gettext_lazy("Volgens de aanbieder"), {"fields": ["supplier_text"]}),
        (
            gettext_lazy("Praktisch"),
            {"fields": ["asks_staff", "asks_time", "asks_space", "practical", "npo_may_pay", "links"]},
        ),
        (gettext_lazy("Checklist (eigen interventies)"), {"fields": ["checklist", "version"]}),
    ]

    def save_related(self, request, form, formsets, change):
        with transaction.atomic():
            super().save_related(request, form, formsets, change)
            newest_figures_sync(interventions=[form.instance])

    def get_urls(self):
        own = [
            path(
                "export/", self.admin_site.admin_view(self.export_view), name="menukaart_intervention_export"
            ),
            path(
                "import/", self.admin_site.admin_view(self.import_view), name="menukaart_intervention_import"
            ),
        ]
        return own + super().get_urls()

    def export_view(self, request):
        if not self.has_view_permission(request):
            return redirect("admin:index")
        header, rows = importers.export_rows()
        return csv_response("menukaart.csv", header, rows)

    def import_view(self, request):
        if not (self.has_change_permission(request) and self.has_add_permission(request)):
            return redirect("admin:index")
        form = CatalogueImportForm(request.POST or None, request.FILES or None)
        errors = []
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = importers.catalogue_import(
                    data=upload.read(), filename=upload.name, user=request.user
                )
            except ImportErrors as exc:
                errors = exc.messages()
            else:
                self.message_user(
                    request,
                    _("Menukaart ingelezen: %(c)s nieuw, %(u)s bijgewerkt, %(f)s cijfersets opgeslagen.")
                    % {"c": result.created, "u": result.updated, "f": result.figure_sets},
                    messages.SUCCESS,
                )
                for warning in result.warnings:
                    self.message_user(request, warning, messages.WARNING)
                return redirect("admin:menukaart_intervention_changelist")
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "errors": errors,
            "opts": self.model._meta,
        }
        return render(request, "admin/menukaart/intervention/import.html", context)


@admin.register(ConsideredIntervention)
class ConsideredInterventionAdmin(ViewOnly, GuardedModelAdmin):
    list_display = ["intervention", "school", "school_year", "added_at"]
    list_filter = ["school", "school_year"]
    list_select_related = ["intervention", "school", "school_year"]
