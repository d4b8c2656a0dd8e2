"""The baselines on hand-computed cases, and the evaluator's rule that a
method only ever sees the past."""

import numpy as np
import pytest

from bcd138.hotspots.engine.errors import HotspotError
from bcd138.hotspots.engine.evaluate import Plan, evaluate
from bcd138.hotspots.engine.events import FloatArray
from bcd138.hotspots.engine.methods import CellEvents, methods_create
from bcd138.hotspots.engine.methods.base import gaussian_kernel, quartic_kernel, smooth
from bcd138.hotspots.engine.methods.simple import (
    NaiveCounts,
    ProspectiveHotspotting,
    RetrospectiveKde,
    SpaceTimeKde,
)

from .helpers import at, cell_events, full_grid

GRID = full_grid(7, 7, cell=100.0)
CENTRE = at(GRID, 3, 3)


def test_naive_counts_all_history_or_a_trailing_window() -> None:
    history = cell_events(GRID, [CENTRE, CENTRE, 0], [1.0, 50.0, 90.0])
    everything = NaiveCounts().predict(history, origin=100.0, horizon=1.0)
    assert everything[CENTRE] == 2
    assert everything[0] == 1
    recent = NaiveCounts(window_days=30.0).predict(history, origin=100.0, horizon=1.0)
    assert recent[CENTRE] == 0
    assert recent[0] == 1


def test_kernels_are_normalised_and_symmetric() -> None:
    for kernel in (gaussian_kernel(1.3), quartic_kernel(2.5)):
        assert kernel.sum() == pytest.approx(1.0)
        assert np.allclose(kernel, kernel.T)
        assert np.allclose(kernel, kernel[::-1, ::-1])
    assert gaussian_kernel(0.1).shape == (1, 1)


def test_smoothing_keeps_the_mass_away_from_the_edge_and_zeros_stay_zero() -> None:
    values = np.zeros(GRID.n_cells)
    values[CENTRE] = 1.0
    spread = smooth(GRID, values, quartic_kernel(2.0))
    assert spread.sum() == pytest.approx(1.0)
    assert spread[CENTRE] == spread.max()
    assert spread[at(GRID, 0, 0)] == 0.0  # beyond the kernel: exactly zero


def test_kde_is_the_quartic_density_of_the_window() -> None:
    history = cell_events(GRID, [CENTRE, 0], [10.0, 300.0])
    kde = RetrospectiveKde(window_days=100.0, bandwidth_m=250.0)
    scores = kde.predict(history, origin=320.0, horizon=1.0)
    assert scores[CENTRE] == 0.0  # outside the window
    assert scores[at(GRID, 0, 1)] > scores[at(GRID, 0, 2)] > 0


def test_promap_weights_distance_in_cells_and_age_in_weeks() -> None:
    # One event 10 days old (week 1) in the centre cell.
    history = cell_events(GRID, [CENTRE], [90.0])
    scores = ProspectiveHotspotting(radius_m=400.0, weeks=8).predict(
        history, origin=100.0, horizon=1.0
    )
    assert scores[CENTRE] == pytest.approx(1 / 2)
    assert scores[at(GRID, 3, 4)] == pytest.approx(1 / 2 * 1 / 2)
    assert scores[at(GRID, 4, 4)] == pytest.approx(1 / 2 * 1 / (1 + np.sqrt(2)))
    assert scores[at(GRID, 3, 6)] == pytest.approx(1 / 2 * 1 / 4)  # 300 m
    assert scores[at(GRID, 6, 6)] == 0.0  # 424 m: beyond the radius


def test_promap_forgets_events_older_than_its_window() -> None:
    history = cell_events(GRID, [CENTRE], [40.0])
    scores = ProspectiveHotspotting().predict(history, origin=100.0, horizon=1.0)
    assert not scores.any()


def test_space_time_kde_decays_exponentially() -> None:
    history = cell_events(GRID, [CENTRE, 0], [70.0, 100.0 - 1e-9])
    scores = SpaceTimeKde(decay_days=30.0, bandwidth_m=10.0).predict(
        history, origin=100.0, horizon=1.0
    )
    assert scores[CENTRE] / scores[0] == pytest.approx(np.exp(-1.0))


class Spy:
    """A method that records what it is shown."""

    name = "spy"

    def __init__(self) -> None:
        self.fit_latest = -1.0
        self.latest: list[tuple[float, float]] = []

    def fit(
        self, history: CellEvents, *, start: float, end: float, horizon: float
    ) -> None:
        self.fit_latest = float(history.t.max())

    def predict(
        self, history: CellEvents, *, origin: float, horizon: float
    ) -> FloatArray:
        self.latest.append((origin, float(history.t.max())))
        return history.counts()


def _daily_events() -> CellEvents:
    rng = np.random.default_rng(2)
    times = np.sort(rng.uniform(0, 120, 400))
    cells = rng.integers(0, GRID.n_cells, 400)
    return CellEvents(GRID, cells, times)


def test_evaluator_shows_each_method_only_the_past() -> None:
    spy = Spy()
    plan = Plan(
        train_from=0.0, test_from=100.0, test_to=120.0, horizon=1.0, coverages=(0.1,)
    )
    result = evaluate(_daily_events(), plan, [spy])
    assert spy.fit_latest < 100.0
    assert len(spy.latest) == 20
    assert all(latest < origin for origin, latest in spy.latest)
    assert result.events.sum() == pytest.approx(
        np.sum((_daily_events().t >= 100) & (_daily_events().t < 120))
    )


def test_only_full_periods_are_scored() -> None:
    plan = Plan(0.0, 100.0, 120.0, 7.0, (0.1,))
    assert plan.origins().tolist() == [100.0, 107.0]
    with pytest.raises(HotspotError, match="--horizon"):
        Plan(0.0, 100.0, 105.0, 7.0, (0.1,)).origins()


def test_empty_test_period_is_an_error() -> None:
    events = cell_events(GRID, [0, 1], [1.0, 2.0])
    with pytest.raises(HotspotError, match="test period has no events"):
        evaluate(events, Plan(0.0, 10.0, 20.0, 1.0, (0.1,)), [NaiveCounts()])


def test_empty_training_period_is_an_error() -> None:
    events = cell_events(GRID, [0, 1], [11.0, 12.0])
    with pytest.raises(HotspotError, match="training period has no events"):
        evaluate(events, Plan(0.0, 10.0, 20.0, 1.0, (0.1,)), [NaiveCounts()])


def test_every_method_runs_and_scores_between_zero_and_the_oracle() -> None:
    methods = methods_create(
        ("naive", "naive-365d", "kde", "promap", "stkde", "sepp", "auto"),
        coverages=(0.05, 0.2),
    )
    plan = Plan(0.0, 100.0, 120.0, 1.0, (0.05, 0.2))
    result = evaluate(_daily_events(), plan, methods)
    for hits in result.hits.values():
        assert np.all(hits >= 0)
        assert np.all(hits <= result.oracle + 1e-9)


def test_unknown_method_names_the_option() -> None:
    with pytest.raises(HotspotError, match="--methods"):
        methods_create(("naive", "magic"), coverages=(0.1,))
