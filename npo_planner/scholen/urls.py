from django.urls import path

from npo_planner.scholen import views

app_name = "scholen"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("schooljaar/", views.school_year_switch, name="school_year_switch"),
    path("audit/", views.audit_log, name="audit_log"),
]
