import pytest

from kanvas.models import Scale
from kanvas.scoring import (
    ScaleDef,
    concern_figures,
    is_notable_change,
    is_signal,
    load_instruments,
    round1,
    scale_score,
)


def concern(threshold=3.0):
    return ScaleDef(
        id=1,
        code="OS",
        name="Ongelukkig",
        kind="zorg",
        threshold=threshold,
        in_concern_score=True,
        item_ids=(1, 2, 3, 4, 5, 6),
        reversed_ids=frozenset({5}),
    )


def positive(threshold=2.0):
    return ScaleDef(
        id=2,
        code="HS",
        name="Hulpvaardig",
        kind="positief",
        threshold=threshold,
        in_concern_score=True,
        item_ids=(11, 12, 13),
        reversed_ids=frozenset(),
    )


def test_score_is_mean_of_answers_with_reversed_item_counted_as_five_minus():
    values = {1: 3, 2: 3, 3: 3, 4: 3, 5: 1, 6: 2}  # item 5 reversed: 5 − 1 = 4
    score, answered, signal = scale_score(values, concern())
    assert score == pytest.approx((3 + 3 + 3 + 3 + 4 + 2) / 6)
    assert answered == 6
    assert signal is True


def test_reversed_item_high_answer_lowers_concern():
    score, _n, signal = scale_score({1: 3, 2: 3, 3: 3, 4: 3, 5: 4, 6: 3}, concern())
    assert score == pytest.approx(16 / 6)  # 2.67
    assert signal is False


def test_fewer_than_two_thirds_answered_gives_no_score():
    score, answered, signal = scale_score({1: 4, 2: 4, 3: 4, 4: None, 5: None, 6: None}, concern())
    assert (score, answered, signal) == (None, 3, False)


def test_exactly_two_thirds_answered_is_scored():
    score, answered, _signal = scale_score({1: 4, 2: 4, 3: 4, 4: 4}, concern())
    assert score == 4.0 and answered == 4
    # a three-item scale needs two answers
    assert scale_score({11: 2}, positive())[0] is None
    assert scale_score({11: 2, 12: 1}, positive())[0] == 1.5


def test_thresholds_concern_from_3_and_positive_up_to_2_as_shown_with_one_decimal():
    assert is_signal(3.0, concern()) and not is_signal(2.9, concern())
    assert is_signal(2.96, concern())  # shown as 3.0
    assert not is_signal(2.94, concern())
    assert is_signal(2.0, positive()) and not is_signal(2.1, positive())
    assert is_signal(2.04, positive()) and not is_signal(2.05, positive())  # 2.05 is shown as 2.1
    assert not is_signal(None, concern())


def test_changed_threshold_is_used():
    assert not is_signal(3.0, concern(threshold=3.5))
    assert is_signal(2.4, positive(threshold=2.5))


def test_klassenzorgscore_counts_pupils_with_any_signal_among_scored_pupils():
    pupils = [
        {"OS": (3.2, True), "OV": (1.0, False)},
        {"OS": (3.5, True), "OV": (3.1, True)},
        {"OS": (1.0, False), "OV": (1.0, False)},
        {"OS": (None, False), "OV": (None, False)},  # not scored: not counted
    ]
    figures = concern_figures(pupils, ["NI", "OS", "OV", "HS"])
    assert figures.n == 3
    assert figures.score == pytest.approx(200 / 3)
    assert figures.scales["OS"] == pytest.approx(200 / 3)
    assert figures.scales["OV"] == pytest.approx(100 / 3)
    assert figures.scales["NI"] == 0
    assert concern_figures([], ["OS"]).score is None


def test_change_of_ten_points_is_notable():
    assert is_notable_change(10.0) and is_notable_change(-12.5) and is_notable_change(9.96)
    assert not is_notable_change(9.9) and not is_notable_change(None)
    assert round1(2.25) == 2.3


def test_instruments_fixture_matches_contract(db):
    instruments = load_instruments()
    assert set(instruments) == {"leerling", "docent", "ouder", "veiligheid"}
    leerling = instruments["leerling"]
    assert list(leerling.items)[:1] == ["L01"] and len(leerling.items) == 24
    scales = {s.code: s for s in leerling.scales}
    assert list(scales) == ["NI", "OS", "OV", "HS"]
    assert scales["HS"].kind == "positief" and scales["HS"].threshold == 2.0
    assert scales["OS"].kind == "zorg" and scales["OS"].threshold == 3.0
    reversed_codes = {
        code
        for code, item_id in leerling.items.items()
        if any(item_id in s.reversed_ids for s in scales.values())
    }
    assert reversed_codes == {"L05", "L11", "L17", "L23"}
    assert len(instruments["docent"].items) == 24 and len(instruments["ouder"].items) == 24
    safety = {s.code: s for s in instruments["veiligheid"].scales}
    assert [(c, len(s.item_ids), s.kind) for c, s in safety.items()] == [
        ("WB", 5, "positief"),
        ("VB", 5, "positief"),
        ("IL", 3, "positief"),
        ("AI", 3, "zorg"),
        ("IN", 6, "zorg"),
    ]
    assert set(Scale.objects.filter(in_concern_score=True).values_list("questionnaire__code", flat=True)) == {
        "leerling"
    }


def test_threshold_changed_in_the_admin_is_used_at_the_next_import(cast, client):
    from django.contrib.auth import get_user_model

    from tests.kanvas.helpers import import_answers, pupil_rows, stored_score

    admin_user = get_user_model().objects.create_superuser("beheer", "b@example.org", "x" * 12)
    client.force_login(admin_user)
    scale = Scale.objects.get(questionnaire__code="leerling", code="OS")
    assert client.get(f"/beheer/kanvas/questionnaire/{scale.questionnaire_id}/change/").status_code == 200
    assert client.get("/beheer/kanvas/scale/").status_code == 200
    scale.threshold = "2.0"
    scale.save()
    import_answers(cast.school_a, pupil_rows("K1", "5b", "2021-najaar", {"OS": 2}))
    assert stored_score("OS")["signal"]


def test_a_threshold_changed_in_the_admin_rescores_what_is_stored(
    cast, client, django_capture_on_commit_callbacks, monkeypatch
):
    """The save starts a background job; the job scores in batches that follow the primary key (no OFFSET), with
    progress, and a failed job is visible and runs again on retry."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from kanvas import services
    from npo_planner.jobs.models import Job
    from npo_planner.scholen.models import AuditEntry
    from tests.html_forms import admin_form
    from tests.kanvas.helpers import import_answers, pupil_rows, stored_scores
    from tests.queue import work_off_the_queue

    def signals():
        return sorted((s["code"], s["signal"], s["score"]) for s in stored_scores() if s["scale"] == "OS")

    import_answers(
        cast.school_a,
        [
            *pupil_rows("K1", "5b", "2021-najaar", {"OS": 2}),
            *pupil_rows("K2", "5b", "2021-najaar", {"OS": 2}),
            *pupil_rows("K3", "5b", "2021-najaar", {"OS": 2}),
        ],
    )
    assert signals() == [("K1", False, 2.0), ("K2", False, 2.0), ("K3", False, 2.0)]
    admin_user = get_user_model().objects.create_superuser("beheer", "b@example.org", "x" * 12)
    client.force_login(admin_user)
    scale = Scale.objects.get(questionnaire__code="leerling", code="OS")
    url = f"/beheer/kanvas/scale/{scale.pk}/change/"
    form = admin_form(client, url)
    form["threshold"] = ["2.0"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, form, follow=True)
    assert response.status_code == 200
    assert "worden op de achtergrond opnieuw gescoord" in response.content.decode()
    job = Job.objects.get(kind="kanvas_rescore")
    assert (job.school, job.board, job.status) == (None, None, Job.Status.QUEUED)
    assert not any(signal for _c, signal, _s in signals()), "nothing is scored inside the admin's save"

    monkeypatch.setattr(services, "rescore", lambda **kwargs: 1 / 0)
    work_off_the_queue()
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and "ZeroDivisionError" in job.error
    assert "ZeroDivisionError" in client.get(f"/beheer/jobs/job/{job.pk}/change/").content.decode()
    monkeypatch.undo()

    monkeypatch.setattr(services, "RESCORE_BATCH", 2)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/beheer/jobs/job/", {"action": "retry", "_selected_action": [str(job.pk)]})
    with CaptureQueriesContext(connection) as queries:
        work_off_the_queue()
    job.refresh_from_db()
    assert (job.status, job.done, job.total, job.attempts) == (Job.Status.DONE, 3, 3, 2)
    assert signals() == [("K1", True, 2.0), ("K2", True, 2.0), ("K3", True, 2.0)]
    assert not [q["sql"] for q in queries.captured_queries if "OFFSET" in q["sql"].upper()]
    assert AuditEntry.objects.filter(action="kanvas.rescore", username="beheer").count() == 1

    form = admin_form(client, url)
    form["name"] = ["Ongelukkig"]  # a change that does not affect scoring scores nothing again
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, form).status_code == 302
    assert Job.objects.filter(kind="kanvas_rescore").count() == 1


def test_scales_and_items_with_stored_answers_cannot_be_deleted(cast, client):
    from django.contrib.auth import get_user_model

    from kanvas.models import Item
    from tests.kanvas.helpers import import_answers, pupil_rows

    admin_user = get_user_model().objects.create_superuser("beheer", "b@example.org", "x" * 12)
    client.force_login(admin_user)
    item = Item.objects.get(questionnaire__code="leerling", code="L01")
    assert client.get(f"/beheer/kanvas/item/{item.pk}/delete/").status_code == 200
    import_answers(cast.school_a, pupil_rows("K1", "5b", "2021-najaar"))
    assert client.get(f"/beheer/kanvas/item/{item.pk}/delete/").status_code == 403
    assert client.get(f"/beheer/kanvas/scale/{item.scale_id}/delete/").status_code == 403
    assert "delete_selected" not in client.get("/beheer/kanvas/item/").content.decode()
    other = Item.objects.get(questionnaire__code="docent", code="D01")
    assert client.get(f"/beheer/kanvas/item/{other.pk}/delete/").status_code == 200
