"""CONTRACT §1: a replace replaces only what the file covers. For answers the (moment, questionnaire, group)
combinations in the file, for a sociogram the (moment, group) combinations; other groups keep their data, and the
preview (and the command) say in numbers what will be removed and from which groups."""

from io import StringIO

from django.core.management import call_command

from kanvas.models import ImportRecord, Nomination, Participation, Response
from kanvas.services import import_preview
from tests.kanvas.helpers import (
    ANSWER_HEADER,
    SOCIOGRAM_HEADER,
    csv_bytes,
    group_rows,
    import_answers,
    import_sociogram,
    pupil_rows,
)

M1, M2 = "2021-najaar", "2022-voorjaar"


def responses_per_group(moment=M1, questionnaire="leerling") -> dict[str, int]:
    found: dict[str, int] = {}
    for name in Response.objects.filter(
        participation__moment__label=moment, questionnaire__code=questionnaire
    ).values_list("participation__group__name", flat=True):
        found[name] = found.get(name, 0) + 1
    return found


def three_groups(school):
    import_answers(school, group_rows("5a", M1, 5) + group_rows("6a", M1, 6) + group_rows("7a", M1, 7))


def test_a_file_with_one_group_replaces_only_that_group(cast):
    three_groups(cast.school_a)
    record = import_answers(cast.school_a, group_rows("7a", M1, 6, signals=6), replace=True)
    assert responses_per_group() == {"5a": 5, "6a": 6, "7a": 6}
    assert record.replaced
    assert record.summary["replaced"] == [
        "7a leerling-vragenlijst 2021-najaar: 7 ingevulde vragenlijsten worden vervangen door 6"
    ]
    assert record.summary["kept"] == [
        "5a leerling-vragenlijst 2021-najaar: 5 ingevulde vragenlijsten blijven staan",
        "6a leerling-vragenlijst 2021-najaar: 6 ingevulde vragenlijsten blijven staan",
    ]


def test_the_preview_counts_what_will_be_removed_and_writes_nothing(cast):
    three_groups(cast.school_a)
    plan = import_preview(
        school=cast.school_a,
        kind="antwoorden",
        data=csv_bytes(ANSWER_HEADER, group_rows("6a", M1, 4) + group_rows("7a", M1, 8)),
        filename="a.csv",
        replace=True,
    )
    assert plan.summary()["replaced"] == [
        "6a leerling-vragenlijst 2021-najaar: 6 ingevulde vragenlijsten worden vervangen door 4",
        "7a leerling-vragenlijst 2021-najaar: 7 ingevulde vragenlijsten worden vervangen door 8",
    ]
    assert responses_per_group() == {"5a": 5, "6a": 6, "7a": 7}


def test_other_questionnaires_and_moments_of_the_group_stay(cast):
    import_answers(
        cast.school_a,
        pupil_rows("K1", "5a", M1)
        + pupil_rows("K1", "5a", M1, questionnaire="docent", prefix="D")
        + pupil_rows("K1", "5a", M2),
    )
    import_answers(cast.school_a, pupil_rows("K1", "5a", M1, {"OS": 4}), replace=True)
    assert responses_per_group(M1, "docent") == {"5a": 1}
    assert responses_per_group(M2) == {"5a": 1}
    assert responses_per_group(M1) == {"5a": 1}


def test_a_pupil_moved_to_another_group_takes_the_new_answers_with_her(cast):
    import_answers(cast.school_a, group_rows("5a", M1, 5) + pupil_rows("MOVER", "5b", M1))
    plan = import_preview(
        school=cast.school_a,
        kind="antwoorden",
        data=csv_bytes(ANSWER_HEADER, group_rows("5a", M1, 5) + pupil_rows("MOVER", "5a", M1)),
        filename="a.csv",
        replace=True,
    )
    assert plan.summary()["replaced"] == [
        "5a leerling-vragenlijst 2021-najaar: 5 ingevulde vragenlijsten worden vervangen door 6",
        "5b leerling-vragenlijst 2021-najaar: 1 ingevulde vragenlijst wordt verwijderd "
        "(de leerling staat in het bestand in een andere groep)",
    ]
    import_answers(
        cast.school_a, group_rows("5a", M1, 5) + pupil_rows("MOVER", "5a", M1, {"OS": 4}), replace=True
    )
    assert responses_per_group() == {"5a": 6}
    assert Participation.objects.get(pupil__code="MOVER").group.name == "5a"


def test_a_new_group_with_replace_removes_nothing(cast):
    import_answers(cast.school_a, group_rows("5a", M1, 5))
    record = import_answers(cast.school_a, group_rows("6a", M1, 6), replace=True)
    assert responses_per_group() == {"5a": 5, "6a": 6}
    assert record.summary["replaced"] == []
    assert not record.replaced


def test_the_command_prints_what_it_replaced(cast, tmp_path):
    three_groups(cast.school_a)
    path = tmp_path / "7a.csv"
    path.write_bytes(csv_bytes(ANSWER_HEADER, group_rows("7a", M1, 6)))
    out = StringIO()
    call_command("import_kanvas", "--replace", str(path), school=cast.school_a.brin, stdout=out)
    text = out.getvalue()
    assert (
        "Vervangen: 7a leerling-vragenlijst 2021-najaar: 7 ingevulde vragenlijsten worden vervangen door 6"
        in text
    )
    assert "Blijft: 5a leerling-vragenlijst 2021-najaar: 5 ingevulde vragenlijsten blijven staan" in text
    assert responses_per_group() == {"5a": 5, "6a": 6, "7a": 6}


# --- sociogram ---------------------------------------------------------------------------------------------


def ring(group, n, moment=M1):
    codes = [f"S{group}{i}" for i in range(n)]
    return [f"{c};{group};{moment};positief;{codes[(i + 1) % n]}" for i, c in enumerate(codes)]


def nominations_per_group() -> dict[str, int]:
    found: dict[str, int] = {}
    for name in Nomination.objects.values_list("chooser__group__name", flat=True):
        found[name] = found.get(name, 0) + 1
    return found


def test_a_sociogram_replace_replaces_only_the_groups_in_the_file(cast, tmp_path):
    import_sociogram(cast.school_a, ring("5a", 5) + ring("6a", 6))
    path = tmp_path / "s.csv"
    path.write_bytes(csv_bytes(SOCIOGRAM_HEADER, ring("6a", 4)))
    out = StringIO()
    call_command("import_sociogram", "--replace", str(path), school=cast.school_a.brin, stdout=out)
    assert nominations_per_group() == {"5a": 5, "6a": 4}
    assert "Vervangen: sociogram 6a 2021-najaar: 6 keuzes worden vervangen door 4" in out.getvalue()
    assert "Blijft: sociogram 5a 2021-najaar: 5 keuzes blijven staan" in out.getvalue()
    assert ImportRecord.objects.filter(kind="sociogram", replaced=True).count() == 1
