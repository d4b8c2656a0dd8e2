"""Latitude/longitude (WGS 84) to metres: Universal Transverse Mercator.

The transverse Mercator is computed with Krüger's series to the third order in
the third flattening n (Karney 2011, eq. 35-36), accurate to about a millimetre
within a zone; no projection library is needed for one zone's worth of points.
The zone is chosen from the events' median longitude unless one is given.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np

from bcd138.hotspots.engine.errors import HotspotError
from bcd138.hotspots.engine.events import FloatArray

A_AXIS = 6378137.0
FLATTENING = 1 / 298.257223563
K0 = 0.9996
FALSE_EASTING = 500000.0
FALSE_NORTHING_SOUTH = 10000000.0
# Farther than this from the central meridian, one zone distorts distances by
# more than about 2% and the grid's square cells stop being square on the ground.
MAX_DEGREES_FROM_MERIDIAN = 12.0

_N = FLATTENING / (2 - FLATTENING)
_RECTIFYING = A_AXIS / (1 + _N) * (1 + _N**2 / 4 + _N**4 / 64)
_ALPHA = (
    _N / 2 - 2 * _N**2 / 3 + 5 * _N**3 / 16,
    13 * _N**2 / 48 - 3 * _N**3 / 5,
    61 * _N**3 / 240,
)
_BETA = (
    _N / 2 - 2 * _N**2 / 3 + 37 * _N**3 / 96,
    _N**2 / 48 + _N**3 / 15,
    17 * _N**3 / 480,
)
_DELTA = (
    2 * _N - 2 * _N**2 / 3 - 2 * _N**3,
    7 * _N**2 / 3 - 8 * _N**3 / 5,
    56 * _N**3 / 15,
)
_E2N = 2 * math.sqrt(_N) / (1 + _N)


@dataclass(frozen=True)
class Projection:
    """One UTM zone (1-60), north or south."""

    zone: int
    south: bool = False

    @property
    def name(self) -> str:
        return f"UTM {self.zone}{'S' if self.south else 'N'}"

    @property
    def epsg(self) -> int:
        return (32700 if self.south else 32600) + self.zone

    @property
    def central_meridian(self) -> float:
        return -183.0 + 6.0 * self.zone

    def forward(
        self, lat: FloatArray, lon: FloatArray
    ) -> tuple[FloatArray, FloatArray]:
        """Degrees to (easting, northing) in metres."""
        phi = np.radians(lat)
        dlam = np.radians(lon - self.central_meridian)
        t = np.sinh(np.arctanh(np.sin(phi)) - _E2N * np.arctanh(_E2N * np.sin(phi)))
        xi = np.arctan2(t, np.cos(dlam))
        eta = np.arctanh(np.sin(dlam) / np.sqrt(1 + t**2))
        east, north = eta.copy(), xi.copy()
        for j, alpha in enumerate(_ALPHA, start=1):
            east += alpha * np.cos(2 * j * xi) * np.sinh(2 * j * eta)
            north += alpha * np.sin(2 * j * xi) * np.cosh(2 * j * eta)
        false_northing = FALSE_NORTHING_SOUTH if self.south else 0.0
        x = FALSE_EASTING + K0 * _RECTIFYING * east
        return x, false_northing + K0 * _RECTIFYING * north

    def inverse(self, x: FloatArray, y: FloatArray) -> tuple[FloatArray, FloatArray]:
        """(easting, northing) in metres to degrees (latitude, longitude)."""
        false_northing = FALSE_NORTHING_SOUTH if self.south else 0.0
        xi = (y - false_northing) / (K0 * _RECTIFYING)
        eta = (x - FALSE_EASTING) / (K0 * _RECTIFYING)
        xi1, eta1 = xi.copy(), eta.copy()
        for j, beta in enumerate(_BETA, start=1):
            xi1 -= beta * np.sin(2 * j * xi) * np.cosh(2 * j * eta)
            eta1 -= beta * np.cos(2 * j * xi) * np.sinh(2 * j * eta)
        chi = np.arcsin(np.sin(xi1) / np.cosh(eta1))
        phi = chi.copy()
        for j, delta in enumerate(_DELTA, start=1):
            phi += delta * np.sin(2 * j * chi)
        lon = self.central_meridian + np.degrees(np.arctan2(np.sinh(eta1), np.cos(xi1)))
        return np.degrees(phi), lon


def utm_zone_of(lat: float, lon: float) -> Projection:
    """The standard zone of a point (without the Norway/Svalbard exceptions)."""
    zone = min(math.floor((lon + 180.0) / 6.0) + 1, 60)
    return Projection(zone=zone, south=lat < 0)


def projection_choose(lat: FloatArray, lon: FloatArray) -> Projection:
    """The zone of the median point, refused when the points spread too far."""
    chosen = utm_zone_of(float(np.median(lat)), float(np.median(lon)))
    projection_check(chosen, lon)
    return chosen


def projection_check(projection: Projection, lon: FloatArray) -> None:
    if len(lon) == 0:
        return
    spread = float(np.max(np.abs(lon - projection.central_meridian)))
    if spread > MAX_DEGREES_FROM_MERIDIAN:
        raise HotspotError(
            f"events lie up to {spread:.1f}° of longitude from the central meridian "
            f"of {projection.name}: one projection would distort distances; split "
            "the file by region or give --projection"
        )


def projection_parse(text: str) -> Projection | None:
    """`auto` (None), `utm48n`/`UTM 48N`, or `EPSG:32648`."""
    value = text.strip().lower().replace(" ", "")
    if value == "auto":
        return None
    if match := re.fullmatch(r"utm(\d{1,2})([ns])", value):
        zone, south = int(match[1]), match[2] == "s"
    elif match := re.fullmatch(r"epsg:32([67])(\d{2})", value):
        zone, south = int(match[2]), match[1] == "7"
    else:
        zone, south = 0, False
    if not 1 <= zone <= 60:
        raise HotspotError(
            f"--projection {text!r} is not understood: use auto, a UTM zone such as "
            "utm48n, or EPSG:326ZZ / EPSG:327ZZ"
        )
    return Projection(zone=zone, south=south)
