from django.shortcuts import render

from npo_planner.programma.board_access import board_view
from npo_planner.scholen.models import School


@board_view
def overview(request):
    schools = School.objects.filter(board__in=request.boards).select_related("board").order_by("name")
    return render(request, "programma/board_overview.html", {"schools": schools})
