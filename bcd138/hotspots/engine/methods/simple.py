"""The field's baselines: naive counts, retrospective KDE, prospective
hotspotting (Bowers, Johnson & Pease 2004) and time-decayed space-time KDE.
None of them learns anything: `fit` does nothing."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bcd138.hotspots.engine.events import FloatArray
from bcd138.hotspots.engine.methods.base import (
    CellEvents,
    distance_squared,
    gaussian_kernel,
    quartic_kernel,
    smooth,
)


class _NoFit:
    def fit(
        self, history: CellEvents, *, start: float, end: float, horizon: float
    ) -> None:
        return None


@dataclass
class NaiveCounts(_NoFit):
    """Events per cell over all history, or over the last `window_days`."""

    name: str = "naive"
    window_days: float | None = None

    def predict(
        self, history: CellEvents, *, origin: float, horizon: float
    ) -> FloatArray:
        if self.window_days is not None:
            history = history.since(origin - self.window_days)
        return history.counts()


@dataclass
class RetrospectiveKde(_NoFit):
    """Quartic-kernel density of the events of the last `window_days` (binned
    to cells, then smoothed)."""

    name: str = "kde"
    window_days: float = 365.0
    bandwidth_m: float = 250.0

    def predict(
        self, history: CellEvents, *, origin: float, horizon: float
    ) -> FloatArray:
        recent = history.since(origin - self.window_days)
        kernel = quartic_kernel(self.bandwidth_m / history.grid.cell)
        return smooth(history.grid, recent.counts(), kernel)


@dataclass
class ProspectiveHotspotting(_NoFit):
    """Bowers, Johnson & Pease (2004): each event of the last `weeks` weeks adds
    1 / (1 + d) × 1 / (1 + w) to every cell within `radius_m`, d the distance in
    cell widths and w the event's age in whole weeks."""

    name: str = "promap"
    radius_m: float = 400.0
    weeks: int = 8

    def predict(
        self, history: CellEvents, *, origin: float, horizon: float
    ) -> FloatArray:
        recent = history.since(origin - 7.0 * self.weeks)
        age_weeks = np.floor((origin - recent.t) / 7.0)
        weights = 1.0 / (1.0 + age_weeks)
        return smooth(history.grid, recent.counts(weights), self._kernel(history))

    def _kernel(self, history: CellEvents) -> FloatArray:
        radius_cells = self.radius_m / history.grid.cell
        distance = np.sqrt(distance_squared(int(np.floor(radius_cells))))
        return np.where(distance <= radius_cells, 1.0 / (1.0 + distance), 0.0)


@dataclass
class SpaceTimeKde(_NoFit):
    """Gaussian kernel in space, exponential decay in time with time scale
    `decay_days`; events older than ten time scales are left out."""

    name: str = "stkde"
    decay_days: float = 30.0
    bandwidth_m: float = 150.0

    def predict(
        self, history: CellEvents, *, origin: float, horizon: float
    ) -> FloatArray:
        recent = history.since(origin - 10 * self.decay_days)
        weights = np.exp(-(origin - recent.t) / self.decay_days)
        kernel = gaussian_kernel(self.bandwidth_m / history.grid.cell)
        return smooth(history.grid, recent.counts(weights), kernel)
