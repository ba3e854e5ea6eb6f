from django.urls import path

from schoolscan import views

app_name = "schoolscan"

urlpatterns = [
    path("", views.index, name="index"),
]
