from django.urls import reverse
from django.utils.translation import gettext as _

from npo_planner.scholen.registry import nav_items
from npo_planner.scholen.selectors import school_years, schools_for_user


def navigation(request):
    """Navigation, school switcher and year switcher for pages inside a school."""
    school = getattr(request, "school", None)
    if school is None:
        # Board pages lie outside any school: offer the board overview and the way back into a school.
        if getattr(request, "boards", None):
            return {
                "nav_items": [
                    {"label": _("Bestuursoverzicht"), "url": reverse("bestuur:overview"), "active": True}
                ]
            }
        return {}
    namespace = getattr(getattr(request, "resolver_match", None), "namespace", "")
    items = [
        {
            "label": item.label,
            "url": reverse(item.url_name, kwargs={"brin": school.brin} if item.takes_brin else {}),
            "active": bool(item.section) and namespace == item.section,
        }
        for item in nav_items(request.role)
    ]
    return {
        "nav_items": items,
        "nav_schools": getattr(request, "nav_schools", None) or schools_for_user(request.user),  # school_view
        "nav_years": getattr(request, "school_years", None) or school_years(),  # read by school_view
    }
