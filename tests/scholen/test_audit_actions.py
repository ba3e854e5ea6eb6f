"""Issue 13: the log shows actions in words. Every action code the source passes to the audit log has a Dutch
label (npo_planner/scholen/audit_actions.py); an unknown code still reads as words."""

import ast
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from kanvas.models import ImportKind
from npo_planner.scholen.audit_actions import ACTION_LABELS, action_label
from npo_planner.scholen.services import audit_record

SOURCE_DIRS = ["npo_planner", "menukaart", "schoolscan", "kanvas", "ouderbetrokkenheid"]
AUDIT_CALLS = {"audit_record", "_audit"}  # audit_record and the apps' small wrappers around it
# Codes built at run time: the f-string's fixed part → the values its placeholder takes.
DYNAMIC = {"kanvas.import.": [kind.value for kind in ImportKind]}


def _codes_in(node, module_dicts):
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _codes_in(node.body, module_dicts) + _codes_in(node.orelse, module_dicts)
    if isinstance(node, ast.JoinedStr):
        prefix = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
        assert prefix in DYNAMIC, f"action code built at run time ({prefix}…): add its values to DYNAMIC"
        return [prefix + value for value in DYNAMIC[prefix]]
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name):
        table = module_dicts[node.value.id]
        return [code for value in table.values for code in _codes_in(value, module_dicts)]
    return []  # a variable passed on by a wrapper; the wrapper's callers are found themselves


def action_codes_in_source() -> dict[str, str]:
    """Every action code passed to the audit log in the project's source → where."""
    found = {}
    for directory in SOURCE_DIRS:
        for path in sorted((settings.BASE_DIR / directory).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            module_dicts = {
                target.id: node.value
                for node in tree.body
                if isinstance(node, ast.Assign) and isinstance(node.value, ast.Dict)
                for target in node.targets
                if isinstance(target, ast.Name)
            }
            for node in ast.walk(tree):
                if not isinstance(node, ast.Call):
                    continue
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                if name not in AUDIT_CALLS:
                    continue
                values = [kw.value for kw in node.keywords if kw.arg == "action"]
                values += [
                    arg for arg in node.args if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
                ]
                for value in values:
                    for code in _codes_in(value, module_dicts):
                        found[code] = f"{Path(path).relative_to(settings.BASE_DIR)}:{node.lineno}"
    return found


def test_the_source_search_finds_the_codes_of_every_app():
    codes = action_codes_in_source()
    for expected in (
        "programme.item_update",
        "programme.gmr_decide",
        "kanvas.import.sociogram",
        "menukaart.unconsider",
        "admin.change",
        "board.spending_csv",
        "schoolscan.establish",
        "ouderpeiling.import",
        "account.unlock",
    ):
        assert expected in codes


def test_every_action_code_in_the_source_has_a_dutch_label():
    missing = {code: where for code, where in action_codes_in_source().items() if code not in ACTION_LABELS}
    assert not missing, f"audit action codes without a label in audit_actions.ACTION_LABELS: {missing}"


def test_an_unknown_code_still_reads_as_words():
    assert action_label("programme.something_new") == "Schoolprogramma: overige wijziging"
    assert action_label("iets") == "Overige wijziging"


def test_the_log_page_shows_actions_in_words(client, cast):
    audit_record(
        user=cast.director, school=cast.school_a, action="programme.item_update", summary="Onderdeel X"
    )
    audit_record(user=cast.director, school=cast.school_a, action="onbekend.code", summary="Iets")
    client.force_login(cast.director)
    page = client.get(reverse("scholen:audit_log", kwargs={"brin": cast.school_a.brin})).content.decode()
    assert "Onderdeel van het schoolprogramma gewijzigd" in page
    assert "Overige wijziging" in page
    assert "programme.item_update" not in page and "onbekend.code" not in page
