import pytest

from npo_planner.scholen.demo import load_core
from ouderbetrokkenheid import demo
from ouderbetrokkenheid.models import Agreement, Survey, SurveyImport
from ouderbetrokkenheid.selectors import survey_results

pytestmark = pytest.mark.django_db


def test_saved_demo_file_is_the_one_the_generator_builds():
    assert demo.DEMO_FILE.read_bytes().decode("utf-8") == demo.build_demo_csv()


def test_demo_file_has_60_parents_and_20_team_in_contract_format():
    rows = demo.demo_rows()
    assert [r["respondent"] for r in rows].count("ouder") == 60
    assert [r["respondent"] for r in rows].count("team") == 20
    assert all(r["s8"] == "" and r["s9"] == "" for r in rows if r["respondent"] == "team")


def test_demo_loads_through_the_importer_once_and_resembles_seed_003():
    ctx = load_core()
    demo.load(ctx)
    demo.load(ctx)  # idempotent
    survey = Survey.objects.get(school__brin="12AB", school_year__label="2021-2022")
    assert survey.status == "gesloten"
    assert SurveyImport.objects.filter(survey=survey).count() == 1
    assert Agreement.objects.filter(school=ctx.school_a).count() == 2
    results = survey_results(survey=survey)
    assert results["n"] == {"ouder": 60, "team": 20}
    s1 = results["statements"][0]
    # seed 003: statement 1 – parents 24% agree fully, 41% a bit; team 25% and 45%
    assert s1["ouder"]["pct"][4] == pytest.approx(24, abs=1.5)
    assert s1["team"]["pct"][3] == pytest.approx(45, abs=4)
    options = {o["number"]: o for o in results["options"]}
    # seed 003: photos via the school app ranks first for parents, the walk-in hour last
    assert options[8]["ouder"]["rank"] == 1
    assert options[4]["ouder"]["rank"] == max(o["ouder"]["rank"] for o in options.values())
    assert survey.responses.exclude(remark="").exclude(theme="").exists()


def test_demo_has_an_own_theme_for_the_remarks_no_default_theme_fits():
    from ouderbetrokkenheid.models import SchoolTheme

    ctx = load_core()
    demo.load(ctx)
    demo.load(ctx)  # idempotent
    theme = SchoolTheme.objects.get(school=ctx.school_a)
    assert theme.label == "Gesprek zonder kind"
    tagged = Survey.objects.get(school=ctx.school_a).responses.filter(own_theme=theme)
    assert [r.remark for r in tagged] == [
        "Ouder-leerkrachtgesprek zonder kind erbij is soms waardevoller."
    ] * 2
