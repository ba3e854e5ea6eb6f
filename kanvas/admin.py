"""Instruments are data an administrator can change (thresholds, reversed items, concern-score scales)."""

from django.contrib import admin

from kanvas.models import FollowUp, ImportRecord, Item, Moment, Questionnaire, Scale


class ScaleInline(admin.TabularInline):
    model = Scale
    extra = 0
    fields = ["order", "code", "name", "kind", "threshold", "in_concern_score"]


class ItemInline(admin.TabularInline):
    model = Item
    extra = 0
    fields = ["order", "code", "scale", "text", "reversed"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "scale":
            kwargs["queryset"] = Scale.objects.select_related("questionnaire")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Questionnaire)
class QuestionnaireAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "respondent", "order"]
    inlines = [ScaleInline, ItemInline]


@admin.register(Scale)
class ScaleAdmin(admin.ModelAdmin):
    list_display = ["questionnaire", "code", "name", "kind", "threshold", "in_concern_score"]
    list_filter = ["questionnaire", "kind", "in_concern_score"]
    list_editable = ["threshold", "in_concern_score"]


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    list_display = ["code", "questionnaire", "scale", "text", "reversed"]
    list_filter = ["questionnaire", "scale__code", "reversed"]
    list_editable = ["reversed"]
    search_fields = ["code", "text"]
    list_select_related = ["questionnaire", "scale"]


@admin.register(Moment)
class MomentAdmin(admin.ModelAdmin):
    list_display = ["label", "school", "school_year"]
    list_filter = ["school", "school_year"]
    readonly_fields = ["school", "school_year", "label"]

    def has_add_permission(self, request):
        return False


@admin.register(ImportRecord)
class ImportRecordAdmin(admin.ModelAdmin):
    list_display = ["at", "school", "kind", "filename", "username", "rows", "replaced"]
    list_filter = ["school", "kind"]
    readonly_fields = [f.name for f in ImportRecord._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(FollowUp)
class FollowUpAdmin(admin.ModelAdmin):
    list_display = ["pupil", "school", "action", "status", "owner", "created_at"]
    list_filter = ["school", "action", "status"]
    raw_id_fields = ["pupil", "owner", "created_by", "moment"]
