"""Resolving a typed address to a unit, or to candidates when ambiguous."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _

from bcd138.core.errors import DomainError
from bcd138.places.models import (
    Place,
    Succession,
)
from bcd138.places.services._common import (
    _COMM,
    _E25,
    _EL,
    _LEVEL_RANK,
    _PROV,
    _RELATED,
    MAX_ADDRESS_LENGTH,
    MAX_CANDIDATES,
)
from bcd138.places.services.lookup import place_successors
from bcd138.places.text import (
    address_parts,
    exact_key,
    is_country,
    part_keys,
    search_key,
    type_word_split,
)


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
