"""API: commendations (thi đua, khen thưởng) — the catalogue, campaigns, proposals
and their steps, decisions, and the counts by form and grantor per year.

The same access helpers and services as the pages decide; a proposal or decision
outside one's reach is 404 (audited), a step one may not take 403, a step out of
order 400 with the service's code.
"""

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import LimitOffsetPagination, paginate

from bcd138.agencies.models import Agency, SteeringCommittee
from bcd138.awards import access as awards_access
from bcd138.awards.api.schemas import (
    AwardDecisionIn,
    CampaignEditIn,
    CampaignIn,
    CampaignOut,
    CatalogueOut,
    CountOut,
    DecisionDetailOut,
    DecisionOut,
    EvidenceIn,
    ProposalDetailOut,
    ProposalIn,
    ProposalOut,
    ProposalQuery,
    ReasonIn,
    StepIn,
)
from bcd138.awards.models import (
    AwardForm,
    Campaign,
    Decision,
    Grantor,
    Proposal,
)
from bcd138.awards.services import evidence, proposals
from bcd138.awards.services.campaigns import campaign_create, campaign_update
from bcd138.awards.services.decisions import decision_record
from bcd138.awards.services.queries import (
    CountRow,
    ProposalFilters,
    award_counts,
    decisions_list,
    proposals_list,
)
from bcd138.core.errors import DomainError
from bcd138.core.http import AuthedRequest
from bcd138.places.models import Level
from bcd138.places.services.lookup import place_get

router = Router(tags=["commendations"])

# ---- helpers -----------------------------------------------------------------------


def _detail(user: Any, proposal: Proposal) -> Proposal:
    """The proposal with what its detail shows for `user` attached."""
    recipient = getattr(proposal, "recipient", None)
    proposal._api = {  # type: ignore[attr-defined]
        "events": list(proposal.events.select_related("actor")),
        "evidence": [
            {
                "id": row.link.pk,
                "kind": row.kind_label,
                "label": row.link.label,
                "note": row.link.note,
            }
            for row in evidence.evidence_rows(proposal, user)
        ],
        "files": [
            {
                "id": f.pk,
                "name": f.original_name,
                "content_type": f.content_type,
                "size": f.size,
            }
            for f in proposal.files.all()
        ],
        "decision": recipient.decision if recipient else None,
        "allowed_steps": sorted(awards_access.allowed_steps(user, proposal) - {"edit"}),
    }
    return proposal


def _by_id(model: Any, pk: int | None, field: str) -> Any:
    found = model.objects.filter(pk=pk).first() if pk is not None else None
    if found is None:
        raise DomainError(
            _("No such %(field)s: %(id)s.") % {"field": field, "id": pk}, code=field
        )
    return found


def _proposer(user: Any, campaign: Campaign, pk: int | None) -> Agency:
    if pk is not None:
        return _by_id(Agency, pk, "proposer")  # type: ignore[no-any-return]
    units = list(awards_access.proposing_units(user, campaign)[:2])
    if len(units) != 1:
        raise DomainError(_("Name the proposing unit."), code="proposer")
    return units[0]


def _input(user: Any, campaign: Campaign, body: ProposalIn) -> proposals.ProposalInput:
    place = None
    if body.commune:
        try:
            place = place_get(code=body.commune, era=body.era, level=Level.COMMUNE)
        except DomainError as exc:
            raise DomainError(exc.message, code=exc.code) from None
    return proposals.ProposalInput(
        recipient_kind=body.recipient_kind,
        award_form=_by_id(AwardForm, body.award_form, "award_form"),
        achievements=body.achievements,
        proposer=_proposer(user, campaign, body.proposer),
        agency=_by_id(Agency, body.agency, "agency") if body.agency else None,
        collective_name=body.collective_name,
        person_name=body.person_name,
        person_position=body.person_position,
        person_unit=body.person_unit,
        place=place,
    )


def _proposal(user: Any, pk: int) -> Proposal:
    return awards_access.proposal_get_for(user=user, pk=pk)


# ---- endpoints ---------------------------------------------------------------------


@router.get("/catalogue", response=CatalogueOut, summary="Award forms and grantors")
def catalogue(request: AuthedRequest) -> dict[str, Any]:
    awards_access.require_awards_role(request.user)
    return {
        "grantors": list(Grantor.objects.all()),
        "forms": list(AwardForm.objects.select_related("grantor")),
    }


@router.get("/campaigns", response=list[CampaignOut], summary="Campaigns")
@paginate(LimitOffsetPagination)
def campaign_list(request: AuthedRequest) -> QuerySet[Campaign]:
    awards_access.require_awards_role(request.user)
    return awards_access.campaigns_visible_to(request.user).select_related("committee")


@router.post("/campaigns", response={201: CampaignOut}, summary="Open a campaign")
def campaign_new(request: AuthedRequest, payload: CampaignIn) -> Status[Campaign]:
    committee = _by_id(SteeringCommittee, payload.committee, "committee")
    data = payload.dict(exclude={"committee"})
    return Status(201, campaign_create(by=request.user, committee=committee, **data))


@router.put(
    "/campaigns/{campaign_id}", response=CampaignOut, summary="Change a campaign"
)
def campaign_edit(
    request: AuthedRequest, campaign_id: int, payload: CampaignEditIn
) -> Campaign:
    """The standing office changes it; what would contradict the proposals and
    decisions already made in it is refused (400 `campaign_history`)."""
    campaign = awards_access.campaign_get_for(user=request.user, pk=campaign_id)
    return campaign_update(campaign, by=request.user, **payload.dict())


@router.get("/proposals", response=list[ProposalOut], summary="Proposals")
@paginate(LimitOffsetPagination)
def proposal_list(
    request: AuthedRequest, filters: Query[ProposalQuery]
) -> QuerySet[Proposal]:
    awards_access.require_awards_role(request.user)
    data = filters.dict()
    data = {
        k: ("" if v is None and k in ("state", "recipient_kind") else v)
        for k, v in data.items()
    }
    return proposals_list(
        user=request.user, filters=ProposalFilters(**data)
    ).select_related("place__current_commune")


@router.post(
    "/proposals", response={201: ProposalDetailOut}, summary="Draft a proposal"
)
def proposal_new(request: AuthedRequest, payload: ProposalIn) -> Status[Proposal]:
    campaign = awards_access.campaign_get_for(user=request.user, pk=payload.campaign)
    proposal = proposals.proposal_create(
        by=request.user,
        campaign=campaign,
        data=_input(request.user, campaign, payload),
    )
    return Status(201, _detail(request.user, _proposal(request.user, proposal.pk)))


@router.get(
    "/proposals/{proposal_id}", response=ProposalDetailOut, summary="A proposal"
)
def proposal_detail(request: AuthedRequest, proposal_id: int) -> Proposal:
    return _detail(request.user, _proposal(request.user, proposal_id))


@router.put(
    "/proposals/{proposal_id}",
    response=ProposalDetailOut,
    summary="Edit a draft or returned proposal",
)
def proposal_edit(
    request: AuthedRequest, proposal_id: int, payload: ProposalIn
) -> Proposal:
    proposal = _proposal(request.user, proposal_id)
    data = _input(request.user, proposal.campaign, payload)
    proposals.proposal_update(proposal, by=request.user, data=data)
    return _detail(request.user, _proposal(request.user, proposal_id))


def _stepped(request: AuthedRequest, proposal_id: int, run: Any) -> Proposal:
    proposal = _proposal(request.user, proposal_id)
    run(proposal)
    return _detail(request.user, _proposal(request.user, proposal_id))


@router.post("/proposals/{proposal_id}/submit", response=ProposalDetailOut)
def proposal_submit(
    request: AuthedRequest, proposal_id: int, payload: StepIn
) -> Proposal:
    """The proposer submits it to the standing office (within the campaign)."""
    return _stepped(
        request,
        proposal_id,
        lambda p: proposals.proposal_submit(p, by=request.user, on=payload.on),
    )


@router.post("/proposals/{proposal_id}/accept", response=ProposalDetailOut)
def proposal_accept(
    request: AuthedRequest, proposal_id: int, payload: StepIn
) -> Proposal:
    """The standing office accepts it after review."""
    return _stepped(
        request,
        proposal_id,
        lambda p: proposals.proposal_accept(
            p, by=request.user, on=payload.on, note=payload.note
        ),
    )


@router.post("/proposals/{proposal_id}/return", response=ProposalDetailOut)
def proposal_return(
    request: AuthedRequest, proposal_id: int, payload: ReasonIn
) -> Proposal:
    """Back to the proposer with a reason."""
    return _stepped(
        request,
        proposal_id,
        lambda p: proposals.proposal_return(
            p, by=request.user, reason=payload.reason, on=payload.on
        ),
    )


@router.post("/proposals/{proposal_id}/approve", response=ProposalDetailOut)
def proposal_approve(
    request: AuthedRequest, proposal_id: int, payload: StepIn
) -> Proposal:
    """A committee leader approves it."""
    return _stepped(
        request,
        proposal_id,
        lambda p: proposals.proposal_approve(
            p, by=request.user, on=payload.on, note=payload.note
        ),
    )


@router.post("/proposals/{proposal_id}/withdraw", response=ProposalDetailOut)
def proposal_withdraw(
    request: AuthedRequest, proposal_id: int, payload: StepIn
) -> Proposal:
    """The proposer withdraws it before the committee takes it up."""
    return _stepped(
        request,
        proposal_id,
        lambda p: proposals.proposal_withdraw(
            p, by=request.user, reason=payload.note, on=payload.on
        ),
    )


@router.post(
    "/proposals/{proposal_id}/evidence",
    response={201: ProposalDetailOut},
    summary="Cite a record of the platform",
)
def proposal_evidence(
    request: AuthedRequest, proposal_id: int, payload: EvidenceIn
) -> Status[Proposal]:
    proposal = _proposal(request.user, proposal_id)
    evidence.proposal_evidence_link(
        proposal,
        by=request.user,
        kind=payload.kind,
        reference=payload.reference,
        note=payload.note,
    )
    return Status(201, _detail(request.user, _proposal(request.user, proposal_id)))


@router.get("/decisions", response=list[DecisionOut], summary="Decisions")
@paginate(LimitOffsetPagination)
def decision_list(
    request: AuthedRequest, campaign: int | None = None, year: int | None = None
) -> QuerySet[Decision]:
    awards_access.require_awards_role(request.user)
    return decisions_list(user=request.user, campaign=campaign, year=year)


@router.post(
    "/decisions", response={201: DecisionDetailOut}, summary="Record a decision"
)
def decision_new(request: AuthedRequest, payload: AwardDecisionIn) -> Status[Decision]:
    campaign = awards_access.campaign_get_for(user=request.user, pk=payload.campaign)
    visible = awards_access.proposals_visible_to(request.user)
    chosen = {p.pk: p for p in visible.filter(pk__in=payload.proposals)}
    missing = [pk for pk in payload.proposals if pk not in chosen]
    if missing:
        raise DomainError(
            _("No such proposal: %(ids)s.") % {"ids": ", ".join(map(str, missing))},
            code="recipients",
        )
    data = payload.dict(exclude={"campaign", "grantor", "proposals"})
    decision = decision_record(
        by=request.user,
        campaign=campaign,
        grantor=_by_id(Grantor, payload.grantor, "grantor"),
        proposals=[chosen[pk] for pk in payload.proposals],
        **data,
    )
    return Status(201, decision)


@router.get(
    "/decisions/{decision_id}", response=DecisionDetailOut, summary="A decision"
)
def decision_detail(request: AuthedRequest, decision_id: int) -> Decision:
    return awards_access.decision_get_for(user=request.user, pk=decision_id)


@router.get(
    "/counts",
    response=list[CountOut],
    summary="Recipients by year, granting authority and award form",
)
def counts(request: AuthedRequest, year: int | None = None) -> list[CountRow]:
    awards_access.require_awards_role(request.user)
    return award_counts(user=request.user, year=year)
