"""How forecasts are scored: hit rate at coverage, PAI, PEI, and the paired
per-period comparison of two methods.

Flagging "the top k cells" needs a rule for ties (at daily scale most cells
score the same). Here tied cells at the threshold share the remaining places at
random and the *expected* number of events captured is counted, so the score
never depends on the order of the cells.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bcd138.hotspots.engine.events import FloatArray, IntArray

DEFAULT_COVERAGES = (0.01, 0.02, 0.05, 0.10, 0.20)


def coverage_cells(n_cells: int, coverages: tuple[float, ...]) -> IntArray:
    """Cells flagged at each coverage: the nearest whole number, at least one."""
    ks = np.rint(np.asarray(coverages) * n_cells).astype(np.int64)
    result: IntArray = np.clip(ks, 1, max(n_cells, 1))
    return result


def captured(scores: FloatArray, observed: FloatArray, ks: IntArray) -> FloatArray:
    """Expected events in the `k` highest-scoring cells, for each k.

    One partial sort finds every threshold; only the cells with events are then
    looked at, so this costs O(cells) rather than a full sort."""
    lowered = -scores
    threshold = np.partition(lowered, ks - 1)[ks - 1][:, None]
    greater = np.count_nonzero(lowered[None, :] < threshold, axis=1)
    equal = np.count_nonzero(lowered[None, :] == threshold, axis=1)
    with_events = np.flatnonzero(observed)
    mine, count = lowered[with_events][None, :], observed[with_events][None, :]
    above = np.sum(count * (mine < threshold), axis=1)
    tied = np.sum(count * (mine == threshold), axis=1)
    result: FloatArray = above + (ks - greater) / equal * tied
    return result


def oracle(observed: FloatArray, ks: IntArray) -> FloatArray:
    """The most events any k cells could have captured."""
    cumulative = np.concatenate([[0.0], np.cumsum(np.sort(observed)[::-1])])
    result: FloatArray = cumulative[ks]
    return result


@dataclass(frozen=True)
class Paired:
    """Method a against method b at one coverage, over the periods with events."""

    periods: int
    mean_difference: float  # mean per-period hit rate of a minus b
    ci_low: float
    ci_high: float
    hits_ratio: float  # a's pooled hits / b's pooled hits - 1 (+0.10: 10% more)
    ratio_ci_low: float
    ratio_ci_high: float
    wins: int
    losses: int


def paired_compare(
    hits_a: FloatArray,
    hits_b: FloatArray,
    events: FloatArray,
    *,
    resamples: int = 2000,
    seed: int = 0,
    level: float = 0.95,
) -> Paired:
    """Per-period differences of hit rate, with percentile bootstrap intervals
    over the periods (Efron & Tibshirani 1993), seeded."""
    keep = events > 0
    a, b, n = hits_a[keep], hits_b[keep], events[keep]
    periods = int(keep.sum())
    if periods == 0:
        nan = float("nan")
        return Paired(0, nan, nan, nan, nan, nan, nan, 0, 0)
    difference = (a - b) / n
    rng = np.random.default_rng(seed)
    sample = rng.integers(0, periods, size=(resamples, periods))
    means = difference[sample].mean(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratios = a[sample].sum(axis=1) / b[sample].sum(axis=1) - 1
        ratio = float(a.sum() / b.sum() - 1) if b.sum() > 0 else float("inf")
    tail = (1 - level) / 2 * 100
    low, high = _interval(means, tail)
    ratio_low, ratio_high = _interval(ratios, tail)
    return Paired(
        periods=periods,
        mean_difference=float(difference.mean()),
        ci_low=float(low),
        ci_high=float(high),
        hits_ratio=ratio,
        ratio_ci_low=float(ratio_low),
        ratio_ci_high=float(ratio_high),
        wins=int(np.sum(a > b)),
        losses=int(np.sum(a < b)),
    )


def _interval(values: FloatArray, tail: float) -> tuple[float, float]:
    """Percentile interval of the finite values (a ratio is undefined in a
    resample where the second method captured nothing)."""
    finite = values[np.isfinite(values)]
    if len(finite) == 0:
        return float("nan"), float("nan")
    low, high = np.percentile(finite, [tail, 100 - tail])
    return float(low), float(high)
