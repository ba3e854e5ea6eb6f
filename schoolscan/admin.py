from django.contrib import admin

from npo_planner.scholen.guarded_admin import GuardedModelAdmin, GuardedTabularInline, ViewOnly
from schoolscan.models import CognitiveResult, Priority, Scan, ScanSection


class SectionInline(ViewOnly, GuardedTabularInline):
    model = ScanSection
    extra = 0
    readonly_fields = ("key", "version", "missing", "updated_at", "updated_by")
    can_delete = False


class PriorityInline(ViewOnly, GuardedTabularInline):
    model = Priority
    extra = 0


class CognitiveInline(ViewOnly, GuardedTabularInline):
    model = CognitiveResult
    extra = 0


@admin.register(Scan)
class ScanAdmin(ViewOnly, GuardedModelAdmin):
    """The scan changes only through its services (versioning, audit); the admin shows it."""

    list_display = ("school", "school_year", "number", "status", "established_at")
    list_filter = ("status", "school_year")
    search_fields = ("school__name", "school__brin")
    list_select_related = ("school", "school_year")
    readonly_fields = (
        "status",
        "number",
        "created_at",
        "created_by",
        "established_at",
        "established_by",
        "copied_from",
    )
    inlines = [SectionInline, CognitiveInline, PriorityInline]
