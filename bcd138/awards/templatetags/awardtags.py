"""Badges of the commendation pages and their entry in the navigation."""

from __future__ import annotations

from typing import Any

from django import template

from bcd138.awards.models import ProposalState

register = template.Library()

STATE_CLASSES: dict[str, str] = {
    ProposalState.DRAFT: "text-bg-light border",
    ProposalState.SUBMITTED: "text-bg-info",
    ProposalState.RETURNED: "text-bg-warning",
    ProposalState.ACCEPTED: "text-bg-primary",
    ProposalState.APPROVED: "text-bg-success",
    ProposalState.DECIDED: "text-bg-dark",
    ProposalState.WITHDRAWN: "text-bg-secondary",
}


@register.filter
def state_class(value: str) -> str:
    return STATE_CLASSES.get(str(value), "text-bg-secondary")


@register.simple_tag
def awards_nav_shown(user: Any) -> bool:
    """Whether the navigation offers commendations (the pages' own rule)."""
    from bcd138.awards.access import has_awards_role

    return bool(getattr(user, "is_authenticated", False)) and has_awards_role(user)
