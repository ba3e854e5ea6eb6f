"""Who must act is told by mail: the MR members when a version awaits their decision, the board's members (who
record the GMR's decision) when the GMR's does, and the directeur when a council decided. Mails go out after the
transaction commits (nothing is announced that was rolled back), one per recipient (nobody sees the others'
addresses), through Django's mail (console in development, SMTP in production; see README)."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse

from npo_planner.programma.comparisons import comparisons_for
from npo_planner.programma.models import Council, Submission
from npo_planner.scholen.models import Membership
from npo_planner.scholen.roles import Role

logger = logging.getLogger(__name__)


def _link(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _addresses(query: Q) -> list[str]:
    emails = Membership.objects.filter(query, user__is_active=True).exclude(user__email="")
    return sorted(set(emails.values_list("user__email", flat=True)))


def recipients(submission: Submission, role: str) -> list[str]:
    school = submission.programme.school
    if role == Role.BESTUUR:
        return _addresses(Q(role=Role.BESTUUR, board_id=school.board_id))
    return _addresses(Q(role=role, school=school))


def _messages(template: str, context: dict, to: list[str]) -> list[EmailMessage]:
    subject = "".join(render_to_string(f"programma/mail/{template}_subject.txt", context).splitlines())
    body = render_to_string(f"programma/mail/{template}_body.txt", context)
    return [EmailMessage(subject, body, None, [address]) for address in to]


def _send(messages: list[EmailMessage]) -> None:
    if messages:
        get_connection().send_messages(messages)


def _after_commit(build) -> None:
    """Build and send the mails once the change is committed. A mail server that fails does not undo the
    decision: Django logs the error (`robust`), the pages show the decision and the dashboard card remains."""
    transaction.on_commit(lambda: _send(build()), robust=True)


def _changes_summary(submission: Submission) -> list[dict]:
    rows = []
    for c in comparisons_for(submission):
        rows.append(
            {
                "title": c.title,
                "added": [i["name"] for i in c.changes.added],
                "removed": [i["name"] for i in c.changes.removed],
                "changed": [i.name for i in c.changes.changed],
                "any": c.changes.any,
            }
        )
    return rows


def _context(submission: Submission) -> dict:
    programme = submission.programme
    return {
        "submission": submission,
        "programme": programme,
        "school": programme.school,
        "submitted_by": submission.submitted_by.get_full_name() or submission.submitted_by.username
        if submission.submitted_by
        else "",
        "changes": _changes_summary(submission),
    }


def version_submitted(submission: Submission) -> None:
    """Tell the MR (and the board for the GMR, when needed) that this version awaits their decision."""

    def build():
        context = _context(submission)
        brin, pk = submission.programme.school.brin, submission.programme_id
        mr = {
            **context,
            "council": Council.MR.label,
            "link": _link(reverse("programma:decide", kwargs={"brin": brin, "programme_id": pk})),
        }
        messages = _messages("awaits_decision", mr, recipients(submission, Role.MR))
        if submission.needs_gmr:
            gmr = {
                **context,
                "council": Council.GMR.label,
                "link": _link(reverse("bestuur:gmr_decide", kwargs={"programme_id": pk})),
            }
            messages += _messages("awaits_decision", gmr, recipients(submission, Role.BESTUUR))
        return messages

    _after_commit(build)


def decision_taken(submission: Submission, council: Council) -> None:
    """Tell the directeur which decision this council took on this version."""

    def build():
        prefix = "" if council == Council.MR else "gmr_"
        programme = submission.programme
        context = {
            **_context(submission),
            "council": council.label,
            "decision": Submission.Decision(submission.decision_of(council)).label.lower(),
            "consent": submission.decision_of(council) == Submission.Decision.CONSENT,
            "decided_on": getattr(submission, f"{prefix}decided_on"),
            "remarks": getattr(submission, f"{prefix}remarks"),
            "still_awaited": [str(c.label) for c in submission.awaited],
            "link": _link(
                reverse(
                    "programma:detail",
                    kwargs={"brin": programme.school.brin, "programme_id": programme.pk},
                )
            ),
        }
        return _messages("decision_taken", context, recipients(submission, Role.DIRECTEUR))

    _after_commit(build)
