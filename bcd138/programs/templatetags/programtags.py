"""Badges, shares and the navigation entry of the committee's work pages."""

from __future__ import annotations

from typing import Any

from django import template

from bcd138.programs import access
from bcd138.programs.models import (
    PlanStatus,
    ProgrammeStatus,
    RecommendationState,
    TaskState,
)

register = template.Library()

STATE_CLASSES: dict[str, str] = {
    TaskState.OPEN: "text-bg-light border",
    TaskState.SUBMITTED: "text-bg-info",
    TaskState.RETURNED: "text-bg-warning",
    TaskState.DONE: "text-bg-success",
    RecommendationState.OPEN: "text-bg-warning",
    RecommendationState.FOLLOW_UP: "text-bg-info",
    RecommendationState.CLOSED: "text-bg-secondary",
    ProgrammeStatus.ACTIVE: "text-bg-success",
    ProgrammeStatus.EXPIRED: "text-bg-secondary",
    ProgrammeStatus.ENDED_EARLY: "text-bg-dark",
    PlanStatus.DRAFT: "text-bg-light border",
    PlanStatus.APPROVED: "text-bg-primary",
    PlanStatus.CLOSED: "text-bg-secondary",
}


@register.filter
def state_class(value: str) -> str:
    return STATE_CLASSES.get(str(value), "text-bg-secondary")


@register.filter
def programme_status_label(value: str) -> str:
    try:
        return str(ProgrammeStatus(str(value)).label)
    except ValueError:
        return str(value)


@register.filter
def percent(value: Any) -> str:
    """0.625 → "63%"."""
    try:
        return f"{round(float(value) * 100)}%"
    except (TypeError, ValueError):
        return "—"


@register.filter
def bar_width(value: Any) -> int:
    """A share as a progress-bar width (0–100)."""
    try:
        return max(0, min(100, round(float(value) * 100)))
    except (TypeError, ValueError):
        return 0


@register.filter
def days_open(rec: Any, today: Any) -> int:
    return int(rec.days_open(today))


@register.filter
def days_past_follow_up(rec: Any, today: Any) -> int:
    return int(rec.days_past_follow_up(today))


@register.filter
def days_overdue(task: Any, today: Any) -> int:
    return int(task.days_overdue(today))


@register.simple_tag
def programs_nav_shown(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and access.has_programs_role(
        user
    )


@register.filter
def programme_status(programme: Any, today: Any) -> str:
    return str(programme.status_on(today))


@register.filter
def selected_in(value: Any, chosen: Any) -> bool:
    """Whether a choice's value is among a multiple field's values."""
    if value in (None, ""):
        return False
    return str(value) in {str(v) for v in (chosen or [])}
