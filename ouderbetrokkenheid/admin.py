from django.contrib import admin

from ouderbetrokkenheid.models import (
    Agreement,
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
