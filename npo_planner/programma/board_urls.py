from django.urls import path

from npo_planner.programma import board_views

app_name = "bestuur"

urlpatterns = [
    path("", board_views.overview, name="overview"),
]
