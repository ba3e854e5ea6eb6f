from django.urls import path

from menukaart import views

app_name = "menukaart"

urlpatterns = [
    path("", views.index, name="index"),
]
