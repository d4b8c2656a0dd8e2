"""Who sees and acts on programmes, recommendations, plans and tasks (issue 6).

- The standing office (Role.STANDING_OFFICE over a province) sees and manages
  everything of the committees placed in its province.
- Committee leaders (Role.COMMITTEE_LEADER) read everything of those committees.
- A member agency's officer (Role.MEMBER_AGENCY) sees and updates its agency's own
  items: the tasks assigned to it, the recommendations it raised, is asked to
  follow up or is addressed, the programmes it is a party to.
- Commune police (Role.COMMUNE_POLICE) do the same for the agencies placed in
  their commune (their own police first); so does the head of a commune's police
  (Role.UNIT_HEAD with a commune grant), who answers for the same work. A unit
  head over a province (the head of a provincial department) is not given the
  province by this: only a commune grant counts.
Everyone else gets 403 on the lists and 404 on an item; an item that exists
outside one's reach answers 404 and is audited (`access.get_from_or_404`).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from bcd138.agencies.models import Agency, CommitteeLevel, Role, SteeringCommittee
from bcd138.core import access
from bcd138.places.models import Level, Place
from bcd138.programs.models import (
    Plan,
    Programme,
    ProgrammeParty,
    ProgrammeQuerySet,
    Recommendation,
    RecommendationQuerySet,
    Task,
    TaskQuerySet,
)

MANAGER_ROLES = (Role.STANDING_OFFICE,)
COMMITTEE_ROLES = (Role.STANDING_OFFICE, Role.COMMITTEE_LEADER)
PROGRAM_ROLES = (
    Role.STANDING_OFFICE,
    Role.COMMITTEE_LEADER,
    Role.MEMBER_AGENCY,
    Role.COMMUNE_POLICE,
)


def has_programs_role(user: Any) -> bool:
    return access.has_role(user, *PROGRAM_ROLES) or bool(_unit_head_communes(user))


def require_programs_role(user: Any) -> None:
    if not has_programs_role(user):
        raise PermissionDenied


def member_agency_ids(user: Any) -> set[int]:
    return {
        g.agency_id for g in access.grants_for(user) if g.role == Role.MEMBER_AGENCY
    }


def _unit_head_communes(user: Any) -> set[int]:
    """The communes whose police the user heads (unit-head grants over a commune)."""
    return {
        g.place_id
        for g in access.grants_for(user)
        if g.role == Role.UNIT_HEAD and g.place_level == Level.COMMUNE
    }


def _is_commune_police(user: Any) -> bool:
    return access.has_role(user, Role.COMMUNE_POLICE) or bool(_unit_head_communes(user))


def commune_q(user: Any, field: str) -> Q:
    """Places (at `field`, "" for places themselves) in the communes of the
    user's commune police grants and commune unit-head grants."""
    q = Q(pk__in=[])
    if access.has_role(user, Role.COMMUNE_POLICE):
        q |= access.jurisdiction_q(user, field=field, roles=[Role.COMMUNE_POLICE])
    heads = _unit_head_communes(user)
    if heads:
        prefix = f"{field}__" if field else ""
        q |= Q(**{f"{prefix}current_commune_id__in": heads})
    return q


def _in_commune(user: Any, place: Place) -> bool:
    if place.current_commune_id in _unit_head_communes(user):
        return True
    return access.place_in_jurisdiction(user, place, roles=[Role.COMMUNE_POLICE])


def _committee_q(user: Any, field: str, roles: tuple[str, ...]) -> Q:
    """Items of the committees placed in the user's province (for `roles`)."""
    prefix = f"{field}__" if field else ""
    return access.jurisdiction_q(user, field=f"{prefix}place", roles=roles)


def own_q(user: Any, *agency_fields: str) -> Q:
    """Items whose agency (at any of `agency_fields`) is the user's own."""
    members = member_agency_ids(user)
    q = Q(pk__in=[])
    for name in agency_fields:
        if members:
            q |= Q(**{f"{name}_id__in": members})
        if _is_commune_police(user):
            q |= commune_q(user, f"{name}__place")
    return q


def owns_agency(user: Any, agency: Agency | None) -> bool:
    if agency is None:
        return False
    if access.is_superuser(user) or agency.pk in member_agency_ids(user):
        return True
    return _in_commune(user, agency.place)


def own_agencies(user: Any) -> QuerySet[Agency]:
    """The agencies the user acts for (raising a recommendation, reporting)."""
    qs = Agency.objects.active()
    if access.is_superuser(user):
        return qs.none()
    q = Q(pk__in=member_agency_ids(user))
    if _is_commune_police(user):
        q |= commune_q(user, "place")
    return qs.filter(q).order_by("name")


# ---- committees ---------------------------------------------------------------------


def committees_managed_by(user: Any) -> QuerySet[SteeringCommittee]:
    qs = SteeringCommittee.objects.select_related("place", "standing_agency")
    return qs.filter(_committee_q(user, "", MANAGER_ROLES)).order_by("level", "name")


def committees_read_by(user: Any) -> QuerySet[SteeringCommittee]:
    qs = SteeringCommittee.objects.select_related("place", "standing_agency")
    return qs.filter(_committee_q(user, "", COMMITTEE_ROLES)).order_by("level", "name")


def may_manage(user: Any, committee: SteeringCommittee) -> bool:
    return access.place_in_jurisdiction(user, committee.place, roles=MANAGER_ROLES)


def require_manage(user: Any, committee: SteeringCommittee) -> None:
    if not may_manage(user, committee):
        raise PermissionDenied


def committees_for_raising(user: Any) -> QuerySet[SteeringCommittee]:
    """The standing office's committees; for a member agency or a commune, the
    committee of the province its agency works in."""
    managed = committees_managed_by(user)
    if managed.exists():
        return managed
    provinces = own_agencies(user).values("place__current_province")
    return (
        SteeringCommittee.objects.filter(
            level=CommitteeLevel.PROVINCE, place__in=provinces
        )
        .select_related("place", "standing_agency")
        .order_by("name")
    )


# ---- programmes ---------------------------------------------------------------------


def programmes_visible_to(user: Any) -> ProgrammeQuerySet:
    qs = Programme.objects.all()
    if access.is_superuser(user):
        return qs
    parties = ProgrammeParty.objects.filter(own_q(user, "agency")).values("programme")
    return qs.filter(
        _committee_q(user, "committee", COMMITTEE_ROLES) | Q(pk__in=parties)
    )


def programme_get_for(*, user: Any, pk: Any) -> Programme:
    return access.get_from_or_404(
        programmes_visible_to(user).select_related("committee__place"), user, pk=pk
    )


# ---- recommendations ----------------------------------------------------------------

RECOMMENDATION_AGENCIES = ("raised_by", "addressed_to", "follow_up_agency")


def recommendations_visible_to(user: Any) -> RecommendationQuerySet:
    qs = Recommendation.objects.all()
    if access.is_superuser(user):
        return qs
    return qs.filter(
        _committee_q(user, "committee", COMMITTEE_ROLES)
        | own_q(user, *RECOMMENDATION_AGENCIES)
    )


def recommendation_get_for(*, user: Any, pk: Any) -> Recommendation:
    related = (
        "committee__place",
        "raised_by",
        "addressed_to",
        "follow_up_agency",
        "place",
    )
    return access.get_from_or_404(
        recommendations_visible_to(user).select_related(*related), user, pk=pk
    )


def may_note_recommendation(user: Any, rec: Recommendation) -> bool:
    """The standing office, the raiser, the addressee and the follow-up agency."""
    if may_manage(user, rec.committee):
        return True
    return any(
        owns_agency(user, getattr(rec, name)) for name in RECOMMENDATION_AGENCIES
    )


def may_edit_recommendation(user: Any, rec: Recommendation) -> bool:
    """Before the committee answers: the standing office and the raiser."""
    return may_manage(user, rec.committee) or owns_agency(user, rec.raised_by)


# ---- plans and tasks ---------------------------------------------------------


def tasks_visible_to(user: Any) -> TaskQuerySet:
    qs = Task.objects.all()
    if access.is_superuser(user):
        return qs
    return qs.filter(
        _committee_q(user, "plan__committee", COMMITTEE_ROLES) | own_q(user, "assignee")
    )


def task_get_for(*, user: Any, pk: Any) -> Task:
    related = ("plan__committee__place", "assignee__place")
    return access.get_from_or_404(
        tasks_visible_to(user).select_related(*related), user, pk=pk
    )


def may_report_on_task(user: Any, task: Task) -> bool:
    """The assignee's officers report progress and mark the task done."""
    return owns_agency(user, task.assignee)


def plans_visible_to(user: Any) -> QuerySet[Plan]:
    """Plans of the user's committees, and plans holding a task of the user's own."""
    qs = Plan.objects.all()
    if access.is_superuser(user):
        return qs
    own = Task.objects.filter(own_q(user, "assignee")).values("plan")
    return qs.filter(_committee_q(user, "committee", COMMITTEE_ROLES) | Q(pk__in=own))


def plan_get_for(*, user: Any, pk: Any) -> Plan:
    return access.get_from_or_404(
        plans_visible_to(user).select_related("committee__place"), user, pk=pk
    )
