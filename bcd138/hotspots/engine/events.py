"""Events as arrays, and their de-duplication.

Times are days since 1970-01-01 as float64, taken on the local wall clock (the
data's own time zone), so that whole days are the local calendar days.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]


@dataclass(frozen=True)
class Events:
    """Points in projected metres (x east, y north), their time in days and a
    type code (an index into `kinds`)."""

    x: FloatArray
    y: FloatArray
    t: FloatArray
    kind: IntArray
    kinds: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        sizes = {len(self.x), len(self.y), len(self.t), len(self.kind)}
        if len(sizes) != 1:
            raise ValueError("x, y, t and kind must have the same length")

    def __len__(self) -> int:
        return len(self.t)

    def take(self, index: IntArray | BoolArray) -> Events:
        return Events(
            self.x[index], self.y[index], self.t[index], self.kind[index], self.kinds
        )

    def sorted_by_time(self) -> Events:
        return self.take(np.argsort(self.t, kind="stable").astype(np.int64))

    def between(self, start: float, end: float) -> Events:
        """Events with start <= t < end (any order)."""
        return self.take((self.t >= start) & (self.t < end))


def events_from_arrays(
    x: FloatArray, y: FloatArray, t: FloatArray, kind: IntArray | None = None
) -> Events:
    """Events of a single type from plain arrays (tests, the simulator)."""
    codes = np.zeros(len(t), dtype=np.int64) if kind is None else kind
    return Events(
        np.asarray(x, dtype=np.float64),
        np.asarray(y, dtype=np.float64),
        np.asarray(t, dtype=np.float64),
        np.asarray(codes, dtype=np.int64),
    )


def events_deduplicate(
    events: Events, *, minutes: float, metres: float
) -> tuple[Events, int]:
    """Drop every event that has an earlier row of the same type within both
    `minutes` and `metres` (one incident recorded as several offence rows).

    Returns the kept events, sorted by time, and how many were dropped. A chain
    of rows each close to the previous one collapses to its first row.
    """
    order = np.lexsort((events.t, events.kind))
    x, y, t, kind = (a[order] for a in (events.x, events.y, events.t, events.kind))
    tolerance_days = minutes / 1440.0
    duplicate = np.zeros(len(t), dtype=np.bool_)
    lag = 1
    while lag < len(t):
        same = kind[lag:] == kind[:-lag]
        close_in_time = same & (t[lag:] - t[:-lag] <= tolerance_days)
        if not close_in_time.any():
            break  # sorted by time within a type: larger lags are further apart
        near = np.hypot(x[lag:] - x[:-lag], y[lag:] - y[:-lag]) <= metres
        duplicate[lag:] |= close_in_time & near
        lag += 1
    kept = events.take(order[~duplicate].astype(np.int64)).sorted_by_time()
    return kept, int(duplicate.sum())
