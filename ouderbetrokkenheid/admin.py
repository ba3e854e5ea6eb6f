from django.contrib import admin

from ouderbetrokkenheid.models import (
    Agreement,
    SchoolTheme,
    Survey,
    SurveyImport,
    SurveyTemplate,
    TemplateOption,
    TemplateStatement,
)


class StatementInline(admin.TabularInline):
    model = TemplateStatement
    extra = 0


class OptionInline(admin.TabularInline):
    model = TemplateOption
    extra = 0


@admin.register(SurveyTemplate)
class SurveyTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "school", "code"]
    inlines = [StatementInline, OptionInline]


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ["title", "school", "school_year", "status"]
    list_filter = ["status", "school_year"]
    exclude = ["token"]


@admin.register(SurveyImport)
class SurveyImportAdmin(admin.ModelAdmin):
    list_display = ["filename", "survey", "username", "rows", "at"]


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ["what", "school", "school_year", "frequency", "starts_on"]


@admin.register(SchoolTheme)
class SchoolThemeAdmin(admin.ModelAdmin):
    """Schools manage their own themes on the remarks page; a theme still used by remarks cannot be deleted here
    (Response.own_theme is RESTRICT): the school's page moves those remarks to 'Overig' first."""

    list_display = ["label", "school", "order"]
    list_filter = ["school"]
