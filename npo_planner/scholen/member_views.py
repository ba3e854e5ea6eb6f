"""The directeur manages who has which role in the school."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from npo_planner.scholen.access import school_view
from npo_planner.scholen.forms import client_ip
from npo_planner.scholen.member_forms import MemberInviteForm
from npo_planner.scholen.models import Membership
from npo_planner.scholen.roles import Role
from npo_planner.scholen.services import locked_usernames, login_unlock, member_invite, membership_revoke


def _send_invitation(request, membership):
    """The invited colleague learns which school, which role and who invited them, with a link (valid as long as a
    password-reset link) to choose a password. Django's reset form skips accounts without a usable password."""
    user = membership.user
    context = {
        "user": user,
        "school": request.school,
        "role": membership.get_role_display(),
        "inviter": request.user.get_full_name() or request.user.username,
        "link": request.build_absolute_uri(
            reverse(
                "password_reset_confirm",
                kwargs={
                    "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                    "token": default_token_generator.make_token(user),
                },
            )
        ),
        "days": settings.PASSWORD_RESET_TIMEOUT // (24 * 60 * 60),
    }
    subject = "".join(render_to_string("registration/invitation_subject.txt", context).splitlines())
    body = render_to_string("registration/invitation_email.txt", context)
    send_mail(subject, body, None, [user.email])


@school_view(Role.DIRECTEUR)
def member_list(request):
    members = list(
        Membership.objects.filter(school=request.school)
        .select_related("user")
        .prefetch_related("groups")
        .order_by("role", "user__username")
    )
    locked = locked_usernames(usernames=[m.user.username for m in members])
    for membership in members:
        membership.locked = membership.user.username in locked
    form = MemberInviteForm(request.POST or None, school=request.school, school_year=request.school_year)
    if request.method == "POST" and form.is_valid():
        try:
            membership = member_invite(
                school=request.school,
                username=form.cleaned_data["username"],
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                groups=list(form.cleaned_data["groups"]),
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if not membership.user.has_usable_password():
                _send_invitation(request, membership)
            messages.success(
                request,
                _("%(user)s is toegevoegd en krijgt een e-mail om een wachtwoord te kiezen.")
                % {"user": form.cleaned_data["username"]},
            )
            return redirect("scholen:members", brin=request.school.brin)
    return render(
        request,
        "scholen/members.html",
        {
            "members": members,
            "form": form,
            "lock_failures": settings.LOGIN_LOCK_FAILURES,
            "lock_minutes": settings.LOGIN_LOCK_MINUTES,
        },
    )


@school_view(Role.DIRECTEUR)
@require_POST
def member_revoke(request, membership_id):
    membership = get_object_or_404(
        Membership.objects.select_related("user"), pk=membership_id, school=request.school
    )
    try:
        membership_revoke(membership=membership, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("De rol van %(user)s is ingetrokken.") % {"user": membership.user.username}
        )
    return redirect("scholen:members", brin=request.school.brin)


@school_view(Role.DIRECTEUR)
@require_POST
def member_unlock(request, membership_id):
    """Lift the login lock of a colleague of this school (issue: a wrong password five times locked anyone)."""
    membership = get_object_or_404(
        Membership.objects.select_related("user"), pk=membership_id, school=request.school
    )
    login_unlock(user=membership.user, actor=request.user, school=request.school, ip=client_ip(request))
    messages.success(
        request,
        _("%(user)s kan weer inloggen: de blokkade is opgeheven.") % {"user": membership.user.username},
    )
    return redirect("scholen:members", brin=request.school.brin)
