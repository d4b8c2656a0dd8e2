"""The demo's places where things happen, its forming hot spot and its runs."""

from __future__ import annotations

import datetime
import math
import random

import pytest
from django.utils import timezone

from bcd138.demo import hotspots as demo
from bcd138.hotspots.models import Alert, Run, RunStatus, RunTrigger
from bcd138.places.models import Place
from tests.conftest import World
from tests.hotspots.conftest import Scene

pytestmark = pytest.mark.django_db


def _metres(a: tuple[float, float], b: tuple[float, float]) -> float:
    dy = (a[0] - b[0]) * 111_320
    dx = (a[1] - b[1]) * 111_320 * math.cos(math.radians(a[0]))
    return math.hypot(dx, dy)


def test_places_where_things_happen_are_fixed_per_commune(world: World) -> None:
    a = world.commune_a
    assert a.latitude is not None
    assert a.longitude is not None
    spots = demo.commune_spots(a)
    assert spots == demo.commune_spots(a)
    assert 3 <= len(spots) <= 5
    for lat, lon, _weight in spots:
        assert 140 < _metres((lat, lon), (a.latitude, a.longitude)) < 810
    rng = random.Random(1)  # noqa: S311  (test data)
    points = [demo.scatter(rng, a) for _ in range(400)]
    centroid_only = sum(1 for p in points if p == (None, None))
    assert 40 < centroid_only < 130  # about one in five
    legacy = Place.objects.legacy().communes().filter(current_commune=a).first()
    assert legacy is not None
    lat, lon = demo.scatter(random.Random(2), legacy)  # noqa: S311
    if lat is not None and lon is not None:
        near = min(_metres((lat, lon), (s[0], s[1])) for s in spots)
        assert near < 300  # today's commune's places


def test_the_forming_hot_spot_grows_each_week() -> None:
    now = timezone.now()
    times = demo.forming_plan(random.Random(3), 21, now)  # noqa: S311
    assert len(times) == 21
    assert all(t < now for t in times)
    weeks = [sum(1 for t in times if (now - t).days // 7 == w) for w in (2, 1, 0)]
    assert sum(weeks) == 21
    assert weeks[0] < weeks[1] < weeks[2]
    assert demo.forming_count(480) == 21
    assert demo.forming_count(150) < 10


def test_the_demo_runs_past_cut_offs_then_today_once(scene: Scene) -> None:
    province = scene.world.province
    runs = demo.demo_hotspots_load(province=province)
    assert [r.status for r in runs] == [RunStatus.SUCCEEDED] * 3
    assert all(r.trigger == RunTrigger.DEMO for r in runs)
    cutoffs = [r.data_cutoff for r in runs]
    assert cutoffs == sorted(cutoffs)
    assert cutoffs[-1] - cutoffs[0] == datetime.timedelta(days=14)
    alert = Alert.objects.open().get(commune=scene.world.commune_b)
    assert alert.last_run_id == runs[-1].pk
    assert alert.repeats >= 1  # raised at a past cut-off, repeated since
    assert demo.demo_hotspots_load(province=province) == []
    assert Run.objects.count() == 3


def test_a_demo_officer_works_in_the_commune_where_the_hot_spot_forms() -> None:
    from bcd138.agencies.models import Role
    from bcd138.demo import data

    officers = [
        username
        for username, _name, role, _agency, commune, _staff in data.DEMO_USERS
        if role == Role.COMMUNE_POLICE and commune == demo.FORMING_COMMUNE
    ]
    assert officers == ["ca.hoian"]
