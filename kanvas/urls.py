from django.urls import path

from kanvas import views

app_name = "kanvas"

urlpatterns = [
    path("", views.index, name="index"),
    path("overzicht.csv", views.report_csv, name="report_csv"),
    path("inlezen/", views.import_upload, name="import_upload"),
    path("inlezen/controleren/", views.import_preview, name="import_preview"),
    path("inlezen/controle/<uuid:check_job_id>/", views.import_check, name="import_check"),
    path(
        "inlezen/controle/<uuid:check_job_id>/opnieuw/", views.import_check_retry, name="import_check_retry"
    ),
    path("inlezen/taak/<uuid:import_job_id>/", views.import_job, name="import_job"),
    path("inlezen/taak/<uuid:import_job_id>/opnieuw/", views.import_job_retry, name="import_job_retry"),
    path("groep/<int:group_id>/", views.group_detail, name="group"),
    path("groep/<int:group_id>/verloop/", views.group_trend, name="group_trend"),
    path("groep/<int:group_id>/leerlingen.csv", views.group_csv, name="group_csv"),
    path("groep/<int:group_id>/groepsbespreking.pdf", views.group_report_pdf, name="group_report"),
    path("leerling/<int:pupil_id>/", views.pupil_detail, name="pupil"),
    path("leerling/<int:pupil_id>/verloop/", views.pupil_trend, name="pupil_trend"),
    path("veiligheid/", views.safety, name="safety"),
    path("veiligheid/leerlingen/", views.safety_pupils, name="safety_pupils"),
    path("sociogram/", views.sociogram, name="sociogram"),
    path("vervolg/", views.followups, name="followups"),
]
