from django.shortcuts import render

from npo_planner.scholen.access import school_view
from npo_planner.scholen.roles import ALL_ROLES


@school_view(*ALL_ROLES)
def index(request):
    return render(request, "schoolscan/index.html")
