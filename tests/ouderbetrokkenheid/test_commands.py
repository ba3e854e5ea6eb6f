import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ouderbetrokkenheid.demo import build_demo_csv
from ouderbetrokkenheid.models import Survey
from ouderbetrokkenheid.report import HEADER, report_rows
from ouderbetrokkenheid.selectors import survey_results
from tests.ouderbetrokkenheid.factories import add_responses, sample_survey
from tests.ouderbetrokkenheid.test_importers import csv_bytes, row

pytestmark = pytest.mark.django_db


def import_file(tmp_path, data, *extra, title="Peiling"):
    path = tmp_path / "peiling.csv"
    path.write_bytes(data)
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "import_ouderpeiling",
        "--school",
        "11AA",
        "--year",
        "2021-2022",
        "--title",
        title,
        *extra,
        str(path),
        stdout=out,
        stderr=err,
    )
    return out.getvalue(), err.getvalue()


def report(title="Peiling"):
    out = io.StringIO()
    call_command(
        "ouderpeiling_report", "--school", "11AA", "--year", "2021-2022", "--title", title, stdout=out
    )
    return out.getvalue()


def test_import_command_imports_and_refuses_a_second_time_unless_replace(cast, tmp_path):
    out, _err = import_file(tmp_path, csv_bytes([row()] * 5))
    assert "5 vragenlijsten" in out
    with pytest.raises(CommandError) as caught:
        import_file(tmp_path, csv_bytes([row()]))
    assert caught.value.returncode == 1
    out, _err = import_file(tmp_path, csv_bytes([row()] * 6), "--replace")
    assert "6 vragenlijsten ingelezen; 5 antwoorden uit eerdere bestanden vervangen" in out
    assert Survey.objects.get(title="Peiling").responses.count() == 6


def test_import_command_writes_every_error_to_stderr_and_exits_1(cast, tmp_path):
    err = io.StringIO()
    path = tmp_path / "fout.csv"
    path.write_bytes(csv_bytes([row(s=["5"] + ["3"] * 8), row("vader")]))
    with pytest.raises(CommandError) as caught:
        call_command(
            "import_ouderpeiling",
            "--school",
            "11AA",
            "--year",
            "2021-2022",
            "--title",
            "T",
            str(path),
            stderr=err,
        )
    assert caught.value.returncode == 1
    lines = err.getvalue().splitlines()
    assert lines[0].startswith("rij 2, kolom s1: waarde '5': ")
    assert lines[1].startswith("rij 3, kolom respondent: waarde 'vader': ")
    assert not Survey.objects.exists()


def test_import_command_refuses_unknown_school_and_missing_file(cast, tmp_path):
    with pytest.raises(CommandError) as caught:
        call_command(
            "import_ouderpeiling",
            "--school",
            "99ZZ",
            "--year",
            "2021-2022",
            "--title",
            "T",
            str(tmp_path / "x.csv"),
        )
    assert caught.value.returncode == 1
    with pytest.raises(CommandError):
        call_command(
            "import_ouderpeiling",
            "--school",
            "11AA",
            "--year",
            "2021-2022",
            "--title",
            "T",
            str(tmp_path / "x.csv"),
        )


def test_report_has_the_contract_columns_and_dutch_number_format(cast, tmp_path):
    # 6 parents: s1 answers 1,2,3,4,4,4 ; p1 ratings 3,3,3,2,2,1 ; p2 all 3 ; team: 5 with s1=2 and s8 empty
    rows = [
        row(s=[str(v)] + [""] * 8, p=[p1, "3"] + [""] * 6)
        for v, p1 in zip([1, 2, 3, 4, 4, 4], "333221", strict=True)
    ]
    rows += [row("team", s=["2"] + [""] * 8, p=["1", "1"] + [""] * 6)] * 5
    import_file(tmp_path, csv_bytes(rows))
    text = report()
    assert text.startswith(
        "\ufeffonderdeel;nummer;groep;n;pct_1;pct_2;pct_3;pct_4;gemiddelde;punten;rang\r\n"
    )
    lines = text.lstrip("\ufeff").splitlines()
    assert "stelling;1;ouder;6;16,67;16,67;16,67;50,00;3,00;;" in lines
    assert "stelling;1;team;5;0,00;100,00;0,00;0,00;2,00;;" in lines
    assert "suggestie;1;ouder;6;16,67;33,33;50,00;;2,33;14;2" in lines
    assert "suggestie;2;ouder;6;0,00;0,00;100,00;;3,00;18;1" in lines
    assert "suggestie;1;team;5;100,00;0,00;0,00;;1,00;5;1" in lines
    assert "suggestie;2;team;5;100,00;0,00;0,00;;1,00;5;1" in lines  # a tie shares the rank
    assert "stelling;8;team;0;;;;;;;" in lines  # parents-only: the team is not asked, the row is still there
    assert "stelling;2;ouder;< 5;;;;;;;" not in lines  # nobody answered s2: n 0 is not suppressed …
    assert "stelling;2;ouder;0;;;;;;;" in lines  # … but has no figures


def test_report_suppresses_groups_under_five(cast, tmp_path):
    import_file(tmp_path, csv_bytes([row()] * 5 + [row("team", s=["2"] * 7 + ["", ""])] * 3))
    lines = report().lstrip("\ufeff").splitlines()
    assert "stelling;1;team;< 5;;;;;;;" in lines
    assert "suggestie;1;team;< 5;;;;;;;" in lines
    assert any(line.startswith("stelling;1;ouder;5;") for line in lines)


def test_report_by_bouw(cast, tmp_path):
    import_file(tmp_path, csv_bytes([row(bouw="bovenbouw")] * 5 + [row(bouw="onderbouw", s=["1"] * 9)] * 5))
    out = io.StringIO()
    call_command(
        "ouderpeiling_report",
        "--school",
        "11AA",
        "--year",
        "2021-2022",
        "--title",
        "Peiling",
        "--bouw",
        "onderbouw",
        stdout=out,
    )
    assert "stelling;1;ouder;5;100,00;0,00;0,00;0,00;1,00;;" in out.getvalue().splitlines()


def test_report_of_unknown_survey_exits_1(cast):
    with pytest.raises(CommandError) as caught:
        report("Bestaat niet")
    assert caught.value.returncode == 1


def test_report_prints_the_same_figures_as_the_results_selector(cast, tmp_path):
    import_file(tmp_path, build_demo_csv().encode("utf-8"))
    survey = Survey.objects.get(title="Peiling")
    expected = [HEADER] + [[str(c) for c in r] for r in report_rows(survey_results(survey=survey))]
    lines = [line.split(";") for line in report().lstrip("\ufeff").splitlines()]
    assert lines == expected
    assert len(lines) == 1 + 9 * 2 + 8 * 2  # every statement and option for both groups (CONTRACT §6)


def test_report_counts_paper_and_online_forms_too(cast):
    survey = sample_survey(cast, title="Peiling")
    add_responses(survey, cast.teacher, [("ouder", {"s1": 4}, (), "")] * 5)
    assert "stelling;1;ouder;5;0,00;0,00;0,00;100,00;4,00;;" in report().splitlines()
