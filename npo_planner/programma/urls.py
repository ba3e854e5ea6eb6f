from django.urls import path

from npo_planner.programma import views

app_name = "programma"

urlpatterns = [
    path("", views.index, name="index"),
]
