"""Column-wise check of a survey file for the common case: a file without errors (like kanvas.answer_frame).

The file is read as categorical columns (npo_planner.lib.tabular.read_frame): each distinct text of a column is
checked once by the row-by-row rules (`ouderbetrokkenheid.answers`), and the rows are then assembled in numpy: an
answer character per row and item, a stage digit and a kind character per row. Returns the checked Responses and the
numbers of the empty rows, or None as soon as anything is wrong; the caller then checks row by row, which names every
error with its row number and its exact Dutch wording. Nothing here writes to the database.
"""

from collections.abc import Callable

import numpy as np

from ouderbetrokkenheid.answer_row import NO_ANSWER
from ouderbetrokkenheid.models import REMARK_MAX, RespondentKind
from ouderbetrokkenheid.response_columns import KIND_CHARS, Responses, stage_bits

DOT = ord(NO_ANSWER)


def responses_by_column(
    data,
    source: dict[str, str],
    *,
    parse_respondent: Callable,
    parse_stages: Callable,
    parse_answer: Callable[[str, str], tuple],
    answer_fields: list[tuple[str, int, str]],
    parents_only: list[int],
) -> tuple[Responses, list[int]] | None:
    """`data`: the DataFrame of read_frame; `source`: field → file column; the parsers take a cell's text and
    return (value, Dutch error or None); `answer_fields`: (kind 's'/'p', number, field)."""
    count = len(data)
    if not count:
        return None

    def column(field: str) -> tuple[np.ndarray, list[str]]:
        """(code per row, the distinct texts) of a field's file column; a field without a column is empty."""
        name = source.get(field)
        if not name:
            return np.zeros(count, dtype=np.int64), [""]
        values = data[name]
        return values.cat.codes.to_numpy().astype(np.int64), values.cat.categories.tolist()

    def per_text(texts: list[str], parse: Callable, encode: Callable) -> np.ndarray | None:
        """Each distinct text parsed once, encoded as one byte; None when a text is no valid value."""
        encoded = np.empty(len(texts), dtype=np.uint8)
        for index, text in enumerate(texts):
            value, message = parse(text)
            if message:
                return None
            encoded[index] = encode(value)
        return encoded

    codes, texts = column("respondent")
    kinds = per_text(texts, parse_respondent, lambda kind: ord(KIND_CHARS[kind]))
    codes_stages, texts_stages = column("bouw")
    stages = per_text(texts_stages, parse_stages, lambda found: ord(str(stage_bits(found))))
    codes_remarks, texts_remarks = column("opmerking")
    if kinds is None or stages is None or any(len(text) > REMARK_MAX for text in texts_remarks):
        return None
    row_kinds, row_stages = kinds[codes], stages[codes_stages]
    has_remark = np.asarray([bool(text.strip()) for text in texts_remarks], dtype=bool)[codes_remarks]

    matrices = {}
    for kind in ("s", "p"):
        fields = [(number, name) for k, number, name in answer_fields if k == kind]
        matrix = np.full((count, max((n for n, _name in fields), default=0)), DOT, dtype=np.uint8)
        for number, name in fields:
            answer_codes, answer_texts = column(name)
            chars = per_text(
                answer_texts,
                lambda text, kind=kind: parse_answer(kind, text),
                lambda value: DOT if value is None else ord(str(value)),
            )
            if chars is None:
                return None
            matrix[:, number - 1] = chars[answer_codes]
        matrices[kind] = matrix
    if parents_only:
        team = row_kinds == ord(KIND_CHARS[RespondentKind.TEAM])
        if (team & (matrices["s"][:, [n - 1 for n in parents_only]] != DOT).any(axis=1)).any():
            return None

    statements, statement_lengths = _row_texts(matrices["s"])
    options, option_lengths = _row_texts(matrices["p"])
    empty = (statement_lengths == 0) & (option_lengths == 0) & ~has_remark
    keep = np.flatnonzero(~empty)
    responses = Responses(
        respondents=row_kinds[keep].tobytes().decode("ascii"),
        stages=row_stages[keep].tobytes().decode("ascii"),
        statements=statements[keep].tolist(),
        options=options[keep].tolist(),
        remarks=np.asarray(texts_remarks, dtype=object)[codes_remarks[keep]].tolist(),
    )
    return responses, data["row"].to_numpy()[empty].tolist()


def _row_texts(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each row's answer characters as its text with the trailing NO_ANSWERs left off (answer_row), and its
    length."""
    count, width = matrix.shape
    answered = matrix != DOT
    lengths = np.where(answered.any(axis=1), width - np.argmax(answered[:, ::-1], axis=1), 0)
    if not width:
        return np.full(count, "", dtype=object), lengths
    texts = np.strings.rstrip(np.ascontiguousarray(matrix).view(f"S{width}").ravel(), NO_ANSWER.encode())
    return texts.astype(f"U{width}"), lengths
