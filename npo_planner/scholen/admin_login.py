"""The admin (/beheer/) has no login form of its own.

Django's admin login would check the password only: no lock after failed attempts, no second factor, no login
record. Everyone logs in through the app instead, and the admin takes the session from there.
"""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme


def admin_login(request, extra_context=None):
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    next_url = next_url or reverse("admin:index")
    if not request.user.is_authenticated:
        return redirect_to_login(next_url)
    if not (request.user.is_active and request.user.is_staff):
        raise PermissionDenied
    return redirect(next_url)
