"""From a CSV file to an evaluation: read, project, de-duplicate, lay the
grid, evaluate. The command line is a thin layer over `pipeline_evaluate`."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from bcd138.hotspots.engine.errors import HotspotError
from bcd138.hotspots.engine.evaluate import Evaluation, Plan, evaluate
from bcd138.hotspots.engine.events import Events, events_deduplicate
from bcd138.hotspots.engine.grid import (
    MAX_RASTER_CELLS,
    Grid,
    grid_from_events,
    grid_from_polygon,
)
from bcd138.hotspots.engine.io import RawEvents, ReadOptions, read_events
from bcd138.hotspots.engine.methods import (
    METHODS,
    CellEvents,
    Forecaster,
    methods_create,
)
from bcd138.hotspots.engine.methods.auto import HEAD_COVERAGE, Auto, AutoParams
from bcd138.hotspots.engine.methods.sepp import SelfExciting
from bcd138.hotspots.engine.projection import (
    Projection,
    projection_check,
    projection_choose,
)
from bcd138.hotspots.engine.scoring import DEFAULT_COVERAGES
from bcd138.hotspots.engine.simulate import model_load
from bcd138.hotspots.engine.truth import TruthOracle

DEFAULT_TEST_DAYS = 90


@dataclass(frozen=True)
class EvaluateOptions:
    read: ReadOptions = field(default_factory=ReadOptions)
    cell: float = 150.0
    projection: Projection | None = None  # None: the events' UTM zone
    study_area_window: tuple[float, float] | None = None  # default: training
    study_area_polygon: Path | None = None  # GeoJSON, longitude/latitude
    train_from: float | None = None  # default: the first event's day
    test: tuple[float, float] | None = None  # default: the last 90 days
    horizon: float = 1.0
    coverages: tuple[float, ...] = DEFAULT_COVERAGES
    methods: tuple[str, ...] = METHODS
    dedup_minutes: float = 1.0
    dedup_metres: float = 10.0
    max_cells: int = MAX_RASTER_CELLS
    truth: Path | None = None


@dataclass
class EvaluateResult:
    evaluation: Evaluation
    projection: Projection
    grid: Grid
    rows: int
    skipped: int
    duplicates: int
    training_events: int
    test_outside: int  # test-period events outside the study area
    parameters: dict[str, dict[str, float | str]] = field(default_factory=dict)


def pipeline_evaluate(path: Path, options: EvaluateOptions) -> EvaluateResult:
    raw = read_events(path, options.read)
    if len(raw.t) == 0:
        raise HotspotError(f"{path.name}: no rows left after the --types filter")
    projection = _projection(raw, options)
    events, duplicates = _events(raw, projection, options)
    plan = _plan(events, options)
    grid = _grid(events, plan, projection, options)
    located = _locate(events, grid)
    methods = methods_create(options.methods, coverages=options.coverages)
    truth = None
    if options.truth is not None:
        truth = _truth(options.truth, projection, grid, events)
    evaluation = evaluate(located, plan, methods, truth=truth)
    test = events.between(plan.test_from, plan.test_to)
    return EvaluateResult(
        evaluation=evaluation,
        projection=projection,
        grid=grid,
        rows=raw.rows,
        skipped=raw.skipped,
        duplicates=duplicates,
        training_events=len(located.since(plan.train_from).before(plan.test_from)),
        test_outside=int(np.sum(grid.cell_of(test.x, test.y) < 0)),
        parameters={m.name: method_parameters(m) for m in methods},
    )


def _projection(raw: RawEvents, options: EvaluateOptions) -> Projection:
    if options.projection is None:
        return projection_choose(raw.lat, raw.lon)
    projection_check(options.projection, raw.lon)
    return options.projection


def _events(
    raw: RawEvents, projection: Projection, options: EvaluateOptions
) -> tuple[Events, int]:
    x, y = projection.forward(raw.lat, raw.lon)
    events = Events(x, y, raw.t, raw.kind, raw.kinds)
    return events_deduplicate(
        events, minutes=options.dedup_minutes, metres=options.dedup_metres
    )


def _plan(events: Events, options: EvaluateOptions) -> Plan:
    first, last = math.floor(events.t.min()), math.floor(events.t.max()) + 1.0
    if options.test is None and last - DEFAULT_TEST_DAYS <= first:
        raise HotspotError(
            f"the events span {last - first:g} days, too few for the default test "
            f"period (the last {DEFAULT_TEST_DAYS} days): give --test FROM:TO"
        )
    test_from, test_to = options.test or (last - DEFAULT_TEST_DAYS, last)
    train_from = first if options.train_from is None else options.train_from
    if train_from >= test_from:
        raise HotspotError("--train-from must be before the start of --test")
    return Plan(train_from, test_from, test_to, options.horizon, options.coverages)


def _grid(
    events: Events, plan: Plan, projection: Projection, options: EvaluateOptions
) -> Grid:
    if options.study_area_polygon is not None:
        rings = polygon_load(options.study_area_polygon, projection)
        return grid_from_polygon(rings, cell=options.cell, max_cells=options.max_cells)
    start, end = options.study_area_window or (plan.train_from, plan.test_from)
    return grid_from_events(
        events.between(start, end), cell=options.cell, max_cells=options.max_cells
    )


def _locate(events: Events, grid: Grid) -> CellEvents:
    cells = grid.cell_of(events.x, events.y)
    inside = cells >= 0
    return CellEvents(grid, cells[inside], events.t[inside])


def _truth(
    path: Path, projection: Projection, grid: Grid, events: Events
) -> TruthOracle:
    model = model_load(path)
    if model.projection != projection:
        raise HotspotError(
            f"--truth was simulated in {model.projection.name}; evaluate with "
            f"--projection utm{model.zone}{'s' if model.south else 'n'}"
        )
    return TruthOracle(model, grid, events.x, events.y, events.t)


def method_parameters(method: Forecaster) -> dict[str, float | str]:
    """What a fitted method chose (auto's mix, the SEPP's fit), for reports."""
    if isinstance(method, Auto):
        found = _mix_parameters(method.chosen)
        if method.tail is not None:
            found["tail_from_coverage"] = HEAD_COVERAGE
            tail = _mix_parameters(method.tail)
            found.update({f"tail_{key}": value for key, value in tail.items()})
        found["validation_origins"] = float(len(method.origins))
        return found
    if isinstance(method, SelfExciting) and method.fitted is not None:
        fit = method.fitted
        return {
            "theta": fit.theta,
            "omega_per_day": fit.omega,
            "background_per_day": float(fit.mu.sum()),
            "iterations": float(len(fit.loglik)),
        }
    return {}


def _mix_parameters(params: AutoParams) -> dict[str, float | str]:
    if params.baseline:
        return {"baseline": params.baseline}
    return {
        "weight": params.weight,
        "long_bandwidth_cells": params.long_bandwidth,
        "long_decay_days": params.long_decay,
        "short_decay_days": params.short_decay,
        "short_bandwidth_cells": params.short_bandwidth,
        "sepp_weight": params.sepp_weight,
    }


def polygon_load(
    path: Path, projection: Projection
) -> list[Sequence[tuple[float, float]]]:
    """The rings of every Polygon or MultiPolygon in a GeoJSON file, projected."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        rings = [np.asarray(r, dtype=np.float64)[:, :2] for r in _rings(data)]
    except (OSError, ValueError, TypeError, KeyError, IndexError) as exc:
        raise HotspotError(
            f"--study-area {path}: not a GeoJSON polygon ({exc})"
        ) from exc
    if not rings:
        raise HotspotError(f"--study-area {path}: no Polygon or MultiPolygon in it")
    projected: list[Sequence[tuple[float, float]]] = []
    for ring in rings:
        x, y = projection.forward(ring[:, 1], ring[:, 0])
        projected.append(list(zip(x.tolist(), y.tolist(), strict=True)))
    return projected


def _rings(data: dict[str, object]) -> list[list[list[float]]]:
    kind = data.get("type")
    if kind == "FeatureCollection":
        features = data["features"]
        if not isinstance(features, list):
            raise TypeError("features is not a list")
        return [r for f in features for r in _rings(f)]
    if kind == "Feature":
        geometry = data["geometry"]
        if not isinstance(geometry, dict):
            raise TypeError("geometry is not an object")
        return _rings(geometry)
    coordinates = data.get("coordinates")
    if kind == "Polygon" and isinstance(coordinates, list):
        return list(coordinates)
    if kind == "MultiPolygon" and isinstance(coordinates, list):
        return [ring for polygon in coordinates for ring in polygon]
    return []
