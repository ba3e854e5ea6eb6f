from django.urls import path

from npo_planner.programma import paste_views, spending_views, views

app_name = "programma"

urlpatterns = [
    path("", views.index, name="index"),
    path("nieuw/", views.create, name="create"),
    path("<int:programme_id>/", views.detail, name="detail"),
    path("<int:programme_id>/bewerken/", views.edit, name="edit"),
    path("<int:programme_id>/onderdelen/nieuw/", views.item_edit, name="item_create"),
    path("<int:programme_id>/onderdelen/plakken/", paste_views.item_paste, name="item_paste"),
    path("<int:programme_id>/onderdelen/<int:item_id>/", views.item_edit, name="item_edit"),
    path("<int:programme_id>/onderdelen/<int:item_id>/verwijderen/", views.item_delete, name="item_delete"),
    path("<int:programme_id>/onderdelen/<int:item_id>/uitkomst/", views.item_outcome, name="item_outcome"),
    path("<int:programme_id>/besteding/", spending_views.spending, name="spending"),
    path("<int:programme_id>/besteding/inlezen/", spending_views.spending_import, name="spending_import"),
    path(
        "<int:programme_id>/besteding/<int:spending_id>/verwijderen/",
        spending_views.spending_delete,
        name="spending_delete",
    ),
    path("<int:programme_id>/indienen/", views.submit, name="submit"),
    path("<int:programme_id>/besluit/", views.decide, name="decide"),
    path("<int:programme_id>/voorbeeld/", views.preview, name="preview"),
    path("<int:programme_id>/pdf/", views.pdf, name="pdf"),
    path("<int:programme_id>/pdf/<int:export_id>/", views.export_download, name="export"),
    path("<int:programme_id>/versies/<int:submission_id>/", views.submission_detail, name="submission"),
]
