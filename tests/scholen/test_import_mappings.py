"""One saved mapping per school and kind of file (scholen.ImportMapping): the roster through the mapping step and
`import_roster --mapping`; the survey's earlier mappings carried over by migration (and back) and from older
backups; the personal columns of a mapped file stored nowhere."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse

from npo_planner.scholen.models import Enrollment, ImportMapping, PendingRoster
from npo_planner.scholen.selectors import import_mapping_for
from npo_planner.scholen.services import import_mapping_save
from tests.migrations import historical_school, latest, migrate
from tests.scholen.test_retention import database_mentions

pytestmark = pytest.mark.django_db

# An export whose code and group columns none of the known spellings name.
ESIS = (
    b"Volgnummer LAS;Naam;E-mail ouder;Jaarlaag;Basisgroep\n"
    b"Z7001;Kim Zonderland;kim@zonderland.example;5;5a\n"
    b"Z7002;Tom Zonderland;tom@zonderland.example;6;6a\n"
)
OWN = b"leerling;leerjaar;groep\nZ7001;5;5a\nZ7002;6;6a\n"


def _placements(school, prefix=""):
    return sorted(
        Enrollment.objects.filter(group__school=school, pupil__code__startswith=prefix).values_list(
            "pupil__code", "group__name", "grade"
        )
    )


def test_a_roster_with_unknown_columns_is_mapped_once_and_read_again_without_a_mapping(
    client, cast, tmp_path
):
    client.force_login(cast.director)
    url = reverse("scholen:roster_upload", args=["11AA"])
    page = client.post(url, {"school_year": "2021-2022", "file": SimpleUploadedFile("esis.csv", ESIS)})
    html = page.content.decode()
    assert page.status_code == 200 and 'id="import-mapping"' in html
    assert "rij 1, kolom leerling: deze verplichte kolom ontbreekt in de kopregel." in html
    step = page.context["mapping"]
    assert step["missing"] == ["leerling", "groep"] and step["reupload"] == "file"
    assert not PendingRoster.objects.exists(), "a refused roster is not kept: it holds personal data"

    mapped = client.post(
        url,
        {
            "koppelen": "1",
            "school_year": "2021-2022",
            "kolom_leerling": "volgnummer las",
            "kolom_groep": "basisgroep",
            "kolom_leerjaar": "jaarlaag",  # not offered (not missing) but a known field: kept
            "kolom_achternaam": "naam",  # no field of a roster: left out
            "file": SimpleUploadedFile("esis.csv", ESIS),
        },
    )
    assert mapped.status_code == 302 and mapped.url.endswith("/groepsindeling/controle/")
    saved = ImportMapping.objects.get(school=cast.school_a, kind="rooster")
    assert saved.columns == {"volgnummer las": "leerling", "basisgroep": "groep", "jaarlaag": "leerjaar"}
    preview = client.get(mapped.url)
    assert 'id="import-personal"' in preview.content.decode()
    assert preview.context["plan"].personal_columns == ["naam", "e-mail ouder"]
    plan = preview.context["plan"]
    client.post(mapped.url, {"digest": plan.digest()})

    # The next export of the same administration: straight to the preview.
    again = client.post(url, {"school_year": "2021-2022", "file": SimpleUploadedFile("esis.csv", ESIS)})
    assert again.status_code == 302
    assert not database_mentions("Zonderland") and not database_mentions("zonderland")

    call_command("import_roster", "--school", "22BB", "--year", "2021-2022", _file(tmp_path, OWN))
    assert [row for row in _placements(cast.school_a) if row[0].startswith("Z")] == _placements(
        cast.school_b
    )[1:]


def _file(tmp_path, data: bytes, name="rooster.csv") -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def test_import_roster_takes_a_mapping_file_and_refuses_a_bad_one(cast, tmp_path, capsys):
    path = _file(tmp_path, ESIS)
    with pytest.raises(SystemExit) as leaving:
        call_command("import_roster", "--school", "11AA", "--year", "2021-2022", path)
    assert leaving.value.code == 1
    assert "rij 1, kolom leerling: deze verplichte kolom ontbreekt" in capsys.readouterr().err
    bad = tmp_path / "fout.json"
    bad.write_text('{"columns": {"Volgnummer LAS": 7}}')
    with pytest.raises(SystemExit) as leaving:
        call_command("import_roster", "--school", "11AA", "--year", "2021-2022", "--mapping", str(bad), path)
    assert leaving.value.code == 1
    assert '"columns" in de koppeling is een object van tekst naar tekst.' in capsys.readouterr().err
    good = tmp_path / "koppeling.json"
    good.write_text(json.dumps({"columns": {"Volgnummer LAS": "leerling", "Basisgroep": "groep"}}))
    call_command("import_roster", "--school", "11AA", "--year", "2021-2022", "--mapping", str(good), path)
    assert ("Z7001", "5a", 5) in _placements(cast.school_a)
    assert not ImportMapping.objects.exists(), "a mapping file is used, not saved"


def test_the_saved_mapping_is_the_schools_own(cast):
    """Plant: drop `school=` from the filter in `import_mapping_for` and school B reads school A's mapping."""
    import_mapping_save(
        user=cast.director, school=cast.school_a, kind="rooster", columns={"a": "leerling"}, values={}
    )
    assert import_mapping_for(school=cast.school_a, kind="rooster").columns == {"a": "leerling"}
    assert import_mapping_for(school=cast.school_b, kind="rooster").columns == {}
    assert import_mapping_for(school=cast.school_a, kind="kanvas").columns == {}


def test_one_mapping_per_school_and_kind_and_only_known_kinds(cast):
    import_mapping_save(user=None, school=cast.school_a, kind="rooster", columns={"a": "leerling"}, values={})
    import_mapping_save(user=None, school=cast.school_a, kind="rooster", columns={"b": "groep"}, values={})
    assert ImportMapping.objects.get().columns == {"a": "leerling", "b": "groep"}
    with pytest.raises(ValidationError):
        import_mapping_save(user=None, school=cast.school_a, kind="iets", columns={}, values={})
    with pytest.raises(IntegrityError), transaction.atomic():
        ImportMapping.objects.create(school=cast.school_a, kind="rooster")


@pytest.mark.django_db(transaction=True)
def test_the_survey_mappings_move_to_the_core_and_back():
    newest = latest()
    try:
        apps = migrate(
            [("ouderbetrokkenheid", "0012_pendingsurveyfile_confirmed"), ("scholen", "0012_import_mapping")]
        )
        school, _year = historical_school(apps)
        apps.get_model("ouderbetrokkenheid", "SurveyFileMapping").objects.create(
            school=school, columns={"wie vult dit in": "respondent"}, values={"Leerkracht": "team"}
        )
        apps = migrate([("ouderbetrokkenheid", "0013_survey_mapping_to_core")])
        moved = apps.get_model("scholen", "ImportMapping").objects.get()
        assert (moved.school_id, moved.kind, moved.columns, moved.values) == (
            school.pk,
            "ouderpeiling",
            {"wie vult dit in": "respondent"},
            {"Leerkracht": "team"},
        )
        apps = migrate([("ouderbetrokkenheid", "0012_pendingsurveyfile_confirmed")])
        back = apps.get_model("ouderbetrokkenheid", "SurveyFileMapping").objects.get()
        assert (back.school_id, back.columns, back.values) == (
            school.pk,
            {"wie vult dit in": "respondent"},
            {"Leerkracht": "team"},
        )
        assert not apps.get_model("scholen", "ImportMapping").objects.exists()
    finally:
        migrate(newest)


def test_a_backup_before_format_3_brings_its_survey_mapping_into_the_core():
    from ouderbetrokkenheid.backup_upgrade import survey_mapping_into_core

    objects = [
        {"model": "scholen.school", "pk": 1, "fields": {"brin": "11AA"}},
        {
            "model": "ouderbetrokkenheid.surveyfilemapping",
            "pk": 4,
            "fields": {
                "school": 1,
                "columns": {"a": "respondent"},
                "values": {},
                "updated_at": "2024-01-01T00:00Z",
            },
        },
    ]
    assert survey_mapping_into_core(objects)[1] == {
        "model": "scholen.importmapping",
        "pk": 4,
        "fields": {
            "school": 1,
            "kind": "ouderpeiling",
            "columns": {"a": "respondent"},
            "values": {},
            "updated_at": "2024-01-01T00:00Z",
        },
    }
