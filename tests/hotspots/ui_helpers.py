"""Stored results for the page and API tests, written as rows directly so that
these tests do not depend on the run engine: a successful run of Đà Nẵng with
a forming hot spot in commune A (Tam Kỳ), a persistent one in commune B (Hải
Châu), a top cell in each, and an open alert for each."""

from __future__ import annotations

import datetime
import itertools
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.utils import timezone

from bcd138.agencies.models import Role, User
from bcd138.hotspots.engine.projection import Projection
from bcd138.hotspots.models import (
    Alert,
    AlertNote,
    AlertReason,
    AlertStatus,
    NoteKind,
    Pattern,
    PlaceTrend,
    RiskCell,
    Run,
    RunStatus,
    RunTrigger,
    Step,
)
from bcd138.places.models import Place
from tests.conftest import World, make_user

ZONE = Projection(zone=49)
CELL = 250
CUTOFF = datetime.datetime(2026, 6, 15, 0, 0, tzinfo=datetime.UTC)
COUNTS_A = [0, 1, 0, 1, 1, 2, 1, 3, 4, 5, 7, 9]
GI_A = [-0.5, -0.2, -0.4, 0.1, 0.3, 0.6, 0.4, 1.1, 1.6, 2.1, 2.8, 3.4]
P_A = [0.6, 0.8, 0.7, 0.9, 0.8, 0.6, 0.7, 0.3, 0.12, 0.04, 0.006, 0.001]
COUNTS_B = [6, 5, 7, 6, 8, 6, 7, 5, 6, 7, 6, 6]


@dataclass
class Stored:
    run: Run
    cell_a: RiskCell
    cell_b: RiskCell
    trend_a: PlaceTrend
    trend_b: PlaceTrend
    alert_a: Alert
    alert_b: Alert


def standing_office(world: World, username: str = "thuongtruc") -> User:
    return make_user(username, Role.STANDING_OFFICE, world.police, world.province)


def _raster(x0: float, y0: float, nx: int, place: Place) -> tuple[int, float, float]:
    """The raster index of the cell holding the commune's centroid, and its centre."""
    x, y = ZONE.forward(np.array([place.latitude]), np.array([place.longitude]))
    col = int((x[0] - x0) // CELL)
    row = int((y[0] - y0) // CELL)
    cx, cy = x0 + (col + 0.5) * CELL, y0 + (row + 0.5) * CELL
    lat, lon = ZONE.inverse(np.array([cx]), np.array([cy]))
    return row * nx + col, float(lat[0]), float(lon[0])


def make_run(world: World, **kw: Any) -> Run:
    places = [world.commune_a, world.commune_b]
    x, y = ZONE.forward(
        np.array([p.latitude for p in places]), np.array([p.longitude for p in places])
    )
    x0 = float(np.floor(x.min() / CELL) * CELL - 10 * CELL)
    y0 = float(np.floor(y.min() / CELL) * CELL - 10 * CELL)
    nx = int((x.max() - x0) // CELL) + 20
    ny = int((y.max() - y0) // CELL) + 20
    fields: dict[str, Any] = {
        "province": world.province,
        "crime_type": "",
        "trigger": RunTrigger.SCHEDULE,
        "status": RunStatus.SUCCEEDED,
        "started_at": CUTOFF,
        "finished_at": CUTOFF + datetime.timedelta(seconds=3),
        "data_cutoff": CUTOFF,
        "horizon_days": 7,
        "cell_metres": CELL,
        "step": Step.WEEK,
        "steps": 12,
        "epsg": ZONE.epsg,
        "grid_x0": x0,
        "grid_y0": y0,
        "grid_nx": nx,
        "grid_ny": ny,
        "active_cells": 400,
        "events_used": 180,
        "events_at_centroid": 17,
        "events_without_place": 2,
        "parameters": {
            "step_starts": [
                str(datetime.date(2026, 3, 23) + datetime.timedelta(weeks=i))
                for i in range(12)
            ]
        },
    }
    fields.update(kw)
    return Run.objects.create(**fields)


def store_results(world: World, run: Run | None = None) -> Stored:
    run = run or make_run(world)
    assert run.grid_x0 is not None
    assert run.grid_y0 is not None
    assert run.grid_nx
    cells = []
    for rank, place in enumerate([world.commune_a, world.commune_b], start=1):
        index, lat, lon = _raster(run.grid_x0, run.grid_y0, run.grid_nx, place)
        cells.append(
            RiskCell.objects.create(
                run=run,
                cell=index,
                rank=rank,
                risk=1.2 / rank,
                share=0.03 / rank,
                latitude=lat,
                longitude=lon,
                commune=place,
                recent_events=3 - rank,
            )
        )
    trend_a = PlaceTrend.objects.create(
        run=run,
        place=world.commune_a,
        pattern=Pattern.NEW_HOT,
        counts=COUNTS_A,
        gi=GI_A,
        p=P_A,
        tau=0.82,
        trend_p=0.0004,
        total=sum(COUNTS_A),
        at_centroid=3,
        rank=1,
    )
    trend_b = PlaceTrend.objects.create(
        run=run,
        place=world.commune_b,
        pattern=Pattern.PERSISTENT_HOT,
        counts=COUNTS_B,
        gi=[2.1] * 12,
        p=[0.01] * 12,
        tau=0.05,
        trend_p=0.8,
        total=sum(COUNTS_B),
        at_centroid=0,
        rank=2,
    )
    alert_a = _alert(run, world.commune_a, [AlertReason.NEW_HOT], trend_a)
    alert_b = _alert(run, world.commune_b, [AlertReason.TOP_CELLS], trend_b)
    return Stored(run, cells[0], cells[1], trend_a, trend_b, alert_a, alert_b)


def _alert(run: Run, commune: Place, reasons: list[str], trend: PlaceTrend) -> Alert:
    now = timezone.now()
    alert = Alert.objects.create(
        province=run.province,
        commune=commune,
        crime_type=run.crime_type,
        status=AlertStatus.OPEN,
        reasons=[str(r) for r in reasons],
        first_run=run,
        last_run=run,
        raised_at=now - datetime.timedelta(days=3),
        updated_at=now,
        evidence={
            "run": run.pk,
            "pattern": trend.pattern,
            "counts": trend.counts,
            "gi": trend.gi,
            "p": trend.p,
            "tau": trend.tau,
            "trend_p": trend.trend_p,
            "total": trend.total,
            "at_centroid": trend.at_centroid,
            "step_starts": run.parameters["step_starts"],
            "top_cells": [{"rank": 1, "share": 0.03, "risk": 1.2, "recent_events": 2}],
            "refs": ["TG-ABCD-1234", "12/2026/HS"],
            "refs_total": 2,
            "refs_since": "2026-05-25",
        },
    )
    AlertNote.objects.create(alert=alert, kind=NoteKind.RAISED, run=run)
    return alert


def assert_valid_geojson(data: dict[str, Any]) -> None:
    assert data["type"] == "FeatureCollection"
    for feature in data["features"]:
        assert feature["type"] == "Feature"
        geometry = feature["geometry"]
        if geometry["type"] == "Point":
            points = [geometry["coordinates"]]
        else:
            assert geometry["type"] == "Polygon"
            (ring,) = geometry["coordinates"]
            assert len(ring) == 5
            assert ring[0] == ring[-1]
            # Counter-clockwise (RFC 7946): positive shoelace area.
            area = sum(a[0] * b[1] - b[0] * a[1] for a, b in itertools.pairwise(ring))
            assert area > 0
            points = ring
        for lon, lat in points:
            assert -180 <= lon <= 180
            assert -90 <= lat <= 90
            # Đà Nẵng: longitude first.
            assert 107 < lon < 113
            assert 14 < lat < 17.5
