"""UTM by Krüger's series, against known values and PROJ."""

import numpy as np
import pytest

from bcd138.hotspots.engine.errors import HotspotError
from bcd138.hotspots.engine.projection import (
    Projection,
    projection_choose,
    projection_parse,
    utm_zone_of,
)


def test_central_meridian_on_the_equator_is_the_false_origin() -> None:
    x, y = Projection(48).forward(np.array([0.0]), np.array([105.0]))
    assert x[0] == pytest.approx(500000.0, abs=1e-6)
    assert y[0] == pytest.approx(0.0, abs=1e-6)


def test_southern_zone_adds_the_false_northing() -> None:
    x, y = Projection(48, south=True).forward(np.array([-1.0]), np.array([105.0]))
    assert 9_800_000 < y[0] < 10_000_000
    assert x[0] == pytest.approx(500000.0)


def test_round_trip_is_exact_to_a_millimetre_across_the_zone() -> None:
    rng = np.random.default_rng(3)
    lat = rng.uniform(8.0, 23.5, 500)
    lon = rng.uniform(102.0, 114.0, 500)
    projection = Projection(49)
    x, y = projection.forward(lat, lon)
    back_lat, back_lon = projection.inverse(x, y)
    assert np.max(np.abs(back_lat - lat)) < 1e-8  # about a millimetre
    assert np.max(np.abs(back_lon - lon)) < 1e-8


def test_agrees_with_proj_within_a_millimetre() -> None:
    pyproj = pytest.importorskip("pyproj")  # installed with esda's dependencies
    lat = np.array([16.0544, 21.0285, 10.8231, 8.6, 23.3])
    lon = np.array([108.2022, 105.8542, 106.6297, 104.9, 105.3])
    for zone in (48, 49):
        ours = Projection(zone).forward(lat, lon)
        proj = pyproj.Transformer.from_crs(4326, 32600 + zone, always_xy=True)
        theirs = proj.transform(lon, lat)
        assert np.max(np.abs(np.asarray(ours) - np.asarray(theirs))) < 1e-3


def test_zone_is_chosen_from_the_median_point() -> None:
    assert utm_zone_of(16.05, 108.2) == Projection(49)
    assert utm_zone_of(21.0, 105.8) == Projection(48)
    lat, lon = np.array([16.0, 16.1, 16.2]), np.array([108.1, 108.2, 107.9])
    assert projection_choose(lat, lon) == Projection(49)


def test_points_too_far_apart_for_one_zone_are_refused() -> None:
    with pytest.raises(HotspotError, match="--projection"):
        projection_choose(np.array([16.0, 16.0, 40.0]), np.array([108.0, 108.2, 140.0]))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("auto", None),
        ("utm48n", Projection(48)),
        ("UTM 49N", Projection(49)),
        ("EPSG:32649", Projection(49)),
        ("epsg:32733", Projection(33, south=True)),
    ],
)
def test_projection_option_is_parsed(text: str, expected: Projection | None) -> None:
    assert projection_parse(text) == expected


@pytest.mark.parametrize("text", ["utm61n", "EPSG:4326", "lambert"])
def test_unknown_projection_names_the_option(text: str) -> None:
    with pytest.raises(HotspotError, match="--projection"):
        projection_parse(text)
