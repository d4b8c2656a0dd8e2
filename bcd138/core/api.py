"""API: the current user."""

from ninja import Router, Schema

from bcd138.core import access
from bcd138.core.http import AuthedRequest

router = Router(tags=["me"])


class GrantOut(Schema):
    role: str
    agency_id: int
    jurisdiction_id: int
    jurisdiction_level: str


class MeOut(Schema):
    id: int
    username: str
    full_name: str
    is_superuser: bool
    roles: list[GrantOut]


@router.get("/me", response=MeOut, summary="The signed-in user and their roles")
def me(request: AuthedRequest) -> MeOut:
    user = request.user
    return MeOut(
        id=user.pk,
        username=user.get_username(),
        full_name=getattr(user, "full_name", ""),
        is_superuser=user.is_superuser,
        roles=[
            GrantOut(
                role=g.role,
                agency_id=g.agency_id,
                jurisdiction_id=g.place_id,
                jurisdiction_level=g.place_level,
            )
            for g in access.grants_for(user)
        ],
    )
