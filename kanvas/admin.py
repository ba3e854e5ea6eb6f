"""Instruments are data an administrator can change (thresholds, reversed items, concern-score scales).

Every change to a questionnaire, scale or item scores the stored responses of that questionnaire again
(kanvas.services.rescore, as a background job). Scales and items of a questionnaire with responses cannot be deleted: the stored answers
refer to them.
"""

from django.contrib import admin, messages
from django.utils.translation import gettext as _

from kanvas import import_jobs
from kanvas.models import FollowUp, ImportRecord, Item, Moment, Questionnaire, Response, Scale, ScaleAdvice
from npo_planner.jobs.services import start_job
from npo_planner.scholen.guarded_admin import GuardedModelAdmin, GuardedTabularInline, ViewOnly


def has_responses(questionnaire_id) -> bool:
    return (
        questionnaire_id is not None and Response.objects.filter(questionnaire_id=questionnaire_id).exists()
    )


class RescoreMixin:
    """After a change that affects scoring, score the stored responses of the questionnaire(s) involved again."""

    scoring_fields: set[str] = set()

    def rescore(self, request, questionnaire_ids) -> None:
        """Started as a background job after the save's commit (kanvas.import_jobs); the admin's list of jobs
        shows its progress, a failure and the retry."""
        wanted = sorted({i for i in questionnaire_ids if i})
        if not Response.objects.filter(questionnaire_id__in=wanted).exists():
            return
        start_job(kind=import_jobs.RESCORE_KIND, user=request.user, params={"questionnaires": wanted})
        self.message_user(
            request,
            _(
                "De ingevulde vragenlijsten worden op de achtergrond opnieuw gescoord met de gewijzigde gegevens; "
                "de voortgang staat bij Achtergrondtaken."
            ),
            messages.INFO,
        )


class KeepWhenAnsweredMixin:
    """No deleting (nor the bulk delete action) of a scale or item whose questionnaire has stored responses."""

    def has_delete_permission(self, request, obj=None):
        # an inline gets the questionnaire itself, the scale and item pages their own object
        questionnaire_id = (
            obj.pk if isinstance(obj, Questionnaire) else getattr(obj, "questionnaire_id", None)
        )
        return super().has_delete_permission(request, obj) and not has_responses(questionnaire_id)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


class ScaleInline(KeepWhenAnsweredMixin, GuardedTabularInline):
    model = Scale
    extra = 0
    fields = ["order", "code", "name", "kind", "threshold", "in_concern_score"]


class ItemInline(KeepWhenAnsweredMixin, GuardedTabularInline):
    model = Item
    extra = 0
    fields = ["order", "code", "scale", "text", "reversed"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "scale":
            kwargs["queryset"] = Scale.objects.select_related("questionnaire")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Questionnaire)
class QuestionnaireAdmin(RescoreMixin, GuardedModelAdmin):
    list_display = ["code", "name", "respondent", "order"]
    inlines = [ScaleInline, ItemInline]

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj and has_responses(obj.pk))

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if any(formset.has_changed() for formset in formsets):
            self.rescore(request, [form.instance.pk])


@admin.register(Scale)
class ScaleAdmin(RescoreMixin, KeepWhenAnsweredMixin, GuardedModelAdmin):
    scoring_fields = {"questionnaire", "kind", "threshold"}
    list_display = ["questionnaire", "code", "name", "kind", "threshold", "in_concern_score"]
    list_filter = ["questionnaire", "kind", "in_concern_score"]
    list_editable = ["threshold", "in_concern_score"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if self.scoring_fields & set(form.changed_data):
            self.rescore(request, [obj.questionnaire_id, form.initial.get("questionnaire")])


@admin.register(Item)
class ItemAdmin(RescoreMixin, KeepWhenAnsweredMixin, GuardedModelAdmin):
    scoring_fields = {"questionnaire", "scale", "reversed"}
    list_display = ["code", "questionnaire", "scale", "text", "reversed"]
    list_filter = ["questionnaire", "scale__code", "reversed"]
    list_editable = ["reversed"]
    search_fields = ["code", "text"]
    list_select_related = ["questionnaire", "scale"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if self.scoring_fields & set(form.changed_data):
            self.rescore(request, [obj.questionnaire_id, form.initial.get("questionnaire")])


@admin.register(Moment)
class MomentAdmin(ViewOnly, GuardedModelAdmin):
    list_display = ["label", "school", "school_year"]
    list_filter = ["school", "school_year"]


@admin.register(ImportRecord)
class ImportRecordAdmin(ViewOnly, GuardedModelAdmin):
    list_display = ["at", "school", "kind", "filename", "username", "rows", "replaced"]
    list_filter = ["school", "kind"]


@admin.register(FollowUp)
class FollowUpAdmin(ViewOnly, GuardedModelAdmin):
    """Pupil-level follow-up: changed by the IB'er on the KanVAS pages."""

    list_display = ["pupil", "school", "action", "status", "owner", "created_at"]
    list_filter = ["school", "action", "status"]
    raw_id_fields = ["pupil", "owner", "created_by", "moment"]


@admin.register(ScaleAdvice)
class ScaleAdviceAdmin(GuardedModelAdmin):
    list_display = ["scale_code", "title", "updated_at"]
    search_fields = ["scale_code", "title", "text"]
