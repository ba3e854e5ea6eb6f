from django.urls import path

from npo_planner.scholen import member_views, privacy_views, roster_views, views

app_name = "scholen"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("schooljaar/", views.school_year_switch, name="school_year_switch"),
    path("schooljaar/starten/", roster_views.year_start_page, name="year_start"),
    path("audit/", views.audit_log, name="audit_log"),
    path("groepsindeling/", roster_views.roster_upload, name="roster_upload"),
    path("groepsindeling/controle/", roster_views.roster_preview, name="roster_preview"),
    path("gebruikers/", member_views.member_list, name="members"),
    path("privacy/", privacy_views.privacy_overview, name="privacy"),
    path("privacy/leerling/<int:pupil_id>/export/", privacy_views.pupil_export, name="pupil_export"),
    path("gebruikers/<int:membership_id>/intrekken/", member_views.member_revoke, name="member_revoke"),
    path("gebruikers/<int:membership_id>/deblokkeren/", member_views.member_unlock, name="member_unlock"),
]
