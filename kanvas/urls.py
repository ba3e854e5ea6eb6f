from django.urls import path

from kanvas import views

app_name = "kanvas"

urlpatterns = [
    path("", views.index, name="index"),
]
