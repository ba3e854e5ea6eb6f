from django.contrib import admin

from npo_planner.programma.models import Export, Item, Programme, Submission
from npo_planner.scholen.guarded_admin import GuardedModelAdmin, GuardedTabularInline, ViewOnly


class ItemInline(ViewOnly, GuardedTabularInline):
    model = Item
    extra = 0
    fields = ["name", "goal_area", "target_groups", "cost_first_year", "cost_second_year", "responsible"]


@admin.register(Programme)
class ProgrammeAdmin(ViewOnly, GuardedModelAdmin):
    """Changes go through the programme pages: any change after consent needs consent again."""

    list_display = ["school", "first_year", "second_year", "status", "version"]
    list_filter = ["status", "first_year"]
    list_select_related = ["school", "first_year", "second_year"]
    inlines = [ItemInline]


@admin.register(Submission)
class SubmissionAdmin(ViewOnly, GuardedModelAdmin):
    list_display = [
        "programme",
        "number",
        "submitted_at",
        "decision",
        "decided_on",
        "needs_gmr",
        "gmr_decision",
    ]
    list_select_related = ["programme__school", "programme__first_year", "programme__second_year"]
    readonly_fields = ["snapshot"]


@admin.register(Export)
class ExportAdmin(ViewOnly, GuardedModelAdmin):
    list_display = ["filename", "programme", "created_at", "created_by", "size"]
    list_select_related = [
        "programme__school",
        "programme__first_year",
        "programme__second_year",
        "created_by",
    ]
    exclude = ["pdf"]
