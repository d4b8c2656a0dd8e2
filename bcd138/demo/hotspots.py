"""Where the demo's events happen, and the demo's hot-spot analysis.

Every commune has a few fixed "places where things happen" (a market, the bus
station, a beach, a night street…): points a few hundred metres from its centroid,
the same for a given commune code. A demo report or direct case is placed near
one of them (a few tens of metres of scatter), or, one time in five, only at the
commune (no coordinates: the analysis puts it at the centroid and says so).

A hot spot is forming in Hội An: snatch thefts and pickpocketing around the night
market and the old town's bridge, more each week over the last three weeks
(`forming_plan`). The analysis then runs for the demo province at two past weekly
cut-offs and today, so that the demo has a history, top forecast cells and an
open alert that was raised and then repeated.
"""

from __future__ import annotations

import datetime
import logging
import math
import random

from django.utils import timezone

from bcd138.hotspots.models import Run, RunStatus, RunTrigger
from bcd138.hotspots.services.runs import run_province
from bcd138.places.models import Place

logger = logging.getLogger(__name__)

FORMING_COMMUNE = "Hội An"
FORMING_MAX = 21  # reports of the forming hot spot in the full demo (480 reports)
# Share of the forming reports in each of the last three weeks, oldest first.
FORMING_WEEKS = (4, 7, 10)
# The forming hot spot's two places, metres east and north of the centroid.
FORMING_SPOTS = ((-260.0, -180.0), (140.0, -320.0))
CENTROID_ONLY = 0.2  # share of events known only by their commune
SCATTER_METRES = 45.0
PAST_CUTOFFS = (14, 7)  # days before today, then today
METRES_PER_DEGREE = 111_320.0


def _offset(lat: float, lon: float, east: float, north: float) -> tuple[float, float]:
    return (
        lat + north / METRES_PER_DEGREE,
        lon + east / (METRES_PER_DEGREE * math.cos(math.radians(lat))),
    )


def commune_spots(commune: Place) -> list[tuple[float, float, float]]:
    """The commune's places where things happen: (lat, lon, weight), fixed by
    its code; empty when the commune has no centroid."""
    if commune.latitude is None or commune.longitude is None:
        return []
    rng = random.Random(f"spots:{commune.code}")  # noqa: S311  (demo data)
    spots = []
    for _ in range(rng.randint(3, 5)):
        distance = rng.uniform(150.0, 800.0)
        angle = rng.uniform(0.0, 2 * math.pi)
        lat, lon = _offset(
            commune.latitude,
            commune.longitude,
            distance * math.cos(angle),
            distance * math.sin(angle),
        )
        spots.append((lat, lon, rng.choice((1.0, 2.0, 3.0))))
    return spots


def _today_commune(place: Place) -> Place:
    if place.current_commune_id is not None and place.current_commune_id != place.pk:
        commune = place.current_commune
        if commune is not None:
            return commune
    return place


def scatter(rng: random.Random, place: Place) -> tuple[float | None, float | None]:
    """Coordinates near one of the places where things happen in the commune
    (today's commune of a legacy unit), or none (known only by the commune)."""
    spots = commune_spots(_today_commune(place))
    if not spots or rng.random() < CENTROID_ONLY:
        return None, None
    lat, lon, _w = rng.choices(spots, weights=[s[2] for s in spots])[0]
    return _offset(
        lat, lon, rng.gauss(0.0, SCATTER_METRES), rng.gauss(0.0, SCATTER_METRES)
    )


def forming_count(report_count: int) -> int:
    """How many of the demo's reports make the forming hot spot."""
    return min(FORMING_MAX, report_count // 22)


def forming_plan(
    rng: random.Random, count: int, now: datetime.datetime
) -> list[datetime.datetime]:
    """When the forming hot spot's reports arrive: more each week over the last
    three weeks (never in the future)."""
    total = sum(FORMING_WEEKS)
    per_week = [round(count * w / total) for w in FORMING_WEEKS[:-1]]
    per_week.append(count - sum(per_week))
    times = []
    for week, n in zip((3, 2, 1), per_week, strict=True):
        for _ in range(n):
            ago = datetime.timedelta(
                days=7 * (week - 1) + rng.uniform(0.2, 6.8),
            )
            day = timezone.localtime(now - ago)
            evening = day.replace(hour=rng.randint(17, 22), minute=rng.randint(0, 59))
            times.append(min(evening, now - datetime.timedelta(minutes=5)))
    return sorted(times)


def forming_where(
    rng: random.Random, commune: Place
) -> tuple[float | None, float | None]:
    east, north = rng.choice(FORMING_SPOTS)
    if commune.latitude is None or commune.longitude is None:
        return None, None
    return _offset(
        commune.latitude,
        commune.longitude,
        east + rng.gauss(0.0, 35.0),
        north + rng.gauss(0.0, 35.0),
    )


def demo_hotspots_load(*, province: Place) -> list[Run]:
    """Run the analysis at two past weekly cut-offs and today; skip if the demo
    already has its runs."""
    if Run.objects.filter(province=province, trigger=RunTrigger.DEMO).exists():
        return []
    now = timezone.now()
    cutoffs = [now - datetime.timedelta(days=d) for d in PAST_CUTOFFS] + [now]
    runs = []
    for cutoff in cutoffs:
        run = run_province(province=province, trigger=RunTrigger.DEMO, cutoff=cutoff)
        if run.status != RunStatus.SUCCEEDED:
            logger.warning("Demo hot-spot run at %s: %s", cutoff.date(), run.error)
        runs.append(run)
    return runs
