"""KanVAS answers (long and wide) and sociograms through the school's saved mapping (issue 16 item 1): a file with
a renamed required column or unknown words is refused with the hint, mapped once on the preview page, saved for
the school, and the same file then imports without a mapping step and stores what the product's own format
stores; `--mapping FILE.json` on the commands; school A's mapping is never used for school B."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from kanvas.models import ImportRecord, PendingUpload
from kanvas.services import file_import
from npo_planner.lib.column_mapping import Mapping
from npo_planner.lib.import_errors import ImportErrors
from npo_planner.scholen.models import AuditEntry, ImportMapping
from npo_planner.scholen.services import import_mapping_save
from tests.kanvas.helpers import ANSWER_HEADER, SOCIOGRAM_HEADER, csv_bytes, group_rows
from tests.kanvas.test_wide_layout import answer_rows, stored, wide_lines
from tests.scholen.test_retention import database_mentions

pytestmark = pytest.mark.django_db

M1 = "2021-najaar"
RENAMED_HEADER = "Leerlingnummer;groep;meetmoment;vragenlijst;vraag;antwoord"
WORDS = {"1": "nooit", "2": "soms", "3": "vaak", "4": "heel vaak"}


def url(name, school):
    return reverse(f"kanvas:{name}", args=[school.brin])


def upload(client, school, data, *, kind="antwoorden", name="a.csv", replace=False):
    post = {"kind": kind, "file": SimpleUploadedFile(name, data, "text/csv")}
    if replace:
        post["replace"] = "on"
    response = client.post(url("import_upload", school), post)
    assert response.status_code == 302, response.content.decode()[:500]
    return response.url


def renamed_file(rows) -> bytes:
    return csv_bytes(RENAMED_HEADER, rows)


def test_a_renamed_column_is_mapped_once_in_the_browser_and_the_file_then_imports_without_a_mapping(
    client, cast
):
    rows = group_rows("5a", M1, 5)
    client.force_login(cast.ib)
    preview_url = upload(client, cast.school_a, renamed_file(rows))
    page = client.get(preview_url)
    assert page.context["errors"] == [
        "rij 1, kolom leerling: deze verplichte kolom ontbreekt in de kopregel."
    ]
    step = page.context["mapping"]
    assert step["missing"] == ["leerling"] and "leerlingnummer" in step["columns"]
    assert 'id="import-mapping"' in page.content.decode()
    pending = PendingUpload.objects.get()

    mapped = client.post(
        preview_url, {"upload": pending.pk, "koppelen": "1", "kolom_leerling": "leerlingnummer"}
    )
    assert mapped.status_code == 302
    summary = client.get(mapped.url).context["summary"]
    assert summary["answers"] == 120 and summary["new_pupils"] == 5
    assert client.post(preview_url, {"upload": pending.pk, "confirm": "1"}).status_code == 302
    assert ImportRecord.objects.get().rows == 120
    saved = ImportMapping.objects.get(school=cast.school_a, kind="kanvas")
    assert saved.columns == {"leerlingnummer": "leerling"} and saved.values == {}
    assert AuditEntry.objects.filter(action="import.koppeling", school=cast.school_a).count() == 1

    # The same file again: straight to the preview, no mapping step.
    again = client.get(upload(client, cast.school_a, renamed_file(rows), replace=True))
    assert again.context["errors"] is None and "mapping" not in again.context
    assert again.context["summary"]["answers"] == 120

    # The same answers in the product's own format store the same in another school.
    file_import(
        school=cast.school_b,
        user=None,
        kind="antwoorden",
        data=csv_bytes(ANSWER_HEADER, rows),
        filename="b.csv",
    )
    assert stored(cast.school_a)[:2] == stored(cast.school_b)[:2]


def test_a_mapping_of_school_a_is_never_used_for_school_b(client, cast):
    """Plant: drop the school filter from `import_mapping_for` and school B's file goes through with A's mapping."""
    import_mapping_save(
        user=cast.director,
        school=cast.school_a,
        kind="kanvas",
        columns={"leerlingnummer": "leerling"},
        values={},
    )
    data = renamed_file(group_rows("5a", M1, 5))
    file_import(school=cast.school_a, user=None, kind="antwoorden", data=data, filename="a.csv")
    with pytest.raises(ImportErrors, match="kolom leerling: deze verplichte kolom ontbreekt"):
        file_import(school=cast.school_b, user=None, kind="antwoorden", data=data, filename="a.csv")
    client.force_login(cast.director_b)
    page = client.get(upload(client, cast.school_b, data))
    assert page.context["mapping"]["missing"] == ["leerling"]


def _map_words(client, preview_url, words, chosen):
    post = {"upload": PendingUpload.objects.get().pk, "koppelen": "1"}
    for number, word in enumerate(words, start=1):
        post |= {f"woordtekst_{number}": word, f"woord_{number}": chosen[word]}
    return client.get(client.post(preview_url, post).url)


def test_answer_words_and_questionnaire_words_are_mapped_in_the_step(client, cast):
    rows = [line.replace(";leerling;", ";Leerlingversie;") for line in group_rows("5a", M1, 5)]
    rows = [line[: line.rindex(";") + 1] + WORDS[line[line.rindex(";") + 1 :]] for line in rows]
    client.force_login(cast.ib)
    preview_url = upload(client, cast.school_a, csv_bytes(ANSWER_HEADER, rows))
    page = client.get(preview_url)
    assert page.context["errors"][0].startswith(
        "rij 2, kolom vragenlijst: waarde 'Leerlingversie': onbekende"
    )
    assert page.context["mapping"]["words"] == ["Leerlingversie"]
    page = _map_words(client, preview_url, ["Leerlingversie"], {"Leerlingversie": "leerling"})
    assert (
        page.context["errors"][0]
        == "rij 2, kolom antwoord: waarde 'nooit': een antwoord is een heel getal van 1 tot en met 4, of leeg."
    )
    assert page.context["mapping"]["words"] == ["heel vaak", "nooit"]
    page = _map_words(client, preview_url, ["heel vaak", "nooit"], {"nooit": "1", "heel vaak": "4"})
    assert page.context["errors"] is None and page.context["summary"]["answers"] == 120
    client.post(preview_url, {"upload": PendingUpload.objects.get().pk, "confirm": "1"})
    assert ImportMapping.objects.get(school=cast.school_a, kind="kanvas").values == {
        "Leerlingversie": "leerling",
        "nooit": "1",
        "heel vaak": "4",
    }
    file_import(
        school=cast.school_b,
        user=None,
        kind="antwoorden",
        data=csv_bytes(ANSWER_HEADER, group_rows("5a", M1, 5)),
        filename="b.csv",
    )
    assert stored(cast.school_a)[:2] == stored(cast.school_b)[:2]


def test_a_wide_export_with_its_own_headers_and_words_stores_what_the_wide_layout_stores(cast):
    rows = answer_rows(pupils=8)
    own = wide_lines(rows)
    theirs = [["Leerling-ID", "Klas", "Meting", "Lijst", *own[0][4:]]] + [
        [*line[:4], *(WORDS.get(cell, cell) for cell in line[4:])] for line in own[1:]
    ]
    mapping = Mapping.from_dict(
        {
            "columns": {
                "Leerling-ID": "leerling",
                "Klas": "groep",
                "Meting": "meetmoment",
                "Lijst": "vragenlijst",
            },
            "values": {word: value for value, word in WORDS.items()},
        }
    )

    def text(lines):
        return ("\n".join(";".join(line) for line in lines) + "\n").encode()

    with pytest.raises(ImportErrors) as caught:
        file_import(school=cast.school_a, user=None, kind="antwoorden", data=text(theirs), filename="w.csv")
    assert "rij 1, kolom leerling: deze verplichte kolom ontbreekt in de kopregel." in caught.value.messages()
    file_import(
        school=cast.school_a,
        user=None,
        kind="antwoorden",
        data=text(theirs),
        filename="w.csv",
        mapping=mapping,
    )
    file_import(school=cast.school_b, user=None, kind="antwoorden", data=text(own), filename="w.csv")
    assert stored(cast.school_a)[:2] == stored(cast.school_b)[:2]


def test_personal_columns_of_an_answers_file_are_named_and_nowhere_in_the_database(client, cast):
    rows = [f"{line};Kim Zonderland;kim@zonderland.example" for line in group_rows("5a", M1, 1)]
    client.force_login(cast.ib)
    preview_url = upload(client, cast.school_a, csv_bytes(ANSWER_HEADER + ";Naam;E-mail", rows))
    page = client.get(preview_url)
    assert (
        "Kolom(men) met persoonsgegevens niet ingelezen en niet opgeslagen: naam, e-mail."
        in (page.context["summary"]["warnings"])
    )
    client.post(preview_url, {"upload": PendingUpload.objects.get().pk, "confirm": "1"})
    assert ImportRecord.objects.exists()
    assert not database_mentions("Zonderland") and not database_mentions("zonderland")


# --- commands -------------------------------------------------------------------------------------------------


def test_import_kanvas_takes_a_mapping_file_or_else_the_schools_saved_mapping(cast, tmp_path, capsys):
    data = tmp_path / "a.csv"
    data.write_bytes(renamed_file(group_rows("5a", M1, 5)))
    with pytest.raises(SystemExit) as leaving:
        call_command("import_kanvas", "--school", "11AA", str(data))
    assert leaving.value.code == 1
    assert "rij 1, kolom leerling: deze verplichte kolom ontbreekt" in capsys.readouterr().err

    mapping = tmp_path / "koppeling.json"
    mapping.write_text(json.dumps({"columns": {"Leerlingnummer": "leerling"}}))
    call_command("import_kanvas", "--school", "11AA", "--mapping", str(mapping), str(data))
    assert ImportRecord.objects.get(school=cast.school_a).rows == 120

    import_mapping_save(
        user=cast.director,
        school=cast.school_b,
        kind="kanvas",
        columns={"leerlingnummer": "leerling"},
        values={},
    )
    call_command("import_kanvas", "--school", "22BB", str(data))  # school B's saved mapping
    assert ImportRecord.objects.get(school=cast.school_b).rows == 120


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{niet json", "de koppeling is geen geldige JSON"),
        ('{"columns": ["leerling"]}', '"columns" in de koppeling is een object van tekst naar tekst.'),
        (None, "het koppelbestand"),
    ],
)
def test_a_bad_mapping_file_is_refused_in_dutch(cast, tmp_path, capsys, content, message):
    data = tmp_path / "a.csv"
    data.write_bytes(csv_bytes(ANSWER_HEADER, group_rows("5a", M1, 1)))
    mapping = tmp_path / "koppeling.json"
    if content is not None:
        mapping.write_text(content)
    with pytest.raises(SystemExit) as leaving:
        call_command("import_kanvas", "--school", "11AA", "--mapping", str(mapping), str(data))
    assert leaving.value.code == 1
    assert message in capsys.readouterr().err
    assert not ImportRecord.objects.exists()


SOCIOGRAM_RENAMED = "leerling;groep;meetmoment;Vraagsoort;gekozen"
SOCIOGRAM_ROWS = [
    f"A1;5a;{M1};Met wie speel je graag;A2",
    f"A2;5a;{M1};Met wie speel je graag;A1",
    f"A3;5a;{M1};Met wie liever niet;A1",
]


def test_a_sociogram_with_its_own_question_column_and_words_is_mapped_once_and_saved(client, cast):
    client.force_login(cast.ib)
    preview_url = upload(
        client, cast.school_a, csv_bytes(SOCIOGRAM_RENAMED, SOCIOGRAM_ROWS), kind="sociogram"
    )
    page = client.get(preview_url)
    assert page.context["errors"] == ["rij 1, kolom vraag: deze verplichte kolom ontbreekt in de kopregel."]
    assert page.context["mapping"]["values"] == ["positief", "negatief"]
    pending = PendingUpload.objects.get().pk
    page = client.get(
        client.post(preview_url, {"upload": pending, "koppelen": "1", "kolom_vraag": "vraagsoort"}).url
    )
    assert sorted(page.context["mapping"]["words"]) == ["Met wie liever niet", "Met wie speel je graag"]
    post = {"upload": pending, "koppelen": "1"}
    for number, word in enumerate(page.context["mapping"]["words"], start=1):
        post |= {
            f"woordtekst_{number}": word,
            f"woord_{number}": "positief" if "graag" in word else "negatief",
        }
    page = client.get(client.post(preview_url, post).url)
    assert page.context["summary"]["nominations"] == 3
    client.post(preview_url, {"upload": pending, "confirm": "1"})
    again = client.get(
        upload(
            client,
            cast.school_a,
            csv_bytes(SOCIOGRAM_RENAMED, SOCIOGRAM_ROWS),
            kind="sociogram",
            replace=True,
        )
    )
    assert again.context["errors"] is None and again.context["summary"]["nominations"] == 3
    saved = ImportMapping.objects.get(school=cast.school_a, kind="sociogram")
    assert saved.columns == {"vraagsoort": "vraag"}
    assert saved.values == {"Met wie speel je graag": "positief", "Met wie liever niet": "negatief"}

    own = [
        r.replace("Met wie speel je graag", "positief").replace("Met wie liever niet", "negatief")
        for r in SOCIOGRAM_ROWS
    ]
    file_import(
        school=cast.school_b,
        user=None,
        kind="sociogram",
        data=csv_bytes(SOCIOGRAM_HEADER, own),
        filename="s.csv",
    )
    from kanvas.models import Nomination

    def nominations(school):
        return sorted(
            Nomination.objects.filter(moment__school=school).values_list(
                "chooser__pupil__code", "chosen__pupil__code", "positive"
            )
        )

    assert nominations(cast.school_a) == nominations(cast.school_b)


def test_import_sociogram_takes_a_mapping_file(cast, tmp_path):
    data = tmp_path / "s.csv"
    data.write_bytes(csv_bytes(SOCIOGRAM_RENAMED, SOCIOGRAM_ROWS))
    mapping = tmp_path / "koppeling.json"
    mapping.write_text(
        json.dumps(
            {
                "columns": {"Vraagsoort": "vraag"},
                "values": {"met wie speel je graag": "positief", "met wie liever niet": "negatief"},
            }
        )
    )
    call_command("import_sociogram", "--school", "11AA", "--mapping", str(mapping), str(data))
    assert ImportRecord.objects.get(kind="sociogram").rows == 3
