from django.shortcuts import get_object_or_404

from ouderbetrokkenheid.models import Survey


def get_survey(request, survey_id: int) -> Survey:
    """A survey of the request's school, else 404."""
    return get_object_or_404(
        Survey.objects.select_related("template", "school_year", "school"),
        pk=survey_id,
        school=request.school,
    )


def error_messages(exc) -> list[str]:
    """Messages of a ValidationError as a flat list."""
    if hasattr(exc, "message_dict"):
        return [m for messages in exc.message_dict.values() for m in messages]
    return list(exc.messages)
