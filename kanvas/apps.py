from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KanvasConfig(AppConfig):
    name = "kanvas"
    label = "kanvas"
    verbose_name = _("KanVAS")

    def ready(self):
        from kanvas.cycle import kanvas_steps
        from npo_planner.scholen.registry import NavItem, register_cycle, register_nav
        from npo_planner.scholen.roles import PUPIL_LEVEL

        register_nav(
            NavItem(order=30, label=_("KanVAS"), url_name="kanvas:index", roles=PUPIL_LEVEL, section="kanvas")
        )
        register_cycle(30, kanvas_steps)

        from kanvas.cards import my_actions_card, my_groups_card
        from npo_planner.scholen.registry import register_card

        register_card(5, my_groups_card)

        from kanvas import group_report_job, import_jobs
        from npo_planner.jobs.registry import register

        register(import_jobs.CHECK_KIND, label=import_jobs.CHECK_LABEL, handler=import_jobs.check_upload)
        register(
            group_report_job.KIND,
            label=group_report_job.LABEL,
            handler=group_report_job.make_pdf,
            on_download=group_report_job.download_check_and_record,
        )
        register(import_jobs.KIND, label=import_jobs.LABEL, handler=import_jobs.write_upload)
        register(import_jobs.RESCORE_KIND, label=import_jobs.RESCORE_LABEL, handler=import_jobs.rescore)
        register_card(10, my_actions_card)

        from kanvas import pupil_data
        from npo_planner.scholen.pupil_data import register_pupil_data

        register_pupil_data(_("KanVAS: schaalscores"), pupil_data.scores)
        register_pupil_data(_("KanVAS: antwoorden"), pupil_data.answers)
        register_pupil_data(_("KanVAS: sociogram (aantallen)"), pupil_data.sociogram)
        register_pupil_data(_("KanVAS: vervolgacties"), pupil_data.followups)

        from kanvas.models import FollowUp, FollowUpNote, ImportRecord
        from kanvas.services import pending_uploads_erase
        from npo_planner.scholen.pupil_erasure import register_pupil_erasure, register_pupil_text

        # Where a removed pupil's code may still be written: notes on classmates, import summaries, files in hand.
        register_pupil_text(FollowUp, ["note"], school="school")
        register_pupil_text(FollowUpNote, ["text"], school="school")
        register_pupil_text(ImportRecord, ["summary"], school="school")
        register_pupil_erasure(pending_uploads_erase)

        from kanvas.models import Item, Response, Scale
        from npo_planner.scholen.backup_registry import register_id_map

        # A response's answers and scores are keyed by item and scale ids: a school backup carries those items.
        register_id_map(Response, "answers", Item)
        register_id_map(Response, "scores", Scale)

        from kanvas.backup_upgrade import pending_uploads_left_out
        from npo_planner.scholen.backup_registry import register_format_upgrade

        register_format_upgrade(3, pending_uploads_left_out)

        from kanvas.models import PendingUpload
        from kanvas.services import PENDING_FILES, PENDING_FOLDER, PENDING_TTL
        from npo_planner.jobs.cleanup import register_pending_uploads
        from npo_planner.lib.stored_files import register_file_fields

        # An upload's file and Plan in the default storage go with its row, however it goes (confirm, discard,
        # retention, the school or user deleted); `manage.py cleanup` removes those never confirmed after their
        # time to live.
        register_file_fields(PendingUpload, PENDING_FILES, folder=PENDING_FOLDER)
        register_pending_uploads(lambda now: PendingUpload.objects.filter(created_at__lt=now - PENDING_TTL))
