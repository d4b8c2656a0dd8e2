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
training data: forecast each of them from the data before it, score the pooled
hit rate at the requested coverages, keep the best (combining forecasters and
tuning them by temporal cross-validation is what won the NIJ 2017 challenge).
The self-exciting part used in the validation is fitted on the data before the
first validation origin, so that it never sees the periods it is scored on; the
one used for the forecasts is refitted on the whole training period. `fit`
receives the training events only, so no choice can depend on the test period.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from itertools import product

import numpy as np

from bcd138.hotspots.engine.events import FloatArray, IntArray
from bcd138.hotspots.engine.methods.base import CellEvents, gaussian_kernel, smooth
from bcd138.hotspots.engine.methods.sepp import SelfExciting
from bcd138.hotspots.engine.scoring import DEFAULT_COVERAGES, captured, coverage_cells

LONG_BANDWIDTHS = (0.0, 0.75, 1.5)  # cells
LONG_DECAYS = (0.0, 730.0, 365.0)  # days; 0: all history, undecayed
SHORT_DECAYS = (7.0, 30.0, 90.0)  # days
SHORT_BANDWIDTHS = (0.75, 1.5)  # cells
WEIGHTS = (0.0, 0.15, 0.3, 0.5, 0.7, 1.0)
SEPP_WEIGHTS = (0.0, 0.25, 0.5, 0.75, 1.0)
MIN_HISTORY_DAYS = 60.0  # before the first validation origin
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
    """Every distinct mix, sorted: the first ones use the least short-run and
    self-exciting weight."""
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
    folds: int = 20
    chosen: AutoParams = DEFAULT_PARAMS
    validation: dict[AutoParams, float] = field(default_factory=dict, repr=False)
    origins: tuple[float, ...] = ()
    sepp: SelfExciting | None = field(default=None, repr=False)

    def fit(
        self, history: CellEvents, *, start: float, end: float, horizon: float
    ) -> None:
        steps = np.arange(self.folds, 0, -1, dtype=np.float64)
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
    """Pooled hit rate, averaged over the coverages, of the candidates: first
    every kernel mix, then the best one blended with the self-exciting
    forecast at each weight (a search in two steps keeps the cost linear)."""
    ks = coverage_cells(history.grid.n_cells, coverages)
    scores = _score(history, origins, horizon, ks, candidates(with_sepp=False), None)
    if sepp is None:
        return scores
    best = max(scores, key=lambda p: scores[p])
    blends = [replace(best, sepp_weight=v) for v in SEPP_WEIGHTS[1:-1]]
    blends.append(_canonical(0.0, 0.0, 0.0, 0.0, SEPP_WEIGHTS[-1]))
    return scores | _score(history, origins, horizon, ks, blends, sepp)


def _score(
    history: CellEvents,
    origins: FloatArray,
    horizon: float,
    ks: IntArray,
    options: list[AutoParams],
    sepp: SelfExciting | None,
) -> dict[AutoParams, float]:
    hits = np.zeros((len(options), len(ks)))
    events = 0.0
    for origin in origins:
        past = history.before(origin)
        observed = history.since(origin).before(origin + horizon).counts()
        events += float(observed.sum())
        parts = _parts(past, float(origin), horizon, options, sepp)
        for i, p in enumerate(options):
            hits[i] += captured(_mix(parts, p), observed, ks)
    rates = hits.mean(axis=1) / max(events, 1.0)
    return {p: float(r) for p, r in zip(options, rates, strict=True)}


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
