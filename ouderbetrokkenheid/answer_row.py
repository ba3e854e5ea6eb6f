"""A response's answers kept in its own row: one character per statement and one per involvement option.

Character n-1 of `Response.statement_answers` is the answer to statement n ('1'–'4'), of `option_answers` the
points for option n ('1'–'3'); NO_ANSWER marks an item left empty, and trailing empty items are left off. A whole
questionnaire is then one row (written by COPY or one INSERT), and the results count each item's answers with
SUBSTR in one pass over the survey's rows on PostgreSQL and SQLite alike."""

from collections.abc import Iterable, Mapping

NO_ANSWER = "."
STATEMENT_PATTERN = r"^[1-4.]*$"
OPTION_PATTERN = r"^[1-3.]*$"


def encode(values: Mapping[int, int]) -> str:
    """{number: value} → the row's text, e.g. {1: 3, 3: 4} → '3.4'."""
    if not values:
        return ""
    return "".join(str(values[n]) if n in values else NO_ANSWER for n in range(1, max(values) + 1))


def decode(text: str) -> dict[int, int]:
    """The row's text → {number: value} of the items answered."""
    return {index: int(char) for index, char in enumerate(text or "", start=1) if char != NO_ANSWER}


def encode_answers(answers: Iterable[tuple[str, int, int]]) -> tuple[str, str]:
    """(kind 's'/'p', number, value) triples → (statement text, option text)."""
    by_kind: dict[str, dict[int, int]] = {"s": {}, "p": {}}
    for kind, number, value in answers:
        by_kind[kind][number] = value
    return encode(by_kind["s"]), encode(by_kind["p"])


def encode_codes(answers: Mapping[str, int]) -> tuple[str, str]:
    """{'s1': 3, 'p2': 1} → (statement text, option text)."""
    return encode_answers((code[0], int(code[1:]), value) for code, value in answers.items())


def answer_codes(statements: str, options: str) -> dict[str, int]:
    """Both texts → {'s1': 3, …, 'p1': 2, …}: statements first, each in number order."""
    return {
        **{f"s{n}": value for n, value in decode(statements).items()},
        **{f"p{n}": value for n, value in decode(options).items()},
    }
