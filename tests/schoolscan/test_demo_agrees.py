"""The demo agrees with itself (issue 14, item 7): every KanVAS figure named in the demo's texts is the figure the
selectors give; the scan names no measurement made after it; the programme refers only to parent surveys and
statements that exist; a claim that groups have KanVAS (with the teacher questionnaire) holds for every one of
them; the dates follow the cycle (scan in spring, programme consented before it starts in August)."""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from kanvas import selectors as kanvas_selectors
from kanvas.models import Response
from npo_planner.programma.models import ItemOutcome, Programme, Submission
from npo_planner.scholen.models import Group, School, SchoolYear
from ouderbetrokkenheid.models import Survey, TemplateStatement
from schoolscan.kanvas_adapter import moment_start
from schoolscan.models import Scan
from schoolscan.sections import SECTIONS, values_of

FIGURE = re.compile(r"\b([1-8][a-z])\b[^.;]*?\bvan (\d+(?:,\d+)?) ?% naar (\d+(?:,\d+)?) ?%")
CHANGE = re.compile(
    r"\b(steeg|daalde) in (?:groep )?([1-8][a-z](?:,? (?:en )?[1-8][a-z])*) met (?:meer dan |minstens )?(\d+) "
    r"procentpunt"
)
SURVEY_REFERENCE = re.compile(
    r"\b(?:ouder)?peiling (?:in het |van )?(?:(voorjaar|najaar) (?:van )?)?(20\d\d)", re.IGNORECASE
)
QUOTED = re.compile(r"'([^']{15,})'")
GRADE_RANGE = re.compile(r"groep (\d) tot en met (\d)")


@pytest.fixture
def demo(db):
    call_command("demo", stdout=io.StringIO())
    school = School.objects.get(brin="12AB")
    return {
        "school": school,
        "scan": Scan.objects.get(school=school, school_year__label="2021-2022"),
        "programme": Programme.objects.get(school=school, first_year__label="2021-2022"),
    }


def _scan_texts(scan) -> list[str]:
    texts = []
    for spec in SECTIONS:
        texts += [str(v) for v in values_of(scan, spec).values() if isinstance(v, str)]
        if spec.row_model:
            for row in getattr(scan, spec.row_related).all():
                texts += [str(getattr(row, name)) for name in spec.row_fields]
    return texts


def _programme_texts(programme) -> list[str]:
    texts = [programme.summary, programme.parents_and_team]
    for item in programme.items.all():
        texts += [item.goal, item.evaluation_method, item.evaluation_moment]
    texts += list(ItemOutcome.objects.filter(item__programme=programme).values_list("findings", flat=True))
    return texts


def _number(text: str) -> float:
    return float(text.replace(",", "."))


def test_every_kanvas_figure_in_the_demo_texts_is_the_selectors_figure(demo):
    moments = kanvas_selectors.all_moments(school=demo["school"])
    rows = kanvas_selectors.klassenzorgscore_per_group(
        school=demo["school"], moment=moments[-1], compare=moments[-2]
    )
    by_group = {row["group"]: row for row in rows}
    claims = [
        match.groups()
        for text in _scan_texts(demo["scan"]) + _programme_texts(demo["programme"])
        for match in FIGURE.finditer(text)
    ]
    assert claims, "the demo names at least one KanVAS change (the mid-term evaluation of the Kanjertraining)"
    for group, before, after in claims:
        row = by_group[group]
        assert (row["previous"], row["score"]) == (_number(before), _number(after)), group
    changes = [
        match.groups()
        for text in _scan_texts(demo["scan"]) + _programme_texts(demo["programme"])
        for match in CHANGE.finditer(text)
    ]
    for direction, groups, points in changes:
        for group in re.findall(r"[1-8][a-z]", groups):
            change = by_group[group]["change"]
            assert change is not None and (change if direction == "steeg" else -change) > int(points), group


def test_the_scan_names_no_kanvas_measurement_made_after_it(demo):
    scan = demo["scan"]
    made_on = timezone.localdate(scan.established_at)
    moments = kanvas_selectors.all_moments(school=demo["school"])
    assert all(moment_start(label) > made_on for label in moments)  # the first measurement came later
    assert (scan.kanvas_moment, scan.kanvas_compare) == ("", "")
    wellbeing = " ".join(str(v) for v in values_of(scan, SECTIONS[2]).values())
    assert not re.search(r"\d ?%|procentpunt", wellbeing)


def test_the_programme_refers_only_to_surveys_and_statements_that_exist(demo):
    school, programme = demo["school"], demo["programme"]
    surveys = list(Survey.objects.filter(school=school).values_list("title", "template_id"))
    last_evaluation = max(
        ItemOutcome.objects.filter(item__programme=programme).values_list("evaluated_on", flat=True)
    )
    texts = _programme_texts(programme)
    referenced = [m.groups() for text in texts for m in SURVEY_REFERENCE.finditer(text)]
    assert referenced
    for season, year in referenced:
        if int(year) > last_evaluation.year:
            continue  # a survey still to come is a plan
        assert any(year in title and (season or "") in title.lower() for title, _t in surveys), (season, year)
    statements = {
        text.strip().rstrip(".").lower()
        for text in TemplateStatement.objects.filter(
            template_id__in=[template for _title, template in surveys]
        ).values_list("parent_text", flat=True)
    }
    quoted = [m.group(1).strip().rstrip(".").lower() for text in texts for m in QUOTED.finditer(text)]
    assert quoted
    assert [q for q in quoted if q not in statements] == []


def test_groups_said_to_have_kanvas_have_it_with_the_teacher_questionnaire(demo):
    school = demo["school"]
    texts = _scan_texts(demo["scan"]) + _programme_texts(demo["programme"])
    ranges = {(int(a), int(b)) for text in texts if "KanVAS" in text for a, b in GRADE_RANGE.findall(text)}
    assert ranges == {(5, 8)}
    year = SchoolYear.objects.get(label="2021-2022")
    with_teacher_list = set(
        Response.objects.filter(
            participation__moment__school=school, questionnaire__code="docent"
        ).values_list("participation__group__name", flat=True)
    )
    for low, high in ranges:
        groups = set(
            Group.objects.filter(school=school, school_year=year, grade__range=(low, high)).values_list(
                "name", flat=True
            )
        )
        assert groups and groups <= with_teacher_list


def test_the_dates_follow_the_cycle(demo):
    scan, programme = demo["scan"], demo["programme"]
    start = programme.first_year.start
    made_on = timezone.localdate(scan.established_at)
    assert scan.school_year == programme.first_year
    assert datetime.date(start.year, 4, 1) <= made_on <= datetime.date(start.year, 6, 30)  # spring
    assert start == datetime.date(start.year, 8, 1)
    submission = Submission.objects.filter(programme=programme).earliest("number")
    assert made_on <= timezone.localdate(submission.submitted_at) < start
    decisions = [
        day
        for mr, gmr in Submission.objects.filter(programme=programme).values_list(
            "decided_on", "gmr_decided_on"
        )
        for day in (mr, gmr)
        if day is not None
    ]
    assert len(decisions) == 2 and all(made_on <= day < start for day in decisions)  # MR and GMR
    assert all(item.starts_on >= start for item in programme.items.all())
