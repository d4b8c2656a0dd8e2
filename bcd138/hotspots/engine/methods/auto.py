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
spans at least 90 days (90 daily periods, 20 weekly ones): with 20 daily
periods the choice was noisy. Every candidate is scored, the pure components
too (all-history counts w = v = 0, the pure short-run surface w = 1, the pure
self-exciting forecast v = 1), so `auto` can fall back on one of them when no
mix helps; each candidate's score is the mean, over the requested coverages, of
its pooled hits relative to the best candidate's at that coverage, so that the
small coverages count as much as the large ones. The self-exciting part used in
the validation is fitted on the data before the first validation origin, so
that it never sees the periods it is scored on; the one used for the forecasts
is refitted on the whole training period. `fit` receives the training events
only, so no choice can depend on the test period.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import product

import numpy as np

from bcd138.hotspots.engine.events import FloatArray, IntArray
from bcd138.hotspots.engine.methods.base import CellEvents, gaussian_kernel, smooth
from bcd138.hotspots.engine.methods.sepp import SelfExciting
from bcd138.hotspots.engine.scoring import DEFAULT_COVERAGES, coverage_cells

LONG_BANDWIDTHS = (0.0, 0.75, 1.5)  # cells
LONG_DECAYS = (0.0, 730.0, 365.0)  # days; 0: all history, undecayed
SHORT_DECAYS = (7.0, 30.0, 90.0)  # days
SHORT_BANDWIDTHS = (0.75, 1.5)  # cells
WEIGHTS = (0.0, 0.15, 0.3, 0.5, 0.7, 1.0)
SEPP_WEIGHTS = (0.0, 0.25, 0.5, 0.75, 1.0)
MIN_HISTORY_DAYS = 60.0  # before the first validation origin
MIN_FOLDS = 20  # validation periods, at least
VALIDATION_DAYS = 90.0  # and covering at least this many days
BATCH = 32  # candidates scored at once
SEPP_WINDOW_DAYS = 180.0  # the self-exciting part's fitting window
SEPP_MIN_EVENTS = 50


@dataclass(frozen=True, order=True)
class AutoParams:
    weight: float
    long_bandwidth: float
    short_decay: float
    short_bandwidth: float
    sepp_weight: float = 0.0
    long_decay: float = 0.0  # days; 0: all history, undecayed


DEFAULT_PARAMS = AutoParams(0.3, 0.75, 30.0, 0.75)


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
    """Every distinct mix, pure components included, sorted: the first ones
    use the least short-run and self-exciting weight."""
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

    def fit(
        self, history: CellEvents, *, start: float, end: float, horizon: float
    ) -> None:
        folds = validation_folds(horizon) if self.folds is None else self.folds
        steps = np.arange(folds, 0, -1, dtype=np.float64)
        origins = end - horizon * steps
        origins = origins[origins >= start + max(MIN_HISTORY_DAYS, 2 * horizon)]
        self.origins = tuple(float(o) for o in origins)
        self.chosen, self.validation, self.sepp = DEFAULT_PARAMS, {}, None
        if len(origins) < 2:
            return
        early = _sepp_fitted(history, start=start, end=float(origins[0]))
        self.validation = _validate(history, origins, horizon, self.coverages, early)
        best = max(self.validation.values())
        # Ties go to the first candidate: the least short-run and SEPP weight.
        self.chosen = next(p for p, s in self.validation.items() if s == best)
        if self.chosen.sepp_weight > 0:
            self.sepp = _sepp_fitted(history, start=start, end=end)

    def predict(
        self, history: CellEvents, *, origin: float, horizon: float
    ) -> FloatArray:
        sepp = None
        if self.sepp is not None:
            sepp = self.sepp.predict(history, origin=origin, horizon=horizon)
        return auto_score(history, origin=origin, params=self.chosen, sepp=sepp)


def validation_folds(horizon: float) -> int:
    """Validation periods: 90 daily ones, 20 weekly ones (140 days)."""
    return max(MIN_FOLDS, int(np.ceil(VALIDATION_DAYS / horizon)))


def _sepp_fitted(
    history: CellEvents, *, start: float, end: float
) -> SelfExciting | None:
    """The self-exciting part, fitted on the last 180 days before `end` (None
    when there are too few events to fit it)."""
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
) -> FloatArray:
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


def _validate(
    history: CellEvents,
    origins: FloatArray,
    horizon: float,
    coverages: tuple[float, ...],
    sepp: SelfExciting | None,
) -> dict[AutoParams, float]:
    """Every candidate's validation score (`_objective`): the kernel mixes,
    and, when the self-exciting part could be fitted, every mix of them with
    it, pure self-exciting forecast included."""
    ks = coverage_cells(history.grid.n_cells, coverages)
    options = candidates(with_sepp=sepp is not None)
    return _objective(_score(history, origins, horizon, ks, options, sepp))


def _objective(hits: dict[AutoParams, FloatArray]) -> dict[AutoParams, float]:
    """The mean, over the coverages, of each candidate's pooled hits relative
    to the most any candidate captured at that coverage: every coverage counts
    the same, however many events it holds (a mean of hit rates would let the
    large coverages, whose hit rates are largest, decide)."""
    table = np.array(list(hits.values()))
    best = np.maximum(table.max(axis=0), 1e-12)
    values = (table / best).mean(axis=1)
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
