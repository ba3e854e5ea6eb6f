from django.urls import path

from npo_planner.programma import board_views

app_name = "bestuur"

urlpatterns = [
    path("", board_views.overview, name="overview"),
    path("besteding.csv", board_views.spending_csv, name="spending_csv"),
    path("jaarverslag.csv", board_views.annual_report_csv, name="annual_report_csv"),
    path("verantwoording/", board_views.accounts_page, name="accounts"),
    path("verantwoording.csv", board_views.accounts_csv, name="accounts_csv"),
    path("programma/<int:programme_id>/besluit-gmr/", board_views.gmr_decide, name="gmr_decide"),
    path("pdfs/", board_views.pdf_batch_start, name="pdf_batch"),
    path("taken/<uuid:job_id>/", board_views.job_detail, name="job"),
    path("taken/<uuid:job_id>/download/", board_views.job_download, name="job_download"),
    path("taken/<uuid:job_id>/opnieuw/", board_views.job_retry, name="job_retry"),
]
