"""Small hand-made inputs for the engine's tests."""

from __future__ import annotations

import numpy as np

from bcd138.hotspots.engine.events import FloatArray, events_from_arrays
from bcd138.hotspots.engine.grid import Grid, grid_from_events
from bcd138.hotspots.engine.methods import CellEvents


def full_grid(nx: int, ny: int, cell: float = 100.0) -> Grid:
    """A grid whose every cell is active: one event at each cell centre."""
    cx, cy = np.meshgrid(np.arange(nx) + 0.5, np.arange(ny) + 0.5)
    x, y = cx.reshape(-1) * cell, cy.reshape(-1) * cell
    events = events_from_arrays(x, y, np.zeros(len(x)))
    return grid_from_events(events, cell=cell)


def cell_events(grid: Grid, cells: list[int], times: list[float]) -> CellEvents:
    order = np.argsort(times, kind="stable")
    return CellEvents(
        grid,
        np.asarray(cells, dtype=np.int64)[order],
        np.asarray(times, dtype=np.float64)[order],
    )


def at(grid: Grid, row: int, col: int) -> int:
    return int(grid.lookup[row * grid.nx + col])


def values(array: FloatArray) -> list[float]:
    return [round(float(v), 9) for v in array]
