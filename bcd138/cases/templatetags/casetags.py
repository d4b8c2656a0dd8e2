"""Labels, badges and the navigation entry of the criminal case pages."""

from __future__ import annotations

import datetime
from typing import Any

from django import template
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bcd138.cases.models import Category, EventKind, Stage
from bcd138.law import penal_code

register = template.Library()

CATEGORY_CLASSES: dict[str, str] = {
    Category.LESS_SERIOUS: "text-bg-light border",
    Category.SERIOUS: "text-bg-info",
    Category.VERY_SERIOUS: "text-bg-warning",
    Category.PARTICULARLY_SERIOUS: "text-bg-danger",
}


@register.filter
def category_label(value: str) -> str:
    try:
        return str(Category(str(value)).label)
    except ValueError:
        return str(value)


@register.filter
def category_class(value: str) -> str:
    return CATEGORY_CLASSES.get(str(value), "text-bg-secondary")


@register.filter
def event_label(value: str) -> str:
    try:
        return str(EventKind(str(value)).label)
    except ValueError:
        return str(value)


K = EventKind

# Why a limit changed at each step, with the article it comes from (the engine's
# own notes are English; these are the translatable words shown to officers).
LIMIT_BASIS: dict[str, Any] = {
    K.INSTITUTED: gettext_lazy(
        "Investigation limit by the case's category (BLTTHS Điều 172.1)."
    ),
    K.CHARGES_CHANGED: gettext_lazy(
        "The category changed: the investigation limit is recomputed "
        "(BLTTHS Điều 172.4)."
    ),
    K.INVESTIGATION_EXTENDED: gettext_lazy(
        "Investigation extended (BLTTHS Điều 172.2–3)."
    ),
    K.INVESTIGATION_SUSPENDED: gettext_lazy(
        "Investigation suspended; the clock stops (BLTTHS Điều 229)."
    ),
    K.INVESTIGATION_RESUMED: gettext_lazy(
        "Investigation resumed: a new limit from the resumption (BLTTHS Điều 230)."
    ),
    K.INVESTIGATION_CONCLUDED: gettext_lazy(
        "Investigation concluded; the investigation limit stops."
    ),
    K.FILE_SENT_TO_PROCURACY: gettext_lazy(
        "File sent; while in transit the sender still answers for it."
    ),
    K.FILE_SENT_TO_COURT: gettext_lazy(
        "File sent; while in transit the sender still answers for it."
    ),
    K.FILE_RECEIVED_BY_PROCURACY: gettext_lazy(
        "Received by the procuracy: the limit to decide on prosecution "
        "(BLTTHS Điều 240)."
    ),
    K.PROSECUTION_EXTENDED: gettext_lazy(
        "Prosecution limit extended, once (BLTTHS Điều 240)."
    ),
    K.INDICTED: gettext_lazy(
        "Indicted; the prosecution limit stops (BLTTHS Điều 240)."
    ),
    K.RETURNED_FOR_SUPPLEMENTARY_INVESTIGATION: gettext_lazy(
        "Back with the investigating body for supplementary investigation: "
        "a new limit (BLTTHS Điều 174)."
    ),
    K.FILE_RECEIVED_BY_COURT: gettext_lazy(
        "Accepted by the court: the limit to prepare the trial (BLTTHS Điều 277; "
        "15 days after a return, Điều 277.2)."
    ),
    K.TRIAL_PREPARATION_EXTENDED: gettext_lazy(
        "Trial preparation extended, once (BLTTHS Điều 277)."
    ),
    K.BROUGHT_TO_TRIAL: gettext_lazy(
        "Brought to trial; the preparation limit stops (BLTTHS Điều 277)."
    ),
    K.SUSPENDED: gettext_lazy("Case suspended; the clock stops."),
    K.JUDGMENT: gettext_lazy("First-instance judgment; the case is closed here."),
    K.TERMINATED: gettext_lazy("Case terminated; the clock stops for good."),
}


@register.filter
def limit_basis(kind: str) -> str:
    return str(LIMIT_BASIS.get(str(kind), ""))


@register.filter
def stage_label(value: str) -> str:
    try:
        return str(Stage(str(value)).label)
    except ValueError:
        return str(value)


@register.filter
def penalty(clause: penal_code.Clause) -> str:
    """The most severe penalty of a clause's bracket, in words."""
    if clause.death:
        return _("death penalty")
    if clause.life:
        return _("life imprisonment")
    if clause.non_custodial_only or clause.max_years is None:
        return _("no imprisonment")
    years = clause.max_years
    shown = f"{years:g}"
    return _("up to %(years)s years' imprisonment") % {"years": shown}


@register.inclusion_tag("cases/_deadline.html")
def deadline_badge(deadline: datetime.date | None) -> dict[str, Any]:
    """Overdue red with the days late, within the warning period amber."""
    if deadline is None:
        return {"deadline": None}
    left = (deadline - timezone.localdate()).days
    warn = max(settings.BCD138_DEADLINE_WARN_DAYS or [0])
    if left < 0:
        css = "text-bg-danger"
    elif left <= warn:
        css = "text-bg-warning"
    else:
        css = "text-bg-light border"
    return {"deadline": deadline, "left": left, "late": -left, "css": css}


@register.simple_tag
def cases_nav_shown(user: Any) -> bool:
    """Whether the navigation offers the criminal cases (the list's own rule)."""
    from bcd138.cases.services.access import has_case_role

    return bool(getattr(user, "is_authenticated", False)) and has_case_role(user)


@register.filter
def iso_date(value: str) -> str:
    """A stored ISO date ("1990-08-10") as the officers read it ("10/08/1990")."""
    try:
        return datetime.date.fromisoformat(str(value)).strftime("%d/%m/%Y")
    except ValueError:
        return str(value)
