from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, register_converter

from npo_planner import health
from npo_planner.scholen import twofactor_views
from npo_planner.scholen import views as scholen_views
from ouderbetrokkenheid.views import public as ouderpeiling_public


class BrinConverter:
    regex = "[0-9]{2}[A-Z]{2}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(BrinConverter, "brin")

account_patterns = [
    path("inloggen/", scholen_views.LoginView.as_view(), name="login"),
    path("uitloggen/", scholen_views.LogoutView.as_view(), name="logout"),
    path("inloggen/code/", twofactor_views.verify, name="two_factor_verify"),
    path("inloggen/instellen/", twofactor_views.setup_during_login, name="two_factor_setup"),
    path("tweestapsverificatie/", twofactor_views.manage, name="two_factor_manage"),
    path(
        "tweestapsverificatie/herstelcodes/", twofactor_views.recovery_codes, name="two_factor_recovery_codes"
    ),
    path(
        "tweestapsverificatie/herstelcodes/nieuw/",
        twofactor_views.renew_recovery_codes,
        name="two_factor_renew_recovery_codes",
    ),
    path("tweestapsverificatie/uitzetten/", twofactor_views.remove, name="two_factor_remove"),
    path("wachtwoord/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("wachtwoord/gewijzigd/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("wachtwoord-vergeten/", scholen_views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "wachtwoord-vergeten/verstuurd/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "wachtwoord-herstellen/<uidb64>/<token>/",
        scholen_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "wachtwoord-herstellen/klaar/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]

# Every school page lives under /<brin>/ and goes through npo_planner.scholen.access.
school_patterns = [
    path("", include("npo_planner.scholen.urls")),
    path("schoolscan/", include("schoolscan.urls")),
    path("menukaart/", include("menukaart.urls")),
    path("kanvas/", include("kanvas.urls")),
    path("ouders/", include("ouderbetrokkenheid.urls")),
    path("programma/", include("npo_planner.programma.urls")),
    path("taken/", include("npo_planner.jobs.school_urls")),
]

urlpatterns = [
    path("", scholen_views.home, name="home"),
    path("health/", health.health, name="health"),
    path("account/", include(account_patterns)),
    path("beheer/", admin.site.urls),
    path("bestuur/", include("npo_planner.programma.board_urls")),
    # The online parent survey: public, reached only through its unguessable link.
    path("peiling/<str:token>/", ouderpeiling_public.online_survey, name="ouderpeiling_online"),
    path("<brin:brin>/", include(school_patterns)),
]
