"""Charts drawn once per data version: the SVG data URI is stored under a hash of the chart's input
(in-process dict in front of the ChartImage table), so a page or PDF request does not redraw it.

Every new data version adds a row, so whenever a chart is stored, rows older than KEEP are removed: a chart still
in use after that is simply drawn and stored again.
"""

import hashlib
import json
from datetime import timedelta

from django.utils import timezone

from npo_planner.lib import charts
from npo_planner.programma.models import ChartImage

_memory: dict[str, str] = {}
MEMORY_LIMIT = 256
KEEP = timedelta(days=60)


def chart_key(kind: str, payload: dict) -> str:
    text = json.dumps({"kind": kind, **payload}, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def cached_bar_chart(categories: list[str], series: dict[str, list[float | None]], **options) -> str:
    key = chart_key("bar", {"categories": categories, "series": series, "options": options})
    if key in _memory:
        return _memory[key]
    stored = ChartImage.objects.filter(key=key).values_list("data_uri", flat=True).first()
    if stored is None:
        stored = charts.bar_chart(categories, series, **options)
        ChartImage.objects.filter(created_at__lt=timezone.now() - KEEP).delete()
        ChartImage.objects.get_or_create(key=key, defaults={"data_uri": stored})
    if len(_memory) >= MEMORY_LIMIT:
        _memory.clear()
    _memory[key] = stored
    return stored
