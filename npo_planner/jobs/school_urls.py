from django.urls import path

from npo_planner.jobs import school_views

app_name = "taken"

urlpatterns = [
    path("<uuid:school_job_id>/", school_views.job_detail, name="job"),
    path("<uuid:school_job_id>/download/", school_views.job_download, name="download"),
    path("<uuid:school_job_id>/opnieuw/", school_views.job_retry, name="retry"),
]
