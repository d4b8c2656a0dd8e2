"""The simulator is seeded, and the oracle's expected counts are right."""

from dataclasses import replace

import numpy as np
import pytest

from bcd138.hotspots.engine.grid import Grid
from bcd138.hotspots.engine.simulate import (
    Hotspot,
    Model,
    ModelChoice,
    model_create,
    simulate,
)
from bcd138.hotspots.engine.truth import TruthOracle

from .helpers import full_grid

QUIET = Model(
    zone=49,
    south=False,
    x_min=0.0,
    y_min=0.0,
    size=2100.0,
    start=0.0,
    days=100,
    base_rate=0.0,
    hotspots=(),
    theta=0.6,
    omega=0.5,
    sigma=80.0,
)


def test_simulation_is_reproducible_and_self_exciting() -> None:
    model = model_create(ModelChoice(days=200, rate=10.0), seed=3)
    a, b = simulate(model, seed=4), simulate(model, seed=4)
    assert np.array_equal(a.t, b.t)
    assert np.array_equal(a.x, b.x)
    assert np.all(np.diff(a.t) >= 0)
    background = (a.generation == 0).sum()
    assert background == pytest.approx(2000, rel=0.1)
    # Each event has θ children on average (fewer near the end).
    assert (a.generation > 0).sum() / len(a.t) == pytest.approx(model.theta, abs=0.06)


def test_model_survives_its_json() -> None:
    model = model_create(ModelChoice(), seed=1)
    assert type(model).from_json(model.to_json()) == model


def test_background_over_the_whole_area_is_the_total_rate() -> None:
    model = replace(
        QUIET, base_rate=3.0, hotspots=(Hotspot(1000.0, 1100.0, 150.0, 2.0),), theta=0.0
    )
    grid = full_grid(21, 21, cell=100.0)
    oracle = TruthOracle(model, grid, np.array([]), np.array([]), np.array([]))
    expected = oracle(10.0, 7.0)
    assert expected.sum() == pytest.approx(5.0 * 7.0, rel=1e-6)
    assert expected.argmax() == int(
        grid.cell_of(np.array([1000.0]), np.array([1100.0]))[0]
    )


def _descendants(grid: Grid, horizon: float, runs: int) -> np.ndarray:
    """Monte Carlo: all descendants within the horizon of one event at the
    centre, born just before the origin."""
    rng = np.random.default_rng(13)
    counts = np.zeros(grid.n_cells)
    x = np.full(runs, 1050.0)
    y = np.full(runs, 1050.0)
    t = np.zeros(runs)
    while len(t):
        n = rng.poisson(QUIET.theta, len(t))
        x, y, t = (np.repeat(a, n) for a in (x, y, t))
        t = t + rng.exponential(1 / QUIET.omega, len(t))
        x = x + rng.normal(0, QUIET.sigma, len(t))
        y = y + rng.normal(0, QUIET.sigma, len(t))
        keep = t < horizon
        x, y, t = x[keep], y[keep], t[keep]
        cells = grid.cell_of(x, y)
        np.add.at(counts, cells[cells >= 0], 1.0)
    return counts / runs


def test_oracle_counts_the_cascade_of_near_repeats() -> None:
    grid = full_grid(21, 21, cell=100.0)
    parent = (np.array([1050.0]), np.array([1050.0]), np.array([-1e-9]))
    oracle = TruthOracle(QUIET, grid, *parent)
    expected = oracle(0.0, 5.0)
    simulated = _descendants(grid, 5.0, 40_000)
    assert expected.sum() == pytest.approx(simulated.sum(), rel=0.03)
    centre = int(grid.cell_of(np.array([1050.0]), np.array([1050.0]))[0])
    assert expected[centre] == pytest.approx(simulated[centre], rel=0.08)
    first_generation = QUIET.theta * (1 - np.exp(-QUIET.omega * 5.0))
    assert expected.sum() > first_generation * 1.5  # the cascade matters
