from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "npo_planner.jobs"
    label = "jobs"
    verbose_name = _("Achtergrondtaken")

    def ready(self):
        from npo_planner.jobs.models import RESULT_FOLDER, Job
        from npo_planner.lib.stored_files import register_file_fields

        # A job's result file (a PDF, a batch ZIP) goes with its row: cleanup, or its school, board or user deleted.
        register_file_fields(Job, ["result_path"], folder=RESULT_FOLDER)
