"""Loading the committed unit files into the database, idempotently."""

from __future__ import annotations

import csv
import gzip
import io
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, TextIO

from django.db import transaction

from bcd138.core import audit
from bcd138.places.models import (
    CUTOVER,
    LEGACY_VALID_TO,
    Place,
    Succession,
)
from bcd138.places.services._common import (
    _COMM,
    _DIST,
    _E25,
    _EL,
    _PROV,
    BATCH,
    DATA_DIR,
    Key,
)


@dataclass
class LoadStats:
    """What `places_load` did: rows per era and level, and how long it took."""

    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    created: int = 0
    updated: int = 0
    successions: int = 0
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "counts": self.counts,
            "created": self.created,
            "updated": self.updated,
            "successions": self.successions,
            "seconds": round(self.seconds, 2),
        }


_FIELDS = [
    "name",
    "short_name",
    "kind",
    "parent",
    "valid_from",
    "valid_to",
    "latitude",
    "longitude",
    "area_km2",
    "search_key",
    "aliases",
    "current_province",
    "current_commune",
]
_CURRENT_FIELDS = ["current_province", "current_commune"]


def _read(name: str) -> list[dict[str, str]]:
    with gzip.open(DATA_DIR / name, "rb") as raw:
        return list(csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8")))


def _float(value: str) -> float | None:
    return float(value) if value else None


class _Loader:
    """Upserts units group by group, parents before children, 2025 before legacy."""

    def __init__(self, defaults: dict[tuple[str, str], str], stdout: TextIO | None):
        self.places: dict[Key, Place] = {
            (p.era, p.level, p.code): p for p in Place.objects.all()
        }
        self.by_pk = {p.pk: p for p in self.places.values()}
        self.defaults = defaults  # (legacy level, code) → default successor code
        self.stdout = stdout
        self.stats = LoadStats()

    def pk(self, key: Key) -> int | None:
        place = self.places.get(key)
        return place.pk if place is not None else None

    def upsert(self, era: str, level: str, rows: Iterable[dict[str, str]]) -> None:
        parent_level = _DIST if (era, level) == (_EL, _COMM) else _PROV
        created: list[Place] = []
        changed: list[Place] = []
        for row in rows:
            key = (era, level, row["code"])
            parent_id = self.pk((era, parent_level, row["parent_code"]))
            province_id, commune_id = self._current(key, parent_id)
            values: dict[str, Any] = {
                "name": row["name"],
                "short_name": row["short_name"],
                "kind": row["kind"],
                "parent_id": parent_id,
                "valid_from": CUTOVER if era == _E25 else None,
                "valid_to": LEGACY_VALID_TO if era == _EL else None,
                "latitude": _float(row["latitude"]),
                "longitude": _float(row["longitude"]),
                "area_km2": _float(row["area_km2"]),
                "search_key": row["search_key"],
                "aliases": row["aliases"].split(),
                "current_province_id": province_id,
                "current_commune_id": commune_id,
            }
            place = self.places.get(key)
            if place is None:
                place = Place(era=era, level=level, code=row["code"], **values)
                created.append(place)
                self.places[key] = place
            elif any(getattr(place, f) != v for f, v in values.items()):
                for name, value in values.items():
                    setattr(place, name, value)
                changed.append(place)
        Place.objects.bulk_create(created, batch_size=BATCH)
        Place.objects.bulk_update(changed, _FIELDS, batch_size=BATCH)
        self.by_pk.update((p.pk, p) for p in created)
        if era == _E25 and created:
            # A 2025 unit covers itself: its own id exists only now.
            for place in created:
                place.current_province_id, place.current_commune_id = self._current(
                    key=(era, level, place.code), parent_id=place.parent_id
                )
            Place.objects.bulk_update(created, _CURRENT_FIELDS, batch_size=BATCH)
        self.stats.created += len(created)
        self.stats.updated += len(changed)
        if self.stdout is not None and (created or changed):
            self.stdout.write(
                f"{era} {level}: {len(created)} new, {len(changed)} changed\n"
            )

    def _current(
        self, key: Key, parent_id: int | None
    ) -> tuple[int | None, int | None]:
        """(current province id, current commune id) of the unit at `key`."""
        era, level, code = key
        if era == _E25:
            own = self.pk(key)
            return (own, None) if level == _PROV else (parent_id, own)
        successor = self.defaults.get((level, code))
        if level == _PROV:
            return self.pk((_E25, _PROV, successor or "")), None
        if successor is None:  # a district: the province of its province
            return self.by_pk[parent_id or 0].current_province_id, None
        # A legacy commune, or an island district that became one đặc khu.
        commune = self.places[(_E25, _COMM, successor)]
        return commune.parent_id, commune.pk

    def successions(self, rows: list[dict[str, str]]) -> None:
        existing = {(s.legacy_id, s.successor_id): s for s in Succession.objects.all()}
        wanted: dict[tuple[int, int], tuple[bool, bool]] = {}
        for row in rows:
            level = row["legacy_level"]
            successor_level = _PROV if level == _PROV else _COMM
            legacy = self.places[(_EL, level, row["legacy_code"])]
            successor = self.places[(_E25, successor_level, row["successor_code"])]
            wanted[(legacy.pk, successor.pk)] = (
                row["is_default"] == "1",
                row["is_split"] == "1",
            )
        created, changed = [], []
        for (legacy_id, successor_id), (default, split) in wanted.items():
            s = existing.get((legacy_id, successor_id))
            if s is None:
                created.append(
                    Succession(
                        legacy_id=legacy_id,
                        successor_id=successor_id,
                        is_default=default,
                        is_split=split,
                    )
                )
            elif (s.is_default, s.is_split) != (default, split):
                s.is_default, s.is_split = default, split
                changed.append(s)
        stale = [s.pk for k, s in existing.items() if k not in wanted]
        Succession.objects.filter(pk__in=stale).delete()
        Succession.objects.bulk_create(created, batch_size=BATCH)
        Succession.objects.bulk_update(changed, ["is_default", "is_split"], BATCH)
        self.stats.successions = len(wanted)


def places_load(*, stdout: TextIO | None = None) -> LoadStats:
    """Load (or refresh) every unit and succession from `places/data/`; idempotent.

    Units no longer in the files are kept (records may point at them); changed
    names and coordinates are updated in place.
    """
    started = time.perf_counter()
    units_2025 = _read("units_2025.csv.gz")
    units_legacy = _read("units_legacy.csv.gz")
    succession_rows = _read("successions.csv.gz")
    defaults = {
        (r["legacy_level"], r["legacy_code"]): r["successor_code"]
        for r in succession_rows
        if r["is_default"] == "1"
    }
    with transaction.atomic():
        loader = _Loader(defaults, stdout)
        for era, rows in ((_E25, units_2025), (_EL, units_legacy)):
            for level in (_PROV, _DIST, _COMM):
                loader.upsert(era, level, (r for r in rows if r["level"] == level))
        loader.successions(succession_rows)
        stats = loader.stats
        stats.counts = _counts()
        stats.seconds = time.perf_counter() - started
        audit.record("places.load", changes=stats.as_dict())
    return stats


def _counts() -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = {}
    rows = Place.objects.values_list("era", "level").order_by()
    for (era, level), n in Counter(rows).items():
        counts.setdefault(era, {})[level] = n
    return counts
