"""Who may see and act on commendations (issue 6 §2), built on `core.access`.

- The standing office (Role.STANDING_OFFICE) of a committee — a grant whose
  jurisdiction is the committee's place — sees and manages everything of that
  committee: it opens campaigns, reviews proposals (accepts or returns them),
  records decisions, and may propose for any unit of the committee's area.
- Committee leaders (Role.COMMITTEE_LEADER) of that place read everything of the
  committee and approve reviewed proposals (or send them back).
- Member agencies (Role.MEMBER_AGENCY) propose for their own agency: they see
  and edit the proposals their agency made, in the campaigns of the committees
  of their jurisdiction.
- Commune police (Role.COMMUNE_POLICE) see and record their commune's own
  proposals: those their unit made and those whose place lies in their commune.
  The head of a commune's police (Role.UNIT_HEAD with a commune grant) has the
  same scope; a unit head over a province gets nothing from this rule.
- Decisions are seen by the committee's office and leaders, and by a proposer
  for the decisions that name one of their proposals.
Everyone else: 403 on the lists, 404 (audited) on an object.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from bcd138.agencies.models import Agency, Role, SteeringCommittee
from bcd138.awards.models import (
    EDITABLE,
    Campaign,
    Decision,
    Proposal,
    ProposalFile,
    ProposalState,
    Recipient,
)
from bcd138.core import access
from bcd138.places.models import Level, Place

MANAGER = Role.STANDING_OFFICE
LEADER = Role.COMMITTEE_LEADER
PROPOSER_ROLES = (Role.MEMBER_AGENCY, Role.COMMUNE_POLICE)
S = ProposalState


def _places(user: Any, *roles: str) -> set[int]:
    return {g.place_id for g in access.grants_for(user) if g.role in roles}


def _commune_head(grant: access.Grant) -> bool:
    """A unit head over a commune: the head of that commune's police."""
    return grant.role == Role.UNIT_HEAD and grant.place_level == Level.COMMUNE


def _proposer_grants(user: Any) -> list[access.Grant]:
    return [
        g
        for g in access.grants_for(user)
        if g.role in PROPOSER_ROLES or _commune_head(g)
    ]


def _head_communes(user: Any) -> set[int]:
    return {g.place_id for g in access.grants_for(user) if _commune_head(g)}


def _heads_q(user: Any, field: str) -> Q:
    heads = _head_communes(user)
    if not heads:
        return Q(pk__in=[])
    prefix = f"{field}__" if field else ""
    return Q(**{f"{prefix}current_commune_id__in": heads})


def has_awards_role(user: Any) -> bool:
    return (
        access.is_superuser(user)
        or access.has_role(user, MANAGER, LEADER)
        or bool(_proposer_grants(user))
    )


def require_awards_role(user: Any) -> None:
    if not has_awards_role(user):
        raise PermissionDenied


def committee_place_ids(user: Any, *roles: str) -> set[int]:
    """The places of the committees where the user holds one of `roles`: a
    committee is the one whose place is the grant's jurisdiction."""
    return _places(user, *roles)


def proposer_committee_place_ids(user: Any) -> set[int]:
    """Committees a proposer may propose to: that of their own jurisdiction and,
    for a commune, that of its province."""
    places = {g.place_id for g in _proposer_grants(user)}
    if not places:
        return set()
    provinces = Place.objects.filter(pk__in=places, level=Level.COMMUNE).values_list(
        "current_province_id", flat=True
    )
    return places | {p for p in provinces if p is not None}


def own_agency_ids(user: Any) -> set[int]:
    """The units a proposer proposes as."""
    return {g.agency_id for g in _proposer_grants(user)}


def proposer_area_q(user: Any, field: str) -> Q:
    """Places (at `field`, "" for places themselves) in a proposer's own area:
    the jurisdictions of their proposer grants."""
    return access.jurisdiction_q(user, field=field, roles=PROPOSER_ROLES) | _heads_q(
        user, field
    )


def in_proposer_area(user: Any, place: Place) -> bool:
    if access.place_in_jurisdiction(user, place, roles=PROPOSER_ROLES):
        return True
    return place.current_commune_id in _head_communes(user)


def _commune_police_q(user: Any, field: str) -> Q:
    """Places in the jurisdiction of the user's commune police grants, and in
    the communes whose police they head."""
    q = Q(pk__in=[])
    if access.has_role(user, Role.COMMUNE_POLICE):
        q |= access.jurisdiction_q(user, field=field, roles=[Role.COMMUNE_POLICE])
    return q | _heads_q(user, field)


# ---- what one sees -----------------------------------------------------------------


def campaigns_visible_to(user: Any) -> QuerySet[Campaign]:
    qs = Campaign.objects.all()
    if access.is_superuser(user):
        return qs
    places = committee_place_ids(user, MANAGER, LEADER)
    places |= proposer_committee_place_ids(user)
    return qs.filter(committee__place_id__in=places)


def proposals_visible_to(user: Any) -> QuerySet[Proposal]:
    qs = Proposal.objects.all()
    if access.is_superuser(user):
        return qs
    q = Q(campaign__committee__place_id__in=committee_place_ids(user, MANAGER, LEADER))
    q |= Q(proposer_id__in=own_agency_ids(user))
    q |= _commune_police_q(user, "place")
    return qs.filter(q)


def decisions_visible_to(user: Any) -> QuerySet[Decision]:
    qs = Decision.objects.all()
    if access.is_superuser(user):
        return qs
    q = Q(campaign__committee__place_id__in=committee_place_ids(user, MANAGER, LEADER))
    if _proposer_grants(user):
        mine = Recipient.objects.filter(proposal__in=proposals_visible_to(user))
        q |= Q(pk__in=mine.values("decision"))
    return qs.filter(q)


def campaign_get_for(*, user: Any, pk: Any) -> Campaign:
    return access.get_from_or_404(
        campaigns_visible_to(user).select_related("committee__place"), user, pk=pk
    )


def proposal_get_for(*, user: Any, pk: Any) -> Proposal:
    related = (
        "campaign__committee__place",
        "proposer",
        "agency",
        "place__current_commune",
        "award_form__grantor",
    )
    return access.get_from_or_404(
        proposals_visible_to(user).select_related(*related), user, pk=pk
    )


def decision_get_for(*, user: Any, pk: Any) -> Decision:
    return access.get_from_or_404(
        decisions_visible_to(user).select_related("campaign__committee", "grantor"),
        user,
        pk=pk,
    )


def proposal_file_get_for(*, user: Any, proposal: Proposal, pk: Any) -> ProposalFile:
    return access.get_from_or_404(proposal.files.all(), user, pk=pk)


# ---- what one may do -----------------------------------------------------------------


def manages_committee(user: Any, committee: SteeringCommittee) -> bool:
    """The committee's standing office."""
    return access.is_superuser(user) or committee.place_id in (
        committee_place_ids(user, MANAGER)
    )


def manages(user: Any, campaign: Campaign) -> bool:
    return manages_committee(user, campaign.committee)


def committees_managed_by(user: Any) -> QuerySet[SteeringCommittee]:
    qs = SteeringCommittee.objects.select_related("place")
    if access.is_superuser(user):
        return qs
    return qs.filter(place_id__in=committee_place_ids(user, MANAGER))


def leads(user: Any, campaign: Campaign) -> bool:
    """A leader of the committee."""
    return access.is_superuser(user) or campaign.committee.place_id in (
        committee_place_ids(user, LEADER)
    )


def may_manage_any(user: Any) -> bool:
    return access.is_superuser(user) or access.has_role(user, MANAGER)


def may_propose_in(user: Any, campaign: Campaign) -> bool:
    return manages(user, campaign) or (
        campaign.committee.place_id in proposer_committee_place_ids(user)
    )


def proposing_units(user: Any, campaign: Campaign) -> QuerySet[Agency]:
    """The units the user may propose as: any active agency of the committee's
    area for its standing office; one's own unit for a proposer."""
    agencies = Agency.objects.active()
    if manages(user, campaign):
        place = campaign.committee.place
        field = (
            "current_province" if place.level == Level.PROVINCE else "current_commune"
        )
        return agencies.filter(**{f"place__{field}": place})
    if campaign.committee.place_id not in proposer_committee_place_ids(user):
        return agencies.none()
    return agencies.filter(pk__in=own_agency_ids(user))


def is_proposer_of(user: Any, proposal: Proposal) -> bool:
    """The proposing unit's officers, and the police of the proposal's commune."""
    if proposal.proposer_id in own_agency_ids(user):
        return True
    place = proposal.place
    if place.current_commune_id in _head_communes(user):
        return True
    return access.has_role(user, Role.COMMUNE_POLICE) and access.place_in_jurisdiction(
        user, place, roles=[Role.COMMUNE_POLICE]
    )


def may_edit(user: Any, proposal: Proposal) -> bool:
    """Whoever may change the proposal's content (state aside)."""
    return manages(user, proposal.campaign) or is_proposer_of(user, proposal)


def allowed_steps(user: Any, proposal: Proposal) -> set[str]:
    """What the page offers `user` on `proposal` now (the services decide)."""
    campaign = proposal.campaign
    steps: set[str] = set()
    editor = may_edit(user, proposal)
    if editor and proposal.state in EDITABLE:
        steps |= {"edit", "submit"}
    if editor and proposal.state in (S.DRAFT, S.SUBMITTED, S.RETURNED):
        steps.add("withdraw")
    office = manages(user, campaign)
    leader = leads(user, campaign)
    if office and proposal.state == S.SUBMITTED:
        steps |= {"accept", "return"}
    if proposal.state == S.ACCEPTED and (office or leader):
        steps.add("return")
    if leader and proposal.state == S.ACCEPTED:
        steps.add("approve")
    if office and proposal.state == S.APPROVED:
        steps.add("decide")
    return steps


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied
