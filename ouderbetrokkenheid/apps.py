from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OuderbetrokkenheidConfig(AppConfig):
    name = "ouderbetrokkenheid"
    label = "ouderbetrokkenheid"
    verbose_name = _("Ouderbetrokkenheid")

    def ready(self):
        from npo_planner.scholen.registry import NavItem, register_cycle, register_nav
        from npo_planner.scholen.roles import ALL_ROLES
        from ouderbetrokkenheid.cycle import cycle_steps

        register_nav(
            NavItem(
                order=40,
                label=_("Ouderbetrokkenheid"),
                url_name="ouderbetrokkenheid:index",
                roles=ALL_ROLES,
                section="ouderbetrokkenheid",
            )
        )
        register_cycle(40, cycle_steps)

        from npo_planner.jobs.cleanup import register_pending_uploads
        from ouderbetrokkenheid.models import PendingSurveyFile
        from ouderbetrokkenheid.services import PENDING_TTL

        # `manage.py cleanup` removes survey files previewed but never confirmed, after their time to live.
        register_pending_uploads(
            lambda now: PendingSurveyFile.objects.filter(created_at__lt=now - PENDING_TTL)
        )

        from npo_planner.jobs.registry import register
        from ouderbetrokkenheid import import_jobs

        # A large survey file is written by a background job after the confirm.
        register(import_jobs.KIND, label=import_jobs.LABEL, handler=import_jobs.write_file)

        from npo_planner.scholen.registry import register_card
        from ouderbetrokkenheid.cards import entering_card

        register_card(15, entering_card)

        from npo_planner.scholen.backup_registry import register_format_upgrade
        from ouderbetrokkenheid.backup_upgrade import answers_into_response_rows, survey_mapping_into_core

        # Backups before format 2 hold one ouderbetrokkenheid.answer row per answer: folded into the responses.
        register_format_upgrade(2, answers_into_response_rows)
        # Backups before format 3 hold the survey file mapping in this app: it moved to the core.
        register_format_upgrade(3, survey_mapping_into_core)
