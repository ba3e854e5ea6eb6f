from django.contrib import admin

from npo_planner.programma.models import Export, FundingStream, Item, Programme, StreamAmount, Submission
from npo_planner.scholen.guarded_admin import GuardedModelAdmin, GuardedTabularInline, ViewOnly


class StreamAmountInline(GuardedTabularInline):
    model = StreamAmount
    extra = 1
    fields = ["school_year", "per_pupil_bo", "per_pupil_sbo", "per_pupil_so", "per_unit", "source"]


@admin.register(FundingStream)
class FundingStreamAdmin(GuardedModelAdmin):
    """Reference data: the money a programme is paid from. An amount left empty is not known: the budget then
    says "bedrag onbekend" for that year."""

    list_display = ["name", "code", "first_year", "last_year", "categories"]
    filter_horizontal = ["interventions"]
    inlines = [StreamAmountInline]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "interventions":  # the catalogue: the menukaart's items, never a school's own
            kwargs["queryset"] = db_field.remote_field.model.objects.filter(school=None)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ItemInline(ViewOnly, GuardedTabularInline):
    model = Item
    extra = 0
    fields = ["name", "goal_area", "target_groups", "year_costs", "responsible"]


@admin.register(Programme)
class ProgrammeAdmin(ViewOnly, GuardedModelAdmin):
    """Changes go through the programme pages: any change after consent needs consent again."""

    list_display = ["school", "stream", "first_year", "last_year", "status", "version"]
    list_filter = ["status", "stream", "first_year"]
    list_select_related = ["school", "stream", "first_year", "last_year"]
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
    list_select_related = ["programme__school", "programme__first_year", "programme__last_year"]
    readonly_fields = ["snapshot"]


@admin.register(Export)
class ExportAdmin(ViewOnly, GuardedModelAdmin):
    list_display = ["filename", "programme", "created_at", "created_by", "size"]
    list_select_related = [
        "programme__school",
        "programme__first_year",
        "programme__last_year",
        "created_by",
    ]
    exclude = ["pdf"]
