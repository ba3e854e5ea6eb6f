"""The shipped menukaart catalogue (fixtures/menukaart_catalogue.json) and how it is loaded.

The loader only uses plain model fields, so the data migration can call it with historical models
(`apps.get_model`) and tests can call it with the real ones (`catalogue_load()`), e.g. after a
transactional test has flushed the database. Loading is idempotent: items are matched on `code`; a figure set
is matched on its date. The newest figure set becomes the item's current figures.

Only the fields the given model has are written: the first data migration (0002) runs with the models of its own
time, before later fields existed; a later data migration loads the file again with all of them.
"""

import datetime
import json
from pathlib import Path

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "menukaart_catalogue.json"

TEXT_FIELDS = [
    "goal_area",
    "name",
    "summary",
    "description",
    "school_type",
    "nji_level",
    "nji_source",
    "nji_summary",
    "lgl_level",
    "lgl_source",
    "supplier_text",
    "subjects",
    "asks_staff",
    "asks_time",
    "asks_space",
    "practical",
    "npo_may_pay",
]


def read_fixture(path: Path = FIXTURE) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["interventions"]


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


def load_items(intervention_model, figures_model, items: list[dict]) -> int:
    """Create or update the catalogue items; returns how many items were created."""
    created = 0
    has = {f.name for f in intervention_model._meta.get_fields()}
    figure_fields = {f.name for f in figures_model._meta.get_fields()}
    for item in items:
        values = {name: item.get(name) or "" for name in TEXT_FIELDS if name in has}
        values["nji_date"] = _date(item.get("nji_date"))
        values["links"] = "\n".join(item.get("links") or [])
        intervention, was_created = intervention_model.objects.update_or_create(
            code=item["code"], school=None, defaults=values
        )
        created += was_created
        sets = sorted(item.get("figures") or [], key=lambda f: f["date"])
        for figures in sets:
            defaults = {
                "impact_months": figures.get("impact_months"),
                "evidence": figures.get("evidence"),
                "cost": figures.get("cost"),
                "source": figures["source"],
            }
            if "cost_source" in figure_fields:
                defaults["cost_source"] = figures.get("cost_source") or ""
            figures_model.objects.update_or_create(
                intervention=intervention, date=_date(figures["date"]), defaults=defaults
            )
        if sets:
            newest = sets[-1]
            intervention.impact_months = newest.get("impact_months")
            intervention.evidence = newest.get("evidence")
            intervention.cost = newest.get("cost")
            intervention.figures_source = newest["source"]
            intervention.figures_date = _date(newest["date"])
        else:
            intervention.impact_months = intervention.evidence = intervention.cost = None
            intervention.figures_source = item.get("figures_source") or ""
            intervention.figures_date = None
        intervention.save()
    return created


def catalogue_load() -> int:
    """Load the shipped catalogue with the current models (tests, a flushed database)."""
    from menukaart.models import Intervention, InterventionFigures

    return load_items(Intervention, InterventionFigures, read_fixture())
