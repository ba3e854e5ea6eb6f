"""Recognising the columns and answer words of a survey file (CONTRACT §5), also as form tools write it.

A column is a field (`respondent`, `bouw`, `s1` … `sN`, `p1` … `pM`, `opmerking`) by its code, by the template's
text of the statement or option (parent or team wording; case, punctuation and surrounding spaces ignored), by the
words of a form's question for a fixed field, or by the school's mapping (`npo_planner.lib.column_mapping`, the
same for every kind of file). Every other column (a timestamp, an ID, Naam, E-mail …) is ignored: it is not kept
in the rows read, never stored, and named in the preview. Answers may be the words of their scale.
"""

from npo_planner.lib.column_mapping import Mapping, text_key

STATEMENT_WORDS = {"oneens": "1", "een beetje oneens": "2", "een beetje eens": "3", "mee eens": "4"}
OPTION_WORDS = {"niet belangrijk": "1", "een beetje belangrijk": "2", "belangrijk": "3"}


def field_texts(statements, options) -> dict[str, str]:
    """text_key of a statement's or option's wording → field code."""
    texts = {}
    for kind, rows in (("s", statements), ("p", options)):
        for number, *wordings in rows:
            for wording in wordings:
                if wording and text_key(wording):
                    texts.setdefault(text_key(wording), f"{kind}{number}")
    return texts


def by_word(key: str) -> str | None:
    """A form's question for a fixed field, by its words: 'In welke bouw zit uw kind' is bouw, 'Heeft u nog
    opmerkingen' is opmerking, 'Bent u ouder of teamlid' is respondent."""
    words = set(key.split())
    if "respondent" in words or (words & {"ouder", "ouders"} and words & {"team", "teamlid"}):
        return "respondent"
    if any(word.endswith("bouw") for word in words):
        return "bouw"
    if any(word.startswith("opmerking") for word in words):
        return "opmerking"
    return None


def word_values(mapping: Mapping) -> dict[str, dict[str, str]]:
    """Per kind of field, text_key of a word → the text the field's parser takes."""
    return {
        "s": {**STATEMENT_WORDS, **mapping.values},
        "p": {**OPTION_WORDS, **mapping.values},
        "other": dict(mapping.values),
    }
