"""Who sees and acts on the hot-spot analysis (issue 5, part 3).

- The standing office, committee leaders and provincial police over a province
  see the province's runs, every cell and trend, and every alert of it.
- Commune police and unit heads over a commune see the runs of the province their
  commune lies in, but only the cells, trends and alerts of their own commune
  (`commune_scope`).
- The standing office of the province and the police of the alert's commune act
  on an alert (acknowledge, assign, notes, close); only the standing office starts
  a run by hand.
Everyone else gets 403 on the pages and 404 on an alert; an alert that exists
outside one's reach answers 404 and is audited (`access.get_from_or_404`).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from bcd138.agencies.models import Role
from bcd138.core import access
from bcd138.hotspots.models import Alert, Run
from bcd138.places.models import Level, Place

HOTSPOT_ROLES = (
    Role.STANDING_OFFICE,
    Role.COMMITTEE_LEADER,
    Role.PROVINCIAL_POLICE,
    Role.COMMUNE_POLICE,
    Role.UNIT_HEAD,
)
# Roles that see a whole province when granted over it.
PROVINCE_ROLES = (Role.STANDING_OFFICE, Role.COMMITTEE_LEADER, Role.PROVINCIAL_POLICE)
# Roles that see one commune when granted over it.
COMMUNE_ROLES = (Role.COMMUNE_POLICE, Role.UNIT_HEAD)
MANAGER_ROLES = (Role.STANDING_OFFICE,)


def has_hotspots_role(user: Any) -> bool:
    return access.has_role(user, *HOTSPOT_ROLES)


def require_hotspots_role(user: Any) -> None:
    if not has_hotspots_role(user):
        raise PermissionDenied


def _grants(user: Any, roles: tuple[str, ...]) -> list[access.Grant]:
    return [g for g in access.grants_for(user) if g.role in roles]


def _province_of_grant(grant: access.Grant) -> int | None:
    if grant.place_level == Level.PROVINCE:
        return grant.place_id
    place = Place.objects.filter(pk=grant.place_id).only("current_province").first()
    return place.current_province_id if place is not None else None


def provinces_visible_to(user: Any) -> set[int] | None:
    """Ids of the current provinces whose runs the user sees (None = all)."""
    if access.is_superuser(user):
        return None
    ids: set[int] = set()
    for g in _grants(user, HOTSPOT_ROLES):
        province_id = _province_of_grant(g)
        if province_id is not None:
            ids.add(province_id)
    return ids


def runs_visible_to(user: Any) -> QuerySet[Run]:
    """Runs of the provinces the user's jurisdictions lie in."""
    qs = Run.objects.select_related("province")
    provinces = provinces_visible_to(user)
    if provinces is None:
        return qs
    return qs.filter(province_id__in=provinces)


def commune_scope(user: Any, province: Place) -> set[int] | None:
    """None when the user sees the whole `province`; else the ids of the current
    communes of it they may see (possibly empty)."""
    if access.is_superuser(user):
        return None
    if any(
        g.place_level == Level.PROVINCE and g.place_id == province.pk
        for g in _grants(user, PROVINCE_ROLES)
    ):
        return None
    communes = {
        g.place_id
        for g in _grants(user, COMMUNE_ROLES + PROVINCE_ROLES)
        if g.place_level == Level.COMMUNE
    }
    if not communes:
        return set()
    return set(
        Place.objects.filter(
            pk__in=communes, level=Level.COMMUNE, current_province=province
        ).values_list("pk", flat=True)
    )


def alerts_visible_to(user: Any) -> QuerySet[Alert]:
    qs = Alert.objects.all()
    if access.is_superuser(user):
        return qs
    provinces = {
        g.place_id
        for g in _grants(user, PROVINCE_ROLES)
        if g.place_level == Level.PROVINCE
    }
    communes = {
        g.place_id
        for g in _grants(user, HOTSPOT_ROLES)
        if g.place_level == Level.COMMUNE
    }
    if not provinces and not communes:
        return qs.none()
    q = Q(pk__in=[])
    if provinces:
        q |= Q(province_id__in=provinces)
    if communes:
        q |= Q(commune_id__in=communes)
    return qs.filter(q)


def alert_get_for(*, user: Any, pk: Any) -> Alert:
    related = ("province", "commune", "first_run", "last_run", "assignee")
    return access.get_from_or_404(
        alerts_visible_to(user).select_related(*related), user, pk=pk
    )


def may_act_on_alert(user: Any, alert: Alert) -> bool:
    """The standing office of the province, or the police of the alert's commune."""
    if access.is_superuser(user):
        return True
    return may_act_on_alert_by_grants(user, alert)


def may_act_on_alert_by_grants(user: Any, alert: Alert) -> bool:
    """The same, by the user's own grants only (superusers get no exception):
    who may be assigned an alert."""
    for g in access.grants_for(user):
        if (
            g.role in MANAGER_ROLES
            and g.place_level == Level.PROVINCE
            and g.place_id == alert.province_id
        ):
            return True
        if (
            g.role in COMMUNE_ROLES
            and g.place_level == Level.COMMUNE
            and g.place_id == alert.commune_id
        ):
            return True
    return False


def may_start_run(user: Any, province: Place) -> bool:
    """Only the standing office of the province starts a run by hand."""
    if access.is_superuser(user):
        return True
    return any(
        g.place_level == Level.PROVINCE and g.place_id == province.pk
        for g in _grants(user, MANAGER_ROLES)
    )
