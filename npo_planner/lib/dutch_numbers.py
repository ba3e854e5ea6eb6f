"""Numbers as a Dutch user types them: one form field for every amount, hour, fte, count and percentage.

The rule (`parse_dutch_number`):
- `,` is the decimal mark: `12,5` is twelve and a half; at most one comma;
- `.` is a thousands separator when every dot is followed by exactly three digits and the number does not start
  with `0.`: `18.500` is eighteen thousand five hundred, `1.250.000,50` and `18.500,00` likewise;
- any other single dot is a decimal point, as on an English keyboard: `12.5`, `0.25`, `1.5`, `0.500`;
- a number with a comma and also a dot that does not separate thousands (`1.5,0`) is refused, `18,` is 18, as is anything else
  that is not plainly a number;
- spaces (also non-breaking), a leading `€` or `EUR` and a trailing `%` are ignored, so `€ 18.500` and `12,5 %`
  are accepted; `-` or `−` in front makes the number negative.
"""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models.fields import PositiveIntegerRelDbTypeMixin
from django.utils.translation import gettext_lazy as _

_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_THOUSANDS = re.compile(r"[1-9][0-9]{0,2}(?:\.[0-9]{3})+")
_PLAIN = re.compile(r"[0-9]+")
_DOT_DECIMAL = re.compile(r"[0-9]*\.[0-9]+|[0-9]+\.")


def parse_dutch_number(text: str) -> Decimal:
    """The number in `text` under the rule of this module's docstring; ValueError when it is not one."""
    value = _SPACES.sub("", text or "")
    upper = value.upper()
    if upper.startswith("€") or upper.startswith("EUR"):
        value = value[1:] if value.startswith("€") else value[3:]
    value = value.removesuffix("%")
    negative = value[:1] in ("-", "−")
    if negative or value[:1] == "+":
        value = value[1:]
    if value.startswith("€"):  # "-€ 5" as well as "€ -5"
        value = value[1:]
    if value.count(",") > 1:
        raise ValueError(text)
    whole, comma, decimals = value.partition(",")
    if (comma and decimals and not _PLAIN.fullmatch(decimals)) or not (whole or decimals):
        raise ValueError(text)
    if _PLAIN.fullmatch(whole) or (comma and whole == ""):
        digits = whole or "0"
    elif _THOUSANDS.fullmatch(whole):
        digits = whole.replace(".", "")
    elif not comma and _DOT_DECIMAL.fullmatch(whole):
        digits, _dot, decimals = whole.partition(".")
        digits = digits or "0"
    else:
        raise ValueError(text)
    try:
        number = Decimal(f"{digits}.{decimals}" if decimals else digits)
    except InvalidOperation as exc:
        raise ValueError(text) from exc
    return -number if negative else number


class DutchDecimalField(forms.DecimalField):
    """A number typed the Dutch way (see the module docstring for the exact rule): `18.500`, `18.500,00`,
    `€ 18.500`, `12,5`, `12,5 %`; plain `18500` and `12.5` too.

    - `decimal_places=0` makes it a whole-number field that returns an int (pupils, vacancies);
    - negative numbers are refused with a Dutch message unless `allow_negative=True`;
    - the input is `type="text" inputmode="decimal"`, so the browser leaves Dutch input alone and a phone shows
      the number keyboard; the value is shown with a decimal comma.
    """

    widget = forms.TextInput
    default_error_messages = {
        "invalid": _("Vul een getal in, bijvoorbeeld 18.500 of 18.500,00 of 12,5 (komma voor de decimalen)."),
        "whole": _("Vul een heel getal in, zonder decimalen."),
        "negative": _("Vul een getal van 0 of meer in; een negatief getal kan hier niet."),
    }

    def __init__(self, *, allow_negative: bool = False, **kwargs):
        self.allow_negative = allow_negative
        kwargs.setdefault("localize", True)
        super().__init__(**kwargs)
        self.widget.input_type = "text"
        self.widget.attrs.pop("step", None)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("step", None)
        attrs["inputmode"] = "numeric" if self.decimal_places == 0 else "decimal"
        return attrs

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, int | Decimal):
            number = Decimal(value)
        elif isinstance(value, float):
            number = Decimal(str(value))
        else:
            try:
                number = parse_dutch_number(str(value))
            except ValueError:
                raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        if not number.is_finite():
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        if number < 0 and not self.allow_negative:
            raise ValidationError(self.error_messages["negative"], code="negative")
        if self.decimal_places == 0:
            if number != number.to_integral_value():
                raise ValidationError(self.error_messages["whole"], code="whole")
            return int(number)
        return number

    def validate(self, value):
        forms.Field.validate(self, value)

    def run_validators(self, value):
        if isinstance(value, int):
            value = Decimal(value)
        super().run_validators(value)


def is_typed_number(db_field) -> bool:
    """A number field the user types in (not a choice, a key or a relation)."""
    return (
        isinstance(db_field, models.IntegerField | models.DecimalField | models.FloatField)
        and not db_field.choices
        and not db_field.primary_key
        and not db_field.is_relation
    )


def number_formfield(db_field, *, non_negative=(), **kwargs):
    """A ModelForm's `formfield_callback`: every number field the user types in becomes a DutchDecimalField.

    Negative numbers are allowed only where the model allows them (not a positive integer field, no minimum of 0
    or more, and not named in `non_negative`)."""
    if not is_typed_number(db_field):
        return db_field.formfield(**kwargs)
    minimum = [v.limit_value for v in db_field.validators if isinstance(v, MinValueValidator)]
    allow_negative = not (
        db_field.name in non_negative
        or isinstance(db_field, PositiveIntegerRelDbTypeMixin)
        or any(not callable(limit) and limit >= 0 for limit in minimum)
    )
    options = {"form_class": DutchDecimalField, "allow_negative": allow_negative}
    if not isinstance(db_field, models.DecimalField):
        options["decimal_places"] = 0 if isinstance(db_field, models.IntegerField) else None
    return db_field.formfield(**options, **kwargs)
