"""The shared column mapping (npo_planner/lib/column_mapping.py) and how the file reader applies it: mapped columns
take their field's name, mapped words their value, a missing column carries the hint for the mapping step, and
ignored personal columns are named as such."""

import pytest

from npo_planner.lib.column_mapping import Mapping, hint_of, is_personal, recognise, renamed_columns, text_key
from npo_planner.lib.import_errors import ImportErrors
from npo_planner.lib.tabular import read_frame, read_table


def test_text_key_ignores_case_punctuation_and_spaces():
    assert text_key("  Ik voel me welkom op school! ") == "ik voel me welkom op school"
    assert text_key("\ufeffLeerling-nummer") == "leerling nummer"


def test_recognise_by_mapping_then_name_then_text_then_guess_first_column_wins():
    found = recognise(
        ["tijd", "code ll", "groep", "vraag een", "groep"],
        fields=["leerling", "groep", "s1", "bouw"],
        required=["leerling", "groep", "s1"],
        mapping=Mapping.from_dict({"columns": {"Code LL": "leerling"}}),
        texts={"vraag een": "s1"},
        guess=lambda key: "bouw" if key == "tijd" else None,
    )
    assert found.fields == {"bouw": "tijd", "leerling": "code ll", "groep": "groep", "s1": "vraag een"}
    assert found.missing == [] and found.ignored == []
    assert recognise(["x"], fields=["a"], required=["a"]).missing == ["a"]


def test_a_mapped_column_takes_the_fields_name_unless_the_file_has_that_column():
    mapping = Mapping.from_dict({"columns": {"Leerlingnummer": "leerling", "Klas": "groep"}})
    assert renamed_columns(["leerlingnummer", "klas", "x"], mapping) == ["leerling", "groep", "x"]
    assert renamed_columns(["leerlingnummer", "leerling"], mapping) == ["leerlingnummer", "leerling"]


@pytest.mark.parametrize(
    "column",
    [
        "Naam",
        "E-mail",
        "e-mailadres ouder",
        "Naam leerling",
        "Achternaam",
        "Telefoonnummer",
        "BSN",
        "Postcode",
    ],
)
def test_personal_columns_are_recognised(column):
    assert is_personal(column)


@pytest.mark.parametrize("column", ["leerling", "groep", "Tijdstempel", "Id", "kleur", "Begintijd"])
def test_other_columns_are_not_personal(column):
    assert not is_personal(column)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[1]", 'een koppeling is een JSON-object met "columns" en/of "values".'),
        ('{"columns": {"a": 1}}', '"columns" in de koppeling is een object van tekst naar tekst.'),
        ('{"kolommen": {}}', 'een koppeling is een JSON-object met "columns" en/of "values".'),
    ],
)
def test_a_bad_mapping_is_refused_in_dutch(text, message):
    with pytest.raises(ImportErrors) as caught:
        Mapping.from_json(text)
    assert caught.value.messages() == [message]


def test_a_mapping_that_is_no_json_is_refused_in_dutch():
    with pytest.raises(ImportErrors, match="de koppeling is geen geldige JSON"):
        Mapping.from_json("{columns")


FILE = b"Leerlingnummer;Klas;Antwoord;Naam;E-mail;kleur\nA1;5a;nooit;Kim de Wit;kim@example.org;rood\n"
MAPPING = Mapping.from_dict(
    {"columns": {"leerlingnummer": "leerling", "KLAS": "groep"}, "values": {"Nooit": "1"}}
)


@pytest.mark.parametrize("reader", [read_table, read_frame])
def test_the_reader_renames_mapped_columns_and_maps_words_only_in_the_columns_asked(reader):
    result = reader(
        FILE,
        "a.csv",
        required=["leerling", "groep"],
        optional=["antwoord"],
        mapping=MAPPING,
        words_in={"antwoord"},
    )
    if reader is read_table:
        assert result.rows == [(2, {"leerling": "A1", "groep": "5a", "antwoord": "1"})]
    else:
        row = result.data.iloc[0]
        assert (row["leerling"], row["groep"], row["antwoord"], row["row"]) == ("A1", "5a", "1", 2)
    assert result.warnings == [
        "Onbekende kolom(men) genegeerd: kleur.",
        "Kolom(men) met persoonsgegevens niet ingelezen en niet opgeslagen: naam, e-mail.",
    ]


@pytest.mark.parametrize("reader", [read_table, read_frame])
def test_without_the_mapping_the_missing_columns_carry_the_hint_for_the_mapping_step(reader):
    with pytest.raises(ImportErrors) as caught:
        reader(FILE, "a.csv", required=["leerling", "groep"])
    assert caught.value.messages() == [
        "rij 1, kolom leerling: deze verplichte kolom ontbreekt in de kopregel.",
        "rij 1, kolom groep: deze verplichte kolom ontbreekt in de kopregel.",
    ]
    hint = hint_of(caught.value)
    assert hint.missing == ["leerling", "groep"]
    assert hint.columns == ["leerlingnummer", "klas", "antwoord", "naam", "e-mail", "kleur"]
