"""Victims and seized property, added by the investigating body while the case
is open (403 ``not_investigating_body``, 400 ``case_closed``). The victim's
identity is encrypted and never given back here."""

from ninja import Router, Status

from bcd138.cases.api.schemas import SeizedIn, SeizedOut, VictimIn, VictimOut
from bcd138.cases.models import SeizedItem, Victim
from bcd138.cases.services import access as case_access
from bcd138.cases.services.people import case_seized_add, case_victim_add
from bcd138.core.http import AuthedRequest

router = Router(tags=["criminal cases: victims and property"])


@router.post(
    "/{case_id}/victims", response={201: VictimOut}, summary="Add a victim (bị hại)"
)
def victim_add(
    request: AuthedRequest, case_id: int, payload: VictimIn
) -> Status[Victim]:
    case = case_access.case_get_for(user=request.user, pk=case_id)
    victim = case_victim_add(
        case,
        by=request.user,
        kind=payload.kind,
        harm=payload.harm,
        identity=payload.identity.model_dump(),
    )
    return Status(201, victim)


@router.post(
    "/{case_id}/seized",
    response={201: SeizedOut},
    summary="Add property seized (vật chứng, tài sản thu giữ)",
)
def seized_add(
    request: AuthedRequest, case_id: int, payload: SeizedIn
) -> Status[SeizedItem]:
    case = case_access.case_get_for(user=request.user, pk=case_id)
    item = case_seized_add(
        case,
        by=request.user,
        description=payload.description,
        quantity=payload.quantity,
        value_vnd=payload.value_vnd,
        seized_on=payload.seized_on,
    )
    return Status(201, item)
