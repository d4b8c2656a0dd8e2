"""Coordination programmes: list, one, signing, commitments, reviews, early end."""

from django.db.models import QuerySet
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from bcd138.core.http import AuthedRequest
from bcd138.programs import access
from bcd138.programs.api.helpers import agency_by_id, agency_required, committee_in
from bcd138.programs.api.schemas import (
    CommitmentAddIn,
    CommitmentOut,
    EndIn,
    ProgrammeDetailOut,
    ProgrammeIn,
    ProgrammeOut,
    ReviewIn,
    ReviewOut,
)
from bcd138.programs.models import Programme, ProgrammeStatus
from bcd138.programs.services import programmes as svc
from bcd138.programs.services.common import today
from bcd138.programs.services.queries import ProgrammeFilters, programmes_list

router = Router(tags=["coordination programmes"])


class ProgrammeFiltersIn(Schema):
    status: ProgrammeStatus | None = None
    agency: int | None = Field(None, description="Id of a party.")
    q: str = Field("", max_length=100)


@router.get("/programmes", response=list[ProgrammeOut], summary="Programmes you see")
@paginate(LimitOffsetPagination)
def programme_list(
    request: AuthedRequest, filters: Query[ProgrammeFiltersIn]
) -> QuerySet[Programme]:
    access.require_programs_role(request.user)
    f = ProgrammeFilters(
        status=filters.status or "",
        agency=agency_by_id(filters.agency),
        q=filters.q,
    )
    return programmes_list(user=request.user, filters=f, today=today())


@router.get(
    "/programmes/{programme_id}", response=ProgrammeDetailOut, summary="One programme"
)
def programme_detail(request: AuthedRequest, programme_id: int) -> Programme:
    return access.programme_get_for(user=request.user, pk=programme_id)


@router.post(
    "/programmes",
    response={201: ProgrammeDetailOut},
    summary="Record a signed programme (standing office)",
)
def programme_create(request: AuthedRequest, payload: ProgrammeIn) -> Status[Programme]:
    committee = committee_in(
        access.committees_managed_by(request.user), payload.committee
    )
    data = svc.ProgrammeInput(
        title=payload.title,
        number=payload.number,
        summary=payload.summary,
        signed_on=payload.signed_on,
        valid_from=payload.valid_from,
        valid_to=payload.valid_to,
        review_every_months=payload.review_every_months,
        parties=[
            svc.PartyInput(
                agency=agency_required(p.agency),
                name_as_signed=p.name_as_signed,
                signatory=p.signatory,
                is_lead=p.is_lead,
            )
            for p in payload.parties
        ],
        commitments=[
            svc.CommitmentInput(agency=agency_required(c.agency), text=c.text)
            for c in payload.commitments
        ],
    )
    programme = svc.programme_create(by=request.user, committee=committee, data=data)
    return Status(201, programme)


@router.post(
    "/programmes/{programme_id}/commitments",
    response={201: CommitmentOut},
    summary="Add a party's commitment",
)
def programme_commitment(
    request: AuthedRequest, programme_id: int, payload: CommitmentAddIn
) -> Status[object]:
    programme = access.programme_get_for(user=request.user, pk=programme_id)
    commitment = svc.programme_commitment_add(
        programme,
        by=request.user,
        agency=agency_required(payload.agency),
        text=payload.text,
    )
    return Status(201, commitment)


@router.post(
    "/programmes/{programme_id}/reviews",
    response={201: ReviewOut},
    summary="Record a periodic review and the result of each commitment",
)
def programme_review(
    request: AuthedRequest, programme_id: int, payload: ReviewIn
) -> Status[object]:
    programme = access.programme_get_for(user=request.user, pk=programme_id)
    data = svc.ReviewInput(
        held_on=payload.held_on,
        period_from=payload.period_from,
        period_to=payload.period_to,
        assessment=payload.assessment,
        results=[
            svc.ResultInput(r.commitment, r.rating, r.note) for r in payload.results
        ],
    )
    review = svc.programme_review_record(programme, by=request.user, data=data)
    return Status(201, review)


@router.post(
    "/programmes/{programme_id}/end",
    response=ProgrammeDetailOut,
    summary="End the programme early, with the reason",
)
def programme_end(
    request: AuthedRequest, programme_id: int, payload: EndIn
) -> Programme:
    programme = access.programme_get_for(user=request.user, pk=programme_id)
    svc.programme_end(programme, by=request.user, on=payload.on, reason=payload.reason)
    return programme
