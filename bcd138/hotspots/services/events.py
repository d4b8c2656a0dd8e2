"""The platform's events for the hot-spot analysis.

An event is a crime report (not marked as a duplicate of another) or a criminal
case opened directly (a case opened from a report is that report's event, counted
once) of a current province, known before the cut-off: a report received before
it; a case instituted before the cut-off's day, or on that day and entered before
the cut-off (a case entered late counts from its date of institution, so that an
analysis at a past cut-off sees it as it was then).

Its place is its coordinates; or, when only the unit is known, the centroid of
today's commune the unit lies in (flagged `at_centroid`); coordinates without a
commune (a report filed at province level) get the nearest commune centroid of
the province as their commune. An event with neither coordinates nor a commune
centroid is skipped and counted. Its time is the day of the events
(`occurred_on`), else the day it was received. Its kind is the report's
`crime_type`; for a case, the kind its main charge's Penal Code article maps to
(`ARTICLE_CRIME_TYPES`; the main charge is the earliest current charge of the
case's own, most serious, category).

Only tracking codes and case numbers leave this module with the events (`refs`):
never a name, an address or a description.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

import numpy as np
from django.utils import timezone
from numpy.typing import NDArray

from bcd138.cases.models import Case, Charge
from bcd138.intake.models import CrimeReport, CrimeType
from bcd138.places.models import Place

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]

_EPOCH = datetime.date(1970, 1, 1)

# Penal Code article (BLHS 2015) of a case's main charge -> the report's
# everyday kind of crime. Anything else is "other".
_ARTICLE_RANGES: tuple[tuple[int, int, str], ...] = (
    (173, 173, CrimeType.THEFT),
    (168, 169, CrimeType.ROBBERY),
    (171, 171, CrimeType.ROBBERY),
    (174, 174, CrimeType.FRAUD),
    (290, 290, CrimeType.FRAUD),
    (134, 134, CrimeType.ASSAULT),
    (248, 259, CrimeType.DRUGS),
    (321, 322, CrimeType.GAMBLING),
    (318, 318, CrimeType.PUBLIC_ORDER),
    (141, 147, CrimeType.SEXUAL),
    (150, 151, CrimeType.TRAFFICKING),
    (178, 178, CrimeType.PROPERTY_DAMAGE),
)
ARTICLE_CRIME_TYPES: dict[int, str] = {
    article: str(kind)
    for first, last, kind in _ARTICLE_RANGES
    for article in range(first, last + 1)
}


def article_crime_type(article: str) -> str:
    """The kind of crime of a Penal Code article ("173", "174a" -> its number)."""
    digits = ""
    for ch in article.strip():
        if not ch.isdigit():
            break
        digits += ch
    if not digits:
        return str(CrimeType.OTHER)
    return ARTICLE_CRIME_TYPES.get(int(digits), str(CrimeType.OTHER))


def day_number(day: datetime.date) -> float:
    """Days since 1970-01-01 (the engine's time unit)."""
    return float((day - _EPOCH).days)


def day_of(number: float) -> datetime.date:
    return _EPOCH + datetime.timedelta(days=int(np.floor(number)))


@dataclass
class PlatformEvents:
    """Events as arrays (one row each), aligned with `refs`."""

    lat: FloatArray
    lon: FloatArray
    t: FloatArray  # days since 1970-01-01, local calendar day
    commune_id: IntArray  # today's commune, -1 when unknown
    at_centroid: BoolArray
    kind: list[str] = field(default_factory=list)  # crime type of each event
    refs: list[str] = field(default_factory=list)  # tracking code / case number
    reports: int = 0
    cases: int = 0
    skipped_no_place: int = 0  # no coordinates and no commune centroid
    skipped_bad_coordinates: int = 0  # coordinates out of range: centroid used

    def __len__(self) -> int:
        return len(self.t)

    @property
    def skipped(self) -> int:
        return self.skipped_no_place

    def take(self, index: IntArray | BoolArray) -> PlatformEvents:
        positions = np.arange(len(self.t))[index]
        return PlatformEvents(
            lat=self.lat[index],
            lon=self.lon[index],
            t=self.t[index],
            commune_id=self.commune_id[index],
            at_centroid=self.at_centroid[index],
            kind=[self.kind[i] for i in positions],
            refs=[self.refs[i] for i in positions],
            reports=self.reports,
            cases=self.cases,
            skipped_no_place=self.skipped_no_place,
            skipped_bad_coordinates=self.skipped_bad_coordinates,
        )


@dataclass
class _Row:
    lat: float | None
    lon: float | None
    day: datetime.date
    commune_id: int | None
    kind: str
    ref: str


def _valid(lat: float | None, lon: float | None) -> bool:
    if lat is None or lon is None:
        return False
    if not (np.isfinite(lat) and np.isfinite(lon)):
        return False
    if lat == 0 and lon == 0:  # the usual "no value" of a broken form
        return False
    return -80.0 <= lat <= 84.0 and -180.0 <= lon <= 180.0


def _report_rows(
    province: Place, crime_type: str, cutoff: datetime.datetime, since: float | None
) -> list[_Row]:
    qs = CrimeReport.objects.filter(
        place__current_province=province,
        duplicate_of__isnull=True,
        received_at__lt=cutoff,
    )
    if crime_type:
        qs = qs.filter(crime_type=crime_type)
    tz = timezone.get_current_timezone()
    rows = []
    for code, occurred, received, lat, lon, commune, kind in qs.values_list(
        "tracking_code",
        "occurred_on",
        "received_at",
        "latitude",
        "longitude",
        "place__current_commune_id",
        "crime_type",
    ).iterator(chunk_size=2000):
        day = occurred or timezone.localtime(received, tz).date()
        if since is not None and day_number(day) < since:
            continue
        rows.append(_Row(lat, lon, day, commune, kind, code))
    return rows


def _case_rows(
    province: Place, crime_type: str, cutoff: datetime.datetime, since: float | None
) -> list[_Row]:
    """Cases opened directly (not from a report), with their main charge's kind."""
    qs = Case.objects.filter(
        place__current_province=province,
        report__isnull=True,
        instituted_on__lte=timezone.localtime(cutoff).date(),
    ).exclude(instituted_on=timezone.localtime(cutoff).date(), created_at__gte=cutoff)
    cases = list(
        qs.values_list(
            "pk",
            "number",
            "occurred_on",
            "latitude",
            "longitude",
            "place__current_commune_id",
            "category",
        )
    )
    if not cases:
        return []
    # Main charge: a current charge of the case's own category (the most serious),
    # the earliest one.
    main: dict[int, str] = {}
    fallback: dict[int, str] = {}
    category_of = {row[0]: row[6] for row in cases}
    charges = (
        Charge.objects.filter(case__in=qs, ended_by__isnull=True)
        .order_by("case_id", "pk")
        .values_list("case_id", "article", "category")
    )
    for case_id, article, category in charges.iterator(chunk_size=2000):
        fallback.setdefault(case_id, article)
        if category == category_of.get(case_id) and case_id not in main:
            main[case_id] = article
    rows = []
    for pk, number, occurred, lat, lon, commune, _category in cases:
        if since is not None and day_number(occurred) < since:
            continue
        found = main.get(pk) or fallback.get(pk)
        kind = article_crime_type(found) if found else str(CrimeType.OTHER)
        if crime_type and kind != crime_type:
            continue
        rows.append(_Row(lat, lon, occurred, commune, kind, number))
    return rows


def commune_centroids(province: Place) -> dict[int, tuple[float, float]]:
    """Today's communes of the province that have a centroid: id -> (lat, lon)."""
    rows = (
        Place.objects.current()
        .communes()
        .filter(current_province=province, latitude__isnull=False)
        .values_list("pk", "latitude", "longitude")
    )
    return {
        pk: (lat, lon) for pk, lat, lon in rows if lat is not None and lon is not None
    }


def nearest_commune(
    centroids: dict[int, tuple[float, float]], lat: float, lon: float
) -> int:
    """The commune whose centroid is nearest (equirectangular), -1 if none."""
    if not centroids:
        return -1
    ids = np.fromiter(centroids, dtype=np.int64, count=len(centroids))
    where = np.array(list(centroids.values()))
    dy = where[:, 0] - lat
    dx = (where[:, 1] - lon) * np.cos(np.radians(lat))
    return int(ids[np.argmin(dx * dx + dy * dy)])


def platform_events(
    *,
    province: Place,
    crime_type: str = "",
    cutoff: datetime.datetime,
    since: datetime.date | None = None,
) -> PlatformEvents:
    """The province's events recorded before `cutoff` (and on or after `since`,
    by the day of the events), of one kind of crime or (blank) all."""
    since_day = day_number(since) if since is not None else None
    reports = _report_rows(province, crime_type, cutoff, since_day)
    cases = _case_rows(province, crime_type, cutoff, since_day)
    rows = reports + cases
    centroids = commune_centroids(province)
    n = len(rows)
    lat = np.empty(n)
    lon = np.empty(n)
    t = np.empty(n)
    commune = np.full(n, -1, dtype=np.int64)
    centroid = np.zeros(n, dtype=np.bool_)
    keep = np.ones(n, dtype=np.bool_)
    bad = 0
    for i, row in enumerate(rows):
        t[i] = day_number(row.day)
        if row.commune_id is not None:
            commune[i] = row.commune_id
        if _valid(row.lat, row.lon):
            lat[i], lon[i] = row.lat, row.lon
            if row.commune_id is None:
                commune[i] = nearest_commune(centroids, lat[i], lon[i])
            continue
        if row.lat is not None or row.lon is not None:
            bad += 1
        where = centroids.get(row.commune_id) if row.commune_id is not None else None
        if where is None:
            keep[i] = False
            continue
        lat[i], lon[i] = where
        centroid[i] = True
    events = PlatformEvents(
        lat=lat,
        lon=lon,
        t=t,
        commune_id=commune,
        at_centroid=centroid,
        kind=[r.kind for r in rows],
        refs=[r.ref for r in rows],
        reports=len(reports),
        cases=len(cases),
        skipped_no_place=int((~keep).sum()),
        skipped_bad_coordinates=bad,
    )
    if keep.all():
        return events
    return events.take(keep)
