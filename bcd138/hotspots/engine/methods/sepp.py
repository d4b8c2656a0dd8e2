"""A grid self-exciting point process fitted by EM (Mohler et al. 2011, 2015;
Veen & Schoenberg 2008).

The intensity in cell c at time t is

    λ_c(t) = μ_c + θ Σ_{j: t_j < t, t - t_j ≤ L} ω e^{-ω (t - t_j)} g(c - c_j)

with μ_c a constant background rate per cell, θ the mean number of events an
event triggers (within L days), ω the decay rate and g a free-form probability
over the (2r + 1)² cell offsets around the triggering event's cell: the trigger
reaches the neighbouring cells, which a per-cell ETAS cannot see (near repeats
cross cell borders). The E-step shares each event between the background and
every earlier event within reach; the M-step re-estimates μ, θ, ω and g from the
shares, with the compensator's edge terms for events close to the end.

A free background rate per cell over-fits sparse cells (a cell's own events
explain themselves as background, and θ comes out too low); the `SelfExciting`
method therefore smooths the background's share in each M-step with a Gaussian
of `background_bandwidth_cells` (EMS, the smoothed EM of Silverman, Jones,
Wilson & Nychka 1990). With bandwidth 0 it is the plain EM, whose likelihood
never decreases.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from bcd138.hotspots.engine.events import FloatArray, IntArray
from bcd138.hotspots.engine.grid import Grid
from bcd138.hotspots.engine.methods.base import CellEvents, gaussian_kernel, smooth

MAX_BRANCHING = 0.95  # an explosive process cannot be fitted or forecast


@dataclass(frozen=True)
class Pairs:
    """Every (child, parent) pair within reach: indices into the events, the
    time lag in days and the offset index into the trigger kernel."""

    child: IntArray
    parent: IntArray
    lag: FloatArray
    offset: IntArray


@dataclass(frozen=True)
class SeppFit:
    mu: FloatArray  # background events per day per active cell
    theta: float
    omega: float
    trigger: FloatArray  # (2r + 1, 2r + 1), sums to 1
    loglik: tuple[float, ...]  # after each iteration (never decreases)


@dataclass
class SelfExciting:
    name: str = "sepp"
    radius_cells: int = 2
    max_lag_days: float = 60.0
    iterations: int = 100
    tolerance: float = 1e-6
    background_bandwidth_cells: float = 0.75
    window_days: float = 365.0  # fit on the last year of the training events
    fitted: SeppFit | None = field(default=None, repr=False)

    def fit(
        self, history: CellEvents, *, start: float, end: float, horizon: float
    ) -> None:
        start = max(start, end - self.window_days)
        self.fitted = sepp_fit(
            history.since(start).before(end),
            start=start,
            end=end,
            radius=self.radius_cells,
            max_lag=self.max_lag_days,
            iterations=self.iterations,
            tolerance=self.tolerance,
            background_bandwidth=self.background_bandwidth_cells,
        )

    def predict(
        self, history: CellEvents, *, origin: float, horizon: float
    ) -> FloatArray:
        if self.fitted is None:
            raise RuntimeError("fit the model before forecasting")
        return sepp_expected(
            self.fitted,
            history,
            origin=origin,
            horizon=horizon,
            max_lag=self.max_lag_days,
        )


def sepp_expected(
    fit: SeppFit, history: CellEvents, *, origin: float, horizon: float, max_lag: float
) -> FloatArray:
    """Expected events per cell in [origin, origin + horizon) from the background
    and the direct offspring of the events before the origin."""
    recent = history.since(origin - max_lag)
    age = origin - recent.t
    end_age = np.minimum(age + horizon, max_lag)
    mass = fit.theta * (np.exp(-fit.omega * age) - np.exp(-fit.omega * end_age))
    triggered = smooth(history.grid, recent.counts(mass), fit.trigger)
    return fit.mu * horizon + triggered


def sepp_pairs(events: CellEvents, *, radius: int, max_lag: float) -> Pairs:
    """Pairs by offset: for each offset, the parents of each event are a slice
    of the events sorted by (cell, time), found by binary search."""
    grid, cell, t = events.grid, events.cell, events.t
    order = np.lexsort((t, cell))
    t0 = float(t.min(initial=0.0))
    span = float(t.max(initial=0.0)) - t0 + max_lag + 1.0
    key = cell[order] * span + (t[order] - t0)
    rows, cols = grid.active[cell] // grid.nx, grid.active[cell] % grid.nx
    parts: list[tuple[IntArray, IntArray, int]] = []
    for k, (dy, dx) in enumerate(_offsets(radius)):
        source = grid.neighbour_index(rows, cols, -dy, -dx)
        child = np.flatnonzero(source >= 0)
        base = source[child] * span + (t[child] - t0)
        hi = np.searchsorted(key, base, side="left")
        lo = np.searchsorted(key, base - max_lag, side="left")
        parts.append((*_expand(child, lo, hi, order), k))
    child = np.concatenate([p[0] for p in parts])
    parent = np.concatenate([p[1] for p in parts])
    offset = np.concatenate([np.full(len(p[0]), p[2], dtype=np.int64) for p in parts])
    return Pairs(child, parent, t[child] - t[parent], offset)


def _offsets(radius: int) -> list[tuple[int, int]]:
    """Offsets in the row-major order of the trigger kernel's cells."""
    span = range(-radius, radius + 1)
    return [(dy, dx) for dy in span for dx in span]


def _expand(
    child: IntArray, lo: IntArray, hi: IntArray, order: IntArray
) -> tuple[IntArray, IntArray]:
    """Each child repeated once per parent in its slice [lo, hi) of `order`."""
    n = hi - lo
    children = np.repeat(child, n)
    within = np.arange(int(n.sum())) - np.repeat(np.cumsum(n) - n, n)
    return children, order[np.repeat(lo, n) + within]


def sepp_fit(
    events: CellEvents,
    *,
    start: float,
    end: float,
    radius: int = 2,
    max_lag: float = 60.0,
    iterations: int = 100,
    tolerance: float = 1e-6,
    background_bandwidth: float = 0.0,
) -> SeppFit:
    pairs = sepp_pairs(events, radius=radius, max_lag=max_lag)
    duration = max(end - start, 1.0)
    reach = np.minimum(end - events.t, max_lag)  # each parent's observed window
    state = _initial(events.grid, events.counts(), duration, radius)
    kernel = gaussian_kernel(background_bandwidth)
    history: list[float] = []
    for _ in range(iterations):
        shares, loglik = _e_step(state, events.cell, pairs, reach, duration)
        history.append(loglik)
        state = _m_step(state, events, pairs, shares, reach, duration, kernel)
        if len(history) > 1 and abs(history[-1] - history[-2]) <= tolerance * abs(
            history[-1]
        ):
            break
    return SeppFit(state.mu, state.theta, state.omega, state.trigger, tuple(history))


@dataclass(frozen=True)
class _State:
    mu: FloatArray
    theta: float
    omega: float
    trigger: FloatArray


@dataclass(frozen=True)
class _Shares:
    background: FloatArray  # per event
    pair: FloatArray  # per pair


def _initial(grid: Grid, counts: FloatArray, duration: float, radius: int) -> _State:
    offsets = np.arange(-radius, radius + 1, dtype=np.float64)
    trigger = 1.0 / (1.0 + offsets[:, None] ** 2 + offsets[None, :] ** 2)
    return _State(counts / duration * 0.5, 0.3, 1 / 7, trigger / trigger.sum())


def _e_step(
    state: _State, cell: IntArray, pairs: Pairs, reach: FloatArray, duration: float
) -> tuple[_Shares, float]:
    triggered = (
        state.theta
        * state.omega
        * np.exp(-state.omega * pairs.lag)
        * state.trigger.reshape(-1)[pairs.offset]
    )
    background = state.mu[cell]
    intensity = background + np.bincount(pairs.child, triggered, minlength=len(cell))
    intensity = np.maximum(intensity, 1e-300)
    compensator = state.mu.sum() * duration + state.theta * float(
        np.sum(1 - np.exp(-state.omega * reach))
    )
    loglik = float(np.sum(np.log(intensity))) - compensator
    shares = _Shares(background / intensity, triggered / intensity[pairs.child])
    return shares, loglik


def _m_step(
    state: _State,
    events: CellEvents,
    pairs: Pairs,
    shares: _Shares,
    reach: FloatArray,
    duration: float,
    background_kernel: FloatArray,
) -> _State:
    mu = smooth(events.grid, events.counts(shares.background), background_kernel)
    mu /= duration
    offspring = float(shares.pair.sum())
    if offspring <= 0:
        return _State(mu, 0.0, state.omega, state.trigger)
    decay = np.exp(-state.omega * reach)
    theta = min(offspring / float(np.sum(1 - decay)), MAX_BRANCHING)
    # The truncated window and the end of the data shorten each parent's
    # observed offspring period: their term keeps ω from being overestimated.
    exposure = float(np.sum(shares.pair * pairs.lag)) + theta * float(
        np.sum(reach * decay)
    )
    omega = float(np.clip(offspring / max(exposure, 1e-12), 1e-3, 50.0))
    by_offset = np.bincount(pairs.offset, shares.pair, minlength=state.trigger.size)
    trigger = (by_offset + 1e-6).reshape(state.trigger.shape)
    return _State(mu, theta, omega, trigger / trigger.sum())
