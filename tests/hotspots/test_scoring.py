"""Hit rate with ties, the oracle and the paired comparison."""

import numpy as np
import pytest

from bcd138.hotspots.engine.scoring import (
    captured,
    coverage_cells,
    oracle,
    paired_compare,
)


def test_coverage_rounds_to_whole_cells_and_flags_at_least_one() -> None:
    ks = coverage_cells(250, (0.001, 0.01, 0.02, 0.2))
    assert ks.tolist() == [1, 2, 5, 50]


def test_captured_counts_the_top_cells() -> None:
    scores = np.array([5.0, 4.0, 3.0, 2.0, 1.0])
    observed = np.array([1.0, 0.0, 2.0, 0.0, 7.0])
    assert captured(scores, observed, np.array([1, 2, 3, 5])).tolist() == [1, 1, 3, 10]


def test_tied_cells_share_the_remaining_places_in_expectation() -> None:
    # One clear top cell, then four tied cells for the three remaining places.
    scores = np.array([9.0, 1.0, 1.0, 1.0, 1.0, 0.0])
    observed = np.array([1.0, 4.0, 0.0, 0.0, 0.0, 3.0])
    result = captured(scores, observed, np.array([1, 2, 4, 5, 6]))
    assert result.tolist() == pytest.approx([1.0, 2.0, 4.0, 5.0, 8.0])


def test_score_does_not_depend_on_the_order_of_the_cells() -> None:
    rng = np.random.default_rng(0)
    scores = rng.integers(0, 3, 40).astype(float)
    observed = rng.poisson(1.0, 40).astype(float)
    ks = np.array([1, 4, 10])
    order = rng.permutation(40)
    assert captured(scores, observed, ks) == pytest.approx(
        captured(scores[order], observed[order], ks)
    )


def test_oracle_is_the_best_any_k_cells_could_do() -> None:
    observed = np.array([0.0, 3.0, 1.0, 5.0])
    assert oracle(observed, np.array([1, 2, 4])).tolist() == [5, 8, 9]


def test_paired_comparison_of_a_method_with_itself_is_zero() -> None:
    hits = np.array([1.0, 2.0, 0.0, 3.0])
    result = paired_compare(hits, hits, np.array([2.0, 4.0, 1.0, 5.0]))
    assert result.mean_difference == 0
    assert (result.ci_low, result.ci_high) == (0, 0)
    assert result.hits_ratio == 0
    assert (result.wins, result.losses, result.periods) == (0, 0, 4)


def test_paired_comparison_is_seeded_and_brackets_the_mean() -> None:
    rng = np.random.default_rng(1)
    events = rng.poisson(10, 60).astype(float)
    a = np.minimum(events, rng.poisson(4, 60))
    b = np.minimum(events, rng.poisson(3, 60))
    first = paired_compare(a, b, events, seed=7)
    assert first == paired_compare(a, b, events, seed=7)
    assert first.ci_low <= first.mean_difference <= first.ci_high
    assert first.ratio_ci_low <= first.hits_ratio <= first.ratio_ci_high
    assert first.hits_ratio == pytest.approx(a.sum() / b.sum() - 1)


def test_periods_without_events_are_left_out_of_the_comparison() -> None:
    result = paired_compare(
        np.array([1.0, 0.0]), np.array([0.0, 0.0]), np.array([2.0, 0.0])
    )
    assert result.periods == 1
    assert result.mean_difference == 0.5
