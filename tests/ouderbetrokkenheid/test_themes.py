"""A school's own remark themes: the model's rules, the services (add, rename, remove, tag), the tally and the
suggestion. The pages are in test_theme_views.py."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.db.models import RestrictedError

from npo_planner.scholen.models import AuditEntry
from npo_planner.scholen.school_removal import school_delete
from ouderbetrokkenheid.models import Response, SchoolTheme
from ouderbetrokkenheid.selectors import school_themes, theme_tally
from ouderbetrokkenheid.services import (
    remarks_tag,
    school_theme_create,
    school_theme_delete,
    school_theme_update,
)
from ouderbetrokkenheid.themes import (
    THEME_CHOICES,
    own_code,
    own_pk,
    parse_keywords,
    suggest_theme,
    theme_choices,
)
from tests.ouderbetrokkenheid.factories import sample_theme, survey_with_remarks

pytestmark = pytest.mark.django_db

DEFAULT_CODES = [code for code, _label in THEME_CHOICES if code != "overig"]


# --- pure helpers ----------------------------------------------------------------------------------------


def test_own_codes_are_read_strictly():
    assert own_code(12) == "eigen-12" and own_pk("eigen-12") == 12
    for code in (
        "eigen",
        "eigen-",
        "eigen-0",
        "eigen-01",
        "eigen-x",
        "eigen-١",
        "eigen-12 ",
        "schoolapp",
        "",
    ):
        assert own_pk(code) is None, code


def test_keywords_are_split_lowered_and_deduplicated():
    assert parse_keywords(" Verkeer, oversteken;PARKEREN\nverkeer,, ") == [
        "verkeer",
        "oversteken",
        "parkeren",
    ]
    assert parse_keywords("") == []


def test_own_themes_come_after_the_defaults_and_before_overig(cast):
    theme = sample_theme(cast)
    codes = [code for code, _label in theme_choices([theme])]
    assert codes == [*DEFAULT_CODES, theme.code, "overig"]
    assert [code for code, _label in theme_choices()] == [*DEFAULT_CODES, "overig"]


def test_suggestion_uses_the_schools_keywords(cast):
    theme = sample_theme(cast)
    assert suggest_theme("Het parkeren bij school is gevaarlijk", [theme]) == theme.code
    assert suggest_theme("Het parkeren bij school is gevaarlijk") == "overig"
    # a tie with a default theme goes to the school's own, the more specific
    assert suggest_theme("Het verkeer, zet het in de app", [theme]) == theme.code
    # more hits for a default theme still win
    assert suggest_theme("Verkeer: graag een bericht in de schoolapp", [theme]) == "schoolapp"
    assert suggest_theme("", [theme]) == ""


# --- model and services ----------------------------------------------------------------------------------


def test_directeur_adds_themes_in_order_with_tidy_label_and_keywords_and_an_audit_entry(cast):
    first = school_theme_create(
        user=cast.director,
        school=cast.school_a,
        label="  Verkeer   rond school ",
        keywords="Verkeer; Parkeren",
    )
    second = school_theme_create(user=cast.director, school=cast.school_a, label="Hoofdluis")
    assert (first.label, first.keywords, first.order) == ("Verkeer rond school", "verkeer, parkeren", 1)
    assert second.order == 2
    assert school_themes(school=cast.school_a) == [first, second]
    assert school_themes(school=cast.school_b) == []
    entry = AuditEntry.objects.get(action="ouderpeiling.eigen_thema", object_id=str(first.pk))
    assert (
        entry.school == cast.school_a
        and entry.user == cast.director
        and "Verkeer rond school" in entry.summary
    )


@pytest.mark.parametrize(
    ("label", "keywords", "message"),
    [
        ("", "", "Geef het thema een naam"),
        ("   ", "", "Geef het thema een naam"),
        ("x" * 61, "", "niet meer dan 60 tekens"),
        ("Overig", "", "al een standaardthema"),
        ("schoolapp en BERICHTEN", "", "al een standaardthema"),
        ("Verkeer", "verkeer, a", "ten minste 2 tekens: a"),
    ],
)
def test_bad_labels_and_keywords_are_refused(cast, label, keywords, message):
    with pytest.raises(ValidationError) as refused:
        school_theme_create(user=cast.director, school=cast.school_a, label=label, keywords=keywords)
    assert message in " ".join(refused.value.messages)
    assert not SchoolTheme.objects.exists()


def test_a_label_is_unique_per_school_whatever_its_case(cast):
    sample_theme(cast, label="Verkeersveiligheid")
    with pytest.raises(ValidationError) as refused:
        school_theme_create(user=cast.director, school=cast.school_a, label="verkeersveiligheid")
    assert "al een thema met deze naam" in " ".join(refused.value.messages)
    # another school may use the same name
    assert school_theme_create(user=cast.director_b, school=cast.school_b, label="Verkeersveiligheid")
    # and the database holds the line too
    with pytest.raises(IntegrityError), transaction.atomic():
        SchoolTheme.objects.create(school=cast.school_a, label="VERKEERSVEILIGHEID")


def test_renaming_keeps_the_remarks_tagged(cast):
    survey = survey_with_remarks(cast)
    theme = sample_theme(cast)
    remark = survey.responses.get(remark__startswith="Het parkeren")
    remarks_tag(user=cast.director, survey=survey, themes={remark.pk: theme.code})
    renamed = school_theme_update(
        user=cast.director,
        theme=theme,
        version=theme.version,
        label="Veilig naar school",
        keywords="",
        order=3,
    )
    assert (renamed.label, renamed.keywords, renamed.order, renamed.version) == (
        "Veilig naar school",
        "",
        3,
        2,
    )
    remark.refresh_from_db()
    assert remark.own_theme == theme and remark.theme_code == theme.code
    tally = {row["theme"]: row for row in theme_tally(survey=survey)}
    assert tally[theme.code]["label"] == "Veilig naar school" and tally[theme.code]["ouder"] == 1
    entry = AuditEntry.objects.get(action="ouderpeiling.eigen_thema_wijzigen")
    assert entry.data == {"old_label": "Verkeersveiligheid", "label": "Veilig naar school"}


def test_rename_to_a_taken_label_is_refused(cast):
    sample_theme(cast, label="Hoofdluis")
    theme = sample_theme(cast)
    with pytest.raises(ValidationError):
        school_theme_update(
            user=cast.director, theme=theme, version=theme.version, label="HOOFDLUIS", keywords="", order=1
        )
    theme.refresh_from_db()
    assert theme.label == "Verkeersveiligheid" and theme.version == 1


def test_a_stale_version_is_refused_for_rename_and_removal(cast):
    theme = sample_theme(cast)
    school_theme_update(user=cast.ib, theme=theme, version=1, label="Verkeer", keywords="", order=1)
    with pytest.raises(ValidationError) as refused:
        school_theme_update(
            user=cast.director, theme=theme, version=1, label="Parkeren", keywords="", order=1
        )
    assert "Iemand anders heeft dit intussen gewijzigd" in refused.value.messages[0]
    with pytest.raises(ValidationError):
        school_theme_delete(user=cast.director, theme=theme, version=1)
    theme.refresh_from_db()
    assert theme.label == "Verkeer"


def test_removing_a_used_theme_moves_its_remarks_to_overig(cast):
    survey = survey_with_remarks(cast)
    theme = sample_theme(cast)
    remarks_tag(user=cast.director, survey=survey, themes={r.pk: theme.code for r in survey.responses.all()})
    assert school_theme_delete(user=cast.director, theme=theme, version=theme.version) == 2
    assert not SchoolTheme.objects.exists()
    assert set(survey.responses.values_list("theme", "own_theme")) == {("overig", None)}
    entry = AuditEntry.objects.get(action="ouderpeiling.eigen_thema_verwijderen")
    assert entry.data == {"label": "Verkeersveiligheid", "moved_to_other": 2}
    assert entry.school == cast.school_a


def test_a_used_theme_cannot_be_deleted_behind_the_service(cast, tmp_path):
    survey = survey_with_remarks(cast)
    theme = sample_theme(cast)
    remarks_tag(user=cast.director, survey=survey, themes={r.pk: theme.code for r in survey.responses.all()})
    with pytest.raises(RestrictedError):
        theme.delete()
    # deleting the whole survey, or the whole school, takes the remarks and themes along
    school_delete(school=cast.school_a, backup_path=str(tmp_path / "school.json"))
    assert not SchoolTheme.objects.exists() and not Response.objects.exists()


def test_the_database_keeps_marker_and_own_theme_together(cast):
    survey = survey_with_remarks(cast)
    theme = sample_theme(cast)
    remark = survey.responses.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Response.objects.filter(pk=remark.pk).update(own_theme=theme, theme="")
    with pytest.raises(IntegrityError), transaction.atomic():
        Response.objects.filter(pk=remark.pk).update(theme="eigen")


# --- tagging ---------------------------------------------------------------------------------------------


def test_remarks_are_tagged_with_an_own_theme_and_back_to_a_default(cast):
    survey = survey_with_remarks(cast)
    theme = sample_theme(cast)
    remark = survey.responses.get(remark__startswith="Het parkeren")
    assert remarks_tag(user=cast.teacher, survey=survey, themes={remark.pk: theme.code}) == (1, 0)
    remark.refresh_from_db()
    assert (remark.theme, remark.own_theme_id) == ("eigen", theme.pk)
    # the same theme again changes nothing; a default theme clears the own theme
    assert remarks_tag(user=cast.teacher, survey=survey, themes={remark.pk: theme.code}) == (0, 0)
    remarks_tag(user=cast.teacher, survey=survey, themes={remark.pk: "informatie"})
    remark.refresh_from_db()
    assert (remark.theme, remark.own_theme_id) == ("informatie", None)


def test_another_schools_theme_or_an_unknown_code_is_refused_and_nothing_changes(cast):
    survey = survey_with_remarks(cast)
    sample_theme(cast)
    theme_b = sample_theme(cast, school=cast.school_b, label="Verkeer B")
    first, second = survey.responses.order_by("id")
    for code in (theme_b.code, "eigen", "eigen-999999", "eigen-x", "onzin"):
        with pytest.raises(ValidationError) as refused:
            remarks_tag(user=cast.director, survey=survey, themes={first.pk: "schoolapp", second.pk: code})
        assert "Onbekend thema" in refused.value.messages[0], code
    assert set(survey.responses.values_list("theme", "own_theme")) == {("", None)}
    assert not AuditEntry.objects.filter(action="ouderpeiling.thema").exists()


def test_a_remark_tagged_meanwhile_with_an_own_theme_is_not_overwritten(cast):
    survey = survey_with_remarks(cast, remarks=("Het verkeer",))
    theme = sample_theme(cast)
    remark = survey.responses.get()
    remarks_tag(user=cast.ib, survey=survey, themes={remark.pk: theme.code})
    changed, conflicts = remarks_tag(
        user=cast.director, survey=survey, themes={remark.pk: "overig"}, seen={remark.pk: ""}
    )
    assert (changed, conflicts) == (0, 1)
    # who saw the own theme may change it
    assert remarks_tag(
        user=cast.director, survey=survey, themes={remark.pk: "overig"}, seen={remark.pk: theme.code}
    ) == (1, 0)


# --- tally -----------------------------------------------------------------------------------------------


def test_tally_counts_own_themes_after_the_defaults_and_before_overig(cast):
    survey = survey_with_remarks(cast, remarks=("a", "b", "c", "d", "e"))
    own = sample_theme(cast)
    later = sample_theme(cast, label="Hoofdluis")
    a, b, c, d, _e = survey.responses.order_by("id")
    remarks_tag(
        user=cast.director,
        survey=survey,
        themes={a.pk: "overig", b.pk: later.code, c.pk: own.code, d.pk: "schoolapp"},
    )
    tally = theme_tally(survey=survey)
    assert [(row["theme"], row["label"], row["ouder"]) for row in tally] == [
        ("schoolapp", "Schoolapp en berichten", 1),
        (own.code, "Verkeersveiligheid", 1),
        (later.code, "Hoofdluis", 1),
        ("overig", "Overig", 1),
        ("", None, 1),
    ]


def test_tally_never_shows_another_schools_theme(cast):
    """Even if a remark pointed at another school's theme (it cannot through the services), school A's tally does
    not show that school's label."""
    survey = survey_with_remarks(cast, remarks=("a",))
    theme_b = sample_theme(cast, school=cast.school_b, label="Geheim thema van B")
    Response.objects.filter(survey=survey).update(theme="eigen", own_theme=theme_b)
    tally = theme_tally(survey=survey)
    assert all(row["label"] != "Geheim thema van B" for row in tally)
    assert theme_tally(survey=survey, own_themes=[theme_b]) == theme_tally(survey=survey)


# --- backup ----------------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_school_backup_carries_its_own_themes_and_the_remarks_tagged_with_them(tmp_path, cast):
    survey = survey_with_remarks(cast)
    theme = sample_theme(cast)
    remarks_tag(user=cast.director, survey=survey, themes={r.pk: theme.code for r in survey.responses.all()})
    path = str(tmp_path / "school.json")
    call_command("delete_school", output=path, school=cast.school_a.brin)  # writes the backup first
    assert not SchoolTheme.objects.exists()
    call_command("restore_data", path)
    restored = SchoolTheme.objects.get(school__brin=cast.school_a.brin)
    assert restored.label == "Verkeersveiligheid"  # with a new id: a school restores by natural keys
    assert Response.objects.filter(own_theme=restored, theme="eigen").count() == 2
