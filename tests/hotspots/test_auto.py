"""`auto` chooses its mix on the training period only."""

from dataclasses import replace

import numpy as np
import pytest

from bcd138.hotspots.engine.evaluate import Plan, evaluate
from bcd138.hotspots.engine.events import events_from_arrays
from bcd138.hotspots.engine.grid import grid_from_events
from bcd138.hotspots.engine.methods import CellEvents
from bcd138.hotspots.engine.methods.auto import (
    BASELINE_PARAMS,
    DEFAULT_PARAMS,
    NAIVE,
    SIMPLE,
    Auto,
    AutoParams,
    _objective,
    auto_score,
    candidates,
    captured_many,
    composed_order,
    ranked_like,
    validation_folds,
)
from bcd138.hotspots.engine.pipeline import method_parameters
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
    assert first.tail == second.tail
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


def test_the_validation_spans_90_daily_or_40_weekly_periods() -> None:
    assert validation_folds(1.0) == 90
    assert validation_folds(7.0) == 40
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
    assert full.tail == cut.tail
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
    x0, y0 = rng.uniform(50.0, 1950.0, 12), rng.uniform(50.0, 1950.0, 12)
    per_day = np.repeat(np.arange(12), np.arange(12, 0, -1))
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


def test_every_baseline_is_a_candidate_with_its_own_forecast() -> None:
    options = set(candidates())
    assert set(BASELINE_PARAMS) <= options
    assert set(BASELINE_PARAMS) - set(candidates(with_sepp=False)) == {
        AutoParams(0.0, 0.0, 0.0, 0.0, 1.0)
    }
    sim = simulate(MODEL, seed=26)
    events = _located(sim.x, sim.y, sim.t).before(150.0)
    for name, method in SIMPLE.items():
        params = AutoParams(0.0, 0.0, 0.0, 0.0, baseline=name)
        own = method.predict(events, origin=150.0, horizon=1.0)
        mine = auto_score(events, origin=150.0, params=params)
        assert np.allclose(mine, own / own.sum())


def test_matching_every_baseline_everywhere_beats_a_better_average() -> None:
    # a is 5% better at 1% coverage but below the best baseline at 20%; b
    # matches the floor at both: with a floor, b is chosen, without, a.
    a, b = AutoParams(1.0, 0.0, 7.0, 0.75), AutoParams(0.15, 0.0, 30.0, 0.75)
    hits = {a: np.array([0.105, 0.69]), b: np.array([0.100, 0.70])}
    floor = np.array([0.100, 0.70])
    plain, floored = _objective(hits), _objective(hits, floor=floor)
    assert plain[a] > plain[b]
    assert floored[b] > floored[a]
    assert floored[a] == pytest.approx(plain[a])
    assert floored[b] == pytest.approx(plain[b] + 1)


def test_the_head_ranks_the_first_cells_and_the_tail_the_others() -> None:
    head = np.array([9.0, 8.0, 7.0, 0.0, 0.0, 0.0])
    tail = np.array([0.0, 5.0, 0.0, 1.0, 3.0, 2.0])
    order = composed_order(head, tail, 2)
    assert order.tolist() == [0, 1, 4, 5, 3, 2]


def test_the_composed_scores_rank_exactly_and_keep_the_distribution() -> None:
    rng = np.random.default_rng(5)
    values = rng.integers(0, 4, 500).astype(float)  # many ties, zeros
    values /= values.sum()
    order = rng.permutation(500)
    scores = ranked_like(order, values)
    assert np.array_equal(np.argsort(-scores, kind="stable"), order)
    assert len(np.unique(scores)) == 500  # no ties left
    assert scores.sum() == pytest.approx(1.0, abs=1e-6)
    assert np.allclose(np.sort(scores), np.sort(values), atol=1e-6)
    assert (scores > 0).all()


def test_a_tail_changes_only_the_cells_after_the_head() -> None:
    sim = simulate(MODEL, seed=27)
    events = _located(sim.x, sim.y, sim.t).before(150.0)
    n = events.grid.n_cells
    auto = Auto(coverages=(0.01, 0.05, 0.2))
    auto.chosen = AutoParams(1.0, 0.0, 7.0, 0.75)
    auto.tail = NAIVE
    scores = auto.predict(events, origin=150.0, horizon=1.0)
    first = auto_score(events, origin=150.0, params=auto.chosen)
    counts = auto_score(events, origin=150.0, params=NAIVE)
    k = int(np.rint(0.05 * n))
    ranked = np.argsort(-scores, kind="stable")
    assert set(ranked[:k]) == set(np.argsort(-first, kind="stable")[:k])
    rest = ranked[k:]
    assert np.all(np.diff(counts[rest]) <= 0)  # the others by the counts
    assert scores.sum() == pytest.approx(first.sum(), abs=1e-6)
    parameters = method_parameters(auto)
    assert parameters["tail_from_coverage"] == 0.05
    assert parameters["tail_weight"] == 0.0
    assert parameters["weight"] == 1.0


def test_a_baseline_chosen_is_reported_by_name() -> None:
    auto = Auto()
    auto.chosen = AutoParams(0.0, 0.0, 0.0, 0.0, baseline="promap")
    assert method_parameters(auto)["baseline"] == "promap"
