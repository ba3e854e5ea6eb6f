"""The mapping step of every import flow (issue 16): a refused file whose required columns are missing or whose
words are unknown is kept, the user says which file column holds which field and what a word means, the choice is
saved for the school and kind (scholen.ImportMapping) and the file is checked again.

The pages show the step with `includes/import_mapping.html`; the form posts `kolom_<field>` (a file column) and
`woordtekst_<n>` / `woord_<n>` (a word and its value)."""

from npo_planner.lib.column_mapping import MappingHint
from npo_planner.scholen.models import School
from npo_planner.scholen.services import import_mapping_save

MAX_WORDS = 50


def mapping_context(
    hint: MappingHint | None, *, values: list[str], action: str, pending: dict, reupload: str = ""
) -> dict:
    """The template's context for the step: nothing when a mapping cannot help. `pending` names the kept file
    (hidden field name → value), `values` are the values a word may stand for; `reupload` names the file field
    that asks for the file again (a roster or spending file is never kept before it is checked)."""
    if hint is None or not hint.useful:
        return {}
    return {
        "mapping": {
            "action": action,
            "pending": pending,
            "missing": hint.missing,
            "columns": hint.columns,
            "words": sorted(hint.words)[:MAX_WORDS],
            "values": values,
            "reupload": reupload,
        }
    }


def mapping_from_post(post, *, fields: list[str], values: list[str]) -> tuple[dict[str, str], dict[str, str]]:
    """(file column → field, file word → value) chosen in the step; anything not offered is left out."""
    columns = {}
    for key, column in post.items():
        field = key.removeprefix("kolom_")
        if key.startswith("kolom_") and field in fields and column:
            columns[column] = field
    words = {}
    for key, word in post.items():
        if key.startswith("woordtekst_"):
            chosen = post.get("woord_" + key.removeprefix("woordtekst_"), "")
            if chosen in values and word:
                words[word] = chosen
    return columns, words


def mapping_step_save(post, *, user, school: School, kind: str, fields: list[str], values: list[str]) -> bool:
    """Save what the step chose for the school and kind; False when nothing was chosen."""
    columns, words = mapping_from_post(post, fields=fields, values=values)
    if not columns and not words:
        return False
    import_mapping_save(user=user, school=school, kind=kind, columns=columns, values=words)
    return True
