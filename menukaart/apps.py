from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MenukaartConfig(AppConfig):
    name = "menukaart"
    label = "menukaart"
    verbose_name = _("Menukaart")

    def ready(self):
        from menukaart.cycle import menukaart_steps
        from npo_planner.scholen.registry import NavItem, register_cycle, register_nav
        from npo_planner.scholen.roles import ALL_ROLES

        register_nav(
            NavItem(
                order=20,
                label=_("Menukaart"),
                url_name="menukaart:index",
                roles=ALL_ROLES,
                section="menukaart",
            )
        )
        register_cycle(20, menukaart_steps)
