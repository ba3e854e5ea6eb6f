"""User text in a chart (group names, pupil codes, labels) is drawn as it is: never parsed as TeX or mathtext."""

import base64

import matplotlib
import pytest

from npo_planner.lib.charts import bar_chart

# Charts are kept in the shared chart cache (a database table): drawing one reads and writes it.
pytestmark = pytest.mark.django_db

LABELS = ["5a$\\q$", "$x$", "50$ en 60$", "\\frac{1}{2}", "groep_1^2"]


def svg_text(uri: str) -> str:
    return base64.b64decode(uri.split(",", 1)[1]).decode()


@pytest.mark.parametrize(
    "options",
    [{}, {"stacked": True}, {"horizontal": True}, {"legend_below": True, "ylim": (0, 100)}],
    ids=["grouped", "stacked", "horizontal", "legend-below"],
)
def test_bar_chart_draws_math_like_user_text_as_text(options):
    with matplotlib.rc_context({"svg.fonttype": "none"}):  # text as <text>, so the test can read it
        uri = bar_chart(
            LABELS,
            {"$\\q$ leerlingen": [1, 2, None, 4, 5], "ouders $y$": [2, 1, 3, None, 1]},
            ylabel="% $\\alpha$ \\q",
            **options,
        )
    svg = svg_text(uri)
    for text in ["5a$\\q$", "$x$", "50$ en 60$", "\\frac{1}{2}", "$\\q$ leerlingen", "% $\\alpha$ \\q"]:
        assert text in svg


def test_tex_is_off():
    assert matplotlib.rcParams["text.usetex"] is False
    assert matplotlib.rcParams["text.parse_math"] is False
