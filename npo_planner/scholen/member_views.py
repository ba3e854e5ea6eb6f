"""The directeur manages who has which role in the school."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
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


def _send_password_link(request, user):
    """The same mail as 'wachtwoord vergeten'; Django's own form skips accounts without a usable password."""
    context = {
        "email": user.email,
        "domain": request.get_host(),
        "site_name": "NPO-planner",
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "user": user,
        "token": default_token_generator.make_token(user),
        "protocol": "https" if request.is_secure() else "http",
    }
    PasswordResetForm().send_mail(
        "registration/password_reset_subject.txt",
        "registration/password_reset_email.html",
        context,
        None,
        user.email,
    )


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
                _send_password_link(request, membership.user)
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
