from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchoolscanConfig(AppConfig):
    name = "schoolscan"
    label = "schoolscan"
    verbose_name = _("Schoolscan")

    def ready(self):
        from npo_planner.scholen.registry import NavItem, register_cycle, register_nav
        from npo_planner.scholen.roles import ALL_ROLES
        from schoolscan.cycle import schoolscan_step

        register_nav(
            NavItem(
                order=10,
                label=_("Schoolscan"),
                url_name="schoolscan:index",
                roles=ALL_ROLES,
                section="schoolscan",
            )
        )
        register_cycle(10, schoolscan_step)
        from npo_planner.jobs.registry import register
        from schoolscan import exports

        register(exports.JOB_KIND, label=exports.JOB_LABEL, handler=exports.scan_pdf_job)
