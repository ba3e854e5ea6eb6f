"""Free text that readers of aggregates see (MR, bestuur, the PDF) may not name a pupil: one check for every such
field, built on `selectors.pupils_named_in` (the school's pupil codes and first names)."""

import re
from collections.abc import Hashable, Mapping

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from npo_planner.scholen.selectors import pupils_named_in

WORD = re.compile(r"[\w'-]+")


def pupil_mention_message(words: list[str]) -> str:
    return _(
        "De tekst noemt een leerling (%(words)s). Schrijf deze tekst zonder namen of leerlingcodes: de MR en het "
        "bestuur lezen mee."
    ) % {"words": ", ".join(f"'{word}'" for word in words)}


def pupil_mentions(*, school, texts: Mapping[Hashable, str | None]) -> dict[Hashable, list[str]]:
    """Per key of `texts` the pupil codes and first names its text names (keys without any are left out). One
    query for all texts together; when that finds a pupil, one more per text that may hold it."""
    texts = {key: text for key, text in texts.items() if isinstance(text, str) and text.strip()}
    if not texts:
        return {}
    found = {word.lower() for word in pupils_named_in(school=school, text="\n".join(texts.values()))}
    result = {}
    for key, text in texts.items():
        if found & {word.lower() for word in WORD.findall(text)}:
            named = pupils_named_in(school=school, text=text)
            if named:
                result[key] = named
    return result


def refuse_pupil_mentions(*, school, texts: Mapping[str, str | None]) -> None:
    """Raise a ValidationError with, per field whose text names a pupil of `school`, a Dutch message naming the
    codes or names found. `texts`: field name → text (for rows, e.g. 'rows-2-aim')."""
    named = pupil_mentions(school=school, texts=texts)
    if named:
        raise ValidationError({key: pupil_mention_message(words) for key, words in named.items()})


def free_text_fields(model) -> set[str]:
    """The fields of `model` a person writes text in: character and text fields without choices."""
    return {
        field.name
        for field in model._meta.get_fields()
        if isinstance(field, models.CharField | models.TextField) and not field.choices and field.editable
    }


def refuse_pupil_mentions_in(*, school, model, values: Mapping[str, object], staff_names=()) -> None:
    """`refuse_pupil_mentions` for the free-text fields of `model` among `values` (field name → new value).
    `staff_names`: fields that name staff on purpose (a teacher may share a first name with a pupil)."""
    names = free_text_fields(model) - set(staff_names)
    refuse_pupil_mentions(
        school=school, texts={name: value for name, value in values.items() if name in names}
    )
