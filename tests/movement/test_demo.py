"""The demo's movement: both eras, replications, the move online, teams and
recognitions, built through the services, loaded once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from bcd138.demo import services as demo
from bcd138.demo.movement import demo_movement_load
from bcd138.movement.models import (
    Exemplary,
    MovementModel,
    OutreachSession,
    Result,
    SafetyRecognition,
    SecurityTeam,
    TeamMember,
)
from bcd138.movement.services.outreach import outreach_totals
from bcd138.places.models import CUTOVER, Era


def test_demo_movement_covers_both_eras_and_loads_once(
    db: Any, tmp_path: Path, settings: Any
) -> None:
    province = demo._province()
    ag = demo._load_agencies(province)
    demo._load_users(province, ag, tmp_path / "accounts.json")
    with CaptureQueriesContext(connection) as first:
        made = demo_movement_load(province=province, ag=ag)
    assert made > 0
    # A budget of queries stands in for the time (< 3 s on the demo's machine).
    assert len(first.captured_queries) < 3500

    models = MovementModel.objects.all()
    assert models.filter(communes__era=Era.LEGACY).exists()
    assert models.filter(communes__era=Era.CURRENT).exists()
    replicas = models.filter(replicated_from__isnull=False)
    assert replicas.filter(started_on__gte=CUTOVER).exists()  # carried over
    assert replicas.filter(started_on__lt=CUTOVER).exists()

    years = outreach_totals(OutreachSession.objects.all(), period="year")
    assert years[0].online_share < years[-1].online_share
    assert OutreachSession.objects.filter(place__era=Era.LEGACY).exists()
    assert SecurityTeam.objects.filter(commune__era=Era.CURRENT).exists()
    assert TeamMember.objects.filter(over_age_exception=True).exists()
    decided = SafetyRecognition.objects.exclude(result="")
    assert decided.filter(result=Result.MET).exists()
    assert set(decided.values_list("year", flat=True)) == {2023, 2024, 2025}
    assert SafetyRecognition.objects.filter(year=2026, result="").exists()
    assert Exemplary.objects.filter(links__isnull=False).exists()

    counts = [m.objects.count() for m in (MovementModel, OutreachSession)]
    assert demo_movement_load(province=province, ag=ag) == 0
    assert [m.objects.count() for m in (MovementModel, OutreachSession)] == counts
