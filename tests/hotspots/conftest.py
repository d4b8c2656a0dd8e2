"""Fixtures for the hot-spot platform tests: crime reports written as rows (fast),
a scene of a year of events in a dozen communes of Đà Nẵng with a hot spot forming
in commune B over the last three weeks, and alerts written directly."""

from __future__ import annotations

import datetime
import itertools
import math
import random
from dataclasses import dataclass

import pytest
from django.utils import timezone

from bcd138.agencies.models import Agency, Role, User
from bcd138.hotspots.models import (
    Alert,
    AlertNote,
    AlertReason,
    NoteKind,
    Run,
    RunStatus,
    RunTrigger,
    Step,
)
from bcd138.intake.models import Channel, CrimeReport, CrimeType, ReportKind
from bcd138.places.models import Place
from tests.conftest import Personas, World, make_user
from tests.hotspots.ui_helpers import Stored, standing_office, store_results

_codes = itertools.count(1)


def add_report(
    world: World,
    *,
    place: Place,
    day: datetime.date,
    lat: float | None = None,
    lon: float | None = None,
    crime_type: str = CrimeType.THEFT,
    received_at: datetime.datetime | None = None,
    duplicate_of: CrimeReport | None = None,
    save: bool = True,
) -> CrimeReport:
    received = received_at or timezone.make_aware(
        datetime.datetime.combine(day, datetime.time(12, 0))
    )
    report = CrimeReport(
        tracking_code=f"T{next(_codes):07d}",
        secret_digest="0" * 64,
        kind=ReportKind.DENUNCIATION,
        channel=Channel.IN_PERSON,
        received_at=received,
        occurred_on=day,
        place=place,
        latitude=lat,
        longitude=lon,
        description="Mất trộm xe máy.",
        crime_type=crime_type,
        handling_agency=world.police,
        duplicate_of=duplicate_of,
    )
    if save:
        report.save()
    return report


def near(place: Place, east: float, north: float) -> tuple[float, float]:
    assert place.latitude is not None
    assert place.longitude is not None
    return (
        place.latitude + north / 111_320.0,
        place.longitude + east / (111_320.0 * math.cos(math.radians(place.latitude))),
    )


@dataclass
class Scene:
    world: World
    communes: list[Place]  # every one with a centroid, A and B last
    cutoff: datetime.datetime
    background: int
    forming: int


FORMING_WEEKS = (4, 7, 10)  # commune B's reports in each of the last three weeks


def build_scene(
    world: World,
    *,
    cutoff: datetime.datetime | None = None,
    background: int = 180,
    forming: bool = True,
    seed: int = 5,
) -> Scene:
    """A year of reports before `cutoff` spread over the communes of the
    province (EHSA needs many: its neighbourhoods are the 6 nearest), around two
    fixed spots each (one in five only at the commune), and (if
    `forming`) a hot spot forming in commune B around one spot."""
    cutoff = cutoff or timezone.now()
    today = timezone.localtime(cutoff).date()
    rng = random.Random(seed)  # noqa: S311  (test data)
    communes = list(
        Place.objects.current()
        .communes()
        .filter(current_province=world.province, latitude__isnull=False)
        .exclude(pk__in=[world.commune_a.pk, world.commune_b.pk])
        .order_by("code")
    )
    communes += [world.commune_a, world.commune_b]
    spots = {
        c.pk: [near(c, rng.uniform(-600, 600), rng.uniform(-600, 600)) for _ in "ab"]
        for c in communes
    }
    rows = []
    for i in range(background):
        place = communes[i % len(communes)]
        day = today - datetime.timedelta(days=1 + (i * 7919) % 364)
        if rng.random() < 0.2:
            lat, lon = None, None
        else:
            lat, lon = rng.choice(spots[place.pk])
            lat += rng.gauss(0, 0.0003)
            lon += rng.gauss(0, 0.0003)
        rows.append(
            add_report(world, place=place, day=day, lat=lat, lon=lon, save=False)
        )
    made = 0
    if forming:
        b = world.commune_b
        spot = near(b, 300.0, -200.0)
        for week, n in zip((3, 2, 1), FORMING_WEEKS, strict=True):
            for k in range(n):
                day = today - datetime.timedelta(days=7 * (week - 1) + 1 + k % 6)
                lat = spot[0] + rng.gauss(0, 0.0002)
                lon = spot[1] + rng.gauss(0, 0.0002)
                rows.append(
                    add_report(world, place=b, day=day, lat=lat, lon=lon, save=False)
                )
                made += 1
    CrimeReport.objects.bulk_create(rows)
    return Scene(world, communes, cutoff, background, made)


@pytest.fixture
def scene(world: World) -> Scene:
    return build_scene(world)


@dataclass
class People:
    standing: User  # standing office of the province
    leader: User  # committee leader
    provincial: User  # provincial police (sees, does not act)
    police_a: User  # commune police of A
    police_b: User  # commune police of B
    head_a: User  # unit head of A
    outsider: User  # standing office of another province (Hà Nội)
    no_role: User


@pytest.fixture
def people(world: World, personas: Personas) -> People:
    from bcd138.agencies import services as agencies
    from bcd138.agencies.models import AgencyKind
    from bcd138.core.access import SYSTEM

    hanoi = Place.objects.current().provinces().get(code="01")
    hanoi_police: Agency = agencies.agency_create(
        by=SYSTEM,
        name="Công an thành phố Hà Nội",
        kind=AgencyKind.PROVINCIAL_POLICE,
        place=hanoi,
    )
    return People(
        standing=make_user(
            "thuongtruc", Role.STANDING_OFFICE, world.police, world.province
        ),
        leader=make_user(
            "lanhdao", Role.COMMITTEE_LEADER, world.department, world.province
        ),
        provincial=personas.province_officer,
        police_a=personas.commune_a_officer,
        police_b=personas.commune_b_officer,
        head_a=make_user("truong.a", Role.UNIT_HEAD, world.police_a, world.commune_a),
        outsider=make_user("thuongtruc.hn", Role.STANDING_OFFICE, hanoi_police, hanoi),
        no_role=personas.no_role,
    )


def make_run(
    province: Place,
    *,
    cutoff: datetime.datetime | None = None,
    status: str = RunStatus.SUCCEEDED,
    crime_type: str = "",
    active_cells: int = 100,
) -> Run:
    now = timezone.now()
    return Run.objects.create(
        province=province,
        crime_type=crime_type,
        trigger=RunTrigger.MANUAL,
        status=status,
        started_at=now,
        finished_at=now,
        data_cutoff=cutoff or now,
        horizon_days=7,
        cell_metres=250,
        step=Step.WEEK,
        steps=12,
        active_cells=active_cells,
        parameters={"alert_top_ranks": 10},
    )


def make_alert(world: World, commune: Place, run: Run | None = None) -> Alert:
    run = run or make_run(world.province)
    now = timezone.now()
    alert = Alert.objects.create(
        province=world.province,
        commune=commune,
        reasons=[AlertReason.NEW_HOT],
        first_run=run,
        last_run=run,
        raised_at=now,
        updated_at=now,
        evidence={"refs": ["T0000001"]},
    )
    AlertNote.objects.create(alert=alert, kind=NoteKind.RAISED, run=run)
    return alert


@pytest.fixture
def standing(world: World) -> User:
    """An officer of the province's standing office (the pages' and API's tests)."""
    return standing_office(world)


@pytest.fixture
def stored(world: World) -> Stored:
    """A stored run with its cells, trends and alerts (no analysis run)."""
    return store_results(world)
