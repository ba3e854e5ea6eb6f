from django.contrib import admin

from npo_planner.scholen.guarded_admin import GuardedModelAdmin, GuardedTabularInline, ViewOnly
from ouderbetrokkenheid.models import (
    Agreement,
    SchoolTheme,
    Survey,
    SurveyImport,
    SurveyTemplate,
    TemplateOption,
    TemplateStatement,
)


class StatementInline(GuardedTabularInline):
    model = TemplateStatement
    extra = 0


class OptionInline(GuardedTabularInline):
    model = TemplateOption
    extra = 0


@admin.register(SurveyTemplate)
class SurveyTemplateAdmin(GuardedModelAdmin):
    list_display = ["name", "school", "code"]
    inlines = [StatementInline, OptionInline]


@admin.register(Survey)
class SurveyAdmin(ViewOnly, GuardedModelAdmin):
    """Surveys, their imports, agreements and own themes change on the school's pages (closed surveys, versions)."""

    list_display = ["title", "school", "school_year", "status"]
    list_filter = ["status", "school_year"]
    exclude = ["token", "team_token"]


@admin.register(SurveyImport)
class SurveyImportAdmin(ViewOnly, GuardedModelAdmin):
    list_display = ["filename", "survey", "username", "rows", "at"]


@admin.register(Agreement)
class AgreementAdmin(ViewOnly, GuardedModelAdmin):
    list_display = ["what", "school", "school_year", "frequency", "starts_on"]


@admin.register(SchoolTheme)
class SchoolThemeAdmin(ViewOnly, GuardedModelAdmin):
    """Schools manage their own themes on the remarks page; a theme still used by remarks cannot be deleted here
    (Response.own_theme is RESTRICT): the school's page moves those remarks to 'Overig' first."""

    list_display = ["label", "school", "order"]
    list_filter = ["school"]
