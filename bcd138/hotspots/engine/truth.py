"""The oracle of a simulated process: the expected number of events in each cell
over [origin, origin + horizon), given every event before the origin.

Three parts: the background, integrated exactly over each cell; the direct near
repeats of past events, integrated exactly over time and over each cell (a
Gaussian's mass by the error function); and the repeats of events that happen
inside the period, by stepping the renewal equation through the period, with
the parents of those taken as uniform within their cell.
"""

from __future__ import annotations

import numpy as np
from scipy import special

from bcd138.hotspots.engine.events import FloatArray, IntArray
from bcd138.hotspots.engine.grid import Grid
from bcd138.hotspots.engine.methods.base import convolve_same
from bcd138.hotspots.engine.simulate import Model

_HISTORY_DECAYS = 30.0  # events older than 30 mean delays contribute < 1e-13


def _normal_cdf(z: FloatArray) -> FloatArray:
    result: FloatArray = 0.5 * (1.0 + special.erf(z / np.sqrt(2.0)))
    return result


def _cell_mass_1d(
    edges0: float, cell: float, count: int, centre: FloatArray, sigma: float
) -> FloatArray:
    """Mass of N(centre, sigma) in each of `count` cells along one axis:
    shape (len(centre), count)."""
    edges = edges0 + cell * np.arange(count + 1, dtype=np.float64)
    cdf = _normal_cdf((edges[None, :] - centre[:, None]) / sigma)
    result: FloatArray = np.diff(cdf, axis=1)
    return result


class TruthOracle:
    """Callable (origin, horizon) -> expected events per active cell."""

    def __init__(
        self, model: Model, grid: Grid, x: FloatArray, y: FloatArray, t: FloatArray
    ):
        order = np.argsort(t, kind="stable")
        self.model, self.grid = model, grid
        self.x, self.y, self.t = x[order], y[order], t[order]
        self.background = self._background_rate()
        self.kernel = self._cell_kernel()

    def __call__(self, origin: float, horizon: float) -> FloatArray:
        m = self.model
        a0 = self._first_generation_rate(origin)
        first = a0 * (1 - np.exp(-m.omega * horizon)) / m.omega
        cascade = self._cascade(a0, horizon)
        return self.grid.from_raster(self.background * horizon + first + cascade)

    def _background_rate(self) -> FloatArray:
        """Events per day in each raster cell."""
        g, m = self.grid, self.model
        xe = g.x0 + g.cell * np.arange(g.nx + 1)
        ye = g.y0 + g.cell * np.arange(g.ny + 1)
        wx = np.diff(np.clip(xe, m.x_min, m.x_min + m.size))
        wy = np.diff(np.clip(ye, m.y_min, m.y_min + m.size))
        rate = m.base_rate * np.outer(wy, wx) / m.size**2
        for s in m.hotspots:
            px = _cell_mass_1d(g.x0, g.cell, g.nx, np.array([s.x]), s.sigma)[0]
            py = _cell_mass_1d(g.y0, g.cell, g.ny, np.array([s.y]), s.sigma)[0]
            rate += s.rate * np.outer(py, px)
        return rate

    def _first_generation_rate(self, origin: float) -> FloatArray:
        """Σ_i θ ω e^{-ω (origin - t_i)} × (mass of event i's kernel in the cell)."""
        g, m = self.grid, self.model
        lo = np.searchsorted(self.t, origin - _HISTORY_DECAYS / m.omega)
        hi = np.searchsorted(self.t, origin, side="left")
        x, y, t = self.x[lo:hi], self.y[lo:hi], self.t[lo:hi]
        weight = m.theta * m.omega * np.exp(-m.omega * (origin - t))
        reach = int(np.ceil(5 * m.sigma / g.cell))
        col = np.floor((x - g.x0) / g.cell).astype(np.int64)
        row = np.floor((y - g.y0) / g.cell).astype(np.int64)
        rate = np.zeros(g.shape)
        cols = col[:, None] + np.arange(-reach, reach + 1)
        rows = row[:, None] + np.arange(-reach, reach + 1)
        px = _local_mass(x, cols, g.x0, g.cell, m.sigma)
        py = _local_mass(y, rows, g.y0, g.cell, m.sigma)
        mass = weight[:, None, None] * py[:, :, None] * px[:, None, :]
        r = np.broadcast_to(rows[:, :, None], mass.shape)
        c = np.broadcast_to(cols[:, None, :], mass.shape)
        inside = (r >= 0) & (r < g.ny) & (c >= 0) & (c < g.nx)
        np.add.at(rate, (r[inside], c[inside]), mass[inside])
        return rate

    def _cell_kernel(self) -> FloatArray:
        """Where the near repeat of an event placed uniformly in a cell lands."""
        g, m = self.grid, self.model
        reach = int(np.ceil(5 * m.sigma / g.cell))
        start = np.linspace(0.0, g.cell, 33)[:-1] + g.cell / 64
        one = _cell_mass_1d(-reach * g.cell, g.cell, 2 * reach + 1, start, m.sigma)
        profile = one.mean(axis=0)
        return np.outer(profile, profile)

    def _cascade(self, a0: FloatArray, horizon: float) -> FloatArray:
        """Expected events in the period that descend from events in the period.

        Z, their rate, solves dZ/ds = -ω Z + θ ω (K * r)(s) with r the rate of
        all events; over each short step the source is held constant and the
        step is integrated exactly."""
        m = self.model
        dt = min(horizon / 16, 0.1 / m.omega)
        steps = int(np.ceil(horizon / dt))
        dt = horizon / steps
        decay = np.exp(-m.omega * dt)
        within = dt - (1 - decay) / m.omega  # ∫ (1 - e^{-ω u}) du over the step
        z = np.zeros_like(a0)
        total = np.zeros_like(a0)
        for k in range(steps):
            rate = self.background + a0 * np.exp(-m.omega * (k + 0.5) * dt) + z
            source = m.theta * np.maximum(convolve_same(rate, self.kernel), 0.0)
            total += z * (1 - decay) / m.omega + source * within
            z = z * decay + source * (1 - decay)
        return total


def _local_mass(
    centre: FloatArray, index: IntArray, edge0: float, cell: float, sigma: float
) -> FloatArray:
    lower = edge0 + index * cell
    cdf_hi = _normal_cdf((lower + cell - centre[:, None]) / sigma)
    cdf_lo = _normal_cdf((lower - centre[:, None]) / sigma)
    result: FloatArray = cdf_hi - cdf_lo
    return result
