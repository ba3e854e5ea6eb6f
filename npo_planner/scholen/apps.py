from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScholenConfig(AppConfig):
    name = "npo_planner.scholen"
    label = "scholen"
    verbose_name = _("Scholen")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from npo_planner.scholen.middleware import stamp_login_time

        user_logged_in.connect(stamp_login_time, dispatch_uid="npo_stamp_login_time")

        from npo_planner.scholen.backup_registry import register_generic_reference
        from npo_planner.scholen.models import AuditEntry

        register_generic_reference(AuditEntry, "object_type", "object_id")

        from npo_planner.scholen.pupil_erasure import register_pupil_erasure
        from npo_planner.scholen.roster_services import pending_rosters_erase

        register_pupil_erasure(pending_rosters_erase)
