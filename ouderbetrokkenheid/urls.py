from django.urls import path

from ouderbetrokkenheid import views

app_name = "ouderbetrokkenheid"

urlpatterns = [
    path("", views.index, name="index"),
]
