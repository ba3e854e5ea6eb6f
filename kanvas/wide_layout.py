"""KanVAS answers in the wide layout (CONTRACT §3): one row per pupil, moment and questionnaire, one column per item
code (`L01` … `L24`; an empty cell is not answered).

The layout is chosen from the header: item-code columns and no `vraag`/`antwoord` columns make a wide file. A clean
wide file is checked per questionnaire as a matrix of its item columns (`kanvas.answer_frame.wide_blocks`). A file
with an error is checked row by row, and there a wide row is read as the long rows it stands for (one per item column
of the row's questionnaire, and one per filled cell of another questionnaire's item, which the checks then refuse),
so the rules and the errors stay those of the long layout; an error about an answer names the item's column.
"""

from collections.abc import Iterator

from django.utils.translation import gettext as _

from kanvas.scoring import QuestionnaireDef
from npo_planner.lib.import_errors import ImportErrors

PLACE_COLUMNS = ["leerling", "groep", "meetmoment", "vragenlijst"]
LONG_COLUMNS = ["vraag", "antwoord"]
ITEM_COLUMN = "_kolom"  # in a long row made from a wide one: the file column of the answer


def item_codes(instruments: dict[str, QuestionnaireDef]) -> dict[str, str]:
    """Normalised header name → item code, for every item of every questionnaire."""
    return {code.lower(): code for questionnaire in instruments.values() for code in questionnaire.items}


def answer_layout(instruments: dict[str, QuestionnaireDef], optional: list[str]):
    """The `read_table` layout of an answers file: (required, optional) for the long or the wide layout."""
    codes = item_codes(instruments)

    def layout(columns: list[str]) -> tuple[list[str], list[str]]:
        items = [column for column in columns if column in codes]
        if items and not set(LONG_COLUMNS) & set(columns):
            return PLACE_COLUMNS, [*optional, *items]
        return [*PLACE_COLUMNS, *LONG_COLUMNS], list(optional)

    return layout


def is_wide(known) -> bool:
    return "vraag" not in known


def wide_item_columns(columns: list[str], instruments: dict[str, QuestionnaireDef]) -> list[tuple[str, str]]:
    """(normalised column, item code) of the item columns in file order."""
    codes = item_codes(instruments)
    return [(column, codes[column]) for column in columns if column in codes]


class LongRows:
    """The long rows a wide file stands for, made afresh on each iteration (a 500,000-row file stays small)."""

    def __init__(self, rows, item_columns, instruments, errors: ImportErrors):
        self.rows = rows
        self.item_columns = item_columns
        self.instruments = instruments
        self.errors = errors
        self._reported = False

    def __iter__(self) -> Iterator[tuple[int, dict[str, str]]]:
        report = not self._reported
        self._reported = True
        present = {code for _column, code in self.item_columns}
        for row, values in self.rows:
            questionnaire = self.instruments.get(values.get("vragenlijst", "").lower())
            if questionnaire is None:
                yield row, {**values, "vraag": "", "antwoord": ""}  # the unknown questionnaire, reported once
                continue
            if report and not present & questionnaire.items.keys():
                self.errors.add(
                    _("het bestand heeft geen kolommen met de vragen van vragenlijst %(q)s (%(items)s).")
                    % {"q": questionnaire.code, "items": questionnaire.item_range()},
                    row=row,
                    column="vragenlijst",
                    value=values.get("vragenlijst", ""),
                )
                continue
            for column, code in self.item_columns:
                text = values.get(column, "")
                if code in questionnaire.items or text:
                    yield row, {**values, "vraag": code, "antwoord": text, ITEM_COLUMN: code}
