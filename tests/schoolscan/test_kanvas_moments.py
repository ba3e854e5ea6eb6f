"""The scan draws on the KanVAS moments its directeur chose, or on the proposal: the latest moment with data
before the scan's date and the one before it. A scan made in spring for next year's programme uses that spring's
data; an established scan keeps the moments (and figures) it was established with."""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import call_command

from npo_planner.scholen.models import AuditEntry, School, SchoolYear
from schoolscan import selectors
from schoolscan.kanvas_adapter import proposed_moments
from schoolscan.services import scan_choose_moments, scan_create, scan_establish, scan_new_version
from tests.schoolscan.helpers import complete_scan
from tests.schoolscan.test_selectors import GROUPS, SUMMARY, _fake_kanvas

pytestmark = pytest.mark.django_db

MOMENTS = ["2021-najaar", "2022-voorjaar", "2022-najaar"]
SECTION = "/11AA/schoolscan/onderdeel/sociaal-emotioneel/"
CHOOSE = "/11AA/schoolscan/kanvas-meetmomenten/"


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (datetime.date(2022, 5, 16), ("2022-voorjaar", "2021-najaar")),  # spring scan: that spring's data
        (datetime.date(2022, 12, 1), ("2022-najaar", "2022-voorjaar")),
        (datetime.date(2021, 10, 1), ("2021-najaar", "")),  # nothing earlier to compare with
        (datetime.date(2021, 6, 1), ("", "")),  # no moment before the scan's date
    ],
)
def test_the_proposal_is_the_latest_moment_before_the_scans_date(cast, monkeypatch, on, expected):
    _fake_kanvas(monkeypatch, moments=MOMENTS, groups=GROUPS, summary=SUMMARY)
    assert proposed_moments(school=cast.school_a, on=on) == expected


def test_a_scan_for_next_year_uses_this_springs_real_kanvas_data(db):
    """The 2022-2023 scan (made in spring 2022) has no KanVAS moment in its own school year: it draws on
    2022-voorjaar compared with 2021-najaar, for the same pupils."""
    call_command("demo", stdout=io.StringIO())
    school = School.objects.get(brin="12AB")
    next_year = SchoolYear.objects.get(label="2022-2023")
    director = get_user_model().objects.get(username="directeur")
    scan = scan_create(school=school, school_year=next_year, user=director)
    shown = selectors.kanvas_for_scan(scan=scan)
    assert (shown["moment"], shown["previous"], shown["proposed"], shown["same_pupils"]) == (
        "2022-voorjaar",
        "2021-najaar",
        True,
        True,
    )
    six_a = next(g for g in shown["groups"] if g["group"] == "6a")
    assert six_a["previous_groups"] == ["6a"]
    lines = dict(selectors.scan_summary(school=school, school_year=next_year))
    assert (
        "KanVAS: meetmoment 2022-voorjaar vergeleken met 2021-najaar; per groep met dezelfde leerlingen, "
        "in de groep waar ze toen in zaten."
    ) in lines["Sociaal-emotionele ontwikkeling en welbevinden"]


def test_the_directeur_chooses_the_moments_on_the_page(client, cast, monkeypatch):
    _fake_kanvas(monkeypatch, moments=MOMENTS, groups=GROUPS, summary=SUMMARY)
    scan = scan_create(school=cast.school_a, school_year=cast.year, user=cast.director)
    client.force_login(cast.director)
    html = client.get(SECTION).content.decode()
    assert "Voorstel: het laatste meetmoment" in html and 'name="moment"' in html
    response = client.post(CHOOSE, {"moment": "2022-voorjaar", "compare": "2021-najaar"})
    assert response.status_code == 302
    scan.refresh_from_db()
    assert (scan.kanvas_moment, scan.kanvas_compare) == ("2022-voorjaar", "2021-najaar")
    html = client.get(SECTION).content.decode()
    assert "Meetmoment 2022-voorjaar, vergeleken met 2021-najaar." in html
    assert "Gekozen door de directeur." in html and "dezelfde leerlingen" in html
    assert AuditEntry.objects.filter(action="schoolscan.kanvas_moments").count() == 1


def test_a_later_moment_to_compare_with_is_refused_in_dutch(client, cast, monkeypatch):
    _fake_kanvas(monkeypatch, moments=MOMENTS, groups=GROUPS, summary=SUMMARY)
    scan = scan_create(school=cast.school_a, school_year=cast.year, user=cast.director)
    client.force_login(cast.director)
    response = client.post(CHOOSE, {"moment": "2021-najaar", "compare": "2022-voorjaar"}, follow=True)
    assert "Vergelijk met een eerder meetmoment dan 2021-najaar" in response.content.decode()
    scan.refresh_from_db()
    assert (scan.kanvas_moment, scan.kanvas_compare) == ("", "")
    with pytest.raises(ValidationError, match="geen KanVAS-gegevens"):
        scan_choose_moments(scan=scan, user=cast.director, moment="2019-najaar", compare="")


def test_only_the_directeur_chooses(client, cast, monkeypatch):
    _fake_kanvas(monkeypatch, moments=MOMENTS, groups=GROUPS, summary=SUMMARY)
    scan = scan_create(school=cast.school_a, school_year=cast.year, user=cast.director)
    client.force_login(cast.ib)
    assert 'name="moment"' not in client.get(SECTION).content.decode()
    assert client.post(CHOOSE, {"moment": "2021-najaar", "compare": ""}).status_code == 403
    scan.refresh_from_db()
    assert scan.kanvas_moment == ""


def test_an_established_scan_keeps_the_moments_it_was_established_with(cast, monkeypatch):
    _fake_kanvas(monkeypatch, moments=MOMENTS[:2], groups=GROUPS, summary=SUMMARY)
    scan = complete_scan(cast.school_a, cast.year, cast.director)
    scan_establish(scan=scan, user=cast.director)  # no choice made: the proposal is stored
    scan.refresh_from_db()
    assert (scan.kanvas_moment, scan.kanvas_compare) == ("2022-voorjaar", "2021-najaar")
    # a later measurement does not change what the established scan says
    _fake_kanvas(monkeypatch, moments=MOMENTS, groups=[], summary={})
    shown = selectors.kanvas_for_scan(scan=scan)
    assert shown["snapshot"] and (shown["moment"], shown["previous"]) == ("2022-voorjaar", "2021-najaar")
    with pytest.raises(ValidationError):
        scan_choose_moments(scan=scan, user=cast.director, moment="2022-najaar", compare="2022-voorjaar")
    # a new version starts from the moments the established one drew on
    new = scan_new_version(scan=scan, user=cast.director)
    assert (new.kanvas_moment, new.kanvas_compare) == ("2022-voorjaar", "2021-najaar")
