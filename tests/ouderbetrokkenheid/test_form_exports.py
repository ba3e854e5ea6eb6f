"""Survey exports of form tools (CONTRACT §5): question texts as headers, answer words as values, several stages
joined by ';', extra and personal columns ignored and never stored; `--mapping FILE.json` for the rest."""

import csv
import io
import json

import pytest
from django.core.management import call_command

from npo_planner.lib.column_mapping import Mapping, text_key
from ouderbetrokkenheid.demo import build_demo_csv
from ouderbetrokkenheid.file_columns import OPTION_WORDS, STATEMENT_WORDS
from ouderbetrokkenheid.importers import import_plan
from ouderbetrokkenheid.selectors import default_template
from tests.ouderbetrokkenheid.test_commands import import_file, report

pytestmark = pytest.mark.django_db

STATEMENT_WORD = {v: k.capitalize() for k, v in STATEMENT_WORDS.items()}
OPTION_WORD = {v: k.upper() if v == "3" else k.title() for k, v in OPTION_WORDS.items()}


def demo_rows() -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(build_demo_csv().lstrip("\ufeff")), delimiter=";"))


def forms_file(respondent_header="Bent u ouder of teamlid?", team_word="Teamlid") -> tuple[bytes, list[str]]:
    """The demo survey as Microsoft Forms exports it; returns the file and the personal data in it."""
    template = default_template()
    statements = list(template.statements.order_by("number"))
    options = list(template.options.order_by("number"))
    header = [
        "Id",
        "Begintijd",
        "Tijd van voltooien",
        "E-mail",
        "Naam",
        respondent_header,
        "In welke bouw zit uw kind?",
    ]
    # The question texts as a form tool writes them: other case, punctuation and spaces.
    header += [f" {s.parent_text.upper()}? " for s in statements]
    header += [f"{o.parent_text}!" for o in options]
    header += ["Heeft u nog opmerkingen?"]
    personal = []
    lines = [header]
    for number, row in enumerate(demo_rows(), start=1):
        name, email = f"Jantje Achternaam{number:03d}", f"ouder{number:03d}@voorbeeld-mail.nl"
        personal += [name, email]
        respondent = "Ouder" if row["respondent"] == "ouder" else team_word
        line = [str(number), "16-5-2022 09:12:01", "16-5-2022 09:15:44", email, name, respondent]
        line.append(";".join(stage.capitalize() for stage in row["bouw"].split("|") if stage))
        line += [STATEMENT_WORD.get(row[f"s{s.number}"], "") for s in statements]
        line += [OPTION_WORD.get(row[f"p{o.number}"], "") for o in options]
        line.append(row["opmerking"])
        lines.append(line)
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=",", lineterminator="\r\n").writerows(lines)
    return buffer.getvalue().encode("utf-8-sig"), personal


def database_text() -> str:
    out = io.StringIO()
    call_command("dumpdata", stdout=out)
    return out.getvalue()


def test_a_forms_export_gives_the_same_results_as_the_products_own_file(cast, tmp_path):
    import_file(tmp_path, build_demo_csv().encode("utf-8"), title="Eigen formaat")
    data, personal = forms_file()
    _out, err = import_file(tmp_path, data, title="Forms")
    assert report("Forms") == report("Eigen formaat")
    # the ignored columns are named, the personal ones as such
    assert "Onbekende kolom(men) genegeerd: id, begintijd, tijd van voltooien." in err
    assert "Kolom(men) met persoonsgegevens niet ingelezen en niet opgeslagen: e-mail, naam." in err
    text = database_text()
    assert not [value for value in personal if value in text]
    assert "voorbeeld-mail" not in text


def test_the_preview_names_the_ignored_columns(cast):
    data, _personal = forms_file()
    plan = import_plan(
        school=cast.school_a, year_label="2021-2022", title="Forms", data=data, filename="f.csv"
    )
    assert plan.ignored == ["id", "begintijd", "tijd van voltooien", "e-mail", "naam"]
    assert len(plan.responses) == len(demo_rows())


def test_a_mapping_file_maps_an_unknown_column_and_word(cast, tmp_path):
    import_file(tmp_path, build_demo_csv().encode("utf-8"), title="Eigen formaat")
    data, _personal = forms_file(respondent_header="Wie vult dit in?", team_word="Leerkracht")
    mapping = tmp_path / "koppeling.json"
    mapping.write_text(
        json.dumps({"columns": {"Wie vult dit in?": "respondent"}, "values": {"leerkracht": "team"}}),
        encoding="utf-8",
    )
    import_file(tmp_path, data, "--mapping", str(mapping), title="Forms")
    assert report("Forms") == report("Eigen formaat")


def test_without_the_mapping_the_unknown_column_is_named(cast, tmp_path):
    from django.core.management.base import CommandError

    data, _personal = forms_file(respondent_header="Wie vult dit in?")
    with pytest.raises(CommandError):
        import_file(tmp_path, data, title="Forms")
    plan_errors = None
    try:
        import_plan(school=cast.school_a, year_label="2021-2022", title="Forms", data=data, filename="f.csv")
    except Exception as exc:  # noqa: BLE001 - the ImportErrors is inspected below
        plan_errors = exc.messages()
    assert plan_errors == ["rij 1, kolom respondent: deze verplichte kolom ontbreekt in de kopregel."]


@pytest.mark.parametrize("joined", ["Onderbouw; Bovenbouw", "onderbouw,bovenbouw", "Onderbouw | BOVENBOUW"])
def test_words_and_stages(cast, joined):
    assert text_key("  Mee eens! ") == "mee eens"
    header = ["respondent", "bouw", *(f"s{n}" for n in range(1, 10)), *(f"p{n}" for n in range(1, 9))]
    line = ["OUDER", joined, *(["een beetje EENS"] * 9), *(["Niet belangrijk"] * 8)]
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows([header, line])
    plan = import_plan(
        school=cast.school_a,
        year_label="2021-2022",
        title="W",
        data=buffer.getvalue().encode(),
        filename="w.csv",
        mapping=Mapping.from_dict({"columns": {}, "values": {}}),
    )
    responses = plan.responses
    assert (responses.respondents, responses.stages) == ("o", "5")  # ouder; onderbouw (1) and bovenbouw (4)
    assert (responses.statements, responses.options) == (["3" * 9], ["1" * 8])


def test_a_bad_word_is_an_error_naming_the_field(cast):
    header = (
        "respondent;" + ";".join(f"s{n}" for n in range(1, 10)) + ";" + ";".join(f"p{n}" for n in range(1, 9))
    )
    data = (header + "\nouder;" + ";".join(["soms"] + [""] * 8) + ";" + ";".join(["2"] * 8) + "\n").encode()
    with pytest.raises(Exception) as caught:  # noqa: PT011 - ImportErrors, its message checked
        import_plan(school=cast.school_a, year_label="2021-2022", title="W", data=data, filename="w.csv")
    assert caught.value.messages() == [
        "rij 2, kolom s1: waarde 'soms': een stelling heeft als antwoord een heel getal van 1 tot en met 4, of leeg."
    ]


def test_in_the_browser_a_forms_export_is_mapped_once_and_the_mapping_is_reused(client, cast):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from npo_planner.scholen.models import ImportMapping
    from ouderbetrokkenheid.models import PendingSurveyFile
    from tests.ouderbetrokkenheid.factories import sample_survey

    survey = sample_survey(cast)
    client.force_login(cast.director)
    upload_url = reverse("ouderbetrokkenheid:survey_import", kwargs={"brin": "11AA", "survey_id": survey.pk})
    data, personal = forms_file(respondent_header="Wie vult dit in?", team_word="Leerkracht")

    page = client.post(upload_url, {"file": SimpleUploadedFile("forms.csv", data)})
    html = page.content.decode()
    assert page.status_code == 200 and 'id="import-mapping"' in html
    assert "rij 1, kolom respondent: deze verplichte kolom ontbreekt" in html
    pending = page.context["mapping"]["pending"]["bestand"]
    mapped = client.post(
        reverse("ouderbetrokkenheid:survey_import_map", kwargs={"brin": "11AA", "survey_id": survey.pk}),
        {"bestand": pending, "kolom_respondent": "wie vult dit in?"},
    )
    # Now the word "Leerkracht" is the one thing not recognised.
    assert mapped.status_code == 200 and mapped.context["mapping"]["words"] == ["Leerkracht"]
    final = client.post(
        reverse("ouderbetrokkenheid:survey_import_map", kwargs={"brin": "11AA", "survey_id": survey.pk}),
        {
            "bestand": mapped.context["mapping"]["pending"]["bestand"],
            "woordtekst_1": "Leerkracht",
            "woord_1": "team",
        },
    )
    assert final.status_code == 302
    preview = client.get(final.url).content.decode()
    assert "id, begintijd, tijd van voltooien" in preview and "persoonsgegevens" in preview
    assert 'id="import-personal">' in preview and "e-mail, naam" in preview
    assert PendingSurveyFile.objects.get().data == b""  # the checked file is kept as rows, not as bytes
    assert client.post(final.url, {"confirm": "1"}).status_code == 302
    assert survey.responses.count() == len(demo_rows())
    saved = ImportMapping.objects.get(school=cast.school_a, kind="ouderpeiling")
    assert saved.columns == {"wie vult dit in?": "respondent"} and saved.values == {"Leerkracht": "team"}
    assert not PendingSurveyFile.objects.exists()
    text = database_text()
    assert not [value for value in personal if value in text]

    # The next file of the same form goes straight to the preview with the saved mapping.
    again = client.post(upload_url, {"file": SimpleUploadedFile("forms.csv", data), "mode": "toevoegen"})
    assert again.status_code == 302 and "controle" in again.url


def test_bulk_write_keeps_remarks_exactly_and_gives_each_response_its_own_public_code(cast):
    from ouderbetrokkenheid.importers import responses_import
    from ouderbetrokkenheid.models import PUBLIC_ID_ALPHABET, PUBLIC_ID_LENGTH, Response

    remark = 'Regel een\nregel "twee"\tmet tab en \\ backslash; én é'
    header = [
        "respondent",
        "bouw",
        *(f"s{n}" for n in range(1, 10)),
        *(f"p{n}" for n in range(1, 9)),
        "opmerking",
    ]
    lines = [header] + [["ouder", "onderbouw;bovenbouw", *(["2"] * 9), *(["3"] * 8), remark]] * 30
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows(lines)
    result = responses_import(
        user=None,
        school=cast.school_a,
        year_label="2021-2022",
        title="Bulk",
        data=buffer.getvalue().encode(),
        filename="b.csv",
    )
    responses = list(Response.objects.filter(survey=result.survey))
    assert len(responses) == 30 and {r.remark for r in responses} == {remark}
    assert all(r.onderbouw and r.bovenbouw and not r.middenbouw for r in responses)
    codes = {r.public_id for r in responses}
    assert len(codes) == 30
    assert all(len(c) == PUBLIC_ID_LENGTH and set(c) <= set(PUBLIC_ID_ALPHABET) for c in codes)
    assert all(len(r.answers) == 17 for r in responses[:3])
