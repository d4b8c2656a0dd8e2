"""The triage queue: a unit's reports, filtered and sorted by time left."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from bcd138.agencies.models import Role
from bcd138.core import access
from bcd138.intake.models import OPEN_STATES, CrimeReport
from bcd138.intake.services.access import handling_agency_ids, reports_visible_to


def reports_queue(
    *,
    user: Any,
    state: str = "",
    kind: str = "",
    channel: str = "",
    crime_type: str = "",
    commune: Any = None,
    due: str = "",
    assignee: str = "",
    q: str = "",
    sort: str = "deadline",
) -> QuerySet[CrimeReport]:
    qs = reports_visible_to(user).select_related("place", "handling_agency", "assignee")
    if state == "all":
        pass
    elif state:
        qs = qs.filter(state=state)
    else:
        qs = qs.filter(state__in=OPEN_STATES)
    for name, value in (
        ("kind", kind),
        ("channel", channel),
        ("crime_type", crime_type),
    ):
        if value:
            qs = qs.filter(**{name: value})
    if commune is not None:
        qs = qs.filter(place__current_commune=commune)
    today = timezone.localdate()
    if due == "overdue":
        qs = qs.filter(deadline__lt=today)
    elif due == "week":
        qs = qs.filter(
            deadline__gte=today, deadline__lte=today + datetime.timedelta(days=7)
        )
    if assignee == "me":
        qs = qs.filter(assignee=user)
    elif assignee == "none":
        qs = qs.filter(assignee__isnull=True)
    if q:
        code = q.strip().upper()
        qs = qs.filter(Q(tracking_code__icontains=code) | Q(description__icontains=q))
    if sort == "received":
        return qs.order_by("-received_at", "-id")
    return qs.order_by(F("deadline").asc(nulls_last=True), "received_at", "id")


def reports_state_counts(*, user: Any) -> dict[str, int]:
    rows = reports_visible_to(user).values("state").annotate(n=Count("id"))
    return {row["state"]: row["n"] for row in rows}


@dataclass
class Attention:
    """What a user should look at today (the overview page)."""

    mine_due_soon: int = 0
    unit_overdue: int = 0
    unassigned: int = 0
    escalated_overdue: int = 0


def reports_attention(*, user: Any) -> Attention | None:
    """Warnings at the configured lead times, overdue items of the user's units,
    and, for the standing office, overdue items across its jurisdiction."""
    handles = bool(handling_agency_ids(user))
    escalates = access.has_role(user, Role.STANDING_OFFICE)
    if not (handles or escalates):
        return None
    today = timezone.localdate()
    lead = max(settings.BCD138_DEADLINE_WARN_DAYS or [0])
    mine = CrimeReport.objects.filter(
        state__in=OPEN_STATES, handling_agency_id__in=handling_agency_ids(user)
    )
    result = Attention()
    if handles:
        result.mine_due_soon = mine.filter(
            assignee=user,
            deadline__gte=today,
            deadline__lte=today + datetime.timedelta(days=lead),
        ).count()
        result.unit_overdue = mine.filter(deadline__lt=today).count()
        result.unassigned = mine.filter(assignee__isnull=True).count()
    if escalates:
        result.escalated_overdue = access.visible(
            CrimeReport.objects.filter(state__in=OPEN_STATES, deadline__lt=today),
            user,
            field="place",
            roles=[Role.STANDING_OFFICE],
        ).count()
    return result
