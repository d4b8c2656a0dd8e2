"""Reading cases: the filtered list, what needs attention, and timeliness."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Avg, Count, F, Q, QuerySet
from django.utils import timezone

from bcd138.agencies.models import Agency, AgencyKind, Role
from bcd138.cases.models import Case, Category
from bcd138.cases.services.access import (
    cases_visible_to,
    court_agency_ids,
    police_agency_ids,
    procuracy_agency_ids,
)
from bcd138.cases.services.people import cases_by_accused_name
from bcd138.core import access
from bcd138.law import penal_code
from bcd138.places.models import Place


@dataclass
class CaseFilters:
    stage: str = ""  # a Stage value, "open" (default) or "all"
    category: str = ""
    agency: Agency | None = None  # the agency holding the file
    commune: Place | None = None  # today's commune of the offence place
    due: str = ""  # "overdue" or "week"
    instituted_from: datetime.date | None = None
    instituted_to: datetime.date | None = None
    q: str = ""  # case number or article ("173", "Điều 173")
    name: str = ""  # the accused's full name (roles that may only)
    social_order: bool | None = None
    solved: bool | None = None


def cases_list(*, user: Any, filters: CaseFilters | None = None) -> QuerySet[Case]:
    """The cases ``user`` may see, filtered, the nearest deadline first."""
    f = filters or CaseFilters()
    qs = cases_visible_to(user).select_related(
        "place", "investigating_body", "holding_agency"
    )
    if f.stage == "open" or not f.stage:
        qs = qs.filter(closed_on__isnull=True)
    elif f.stage != "all":
        qs = qs.filter(stage=f.stage)
    if f.category:
        qs = qs.filter(category=f.category)
    if f.agency is not None:
        qs = qs.filter(holding_agency=f.agency)
    if f.commune is not None:
        qs = qs.filter(place__current_commune=f.commune)
    today = timezone.localdate()
    if f.due == "overdue":
        qs = qs.filter(deadline__lt=today)
    elif f.due == "week":
        qs = qs.filter(
            deadline__gte=today, deadline__lte=today + datetime.timedelta(days=7)
        )
    if f.instituted_from:
        qs = qs.filter(instituted_on__gte=f.instituted_from)
    if f.instituted_to:
        qs = qs.filter(instituted_on__lte=f.instituted_to)
    if f.social_order is not None:
        qs = qs.filter(social_order=f.social_order)
    if f.solved is not None:
        qs = qs.filter(solved=f.solved)
    if f.q.strip():
        qs = qs.filter(_text_q(f.q.strip())).distinct()
    if f.name.strip():
        qs = cases_by_accused_name(qs, by=user, name=f.name)
    return qs.order_by(F("deadline").asc(nulls_last=True), "-instituted_on", "-id")


HOLDING_KINDS = (
    AgencyKind.PROVINCIAL_POLICE,
    AgencyKind.COMMUNE_POLICE,
    AgencyKind.PROCURACY,
    AgencyKind.COURT,
)


def holding_agency_choices(user: Any) -> QuerySet[Agency]:
    """The bodies that can hold a case in the user's province(s), for the list's
    filter. Not derived from the cases themselves: at a million cases that
    subquery is what made the page slow (docs/performance.md)."""
    qs = Agency.objects.filter(kind__in=HOLDING_KINDS)
    if not access.is_superuser(user):
        places = {g.place_id for g in access.grants_for(user)}
        provinces = Place.objects.filter(pk__in=places).values("current_province")
        qs = qs.filter(place__current_province__in=provinces)
    return qs.order_by("name")


def _text_q(text: str) -> Q:
    q = Q(number__icontains=text) | Q(title__icontains=text)
    number = penal_code.parse_number(text.lower())
    if number is not None:
        q |= Q(charges__article=number, charges__ended_by__isnull=True)
    return q


def unit_overdue(
    *, agency: Agency, today: datetime.date | None = None
) -> QuerySet[Case]:
    """The cases a body holds past their limit (uses cases_holder_deadline)."""
    today = today or timezone.localdate()
    return (
        Case.objects.filter(holding_agency=agency, deadline__lt=today)
        .select_related("place")
        .order_by("deadline", "id")
    )


@dataclass
class CaseAttention:
    """What the user should look at today (the overview page)."""

    due_soon: int = 0
    overdue: int = 0
    escalated_overdue: int = 0


def cases_attention(*, user: Any) -> CaseAttention | None:
    """Warnings for the cases held by the user's bodies and, for the standing
    office, overdue cases across its province."""
    held = police_agency_ids(user) | procuracy_agency_ids(user) | court_agency_ids(user)
    escalates = access.has_role(user, Role.STANDING_OFFICE)
    if not (held or escalates):
        return None
    today = timezone.localdate()
    lead = max(settings.BCD138_DEADLINE_WARN_DAYS or [0])
    result = CaseAttention()
    if held:
        mine = Case.objects.filter(holding_agency_id__in=held, deadline__isnull=False)
        result.overdue = mine.filter(deadline__lt=today).count()
        result.due_soon = mine.filter(
            deadline__gte=today, deadline__lte=today + datetime.timedelta(days=lead)
        ).count()
    if escalates:
        result.escalated_overdue = access.visible(
            Case.objects.filter(deadline__lt=today),
            user,
            field="place",
            roles=[Role.STANDING_OFFICE],
        ).count()
    return result


@dataclass
class Timeliness:
    """Average days each body held the file, per category (closed stages count
    as they were; open cases up to their last step)."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    total: dict[str, Any] = field(default_factory=dict)


def cases_timeliness(qs: QuerySet[Case]) -> Timeliness:
    aggregates = {
        "cases": Count("id"),
        "investigation": Avg("investigation_days"),
        "prosecution": Avg("prosecution_days", filter=Q(prosecution_days__gt=0)),
        "court": Avg("court_days", filter=Q(court_days__gt=0)),
        "solved": Count("id", filter=Q(solved=True)),
        "overdue": Count("id", filter=Q(deadline__lt=timezone.localdate())),
    }
    by_category = {
        row["category"]: row
        for row in qs.order_by().values("category").annotate(**aggregates)
    }
    rows = []
    for value, label in Category.choices:
        row = by_category.get(value, {"cases": 0})
        rows.append({"category": value, "label": label, **row})
    return Timeliness(rows=rows, total=qs.order_by().aggregate(**aggregates))
