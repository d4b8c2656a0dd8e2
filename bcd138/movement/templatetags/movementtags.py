"""The movement's navigation entry and its section tabs."""

from __future__ import annotations

import datetime
from typing import Any

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from bcd138.movement import access as mv

register = template.Library()


@register.simple_tag
def movement_nav_shown(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and mv.may_use_overview(user)


# The tab of each page, from the first word of its URL name.
TAB_OF = {
    "overview": "overview",
    "models": "models",
    "model": "models",
    "people": "people",
    "person": "people",
    "outreach": "outreach",
    "session": "outreach",
    "teams": "teams",
    "team": "teams",
    "safety": "safety",
    "recognition": "safety",
}


@register.simple_tag
def movement_tabs(request: Any) -> list[tuple[str, str, bool]]:
    """(label, url, current) of the sections the user has."""
    user = request.user
    match = request.resolver_match
    current = TAB_OF.get((match.url_name or "").split("_")[0], "") if match else ""
    labels = {
        mv.MODELS: _("Models"),
        mv.PEOPLE: _("Exemplary people"),
        mv.OUTREACH: _("Outreach"),
        mv.TEAMS: _("Security teams"),
        mv.SAFETY: _("Safety recognition"),
    }
    tabs = [("overview", _("Overview"))]
    tabs += [(s, labels[s]) for s in mv.SECTIONS if mv.may_use(user, s)]
    return [
        (label, reverse(f"movement:{name}"), name == current) for name, label in tabs
    ]


@register.filter
def dmy(value: Any) -> str:
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return "" if value is None else str(value)


@register.filter
def percent_of(value: int, total: int) -> int:
    return round(100 * value / total) if total else 0
