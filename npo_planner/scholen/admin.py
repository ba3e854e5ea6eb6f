from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.shortcuts import redirect
from django.utils.translation import gettext, gettext_lazy, ngettext

from npo_planner.scholen import services, twofactor
from npo_planner.scholen.admin_login import admin_login
from npo_planner.scholen.audit_actions import action_label
from npo_planner.scholen.forms import client_ip
from npo_planner.scholen.guarded_admin import GuardedModelAdmin, ViewOnly
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
    list_display = ["label", "start", "end"]


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
    list_display = ["at", "username", "school", "action_in_words", "summary"]
    list_filter = ["action", "school"]

    @admin.display(description=gettext_lazy("actie"), ordering="action")
    def action_in_words(self, entry):
        return action_label(entry.action)


@admin.register(AuthEvent)
class AuthEventAdmin(ViewOnly, GuardedModelAdmin):
    list_display = ["at", "username", "kind", "ip"]
    list_filter = ["kind"]
    search_fields = ["username"]


admin.site.unregister(get_user_model())


@admin.register(get_user_model())
class AccountAdmin(UserAdmin):
    """Django's user admin, with the help an administrator gives a user who cannot log in."""

    actions = ["two_factor_reset", "login_unlock"]

    @admin.action(description=gettext_lazy("Inlogblokkade opheffen"))
    def login_unlock(self, request, queryset):
        users = list(queryset)
        for user in users:
            services.login_unlock(user=user, actor=request.user, ip=client_ip(request))
        self.message_user(
            request,
            gettext("Blokkade opgeheven voor %(users)s.") % {"users": ", ".join(u.username for u in users)},
            messages.SUCCESS,
        )

    @admin.action(description=gettext_lazy("Tweestapsverificatie terugzetten (telefoon kwijt)"))
    def two_factor_reset(self, request, queryset):
        reset = [user.username for user in queryset if twofactor.device_reset(user=user, actor=request.user)]
        if reset:
            self.message_user(
                request,
                ngettext(
                    "Tweestapsverificatie teruggezet voor %(users)s: stelt bij de volgende login een nieuwe app in.",
                    "Tweestapsverificatie teruggezet voor %(users)s: stellen bij de volgende login een nieuwe app in.",
                    len(reset),
                )
                % {"users": ", ".join(reset)},
                messages.SUCCESS,
            )
        else:
            self.message_user(
                request, gettext("Geen van deze gebruikers had tweestapsverificatie aan."), messages.WARNING
            )
