"""CONTRACT §1 error lines are byte-identical, and every word of them goes through gettext."""

from npo_planner.lib import import_errors
from npo_planner.lib.import_errors import MAX_LISTED, ImportErrors, ImportIssue


def test_issue_text_is_the_contract_format_for_every_combination_of_parts():
    cases = [
        (
            ImportIssue(row=3, column="groep", value="5x", message="uitleg."),
            "rij 3, kolom groep: waarde '5x': uitleg.",
        ),
        (ImportIssue(row=3, column=None, value="", message="uitleg."), "rij 3: waarde '': uitleg."),
        (ImportIssue(row=1, column="naam", value=None, message="uitleg."), "rij 1, kolom naam: uitleg."),
        (
            ImportIssue(row=None, column=None, value="x" * 41, message="uitleg."),
            f"waarde '{'x' * 37}...': uitleg.",
        ),
        (ImportIssue(row=None, column=None, value=None, message="uitleg."), "uitleg."),
    ]
    for issue, expected in cases:
        assert str(issue) == expected


def test_the_prefix_and_the_overflow_line_are_translated(monkeypatch):
    words = {
        "rij %(row)s": "row %(row)s",
        "kolom %(column)s": "column %(column)s",
        "waarde '%(value)s'": "value '%(value)s'",
        "… en nog %(n)s fouten. Herstel deze eerst en probeer het opnieuw.": "… and %(n)s more errors.",
    }
    monkeypatch.setattr(import_errors, "_", lambda text: words[text])
    errors = ImportErrors()
    for row in range(2, MAX_LISTED + 4):
        errors.add("explanation.", row=row, column="group", value="5x")
    lines = errors.messages()
    assert lines[0] == "row 2, column group: value '5x': explanation."
    assert lines[-1] == "… and 2 more errors."
