"""Emerging Hot Spot Analysis: Gi* against PySAL's esda, the trend test
against pymannkendall, and each category on constructed series."""

import numpy as np
import pytest
from scipy import sparse, stats

from bcd138.hotspots.engine.ehsa import (
    CATEGORIES,
    Cube,
    Trend,
    classify,
    cube_build,
    ehsa_run,
    fdr_adjust,
    gi_star,
    mann_kendall,
    neighbours_from_lists,
    step_index,
)

from .helpers import at, full_grid

esda = pytest.importorskip("esda")
libpysal = pytest.importorskip("libpysal")
pymannkendall = pytest.importorskip("pymannkendall")


def test_gi_star_matches_esda_on_a_lattice() -> None:
    grid = full_grid(6, 5)
    rng = np.random.default_rng(8)
    y = rng.poisson(3.0, grid.n_cells).astype(float)
    cube = Cube(y[:, None], grid.neighbours(), np.array([0.0]))
    ours = gi_star(cube, time_lags=0)[:, 0]
    w = libpysal.weights.lat2W(5, 6, rook=False)  # queen, row-major like the grid
    theirs = esda.getisord.G_Local(y, w, transform="B", star=True, permutations=0)
    assert ours == pytest.approx(theirs.Zs, abs=1e-9)


def test_space_time_gi_star_matches_esda_on_the_unrolled_cube() -> None:
    grid = full_grid(4, 3)
    steps, lags = 5, 1
    rng = np.random.default_rng(9)
    counts = rng.poisson(2.0, (grid.n_cells, steps)).astype(float)
    adjacency = grid.neighbours()
    ours = gi_star(Cube(counts, adjacency, np.arange(5.0)), time_lags=lags)
    # Node (location i, step t) neighbours (j, s): j = i or next to i, t-1 <= s <= t.
    n = grid.n_cells
    spatial = (adjacency + sparse.eye_array(n)).toarray() > 0
    neighbours: dict[int, list[int]] = {}
    for t in range(steps):
        for i in range(n):
            neighbours[t * n + i] = [
                s * n + j
                for s in range(max(0, t - lags), t + 1)
                for j in range(n)
                if spatial[i, j] and (s, j) != (t, i)
            ]
    w = libpysal.weights.W(neighbours, silence_warnings=True)
    y = counts.T.reshape(-1)
    theirs = esda.getisord.G_Local(y, w, transform="B", star=True, permutations=0)
    assert ours.T.reshape(-1) == pytest.approx(theirs.Zs, abs=1e-9)


def test_mann_kendall_matches_pymannkendall_with_and_without_ties() -> None:
    rng = np.random.default_rng(10)
    series = np.vstack(
        [
            rng.normal(size=20),
            np.arange(20.0) + rng.normal(scale=3, size=20),
            rng.integers(0, 4, 20).astype(float),  # many ties
            np.zeros(20),  # all tied
            -np.arange(20.0),
        ]
    )
    ours = mann_kendall(series)
    for i, row in enumerate(series):
        theirs = pymannkendall.original_test(row)
        assert ours.s[i] == theirs.s
        assert ours.var_s[i] == pytest.approx(theirs.var_s)
        assert ours.z[i] == pytest.approx(theirs.z)
        assert ours.p[i] == pytest.approx(theirs.p)
        assert ours.tau[i] == pytest.approx(theirs.Tau)


def test_fdr_adjustment_is_benjamini_hochberg() -> None:
    p = np.array([0.01, 0.04, 0.03, 0.2])
    assert fdr_adjust(p) == pytest.approx([0.04, 0.16 / 3, 0.16 / 3, 0.2])
    many = np.random.default_rng(12).uniform(size=(30, 7)) ** 3
    expected = stats.false_discovery_control(many.reshape(-1), method="bh")
    assert fdr_adjust(many).reshape(-1) == pytest.approx(expected)


H, C, o = 3.0, -3.0, 0.5  # significant hot, significant cold, nothing


def _category(series: list[float], trend: str = "none") -> str:
    gi = np.array([series])
    significant = np.abs(gi) > 2
    s = {"up": 50.0, "down": -50.0, "none": 1.0}[trend]
    p = 0.001 if trend != "none" else 0.6
    one = np.array([1.0])
    result = classify(gi, significant, Trend(s * one, one, one, p * one, one))
    return str(result[0])


@pytest.mark.parametrize(
    ("series", "trend", "expected"),
    [
        ([o] * 9 + [H], "none", "new_hot"),
        ([o] * 7 + [H, H, H], "none", "consecutive_hot"),
        ([H] * 10, "up", "intensifying_hot"),
        ([H] * 10, "none", "persistent_hot"),
        ([H] * 10, "down", "diminishing_hot"),
        ([o, H, o, o, H, H, o, H, o, H], "none", "sporadic_hot"),
        ([H, o, o, o, o, o, o, o, o, o], "none", "sporadic_hot"),
        ([C, o, o, H, o, o, o, o, o, H], "none", "oscillating_hot"),
        ([C] * 7 + [H, H, H], "none", "oscillating_hot"),
        ([H] * 9 + [o], "none", "historical_hot"),
        ([o] * 9 + [C], "none", "new_cold"),
        ([o] * 8 + [C, C], "none", "consecutive_cold"),
        ([C] * 10, "down", "intensifying_cold"),
        ([C] * 10, "none", "persistent_cold"),
        ([C] * 10, "up", "diminishing_cold"),
        ([C, o, C, o, o, o, o, o, o, C], "none", "sporadic_cold"),
        ([H, o, o, o, o, o, o, o, o, C], "none", "oscillating_cold"),
        ([C] * 9 + [o], "none", "historical_cold"),
        ([o] * 10, "none", "no_pattern"),
        ([H, o, C, o, o, o, o, o, o, o], "none", "no_pattern"),
        ([H] * 9 + [o], "up", "historical_hot"),
    ],
)
def test_each_category_on_a_constructed_series(
    series: list[float], trend: str, expected: str
) -> None:
    assert expected in CATEGORIES
    assert _category(series, trend) == expected


def test_ninety_percent_means_nine_of_ten_steps() -> None:
    assert _category([o] + [H] * 9) == "persistent_hot"
    assert _category([o, o] + [H] * 8) == "consecutive_hot"


def test_cube_counts_events_per_location_and_week() -> None:
    neighbours = neighbours_from_lists([[1], [0, 2], [1]])
    location = np.array([0, 0, 1, 2, 2, -1])
    t = np.array([0.5, 8.0, 13.9, 14.0, 100.0, 1.0])
    cube = cube_build(location, t, neighbours=neighbours, start=0.0, steps=3)
    assert cube.counts.tolist() == [[1, 1, 0], [0, 1, 0], [0, 0, 1]]
    assert cube.step_starts.tolist() == [0.0, 7.0, 14.0]


def test_monthly_steps_follow_the_calendar() -> None:
    jan_1_2024 = 19723.0
    t = np.array([jan_1_2024, jan_1_2024 + 30.9, jan_1_2024 + 31.0, jan_1_2024 + 60])
    assert step_index(t, start=jan_1_2024 + 10, step="month").tolist() == [0, 0, 1, 2]


def test_a_forming_hot_spot_is_found_and_every_statistic_is_kept() -> None:
    grid = full_grid(8, 8)
    rng = np.random.default_rng(11)
    counts = rng.poisson(1.0, (grid.n_cells, 12)).astype(float)
    centre = at(grid, 4, 4)
    block = [at(grid, r, c) for r in (3, 4, 5) for c in (3, 4, 5)]
    counts[block, -3:] += 12  # the last three weeks only
    result = ehsa_run(Cube(counts, grid.neighbours(), np.arange(12.0) * 7), time_lags=1)
    assert result.category[centre] in ("consecutive_hot", "new_hot")
    assert result.significant[centre, -1]
    assert not result.significant[centre, :8].any()
    assert result.gi.shape == result.p.shape == result.q.shape == counts.shape
    assert result.trend.tau.shape == (grid.n_cells,)
    assert np.all(result.q >= result.p)
    assert (result.category == "no_pattern").sum() > grid.n_cells / 2
