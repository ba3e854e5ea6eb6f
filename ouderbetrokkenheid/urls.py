from django.urls import path

from ouderbetrokkenheid.views import agreements, entry, results, surveys, templates, themes

app_name = "ouderbetrokkenheid"

urlpatterns = [
    path("", surveys.index, name="index"),
    path("peilingen/nieuw/", surveys.survey_new, name="survey_new"),
    path("peilingen/<int:survey_id>/", surveys.survey_detail, name="survey"),
    path("peilingen/<int:survey_id>/bewerken/", surveys.survey_edit, name="survey_edit"),
    path("peilingen/<int:survey_id>/verwijderen/", surveys.survey_remove, name="survey_delete"),
    path("peilingen/<int:survey_id>/importeren/", surveys.survey_import, name="survey_import"),
    path(
        "peilingen/<int:survey_id>/importeren/koppelen/", surveys.survey_import_map, name="survey_import_map"
    ),
    path(
        "peilingen/<int:survey_id>/importeren/controle/",
        surveys.survey_import_preview,
        name="survey_import_preview",
    ),
    path(
        "peilingen/<int:survey_id>/importeren/taak/<uuid:survey_job_id>/",
        surveys.survey_import_job,
        name="survey_import_job",
    ),
    path(
        "peilingen/<int:survey_id>/importeren/taak/<uuid:survey_job_id>/opnieuw/",
        surveys.survey_import_job_retry,
        name="survey_import_job_retry",
    ),
    path("peilingen/<int:survey_id>/invoeren/", entry.response_entry, name="entry"),
    path("peilingen/<int:survey_id>/formulieren/", entry.response_list, name="responses"),
    # a response's random public code, never its sequential id (issue 12.7)
    path("formulieren/<slug:response_id>/", entry.response_edit, name="response_edit"),
    path("formulieren/<slug:response_id>/verwijderen/", entry.response_remove, name="response_delete"),
    path("peilingen/<int:survey_id>/resultaten/", results.results, name="results"),
    path("peilingen/<int:survey_id>/resultaten.csv", results.results_csv, name="results_csv"),
    path("peilingen/<int:survey_id>/opmerkingen/", results.remarks, name="remarks"),
    path("themas/", themes.theme_list, name="remark_themes"),
    path("themas/<int:theme_id>/", themes.theme_edit, name="remark_theme_edit"),
    path("themas/<int:theme_id>/verwijderen/", themes.theme_remove, name="remark_theme_delete"),
    path("sjablonen/", templates.template_list, name="templates"),
    path("sjablonen/<int:template_id>/", templates.template_detail, name="template"),
    path("sjablonen/<int:template_id>/kopie/", templates.template_copy_view, name="template_copy"),
    path("sjablonen/<int:template_id>/bewerken/", templates.template_edit, name="template_edit"),
    path("afspraken/", agreements.agreement_list, name="agreements"),
    path("afspraken/nieuw/", agreements.agreement_new, name="agreement_new"),
    path("afspraken/<int:agreement_id>/", agreements.agreement_edit, name="agreement_edit"),
    path("afspraken/<int:agreement_id>/verwijderen/", agreements.agreement_remove, name="agreement_delete"),
]
