"""What every forecasting method shares: the events located in cells, the
interface, and spatial smoothing on the grid."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np
from scipy import fft

from bcd138.hotspots.engine.events import FloatArray, IntArray
from bcd138.hotspots.engine.grid import Grid

# FFT convolution leaves rounding noise of this relative size where the exact
# result is zero; zero cells must stay tied for the scoring's tie rule.
_NOISE = 1e-12


@dataclass(frozen=True)
class CellEvents:
    """Events inside the study area, sorted by time: each one's active cell and
    its time in days."""

    grid: Grid
    cell: IntArray
    t: FloatArray

    def __len__(self) -> int:
        return len(self.t)

    def before(self, time: float) -> CellEvents:
        """Only what was known at `time`: the events strictly before it."""
        end = int(np.searchsorted(self.t, time, side="left"))
        return CellEvents(self.grid, self.cell[:end], self.t[:end])

    def since(self, time: float) -> CellEvents:
        start = int(np.searchsorted(self.t, time, side="left"))
        return CellEvents(self.grid, self.cell[start:], self.t[start:])

    def counts(self, weights: FloatArray | None = None) -> FloatArray:
        return np.bincount(
            self.cell, weights=weights, minlength=self.grid.n_cells
        ).astype(np.float64)


class Forecaster(Protocol):
    """A method. `fit` sees the training events only, those in [start, end);
    `predict` sees the events before the origin only (the evaluator slices both)
    and returns a risk score per active cell for [origin, origin + horizon)."""

    name: str

    def fit(
        self, history: CellEvents, *, start: float, end: float, horizon: float
    ) -> None: ...

    def predict(
        self, history: CellEvents, *, origin: float, horizon: float
    ) -> FloatArray: ...


def smooth(grid: Grid, values: FloatArray, kernel: FloatArray) -> FloatArray:
    """Spread per-cell values over the grid with `kernel` (odd-sized, centred):
    out[c] = sum over offsets d of values[c - d] * kernel[d]."""
    if kernel.size == 1:
        return values * float(kernel.reshape(-1)[0])
    spread = convolve_same(grid.to_raster(values), kernel)
    out = grid.from_raster(spread)
    top = float(out.max(initial=0.0))
    out[out <= top * _NOISE] = 0.0
    return out


def convolve_same(raster: FloatArray, kernel: FloatArray) -> FloatArray:
    """2-D convolution by FFT, cropped to the raster ("same", kernel centred;
    kernel sides odd). scipy.fft rather than scipy.signal: the same transform,
    without seconds of imports."""
    ky, kx = kernel.shape
    shape = (raster.shape[0] + ky - 1, raster.shape[1] + kx - 1)
    fast = tuple(fft.next_fast_len(n, real=True) for n in shape)
    product = fft.rfft2(raster, fast) * fft.rfft2(kernel, fast)
    full = fft.irfft2(product, fast)
    top, left = ky // 2, kx // 2
    result: FloatArray = full[
        top : top + raster.shape[0], left : left + raster.shape[1]
    ]
    return result


def gaussian_kernel(bandwidth_cells: float) -> FloatArray:
    """A normalised Gaussian over ±3 bandwidths; the identity below 0.2 cells."""
    if bandwidth_cells < 0.2:
        return np.ones((1, 1))
    radius = int(np.ceil(3 * bandwidth_cells))
    offsets = np.arange(-radius, radius + 1, dtype=np.float64)
    one = np.exp(-0.5 * (offsets / bandwidth_cells) ** 2)
    kernel = np.outer(one, one)
    result: FloatArray = kernel / kernel.sum()
    return result


def quartic_kernel(bandwidth_cells: float) -> FloatArray:
    """The quartic (biweight) kernel (1 - d²/h²)² within radius h, normalised;
    the identity when h is under one cell."""
    if bandwidth_cells < 1:
        return np.ones((1, 1))
    d2 = distance_squared(int(np.floor(bandwidth_cells)))
    kernel = np.clip(1 - d2 / bandwidth_cells**2, 0, None) ** 2
    result: FloatArray = kernel / kernel.sum()
    return result


def distance_squared(radius: int) -> FloatArray:
    offsets = np.arange(-radius, radius + 1, dtype=np.float64)
    return offsets[:, None] ** 2 + offsets[None, :] ** 2
