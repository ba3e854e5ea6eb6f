from django.urls import path

from npo_planner.jobs import school_views

app_name = "taken"

urlpatterns = [
    path("<uuid:job_id>/", school_views.job_detail, name="job"),
    path("<uuid:job_id>/download/", school_views.job_download, name="download"),
    path("<uuid:job_id>/opnieuw/", school_views.job_retry, name="retry"),
]
