"""Charts for pages and the PDF: matplotlib on the Agg backend, returned as SVG data URIs.

A data URI in an <img> keeps the Content Security Policy strict (no inline <style> from the SVG) and works the same in
WeasyPrint. Every chart must be accompanied by a table or sentence with the same figures (text alternative).
"""

import base64
import contextvars
import hashlib
import io
import threading
from contextlib import contextmanager
from functools import wraps

import matplotlib
from django.core.cache import caches
from django.utils.translation import get_language

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

matplotlib.rcParams.update(
    {
        "font.family": "DejaVu Sans",
        "font.size": 9,
        "svg.hashsalt": "npo-planner",
        "svg.fonttype": "path",
        # Labels are user text (group names, titles, pupil codes): `5a$\q$` is drawn as it is, never as TeX or
        # mathtext (which would fail on it, or turn `$x$` into an italic x).
        "text.usetex": False,
        "text.parse_math": False,
    }
)
PALETTE = ["#0b3d6e", "#c0504d", "#4f8a3b", "#d08c1f", "#6f4a9e", "#2a8c8c", "#7f7f7f", "#a05a2c"]


# Part of every chart's cache key: raise it whenever the drawing code changes how a chart looks (colours, fonts,
# sizes, labels), so no cached chart in the old style ends up in a page or PDF.
CHART_STYLE_VERSION = 3
# Charts are kept in Django's cache framework under the alias "charts" (settings.CACHES: a database table of its own
# by default, Redis when REDIS_URL is set), so every worker and every process shares one drawing per data version and
# a restart starts warm.
CACHE_ALIAS = "charts"
# pyplot keeps global state: one drawing at a time per process (app servers may run threads).
_draw_lock = threading.Lock()
# Inside `for_pdf()`: a chart's text stays SVG text (see there) instead of glyph outlines.
_for_pdf = contextvars.ContextVar("charts_for_pdf", default=False)


@contextmanager
def for_pdf():
    """Charts drawn inside keep their text as SVG text in DejaVu Sans (svg.fonttype "none"), not as outlines:
    WeasyPrint draws that text with the font the PDF embeds anyway, where it parses every outlined glyph again
    (about 0.15 s less per chart, bench/programme_pdf.py). Pages keep the outlines: a browser may lack the font."""
    token = _for_pdf.set(True)
    try:
        yield
    finally:
        _for_pdf.reset(token)


def chart_cache_key(draw, args: tuple, kwargs: dict) -> str:
    signature = (
        CHART_STYLE_VERSION,
        draw.__module__,
        draw.__qualname__,
        get_language(),
        _for_pdf.get(),
        args,
        sorted(kwargs.items()),
    )
    return f"chart:{CHART_STYLE_VERSION}:" + hashlib.sha256(repr(signature).encode()).hexdigest()


def cached_chart(draw):
    """Draw a chart once per data version and drawing style: the result is kept in the shared chart cache under a
    hash of the arguments and CHART_STYLE_VERSION, so a page or PDF shown again with the same figures costs no
    drawing, in any worker."""

    @wraps(draw)
    def wrapper(*args, **kwargs):
        cache = caches[CACHE_ALIAS]
        key = chart_cache_key(draw, args, kwargs)
        result = cache.get(key)
        if result is None:
            text = {"svg.fonttype": "none"} if _for_pdf.get() else {}
            with _draw_lock, matplotlib.rc_context(text):
                result = draw(*args, **kwargs)
            cache.set(key, result)
        return result

    return wrapper


def euro_tick(value: float, _position=None) -> str:
    """An axis tick in euros, Dutch: 40000 → "€ 40.000"."""
    return "€ " + f"{value:,.0f}".replace(",", ".")


def svg_data_uri(figure) -> str:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(figure)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


@cached_chart
def bar_chart(
    categories: list[str],
    series: dict[str, list[float | None]],
    *,
    ylabel: str = "",
    stacked: bool = False,
    horizontal: bool = False,
    width: float = 6.5,
    height: float = 3.2,
    ylim: tuple[float, float] | None = None,
    legend_below: bool = False,
    euro: bool = False,
    line: tuple[str, tuple[float | None, ...]] | None = None,
) -> str:
    """Grouped (or stacked) bars; None values are left out (e.g. suppressed cells). `euro`: the value axis reads
    "€ 40.000" (euro sign, Dutch thousands separator). `line`: (label, values) drawn as a level line across each
    category's bars on the same axis (vertical bars only), e.g. a year's budget over its planned cost; None: no
    line there."""
    figure, axes = plt.subplots(figsize=(width, height))
    count = max(1, len(series))
    positions = list(range(len(categories)))
    bar_width = 0.8 if stacked else 0.8 / count
    bottoms = [0.0] * len(categories)
    for index, (label, values) in enumerate(series.items()):
        clean = [v if v is not None else 0 for v in values]
        offsets = positions if stacked else [p - 0.4 + bar_width * (index + 0.5) for p in positions]
        draw = axes.barh if horizontal else axes.bar
        kwargs = {"left" if horizontal else "bottom": bottoms} if stacked else {}
        draw(offsets, clean, bar_width, label=label, color=PALETTE[index % len(PALETTE)], **kwargs)
        if stacked:
            bottoms = [b + v for b, v in zip(bottoms, clean, strict=True)]
    if horizontal:
        axes.set_yticks(positions, categories)
        axes.invert_yaxis()
        axes.set_xlabel(ylabel)
        if ylim:
            axes.set_xlim(*ylim)
    else:
        axes.set_xticks(positions, categories)
        axes.set_ylabel(ylabel)
        if ylim:
            axes.set_ylim(*ylim)
    axes.spines[["top", "right"]].set_visible(False)
    if line is not None and not horizontal:
        # One level per category (a year's budget is no trend between years): a line across its bar(s).
        label, values = line
        for position, value in zip(positions, values, strict=True):
            if value is not None:
                axes.hlines(
                    float(value),
                    position - 0.48,
                    position + 0.48,
                    colors="#111111",
                    linewidth=2.2,
                    label=label,
                )
                label = None  # one entry in the legend
        axes.set_ylim(bottom=0)
    if euro:
        (axes.xaxis if horizontal else axes.yaxis).set_major_formatter(FuncFormatter(euro_tick))
    if len(series) + (line is not None) > 1:
        if legend_below:  # bars that run to 100 % leave no room for a legend inside the axes
            # Half an inch below the axes (clear of the axis label), whatever the figure's height.
            below = -0.5 / (height * figure.subplotpars.top - height * figure.subplotpars.bottom)
            axes.legend(
                frameon=False,
                fontsize=8,
                loc="upper center",
                bbox_to_anchor=(0.5, below),
                ncol=min(7, len(series) + (line is not None)),
            )
        else:
            axes.legend(frameon=False, fontsize=8, loc="best")
    return svg_data_uri(figure)


@cached_chart
def line_chart(
    categories: list[str],
    series: dict[str, list[float | None]],
    *,
    ylabel: str = "",
    ylim: tuple[float, float] | None = None,
    width: float = 6.5,
    height: float = 3.2,
) -> str:
    """One line per series over `categories` (e.g. measurement moments); a None value leaves a gap in its line."""
    figure, axes = plt.subplots(figsize=(width, height))
    positions = list(range(len(categories)))
    markers = ["o", "s", "^", "D", "v", "P", "X", "*"]
    for index, (label, values) in enumerate(series.items()):
        points = [float("nan") if v is None else float(v) for v in values]
        axes.plot(
            positions,
            points,
            label=label,
            color=PALETTE[index % len(PALETTE)],
            marker=markers[index % len(markers)],
            linewidth=1.6,
        )
    axes.set_xticks(positions, categories)
    axes.set_ylabel(ylabel)
    if ylim:
        axes.set_ylim(*ylim)
    axes.spines[["top", "right"]].set_visible(False)
    if len(series) > 1:
        axes.legend(frameon=False, fontsize=8, loc="best")
    return svg_data_uri(figure)
