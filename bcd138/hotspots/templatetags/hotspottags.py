"""Template filters of the hot-spot pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.defaultfilters import floatformat

from bcd138.hotspots.models import AlertReason, AlertStatus

register = template.Library()


@register.filter
def percent(value: Any, digits: int = 1) -> str:
    """A share (0.034) as a localised percentage ("3,4 %" in Vietnamese)."""
    if value is None:
        return "—"
    return f"{floatformat(float(value) * 100, digits)}%"


@register.filter
def pvalue(value: Any) -> str:
    """A p-value with three decimals; below 0.001 as "< 0.001" (localised)."""
    if value is None:
        return "—"
    if float(value) < 0.001:
        return f"< {floatformat(0.001, 3)}"
    return str(floatformat(float(value), 3))


@register.filter
def status_class(status: str) -> str:
    classes: dict[str, str] = {
        AlertStatus.OPEN: "text-bg-danger",
        AlertStatus.ACKNOWLEDGED: "text-bg-warning",
        AlertStatus.CLOSED: "text-bg-secondary",
    }
    return classes.get(status, "text-bg-light")


@register.filter
def reason_class(reason: str) -> str:
    classes: dict[str, str] = {
        AlertReason.NEW_HOT: "bcd-hs-reason-new",
        AlertReason.CONSECUTIVE_HOT: "bcd-hs-reason-consecutive",
        AlertReason.INTENSIFYING_HOT: "bcd-hs-reason-intensifying",
        AlertReason.TOP_CELLS: "bcd-hs-reason-cells",
    }
    return classes.get(reason, "text-bg-light")
