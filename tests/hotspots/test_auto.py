"""`auto` chooses its mix on the training period only."""

from dataclasses import replace

import numpy as np
import pytest

from bcd138.hotspots.engine.evaluate import Plan, evaluate
from bcd138.hotspots.engine.events import events_from_arrays
from bcd138.hotspots.engine.grid import grid_from_events
from bcd138.hotspots.engine.methods import CellEvents
from bcd138.hotspots.engine.methods.auto import (
    DEFAULT_PARAMS,
    Auto,
    AutoParams,
    _objective,
    candidates,
    captured_many,
    validation_folds,
)
from bcd138.hotspots.engine.scoring import captured, coverage_cells
from bcd138.hotspots.engine.simulate import Hotspot, Model, simulate

MODEL = Model(
    zone=49,
    south=False,
    x_min=0.0,
    y_min=0.0,
    size=2000.0,
    start=0.0,
    days=180,
    base_rate=2.0,
    hotspots=(Hotspot(600.0, 700.0, 120.0, 1.5), Hotspot(1500.0, 1300.0, 150.0, 1.5)),
    theta=0.6,
    omega=1 / 2,
    sigma=40.0,
)
PLAN = Plan(
    train_from=0.0, test_from=160.0, test_to=180.0, horizon=1.0, coverages=(0.01, 0.05)
)


def _located(x: np.ndarray, y: np.ndarray, t: np.ndarray) -> CellEvents:
    grid = grid_from_events(events_from_arrays(x, y, t).between(0.0, 160.0), cell=100.0)
    cells = grid.cell_of(x, y)
    order = np.argsort(t, kind="stable")
    keep = order[cells[order] >= 0]
    return CellEvents(grid, cells[keep], t[keep])


def test_candidates_are_distinct_and_include_both_extremes() -> None:
    options = candidates()
    assert len(options) == len(set(options))
    assert any(p.weight == 0 for p in options)
    assert any(p.weight == 1 for p in options)


def test_changing_the_test_period_does_not_change_autos_choice() -> None:
    sim = simulate(MODEL, seed=21)
    original = _located(sim.x, sim.y, sim.t)
    # Move every test-period event elsewhere and add many more.
    test = sim.t >= 160.0
    rng = np.random.default_rng(0)
    x, y = sim.x.copy(), sim.y.copy()
    x[test], y[test] = rng.permutation(x[test]), rng.permutation(y[test])
    extra_t = rng.uniform(160.0, 180.0, 500)
    altered = _located(
        np.concatenate([x, np.full(500, 600.0)]),
        np.concatenate([y, np.full(500, 700.0)]),
        np.concatenate([sim.t, extra_t]),
    )
    first, second = Auto(coverages=PLAN.coverages), Auto(coverages=PLAN.coverages)
    a = evaluate(original, PLAN, [first])
    b = evaluate(altered, PLAN, [second])
    assert first.chosen == second.chosen
    assert first.validation == second.validation
    assert first.origins == second.origins
    assert max(first.origins) < PLAN.test_from
    assert a.events.sum() != b.events.sum()  # the test periods did differ


def test_strong_near_repeats_give_the_dynamic_parts_weight() -> None:
    sim = simulate(MODEL, seed=22)
    auto = Auto(coverages=PLAN.coverages)
    evaluate(_located(sim.x, sim.y, sim.t), PLAN, [auto])
    assert auto.chosen.weight > 0 or auto.chosen.sepp_weight > 0
    assert auto.validation[auto.chosen] == max(auto.validation.values())


def test_too_short_a_training_period_falls_back_to_the_default_mix() -> None:
    sim = simulate(replace(MODEL, days=80), seed=23)
    plan = replace(PLAN, test_from=60.0, test_to=80.0)
    auto = Auto(coverages=plan.coverages)
    events = _located(sim.x, sim.y, sim.t)
    evaluate(events, plan, [auto])
    assert auto.chosen == DEFAULT_PARAMS
    assert auto.validation == {}


def test_the_validation_spans_90_daily_or_20_weekly_periods() -> None:
    assert validation_folds(1.0) == 90
    assert validation_folds(7.0) == 20
    sim = simulate(MODEL, seed=24)
    auto = Auto(coverages=PLAN.coverages)
    auto.fit(_located(sim.x, sim.y, sim.t), start=0.0, end=160.0, horizon=1.0)
    assert len(auto.origins) == 90
    assert auto.origins == tuple(np.arange(70.0, 160.0))


def test_auto_never_reads_events_at_or_after_the_end_of_training() -> None:
    sim = simulate(MODEL, seed=25)
    events = _located(sim.x, sim.y, sim.t)
    full, cut = Auto(coverages=PLAN.coverages), Auto(coverages=PLAN.coverages)
    full.fit(events, start=0.0, end=150.0, horizon=1.0)
    cut.fit(events.before(150.0), start=0.0, end=150.0, horizon=1.0)
    assert full.chosen == cut.chosen
    assert full.validation == cut.validation


def test_every_pure_component_is_a_candidate() -> None:
    options = set(candidates())
    assert AutoParams(0.0, 0.0, 0.0, 0.0, 0.0) in options  # all-history counts
    assert AutoParams(0.0, 0.0, 0.0, 0.0, 1.0) in options  # the SEPP forecast
    assert any(p.weight == 1 and p.sepp_weight == 0 for p in options)


def test_each_coverage_counts_the_same_in_the_choice() -> None:
    # a captures 20% more at 1% coverage; b 1 point more at 20%, where hit rates
    # are large: a mean of hit rates would choose b.
    a, b = AutoParams(0.0, 0.0, 0.0, 0.0), AutoParams(1.0, 0.0, 7.0, 0.75)
    scores = _objective({a: np.array([0.12, 0.70]), b: np.array([0.10, 0.71])})
    assert scores[a] > scores[b]
    assert scores[b] == pytest.approx((0.10 / 0.12 + 1.0) / 2)


def test_with_nothing_to_gain_from_a_mix_auto_keeps_the_all_history_counts() -> None:
    # Every day the same events in the same cells: every candidate ties, and the
    # tie goes to the simplest, the all-history counts.
    rng = np.random.default_rng(3)
    x0, y0 = rng.uniform(50.0, 1950.0, 30), rng.uniform(50.0, 1950.0, 30)
    per_day = np.repeat(np.arange(30), np.arange(30, 0, -1))
    days = np.arange(200.0) + 0.5
    hot = np.tile(per_day, days.size)
    t = np.repeat(days, per_day.size)
    auto = Auto(coverages=(0.01, 0.05))
    auto.fit(_located(x0[hot], y0[hot], t), start=0.0, end=200.0, horizon=1.0)
    assert auto.chosen == AutoParams(0.0, 0.0, 0.0, 0.0, 0.0)


def test_scoring_many_candidates_at_once_matches_scoring_each() -> None:
    rng = np.random.default_rng(4)
    scores = rng.integers(0, 5, (7, 300)).astype(float)  # many ties
    observed = rng.poisson(0.3, 300).astype(float)
    ks = coverage_cells(300, (0.01, 0.05, 0.2))
    expected = np.stack([captured(row, observed, ks) for row in scores])
    assert np.allclose(captured_many(scores, observed, ks), expected, atol=1e-12)
