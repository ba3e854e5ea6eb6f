"""The responses of a checked survey file as columns (one entry per response, in file order), not an object per row:
what the preview counts, what the pending file keeps between preview and confirm (`stored` / `from_stored`, plain
JSON) and what the writer copies into the database in one statement (`write_responses`)."""

import secrets
from dataclasses import dataclass, field
from itertools import repeat

import numpy as np
from django.db import connection

from npo_planner.lib.pg_copy import copy_text, copy_value
from ouderbetrokkenheid.answer_row import encode_answers
from ouderbetrokkenheid.models import PUBLIC_ID_ALPHABET, PUBLIC_ID_LENGTH, RespondentKind, Response

STORED_FORMAT = 2  # 1 (no "format" key): a list per row, kept by the code before this module
KIND_CHARS = {RespondentKind.PARENT: "o", RespondentKind.TEAM: "t"}
KINDS = {char: kind.value for kind, char in KIND_CHARS.items()}
STAGE_BITS = {"onderbouw": 1, "middenbouw": 2, "bovenbouw": 4}


@dataclass
class Responses:
    respondents: str = ""  # a character per response: 'o' ouder, 't' team (KIND_CHARS)
    stages: str = ""  # a digit per response: the sum of its stages' STAGE_BITS ('0': no bouw given)
    statements: list[str] = field(default_factory=list)  # the answer_row texts of the statements
    options: list[str] = field(default_factory=list)  # and of the involvement options
    remarks: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.respondents)

    def count(self, kind: str) -> int:
        return self.respondents.count(KIND_CHARS[kind])

    def append(self, respondent: str, stages: list[str], statements: str, options: str, remark: str) -> None:
        """One response of the row-by-row check (a file with errors, or one the column check does not vouch for)."""
        self.respondents += KIND_CHARS[respondent]
        self.stages += str(stage_bits(stages))
        self.statements.append(statements)
        self.options.append(options)
        self.remarks.append(remark)


def stage_bits(stages) -> int:
    return sum(STAGE_BITS[stage] for stage in stages)


def stored(responses: Responses) -> dict:
    return {
        "format": STORED_FORMAT,
        "respondents": responses.respondents,
        "stages": responses.stages,
        "statements": responses.statements,
        "options": responses.options,
        "remarks": responses.remarks,
    }


def from_stored(parsed: dict) -> Responses:
    if parsed.get("format") == STORED_FORMAT:
        return Responses(
            parsed["respondents"],
            parsed["stages"],
            parsed["statements"],
            parsed["options"],
            parsed["remarks"],
        )
    # Checked by the code before this module (a pending file lives a day): a list per row, its answers as the
    # row's texts or, before the answers moved into the response row, as (kind, number, value) lists.
    responses = Responses()
    for respondent, stages, *answers, remark in parsed["rows"]:
        if len(answers) == 1:
            answers = encode_answers(tuple(a) for a in answers[0])
        responses.append(respondent, stages, *answers, remark)
    return responses


def public_ids(count: int) -> list[str]:
    """`count` random public codes like `models.new_public_id`, from one read of the secure generator: 7 random
    bytes each, a uniform number below 31^10 (a draw at or above the largest multiple of 31^10 under 2^56 is
    dropped and made up for), written in the code's alphabet."""
    base = len(PUBLIC_ID_ALPHABET)
    top = base**PUBLIC_ID_LENGTH
    limit = (256**7 // top) * top
    alphabet = np.frombuffer(PUBLIC_ID_ALPHABET.encode(), dtype=np.uint8)
    numbers = np.empty(0, dtype=np.uint64)
    while len(numbers) < count:
        wanted = count - len(numbers)
        raw = np.frombuffer(secrets.token_bytes(7 * wanted), dtype=np.uint8).reshape(wanted, 7)
        drawn = np.zeros(wanted, dtype=np.uint64)
        for column in range(7):
            drawn = (drawn << np.uint64(8)) | raw[:, column].astype(np.uint64)
        numbers = np.concatenate([numbers, drawn[drawn < limit] % np.uint64(top)])
    digits = np.empty((count, PUBLIC_ID_LENGTH), dtype=np.uint8)
    for position in range(PUBLIC_ID_LENGTH):
        numbers, digits[:, position] = np.divmod(numbers, np.uint64(base))
    return alphabet[digits].view(f"S{PUBLIC_ID_LENGTH}").ravel().astype(f"U{PUBLIC_ID_LENGTH}").tolist()


COLUMNS = [
    "survey_id",
    "respondent",
    "onderbouw",
    "middenbouw",
    "bovenbouw",
    "remark",
    "source",
    "public_id",
    "statement_answers",
    "option_answers",
]


def _defaults(columns: list[str]) -> tuple[list[str], list]:
    """The other columns of a response and their field's default, computed once (not a model per row)."""
    fields = [f for f in Response._meta.concrete_fields if not f.primary_key and f.column not in columns]
    blank = Response()
    return [f.column for f in fields], [
        f.get_db_prep_save(f.pre_save(blank, add=True), connection) for f in fields
    ]


def write_responses(survey_id: int, responses: Responses) -> None:
    """Insert the responses as imported answers of the survey, in one statement whatever their number: COPY on
    PostgreSQL, one executemany INSERT elsewhere. Each row is built from the columns by C-level joins and lookups
    (a stage digit to its three flags, a kind character to its word, each distinct remark escaped once), never as
    a model instance."""
    other_columns, other_values = _defaults(COLUMNS)
    kinds = map(KINDS.__getitem__, responses.respondents)
    ids = public_ids(len(responses))
    if connection.vendor == "postgresql":
        flags = {str(bits): "\t".join("tf"[not bits & bit] for bit in (1, 2, 4)) for bits in range(8)}
        constant = "".join("\t" + copy_value(value) for value in other_values)
        line = f"{survey_id}\t{{}}\t{{}}\t{{}}\t{Response.Source.IMPORT}\t{{}}\t{{}}\t{{}}{constant}\n".format
        text = "".join(
            map(
                line,
                kinds,
                map(flags.__getitem__, responses.stages),
                map(
                    {text: copy_value(text) for text in set(responses.remarks)}.__getitem__, responses.remarks
                ),
                ids,
                responses.statements,
                responses.options,
            )
        )
        copy_text(Response, [*COLUMNS, *other_columns], text)
        return
    flags = {str(bits): tuple(bool(bits & bit) for bit in (1, 2, 4)) for bits in range(8)}
    onder, midden, boven = (
        zip(*map(flags.__getitem__, responses.stages), strict=True) if responses else ((), (), ())
    )
    rows = zip(
        repeat(survey_id),
        kinds,
        onder,
        midden,
        boven,
        responses.remarks,
        repeat(Response.Source.IMPORT.value),
        ids,
        responses.statements,
        responses.options,
        *(repeat(value) for value in other_values),
    )
    table = connection.ops.quote_name(Response._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in [*COLUMNS, *other_columns])
    marks = ", ".join(["%s"] * (len(COLUMNS) + len(other_columns)))
    sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608 - names from the model, quoted
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
