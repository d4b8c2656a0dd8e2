"""Who sees and records what in the movement (issue 6, "access rule").

- The standing office (province grant) sees and manages everything whose unit
  lies in its province: its committee's work.
- Committee leaders read everything in their province, and change nothing.
- Commune police (and their unit head), with a commune grant, see and record the
  items of their commune; an item spanning several communes is changed only by
  someone who covers all of them.
- A member agency's officer sees and records its organisation's own items (the
  models it runs, the outreach it organises, the people it proposes), those of
  the organisations under it too (the Front's member organisations); teams and
  the safety recognition are not theirs.
Everyone else is refused the section (403); an item outside one's reach is 404,
recorded in the audit log by `core.access.get_from_or_404`.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet

from bcd138.agencies.models import Agency, Role
from bcd138.core import access
from bcd138.movement.models import (
    Exemplary,
    MovementModel,
    OutreachSession,
    SafetyRecognition,
    SecurityTeam,
)
from bcd138.places.models import Level, Place

M = TypeVar("M", bound=Model)

MODELS = "models"
PEOPLE = "people"
OUTREACH = "outreach"
TEAMS = "teams"
SAFETY = "safety"
SECTIONS = (MODELS, PEOPLE, OUTREACH, TEAMS, SAFETY)
# Sections where a member agency has items of its own.
AGENCY_SECTIONS = (MODELS, PEOPLE, OUTREACH)

PROVINCE_ROLES = (Role.STANDING_OFFICE, Role.COMMITTEE_LEADER)
COMMUNE_ROLES = (Role.COMMUNE_POLICE, Role.UNIT_HEAD)

# The place and the agency that decide who sees an item, per kind of item.
PLACE_FIELD: dict[type[Model], str] = {
    MovementModel: "communes",
    Exemplary: "place",
    OutreachSession: "place",
    SecurityTeam: "commune",
    SafetyRecognition: "commune",
}
AGENCY_FIELD: dict[type[Model], str] = {
    MovementModel: "running_agency",
    Exemplary: "proposed_by",
    OutreachSession: "organiser",
}
SECTION_OF: dict[type[Model], str] = {
    MovementModel: MODELS,
    Exemplary: PEOPLE,
    OutreachSession: OUTREACH,
    SecurityTeam: TEAMS,
    SafetyRecognition: SAFETY,
}


def _commune_ids(user: Any) -> set[int]:
    return {
        g.place_id
        for g in access.grants_for(user)
        if g.role in COMMUNE_ROLES and g.place_level == Level.COMMUNE
    }


def member_agency_ids(user: Any) -> set[int]:
    return {
        g.agency_id for g in access.grants_for(user) if g.role == Role.MEMBER_AGENCY
    }


def _manages(user: Any) -> bool:
    return access.has_role(user, Role.STANDING_OFFICE)


def may_use(user: Any, section: str) -> bool:
    """Whether the user has the section at all (else 403)."""
    if access.is_superuser(user):
        return True
    if access.has_role(user, *PROVINCE_ROLES) or _commune_ids(user):
        return True
    return section in AGENCY_SECTIONS and bool(member_agency_ids(user))


def require_section(user: Any, section: str) -> None:
    if not may_use(user, section):
        raise PermissionDenied


def may_record(user: Any, section: str) -> bool:
    """Whether the user may create items in the section (leaders only read)."""
    if access.is_superuser(user) or _manages(user) or _commune_ids(user):
        return True
    return section in AGENCY_SECTIONS and bool(member_agency_ids(user))


def may_use_overview(user: Any) -> bool:
    return any(may_use(user, s) for s in SECTIONS)


# ---- reading ----------------------------------------------------------------


def _scope_q(user: Any, model: type[Model], *, write: bool) -> Q:
    place = PLACE_FIELD[model]
    roles = [Role.STANDING_OFFICE] if write else list(PROVINCE_ROLES)
    q = Q(pk__in=[])
    if access.has_role(user, *roles):
        q |= access.jurisdiction_q(user, field=place, roles=roles)
    communes = _commune_ids(user)
    if communes:
        q |= Q(**{f"{place}__current_commune_id__in": communes})
    agencies = member_agency_ids(user)
    if agencies and model in AGENCY_FIELD:
        field = AGENCY_FIELD[model]
        q |= Q(**{f"{field}_id__in": agencies})
        q |= Q(**{f"{field}__parent_id__in": agencies})
    return q


def visible(qs: QuerySet[M], user: Any) -> QuerySet[M]:
    """The items of `qs` the user may see."""
    model = qs.model
    if access.is_superuser(user):
        return qs
    q = _scope_q(user, model, write=False)
    if model is MovementModel:
        # Through the M2M: a subquery, so that a model in two communes is one row.
        return qs.filter(pk__in=model._default_manager.filter(q).values("pk"))
    return qs.filter(q)


def get_for(qs: QuerySet[M], user: Any, pk: Any) -> M:
    """The item if the user may see it: 404 (audited) outside their reach, 403
    when they do not have the section at all."""
    require_section(user, SECTION_OF[qs.model])
    return access.get_from_or_404(visible(qs, user), user, pk=pk)


# ---- writing ----------------------------------------------------------------


def place_writable(user: Any, place: Place) -> bool:
    """Whether the user may record an item placed at `place` (any era)."""
    if access.is_superuser(user):
        return True
    if access.place_in_jurisdiction(user, place, roles=[Role.STANDING_OFFICE]):
        return True
    return place.current_commune_id in _commune_ids(user)


def agency_writable(user: Any, agency: Agency | None) -> bool:
    """A member agency records for itself and the organisations under it."""
    if agency is None:
        return False
    mine = member_agency_ids(user)
    return agency.pk in mine or agency.parent_id in mine


def may_edit(user: Any, obj: Model) -> bool:
    """Whether the user may change `obj` (which they can see)."""
    if access.is_superuser(user):
        return True
    model = type(obj)
    if model in AGENCY_FIELD:
        agency = getattr(obj, AGENCY_FIELD[model])
        if agency_writable(user, agency):
            return True
    places = (
        list(obj.communes.all())
        if isinstance(obj, MovementModel)
        else [getattr(obj, PLACE_FIELD[model])]
    )
    return bool(places) and all(place_writable(user, p) for p in places)


def require_edit(user: Any, obj: Model) -> None:
    if not may_edit(user, obj):
        raise PermissionDenied


def require_place(user: Any, place: Place, *, agency: Agency | None = None) -> None:
    """A new or changed item at `place` (run or organised by `agency`) must be in
    the user's reach: the place for the standing office and commune police, the
    agency (in the user's province) for a member agency."""
    if place_writable(user, place):
        return
    in_province = access.place_in_jurisdiction(user, place, roles=[Role.MEMBER_AGENCY])
    if in_province and agency_writable(user, agency):
        return
    raise PermissionDenied


def writable_places(user: Any) -> QuerySet[Place]:
    """Units (current and legacy communes, and provinces) the user may record at."""
    qs = Place.objects.filter(level__in=[Level.COMMUNE, Level.PROVINCE])
    if access.is_superuser(user):
        return qs
    q = Q(pk__in=[])
    if _manages(user):
        q |= access.jurisdiction_q(user, field="", roles=[Role.STANDING_OFFICE])
    if member_agency_ids(user):
        q |= access.jurisdiction_q(user, field="", roles=[Role.MEMBER_AGENCY])
    communes = _commune_ids(user)
    if communes:
        q |= Q(current_commune_id__in=communes)
    return qs.filter(q)


def writable_agencies(user: Any) -> QuerySet[Agency]:
    """Agencies the user may name as the organiser or runner of an item."""
    qs = Agency.objects.filter(is_active=True)
    if access.is_superuser(user):
        return qs
    q = Q(pk__in=[])
    if _manages(user):
        q |= access.jurisdiction_q(user, field="place", roles=[Role.STANDING_OFFICE])
    communes = _commune_ids(user)
    if communes:
        q |= Q(place__current_commune_id__in=communes)
    agencies = member_agency_ids(user)
    if agencies:
        q |= Q(pk__in=agencies) | Q(parent_id__in=agencies)
    return qs.filter(q)


def agency_in_reach(user: Any, agency: Agency) -> bool:
    """Whether `agency` is one of `writable_agencies(user)`, without a query
    beyond reading the agency's place."""
    if access.is_superuser(user) or agency_writable(user, agency):
        return True
    if not agency.is_active:
        return False
    place = agency.place
    if _manages(user) and access.place_in_jurisdiction(
        user, place, roles=[Role.STANDING_OFFICE]
    ):
        return True
    return place.current_commune_id in _commune_ids(user)


def own_agency(user: Any) -> Agency | None:
    """The agency a user records for by default: their first grant's."""
    grants = access.grants_for(user)
    if not grants:
        return None
    return Agency.objects.filter(pk=grants[0].agency_id).first()
