"""Administrative units: loading, lookup, successors and typed-address resolution.

Rules: units are reference data loaded only from the committed files (never the
network); a legacy unit counts under its default 2025 successor; an address that
could be several units is answered with candidates, never with a guess.
"""

from __future__ import annotations

import csv
import gzip
import io
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from django.db import transaction
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils.translation import gettext as _

from bcd138.core import audit
from bcd138.core.errors import DomainError
from bcd138.places.models import (
    CUTOVER,
    LEGACY_VALID_TO,
    Era,
    Level,
    Place,
    Succession,
)
from bcd138.places.text import (
    address_parts,
    exact_key,
    is_country,
    part_keys,
    search_key,
    type_word_split,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
BATCH = 500
MAX_ADDRESS_LENGTH = 500
MAX_CANDIDATES = 10

_E25, _EL = Era.CURRENT.value, Era.LEGACY.value
_PROV, _DIST, _COMM = Level.PROVINCE.value, Level.DISTRICT.value, Level.COMMUNE.value
_LEVEL_RANK = {_PROV: 0, _DIST: 1, _COMM: 2}
# "2025" sorts before "legacy" as text; levels need an explicit order.
_LEVEL_ORDER = Case(
    *(When(level=level, then=Value(rank)) for level, rank in _LEVEL_RANK.items()),
    output_field=IntegerField(),
).asc()


Key = tuple[str, str, str]  # (era, level, code)
# What showing a unit needs: its parent chain and the units covering it.
_RELATED = ("parent__parent", "current_province", "current_commune")


# --------------------------------------------------------------------- loading


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


# ---------------------------------------------------------------- reading


def _check_choice(value: str | None, choices: list[str], what: str) -> None:
    if value is not None and value not in choices:
        raise DomainError(
            _("Unknown %(what)s “%(value)s”; use one of: %(choices)s.")
            % {"what": what, "value": value, "choices": ", ".join(choices)},
            code=f"{what}_invalid",
        )


def place_get(*, code: str, era: str = _E25, level: str | None = None) -> Place:
    """The unit with this statistics-office code in `era` (codes are unique per era)."""
    _check_choice(era, list(Era.values), "era")
    _check_choice(level, list(Level.values), "level")
    qs = Place.objects.filter(era=era, code=code.strip()).select_related(*_RELATED)
    if level is not None:
        qs = qs.filter(level=level)
    place = qs.first()
    if place is None:
        raise DomainError(
            _("No administrative unit of era %(era)s has code %(code)s.")
            % {"code": code, "era": era},
            code="place_unknown",
            status=404,
        )
    return place


def place_successors(place: Place) -> list[Place]:
    """The 2025 unit(s) covering `place`, the default successor first."""
    if place.era == _E25:
        return [place]
    if place.level == _DIST and not place.successions.exists():
        return list(
            Place.objects.filter(
                pk__in=Succession.objects.filter(legacy__parent=place).values(
                    "successor_id"
                )
            )
            .select_related("parent")
            .order_by("code")
        )
    rows = (
        place.successions.select_related("successor__parent")
        .order_by("-is_default", "successor__code")
        .only("successor")
    )
    return [s.successor for s in rows]


def places_search(
    *,
    q: str = "",
    era: str | None = None,
    level: str | None = None,
    parent: Place | None = None,
) -> QuerySet[Place]:
    """Units by code or name (with or without diacritics), best matches first."""
    _check_choice(era, list(Era.values), "era")
    _check_choice(level, list(Level.values), "level")
    qs = Place.objects.select_related(*_RELATED)
    if era is not None:
        qs = qs.filter(era=era)
    if level is not None:
        qs = qs.filter(level=level)
    if parent is not None:
        qs = qs.filter(parent=parent)
    text = q.strip()
    if not text:
        return qs.order_by("era", _LEVEL_ORDER, "code")
    if text.isdigit():
        return qs.filter(code__startswith=text).order_by("era", _LEVEL_ORDER, "code")
    keys = part_keys(text)
    if not keys.rest:
        return qs.none()
    rank = Case(
        When(search_key__in=keys.preferred, then=Value(0)),
        When(search_key__in=keys.loose, then=Value(1)),
        When(search_key__startswith=keys.rest, then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )
    matches = (
        Q(search_key__in=keys.all())
        | Q(search_key__contains=keys.rest)
        | Q(aliases__icontains=f'"{keys.rest}')
    )
    return (
        qs.filter(matches)
        .annotate(rank=rank)
        .order_by("rank", "era", _LEVEL_ORDER, "code")
    )


# --------------------------------------------------------- address resolution


@dataclass
class AddressResolution:
    """The answer to a typed address.

    `status` is "resolved" (`place` is the unit as typed, legacy or 2025, and
    `current` the 2025 units covering it, default first), "ambiguous" (the
    address fits several units: `candidates`, best first) or "not_found".
    """

    status: str
    place: Place | None = None
    current: list[Place] = field(default_factory=list)
    candidates: list[Place] = field(default_factory=list)


@dataclass(frozen=True)
class _Match:
    place: Place
    fit: int  # 3 exact with diacritics, 2 typed type/key, 1 other type, 0 alias
    direct: bool  # found under its own era's parent, not through a succession

    @property
    def rank(self) -> tuple[int, bool]:
        return (self.fit, self.direct)


def address_resolve(text: str) -> AddressResolution:
    """Resolve a typed address ("12 Trần Phú, P. An Mỹ, TP Tam Kỳ, Quảng Nam").

    Parts are read from the last (least specific) to the first; each must lie
    inside the previous one, and the first part that does not is street detail.
    Text with no letters or digits (or too long) raises DomainError
    `address_invalid`; text that names no unit gives status "not_found".
    """
    if len(text) > MAX_ADDRESS_LENGTH or not search_key(text):
        raise DomainError(
            _("Type an address or a place name (at most %(n)d characters).")
            % {"n": MAX_ADDRESS_LENGTH},
            code="address_invalid",
        )
    parts = [p for p in address_parts(text) if not is_country(p) and search_key(p)]
    matches = _resolve_parts(parts)
    if not matches and len(parts) == 1:
        pieces = type_word_split(parts[0])
        if len(pieces) > 1:
            matches = _resolve_parts(pieces)
    return _resolution(matches)


def _resolve_parts(parts: list[str]) -> list[_Match]:
    context: list[_Match] = []
    for part in reversed(parts):
        if part.isdigit() and not context:
            continue  # a postcode after the province
        found = _match_part(part, [m.place for m in context])
        if found:
            context = found
        elif context:
            break  # the rest is street, house number, hamlet
    return context


def _match_part(part: str, context: list[Place]) -> list[_Match]:
    """The units `part` may name that lie inside one of `context` (any if empty).

    One indexed lookup on `search_key` gives a few candidates; whether each lies
    inside the context is then decided on those few rows.
    """
    if context and all(p.level == _COMM for p in context):
        return []  # nothing lies inside a commune
    keys = part_keys(part)
    rows = list(
        Place.objects.filter(search_key__in=keys.all()).select_related(*_RELATED)
    )
    if not rows and len(keys.rest) > 2:
        # Former names (Phường Trúc Bạch was Nguyễn Trung Trực) are not indexed,
        # so they are only looked at when the names found nothing.
        alias = Q()
        for key in sorted({keys.rest, *keys.preferred}):
            alias |= Q(aliases__icontains=f'"{key}"')
        rows = list(Place.objects.filter(alias).select_related(*_RELATED)[:200])
    inside = _Inside(context, rows)
    exact = exact_key(part)
    found = [
        _Match(
            place=p,
            fit=(
                3
                if exact in (exact_key(p.name), exact_key(p.short_name))
                else 2
                if p.search_key in keys.preferred
                else 1
                if p.search_key in keys.loose
                else 0
            ),
            direct=direct,
        )
        for p in rows
        if (direct := inside.direct(p)) or inside.through_succession(p)
    ]
    if not found:
        return []
    best = max(m.rank for m in found)
    return [m for m in found if m.rank == best]


class _Inside:
    """Whether a unit lies inside any unit of a context.

    Directly: its own era's parent (or grandparent) is in the context. Through a
    succession: a legacy unit whose 2025 province is in the context ("Phường An
    Mỹ, Đà Nẵng"), or a 2025 commune that absorbed a unit of a legacy district or
    province in the context ("Phường Tam Kỳ, Quảng Nam").
    """

    def __init__(self, context: list[Place], rows: list[Place]) -> None:
        self.any = not context
        self.ids = {p.pk for p in context}
        self.current_provinces = {
            p.pk for p in context if (p.era, p.level) == (_E25, _PROV)
        }
        legacy_ids = {p.pk for p in context if p.era == _EL and p.level != _COMM}
        self.absorbed: set[int] = set()
        communes = [p.pk for p in rows if (p.era, p.level) == (_E25, _COMM)]
        if legacy_ids and communes:
            links = Succession.objects.filter(successor_id__in=communes).values_list(
                "successor_id",
                "legacy_id",
                "legacy__parent_id",
                "legacy__parent__parent_id",
            )
            self.absorbed = {
                successor
                for successor, *ancestors in links
                if legacy_ids.intersection(ancestors)
            }

    def direct(self, place: Place) -> bool:
        if self.any:
            return True
        parent = place.parent
        return parent is not None and (
            parent.pk in self.ids or parent.parent_id in self.ids
        )

    def through_succession(self, place: Place) -> bool:
        if place.era == _EL:
            return place.level != _PROV and (
                place.current_province_id in self.current_provinces
            )
        return place.pk in self.absorbed


def _resolution(matches: list[_Match]) -> AddressResolution:
    places = [m.place for m in matches]
    if not places:
        return AddressResolution(status="not_found")
    if len(places) > 1:
        places = _same_unit(places) or _provinces_first(places)
    if len(places) == 1:
        place = places[0]
        return AddressResolution(
            status="resolved", place=place, current=place_successors(place)
        )
    places.sort(key=lambda p: (p.era != _E25, _LEVEL_RANK[p.level], p.code))
    return AddressResolution(status="ambiguous", candidates=places[:MAX_CANDIDATES])


def _same_unit(places: list[Place]) -> list[Place]:
    """A 2025 name that a legacy unit also had: the current unit is meant.

    "Đà Nẵng" is both the legacy and the 2025 city; when every legacy candidate's
    default successor is the one 2025 candidate, the 2025 unit is the answer.
    """
    current = [p for p in places if p.era == _E25]
    if len(current) != 1:
        return []
    unit = current[0]
    covering = "current_province_id" if unit.level == _PROV else "current_commune_id"
    if all(getattr(p, covering) == unit.pk for p in places if p.era == _EL):
        return [unit]
    return []


def _provinces_first(places: list[Place]) -> list[Place]:
    """A province name wins over a district or commune of the same name.

    ("Hải Dương" alone is the province, not the 2025 Phường Hải Dương); between a
    district and a commune the user is asked.
    """
    provinces = [p for p in places if p.level == _PROV]
    return provinces or places
