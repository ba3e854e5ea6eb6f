"""A database check's raw name (e.g. `item_cost_not_negative`) never reaches a user: every CheckConstraint of the
project says in Dutch what is wrong, and a form shows that message if its own fields let the value through."""

from pathlib import Path

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db.models import CheckConstraint

ROOT = Path(__file__).resolve().parents[2]


def project_check_constraints():
    """The CheckConstraints of every app of this repository (new apps included), not of Django's own apps."""
    for model in apps.get_models():
        path = Path(model._meta.app_config.path).resolve()
        if path.is_relative_to(ROOT) and "site-packages" not in path.parts:  # .venv lives in the checkout
            for constraint in model._meta.constraints:
                if isinstance(constraint, CheckConstraint):
                    yield model, constraint


def test_every_check_constraint_has_its_own_dutch_message():
    found = list(project_check_constraints())
    assert len(found) >= 10
    for model, constraint in found:
        message = str(constraint.get_violation_error_message())
        assert constraint.violation_error_message != constraint.default_violation_error_message, (
            constraint.name
        )
        assert constraint.name not in message and "_" not in message, (model, message)


def test_a_negative_item_cost_gets_the_dutch_message_not_the_constraint_name(cast):
    from tests.programma.factories import make_item, make_programme

    item = make_item(make_programme(cast.school_a, cast.year), name="Leesclub")
    item.year_costs = {"2022-2023": "-4"}
    with pytest.raises(ValidationError) as error:
        item.full_clean()
    messages = error.value.messages
    assert messages == ["De kosten van een onderdeel kunnen niet negatief zijn."]
