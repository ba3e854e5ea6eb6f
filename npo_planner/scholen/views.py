from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from npo_planner.scholen import login_flow, twofactor
from npo_planner.scholen.access import school_view
from npo_planner.scholen.forms import (
    LockingAuthenticationForm,
    RateLimitedPasswordResetForm,
    SchoolYearSwitchForm,
    client_ip,
)
from npo_planner.scholen.models import AuthEvent, SchoolYear
from npo_planner.scholen.registry import cycle_steps, dashboard_cards
from npo_planner.scholen.roles import Role
from npo_planner.scholen.selectors import SESSION_YEAR_KEY, audit_entries, groups_for, schools_for_user
from npo_planner.scholen.services import auth_event_record


class LoginView(auth_views.LoginView):
    """Step one: the password. Users with an authenticator app (or a role that requires one) go on to step two."""

    form_class = LockingAuthenticationForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        has_device = twofactor.confirmed_device(user) is not None
        if has_device or twofactor.required_for(user):
            login_flow.pending_start(self.request, user, self.get_success_url())
            return redirect("two_factor_verify" if has_device else "two_factor_setup")
        login_flow.complete(self.request, user)
        return redirect(self.get_success_url())


class PasswordResetView(auth_views.PasswordResetView):
    form_class = RateLimitedPasswordResetForm


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Choosing a new password through the e-mailed link proves the mailbox: it lifts a login lock too, so a
    colleague who locked their account (or had it locked by someone else) can log in right away."""

    def form_valid(self, form):
        response = super().form_valid(form)
        auth_event_record(
            username=form.user.username,
            kind=AuthEvent.Kind.UNLOCK,
            user=form.user,
            ip=client_ip(self.request),
        )
        return response


class LogoutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            auth_event_record(username=request.user.username, kind=AuthEvent.Kind.LOGOUT, user=request.user)
        return super().post(request, *args, **kwargs)


@login_required
def home(request):
    """Land in the own school; someone with several schools (bestuur) picks one."""
    schools = schools_for_user(request.user)
    if len(schools) == 1:
        return redirect("scholen:dashboard", brin=schools[0].brin)
    return render(request, "scholen/choose_school.html", {"schools": schools})


@school_view()
def dashboard(request):
    steps = cycle_steps(school=request.school, school_year=request.school_year, role=request.role)
    groups = list(groups_for(school=request.school, school_year=request.school_year))
    return render(
        request,
        "scholen/dashboard.html",
        {
            "steps": steps,
            "cards": dashboard_cards(
                school=request.school, school_year=request.school_year, role=request.role, user=request.user
            ),
            "groups": groups,
            "n_pupils": sum(g.n_pupils for g in groups),
        },
    )


@school_view()
@require_POST
def school_year_switch(request):
    form = SchoolYearSwitchForm(request.POST)
    if form.is_valid() and SchoolYear.objects.filter(label=form.cleaned_data["school_year"]).exists():
        chosen = request.session.get(SESSION_YEAR_KEY, {})
        chosen[request.school.brin] = form.cleaned_data["school_year"]
        request.session[SESSION_YEAR_KEY] = chosen
        messages.success(
            request, _("Schooljaar %(year)s gekozen.") % {"year": form.cleaned_data["school_year"]}
        )
    else:
        messages.error(request, _("Dat schooljaar bestaat niet."))
    target = request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = ""
    if target:
        return redirect(target)
    return redirect("scholen:dashboard", brin=request.school.brin)


@school_view(Role.DIRECTEUR)
def audit_log(request):
    page = Paginator(audit_entries(school=request.school), 50).get_page(request.GET.get("pagina"))
    return render(request, "scholen/audit_log.html", {"page": page})
