"""The online questionnaire: reached through an unguessable link, no account, nothing that identifies the parent.

Parents and team each have their own link (Survey.token, Survey.team_token): who answers follows from the link,
never from a query parameter. A second answer from the same browser is refused with a signed cookie, and one network
address can send only so many answers per survey and period (ouderbetrokkenheid.online_limit, counted in the cache
only); no IP address is stored anywhere."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from ouderbetrokkenheid.forms import QuestionnaireForm
from ouderbetrokkenheid.models import RespondentKind, Response, Survey
from ouderbetrokkenheid.online_limit import client_address, count_answer, limit_reached
from ouderbetrokkenheid.services import response_record

COOKIE_SALT = "ouderbetrokkenheid.online"
COOKIE_AGE = 400 * 24 * 60 * 60


def cookie_name(survey: Survey) -> str:
    return f"peiling_{survey.pk}"


def already_answered(request, survey: Survey) -> bool:
    return request.get_signed_cookie(cookie_name(survey), default=None, salt=COOKIE_SALT) == "1"


def survey_for_link(token: str) -> tuple[Survey, str]:
    """The survey and who answers through this link: the parents' token or the team's; else 404."""
    surveys = Survey.objects.select_related("school", "template")
    survey = surveys.filter(token=token).first()
    if survey is not None:
        return survey, RespondentKind.PARENT
    survey = surveys.filter(team_token=token).first()
    if survey is not None:
        return survey, RespondentKind.TEAM
    raise Http404


@never_cache
def online_survey(request, token):
    survey, respondent = survey_for_link(token)
    context = {"survey": survey, "respondent": respondent, "school": survey.school}
    if already_answered(request, survey):
        context["thanks"] = request.GET.get("bedankt") == "1"
        return render(request, "ouderbetrokkenheid/public_done.html", context)
    if not survey.accepts_online_answers():
        return render(request, "ouderbetrokkenheid/public_closed.html", context)
    items = (list(survey.template.statements.all()), list(survey.template.options.all()))
    form = QuestionnaireForm(
        request.POST or None, template_items=items, style="radios", respondent=respondent
    )
    address = client_address(request)
    if request.method == "POST" and limit_reached(survey.pk, address):
        form.add_error(
            None,
            _(
                "Er zijn vanaf dit netwerk in korte tijd veel antwoorden op deze vragenlijst verstuurd. Probeer "
                "het over een uur nog eens."
            ),
        )
        context["form"] = form
        return render(request, "ouderbetrokkenheid/public_form.html", context, status=429)
    if request.method == "POST" and form.is_valid():
        try:
            response_record(user=None, survey=survey, filled=form.filled(), source=Response.Source.ONLINE)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            count_answer(survey.pk, address)
            reply = redirect(request.path + "?bedankt=1")
            reply.set_signed_cookie(
                cookie_name(survey),
                "1",
                salt=COOKIE_SALT,
                max_age=COOKIE_AGE,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
                path=request.path,
            )
            return reply
    context["form"] = form
    return render(request, "ouderbetrokkenheid/public_form.html", context)
