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
