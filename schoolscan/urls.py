from django.urls import path

from schoolscan import views

app_name = "schoolscan"

urlpatterns = [
    path("", views.index, name="index"),
    path("aanmaken/", views.create, name="create"),
    path("vaststellen/", views.establish, name="establish"),
    path("kanvas-meetmomenten/", views.moments, name="moments"),
    path("nieuwe-versie/", views.new_version, name="new_version"),
    path("afdrukken/", views.print_view, name="print"),
    path("pdf/", views.pdf, name="pdf"),
    path("onderdeel/<slug:section>/", views.section, name="section"),
]
