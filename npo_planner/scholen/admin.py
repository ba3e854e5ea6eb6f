from django.contrib import admin, messages
from django.shortcuts import redirect
from django.utils.translation import gettext, gettext_lazy

from npo_planner.lib.guarded_admin import GuardedModelAdmin, ViewOnly
from npo_planner.scholen.admin_login import admin_login
from npo_planner.scholen.models import (
    AuditEntry,
    AuthEvent,
    Board,
    Enrollment,
    Group,
    Membership,
    Pupil,
    School,
    SchoolYear,
)

admin.site.login = admin_login
admin.site.site_header = gettext_lazy("NPO-planner – beheer")
admin.site.site_title = gettext_lazy("NPO-planner – beheer")
admin.site.index_title = gettext_lazy("Catalogus, instrumenten en schoolgegevens")


@admin.register(Board)
class BoardAdmin(GuardedModelAdmin):
    search_fields = ["name"]


@admin.register(School)
class SchoolAdmin(GuardedModelAdmin):
    """A school with an audit log is not deleted here (the log would go with it); the admin says how instead."""

    list_display = ["brin", "name", "board", "school_type"]
    list_filter = ["board", "school_type"]
    search_fields = ["brin", "name"]

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def delete_view(self, request, object_id, extra_context=None):
        school = self.get_object(request, object_id)
        if school is not None and AuditEntry.objects.filter(school=school).exists():
            self.message_user(
                request,
                gettext(
                    "School %(brin)s wordt hier niet verwijderd: haar auditlog zou dan ongemerkt meegaan. Verwijder "
                    "de school op de server met 'python manage.py delete_school --school %(brin)s --output "
                    "school-%(brin)s.json.gz': dat schrijft eerst een back-up met alle gegevens en het auditlog "
                    "en legt de verwijdering vast."
                )
                % {"brin": school.brin},
                level=messages.ERROR,
            )
            return redirect("admin:scholen_school_change", school.pk)
        return super().delete_view(request, object_id, extra_context)


@admin.register(SchoolYear)
class SchoolYearAdmin(GuardedModelAdmin):
    list_display = ["label", "start", "end", "npo_per_pupil", "npo_per_disadvantage_unit"]


@admin.register(Group)
class GroupAdmin(GuardedModelAdmin):
    list_display = ["name", "grade", "school", "school_year"]
    list_filter = ["school", "school_year"]


@admin.register(Pupil)
class PupilAdmin(ViewOnly, GuardedModelAdmin):
    """Pupils arrive with the KanVAS imports; the privacy page exports and deletes them (with audit)."""

    list_display = ["code", "school", "left_on"]
    list_filter = ["school"]
    search_fields = ["code"]


@admin.register(Enrollment)
class EnrollmentAdmin(ViewOnly, GuardedModelAdmin):
    list_display = ["pupil", "group"]
    list_select_related = ["pupil", "group"]


@admin.register(Membership)
class MembershipAdmin(GuardedModelAdmin):
    list_display = ["user", "role", "school", "board"]
    list_filter = ["role", "school", "board"]
    filter_horizontal = ["groups"]


@admin.register(AuditEntry)
class AuditEntryAdmin(ViewOnly, GuardedModelAdmin):
    list_display = ["at", "username", "school", "action", "summary"]
    list_filter = ["action", "school"]


@admin.register(AuthEvent)
class AuthEventAdmin(ViewOnly, GuardedModelAdmin):
    list_display = ["at", "username", "kind", "ip"]
    list_filter = ["kind"]
    search_fields = ["username"]
