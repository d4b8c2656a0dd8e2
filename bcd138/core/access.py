"""Who may see what: the one access layer every query of protected data goes through.

A user's grants are their active role assignments. A grant covers its
jurisdiction (a current province or commune) and every unit, legacy or current,
that lies in it; records are matched through their place's `current_province` /
`current_commune`, so a record entered under a legacy commune is visible to the
police of the commune that absorbed it. Superusers see everything.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from bcd138.places.models import Level, Place

if TYPE_CHECKING:
    from bcd138.agencies.models import User

M = TypeVar("M", bound=Model)

_CACHE_ATTR = "_bcd138_grants"


class _SystemActor:
    """The platform itself acting (CLI bootstrap, loaders, scheduled tasks).

    Allowed everything, recorded in the audit log as "system", never a signed-in user.
    """

    is_active = True
    is_superuser = True
    is_authenticated = False
    pk = None

    def __str__(self) -> str:
        return "system"


SYSTEM = _SystemActor()


@dataclass(frozen=True)
class Grant:
    role: str
    agency_id: int
    place_id: int
    place_level: str


def grants_for(user: Any) -> list[Grant]:
    """The user's active grants, read once per user object (so once per request)."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached: list[Grant] | None = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        from bcd138.agencies.models import RoleAssignment

        rows = RoleAssignment.objects.active().filter(user=user)
        cached = [
            Grant(r.role, r.agency_id, r.jurisdiction_id, r.jurisdiction.level)
            for r in rows.select_related("jurisdiction")
        ]
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_grants(user: Any) -> None:
    """Drop the cached grants after the user's roles changed."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def is_superuser(user: Any) -> bool:
    return bool(
        getattr(user, "is_active", False) and getattr(user, "is_superuser", False)
    )


def has_role(user: Any, *roles: str) -> bool:
    """True when the user holds any of `roles` (any role when none are given)."""
    if is_superuser(user):
        return True
    return any(not roles or g.role in roles for g in grants_for(user))


def require_role(user: Any, *roles: str) -> None:
    if not has_role(user, *roles):
        raise PermissionDenied


def _grants(user: Any, roles: Iterable[str] | None) -> list[Grant]:
    wanted = set(roles) if roles is not None else None
    return [g for g in grants_for(user) if wanted is None or g.role in wanted]


def jurisdiction_q(user: Any, *, field: str, roles: Iterable[str] | None = None) -> Q:
    """A filter for records whose place (at `field`) lies in the user's jurisdiction.

    `field` is the path to a `Place` foreign key ("place", "agency__place"), or ""
    when filtering places themselves.
    """
    if is_superuser(user):
        return Q()
    prefix = f"{field}__" if field else ""
    provinces = {
        g.place_id for g in _grants(user, roles) if g.place_level == Level.PROVINCE
    }
    communes = {
        g.place_id for g in _grants(user, roles) if g.place_level == Level.COMMUNE
    }
    if not provinces and not communes:
        return Q(pk__in=[])
    q = (
        Q(**{f"{prefix}current_province_id__in": provinces})
        if provinces
        else Q(pk__in=[])
    )
    if communes:
        q |= Q(**{f"{prefix}current_commune_id__in": communes})
    return q


def visible(
    qs: QuerySet[M], user: Any, *, field: str, roles: Iterable[str] | None = None
) -> QuerySet[M]:
    return qs.filter(jurisdiction_q(user, field=field, roles=roles))


def get_visible_or_404(
    qs: QuerySet[M],
    user: Any,
    *,
    pk: Any,
    field: str,
    roles: Iterable[str] | None = None,
) -> M:
    """The object if the user may see it; else 404, so existence is not revealed."""
    return get_from_or_404(visible(qs, user, field=field, roles=roles), user, pk=pk)


def get_from_or_404(scoped: QuerySet[M], user: Any, *, pk: Any) -> M:
    """The object from a queryset already limited to what `user` may see.

    Asking for an object that exists outside one's reach is recorded in the
    audit log: it is an attempt on protected data, whatever its reason.
    """
    try:
        return scoped.get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError):
        _record_denied(scoped.model._default_manager.all(), user, pk)
        raise Http404 from None


def _record_denied(qs: QuerySet[M], user: Any, pk: Any) -> None:
    from bcd138.core import audit  # audit reads grants from this module

    try:
        obj = qs.filter(pk=pk).first()
    except (ValueError, TypeError):
        return
    if obj is not None:
        audit.record("access.denied", actor=user, obj=obj, with_repr=False)


def place_in_jurisdiction(
    user: Any, place: Place, roles: Iterable[str] | None = None
) -> bool:
    if is_superuser(user):
        return True
    for g in _grants(user, roles):
        covered = (
            place.current_province_id
            if g.place_level == Level.PROVINCE
            else place.current_commune_id
        )
        if covered == g.place_id:
            return True
    return False


def require_place(user: Any, place: Place, roles: Iterable[str] | None = None) -> None:
    if not place_in_jurisdiction(user, place, roles):
        raise PermissionDenied


def jurisdictions(user: User) -> QuerySet[Place]:
    """The current units the user's grants name (for menus and the home page)."""
    if is_superuser(user):
        return Place.objects.current().provinces()
    return Place.objects.filter(pk__in={g.place_id for g in grants_for(user)})


def place_in_jurisdiction_of_place(place: Place, jurisdiction: Place) -> bool:
    """Whether `place` (any era) lies in the current unit `jurisdiction`."""
    if jurisdiction.level == Level.PROVINCE:
        return place.current_province_id == jurisdiction.pk
    return place.current_commune_id == jurisdiction.pk
