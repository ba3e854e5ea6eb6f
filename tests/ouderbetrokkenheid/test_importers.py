import hashlib
import io

import pytest
from openpyxl import Workbook

from npo_planner.lib.import_errors import ImportErrors
from npo_planner.scholen.models import AuditEntry, SchoolYear
from ouderbetrokkenheid.importers import responses_import
from ouderbetrokkenheid.models import Response, Survey, SurveyImport
from ouderbetrokkenheid.selectors import default_template

pytestmark = pytest.mark.django_db

HEADER = [
    "respondent",
    "bouw",
    *[f"s{n}" for n in range(1, 10)],
    *[f"p{n}" for n in range(1, 9)],
    "opmerking",
]


def row(respondent="ouder", bouw="onderbouw", s=None, p=None, opmerking=""):
    s = s if s is not None else ["3"] * 9
    p = p if p is not None else ["2"] * 8
    return [respondent, bouw, *s, *p, opmerking]


def csv_bytes(rows, header=HEADER, delimiter=";", encoding="utf-8"):
    lines = [delimiter.join(header)] + [delimiter.join(r) for r in rows]
    return ("\n".join(lines) + "\n").encode(encoding)


def run(cast, data, filename="peiling.csv", replace=False, title="Peiling 2022", year="2021-2022"):
    return responses_import(
        user=cast.director,
        school=cast.school_a,
        year_label=year,
        title=title,
        data=data,
        filename=filename,
        replace=replace,
    )


def errors_of(cast, data, **kwargs):
    with pytest.raises(ImportErrors) as caught:
        run(cast, data, **kwargs)
    return caught.value.messages()


def test_good_file_creates_survey_with_default_template_and_answers(cast):
    team_row = row("team", "middenbouw|bovenbouw", s=["4"] * 7 + ["", ""], opmerking="Graag via de app")
    data = csv_bytes([row(), row(s=["1", ""] + ["2"] * 7), team_row])
    result = run(cast, data)
    assert result.rows == 3 and result.created_survey
    survey = result.survey
    assert survey.template == default_template()
    assert survey.responses.count() == 3
    team = survey.responses.get(respondent="team")
    assert team.middenbouw and team.bovenbouw and not team.onderbouw
    assert team.remark == "Graag via de app" and team.source == "bestand" and team.entered_by is None
    assert sum("s2" in r.answers for r in survey.responses.all()) == 2
    record = SurveyImport.objects.get(survey=survey)
    assert (record.filename, record.size, record.rows, record.sha256) == (
        "peiling.csv",
        len(data),
        3,
        hashlib.sha256(data).hexdigest(),
    )
    assert AuditEntry.objects.filter(action="ouderpeiling.import", school=cast.school_a).exists()


def test_school_year_is_created_when_needed(cast):
    run(cast, csv_bytes([row()]), year="2023-2024")
    assert SchoolYear.objects.filter(label="2023-2024").exists()


def test_comma_and_tab_delimiters_bom_and_windows_1252(cast):
    rows = [row(opmerking="Prima één")]
    run(cast, ("\ufeff".encode() + csv_bytes(rows)), title="a")
    run(cast, csv_bytes([row(bouw="onderbouw")], delimiter=","), title="b")
    run(cast, csv_bytes(rows, delimiter="\t"), title="c")
    result = run(cast, csv_bytes(rows, encoding="cp1252"), title="d")
    assert result.survey.responses.get().remark == "Prima één"


def test_header_case_spaces_order_and_unknown_columns(cast):
    header = [" Respondent ", "OPMERKING", *reversed(HEADER[2:-1]), "bouw", "klas"]
    values = ["ouder", "x", *reversed(["1"] * 9 + ["3"] * 8), "", "5a"]
    result = run(cast, csv_bytes([values], header=header))
    assert result.rows == 1
    assert result.warnings == ["Onbekende kolom(men) genegeerd: klas."]
    assert Response.objects.get().answers["p1"] == 3


def test_xlsx_first_sheet(cast):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    sheet.append(["ouder", "bovenbouw", *[4] * 9, *[3] * 8, None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = run(cast, buffer.getvalue(), filename="peiling.xlsx")
    assert result.rows == 1
    assert Response.objects.get().statement_answers == "444444444"


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (
            {"respondent": "leerling"},
            "rij 2, kolom respondent: waarde 'leerling': respondent is 'ouder' of 'team'.",
        ),
        ({"bouw": "kleuters"}, "rij 2, kolom bouw: waarde 'kleuters': bouw is onderbouw"),
        (
            {"s3": "5"},
            "rij 2, kolom s3: waarde '5': een stelling heeft als antwoord een heel getal van 1 tot en met 4",
        ),
        ({"s3": "0"}, "rij 2, kolom s3: waarde '0': een stelling"),
        ({"s3": "2,5"}, "rij 2, kolom s3: waarde '2,5': een stelling"),
        ({"s3": "drie"}, "rij 2, kolom s3: waarde 'drie': een stelling"),
        (
            {"p2": "4"},
            "rij 2, kolom p2: waarde '4': een suggestie krijgt een heel getal van 1 tot en met 3 punten",
        ),
        ({"p2": "-1"}, "rij 2, kolom p2: waarde '-1': een suggestie"),
        (
            {"respondent": "team", "s8": "3"},
            "rij 2, kolom s8: waarde '3': deze stelling is alleen voor ouders",
        ),
        ({"opmerking": "x" * 2001}, "rij 2, kolom opmerking: waarde '"),
    ],
)
def test_every_bad_cell_is_reported_with_row_column_and_value(cast, cells, expected):
    values = dict(zip(HEADER, row(s=["3"] * 7 + ["", ""]), strict=True))
    values.update(cells)
    messages = errors_of(cast, csv_bytes([row(), [values[h] for h in HEADER]]))
    assert any(message.startswith(expected.replace("rij 2", "rij 3")) for message in messages), messages
    assert not Survey.objects.exists() and not Response.objects.exists()


def test_missing_column_is_refused(cast):
    header = [h for h in HEADER if h != "p8"]
    messages = errors_of(cast, csv_bytes([row()[:-2] + [""]], header=header))
    assert messages == ["rij 1, kolom p8: deze verplichte kolom ontbreekt in de kopregel."]


def test_all_errors_are_listed_and_nothing_is_written(cast):
    bad = [row(s=["9"] * 9) for _ in range(3)]
    messages = errors_of(cast, csv_bytes([row(), *bad]))
    assert len(messages) == 27
    assert messages[0].startswith("rij 3, kolom s1: waarde '9'")
    assert not Response.objects.exists() and not SurveyImport.objects.exists()


def test_at_most_100_errors_are_listed(cast):
    messages = errors_of(cast, csv_bytes([row(s=["9"] * 9)] * 20))
    assert len(messages) == 101 and messages[-1].startswith("…")


@pytest.mark.parametrize(
    ("data", "filename", "expected"),
    [
        (b"", "leeg.csv", "rij 1: het bestand is leeg of de kopregel ontbreekt."),
        (csv_bytes([]), "kop.csv", "rij 2: het bestand bevat geen gegevensrijen onder de kopregel."),
        (b"%PDF-1.4", "peiling.pdf", "alleen .csv- en .xlsx-bestanden kunnen worden ingelezen."),
        (b"PK\x03\x04kapot", "peiling.xlsx", "het bestand is geen geldig .xlsx-bestand."),
        (b"\x81\x8d\x8f\x90\x9d", "rommel.csv", "het bestand is geen tekst in UTF-8 of Windows-1252"),
    ],
)
def test_unreadable_files_are_refused(cast, data, filename, expected):
    messages = errors_of(cast, data, filename=filename)
    assert messages[0].startswith(expected), messages


def test_bad_year_or_title_is_refused(cast):
    assert errors_of(cast, csv_bytes([row()]), year="2021")[0].startswith("waarde '2021': een schooljaar")
    assert errors_of(cast, csv_bytes([row()]), title=" ")[0].startswith(
        "waarde '': geef de peiling een titel"
    )


def test_reimport_is_refused_unless_replace_which_is_atomic(cast):
    first = run(cast, csv_bytes([row(), row()]))
    messages = errors_of(cast, csv_bytes([row()]))
    assert "heeft al antwoorden" in messages[0]
    assert first.survey.responses.count() == 2
    # A bad replacement file leaves the old answers in place.
    errors_of(cast, csv_bytes([row(s=["7"] * 9)]), replace=True)
    assert first.survey.responses.count() == 2
    result = run(cast, csv_bytes([row("team", s=["1"] * 7 + ["", ""])]), replace=True)
    assert result.replaced and result.survey == first.survey
    assert list(first.survey.responses.values_list("respondent", flat=True)) == ["team"]
    assert sum(len(r.answers) for r in first.survey.responses.all()) == 15


def test_import_into_an_existing_survey_uses_its_template(cast):
    from tests.ouderbetrokkenheid.factories import sample_survey, sample_template

    template = sample_template(cast)
    template.statements.filter(number=9).delete()
    survey = sample_survey(cast)
    survey.template = template
    survey.save()
    header = [h for h in HEADER if h != "s9"]
    result = run(cast, csv_bytes([row(s=["2"] * 8)], header=header), title=survey.title)
    assert result.survey == survey and result.rows == 1
