"""The movement at a glance, within what the user may see.

Rules: every figure is counted under today's units (a legacy commune's record
counts for the 2025 commune that absorbed it); a model in several communes
counts once in the totals and once for each commune; "built" models are those
with no origin, "replicated" ones were copied from another model; the year of a
model is the year it started.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractYear

from bcd138.movement.models import MovementModel
from bcd138.movement.services import common
from bcd138.movement.services.grassroots import models_visible_to
from bcd138.movement.services.outreach import (
    PeriodTotal,
    outreach_channel_totals,
    outreach_totals,
    outreach_visible_to,
)
from bcd138.movement.services.safety import (
    RecognitionTotal,
    recognition_totals,
    recognitions_visible_to,
)
from bcd138.movement.services.teams import teams_visible_to
from bcd138.places.models import Place


@dataclass
class YearModels:
    year: int
    built: int = 0
    replicated: int = 0


@dataclass
class CommuneModels:
    commune: str
    active: int = 0
    built: int = 0
    replicated: int = 0


@dataclass
class Overview:
    models_by_year: list[YearModels]
    models_by_commune: list[CommuneModels]
    outreach: list[PeriodTotal]
    outreach_totals: dict[str, int]
    recognitions: list[RecognitionTotal]
    teams: int = 0
    team_members: int = 0


def model_counts_by_year(qs: QuerySet[MovementModel]) -> list[YearModels]:
    """Models built (no origin) and replicated, by the year they started."""
    rows = (
        qs.order_by()
        .annotate(y=ExtractYear("started_on"))
        .values("y")
        .annotate(
            built=Count("id", filter=Q(replicated_from__isnull=True)),
            replicated=Count("id", filter=Q(replicated_from__isnull=False)),
        )
        .order_by("y")
    )
    return [YearModels(r["y"], r["built"], r["replicated"]) for r in rows]


def model_counts_by_commune(
    qs: QuerySet[MovementModel], *, year: int | None = None
) -> list[CommuneModels]:
    """Per today's commune: active models, and those built and replicated (in
    `year`, or ever)."""
    today = common.today()
    active = Q(ended_on__isnull=True) | Q(ended_on__gte=today)
    in_year = Q(started_on__year=year) if year is not None else Q()
    rows = (
        MovementModel.objects.filter(pk__in=qs.values("pk"))
        .order_by()
        .values("communes__current_commune__name")
        .annotate(
            active=Count("id", filter=active, distinct=True),
            built=Count(
                "id", filter=in_year & Q(replicated_from__isnull=True), distinct=True
            ),
            replicated=Count(
                "id", filter=in_year & Q(replicated_from__isnull=False), distinct=True
            ),
        )
        .order_by("-active", "communes__current_commune__name")
    )
    return [
        CommuneModels(
            r["communes__current_commune__name"] or "—",
            r["active"],
            r["built"],
            r["replicated"],
        )
        for r in rows
    ]


def movement_overview(
    *, user: Any, commune: Place | None = None, period: str = "quarter"
) -> Overview:
    models = models_visible_to(user)
    outreach = outreach_visible_to(user)
    recognitions = recognitions_visible_to(user)
    teams = teams_visible_to(user)
    if commune is not None:
        in_commune = MovementModel.objects.filter(communes__current_commune=commune)
        models = models.filter(pk__in=in_commune.values("pk"))
        outreach = outreach.filter(place__current_commune=commune)
        recognitions = recognitions.filter(commune__current_commune=commune)
        teams = teams.filter(commune__current_commune=commune)
    members = teams.filter(dissolved_on__isnull=True).aggregate(
        n=Count("members", filter=Q(members__left_on__isnull=True))
    )
    return Overview(
        models_by_year=model_counts_by_year(models),
        models_by_commune=model_counts_by_commune(models),
        outreach=outreach_totals(outreach, period=period),
        outreach_totals=outreach_channel_totals(outreach),
        recognitions=recognition_totals(recognitions),
        teams=teams.filter(dissolved_on__isnull=True).count(),
        team_members=members["n"] or 0,
    )


def replication_counts(
    qs: QuerySet[MovementModel],
) -> dict[tuple[int, str], dict[str, int]]:
    """{(year, today's commune): {"built": n, "replicated": n}}, for reports."""
    out: dict[tuple[int, str], dict[str, int]] = defaultdict(
        lambda: {"built": 0, "replicated": 0}
    )
    rows = (
        MovementModel.objects.filter(pk__in=qs.values("pk"))
        .order_by()
        .annotate(y=ExtractYear("started_on"))
        .values("y", "communes__current_commune__name")
        .annotate(
            built=Count("id", filter=Q(replicated_from__isnull=True), distinct=True),
            replicated=Count(
                "id", filter=Q(replicated_from__isnull=False), distinct=True
            ),
        )
    )
    for r in rows:
        key = (r["y"], r["communes__current_commune__name"] or "")
        out[key]["built"] += r["built"]
        out[key]["replicated"] += r["replicated"]
    return dict(out)
