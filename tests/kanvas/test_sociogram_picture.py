"""Issue 17 item 5: the sociogram picture a teacher can read (server-side SVG without script or style)."""

import base64
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from kanvas.sociogram import PupilChoices, choices_at
from kanvas.sociogram_picture import marks, network_picture, network_svg
from npo_planner.scholen.models import Pupil
from tests.kanvas.helpers import import_sociogram
from tests.kanvas.test_sociogram import CODES, M1, M2, ring

SVG = "{http://www.w3.org/2000/svg}"


def pupil(pid, code, *, positive=0, chose=(), rejected=(), first_name=""):
    return PupilChoices(
        pupil_id=pid,
        code=code,
        group="6a",
        group_id=1,
        positive=positive,
        chose=list(chose),
        rejected=list(rejected),
        first_name=first_name,
    )


def texts(svg: str) -> list[str]:
    root = ET.fromstring(svg)  # well-formed XML
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}tspan")]


def test_picture_has_no_script_or_style_and_escapes_user_text():
    pupils = [
        pupil(1, "<b>A1</b>", positive=1, chose=["B&2"], first_name='Ann"e<script>'),
        pupil(2, "B&2", positive=1, chose=["<b>A1</b>"]),
    ]
    svg = network_svg(pupils)
    root = ET.fromstring(svg)
    assert not [e for e in root.iter() if e.tag in (f"{SVG}script", f"{SVG}style", f"{SVG}foreignObject")]
    assert not [e for e in root.iter() if "style" in e.attrib or any(a.startswith("on") for a in e.attrib)]
    assert {"<b>A1</b>", "B&2", 'Ann"e<script>'} <= set(texts(svg))
    uri = network_picture(pupils)
    assert base64.b64decode(uri.split(",", 1)[1]).decode() == svg


def test_first_names_only_when_asked_and_negative_choices_on_request():
    pupils = [
        pupil(1, "A1", positive=1, chose=["B2"], rejected=["C3"], first_name="Sanne"),
        pupil(2, "B2", positive=1, chose=["A1"]),
        pupil(3, "C3"),
    ]
    assert "Sanne" in texts(network_svg(pupils))
    assert "Sanne" not in texts(network_svg(pupils, first_names=False))
    plain = ET.fromstring(network_svg(pupils))
    with_negative = ET.fromstring(network_svg(pupils, negative=True))
    dashed = [e for e in with_negative.iter(f"{SVG}line") if e.get("stroke-dasharray")]
    assert len(dashed) == 2  # the negative choice and its sign in the legend
    assert not [e for e in plain.iter(f"{SVG}line") if e.get("stroke-dasharray")]
    # The mutual choice A1–B2 is one thick line, without arrow heads.
    thick = [
        e for e in plain.iter(f"{SVG}line") if e.get("stroke-width") == "4" and float(e.get("y1")) < 1000
    ]
    assert len(thick) == 1 and thick[0].get("marker-end") is None


def test_isolated_and_newly_isolated_follow_the_pupils():
    now = [pupil(1, "A1", positive=2), pupil(2, "B2", positive=0), pupil(3, "C3", positive=0)]
    earlier = {2: pupil(2, "B2", positive=3), 3: pupil(3, "C3", positive=0)}  # then in another group
    assert marks(now, earlier) == {1: (False, False), 2: (True, True), 3: (True, False)}
    assert marks(now, None) == {1: (False, False), 2: (True, False), 3: (True, False)}
    labels = texts(network_svg(now, earlier=earlier))
    assert labels.count("nieuw geïsoleerd") == 1 and labels.count("geïsoleerd") == 1


def test_choices_at_keeps_who_was_chosen_negatively_and_first_names(cast):
    rows = ring(M1, CODES) + ["S3;5b;2021-najaar;negatief;S1"] + ring(M2, CODES)
    import_sociogram(cast.school_a, rows)
    Pupil.objects.filter(school=cast.school_a, code="S1").update(first_name="Sanne")
    stats = {c.code: c for c in choices_at(school=cast.school_a, moment=M1).values()}
    assert stats["S3"].rejected == ["S1"] and stats["S1"].rejected == []
    assert stats["S1"].first_name == "Sanne" and stats["S2"].first_name == ""


QUERIES_SOCIOGRAM_PAGE = 15  # the same at both sizes (the school years read once per page; access and the school switcher share one)


@pytest.mark.parametrize("size", [6, 24])
def test_the_sociogram_page_shows_names_negative_choices_on_request_and_costs_fixed_queries(
    client, cast, size, django_assert_num_queries
):
    codes = [f"S{n:02d}" for n in range(size)]
    # In the spring S00 chooses S02 instead of S01: nobody chooses S01 any more.
    spring = [row.replace(";positief;S01", ";positief;S02") for row in ring(M2, codes)]
    rows = ring(M1, codes) + spring + [f"S00;5b;{M2};negatief;S01"]
    import_sociogram(cast.school_a, rows)
    Pupil.objects.filter(school=cast.school_a, code="S01").update(first_name="Sanne")
    client.force_login(cast.ib)
    url = reverse("kanvas:sociogram", args=[cast.school_a.brin]) + f"?moment={M2}&vergelijk={M1}"
    client.get(url)  # warm the per-process caches
    with django_assert_num_queries(QUERIES_SOCIOGRAM_PAGE):
        page = client.get(url)
    html = page.content.decode()
    assert "Sanne" in html and "Koos negatief" not in html
    newly = [p.code for p in page.context["network"]["newly_isolated"]]
    assert newly == ["S01"] and "nieuw geïsoleerd" in html
    with_negative = client.get(url + "&negatief=1").content.decode()
    assert "Koos negatief" in with_negative


def test_every_label_fits_inside_the_picture():
    """Nothing is cut off at the picture's edge, also with 30 pupils, long codes and names, all newly isolated.
    Widths are estimated generously (DejaVu Sans averages under 0.62 em per character, bold under 0.7)."""
    from kanvas.sociogram_picture import SIZE

    now = [pupil(i, f"RB{i:04d}X", first_name="Maximiliaan-Alexander") for i in range(30)]
    earlier = {i: pupil(i, f"RB{i:04d}X", positive=1) for i in range(30)}
    root = ET.fromstring(network_svg(now, earlier=earlier, negative=True))
    width, height = (float(v) for v in root.get("viewBox").split()[2:])
    assert width == SIZE
    for text in root.iter(f"{SVG}text"):
        anchor = text.get("text-anchor", "start")
        for span in text.iter(f"{SVG}tspan"):
            x, y = float(span.get("x")), float(span.get("y"))
            size = float(span.get("font-size") or root.get("font-size"))
            extent = len(span.text) * size * (0.7 if span.get("font-weight") == "bold" else 0.62)
            left = {"start": x, "middle": x - extent / 2, "end": x - extent}[anchor]
            assert left >= 0 and left + extent <= width, span.text
            assert size <= y <= height
