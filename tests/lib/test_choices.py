"""`choice_label` answers what Django's get_FOO_display answers, for every value and for one that is no choice."""

import pytest
from django.db.models import Model
from django.utils import translation

from menukaart.models import Intervention


@pytest.mark.parametrize("name", ["goal_area", "nji_level", "lgl_level"])
def test_the_menukaart_labels_are_djangos(name):
    field = Intervention._meta.get_field(name)
    values = [value for value, _label in field.flatchoices] + ["no-such-value"]
    with translation.override("nl"):
        for value in values:
            intervention = Intervention(**{name: value})
            django_label = Model._get_FIELD_display(intervention, field)
            assert getattr(intervention, f"get_{name}_display")() == django_label
            assert isinstance(django_label, str)
