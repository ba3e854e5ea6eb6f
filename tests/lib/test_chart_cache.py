"""Charts in Django's cache framework (the "charts" cache: a database table by default): one drawing per data
version and drawing style, shared by every cache client (worker, process)."""

import pytest
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.db import connection

from npo_planner.lib import charts


@pytest.fixture
def draws(db):
    calls = []

    @charts.cached_chart
    def draw(values, *, title=""):
        calls.append(values)
        return f"svg:{values}:{title}"

    caches[charts.CACHE_ALIAS].clear()
    return draw, calls


def test_same_data_is_drawn_once(draws):
    draw, calls = draws
    assert draw([1, 2], title="a") == draw([1, 2], title="a") == "svg:[1, 2]:a"
    assert len(calls) == 1
    draw([1, 3], title="a")
    draw([1, 2], title="b")
    assert len(calls) == 3


def test_a_new_drawing_version_draws_again(draws, monkeypatch):
    draw, calls = draws
    draw([1, 2])
    monkeypatch.setattr(charts, "CHART_STYLE_VERSION", charts.CHART_STYLE_VERSION + 1)
    draw([1, 2])
    assert len(calls) == 2  # the old style's chart is not reused
    draw([1, 2])
    assert len(calls) == 2


def test_the_cache_is_shared_by_separate_cache_clients_in_the_database(draws):
    draw, calls = draws
    assert isinstance(caches[charts.CACHE_ALIAS], DatabaseCache)
    draw([4, 5])
    caches[charts.CACHE_ALIAS].close()
    del caches[charts.CACHE_ALIAS]  # as another worker would: a new client object with no memory of its own
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM npo_chart_cache")
        assert cursor.fetchone()[0] == 1  # stored in the shared table, not in this process
    assert draw([4, 5]) == "svg:[4, 5]:"
    assert len(calls) == 1
    other = caches.create_connection(charts.CACHE_ALIAS)
    assert other is not caches[charts.CACHE_ALIAS]
    key = charts.chart_cache_key(draw.__wrapped__, ([4, 5],), {})
    assert other.get(key) == "svg:[4, 5]:"


def test_real_charts_use_the_chart_cache(db, monkeypatch):
    drawn = []
    real = charts.svg_data_uri
    monkeypatch.setattr(charts, "svg_data_uri", lambda figure: drawn.append(1) or real(figure))
    caches[charts.CACHE_ALIAS].clear()
    first = charts.bar_chart(["5a", "5b"], {"2021-najaar": [3.1, 2.9]}, ylabel="Score")
    assert first.startswith("data:image/svg+xml;base64,")
    assert charts.bar_chart(["5a", "5b"], {"2021-najaar": [3.1, 2.9]}, ylabel="Score") == first
    assert drawn == [1]


def test_a_chart_for_a_pdf_keeps_its_text_as_text_and_is_kept_apart(db):
    """Inside `for_pdf()` a chart's text is SVG text (WeasyPrint draws it with the PDF's own font, faster than
    outlined glyphs); a page's chart keeps the outlines (a browser may lack DejaVu Sans). Both are cached apart."""
    import base64

    caches[charts.CACHE_ALIAS].clear()

    def svg(uri: str) -> str:
        return base64.b64decode(uri.split(",", 1)[1]).decode()

    page = svg(charts.bar_chart(["5a", "6a"], {"2022": [10.0, 20.0]}))
    with charts.for_pdf():
        pdf = svg(charts.bar_chart(["5a", "6a"], {"2022": [10.0, 20.0]}))
    assert "</text>" not in page and 'xlink:href="#DejaVuSans-' in page  # glyphs as outlines
    assert ">5a</text>" in pdf and 'xlink:href="#DejaVuSans-' not in pdf
    assert svg(charts.bar_chart(["5a", "6a"], {"2022": [10.0, 20.0]})) == page  # outside again: outlines
