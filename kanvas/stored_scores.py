"""Reading the scale scores stored in each Response (kanvas.models), as rows the pages aggregate.

Two queries whatever the number of responses: the scales, and the responses with their scores.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator

from kanvas.models import Response, Scale


def scale_results(scales: Iterable[Scale], fields: list[str], **filters) -> Iterator[tuple]:
    """(the values of `fields`…, scale, kanvas.fields.ScaleResult) for each stored score on one of `scales` in the responses
    that match `filters`; per response in the order of `scales`."""
    by_questionnaire: dict[int, list[Scale]] = defaultdict(list)
    for scale in scales:
        by_questionnaire[scale.questionnaire_id].append(scale)
    rows = Response.objects.filter(questionnaire_id__in=list(by_questionnaire), **filters).values_list(
        *fields, "questionnaire_id", "scores"
    )
    for *values, questionnaire_id, scores in rows:
        for scale in by_questionnaire[questionnaire_id]:
            result = scores.get(scale.id)
            if result is not None:
                yield (*values, scale, result)


def scales_where(**filters) -> list[Scale]:
    return list(Scale.objects.filter(**filters).select_related("questionnaire").order_by("order", "code"))
