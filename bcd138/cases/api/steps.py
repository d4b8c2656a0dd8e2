"""Recording the steps of a case, each through its service: only the body
holding the file acts (403 ``not_holder``), and the law engine refuses a step
the law does not allow at that point (400 ``law_…``); nothing is changed then."""

from typing import Any

from django.utils.translation import gettext as _
from ninja import Router, Status

from bcd138.cases.api.helpers import agency_by_id, charge_inputs, run_step, step_input
from bcd138.cases.api.schemas import (
    AccusedIn,
    CaseStepIn,
    CaseStepOut,
    ChargesIn,
    CorrectionIn,
    JudgmentIn,
    StepFieldsIn,
)
from bcd138.cases.models import Accused, Case, CaseEvent, EventKind
from bcd138.cases.services.steps import (
    StepInput,
    case_appeal,
    case_change_charges,
    case_charge_accused,
    case_correct,
    case_judgment,
    case_step,
)
from bcd138.core.errors import DomainError
from bcd138.core.http import AuthedRequest

router = Router(tags=["criminal cases: steps"])

K = EventKind


def _accused_of(case: Case, pk: int | None) -> Accused | None:
    if pk is None:
        return None
    accused = case.accused.filter(pk=pk).first()
    if accused is None:
        raise DomainError(_("That person is not accused in this case."), code="accused")
    return accused


def _event_of(case: Case, pk: int) -> CaseEvent:
    event = case.events.filter(pk=pk).first()
    if event is None:
        raise DomainError(_("That step is not in this case."), code="corrects")
    return event


@router.post(
    "/{case_id}/steps", response={201: CaseStepOut}, summary="Record a step with a date"
)
def step_record(
    request: AuthedRequest, case_id: int, payload: CaseStepIn
) -> Status[dict[str, Any]]:
    to_agency = (
        agency_by_id(payload.to_agency, code="to_agency")
        if payload.to_agency is not None
        else None
    )
    step = StepInput(
        kind=payload.kind,
        on=payload.on,
        reference=payload.reference,
        reason=payload.reason,
        until=payload.until,
        requested_on=payload.requested_on,
        supreme=payload.supreme,
        to_agency=to_agency,
    )
    return run_step(request, case_id, lambda c, u: case_step(c, by=u, step=step))


@router.post(
    "/{case_id}/accused",
    response={201: CaseStepOut},
    summary="Charge a person (khởi tố bị can)",
)
def step_charge_accused(
    request: AuthedRequest, case_id: int, payload: AccusedIn
) -> Status[dict[str, Any]]:
    return run_step(
        request,
        case_id,
        lambda c, u: case_charge_accused(
            c,
            by=u,
            identity=payload.identity.dict(),
            charges=charge_inputs(payload.charges),
            step=step_input(K.ACCUSED_CHARGED, payload),
        ),
    )


@router.post(
    "/{case_id}/charges",
    response={201: CaseStepOut},
    summary="Change the charges of an accused or of the case",
)
def step_change_charges(
    request: AuthedRequest, case_id: int, payload: ChargesIn
) -> Status[dict[str, Any]]:
    return run_step(
        request,
        case_id,
        lambda c, u: case_change_charges(
            c,
            by=u,
            accused=_accused_of(c, payload.accused),
            charges=charge_inputs(payload.charges),
            step=step_input(K.CHARGES_CHANGED, payload),
        ),
    )


@router.post(
    "/{case_id}/judgment",
    response={201: CaseStepOut},
    summary="Record the first-instance judgment",
)
def step_judgment(
    request: AuthedRequest, case_id: int, payload: JudgmentIn
) -> Status[dict[str, Any]]:
    outcomes: dict[int, tuple[str, str]] = {
        o.accused: (o.outcome, o.sentence) for o in payload.outcomes
    }
    if len(outcomes) != len(payload.outcomes):
        raise DomainError(
            _("Give one outcome for each accused."), code="outcomes", status=400
        )
    return run_step(
        request,
        case_id,
        lambda c, u: case_judgment(
            c, by=u, outcomes=outcomes, step=step_input(K.JUDGMENT, payload)
        ),
    )


@router.post(
    "/{case_id}/appeal", response={201: CaseStepOut}, summary="Record an appeal"
)
def step_appeal(
    request: AuthedRequest, case_id: int, payload: StepFieldsIn
) -> Status[dict[str, Any]]:
    return run_step(
        request,
        case_id,
        lambda c, u: case_appeal(c, by=u, step=step_input(K.APPEALED, payload)),
    )


@router.post(
    "/{case_id}/corrections",
    response={201: CaseStepOut},
    summary="Correct an earlier step (nothing is erased)",
)
def step_correct(
    request: AuthedRequest, case_id: int, payload: CorrectionIn
) -> Status[dict[str, Any]]:
    return run_step(
        request,
        case_id,
        lambda c, u: case_correct(
            c, by=u, corrects=_event_of(c, payload.corrects), reason=payload.reason
        ),
    )
