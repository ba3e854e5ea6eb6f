"""Rows pasted from a spreadsheet: read into the table's fields the Dutch way, with errors per row and column."""

from datetime import date
from decimal import Decimal

from django import forms

from npo_planner.lib.dutch_numbers import DutchDecimalField
from npo_planner.lib.paste import check_rows, read_pasted


class Row(forms.Form):
    name = forms.CharField(label="Naam")
    area = forms.ChoiceField(label="Doelgebied", choices=[("A", "Meer onderwijstijd"), ("B", "Effectiever")])
    cost = DutchDecimalField(label="Kosten", required=False, max_digits=10, decimal_places=2)
    extern = forms.BooleanField(label="Externe inhuur", required=False)
    starts = forms.DateField(label="Start", required=False)


COLUMNS = ["name", "area", "cost", "extern", "starts"]


def read(text):
    return read_pasted(text, Row.base_fields, COLUMNS)


def test_rows_without_header_land_in_the_columns_in_order_and_read_dutch_numbers():
    rows, errors = read("Lezen\tMeer onderwijstijd\t€ 18.500\tja\t1-9-2021\r\nRekenen\tb\t12,5\tnee\t\r\n")
    assert errors == []
    valid, errors = check_rows(rows, lambda data: Row(data=data))
    assert errors == []
    assert [form.cleaned_data for _n, form in valid] == [
        {"name": "Lezen", "area": "A", "cost": Decimal("18500"), "extern": True, "starts": date(2021, 9, 1)},
        {"name": "Rekenen", "area": "B", "cost": Decimal("12.5"), "extern": False, "starts": None},
    ]


def test_a_header_line_sets_the_order_of_the_columns():
    rows, errors = read("Kosten\tNaam\tdoelgebied\n1.250,50\tLezen\tA\n")
    assert errors == []
    assert [r.number for r in rows] == [2]
    assert rows[0].data == {"cost": "1.250,50", "name": "Lezen", "area": "A"}


def test_a_cell_with_a_line_break_as_excel_quotes_it_stays_one_cell():
    rows, errors = read('"Lezen\nen schrijven"\tA\n')
    assert errors == []
    assert rows[0].data["name"] == "Lezen\nen schrijven"


def test_errors_name_the_row_and_the_column_in_dutch():
    rows, errors = read("Lezen\tZ\t10\tmisschien\nRekenen\tA\tveel\n\t\t\nTaal\tA\t1\tja\tx\ty\n")
    assert errors == [
        "Regel 1, kolom Doelgebied: “Z” is geen keuze; kies uit: Meer onderwijstijd, Effectiever.",
        "Regel 1, kolom Externe inhuur: schrijf ja of nee, niet “misschien”.",
        "Regel 4: 6 kolommen, de tabel heeft er 5 (Naam, Doelgebied, Kosten, Externe inhuur, Start).",
    ]
    valid, errors = check_rows(rows, lambda data: Row(data=data))
    assert [n for n, _d in valid] == []  # row 1 keeps its unknown choice, so its form refuses it too
    assert any(e.startswith("Regel 2, kolom Kosten:") for e in errors)


def test_an_unknown_header_column_is_named():
    _rows, errors = read("Naam\tKleur\nLezen\trood\n")
    assert errors[0].startswith("Regel 1: de kolom “Kleur” hoort niet bij deze tabel")


def test_nothing_pasted_and_too_many_rows_are_refused():
    assert read(" \n\t\n")[1] == ["Er is niets geplakt. Kopieer de regels in Excel en plak ze in het vak."]
    rows, errors = read("Lezen\tA\n" * 101)
    assert rows == [] and errors == ["Plak ten hoogste 100 regels tegelijk."]
