"""De-duplication and the clipped grid."""

import numpy as np
import pytest

from bcd138.hotspots.engine.errors import HotspotError
from bcd138.hotspots.engine.events import Events, events_deduplicate, events_from_arrays
from bcd138.hotspots.engine.grid import grid_from_events, grid_from_polygon

from .helpers import at, full_grid

MINUTE = 1 / 1440


def _events(rows: list[tuple[float, float, float, int]]) -> Events:
    x, y, t, kind = (np.array(c) for c in zip(*rows, strict=True))
    return Events(x, y, t, kind.astype(np.int64), ("a", "b"))


def test_dedup_drops_rows_of_the_same_type_close_in_time_and_space() -> None:
    events = _events(
        [
            (0.0, 0.0, 10.0, 0),
            (3.0, 4.0, 10.0 + 0.5 * MINUTE, 0),  # 5 m, 30 s later: duplicate
            (0.0, 0.0, 10.0, 1),  # another type: kept
            (50.0, 0.0, 10.0, 0),  # 50 m away: kept
            (0.0, 0.0, 10.0 + 5 * MINUTE, 0),  # 5 minutes later: kept
        ]
    )
    kept, dropped = events_deduplicate(events, minutes=1.0, metres=10.0)
    assert dropped == 1
    assert len(kept) == 4
    assert np.all(np.diff(kept.t) >= 0)


def test_dedup_collapses_a_chain_to_its_first_row() -> None:
    events = _events([(0.0, 0.0, 1.0 + i * 0.9 * MINUTE, 0) for i in range(4)])
    kept, dropped = events_deduplicate(events, minutes=1.0, metres=1.0)
    assert (len(kept), dropped) == (1, 3)
    assert kept.t[0] == 1.0


def test_dedup_with_zero_tolerance_drops_exact_copies_only() -> None:
    events = _events([(1.0, 1.0, 5.0, 0), (1.0, 1.0, 5.0, 0), (1.0, 1.5, 5.0, 0)])
    kept, dropped = events_deduplicate(events, minutes=0.0, metres=0.0)
    assert (len(kept), dropped) == (2, 1)


def test_grid_from_a_window_keeps_the_cells_with_events() -> None:
    events = events_from_arrays(
        np.array([10.0, 15.0, 250.0, 420.0]),
        np.array([10.0, 12.0, 30.0, 330.0]),
        np.zeros(4),
    )
    grid = grid_from_events(events, cell=100.0)
    assert (grid.nx, grid.ny, grid.n_cells) == (5, 4, 3)
    cells = grid.cell_of(
        np.array([50.0, 250.0, 150.0, 999.0]), np.array([50.0, 50.0, 50.0, 0.0])
    )
    assert cells[0] == at(grid, 0, 0)
    assert cells[1] == at(grid, 0, 2)
    assert cells[2] == -1  # inside the raster, not in the study area
    assert cells[3] == -1  # outside the raster


def test_grid_from_an_empty_window_names_the_option() -> None:
    empty = events_from_arrays(np.array([]), np.array([]), np.array([]))
    with pytest.raises(HotspotError, match="--study-area-from"):
        grid_from_events(empty, cell=100.0)


def test_absurd_grid_is_refused_naming_the_cell_option() -> None:
    events = events_from_arrays(
        np.array([0.0, 100_000.0]), np.array([0.0, 100_000.0]), np.zeros(2)
    )
    with pytest.raises(HotspotError, match="--cell") as info:
        grid_from_events(events, cell=10.0, max_cells=1_000_000)
    assert "100,020,001 cells" in str(info.value)


def test_non_positive_cell_is_refused() -> None:
    events = events_from_arrays(np.array([0.0]), np.array([0.0]), np.zeros(1))
    with pytest.raises(HotspotError, match="--cell"):
        grid_from_events(events, cell=0.0)


def test_polygon_with_a_hole_keeps_the_cells_between_the_rings() -> None:
    outer = [(0.0, 0.0), (500.0, 0.0), (500.0, 500.0), (0.0, 500.0)]
    hole = [(200.0, 200.0), (300.0, 200.0), (300.0, 300.0), (200.0, 300.0)]
    grid = grid_from_polygon([outer, hole], cell=100.0)
    assert grid.n_cells == 24
    assert grid.cell_of(np.array([250.0]), np.array([250.0]))[0] == -1
    assert grid.cell_of(np.array([50.0]), np.array([450.0]))[0] >= 0


def test_triangle_keeps_cells_whose_centre_is_inside() -> None:
    grid = grid_from_polygon([[(0.0, 0.0), (400.0, 0.0), (0.0, 400.0)]], cell=100.0)
    # Centres (i + 0.5, j + 0.5) * 100 with i + j + 1 < 4.
    assert grid.n_cells == 6


def test_polygon_without_cells_is_an_empty_study_area() -> None:
    with pytest.raises(HotspotError, match="no cells"):
        grid_from_polygon([[(0.0, 0.0), (10.0, 0.0), (0.0, 10.0)]], cell=100.0)


def test_neighbours_are_queens_contiguity_within_the_study_area() -> None:
    grid = full_grid(4, 3)
    adjacency = grid.neighbours()
    degree = np.asarray(adjacency.sum(axis=1)).reshape(-1)
    assert degree[at(grid, 1, 1)] == 8
    assert degree[at(grid, 0, 0)] == 3
    assert degree[at(grid, 0, 1)] == 5
    assert (adjacency != adjacency.T).nnz == 0
