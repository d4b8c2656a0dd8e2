"""Counts and figures written the way the reader's language writes them.

`{% load numbers %}` then `{{ value|num }}`: 14.411 in Vietnamese, 14,411 in
English; at most two decimals (`{{ value|num:1 }}` for one), none when the value
is whole. Only where a count or a figure is shown: years, ids and numbers inside
codes stay as they are, which is why USE_THOUSAND_SEPARATOR is not turned on.

Django's Vietnamese locale names the separators but no NUMBER_GROUPING, so
`formats.number_format(value, force_grouping=True)` would not group at all in
Vietnamese; the filter reads the locale's separators and groups by three when the
locale says nothing.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django import template
from django.utils import numberformat
from django.utils.formats import get_format

register = template.Library()

DEFAULT_DECIMALS = 2


def _as_decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | Decimal):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, str):
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            return None
        return number if number.is_finite() else None
    return None


@register.filter
def num(value: Any, decimals: Any = DEFAULT_DECIMALS) -> Any:
    """The number with the language's thousands separator; anything that is not
    a number is returned unchanged, None and "" as ""."""
    if value is None or value == "":
        return ""
    number = _as_decimal(value)
    if number is None or not number.is_finite():
        return value
    try:
        places = max(0, int(decimals))
    except (TypeError, ValueError):
        places = DEFAULT_DECIMALS
    try:
        rounded = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    except InvalidOperation:  # more digits than the decimal context holds
        rounded = number
    whole = rounded == rounded.to_integral_value()
    return numberformat.format(
        rounded,
        get_format("DECIMAL_SEPARATOR"),
        0 if whole else places,
        get_format("NUMBER_GROUPING") or 3,
        get_format("THOUSAND_SEPARATOR"),
        force_grouping=True,
    )
