"""`auto` chooses its mix on the training period only."""

from dataclasses import replace

import numpy as np

from bcd138.hotspots.engine.evaluate import Plan, evaluate
from bcd138.hotspots.engine.events import events_from_arrays
from bcd138.hotspots.engine.grid import grid_from_events
from bcd138.hotspots.engine.methods import CellEvents
from bcd138.hotspots.engine.methods.auto import DEFAULT_PARAMS, Auto, candidates
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
