"""API: agencies, steering committees and the user's own API tokens."""

import datetime
from typing import Any

from ninja import Field, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from bcd138.agencies import services
from bcd138.agencies.models import Agency, ApiToken, SteeringCommittee
from bcd138.core.http import AuthedRequest

router = Router(tags=["agencies"])
tokens_router = Router(tags=["tokens"])


class AgencyOut(Schema):
    id: int
    name: str
    short_name: str
    kind: str
    place_code: str = Field(alias="place.code")
    place_name: str = Field(alias="place.name")
    parent_id: int | None
    is_active: bool


class CommitteeMemberOut(Schema):
    id: int
    person_name: str
    title: str
    position: str
    agency_id: int
    term_start: datetime.date | None
    term_end: datetime.date | None


class CommitteeOut(Schema):
    id: int
    name: str
    level: str
    place_code: str = Field(alias="place.code")
    standing_agency_id: int
    members: list[CommitteeMemberOut]


class TokenIn(Schema):
    name: str = Field(max_length=100)
    days: int | None = None


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: datetime.datetime
    expires_at: datetime.datetime | None
    last_used_at: datetime.datetime | None
    revoked_at: datetime.datetime | None


class TokenCreatedOut(TokenOut):
    token: str = Field(description="The secret; shown only in this response.")


@router.get("/", response=list[AgencyOut], summary="Agencies in your jurisdiction")
@paginate(LimitOffsetPagination)
def agency_list(request: AuthedRequest, kind: str | None = None) -> list[Agency]:
    qs = services.agencies_visible_to(request.user).select_related("place")
    if kind:
        qs = qs.filter(kind=kind)
    return list(qs.order_by("name", "pk"))


@router.get("/committees", response=list[CommitteeOut], summary="Steering committees")
def committee_list(request: AuthedRequest) -> list[SteeringCommittee]:
    qs = services.committees_visible_to(request.user).select_related("place")
    return list(qs.prefetch_related("members"))


@router.get(
    "/committees/{committee_id}",
    response=CommitteeOut,
    summary="One steering committee",
)
def committee_detail(request: AuthedRequest, committee_id: int) -> SteeringCommittee:
    return services.committee_get_for(user=request.user, pk=committee_id)


@tokens_router.get("/", response=list[TokenOut], summary="Your API tokens")
def token_list(request: AuthedRequest) -> list[ApiToken]:
    return list(services.api_tokens_of(request.user))


@tokens_router.post("/", response={201: TokenCreatedOut}, summary="Create an API token")
def token_create(request: AuthedRequest, payload: TokenIn) -> Status[dict[str, Any]]:
    token, raw = services.api_token_create(
        user=request.user, name=payload.name, days=payload.days
    )
    return Status(201, {**TokenOut.from_orm(token).dict(), "token": raw})


@tokens_router.delete("/{token_id}", response=TokenOut, summary="Revoke an API token")
def token_revoke(request: AuthedRequest, token_id: int) -> ApiToken:
    return services.api_token_revoke(user=request.user, pk=token_id)


@router.get("/{agency_id}", response=AgencyOut, summary="One agency")
def agency_detail(request: AuthedRequest, agency_id: int) -> Agency:
    return services.agency_get_for(user=request.user, pk=agency_id)


__all__ = ["router"]
