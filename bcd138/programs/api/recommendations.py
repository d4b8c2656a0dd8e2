"""Recommendations: list (oldest first), aging, one, raising and the steps."""

from typing import Any, Literal

from django.db.models import QuerySet
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from bcd138.core.http import AuthedRequest
from bcd138.places.models import Place
from bcd138.programs import access
from bcd138.programs.api.helpers import (
    agency_by_id,
    agency_required,
    committee_in,
    place_by_code,
)
from bcd138.programs.api.schemas import (
    AgingOut,
    CloseIn,
    NoteIn,
    NoteOut,
    RecommendationDetailOut,
    RecommendationIn,
    RecommendationOut,
    RespondIn,
)
from bcd138.programs.models import AgeBand, Recommendation, RecommendationState
from bcd138.programs.services import recommendations as svc
from bcd138.programs.services.common import today
from bcd138.programs.services.queries import (
    RecommendationFilters,
    recommendations_aging,
    recommendations_list,
)

router = Router(tags=["recommendations"])


class RecommendationFiltersIn(Schema):
    state: RecommendationState | Literal["all"] | None = Field(
        None, description="Default: the open ones; `all` for every state."
    )
    band: AgeBand | None = Field(None, description="lt30, 30to90 or gt90 days.")
    agency: int | None = Field(
        None, description="Raised by, addressed to or following up."
    )
    commune: str | None = Field(None, description="2025 code of the commune concerned.")
    past_follow_up: bool = False
    q: str = Field("", max_length=100)


@router.get(
    "/recommendations",
    response=list[RecommendationOut],
    summary="Recommendations you see, oldest first",
)
@paginate(LimitOffsetPagination)
def recommendation_list(
    request: AuthedRequest, filters: Query[RecommendationFiltersIn]
) -> QuerySet[Recommendation]:
    access.require_programs_role(request.user)
    commune = place_by_code(filters.commune, "2025")
    f = RecommendationFilters(
        state=filters.state or "",
        band=filters.band or "",
        agency=agency_by_id(filters.agency),
        commune=commune if isinstance(commune, Place) else None,
        past_follow_up=filters.past_follow_up,
        q=filters.q,
    )
    return recommendations_list(user=request.user, filters=f, today=today())


@router.get(
    "/recommendations/aging",
    response=AgingOut,
    summary="Open recommendations by age: under 30, 30 to 90, over 90 days",
)
def recommendation_aging(request: AuthedRequest) -> dict[str, Any]:
    access.require_programs_role(request.user)
    aging = recommendations_aging(user=request.user, today=today())
    return {
        "total": aging.total,
        "past_follow_up": aging.past_follow_up,
        "bands": [
            {"band": b.band, "label": b.label, "count": b.count, "items": b.rows}
            for b in aging.bands
        ],
    }


@router.get(
    "/recommendations/{recommendation_id}",
    response=RecommendationDetailOut,
    summary="One recommendation with its notes",
)
def recommendation_detail(request: AuthedRequest, recommendation_id: int) -> Any:
    return access.recommendation_get_for(user=request.user, pk=recommendation_id)


@router.post(
    "/recommendations",
    response={201: RecommendationDetailOut},
    summary="Raise a recommendation",
)
def recommendation_create(
    request: AuthedRequest, payload: RecommendationIn
) -> Status[Recommendation]:
    committee = committee_in(
        access.committees_for_raising(request.user), payload.committee
    )
    data = svc.RecommendationInput(
        subject=payload.subject,
        text=payload.text,
        raised_by=agency_required(payload.raised_by),
        raised_on=payload.raised_on,
        raised_by_person=payload.raised_by_person,
        conference=payload.conference,
        addressed_to=agency_by_id(payload.addressed_to),
        place=place_by_code(payload.commune, payload.era),
    )
    rec = svc.recommendation_raise(by=request.user, committee=committee, data=data)
    return Status(201, rec)


@router.post(
    "/recommendations/{recommendation_id}/respond",
    response=RecommendationDetailOut,
    summary="The committee's response (standing office)",
)
def recommendation_respond(
    request: AuthedRequest, recommendation_id: int, payload: RespondIn
) -> Recommendation:
    rec = access.recommendation_get_for(user=request.user, pk=recommendation_id)
    svc.recommendation_respond(
        rec,
        by=request.user,
        response=payload.response,
        text=payload.text,
        on=payload.on,
        follow_up_agency=agency_by_id(payload.follow_up_agency),
        follow_up_by=payload.follow_up_by,
    )
    return rec


@router.post(
    "/recommendations/{recommendation_id}/notes",
    response={201: NoteOut},
    summary="Add a progress note",
)
def recommendation_note(
    request: AuthedRequest, recommendation_id: int, payload: NoteIn
) -> Status[object]:
    rec = access.recommendation_get_for(user=request.user, pk=recommendation_id)
    note = svc.recommendation_note(
        rec, by=request.user, text=payload.text, on=payload.on
    )
    return Status(201, note)


@router.post(
    "/recommendations/{recommendation_id}/close",
    response=RecommendationDetailOut,
    summary="Close with the outcome (standing office)",
)
def recommendation_close(
    request: AuthedRequest, recommendation_id: int, payload: CloseIn
) -> Recommendation:
    rec = access.recommendation_get_for(user=request.user, pk=recommendation_id)
    svc.recommendation_close(
        rec,
        by=request.user,
        outcome=payload.outcome,
        on=payload.on,
        reason=payload.reason,
    )
    return rec
