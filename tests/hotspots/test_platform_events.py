"""The platform's events: places, centroids, kinds, cut-off, legacy units."""

from __future__ import annotations

import datetime
from typing import Any

import numpy as np
import pytest
from django.utils import timezone

from bcd138.cases.models import Case
from bcd138.cases.services.charges import ChargeInput
from bcd138.cases.services.opening import CaseInput, case_open
from bcd138.core.access import SYSTEM
from bcd138.hotspots.services.events import (
    article_crime_type,
    day_number,
    platform_events,
)
from bcd138.places.models import Place
from tests.conftest import World
from tests.hotspots.conftest import add_report

pytestmark = pytest.mark.django_db

DAY = timezone.localdate() - datetime.timedelta(days=60)


def _cutoff(days_after: int = 10) -> datetime.datetime:
    return timezone.make_aware(
        datetime.datetime.combine(
            DAY + datetime.timedelta(days=days_after), datetime.time(8)
        )
    )


def _direct_case(world: World, number: str, article: str, **kw: Any) -> Case:
    data = CaseInput(
        number=number,
        title="Vụ án tại phường",
        investigating_body=world.police,
        procuracy=world.procuracy,
        occurred_on=kw.pop("occurred_on", DAY),
        place=kw.pop("place", world.commune_a),
        instituted_on=kw.pop("instituted_on", DAY + datetime.timedelta(days=2)),
        reference="01/QĐ",
        charges=[ChargeInput(article, 1)],
        **kw,
    )
    return case_open(by=SYSTEM, data=data)


def test_coordinates_or_the_commune_centroid_flagged(world: World) -> None:
    a = world.commune_a
    with_place = add_report(world, place=a, day=DAY, lat=15.56, lon=108.48)
    centroid_only = add_report(world, place=a, day=DAY)
    zero = add_report(world, place=a, day=DAY, lat=0.0, lon=0.0)  # a broken form
    events = platform_events(province=world.province, cutoff=_cutoff())
    by_ref = {ref: i for i, ref in enumerate(events.refs)}
    i, j, k = (by_ref[r.tracking_code] for r in (with_place, centroid_only, zero))
    assert (events.lat[i], events.lon[i]) == (15.56, 108.48)
    assert not events.at_centroid[i]
    assert (events.lat[j], events.lon[j]) == (a.latitude, a.longitude)
    assert events.at_centroid[j]
    assert events.at_centroid[k]
    assert events.skipped_bad_coordinates == 1
    assert set(events.commune_id.tolist()) == {a.pk}
    assert events.t[i] == day_number(DAY)


def test_time_is_the_day_of_the_events_else_the_day_received(world: World) -> None:
    late_evening = datetime.datetime.combine(
        DAY + datetime.timedelta(days=3), datetime.time(23, 30)
    )
    received = timezone.make_aware(late_evening)  # 16:30 UTC: the local day counts
    report = add_report(world, place=world.commune_a, day=DAY, received_at=received)
    report.occurred_on = None
    report.save()
    events = platform_events(province=world.province, cutoff=_cutoff())
    assert events.t.tolist() == [day_number(DAY + datetime.timedelta(days=3))]


def test_a_case_from_a_report_counts_once_and_direct_cases_by_article(
    world: World,
) -> None:
    report = add_report(world, place=world.commune_a, day=DAY, lat=15.56, lon=108.48)
    from_report = _direct_case(world, "01/2026/VA", "173")
    Case.objects.filter(pk=from_report.pk).update(report=report)
    _direct_case(world, "02/2026/VA", "174", latitude=15.55, longitude=108.47)
    events = platform_events(province=world.province, cutoff=_cutoff())
    assert sorted(events.refs) == sorted([report.tracking_code, "02/2026/VA"])
    assert events.cases == 1
    assert events.reports == 1
    theft = platform_events(
        province=world.province, crime_type="theft", cutoff=_cutoff()
    )
    assert theft.refs == [report.tracking_code]
    fraud = platform_events(
        province=world.province, crime_type="fraud", cutoff=_cutoff()
    )
    assert fraud.refs == ["02/2026/VA"]
    assert fraud.kind == ["fraud"]


def test_article_mapping() -> None:
    assert article_crime_type("173") == "theft"
    assert article_crime_type("171") == "robbery"
    assert article_crime_type("251") == "drugs"
    assert article_crime_type("290") == "fraud"
    assert article_crime_type("321") == "gambling"
    assert article_crime_type("123") == "other"
    assert article_crime_type("") == "other"


def test_crime_type_filter_duplicates_and_cut_off(world: World) -> None:
    a = world.commune_a
    theft = add_report(world, place=a, day=DAY)
    add_report(world, place=a, day=DAY, crime_type="drugs")
    add_report(world, place=a, day=DAY, duplicate_of=theft)
    late = add_report(
        world,
        place=a,
        day=DAY,
        received_at=_cutoff() + datetime.timedelta(minutes=1),
    )
    events = platform_events(province=world.province, cutoff=_cutoff())
    assert len(events) == 2
    assert late.tracking_code not in events.refs
    only = platform_events(
        province=world.province, crime_type="theft", cutoff=_cutoff()
    )
    assert only.refs == [theft.tracking_code]
    since = platform_events(
        province=world.province,
        cutoff=_cutoff(),
        since=DAY + datetime.timedelta(days=1),
    )
    assert len(since) == 0


def test_a_case_counts_from_its_institution(world: World) -> None:
    _direct_case(world, "03/2026/VA", "134", instituted_on=DAY + datetime.timedelta(5))
    before = platform_events(province=world.province, cutoff=_cutoff(days_after=4))
    after = platform_events(province=world.province, cutoff=_cutoff(days_after=6))
    assert len(before) == 0
    assert after.refs == ["03/2026/VA"]
    assert after.kind == ["assault"]


def test_legacy_units_count_under_todays_commune(world: World) -> None:
    legacy = Place.objects.legacy().communes().filter(current_commune=world.commune_a)
    unit = legacy.first()
    assert unit is not None
    add_report(world, place=unit, day=DAY)
    events = platform_events(province=world.province, cutoff=_cutoff())
    assert events.commune_id.tolist() == [world.commune_a.pk]
    assert events.at_centroid.tolist() == [True]
    assert events.lat[0] == world.commune_a.latitude


def test_another_provinces_events_are_not_taken(world: World) -> None:
    hanoi_commune = (
        Place.objects.current().communes().filter(current_province__code="01")[0]
    )
    add_report(world, place=hanoi_commune, day=DAY)
    events = platform_events(province=world.province, cutoff=_cutoff())
    assert len(events) == 0
    assert np.asarray(events.t).shape == (0,)


def test_coordinates_without_a_commune_get_the_nearest(world: World) -> None:
    a = world.commune_a
    assert a.latitude is not None
    assert a.longitude is not None
    add_report(
        world,
        place=world.province,
        day=DAY,
        lat=a.latitude + 0.0005,
        lon=a.longitude,
    )
    add_report(world, place=world.province, day=DAY)  # nowhere: skipped
    events = platform_events(province=world.province, cutoff=_cutoff())
    assert events.commune_id.tolist() == [a.pk]
    assert events.skipped_no_place == 1
