"""Migration 0003 adds a school's own remark themes: existing remarks keep their default-theme codes, a stray
'eigen' (now the marker of an own theme) becomes 'overig', and the migration can be reversed."""

import pytest

from tests.migrations import historical_school, latest, migrate

BEFORE = [("ouderbetrokkenheid", "0002_default_template")]
AFTER = [("ouderbetrokkenheid", "0003_school_themes")]


@pytest.mark.django_db(transaction=True)
def test_existing_themes_survive_the_migration_both_ways():
    newest = latest()
    try:
        apps = migrate(BEFORE)
        model = apps.get_model
        school, year = historical_school(apps)
        # its own template: a flush by an earlier transactional test may have emptied the default one
        template = model("ouderbetrokkenheid", "SurveyTemplate").objects.create(name="Migratietest")
        survey = model("ouderbetrokkenheid", "Survey").objects.create(
            school=school, school_year=year, template=template, title="Peiling", token="t-migratie"
        )
        Response = model("ouderbetrokkenheid", "Response")
        for theme in ("schoolapp", "overig", "", "eigen"):
            Response.objects.create(
                survey=survey, respondent="ouder", remark="r", theme=theme, source="papier"
            )

        apps = migrate(AFTER)
        rows = apps.get_model("ouderbetrokkenheid", "Response").objects.order_by("id")
        assert list(rows.values_list("theme", "own_theme")) == [
            ("schoolapp", None),
            ("overig", None),
            ("", None),
            ("overig", None),
        ]

        apps = migrate(BEFORE)
        rows = apps.get_model("ouderbetrokkenheid", "Response").objects.order_by("id")
        assert list(rows.values_list("theme", flat=True)) == ["schoolapp", "overig", "", "overig"]
    finally:
        migrate(newest)
