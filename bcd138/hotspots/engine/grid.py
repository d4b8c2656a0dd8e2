"""A grid of square cells clipped to a study area.

The grid is a bounding raster (rows × columns, cell `cell` metres) of which only
the study area's cells are *active*: methods score active cells only, and
events outside them are outside the study area. Clipping comes first because
empty surroundings make everything inside look hot.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise

import numpy as np
from scipy import sparse

from bcd138.hotspots.engine.errors import HotspotError
from bcd138.hotspots.engine.events import BoolArray, Events, FloatArray, IntArray

# Raster cells, not active cells: each method holds a few float rasters of this
# size, and a larger one means a cell size far too small for the area.
MAX_RASTER_CELLS = 5_000_000

Ring = Sequence[tuple[float, float]]


@dataclass(frozen=True)
class Grid:
    x0: float
    y0: float
    cell: float
    nx: int
    ny: int
    active: IntArray  # flat raster indices (row * nx + column) of the study area
    lookup: IntArray = field(repr=False)  # raster index -> active index, or -1

    @property
    def n_cells(self) -> int:
        return len(self.active)

    @property
    def shape(self) -> tuple[int, int]:
        return self.ny, self.nx

    def cell_of(self, x: FloatArray, y: FloatArray) -> IntArray:
        """The active index of each point, -1 outside the study area."""
        col = np.floor((x - self.x0) / self.cell).astype(np.int64)
        row = np.floor((y - self.y0) / self.cell).astype(np.int64)
        inside = (col >= 0) & (col < self.nx) & (row >= 0) & (row < self.ny)
        result = np.full(len(x), -1, dtype=np.int64)
        result[inside] = self.lookup[row[inside] * self.nx + col[inside]]
        return result

    def rows_cols(self) -> tuple[IntArray, IntArray]:
        return self.active // self.nx, self.active % self.nx

    def centres(self) -> tuple[FloatArray, FloatArray]:
        rows, cols = self.rows_cols()
        x = self.x0 + (cols + 0.5).astype(np.float64) * self.cell
        return x, self.y0 + (rows + 0.5).astype(np.float64) * self.cell

    def to_raster(self, values: FloatArray) -> FloatArray:
        raster = np.zeros(self.nx * self.ny, dtype=np.float64)
        raster[self.active] = values
        return raster.reshape(self.shape)

    def from_raster(self, raster: FloatArray) -> FloatArray:
        return raster.reshape(-1)[self.active]

    def neighbours(self, radius: int = 1) -> sparse.csr_array:
        """Binary adjacency of active cells within `radius` cells (queen's
        contiguity for 1), without the cell itself."""
        rows, cols = self.rows_cols()
        sources, targets = [], []
        for dy in range(-radius, radius + 1):
            for dx in range(-radius, radius + 1):
                if dx == 0 and dy == 0:
                    continue
                target = self.neighbour_index(rows, cols, dy, dx)
                ok = target >= 0
                sources.append(np.flatnonzero(ok))
                targets.append(target[ok])
        i, j = np.concatenate(sources), np.concatenate(targets)
        data = np.ones(len(i), dtype=np.float64)
        return sparse.csr_array((data, (i, j)), shape=(self.n_cells, self.n_cells))

    def neighbour_index(
        self, rows: IntArray, cols: IntArray, dy: int, dx: int
    ) -> IntArray:
        """Active index of the cell at (row + dy, col + dx), -1 if none."""
        r, c = rows + dy, cols + dx
        inside = (r >= 0) & (r < self.ny) & (c >= 0) & (c < self.nx)
        result = np.full(len(rows), -1, dtype=np.int64)
        result[inside] = self.lookup[r[inside] * self.nx + c[inside]]
        return result


def _raster(
    xmin: float, ymin: float, xmax: float, ymax: float, cell: float, max_cells: int
) -> tuple[float, float, int, int]:
    if not cell > 0:
        raise HotspotError(f"--cell must be a positive number of metres, not {cell}")
    x0, y0 = math.floor(xmin / cell) * cell, math.floor(ymin / cell) * cell
    nx = math.floor((xmax - x0) / cell) + 1
    ny = math.floor((ymax - y0) / cell) + 1
    if nx * ny > max_cells:
        raise HotspotError(
            f"a {cell:g} m cell over {(xmax - xmin) / 1000:.1f} km × "
            f"{(ymax - ymin) / 1000:.1f} km makes {nx * ny:,} cells (limit "
            f"{max_cells:,}): choose a larger --cell or a smaller study area"
        )
    return x0, y0, nx, ny


def _grid(x0: float, y0: float, cell: float, nx: int, ny: int, mask: BoolArray) -> Grid:
    active = np.flatnonzero(mask.reshape(-1)).astype(np.int64)
    lookup = np.full(nx * ny, -1, dtype=np.int64)
    lookup[active] = np.arange(len(active), dtype=np.int64)
    return Grid(x0, y0, cell, nx, ny, active, lookup)


def grid_from_events(
    events: Events, *, cell: float, max_cells: int = MAX_RASTER_CELLS
) -> Grid:
    """The cells holding at least one of `events` (e.g. those of a window)."""
    if len(events) == 0:
        raise HotspotError(
            "the study area has no cells: no events in the window that defines it "
            "(--study-area-from)"
        )
    x0, y0, nx, ny = _raster(
        float(events.x.min()),
        float(events.y.min()),
        float(events.x.max()),
        float(events.y.max()),
        cell,
        max_cells,
    )
    col = np.floor((events.x - x0) / cell).astype(np.int64)
    row = np.floor((events.y - y0) / cell).astype(np.int64)
    mask = np.zeros(nx * ny, dtype=np.bool_)
    mask[row * nx + col] = True
    return _grid(x0, y0, cell, nx, ny, mask)


def grid_from_polygon(
    rings: Sequence[Ring], *, cell: float, max_cells: int = MAX_RASTER_CELLS
) -> Grid:
    """The cells whose centre lies inside the polygon(s), by the even-odd rule
    over all rings (outer rings and holes alike), in projected metres."""
    points = np.array([p for ring in rings for p in ring], dtype=np.float64)
    if points.size == 0:
        raise HotspotError("the study-area polygon has no points")
    (xmin, ymin), (xmax, ymax) = points.min(axis=0), points.max(axis=0)
    x0, y0, nx, ny = _raster(xmin, ymin, xmax, ymax, cell, max_cells)
    cx = x0 + (np.arange(nx, dtype=np.float64) + 0.5) * cell
    cy = y0 + (np.arange(ny, dtype=np.float64) + 0.5) * cell
    inside = np.zeros((ny, nx), dtype=np.bool_)
    for ring in rings:
        _flip_inside_ring(inside, cx, cy, np.asarray(ring, dtype=np.float64))
    if not inside.any():
        raise HotspotError(
            f"the study area has no cells: no {cell:g} m cell has its centre inside "
            "the polygon"
        )
    return _grid(x0, y0, cell, nx, ny, inside)


def _flip_inside_ring(
    inside: BoolArray, cx: FloatArray, cy: FloatArray, ring: FloatArray
) -> None:
    """Ray casting to the east, one edge at a time: each edge flips the cells of
    the rows it crosses that lie west of it (cost: rows crossed × columns)."""
    closed = np.vstack([ring, ring[:1]])
    for (xa, ya), (xb, yb) in pairwise(closed):
        if ya == yb:
            continue
        lo, hi = np.searchsorted(cy, [min(ya, yb), max(ya, yb)])
        rows = cy[lo:hi]
        x_at = xa + (rows - ya) * (xb - xa) / (yb - ya)
        inside[lo:hi] ^= cx[None, :] < x_at[:, None]
