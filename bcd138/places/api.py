"""API: administrative units — search, typed-address resolution, one unit.

Any signed-in user may read them (the global auth applies); they are public
reference data, not records of anyone.
"""

import datetime
from typing import Literal

from django.db.models import QuerySet
from ninja import Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from bcd138.core.http import AuthedRequest
from bcd138.places import services
from bcd138.places.models import Place

router = Router(tags=["places"])

EraParam = Literal["2025", "legacy"]
LevelParam = Literal["province", "district", "commune"]


class PlaceOut(Schema):
    code: str
    name: str
    short_name: str
    kind: str
    level: str
    era: str
    parent_code: str | None
    latitude: float | None
    longitude: float | None
    current_province_code: str | None
    current_commune_code: str | None

    # The codes are read through the already-loaded parent where they coincide
    # (a 2025 commune's province is its parent), saving a query per row.
    @staticmethod
    def resolve_parent_code(obj: Place) -> str | None:
        return obj.parent.code if obj.parent is not None else None

    @staticmethod
    def resolve_current_province_code(obj: Place) -> str | None:
        return _code_of(obj, obj.current_province_id, "current_province")

    @staticmethod
    def resolve_current_commune_code(obj: Place) -> str | None:
        return _code_of(obj, obj.current_commune_id, "current_commune")


def _code_of(obj: Place, pk: int | None, attr: str) -> str | None:
    if pk is None:
        return None
    if pk == obj.pk:
        return obj.code
    if pk == obj.parent_id and obj.parent is not None:
        return obj.parent.code
    related: Place = getattr(obj, attr)
    return related.code


class PlaceDetailOut(PlaceOut):
    valid_from: datetime.date | None
    valid_to: datetime.date | None
    area_km2: float | None
    parents: list[PlaceOut]
    current: list[PlaceOut]

    @staticmethod
    def resolve_parents(obj: Place) -> list[Place]:
        chain = []
        node = obj.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain

    @staticmethod
    def resolve_current(obj: Place) -> list[Place]:
        return services.place_successors(obj)


class ResolutionOut(Schema):
    status: Literal["resolved", "ambiguous", "not_found"]
    place: PlaceOut | None
    current: list[PlaceOut]
    candidates: list[PlaceOut]


class SearchFilters(Schema):
    q: str = ""
    era: EraParam | None = None
    level: LevelParam | None = None
    parent: str | None = None


@router.get(
    "/",
    response=list[PlaceOut],
    summary="Search units by code or name (with or without diacritics)",
)
@paginate(LimitOffsetPagination)
def place_list(
    request: AuthedRequest, filters: Query[SearchFilters]
) -> QuerySet[Place]:
    parent = (
        services.place_get(code=filters.parent, era=filters.era or "2025")
        if filters.parent
        else None
    )
    return services.places_search(
        q=filters.q[:100], era=filters.era, level=filters.level, parent=parent
    )


@router.get(
    "/resolve",
    response=ResolutionOut,
    summary="Resolve a typed address to a unit and the 2025 unit(s) covering it",
)
def place_resolve(request: AuthedRequest, address: str) -> services.AddressResolution:
    return services.address_resolve(address)


@router.get(
    "/{era}/{code}",
    response=PlaceDetailOut,
    summary="One unit, its parents and the 2025 unit(s) covering it",
)
def place_detail(request: AuthedRequest, era: EraParam, code: str) -> Place:
    return services.place_get(code=code, era=era)
