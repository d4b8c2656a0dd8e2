"""Emerging Hot Spot Analysis: which places are becoming hot spots.

1. A space-time cube: event counts per location (active grid cell, or any
   location with a neighbour list, e.g. communes) per time step (week or month).
2. Getis-Ord Gi* (Getis & Ord 1992; Ord & Getis 1995) for every bin over its
   space-time neighbourhood: the location and its neighbours, at this step and
   the `time_lags` steps before, with binary weights; z-scores against the
   whole cube, two-sided normal p-values, and the Benjamini & Hochberg (1995)
   false-discovery-rate correction over all bins.
3. The Mann-Kendall trend test (Mann 1945; Kendall 1975) on each location's Gi*
   series, with the tie correction.
4. A category per location (ESRI's definitions, as in the R package sfdep),
   decided in a fixed order so that every location gets exactly one.

Every intermediate statistic is kept in the result.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import sparse, special

from bcd138.hotspots.engine.errors import HotspotError
from bcd138.hotspots.engine.events import BoolArray, FloatArray, IntArray

ALPHA = 0.05
MOST = 0.9  # "at least 90% of the time steps"

NO_PATTERN = "no_pattern"
CATEGORIES = (
    *(
        f"{kind}_{side}"
        for side in ("hot", "cold")
        for kind in (
            "new",
            "consecutive",
            "intensifying",
            "persistent",
            "diminishing",
            "sporadic",
            "oscillating",
            "historical",
        )
    ),
    NO_PATTERN,
)
WARNING_CATEGORIES = ("new_hot", "consecutive_hot", "intensifying_hot")


@dataclass(frozen=True)
class Cube:
    counts: FloatArray  # (locations, steps)
    neighbours: sparse.csr_array  # (locations, locations), binary, no diagonal
    step_starts: FloatArray  # days since 1970-01-01


@dataclass(frozen=True)
class Trend:
    s: FloatArray
    var_s: FloatArray
    z: FloatArray
    p: FloatArray
    tau: FloatArray


@dataclass(frozen=True)
class EhsaResult:
    cube: Cube
    gi: FloatArray  # (locations, steps), z-scores
    p: FloatArray  # two-sided normal p-values
    q: FloatArray  # FDR-adjusted p-values
    significant: BoolArray
    trend: Trend  # per location, of the Gi* series
    category: NDArray[np.str_]  # per location


def step_index(t: FloatArray, *, start: float, step: str) -> IntArray:
    """The time step of each time: `week` (7 days from `start`) or `month`
    (calendar months from the month of `start`)."""
    if step == "week":
        return np.floor((t - start) / 7.0).astype(np.int64)
    if step == "month":
        months = np.floor(t).astype("datetime64[D]").astype("datetime64[M]")
        first = (
            np.array([np.floor(start)]).astype("datetime64[D]").astype("datetime64[M]")
        )
        result: IntArray = (months - first).astype(np.int64)
        return result
    raise HotspotError(f"time step {step!r}: use week or month")


def _step_starts(start: float, steps: int, step: str) -> FloatArray:
    if step == "week":
        return start + 7.0 * np.arange(steps, dtype=np.float64)
    first = np.array([np.floor(start)]).astype("datetime64[D]").astype("datetime64[M]")
    months = first + np.arange(steps)
    return months.astype("datetime64[D]").astype(np.float64)


def cube_build(
    location: IntArray,
    t: FloatArray,
    *,
    neighbours: sparse.csr_array,
    start: float,
    steps: int,
    step: str = "week",
) -> Cube:
    """Counts of events per location and step; events outside the steps or
    without a location (-1) are left out."""
    n = neighbours.shape[0]
    index = step_index(t, start=start, step=step)
    keep = (index >= 0) & (index < steps) & (location >= 0) & (t >= start)
    flat = location[keep] * steps + index[keep]
    counts = np.bincount(flat, minlength=n * steps).astype(np.float64)
    binary = sparse.csr_array(neighbours.astype(np.float64, copy=True))
    binary.setdiag(0)
    binary.eliminate_zeros()
    binary.data[:] = 1.0
    return Cube(counts.reshape(n, steps), binary, _step_starts(start, steps, step))


def neighbours_from_lists(lists: Sequence[Sequence[int]]) -> sparse.csr_array:
    """A neighbour list (location i -> the locations next to it) as a matrix."""
    rows = np.repeat(np.arange(len(lists)), [len(x) for x in lists])
    cols = np.array([j for x in lists for j in x], dtype=np.int64)
    data = np.ones(len(cols))
    return sparse.csr_array((data, (rows, cols)), shape=(len(lists), len(lists)))


def gi_star(cube: Cube, *, time_lags: int = 1) -> FloatArray:
    """Gi* z-score of every bin over its space-time neighbourhood."""
    x = cube.counts
    n_steps = x.shape[1]
    spatial = cube.neighbours @ x + x  # the location itself has weight 1
    cumulative = np.cumsum(spatial, axis=1)
    lagged = np.zeros_like(cumulative)
    lagged[:, time_lags + 1 :] = cumulative[:, : n_steps - time_lags - 1]
    local = cumulative - lagged
    lags_in = np.minimum(np.arange(n_steps), time_lags) + 1
    degree = np.asarray(cube.neighbours.sum(axis=1)).reshape(-1) + 1
    weight = degree[:, None] * lags_in[None, :]  # Σw = Σw² for binary weights
    total = x.size
    mean = x.mean()
    spread = np.sqrt(max((x**2).mean() - mean**2, 0.0))
    if spread == 0:
        return np.zeros_like(x)
    denominator = spread * np.sqrt((total * weight - weight**2) / (total - 1))
    result: FloatArray = (local - mean * weight) / denominator
    return result


def _two_sided(z: FloatArray) -> FloatArray:
    result: FloatArray = 2 * special.ndtr(-np.abs(z))
    return result


def fdr_adjust(p: FloatArray) -> FloatArray:
    """Benjamini-Hochberg adjusted p-values (q-values), any shape."""
    flat = p.reshape(-1)
    order = np.argsort(flat)
    ranked = flat[order] * len(flat) / np.arange(1, len(flat) + 1)
    adjusted = np.minimum.accumulate(ranked[::-1])[::-1]
    q = np.empty_like(flat)
    q[order] = np.minimum(adjusted, 1.0)
    return q.reshape(p.shape)


def mann_kendall(series: FloatArray) -> Trend:
    """The original Mann-Kendall test on each row, with the tie correction and
    the continuity correction of the z-score; tau = S / (n (n - 1) / 2)."""
    n_loc, n = series.shape
    s = np.zeros(n_loc)
    for i in range(n - 1):
        s += np.sign(series[:, i + 1 :] - series[:, i : i + 1]).sum(axis=1)
    var_s = (n * (n - 1) * (2 * n + 5) - _tie_term(series)) / 18.0
    root = np.sqrt(np.where(var_s > 0, var_s, 1.0))
    z = np.where(s > 0, (s - 1) / root, np.where(s < 0, (s + 1) / root, 0.0))
    z = np.where(var_s > 0, z, 0.0)
    p = _two_sided(z)
    return Trend(s, var_s, z, p, s / (0.5 * n * (n - 1)))


def _tie_term(series: FloatArray) -> FloatArray:
    """Σ over groups of equal values of t (t - 1) (2t + 5), per row."""
    n_loc = series.shape[0]
    ordered = np.sort(series, axis=1)
    starts = np.ones_like(ordered, dtype=np.bool_)
    starts[:, 1:] = ordered[:, 1:] != ordered[:, :-1]
    group = np.cumsum(starts.reshape(-1)) - 1  # rows never share a group
    sizes = np.bincount(group).astype(np.float64)
    row_of_group = np.repeat(np.arange(n_loc), starts.sum(axis=1))
    term = sizes * (sizes - 1) * (2 * sizes + 5)
    return np.bincount(row_of_group, weights=term, minlength=n_loc).astype(np.float64)


def ehsa_run(cube: Cube, *, time_lags: int = 1, alpha: float = ALPHA) -> EhsaResult:
    if cube.counts.shape[1] < 2:
        raise HotspotError("emerging hot spot analysis needs at least two time steps")
    gi = gi_star(cube, time_lags=time_lags)
    p = _two_sided(gi)
    q = fdr_adjust(p)
    significant = q <= alpha
    trend = mann_kendall(gi)
    category = classify(gi, significant, trend, alpha=alpha)
    return EhsaResult(cube, gi, p, q, significant, trend, category)


def classify(
    gi: FloatArray, significant: BoolArray, trend: Trend, *, alpha: float = ALPHA
) -> NDArray[np.str_]:
    hot, cold = significant & (gi > 0), significant & (gi < 0)
    up = (trend.p <= alpha) & (trend.s > 0)
    down = (trend.p <= alpha) & (trend.s < 0)
    result = np.full(gi.shape[0], NO_PATTERN, dtype="<U20")
    hot_side = _side(hot, cold, up, down)
    cold_side = _side(cold, hot, down, up)
    final_hot, final_cold = hot[:, -1], cold[:, -1]
    neither = ~final_hot & ~final_cold
    result[final_hot] = np.char.add(hot_side[final_hot], "_hot")
    result[final_cold] = np.char.add(cold_side[final_cold], "_cold")
    _historical_or_sporadic(result, hot, cold, neither)
    return result


def _side(
    mine: BoolArray, other: BoolArray, stronger: BoolArray, weaker: BoolArray
) -> NDArray[np.str_]:
    """The category of locations whose final step is `mine` (hot, or cold with
    the trend's direction reversed), without the suffix."""
    steps = mine.shape[1]
    count = mine.sum(axis=1)
    final_run = np.cumprod(mine[:, ::-1], axis=1).sum(axis=1)
    most = count >= MOST * steps
    kind = np.full(mine.shape[0], "sporadic", dtype="<U20")
    kind[(final_run == count) & (count >= 2)] = "consecutive"
    kind[count == 1] = "new"
    kind[other.any(axis=1)] = "oscillating"
    kind[most] = "persistent"
    kind[most & stronger] = "intensifying"
    kind[most & weaker] = "diminishing"
    return kind


def _historical_or_sporadic(
    result: NDArray[np.str_], hot: BoolArray, cold: BoolArray, neither: BoolArray
) -> None:
    steps = hot.shape[1]
    hot_count, cold_count = hot.sum(axis=1), cold.sum(axis=1)
    result[neither & (hot_count > 0) & (cold_count == 0)] = "sporadic_hot"
    result[neither & (cold_count > 0) & (hot_count == 0)] = "sporadic_cold"
    result[neither & (cold_count >= MOST * steps)] = "historical_cold"
    result[neither & (hot_count >= MOST * steps)] = "historical_hot"
