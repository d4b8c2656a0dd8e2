"""Schemas of the commendation API. A person is only a name, a position and a
unit; nothing else about them is kept, so nothing else goes out."""

import datetime
from typing import Any

from ninja import Field, Schema

from bcd138.awards.models import (
    Decision,
    Eligibility,
    Grantor,
    Occasion,
    Proposal,
    ProposalState,
    RecipientKind,
)
from bcd138.places.models import Era, Place


class Ref(Schema):
    id: int
    name: str


class AwardPlaceRef(Schema):
    code: str
    name: str
    era: str


class GrantorOut(Schema):
    id: int
    code: str
    name: str
    level: str
    signer_position: str
    is_active: bool


class AwardFormOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    grantor: Ref
    eligibility: Eligibility
    legal_basis: str
    valid_from: datetime.date | None
    valid_to: datetime.date | None
    is_active: bool


class CatalogueOut(Schema):
    grantors: list[GrantorOut]
    forms: list[AwardFormOut]


class CampaignOut(Schema):
    id: int
    name: str
    year: int
    occasion: Occasion
    opens_on: datetime.date
    closes_on: datetime.date
    notes: str
    committee: Ref


class CampaignIn(Schema):
    committee: int
    name: str = Field(max_length=250)
    year: int
    occasion: Occasion
    opens_on: datetime.date
    closes_on: datetime.date
    notes: str = ""


class CampaignEditIn(Schema):
    """A campaign's own fields (its committee does not change)."""

    name: str = Field(max_length=250)
    year: int
    occasion: Occasion
    opens_on: datetime.date
    closes_on: datetime.date
    notes: str = ""


class ProposalOut(Schema):
    id: int
    campaign: Ref
    year: int = Field(description="The campaign's year.")
    recipient_kind: RecipientKind
    recipient_name: str
    person_position: str
    person_unit: str
    agency: Ref | None
    place: AwardPlaceRef = Field(description="The unit as entered (legacy or 2025).")
    current_commune: AwardPlaceRef | None
    award_form: Ref
    grantor: Ref
    proposer: Ref
    state: ProposalState
    return_reason: str
    submitted_on: datetime.date | None
    reviewed_on: datetime.date | None
    approved_on: datetime.date | None
    decided_on: datetime.date | None

    @staticmethod
    def resolve_campaign(obj: Proposal) -> dict[str, Any]:
        return {"id": obj.campaign_id, "name": obj.campaign.name}

    @staticmethod
    def resolve_year(obj: Proposal) -> int:
        return obj.campaign.year

    @staticmethod
    def resolve_place(obj: Proposal) -> dict[str, Any]:
        return _place(obj.place)

    @staticmethod
    def resolve_current_commune(obj: Proposal) -> dict[str, Any] | None:
        commune = obj.place.current_commune
        return _place(commune) if commune is not None else None

    @staticmethod
    def resolve_grantor(obj: Proposal) -> Grantor:
        return obj.award_form.grantor


def _place(place: Place) -> dict[str, Any]:
    return {"code": place.code, "name": place.name, "era": place.era}


class ProposalEventOut(Schema):
    kind: str
    on: datetime.date
    actor: str | None
    reason: str

    @staticmethod
    def resolve_actor(obj: Any) -> str | None:
        return obj.actor.get_username() if obj.actor else None


class EvidenceOut(Schema):
    id: int
    kind: str
    label: str
    note: str


class ProposalFileOut(Schema):
    id: int
    name: str
    content_type: str
    size: int


class DecisionRef(Schema):
    id: int
    number: str
    signed_on: datetime.date


class ProposalDetailOut(ProposalOut):
    achievements: str
    events: list[ProposalEventOut]
    evidence: list[EvidenceOut]
    files: list[ProposalFileOut]
    decision: DecisionRef | None
    allowed_steps: list[str]

    # `_detail` attaches these for the requesting user.
    @staticmethod
    def resolve_events(obj: Any) -> Any:
        return obj._api["events"]

    @staticmethod
    def resolve_evidence(obj: Any) -> Any:
        return obj._api["evidence"]

    @staticmethod
    def resolve_files(obj: Any) -> Any:
        return obj._api["files"]

    @staticmethod
    def resolve_decision(obj: Any) -> Any:
        return obj._api["decision"]

    @staticmethod
    def resolve_allowed_steps(obj: Any) -> Any:
        return obj._api["allowed_steps"]


class ProposalIn(Schema):
    campaign: int
    recipient_kind: RecipientKind
    award_form: int
    achievements: str
    proposer: int | None = Field(
        None, description="Your unit; may be omitted when you have only one."
    )
    agency: int | None = Field(None, description="A collective that is an agency.")
    collective_name: str = Field("", max_length=250)
    person_name: str = Field("", max_length=150)
    person_position: str = Field("", max_length=150)
    person_unit: str = Field("", max_length=250)
    commune: str | None = Field(
        None, max_length=5, description="Commune code; default: the agency's place."
    )
    era: Era = Era.CURRENT


class StepIn(Schema):
    on: datetime.date | None = None
    note: str = Field("", max_length=500)


class ReasonIn(Schema):
    on: datetime.date | None = None
    reason: str = Field(max_length=2000)


class EvidenceIn(Schema):
    kind: str
    reference: str = Field(max_length=60)
    note: str = Field("", max_length=300)


class RecipientOut(Schema):
    line: int
    proposal: int
    recipient_kind: str
    recipient_name: str
    award_form: str

    @staticmethod
    def resolve_proposal(obj: Any) -> int:
        return int(obj.proposal_id)

    @staticmethod
    def resolve_recipient_kind(obj: Any) -> str:
        return str(obj.proposal.recipient_kind)

    @staticmethod
    def resolve_recipient_name(obj: Any) -> str:
        return str(obj.proposal.recipient_name)

    @staticmethod
    def resolve_award_form(obj: Any) -> str:
        return str(obj.proposal.award_form.name)


class DecisionOut(Schema):
    id: int
    number: str
    signed_on: datetime.date
    signer_name: str
    signer_title: str
    issuing_body: str
    place_name: str
    summary: str
    grantor: Ref
    campaign: Ref
    year: int

    @staticmethod
    def resolve_year(obj: Decision) -> int:
        return obj.campaign.year


class DecisionDetailOut(DecisionOut):
    recipients: list[RecipientOut]

    @staticmethod
    def resolve_recipients(obj: Decision) -> Any:
        return obj.recipients.select_related("proposal__award_form", "proposal__agency")


class AwardDecisionIn(Schema):
    campaign: int
    grantor: int
    number: str = Field(max_length=60)
    signed_on: datetime.date
    signer_name: str = Field(max_length=150)
    signer_title: str = Field("", max_length=150)
    issuing_body: str = Field("", max_length=200)
    place_name: str = Field("", max_length=100)
    summary: str = Field("", max_length=300)
    proposals: list[int]


class CountOut(Schema):
    year: int
    grantor: str
    award_form: str
    collectives: int
    individuals: int
    total: int


class ProposalQuery(Schema):
    campaign: int | None = None
    state: ProposalState | None = None
    award_form: int | None = None
    recipient_kind: RecipientKind | None = None
    proposer: int | None = None
    year: int | None = None
    q: str = Field("", max_length=100)
