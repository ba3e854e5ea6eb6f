from django.shortcuts import render

from npo_planner.scholen.access import school_view
from npo_planner.scholen.roles import PUPIL_LEVEL


@school_view(*PUPIL_LEVEL)
def index(request):
    return render(request, "kanvas/index.html")
