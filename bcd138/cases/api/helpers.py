"""Helpers of the case endpoints: who may use the list, looking up what a body
names by id or code (a wrong one is 400, never 500), running a step."""

from collections.abc import Callable
from typing import Any, cast

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, prefetch_related_objects
from django.utils.translation import gettext as _
from ninja import Status

from bcd138.agencies.models import Agency, Role, User
from bcd138.cases.models import Accused, Case, CaseEvent, Charge, EventKind
from bcd138.cases.services import access as case_access
from bcd138.cases.services.charges import ChargeInput
from bcd138.cases.services.clock import case_clock
from bcd138.cases.services.steps import StepInput
from bcd138.core import access
from bcd138.core.errors import DomainError
from bcd138.core.http import AuthedRequest
from bcd138.law.cases import CaseClock
from bcd138.places.models import Era, Level, Place
from bcd138.places.services.lookup import place_get

ROW_RELATED = ("place__current_commune", "investigating_body", "holding_agency")
EVENT_RELATED = ("agency", "to_agency")


def require_case_role(user: Any) -> None:
    """As the case list page: only the police, the procuracy and court liaisons
    and the standing office have cases; anyone else (a department member) is
    refused rather than shown an empty list, so that a misconfigured client
    notices."""
    if not case_access.has_case_role(user):
        raise PermissionDenied


def may_watch_unit(user: Any, unit: Agency) -> bool:
    """A unit's overdue list: for its own people (the bodies whose grants name it)
    and the standing office of its province."""
    if access.is_superuser(user):
        return True
    held = (
        case_access.police_agency_ids(user)
        | case_access.procuracy_agency_ids(user)
        | case_access.court_agency_ids(user)
    )
    if unit.pk in held:
        return True
    return access.has_role(user, Role.STANDING_OFFICE) and access.place_in_jurisdiction(
        user, unit.place, roles=[Role.STANDING_OFFICE]
    )


def agency_by_id(pk: int, *, code: str) -> Agency:
    """The agency a body or query names; an unknown id is a mistake in the
    request (400 with ``code``, the field's name)."""
    agency = Agency.objects.select_related("place").filter(pk=pk).first()
    if agency is None:
        raise DomainError(
            _("No agency has the id %(id)s.") % {"id": pk}, code=code, status=400
        )
    return agency


def commune_by_code(code: str, *, era: str = Era.CURRENT) -> Place:
    try:
        return place_get(code=code, era=era, level=Level.COMMUNE)
    except DomainError as exc:
        # An unknown code in a request is a mistake in it, not a missing resource.
        raise DomainError(exc.message, code=exc.code) from None


def commune_by_id(pk: int) -> Place:
    place = Place.objects.current().communes().filter(pk=pk).first()
    if place is None:
        raise DomainError(
            _("No 2025 commune has the id %(id)s.") % {"id": pk}, code="place_unknown"
        )
    return place


def charge_inputs(charges: list[Any]) -> list[ChargeInput]:
    return [ChargeInput(article=c.article.strip(), clause=c.clause) for c in charges]


def step_input(kind: str, payload: Any, **extra: Any) -> StepInput:
    return StepInput(
        kind=kind,
        on=payload.on,
        reference=payload.reference,
        reason=payload.reason,
        **extra,
    )


def case_row(user: Any, pk: int) -> Case | None:
    """The case as a list shows it, re-read after a step (None out of reach)."""
    qs = case_access.cases_visible_to(user).select_related(*ROW_RELATED)
    return qs.filter(pk=pk).first()


def run_step(
    request: AuthedRequest,
    case_id: int,
    perform: Callable[[Case, User], CaseEvent | Accused],
) -> Status[dict[str, Any]]:
    """One step through its service: 404 outside reach, the service's refusal
    otherwise; 201 with the event appended and the case after it."""
    case = case_access.case_get_for(user=request.user, pk=case_id)
    done = perform(case, request.user)
    accused = done if isinstance(done, Accused) else None
    if isinstance(done, Accused):
        event = (
            CaseEvent.objects.select_related(*EVENT_RELATED)
            .filter(accused=done, kind=EventKind.ACCUSED_CHARGED)
            .get()
        )
    else:
        event = done
    return Status(
        201,
        {
            "event": event,
            "accused": accused,
            "case": case_row(request.user, case_id),
        },
    )


# ---- the detail: loaded once, the clock replayed once ----------------------------


def case_for_detail(user: Any, pk: int) -> Case:
    """The case (404 outside reach) with everything its page shows, in a fixed
    number of queries."""
    case = case_access.case_get_for(user=user, pk=pk)
    events = CaseEvent.objects.select_related(*EVENT_RELATED).order_by("on", "id")
    prefetch_related_objects(
        [case],
        "place__current_commune",
        "accused",
        "victims",
        "seized",
        Prefetch("events", queryset=events),
        Prefetch("charges", queryset=Charge.objects.select_related("accused")),
    )
    return case


def events_of(case: Case) -> list[CaseEvent]:
    return list(case.events.all())


def clock_of(case: Case) -> CaseClock:
    """The law engine's clock, replayed once per answer (it reads the calendar)."""
    memo = case.__dict__
    if "_api_clock" not in memo:
        memo["_api_clock"] = case_clock(case, events_of(case))
    return cast(CaseClock, memo["_api_clock"])
