"""What the hot-spot pages share: the provinces a user may look at, the kinds of
crime, labels, the bars of a commune's counts and the officers an alert may be
assigned to."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from bcd138.agencies.models import Role, RoleAssignment, User
from bcd138.hotspots import access
from bcd138.hotspots.models import Alert, AlertReason, Run, RunStatus
from bcd138.hotspots.services.mapdata import StepStat
from bcd138.hotspots.services.runs import kind_label
from bcd138.places.models import Level, Place


def crime_type_label(value: str) -> str:
    return kind_label(value, sentence_start=True)


def reason_labels(reasons: list[str]) -> list[tuple[str, str]]:
    return [
        (r, str(AlertReason(r).label) if r in AlertReason.values else r)
        for r in reasons or []
    ]


def provinces_for(user: Any) -> list[Place]:
    """The provinces the user may look at, by name: those of their grants, and
    for a superuser those that have runs (else every province)."""
    ids = access.provinces_visible_to(user)
    qs = Place.objects.current().provinces()
    if ids is None:
        with_runs = qs.filter(pk__in=Run.objects.values("province_id"))
        return list(with_runs.order_by("name")) or list(qs.order_by("name"))
    return list(qs.filter(pk__in=ids).order_by("name"))


def province_chosen(provinces: list[Place], code: str | None) -> Place | None:
    for place in provinces:
        if place.code == code:
            return place
    return provinces[0] if provinces else None


def succeeded_runs(user: Any, province: Place) -> QuerySet[Run]:
    return access.runs_visible_to(user).filter(
        province=province, status=RunStatus.SUCCEEDED
    )


def crime_types_of(runs: QuerySet[Run]) -> list[tuple[str, str]]:
    """The kinds of crime the province has results for; all kinds first."""
    values = set(runs.values_list("crime_type", flat=True).distinct())
    values.add("")
    ordered = sorted(values, key=lambda v: (v != "", crime_type_label(v)))
    return [(v, crime_type_label(v)) for v in ordered]


def run_chosen(runs: QuerySet[Run], pk: str | None) -> Run | None:
    ordered = runs.order_by("-data_cutoff", "-pk")
    if pk and pk.isdigit():
        chosen = ordered.filter(pk=int(pk)).first()
        if chosen is not None:
            return chosen
    return ordered.first()


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    tone: str  # hot, cold or plain
    step: StepStat


BAR_AREA = 40.0  # the SVG's drawing height (viewBox units)


def bars_for(steps: list[StepStat]) -> list[Bar]:
    """One bar per step, scaled to the largest count; significant hot and cold
    steps (Gi*, p < 0.05) are told apart by colour."""
    if not steps:
        return []
    top = max(max(s.count for s in steps), 1)
    width = 100.0 / len(steps)
    bars = []
    for i, s in enumerate(steps):
        height = max(BAR_AREA * s.count / top, 0.8 if s.count else 0.0)
        tone = "hot" if s.significant_hot else "cold" if s.significant_cold else "plain"
        bars.append(
            Bar(
                x=round(i * width + width * 0.1, 3),
                y=round(BAR_AREA - height, 3),
                width=round(width * 0.8, 3),
                height=round(height, 3),
                tone=tone,
                step=s,
            )
        )
    return bars


def trend_word(tau: float | None, p: float | None) -> str:
    if tau is None or p is None or p >= 0.05:
        return _("no significant trend")
    return _("rising") if tau > 0 else _("falling")


def assignees_for(alert: Alert) -> QuerySet[User]:
    """Officers who may take the alert: the commune's police and unit heads, and
    the province's standing office (the service checks again)."""
    grants = RoleAssignment.objects.active().filter(
        Q(role__in=access.COMMUNE_ROLES, jurisdiction_id=alert.commune_id)
        | Q(
            role=Role.STANDING_OFFICE,
            jurisdiction_id=alert.province_id,
            jurisdiction__level=Level.PROVINCE,
        )
    )
    return (
        User.objects.filter(is_active=True, pk__in=grants.values("user_id"))
        .exclude(is_superuser=True)
        .order_by("full_name", "username")
    )


def communes_with_alerts(user: Any) -> QuerySet[Place]:
    ids = access.alerts_visible_to(user).values("commune_id")
    return Place.objects.filter(pk__in=ids).order_by("name")
