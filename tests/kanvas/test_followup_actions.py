"""Follow-up that works for everyone on it: one action for the signalled pupils of a group, owned by the teacher,
who updates and closes it with notes that are never overwritten; "mijn acties" on the dashboard; closed actions
findable; the IB'er's overview per group with overdue actions."""

import datetime

import pytest
from django.urls import reverse

from kanvas.models import FollowUp, FollowUpNote, Moment
from kanvas.services import followup_create
from npo_planner.scholen.models import AuditEntry, Group, PupilAccess
from tests.kanvas.helpers import group_rows, import_answers, pupil_rows

M1, M2 = "2021-najaar", "2022-voorjaar"


def url(name, cast, *args, query=""):
    return reverse(f"kanvas:{name}", args=[cast.school_a.brin, *args]) + query


@pytest.fixture
def data(cast):
    """Group 5a (the teacher's): 6 pupils, the first 3 with a signal at M2, plus pupil A5 without one."""
    rows = group_rows("5a", M1, 6, signals=1) + group_rows("5a", M2, 6, signals=3)
    rows += pupil_rows(cast.pupil_a5.code, "5a", M1) + pupil_rows(cast.pupil_a5.code, "5a", M2)
    import_answers(cast.school_a, rows)
    return cast


def _group_5a(cast):
    return (
        Group.objects.filter(school=cast.school_a, name="5a", kanvas_participations__moment__label=M2)
        .distinct()
        .get()
    )


def _actions_card(response):
    (card,) = [c for c in response.context["cards"] if c.template == "kanvas/_my_actions_card.html"]
    return card


def _plan(client, cast, group, **extra):
    form = {"action": "gesprek", "owner": cast.teacher.pk, "due": "2030-01-15", "note": "Gesprek over OS"}
    form.update(extra)
    return client.post(url("group", cast, group.pk, query=f"?moment={M2}"), form)


def test_ib_plans_one_talk_for_the_signalled_pupils_of_a_group_in_one_step(client, data):
    client.force_login(data.ib)
    group = _group_5a(data)
    page = client.get(url("group", data, group.pk, query=f"?moment={M2}"))
    signalled = [r["pupil"] for r in page.context["table"]["rows"] if r["signals"]]
    assert [p.code for p in signalled] == ["P5a00", "P5a01", "P5a02"]
    html = page.content.decode()
    assert html.count('name="pupils"') == 3, "only the pupils with a signal can be ticked"
    response = _plan(client, data, group, pupils=[p.pk for p in signalled])
    assert response.status_code == 302
    planned = FollowUp.objects.order_by("pupil__code")
    assert [f.pupil.code for f in planned] == ["P5a00", "P5a01", "P5a02"]
    assert {(f.action, f.owner, f.due, f.moment.label) for f in planned} == {
        ("gesprek", data.teacher, datetime.date(2030, 1, 15), M2)
    }
    assert AuditEntry.objects.filter(action="kanvas.followup.create").count() == 3


def test_a_pupil_without_a_signal_or_a_foreign_owner_is_refused(client, data):
    client.force_login(data.ib)
    group = _group_5a(data)
    PupilAccess.objects.all().delete()
    response = _plan(client, data, group, pupils=[data.pupil_a5.pk])
    assert response.status_code == 200 and not FollowUp.objects.exists()
    assert PupilAccess.objects.filter(pupil_code="P5a00").exists(), "the page shown again logs its pupils"
    response = _plan(client, data, group, pupils=[], owner=data.teacher_b.pk)
    assert not FollowUp.objects.exists()
    errors = response.context["plan_form"].errors
    assert "Kies ten minste één leerling." in errors["pupils"] and "owner" in errors


def test_the_teacher_cannot_plan_for_a_group(client, data):
    client.force_login(data.teacher)
    group = _group_5a(data)
    assert _plan(client, data, group, pupils=[]).status_code == 403


def test_the_owner_sees_her_actions_adds_notes_and_closes_one(client, data):
    pupil = data.pupil_a5
    late = followup_create(
        school=data.school_a,
        user=data.ib,
        pupil=pupil,
        action="ouders",
        note="",
        owner=data.teacher,
        due=datetime.date(2020, 1, 1),
    )
    later = followup_create(
        school=data.school_a,
        user=data.ib,
        pupil=pupil,
        action="gesprek",
        note="",
        owner=data.teacher,
        due=datetime.date(2099, 1, 1),
    )
    followup_create(
        school=data.school_a,
        user=data.ib,
        pupil=pupil,
        action="plan",
        note="",
        owner=data.ib,
        moment=Moment.objects.get(school=data.school_a, label=M2),  # this year's: the teacher sees it
    )
    client.force_login(data.teacher)
    dashboard = client.get(reverse("scholen:dashboard", args=[data.school_a.brin]))
    card = _actions_card(dashboard)
    assert [a.pk for a in card.context["actions"]] == [late.pk, later.pk], "overdue first, only her own"
    assert "Mijn acties" in dashboard.content.decode() and "te laat" in dashboard.content.decode()

    page = url("pupil", data, pupil.pk)
    prefix = f"f{later.pk}"
    form = {
        f"{prefix}-followup": later.pk,
        f"{prefix}-version": 1,
        f"{prefix}-status": "bezig",
        f"{prefix}-owner": data.teacher.pk,
        f"{prefix}-due": "2099-01-01",
        f"{prefix}-note": "Gesprek gehad, volgt nog een.",
    }
    assert client.post(page, form).status_code == 302
    form.update({f"{prefix}-version": 2, f"{prefix}-status": "afgerond", f"{prefix}-note": "Gaat weer goed."})
    assert client.post(page, form).status_code == 302
    later.refresh_from_db()
    assert later.status == "afgerond" and later.closed_at is not None
    assert [n.text for n in FollowUpNote.objects.filter(followup=later)] == [
        "Gesprek gehad, volgt nog een.",
        "Gaat weer goed.",
    ], "a note never overwrites the one before"
    assert AuditEntry.objects.filter(action="kanvas.followup.update", user=data.teacher).count() == 2
    # an action she does not own she cannot change
    other = FollowUp.objects.get(action="plan")
    prefix = f"f{other.pk}"
    refused = client.post(
        page,
        {f"{prefix}-followup": other.pk, f"{prefix}-version": 1, f"{prefix}-status": "afgerond"},
    )
    assert refused.status_code == 403
    other.refresh_from_db()
    assert other.status == "open"
    # closed ones leave "mijn acties" and are found with the filter
    dashboard = client.get(reverse("scholen:dashboard", args=[data.school_a.brin]))
    assert [a.pk for a in _actions_card(dashboard).context["actions"]] == [late.pk]
    client.force_login(data.ib)
    open_list = client.get(url("followups", data)).context["groups"]
    assert later.pk not in [f.pk for g in open_list for f in g["followups"]]
    assert open_list[0]["n_overdue"] == 1 and open_list[0]["n_open"] == 2
    closed = client.get(url("followups", data, query="?toon=afgerond")).context["groups"]
    assert [f.pk for g in closed for f in g["followups"]] == [later.pk]


def test_a_stale_edit_by_the_owner_is_refused_and_the_note_kept_out(client, data):
    followup = followup_create(
        school=data.school_a, user=data.ib, pupil=data.pupil_a5, action="gesprek", note="", owner=data.teacher
    )
    client.force_login(data.teacher)
    prefix = f"f{followup.pk}"
    form = {
        f"{prefix}-followup": followup.pk,
        f"{prefix}-version": 1,
        f"{prefix}-status": "bezig",
        f"{prefix}-owner": data.teacher.pk,
        f"{prefix}-note": "eerste",
    }
    page = url("pupil", data, data.pupil_a5.pk)
    client.post(page, form)
    form[f"{prefix}-status"] = "afgerond"
    form[f"{prefix}-note"] = "tweede, op een oude stand"
    response = client.post(page, form, follow=True)
    followup.refresh_from_db()
    assert followup.status == "bezig"
    assert [n.text for n in followup.notes.all()] == ["eerste"]
    assert "Iemand anders heeft deze vervolgactie intussen gewijzigd" in response.content.decode()


def test_the_dashboard_card_costs_one_query(client, data, django_assert_max_num_queries):
    for _i in range(5):
        followup_create(
            school=data.school_a, user=data.ib, pupil=data.pupil_a5, action="gesprek", note="", owner=data.ib
        )
    client.force_login(data.ib)
    dashboard = reverse("scholen:dashboard", args=[data.school_a.brin])
    client.get(dashboard)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as five:
        client.get(dashboard)
    followup_create(
        school=data.school_a, user=data.ib, pupil=data.pupil_a6, action="gesprek", note="", owner=data.ib
    )
    with CaptureQueriesContext(connection) as six:
        client.get(dashboard)
    assert len(six) == len(five)


def test_retention_erases_a_removed_pupils_code_from_the_notes_of_a_classmates_action(cast):
    from npo_planner.scholen.models import Pupil
    from npo_planner.scholen.pupil_data import departed_pupils_purge
    from tests.factories import EnrollmentFactory

    leaver = EnrollmentFactory(group=cast.group_a6, pupil__code="WEG9").pupil
    followup = followup_create(
        school=cast.school_a, user=cast.ib, pupil=cast.pupil_a6, action="gesprek", note="", owner=cast.ib
    )
    from kanvas.services import followup_update

    followup_update(
        followup=followup, user=cast.ib, version=1, status="bezig", note="Ruzie met WEG9.", owner=cast.ib
    )
    Pupil.objects.filter(pk=leaver.pk).update(left_on=datetime.date(2000, 7, 31))
    departed_pupils_purge()
    assert FollowUpNote.objects.get(followup=followup).text == "Ruzie met [verwijderde leerling]."
