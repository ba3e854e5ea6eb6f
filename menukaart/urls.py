from django.urls import path

from menukaart import views

app_name = "menukaart"

urlpatterns = [
    path("", views.index, name="index"),
    path("vergelijken/", views.compare, name="compare"),
    path("keuzehulp/", views.choose, name="keuzehulp"),
    path("eigen/nieuw/", views.own_create, name="own_create"),
    path("<int:intervention_id>/", views.detail, name="detail"),
    path("<int:intervention_id>/overwegen/", views.consider, name="consider"),
    path("eigen/<int:own_id>/wijzigen/", views.own_edit, name="own_edit"),
    path("eigen/<int:own_id>/verwijderen/", views.own_delete, name="own_delete"),
]
