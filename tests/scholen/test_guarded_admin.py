"""The admin never lets one administrator silently overwrite another, raises `version`, and audits every change."""

from decimal import Decimal

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model

from kanvas.models import Questionnaire, Scale
from npo_planner.scholen.guarded_admin import GuardedModelAdmin, GuardedTabularInline
from npo_planner.scholen.models import AuditEntry, Group
from tests.html_forms import admin_form
from tests.programma.factories import make_programme

PROJECT_APPS = {"scholen", "programma", "schoolscan", "menukaart", "kanvas", "ouderbetrokkenheid"}
CONFLICT = "Iemand anders heeft dit intussen gewijzigd."


@pytest.fixture
def two_admins(db):
    """Two administrators, each in an own browser session."""
    from django.test import Client

    User = get_user_model()
    clients = []
    for name in ("beheer1", "beheer2"):
        client = Client()
        client.force_login(User.objects.create_superuser(name, f"{name}@example.org", "x" * 12))
        clients.append(client)
    return clients


def test_every_admin_page_of_the_project_is_guarded():
    registered = [
        model_admin
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in PROJECT_APPS
    ]
    assert len(registered) > 20
    for model_admin in registered:
        assert isinstance(model_admin, GuardedModelAdmin), type(model_admin)
        for inline in model_admin.inlines:
            assert issubclass(inline, GuardedTabularInline), inline


def test_a_change_saved_by_another_administrator_in_between_is_not_overwritten(two_admins):
    first, second = two_admins
    scale = Scale.objects.get(questionnaire__code="leerling", code="OS")
    url = f"/beheer/kanvas/scale/{scale.pk}/change/"
    opened_by_first = admin_form(first, url)

    changed_by_second = admin_form(second, url)
    changed_by_second["threshold"] = ["2.5"]
    assert second.post(url, changed_by_second).status_code == 302

    opened_by_first["name"] = ["Ongelukkig"]
    response = first.post(url, opened_by_first)
    assert response.status_code == 200
    page = response.content.decode()
    assert CONFLICT in page
    assert "Iemand anders heeft dit veld intussen gewijzigd." in page
    scale.refresh_from_db()
    assert scale.threshold == Decimal("2.5") and scale.name != "Ongelukkig"

    # Opened again, the page shows the new threshold and the first administrator's change is saved.
    reopened = admin_form(first, url)
    assert reopened["threshold"] == ["2,5"]  # shown with a decimal comma, as every number field
    reopened["name"] = ["Ongelukkig"]
    assert first.post(url, reopened).status_code == 302
    scale.refresh_from_db()
    assert scale.threshold == Decimal("2.5") and scale.name == "Ongelukkig"


def test_a_change_to_an_inline_row_in_between_is_not_overwritten(two_admins):
    first, second = two_admins
    questionnaire = Questionnaire.objects.get(code="leerling")
    url = f"/beheer/kanvas/questionnaire/{questionnaire.pk}/change/"
    opened_by_first = admin_form(first, url)
    scale_field = next(
        name for name, values in opened_by_first.items() if name.endswith("-code") and values == ["OS"]
    )
    threshold_field = scale_field.replace("-code", "-threshold")

    changed_by_second = admin_form(second, url)
    changed_by_second[threshold_field] = ["3.5"]
    assert second.post(url, changed_by_second).status_code == 302

    opened_by_first[threshold_field] = ["1.5"]
    response = first.post(url, opened_by_first)
    assert response.status_code == 200
    assert "Iemand anders heeft dit veld intussen gewijzigd." in response.content.decode()
    assert Scale.objects.get(questionnaire=questionnaire, code="OS").threshold == Decimal("3.5")


def test_the_editable_list_refuses_a_row_changed_in_between(two_admins):
    first, second = two_admins
    scale = Scale.objects.get(questionnaire__code="leerling", code="OS")
    list_url = f"/beheer/kanvas/scale/?q=&questionnaire__id__exact={scale.questionnaire_id}"
    opened_by_first = admin_form(first, list_url)
    row = next(
        name for name, values in opened_by_first.items() if name.endswith("-id") and values == [str(scale.pk)]
    )
    threshold_field = row.replace("-id", "-threshold")

    changed_by_second = admin_form(second, f"/beheer/kanvas/scale/{scale.pk}/change/")
    changed_by_second["threshold"] = ["2.5"]
    assert second.post(f"/beheer/kanvas/scale/{scale.pk}/change/", changed_by_second).status_code == 302

    opened_by_first[threshold_field] = ["1.5"]
    opened_by_first["_save"] = ["Opslaan"]
    response = first.post(list_url, opened_by_first)
    assert response.status_code == 200
    assert "Iemand anders heeft dit veld intussen gewijzigd." in response.content.decode()
    scale.refresh_from_db()
    assert scale.threshold == Decimal("2.5")


def test_an_admin_save_raises_the_version_the_app_checks(two_admins):
    from menukaart.models import Intervention

    first, _second = two_admins
    intervention = Intervention.objects.filter(school__isnull=True).order_by("pk").first()
    version = intervention.version
    url = f"/beheer/menukaart/intervention/{intervention.pk}/change/"
    form = admin_form(first, url)
    assert "version" not in form  # shown, never edited
    assert first.post(url, form).status_code == 302
    intervention.refresh_from_db()
    assert intervention.version == version + 1


def test_admin_changes_and_deletions_are_in_the_schools_audit_log(cast, two_admins):
    first, _second = two_admins
    url = f"/beheer/scholen/group/{cast.group_a6.pk}/change/"
    form = admin_form(first, url)
    form["name"] = ["6b"]
    assert first.post(url, form).status_code == 302
    entry = AuditEntry.objects.get(action="admin.change")
    assert entry.school == cast.school_a and entry.username == "beheer1"
    assert entry.object_id == str(cast.group_a6.pk)
    assert "gewijzigd" in entry.summary

    group = Group.objects.create(school=cast.school_b, school_year=cast.year, name="8z", grade=8)
    response = first.post(
        "/beheer/scholen/group/",
        {"action": "delete_selected", "_selected_action": [group.pk], "post": "yes"},
    )
    assert response.status_code == 302
    deleted = AuditEntry.objects.get(action="admin.delete")
    assert deleted.school == cast.school_b and deleted.object_id == str(group.pk)
    assert not Group.objects.filter(pk=group.pk).exists()
    assert Group.objects.get(pk=cast.group_a6.pk).name == "6b"


# Reference data the admin changes; everything else of the project it only shows (the app's pages change it).
EDITABLE_IN_ADMIN = {
    "scholen.board",
    "scholen.school",
    "scholen.schoolyear",
    "scholen.group",
    "scholen.membership",
    "menukaart.intervention",
    "kanvas.questionnaire",
    "kanvas.scale",
    "kanvas.item",
    "kanvas.scaleadvice",  # the advice texts beside a signal (issue 17)
    "ouderbetrokkenheid.surveytemplate",
    "programma.fundingstream",  # funding streams and their amounts (issue 15)
}


def test_the_admin_changes_reference_data_and_only_shows_school_data_and_logs(rf, db):
    request = rf.get("/beheer/")
    request.user = get_user_model().objects.create_superuser("beheer", "b@example.org", "x" * 12)
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in PROJECT_APPS:
            continue
        label = model._meta.label_lower
        can = [
            model_admin.has_add_permission(request),
            model_admin.has_change_permission(request),
            model_admin.has_delete_permission(request),
        ]
        assert model_admin.has_view_permission(request), label
        if label in EDITABLE_IN_ADMIN:
            assert model_admin.has_change_permission(request), label
        else:
            assert can == [False, False, False], label


def test_a_consented_programme_cannot_be_changed_in_the_admin(cast, two_admins):
    first, _second = two_admins
    programme = make_programme(cast.school_a, cast.year)
    url = f"/beheer/programma/programme/{programme.pk}/change/"
    assert first.get(url).status_code == 200  # shown
    assert first.post(url, {"title": "Anders"}).status_code == 403
    programme.refresh_from_db()
    assert programme.title != "Anders"


def test_every_admin_page_opens(cast, two_admins):
    """The list, the add page and a change page of every model (the hidden opened-with values render)."""
    from django.urls import reverse

    first, _second = two_admins
    make_programme(cast.school_a, cast.year)
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in PROJECT_APPS:
            continue
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        assert first.get(reverse(f"{name}_changelist")).status_code == 200, name
        assert first.get(reverse(f"{name}_add")).status_code in (200, 403), name
        obj = model._default_manager.order_by("pk").first()
        if obj is not None:
            assert first.get(reverse(f"{name}_change", args=[obj.pk])).status_code == 200, name


def test_admin_amounts_are_typed_the_dutch_way(two_admins):
    """A funding stream's amounts (the budget basis) take 1.234,56 and € 1.234 like the app's own forms; an
    amount left empty stays unknown."""
    from npo_planner.programma.models import FundingStream, StreamAmount

    first, _second = two_admins
    stream = FundingStream.objects.get(code="npo")
    url = f"/beheer/programma/fundingstream/{stream.pk}/change/"
    page = first.get(url).content.decode()
    assert 'name="amounts-0-per_pupil_bo" value="701,16"' in page and 'inputmode="decimal"' in page
    form = admin_form(first, url)
    index = next(k for k, v in form.items() if k.endswith("-school_year") and v == ["2022-2023"])[
        : -len("school_year")
    ]
    form.update({f"{index}per_pupil_sbo": ["€ 1.234,56"], f"{index}per_unit": ["1.000"]})
    response = first.post(url, form)
    assert response.status_code == 302, response.content.decode()[:2000]
    amount = StreamAmount.objects.get(stream=stream, school_year="2022-2023")
    assert (amount.per_pupil_sbo, amount.per_unit, amount.per_pupil_so) == (
        Decimal("1234.56"),
        Decimal("1000.00"),
        None,
    )
