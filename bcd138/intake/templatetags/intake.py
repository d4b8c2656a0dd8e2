"""Small filters for the report pages."""

import datetime
from typing import Any

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def days_left(deadline: datetime.date | None) -> int | None:
    if deadline is None:
        return None
    return (deadline - timezone.localdate()).days


@register.filter
def abs_int(value: int) -> int:
    return abs(value)


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key)
