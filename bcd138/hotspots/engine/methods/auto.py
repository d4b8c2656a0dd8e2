"""`auto`, the project's own method: a mix, chosen on the training data, of a
long-run surface (where crime has always been), a short-run time-decayed
surface (where it has just happened, and near repeats follow) and the grid
self-exciting process's forecast (background plus triggering, from `sepp`).

    kernels = (1 - w) · L_{T, b} / ΣL_{T, b} + w · S_{τ, b'} / ΣS_{τ, b'}
    score   = (1 - v) · kernels + v · P / ΣP

The long-run surface counts all history (T = ∞) or weighs each event by
e^{-age/T} with T of one or two years: a slow drift of where crime is (a
neighbourhood changing over the years) is then followed, which neither the
all-history counts nor a hard one-year window does well at every coverage.
The weights w and v, the bandwidths b, b' and the decays T, τ are chosen by
rolling-origin cross-validation (Tashman 2000) over the last periods of the
training data: forecast each of them from the data before it and keep the
candidate with the most pooled hits (combining forecasters and tuning them by
temporal cross-validation is what won the NIJ 2017 challenge). The validation
spans at least 90 days and 40 periods (90 daily ones, 40 weekly ones): with
fewer the choice was noisy. Every candidate is scored, the pure components
too (all-history counts w = v = 0, the pure short-run surface w = 1, the pure
self-exciting forecast v = 1) and the other baselines' own forecasts, so
`auto` can fall back on one of them when no mix helps; each candidate's score
is the mean, over the requested coverages, of its pooled hits relative to the
best candidate's at that coverage, so that the small coverages count as much
as the large ones.

The mix chosen ranks the cells up to the widest coverage of at most 5%; the
cells after them are ranked by a second mix (the *tail*), chosen on the same
validation periods at the wider coverages, preferring one that captured at
least as much as every baseline there: the mix that wins most on average can
lose to the all-history counts at 20%, where the long run decides. The
forecast's values keep the first mix's distribution (`ranked_like`), so they
still read as shares of the risk.

The self-exciting part is fitted like the `sepp` baseline (the last 365 days).
The one used in the validation is fitted on the data before the first
validation origin, so that it never sees the periods it is scored on; the one
used for the forecasts is refitted on the whole training period. `fit`
receives the training events only, so no choice can depend on the test period.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import product

import numpy as np

from bcd138.hotspots.engine.events import BoolArray, FloatArray, IntArray
from bcd138.hotspots.engine.methods.base import (
    CellEvents,
    Forecaster,
    gaussian_kernel,
    smooth,
)
from bcd138.hotspots.engine.methods.sepp import SelfExciting
from bcd138.hotspots.engine.methods.simple import (
    NaiveCounts,
    ProspectiveHotspotting,
    RetrospectiveKde,
    SpaceTimeKde,
)
from bcd138.hotspots.engine.scoring import DEFAULT_COVERAGES, coverage_cells

LONG_BANDWIDTHS = (0.0, 0.75, 1.5)  # cells
LONG_DECAYS = (0.0, 730.0, 365.0)  # days; 0: all history, undecayed
SHORT_DECAYS = (7.0, 30.0, 90.0)  # days
SHORT_BANDWIDTHS = (0.75, 1.5)  # cells
WEIGHTS = (0.0, 0.15, 0.3, 0.5, 0.7, 1.0)
SEPP_WEIGHTS = (0.0, 0.25, 0.5, 0.75, 1.0)
MIN_HISTORY_DAYS = 60.0  # before the first validation origin
MIN_FOLDS = 40  # validation periods, at least
VALIDATION_DAYS = 90.0  # and covering at least this many days
BATCH = 32  # candidates scored at once
SEPP_WINDOW_DAYS = 365.0  # the self-exciting part's fitting window (as `sepp`)
SEPP_MIN_EVENTS = 50
HEAD_COVERAGE = 0.05  # the cells up to this coverage are ranked by `chosen`
TAIL_SHORTLIST = 3  # candidates per wider coverage tried for the rest


@dataclass(frozen=True, order=True)
class AutoParams:
    weight: float
    long_bandwidth: float
    short_decay: float
    short_bandwidth: float
    sepp_weight: float = 0.0
    long_decay: float = 0.0  # days; 0: all history, undecayed
    baseline: str = ""  # the named baseline's own forecast, alone (`SIMPLE`)


# The baselines that are not a mix of the parts: candidates of their own, so
# that the validation can compare every candidate with every baseline.
SIMPLE_KDE = RetrospectiveKde()
SIMPLE_PROMAP = ProspectiveHotspotting()
SIMPLE_STKDE = SpaceTimeKde()
SIMPLE: dict[str, Forecaster] = {
    "naive-365d": NaiveCounts(name="naive-365d", window_days=365.0),
    "kde": SIMPLE_KDE,
    "promap": SIMPLE_PROMAP,
    "stkde": SIMPLE_STKDE,
}
NAIVE = AutoParams(0.0, 0.0, 0.0, 0.0, 0.0)  # all-history counts: `naive`
SEPP = AutoParams(0.0, 0.0, 0.0, 0.0, 1.0)  # the self-exciting forecast: `sepp`
BASELINE_PARAMS = (
    NAIVE,
    SEPP,
    *(AutoParams(0.0, 0.0, 0.0, 0.0, baseline=name) for name in SIMPLE),
)

DEFAULT_PARAMS = AutoParams(0.3, 0.75, 30.0, 0.75)


def kernel_reach(cell: float) -> int:
    """The farthest, in cells of `cell` metres, that any candidate's forecast
    spreads an event: the widest Gaussian (3 bandwidths), the self-exciting
    trigger and background smoothing, and the baselines' kernels, whose sizes
    are in metres."""
    gaussian = 3 * max(*LONG_BANDWIDTHS, *SHORT_BANDWIDTHS)
    sepp = SelfExciting()
    reaches = [
        gaussian,
        sepp.radius_cells + 3 * sepp.background_bandwidth_cells,
        3 * SIMPLE_STKDE.bandwidth_m / cell,
        SIMPLE_KDE.bandwidth_m / cell,
        SIMPLE_PROMAP.radius_m / cell,
    ]
    return int(np.ceil(max(reaches)))


def _canonical(
    w: float, lb: float, decay: float, sb: float, v: float, long_decay: float = 0.0
) -> AutoParams:
    """Zero the parameters of the parts a mix does not use."""
    if v == 1:
        return AutoParams(0.0, 0.0, 0.0, 0.0, 1.0)
    long_used = w < 1
    return AutoParams(
        w,
        lb if long_used else 0.0,
        decay if w > 0 else 0.0,
        sb if w > 0 else 0.0,
        v,
        long_decay if long_used else 0.0,
    )


def candidates(*, with_sepp: bool = True) -> list[AutoParams]:
    """Every distinct mix, pure components included, and every baseline,
    sorted: the first ones use the least short-run and self-exciting weight."""
    sepp_weights = SEPP_WEIGHTS if with_sepp else (0.0,)
    found = {
        _canonical(*values)
        for values in product(
            WEIGHTS,
            LONG_BANDWIDTHS,
            SHORT_DECAYS,
            SHORT_BANDWIDTHS,
            sepp_weights,
            LONG_DECAYS,
        )
    }
    found.update(p for p in BASELINE_PARAMS if p.baseline)
    return sorted(found, key=lambda p: (p.sepp_weight, p.weight, p))


@dataclass
class Auto:
    name: str = "auto"
    coverages: tuple[float, ...] = DEFAULT_COVERAGES
    folds: int | None = None  # validation periods; None: `validation_folds`
    chosen: AutoParams = DEFAULT_PARAMS
    validation: dict[AutoParams, float] = field(default_factory=dict, repr=False)
    origins: tuple[float, ...] = ()
    sepp: SelfExciting | None = field(default=None, repr=False)
    # The mix ranking the cells beyond the first `HEAD_COVERAGE` (`_tail`);
    # None: `chosen` ranks them all.
    tail: AutoParams | None = None

    def fit(
        self, history: CellEvents, *, start: float, end: float, horizon: float
    ) -> None:
        folds = validation_folds(horizon) if self.folds is None else self.folds
        steps = np.arange(folds, 0, -1, dtype=np.float64)
        origins = end - horizon * steps
        origins = origins[origins >= start + max(MIN_HISTORY_DAYS, 2 * horizon)]
        self.origins = tuple(float(o) for o in origins)
        self.chosen, self.validation, self.sepp = DEFAULT_PARAMS, {}, None
        self.tail = None
        if len(origins) < 2:
            return
        early = _sepp_fitted(history, start=start, end=float(origins[0]))
        ks = coverage_cells(history.grid.n_cells, self.coverages)
        options = candidates(with_sepp=early is not None)
        rates = _score(history, origins, horizon, ks, options, early)
        self.validation = _objective(rates)
        best = max(self.validation.values())
        # Ties go to the first candidate: the least short-run and SEPP weight.
        self.chosen = next(p for p, s in self.validation.items() if s == best)
        head = np.asarray(self.coverages) <= HEAD_COVERAGE
        if head.any() and not head.all():
            self.tail = _tail(
                history, origins, horizon, ks, head, rates, early, self.chosen
            )
        if any(p.sepp_weight > 0 for p in self.mixes()):
            self.sepp = _sepp_fitted(history, start=start, end=end)

    def mixes(self) -> tuple[AutoParams, ...]:
        return (self.chosen,) if self.tail is None else (self.chosen, self.tail)

    def predict(
        self, history: CellEvents, *, origin: float, horizon: float
    ) -> FloatArray:
        sepp = None
        if self.sepp is not None:
            sepp = self.sepp.predict(history, origin=origin, horizon=horizon)
        score = auto_score(
            history, origin=origin, params=self.chosen, sepp=sepp, horizon=horizon
        )
        if self.tail is None:
            return score
        tail = auto_score(
            history, origin=origin, params=self.tail, sepp=sepp, horizon=horizon
        )
        k = _head_cells(history.grid.n_cells, self.coverages)
        return ranked_like(composed_order(score, tail, k), score)


def validation_folds(horizon: float) -> int:
    """Validation periods: 90 daily ones, 20 weekly ones (140 days)."""
    return max(MIN_FOLDS, int(np.ceil(VALIDATION_DAYS / horizon)))


def _sepp_fitted(
    history: CellEvents, *, start: float, end: float
) -> SelfExciting | None:
    """The self-exciting part, fitted like `sepp` on the last 365 days before
    `end` (None when there are too few events to fit it)."""
    if len(history.since(end - SEPP_WINDOW_DAYS).before(end)) < SEPP_MIN_EVENTS:
        return None
    model = SelfExciting(window_days=SEPP_WINDOW_DAYS)
    model.fit(history.before(end), start=start, end=end, horizon=1.0)
    return model


def _normalised(values: FloatArray) -> FloatArray:
    total = float(values.sum())
    return values / total if total > 0 else values


def long_surface(
    history: CellEvents, bandwidth: float, decay: float = 0.0, origin: float = 0.0
) -> FloatArray:
    """Counts of all history (decay 0) or weighted by e^{-age/decay}, smoothed."""
    weights = None if decay == 0 else np.exp(-(origin - history.t) / decay)
    counts = history.counts(weights)
    return _normalised(smooth(history.grid, counts, gaussian_kernel(bandwidth)))


def short_surface(
    history: CellEvents, origin: float, decay: float, bandwidth: float
) -> FloatArray:
    recent = history.since(origin - 10 * decay)
    weights = np.exp(-(origin - recent.t) / decay)
    kernel = gaussian_kernel(bandwidth)
    return _normalised(smooth(history.grid, recent.counts(weights), kernel))


def auto_score(
    history: CellEvents,
    *,
    origin: float,
    params: AutoParams,
    sepp: FloatArray | None = None,
    horizon: float = 1.0,
) -> FloatArray:
    if params.baseline:
        forecast = SIMPLE[params.baseline].predict(
            history, origin=origin, horizon=horizon
        )
        return _normalised(forecast)
    score = np.zeros(history.grid.n_cells)
    if params.weight < 1:
        long = long_surface(history, params.long_bandwidth, params.long_decay, origin)
        score += (1 - params.weight) * long
    if params.weight > 0:
        short = short_surface(
            history, origin, params.short_decay, params.short_bandwidth
        )
        score += params.weight * short
    if sepp is not None and params.sepp_weight > 0:
        score = (1 - params.sepp_weight) * score
        score += params.sepp_weight * _normalised(sepp)
    return score


def _objective(
    hits: dict[AutoParams, FloatArray], *, floor: FloatArray | None = None
) -> dict[AutoParams, float]:
    """Each candidate's validation score; the largest is chosen.

    Its pooled hits relative to the most any candidate captured at each
    coverage, averaged over the coverages: every coverage counts the same,
    however many events it holds (a mean of hit rates would let the large
    coverages decide). With a `floor` (the most any baseline captured at each
    coverage), a candidate that captured at least that much at every coverage
    scores 1 more than any that did not: one that matches the best baseline
    everywhere is preferred to one that wins more on average by losing
    somewhere; among those that cannot, the average decides."""
    table = np.array(list(hits.values()))
    best = np.maximum(table.max(axis=0), 1e-12)
    values = (table / best).mean(axis=1)
    if floor is not None:
        values = values + np.all(table >= floor * (1 - 1e-12), axis=1)
    return {p: float(v) for p, v in zip(hits, values, strict=True)}


def captured_many(scores: FloatArray, observed: FloatArray, ks: IntArray) -> FloatArray:
    """`scoring.captured` for each row of `scores` at once: (rows, len(ks))."""
    lowered = -scores
    rows = np.arange(len(scores))[:, None]
    threshold = np.partition(lowered, ks - 1, axis=1)[rows, ks - 1][:, :, None]
    greater = np.count_nonzero(lowered[:, None, :] < threshold, axis=2)
    equal = np.count_nonzero(lowered[:, None, :] == threshold, axis=2)
    with_events = np.flatnonzero(observed)
    mine = lowered[:, with_events][:, None, :]
    count = observed[with_events][None, None, :]
    above = np.sum(count * (mine < threshold), axis=2)
    tied = np.sum(count * (mine == threshold), axis=2)
    result: FloatArray = above + (ks - greater) / equal * tied
    return result


def _score(
    history: CellEvents,
    origins: FloatArray,
    horizon: float,
    ks: IntArray,
    options: list[AutoParams],
    sepp: SelfExciting | None,
) -> dict[AutoParams, FloatArray]:
    hits = np.zeros((len(options), len(ks)))
    events = 0.0
    for origin in origins:
        past = history.before(origin)
        observed = history.since(origin).before(origin + horizon).counts()
        events += float(observed.sum())
        parts = _parts(past, float(origin), horizon, options, sepp)
        for first in range(0, len(options), BATCH):
            batch = options[first : first + BATCH]
            scores = np.stack([_mix(parts, p) for p in batch])
            hits[first : first + len(batch)] += captured_many(scores, observed, ks)
    rates = hits / max(events, 1.0)
    return {p: r for p, r in zip(options, rates, strict=True)}


_Parts = dict[tuple[str, float, float], FloatArray]


def _parts(
    past: CellEvents,
    origin: float,
    horizon: float,
    options: list[AutoParams],
    sepp: SelfExciting | None,
) -> _Parts:
    """Every normalised surface the candidates mix, computed once per origin."""
    parts: _Parts = {}
    for p in options:
        if p.baseline:
            forecast = SIMPLE[p.baseline].predict(past, origin=origin, horizon=horizon)
            parts[(f"baseline {p.baseline}", 0.0, 0.0)] = _normalised(forecast)
            continue
        long = ("long", p.long_bandwidth, p.long_decay)
        if p.weight < 1 and long not in parts:
            parts[long] = long_surface(past, p.long_bandwidth, p.long_decay, origin)
        key = ("short", p.short_decay, p.short_bandwidth)
        if p.weight > 0 and key not in parts:
            parts[key] = short_surface(past, origin, p.short_decay, p.short_bandwidth)
    if sepp is not None:
        forecast = sepp.predict(past, origin=origin, horizon=horizon)
        parts[("sepp", 0.0, 0.0)] = _normalised(forecast)
    return parts


def _mix(parts: _Parts, p: AutoParams) -> FloatArray:
    if p.baseline:
        return parts[(f"baseline {p.baseline}", 0.0, 0.0)]
    kernels = np.zeros_like(next(iter(parts.values())))
    if p.weight < 1:
        kernels += (1 - p.weight) * parts[("long", p.long_bandwidth, p.long_decay)]
    if p.weight > 0:
        kernels += p.weight * parts[("short", p.short_decay, p.short_bandwidth)]
    if p.sepp_weight == 0:
        return kernels
    sepp = parts[("sepp", 0.0, 0.0)]
    result: FloatArray = (1 - p.sepp_weight) * kernels + p.sepp_weight * sepp
    return result


def _head_cells(n_cells: int, coverages: tuple[float, ...]) -> int:
    """How many cells `chosen` ranks: those of the widest coverage up to
    `HEAD_COVERAGE`."""
    ks = coverage_cells(n_cells, coverages)
    head = np.asarray(coverages) <= HEAD_COVERAGE
    return int(ks[head].max())


def composed_order(head: FloatArray, tail: FloatArray, k: int) -> IntArray:
    """Every cell, most at risk first: the `k` highest of `head`, then the
    others by `tail`. Ties go to the lower cell index."""
    return _after(np.argsort(-head, kind="stable")[:k], tail)


def _after(first: IntArray, tail: FloatArray) -> IntArray:
    """`first`, then every other cell by `tail` (ties to the lower index)."""
    taken = np.zeros(len(tail), dtype=bool)
    taken[first] = True
    ranked = np.argsort(-tail, kind="stable")
    result: IntArray = np.concatenate([first, ranked[~taken[ranked]]])
    return result


def ranked_like(order: IntArray, values: FloatArray) -> FloatArray:
    """Scores that rank the cells exactly in `order`, without ties, with the
    distribution of `values` (so that they still read as shares of the risk):
    the r-th cell of `order` gets the r-th largest value, raised by a relative
    2^-40 per rank from the end, zeros first raised to a floor far below the
    smallest positive value."""
    n = len(values)
    descending = np.sort(values)[::-1]
    positive = descending[descending > 0]
    floor = float(positive[-1]) * 2.0**-20 if positive.size else 1.0
    descending = np.where(descending > 0, descending, floor)
    steps = np.arange(n, 0, -1, dtype=np.float64) * 2.0**-40
    result = np.empty(n, dtype=np.float64)
    result[order] = descending * (1.0 + steps)
    return result


def _tail(
    history: CellEvents,
    origins: FloatArray,
    horizon: float,
    ks: IntArray,
    head: BoolArray,
    rates: dict[AutoParams, FloatArray],
    sepp: SelfExciting | None,
    chosen: AutoParams,
) -> AutoParams | None:
    """The mix that ranks the cells after `chosen`'s first ones (up to the
    widest coverage of at most `HEAD_COVERAGE`), chosen on the same validation
    periods by `_objective` at the wider coverages, the baselines' own hits
    there as the floor. Tried: `chosen`, every baseline and the
    `TAIL_SHORTLIST` best candidates at each wider coverage. None when
    `chosen` itself is best (ties go to it)."""
    options = list(rates)
    table = np.array([rates[p] for p in options])
    tried = {chosen, *(p for p in BASELINE_PARAMS if p in rates)}
    for j in np.flatnonzero(~head):
        for i in np.argsort(-table[:, j], kind="stable")[:TAIL_SHORTLIST]:
            tried.add(options[int(i)])
    order = [chosen, *sorted(tried - {chosen}, key=options.index)]
    k_head = int(ks[head].max())
    wide = ks[~head]
    uses_sepp = sepp if any(p.sepp_weight > 0 for p in order) else None
    hits = np.zeros((len(order), len(wide)))
    events = 0.0
    for origin in origins:
        past = history.before(origin)
        observed = history.since(origin).before(origin + horizon).counts()
        events += float(observed.sum())
        parts = _parts(past, float(origin), horizon, order, uses_sepp)
        first = np.argsort(-_mix(parts, chosen), kind="stable")[:k_head]
        for c, p in enumerate(order):
            ranked = _after(first, _mix(parts, p))
            kept = np.cumsum(observed[ranked])
            hits[c] += kept[wide - 1]
    composed = {p: h / max(events, 1.0) for p, h in zip(order, hits, strict=True)}
    # The floor: each baseline's own ranking, not its cells after chosen's.
    floor = np.max([rates[p][~head] for p in BASELINE_PARAMS if p in rates], axis=0)
    scores = _objective(composed, floor=floor)
    best = max(scores.values())
    found = next(p for p in order if scores[p] == best)
    return None if found == chosen else found
