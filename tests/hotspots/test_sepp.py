"""The grid self-exciting process: pair search, EM recovery of known
parameters, and the forecast's formula."""

import numpy as np
import pytest

from bcd138.hotspots.engine.events import events_from_arrays
from bcd138.hotspots.engine.grid import grid_from_events
from bcd138.hotspots.engine.methods import CellEvents
from bcd138.hotspots.engine.methods.sepp import (
    SeppFit,
    sepp_expected,
    sepp_fit,
    sepp_pairs,
)
from bcd138.hotspots.engine.simulate import Hotspot, Model, simulate

from .helpers import full_grid


def test_pairs_are_every_earlier_event_within_reach() -> None:
    grid = full_grid(6, 5)
    rng = np.random.default_rng(4)
    t = np.sort(rng.uniform(0, 40, 150))
    cell = rng.integers(0, grid.n_cells, 150)
    events = CellEvents(grid, cell, t)
    pairs = sepp_pairs(events, radius=1, max_lag=10.0)
    rows, cols = grid.active[cell] // grid.nx, grid.active[cell] % grid.nx
    expected = {
        (i, j)
        for i in range(150)
        for j in range(150)
        if 0 < t[i] - t[j] <= 10.0
        and abs(rows[i] - rows[j]) <= 1
        and abs(cols[i] - cols[j]) <= 1
    }
    assert (
        set(zip(pairs.child.tolist(), pairs.parent.tolist(), strict=True)) == expected
    )
    assert len(pairs.child) == len(expected)
    dy = rows[pairs.child] - rows[pairs.parent]
    dx = cols[pairs.child] - cols[pairs.parent]
    assert np.array_equal(pairs.offset, (dy + 1) * 3 + (dx + 1))


def _model() -> Model:
    return Model(
        zone=49,
        south=False,
        x_min=0.0,
        y_min=0.0,
        size=3000.0,
        start=0.0,
        days=500,
        base_rate=2.0,
        hotspots=(
            Hotspot(800.0, 900.0, 150.0, 2.0),
            Hotspot(2200.0, 2000.0, 200.0, 2.0),
        ),
        theta=0.5,
        omega=1 / 3,
        sigma=60.0,
    )


def test_em_recovers_the_branching_ratio_and_the_decay() -> None:
    sim = simulate(_model(), seed=5)
    events = events_from_arrays(sim.x, sim.y, sim.t)
    grid = grid_from_events(events, cell=100.0)
    located = CellEvents(grid, grid.cell_of(sim.x, sim.y), sim.t)
    fit = sepp_fit(located, start=0.0, end=500.0, radius=2, max_lag=30.0)
    assert fit.theta == pytest.approx(0.5, abs=0.08)
    assert fit.omega == pytest.approx(1 / 3, rel=0.25)
    assert fit.mu.sum() == pytest.approx(6.0, rel=0.15)  # background per day
    # Near repeats land mostly in the same or the next cell (σ = 60 m).
    assert fit.trigger[2, 2] == fit.trigger.max()
    assert fit.trigger[1:4, 1:4].sum() > 0.8
    # EM never lowers the likelihood (allowing rounding).
    steps = np.diff(fit.loglik)
    assert np.all(steps > -1e-6 * np.abs(fit.loglik[1:]))


def test_forecast_is_background_plus_decayed_offspring() -> None:
    grid = full_grid(5, 5)
    trigger = np.zeros((5, 5))
    trigger[2, 2] = 0.5
    trigger[2, 3] = 0.5
    fit = SeppFit(
        mu=np.full(grid.n_cells, 0.01), theta=0.4, omega=0.5, trigger=trigger, loglik=()
    )
    history = CellEvents(grid, np.array([12]), np.array([8.0]))
    expected = sepp_expected(fit, history, origin=10.0, horizon=1.0, max_lag=60.0)
    mass = 0.4 * (np.exp(-0.5 * 2) - np.exp(-0.5 * 3))
    assert expected[12] == pytest.approx(0.01 + 0.5 * mass)
    assert expected[13] == pytest.approx(0.01 + 0.5 * mass)
    assert expected[11] == pytest.approx(0.01)
