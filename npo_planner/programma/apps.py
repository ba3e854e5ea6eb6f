from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammaConfig(AppConfig):
    name = "npo_planner.programma"
    label = "programma"
    verbose_name = _("Schoolprogramma")

    def ready(self):
        from npo_planner.jobs.registry import register
        from npo_planner.programma import board_pdfs, pdf_jobs

        register(board_pdfs.KIND, label=board_pdfs.LABEL, handler=board_pdfs.make_zip)
        register(pdf_jobs.KIND, label=pdf_jobs.LABEL, handler=pdf_jobs.make_pdf)
        from npo_planner.programma.cycle import programme_steps
        from npo_planner.scholen.registry import NavItem, register_cycle, register_nav
        from npo_planner.scholen.roles import ALL_ROLES, Role

        register_nav(
            NavItem(
                order=50,
                label=_("Schoolprogramma"),
                url_name="programma:index",
                roles=ALL_ROLES,
                section="programma",
            )
        )
        register_nav(
            NavItem(
                order=60,
                label=_("Bestuur"),
                url_name="bestuur:overview",
                roles=frozenset({Role.BESTUUR}),
                section="bestuur",
                takes_brin=False,
            )
        )
        register_cycle(50, programme_steps)
        from npo_planner.programma.selectors import outcomes_before
        from npo_planner.scholen.registry import register_previous_outcomes

        register_previous_outcomes(outcomes_before)
        from npo_planner.programma.decision_card import decision_steps

        register_cycle(1, decision_steps)  # a decision waiting comes first
