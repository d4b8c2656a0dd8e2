"""A run of the analysis: cells, trends, alerts, folding, failures."""

from __future__ import annotations

import datetime
import logging
from typing import Any

import numpy as np
import pytest
from django.conf import settings
from django.utils import timezone, translation

from bcd138.hotspots.engine.events import events_from_arrays
from bcd138.hotspots.engine.grid import grid_from_events
from bcd138.hotspots.engine.methods.auto import (
    Auto,
    AutoParams,
    auto_score,
    kernel_reach,
)
from bcd138.hotspots.engine.methods.base import CellEvents
from bcd138.hotspots.models import (
    WARNING_PATTERNS,
    Alert,
    AlertNote,
    AlertReason,
    AlertStatus,
    NoteKind,
    Pattern,
    RiskCell,
    Run,
    RunStatus,
    RunTrigger,
)
from bcd138.hotspots.services import runs
from bcd138.hotspots.services.alerts import alerts_from_run, hot_run_events
from bcd138.hotspots.services.runs import (
    grid_packed,
    latest_run,
    run_province,
    runs_due,
    top_count,
)
from tests.conftest import World
from tests.hotspots.conftest import Scene, build_scene, make_run

pytestmark = pytest.mark.django_db


def _run(scene: Scene, **kw: Any) -> Run:
    kw.setdefault("cutoff", scene.cutoff)
    return run_province(province=scene.world.province, trigger=RunTrigger.MANUAL, **kw)


def test_a_run_stores_cells_trends_and_raises_the_forming_hot_spot(
    scene: Scene,
) -> None:
    run = _run(scene)
    assert run.status == RunStatus.SUCCEEDED, run.error
    assert run.finished_at is not None
    assert run.events_used == scene.background + scene.forming
    assert 0 < run.events_at_centroid < run.events_used
    assert run.epsg == 32649
    assert run.grid_nx
    assert run.grid_ny
    assert run.parameters["auto"]["validation_origins"] > 0
    # Top cells: 10 at least, ranked, centred in the province, with a commune.
    cells = list(run.cells.order_by("rank"))
    assert len(cells) == top_count(run.active_cells, 0.02) == 10
    assert [c.rank for c in cells] == list(range(1, 11))
    assert all(14 < c.latitude < 17 and 107 < c.longitude < 109 for c in cells)
    assert {c.commune_id for c in cells} <= {p.pk for p in scene.communes}
    assert cells[0].commune_id == scene.world.commune_b.pk  # the forming spot
    assert cells[0].recent_events > 0
    assert abs(sum(c.share for c in run.cells.all()) - 1) < 1
    assert cells[0].share > 0
    # Trends: every commune with events, every statistic kept.
    trends = {t.place_id: t for t in run.trends.all()}
    assert set(trends) == {p.pk for p in scene.communes}
    b = trends[scene.world.commune_b.pk]
    assert b.pattern in (Pattern.NEW_HOT, Pattern.CONSECUTIVE_HOT)
    assert b.rank == 1
    assert len(b.counts) == len(b.gi) == len(b.p) == 12
    assert b.counts[-3:] == [4, 7, 10] or sum(b.counts[-3:]) >= 21
    assert b.gi[-1] > 2
    assert b.p[-1] < 0.05
    assert b.tau is not None
    assert b.trend_p is not None
    assert sorted(t.rank for t in trends.values()) == list(range(1, len(trends) + 1))
    # After the forming spot: the warning patterns, then the rest; in each, the
    # communes with events of their own in the last step before the quiet ones.
    by_rank = sorted(trends.values(), key=lambda t: t.rank)[1:]
    order = [(t.pattern not in WARNING_PATTERNS, t.counts[-1] == 0) for t in by_rank]
    assert order == sorted(order)
    assert any(quiet for _warning, quiet in order)
    assert any(not quiet for _warning, quiet in order)
    # The alert: commune B, with its evidence and no personal data.
    alert = Alert.objects.get()
    assert alert.commune_id == scene.world.commune_b.pk
    assert alert.status == AlertStatus.OPEN
    assert b.pattern in alert.reasons
    assert alert.first_run_id == alert.last_run_id == run.pk
    ev = alert.evidence
    assert ev["counts"] == b.counts
    assert ev["gi"] == b.gi
    assert ev["p"] == b.p
    assert ev["pattern"] == b.pattern
    assert ev["tau"] == b.tau
    assert ev["top_cells"][0]["rank"] == 1
    assert {"rank", "share", "lat", "lon"} <= set(ev["top_cells"][0])
    assert 0 < len(ev["refs"]) <= 50
    assert all(r.startswith("T") for r in ev["refs"])
    assert "Mất trộm" not in str(ev)
    assert AlertNote.objects.get(alert=alert).kind == NoteKind.RAISED
    assert run.parameters["alerts"] == 1
    assert latest_run(province=scene.world.province) == run


def test_a_repeat_folds_into_the_open_alert(scene: Scene) -> None:
    first = _run(scene)
    alert = Alert.objects.get()
    second = _run(scene, cutoff=scene.cutoff + datetime.timedelta(hours=1))
    assert second.status == RunStatus.SUCCEEDED
    assert Alert.objects.count() == 1
    alert.refresh_from_db()
    assert alert.repeats == 1
    assert alert.first_run_id == first.pk
    assert alert.last_run_id == second.pk
    assert alert.evidence["run"] == second.pk
    kinds = list(alert.notes.values_list("kind", "run"))
    assert kinds == [(NoteKind.RAISED, first.pk), (NoteKind.REPEATED, second.pk)]
    # Closed: the next signal raises a new alert.
    Alert.objects.filter(pk=alert.pk).update(status=AlertStatus.CLOSED)
    _run(scene, cutoff=scene.cutoff + datetime.timedelta(hours=2))
    assert Alert.objects.count() == 2
    assert Alert.objects.open().get().repeats == 0


def test_no_alert_for_a_commune_hot_only_through_its_neighbours() -> None:
    assert hot_run_events([0, 0, 3], [0.1, 2.5, 3.0], [0.9, 0.01, 0.001]) == 3
    assert hot_run_events([5, 0, 0], [3.0, 2.5, 3.0], [0.01, 0.01, 0.001]) == 5
    assert hot_run_events([5, 2, 0], [3.0, 0.5, 3.0], [0.01, 0.5, 0.001]) == 0


def test_the_top_cells_entry_rule(world: World) -> None:
    a, b = world.commune_a, world.commune_b
    first = make_run(world.province)
    RiskCell.objects.create(
        run=first,
        cell=1,
        rank=1,
        risk=1,
        share=0.5,
        latitude=15.5,
        longitude=108.4,
        commune=a,
    )
    # The first run has nothing to compare with: no alert.
    assert alerts_from_run(first) == []
    second = make_run(world.province)
    for rank, commune, cell in ((1, a, 1), (2, b, 2), (11, world.commune_a, 3)):
        RiskCell.objects.create(
            run=second,
            cell=cell,
            rank=rank,
            risk=1,
            share=0.1,
            latitude=15.5,
            longitude=108.4,
            commune=commune,
        )
    alerts = alerts_from_run(second)
    assert [(x.commune_id, x.reasons) for x in alerts] == [
        (b.pk, [AlertReason.TOP_CELLS])
    ]
    assert alerts[0].evidence["top_cells"][0]["rank"] == 2
    # B entered at rank 11 only (outside the top 10): no alert.
    third = make_run(world.province)
    RiskCell.objects.create(
        run=third,
        cell=2,
        rank=11,
        risk=1,
        share=0.1,
        latitude=15.5,
        longitude=108.4,
        commune=world.commune_b,
    )
    fourth = make_run(world.province)
    RiskCell.objects.create(
        run=fourth,
        cell=9,
        rank=3,
        risk=1,
        share=0.1,
        latitude=15.5,
        longitude=108.4,
        commune=world.commune_b,
    )
    Alert.objects.update(status=AlertStatus.CLOSED)
    assert alerts_from_run(third) == []
    assert [x.commune_id for x in alerts_from_run(fourth)] == [b.pk]


def test_too_few_events_fails_and_keeps_the_previous_results(
    scene: Scene, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    good = _run(scene)
    alert = Alert.objects.get()
    monkeypatch.setattr(runs, "MIN_EVENTS", 10_000)
    with caplog.at_level(logging.WARNING), translation.override("en"):
        bad = _run(scene, cutoff=scene.cutoff + datetime.timedelta(hours=1))
    assert bad.status == RunStatus.FAILED
    assert "Too few events" in bad.error
    assert "at least 10000" in bad.error
    assert bad.finished_at is not None
    assert not bad.cells.exists()
    assert not bad.trends.exists()
    assert latest_run(province=scene.world.province) == good
    assert good.cells.count() == 10
    alert.refresh_from_db()
    assert alert.last_run_id == good.pk
    assert alert.repeats == 0
    assert "Too few events" in caplog.text


def test_an_exception_fails_the_run_with_its_error(
    scene: Scene, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    good = _run(scene)

    def boom(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(runs, "ehsa_run", boom)
    with caplog.at_level(logging.ERROR):
        bad = _run(scene, cutoff=scene.cutoff + datetime.timedelta(hours=1))
    assert bad.status == RunStatus.FAILED
    assert bad.error == "RuntimeError: boom"
    assert not bad.cells.exists()
    assert not bad.trends.exists()
    assert latest_run(province=scene.world.province) == good
    assert Alert.objects.get().last_run_id == good.pk
    assert "RuntimeError" in caplog.text


def test_an_absurd_grid_is_refused(scene: Scene, settings: Any) -> None:
    settings.BCD138_HOTSPOT_CELL_METRES = 1
    run = _run(scene)
    assert run.status == RunStatus.FAILED
    assert "BCD138_HOTSPOT_CELL_METRES" in run.error
    assert "cells" in run.error


def test_few_events_in_a_small_province_fail_cleanly(world: World) -> None:
    build_scene(world, background=12, forming=False)
    # The worker runs in the site's default language (LANGUAGE_CODE, Vietnamese);
    # the officers read the error on the map.
    with translation.override(settings.LANGUAGE_CODE):
        run = run_province(province=world.province, trigger=RunTrigger.SCHEDULE)
    assert run.status == RunStatus.FAILED
    assert run.error.startswith("Quá ít vụ việc để phân tích:")
    assert run.error.endswith("cần ít nhất 30.")
    assert latest_run(province=world.province) is None


def test_monthly_steps(scene: Scene, settings: Any) -> None:
    settings.BCD138_HOTSPOT_STEP = "month"
    settings.BCD138_HOTSPOT_STEPS = 6
    settings.BCD138_HOTSPOT_CRIME_TYPES = []
    run = _run(scene)
    assert run.status == RunStatus.SUCCEEDED, run.error
    trend = run.trends.first()
    assert trend is not None
    assert len(trend.counts) == 6
    starts = run.parameters["step_starts"]
    assert all(s.endswith("-01") for s in starts)


def test_runs_due(scene: Scene, settings: Any) -> None:
    province = scene.world.province
    assert province in runs_due(scene.cutoff)
    _run(scene)
    assert province not in runs_due(scene.cutoff + datetime.timedelta(days=6))
    assert province in runs_due(scene.cutoff + datetime.timedelta(days=7))
    settings.BCD138_HOTSPOT_EVERY_DAYS = 30
    assert province not in runs_due(scene.cutoff + datetime.timedelta(days=7))


def test_the_packed_grid_forecasts_like_the_full_raster() -> None:
    rng = np.random.default_rng(3)
    # Two towns 40 km apart, 100 m cells: a 400-cell-wide raster, mostly empty.
    centres = np.array([[1_000.0, 1_000.0], [41_000.0, 9_000.0]])
    which = rng.integers(0, 2, 600)
    x = centres[which, 0] + rng.normal(0, 300, 600)
    y = centres[which, 1] + rng.normal(0, 300, 600)
    t = np.sort(rng.uniform(0, 300, 600))
    grid = grid_from_events(events_from_arrays(x, y, t), cell=100.0)
    packed = grid_packed(grid, reach=kernel_reach(100.0))
    assert packed.nx * packed.ny < grid.nx * grid.ny / 5
    assert packed.n_cells == grid.n_cells
    cells = grid.cell_of(x, y)
    scores = []
    for g in (grid, packed):
        history = CellEvents(g, cells, t)
        model = Auto(folds=4)
        model.fit(history, start=0.0, end=300.0, horizon=7.0)
        scores.append(model.predict(history, origin=300.0, horizon=7.0))
    assert np.allclose(scores[0], scores[1], atol=1e-9)


def test_small_cells_pack_far_enough_apart_for_the_widest_baseline_kernel() -> None:
    # 25 m cells: `promap` spreads an event over 400 m, 16 cells. Two streets
    # 300 m apart must stay one cluster, or the packing would move them closer
    # or farther than that and change the forecast.
    assert kernel_reach(25.0) >= 16
    assert kernel_reach(250.0) == 5
    rng = np.random.default_rng(4)
    x = np.concatenate([rng.normal(0, 40, 300), rng.normal(300, 40, 300)])
    y = np.concatenate([rng.normal(0, 40, 300), rng.normal(2_000, 40, 300)])
    x = np.concatenate([x, rng.normal(30_000, 40, 100)])
    y = np.concatenate([y, rng.normal(0, 40, 100)])
    t = np.sort(rng.uniform(0, 120, x.size))
    grid = grid_from_events(events_from_arrays(x, y, t), cell=25.0)
    packed = grid_packed(grid, reach=kernel_reach(25.0))
    assert packed.nx * packed.ny < grid.nx * grid.ny
    cells = grid.cell_of(x, y)
    promap = AutoParams(0.0, 0.0, 0.0, 0.0, baseline="promap")
    scores = [
        auto_score(CellEvents(g, cells, t), origin=120.0, params=promap)
        for g in (grid, packed)
    ]
    assert np.allclose(scores[0], scores[1], atol=1e-12)
    too_close = grid_packed(grid, reach=5)
    naive = auto_score(CellEvents(too_close, cells, t), origin=120.0, params=promap)
    assert not np.allclose(scores[0], naive, atol=1e-12)  # the old reach was wrong


def test_a_province_with_1000_events_uses_them_all(world: World) -> None:
    # How long a run takes is measured by benchmarks, not here.
    scene = build_scene(world, background=1000)
    run = _run(scene)
    assert run.status == RunStatus.SUCCEEDED
    assert run.events_used >= 1000
    assert run.parameters["seconds"] > 0


def test_an_unknown_kind_of_crime_is_refused(world: World) -> None:
    from bcd138.core.errors import DomainError

    with pytest.raises(DomainError) as caught:
        run_province(province=world.province, crime_type="murder", trigger="manual")
    assert caught.value.code == "crime_type"
    assert not Run.objects.exists()


def _running(scene: Scene, minutes_ago: float, crime_type: str = "") -> Run:
    run = make_run(
        scene.world.province, status=RunStatus.RUNNING, crime_type=crime_type
    )
    started = timezone.now() - datetime.timedelta(minutes=minutes_ago)
    Run.objects.filter(pk=run.pk).update(started_at=started, finished_at=None)
    run.refresh_from_db()
    return run


def test_a_second_run_of_the_same_province_and_kind_is_refused(scene: Scene) -> None:
    from bcd138.core.errors import DomainError

    running = _running(scene, minutes_ago=5)
    with translation.override("en"), pytest.raises(DomainError) as caught:
        _run(scene)
    assert caught.value.code == "run_in_progress"
    assert caught.value.status == 409
    assert "already running" in caught.value.message
    assert list(Run.objects.all()) == [running]  # nothing recorded
    running.refresh_from_db()
    assert running.status == RunStatus.RUNNING


def test_another_kind_of_crime_may_run_meanwhile(scene: Scene) -> None:
    _running(scene, minutes_ago=5, crime_type="theft")
    run = _run(scene)
    assert run.status == RunStatus.SUCCEEDED, run.error


def test_a_run_whose_process_died_is_marked_failed_and_no_longer_blocks(
    scene: Scene, caplog: pytest.LogCaptureFixture
) -> None:
    dead = _running(scene, minutes_ago=61)
    with translation.override("en"), caplog.at_level(logging.WARNING):
        run = _run(scene)
    assert run.status == RunStatus.SUCCEEDED, run.error
    dead.refresh_from_db()
    assert dead.status == RunStatus.FAILED
    assert dead.error == "The analysis was interrupted before it ended."
    assert dead.finished_at is not None
    assert f"hot-spot run {dead.pk}" in caplog.text
