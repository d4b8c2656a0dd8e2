"""Reading and opening cases; revealing the identities (audited)."""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import LimitOffsetPagination, paginate

from bcd138.cases.api.helpers import (
    ROW_RELATED,
    agency_by_id,
    case_for_detail,
    charge_inputs,
    commune_by_code,
    commune_by_id,
    may_watch_unit,
    require_case_role,
)
from bcd138.cases.api.schemas import (
    CaseDetailOut,
    CaseFiltersIn,
    CaseIn,
    CaseOut,
    IdentitiesOut,
    RevealIn,
)
from bcd138.cases.models import Case
from bcd138.cases.services import access as case_access
from bcd138.cases.services.opening import CaseInput, case_open, case_open_from_report
from bcd138.cases.services.people import case_identities_reveal
from bcd138.cases.services.queries import CaseFilters, cases_list, unit_overdue
from bcd138.core.errors import DomainError
from bcd138.core.http import AuthedRequest
from bcd138.intake.services import access as report_access

router = Router(tags=["criminal cases"])


def _filters(f: CaseFiltersIn) -> CaseFilters:
    commune = None
    if f.commune:
        commune = commune_by_code(f.commune)
    elif f.commune_id is not None:
        commune = commune_by_id(f.commune_id)
    agency = agency_by_id(f.agency, code="agency") if f.agency is not None else None
    return CaseFilters(
        stage=f.stage or "",
        category=f.category or "",
        agency=agency,
        commune=commune,
        due=f.due or "",
        instituted_from=f.instituted_from,
        instituted_to=f.instituted_to,
        q=f.q,
        name=f.name,
        social_order=f.social_order,
        solved=f.solved,
    )


@router.get("/", response=list[CaseOut], summary="The cases you see, filtered")
@paginate(LimitOffsetPagination)
def case_list(request: AuthedRequest, filters: Query[CaseFiltersIn]) -> QuerySet[Case]:
    require_case_role(request.user)
    qs = cases_list(user=request.user, filters=_filters(filters))
    return qs.select_related(*ROW_RELATED)


@router.get(
    "/overdue", response=list[CaseOut], summary="A unit's cases past their limit"
)
@paginate(LimitOffsetPagination)
def case_overdue(request: AuthedRequest, agency: int) -> QuerySet[Case]:
    unit = agency_by_id(agency, code="agency")
    if not may_watch_unit(request.user, unit):
        raise DomainError(
            _("You may see the overdue cases of your own bodies only."),
            code="forbidden",
            status=403,
        )
    return unit_overdue(agency=unit).select_related(*ROW_RELATED)


@router.get("/{case_id}", response=CaseDetailOut, summary="One case")
def case_detail(request: AuthedRequest, case_id: int) -> Case:
    return case_for_detail(request.user, case_id)


def _case_input(payload: CaseIn) -> CaseInput:
    return CaseInput(
        number=payload.number,
        title=payload.title,
        investigating_body=agency_by_id(
            payload.investigating_body, code="investigating_body"
        ),
        procuracy=agency_by_id(payload.procuracy, code="procuracy"),
        occurred_on=payload.occurred_on,
        place=commune_by_code(payload.commune, era=payload.era),
        instituted_on=payload.instituted_on,
        reference=payload.reference,
        charges=charge_inputs(payload.charges),
        address_line=payload.address_line,
        latitude=payload.latitude,
        longitude=payload.longitude,
        reason=payload.reason,
    )


@router.post("/", response={201: CaseDetailOut}, summary="Open a case (khởi tố vụ án)")
def case_create(request: AuthedRequest, payload: CaseIn) -> Status[Case]:
    data = _case_input(payload)
    if payload.report is not None:
        report = report_access.report_get_for(user=request.user, pk=payload.report)
        case = case_open_from_report(
            report,
            by=request.user,
            data=data,
            decision_reason=payload.decision_reason,
        )
    else:
        case = case_open(by=request.user, data=data)
    return Status(201, case_for_detail(request.user, case.pk))


@router.post(
    "/{case_id}/identities/reveal",
    response=IdentitiesOut,
    summary="Reveal the accused's and victims' identities (audited)",
)
def case_reveal(
    request: AuthedRequest, response: HttpResponse, case_id: int, payload: RevealIn
) -> dict[str, Any]:
    # Never cached anywhere, whatever the answer.
    add_never_cache_headers(response)
    case = case_access.case_get_for(user=request.user, pk=case_id)
    revealed = case_identities_reveal(case, by=request.user, reason=payload.reason)
    accused = [
        {"id": a.pk, "ordinal": a.ordinal, **revealed["accused"].get(a.pk, {})}
        for a in case.accused.order_by("ordinal")
    ]
    victims = [
        {
            "id": v.pk,
            "kind": v.kind,
            "harm": v.harm,
            **revealed["victims"].get(v.pk, {}),
        }
        for v in case.victims.all()
    ]
    return {"accused": accused, "victims": victims}
