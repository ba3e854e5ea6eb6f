"""Reading a roster (groepsindeling) from an administration export: the accepted header spellings, personal columns
ignored and never stored, errors with row and column, all or nothing, departure dates for the pupils missing."""

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from npo_planner.lib.import_errors import ImportErrors
from npo_planner.scholen.models import AuditEntry, Enrollment, Group, PendingRoster, Pupil
from npo_planner.scholen.roster_import import departure_date, read_roster, roster_plan
from npo_planner.scholen.roster_services import roster_confirm, roster_import, roster_preview, roster_store
from tests.factories import SchoolYearFactory

pytestmark = pytest.mark.django_db

PARNASSYS = (
    "Leerlingnummer;Roepnaam;Tussenvoegsel;Achternaam;Geboortedatum;Groep;Jaargroep;E-mailadres ouder;Adres\n"
    "A5001;Sanne;de;Vries;2012-03-04;5a;5;ouder@example.org;Dorpsstraat 1\n"
    "N0001;Daan;;Jansen;2011-02-01;5/6;6;jansen@example.org;Kerkweg 2\n"
    "N0002;Emma;;Bakker;2012-05-06;5/6;5;bakker@example.org;Kerkweg 3\n"
)


def _csv(text: str) -> bytes:
    return text.encode("utf-8")


def test_a_parnassys_export_is_read_with_its_own_header_spellings():
    roster = read_roster(data=_csv(PARNASSYS), filename="export.csv")
    assert [(r.code, r.group, r.grade, r.first_name) for r in roster.rows] == [
        ("A5001", "5a", 5, "Sanne"),
        ("N0001", "5/6", 6, "Daan"),
        ("N0002", "5/6", 5, "Emma"),
    ]
    assert roster.personal_columns == [
        "tussenvoegsel",
        "achternaam",
        "geboortedatum",
        "e-mailadres ouder",
        "adres",
    ]
    assert roster.other_columns == []


def test_the_personal_columns_are_nowhere_in_the_database(cast):
    pending = roster_store(
        school=cast.school_a,
        user=cast.director,
        school_year=cast.year,
        filename="export.csv",
        data=_csv(PARNASSYS),
    )
    stored = json.dumps([pending.rows, pending.personal_columns, pending.other_columns, pending.warnings])
    for value in ("Vries", "Jansen", "2012-03-04", "ouder@example.org", "Dorpsstraat"):
        assert value not in stored
    roster_confirm(pending=pending, user=cast.director, digest=roster_preview(pending=pending).digest())
    everything = json.dumps(
        [
            list(Pupil.objects.values()),
            list(AuditEntry.objects.values_list("summary", "data")),
            list(Group.objects.values_list("name", flat=True)),
        ],
        default=str,
    )
    for value in ("Vries", "Jansen", "2012-03-04", "ouder@example.org", "Dorpsstraat"):
        assert value not in everything
    assert not PendingRoster.objects.exists()


def test_confirm_writes_groups_pupils_grades_and_departures(cast):
    pending = roster_store(
        school=cast.school_a,
        user=cast.director,
        school_year=cast.year,
        filename="export.csv",
        data=_csv(PARNASSYS),
    )
    plan = roster_preview(pending=pending)
    assert plan.new_groups == ["5/6"]
    assert plan.new_pupils == ["N0001", "N0002"]
    assert plan.leaving == ["A6001"]  # in the school (6a), not in the roster
    roster_confirm(pending=pending, user=cast.director, digest=roster_preview(pending=pending).digest())
    combination = Group.objects.get(school=cast.school_a, school_year=cast.year, name="5/6")
    assert combination.grade == 5
    assert dict(combination.enrollments.values_list("pupil__code", "grade")) == {"N0001": 6, "N0002": 5}
    assert Pupil.objects.get(school=cast.school_a, code="A5001").first_name == "Sanne"
    assert Pupil.objects.get(school=cast.school_a, code="A6001").left_on == plan.left_on
    assert Pupil.objects.get(school=cast.school_b, code="B5001").left_on is None  # another school: untouched
    entry = AuditEntry.objects.get(action="roster.import")
    assert entry.data["leaving"] == 1 and entry.school == cast.school_a


def test_a_pupil_moved_to_another_group_is_replaced_not_doubled(cast):
    roster_import(
        school=cast.school_a,
        year=cast.year,
        filename="r.csv",
        data=_csv("leerling;groep\nA5001;6a\nA6001;6a\n"),
    )
    assert list(Enrollment.objects.filter(pupil__code="A5001").values_list("group__name", "grade")) == [
        ("6a", 6)
    ]
    again = roster_plan(
        school=cast.school_a,
        year=cast.year,
        roster=read_roster(data=_csv("leerling;groep\nA5001;6a\nA6001;6a\n"), filename="r.csv"),
    )
    assert again.new_pupils == again.new_groups == again.moved == again.leaving == []  # idempotent


def test_a_pupil_back_in_the_roster_loses_the_departure_date(cast):
    Pupil.objects.filter(code="A6001").update(left_on=datetime.date(2021, 9, 1))
    plan = roster_import(
        school=cast.school_a,
        year=cast.year,
        filename="r.csv",
        data=_csv("leerling;groep\nA5001;5a\nA6001;6a\n"),
    )
    assert plan.returning == ["A6001"]
    assert Pupil.objects.get(code="A6001").left_on is None


def test_every_error_names_row_and_column_and_nothing_is_written(cast):
    data = _csv("Leerlingnummer;Groep;Leerjaar\nA5001;5a;5\nbad code;5a;5\nA5001;6a;6\nX1;Bijen;\nX2;5a;9\n")
    with pytest.raises(ImportErrors) as caught:
        roster_import(school=cast.school_a, year=cast.year, filename="r.csv", data=data)
    assert caught.value.messages() == [
        "rij 3, kolom leerlingnummer: waarde 'bad code': een leerlingcode heeft 1–32 tekens: letters, cijfers, - "
        "of _.",
        "rij 4, kolom leerlingnummer: waarde 'A5001': leerling A5001 staat ook in rij 2; een leerling staat één "
        "keer in de groepsindeling.",
        "rij 5, kolom groep: waarde 'Bijen': het leerjaar ontbreekt en volgt niet uit de groepsnaam (die begint "
        "niet met een cijfer 1–8); voeg de kolom leerjaar toe.",
        "rij 6, kolom leerjaar: waarde '9': leerjaar is een heel getal van 1 tot en met 8.",
    ]
    assert not Pupil.objects.filter(code__in=["X1", "X2"]).exists()
    assert not AuditEntry.objects.filter(action="roster.import").exists()


def test_a_missing_required_column_is_named():
    with pytest.raises(ImportErrors) as caught:
        read_roster(data=_csv("Roepnaam;Groep\nSanne;5a\n"), filename="r.csv")
    assert caught.value.messages() == [
        "rij 1, kolom leerling: deze verplichte kolom ontbreekt in de kopregel."
    ]


def test_a_combination_group_without_leerjaar_warns():
    roster = read_roster(data=_csv("leerling;groep\nC1;5/6\nC2;5/6\n"), filename="r.csv")
    assert len(roster.warnings) == 1
    assert "Groep 5/6 heeft de leerjaren 5 en 6 in de naam" in roster.warnings[0]


def test_pupils_enrolled_in_a_later_year_do_not_leave_by_an_older_roster(cast):
    later = SchoolYearFactory(label="2022-2023")
    roster_import(school=cast.school_a, year=later, filename="r.csv", data=_csv("leerling;groep\nA5001;6a\n"))
    plan = roster_plan(
        school=cast.school_a,
        year=cast.year,
        roster=read_roster(data=_csv("leerling;groep\nA6001;6a\n"), filename="r.csv"),
    )
    assert plan.leaving == []


def test_the_departure_date_is_the_end_of_last_year_before_the_year_starts(cast):
    assert departure_date(cast.year, today=datetime.date(2021, 6, 1)) == datetime.date(2021, 7, 31)
    assert departure_date(cast.year, today=datetime.date(2021, 11, 3)) == datetime.date(2021, 11, 3)
    assert departure_date(cast.year, today=datetime.date(2023, 1, 1)) == datetime.date(2022, 7, 31)


def test_the_command_reads_a_roster(cast, tmp_path, capsys):
    path = tmp_path / "groepen.csv"
    path.write_bytes(_csv(PARNASSYS))
    call_command("import_roster", "--school", "11AA", "--year", "2021-2022", str(path))
    out = capsys.readouterr().out
    assert "3 leerlingen in 2 groepen" in out
    assert "genegeerd" in out and "achternaam" in out
    assert Group.objects.filter(school=cast.school_a, name="5/6").exists()


def test_a_confirm_after_the_school_changed_writes_nothing(cast):
    pending = roster_store(
        school=cast.school_a,
        user=cast.director,
        school_year=cast.year,
        filename="export.csv",
        data=_csv(PARNASSYS),
    )
    shown = roster_preview(pending=pending).digest()
    roster_import(
        school=cast.school_a, year=cast.year, filename="r.csv", data=_csv("leerling;groep\nA6001;7a\n")
    )
    with pytest.raises(ValidationError) as caught:
        roster_confirm(pending=pending, user=cast.director, digest=shown)
    assert caught.value.code == "edit_conflict"
    assert not Group.objects.filter(name="5/6").exists()


def test_a_roster_left_in_preview_is_removed_by_the_cleanup(cast):
    import datetime as dt

    from django.utils import timezone

    from npo_planner.jobs.cleanup import pending_uploads_purge

    roster_store(
        school=cast.school_a,
        user=cast.director,
        school_year=cast.year,
        filename="export.csv",
        data=_csv(PARNASSYS),
    )
    now = timezone.now()
    assert pending_uploads_purge(now=now, dry_run=False) == 0
    assert pending_uploads_purge(now=now + dt.timedelta(hours=25), dry_run=False) == 1
    assert not PendingRoster.objects.exists()


def test_an_esis_style_xlsx_is_read_with_numbers_as_codes():
    """An .xlsx as an administration writes it: numeric pupil numbers keep their text, 'Stamgroep' and 'Leerjaar'
    are recognised, 'Naam' and 'Postcode' are ignored."""
    from tests.lib.test_tabular import _xlsx

    data = _xlsx(
        [
            ["Leerling-id", "Naam", "Stamgroep", "Leerjaar", "Postcode"],
            ["007", "Kim de Wit", "3/4", 4, "1234AB"],
        ]
    )
    roster = read_roster(data=data, filename="esis.xlsx")
    assert [(r.code, r.group, r.grade, r.first_name) for r in roster.rows] == [("007", "3/4", 4, "")]
    assert roster.personal_columns == ["naam", "postcode"]
