"""Helpers shared by the officers' and the public endpoints."""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied

from bcd138.agencies.models import User
from bcd138.core import access, audit
from bcd138.core.http import AuthedRequest, Request
from bcd138.core.middleware import client_ip
from bcd138.intake.api.schemas import (
    ReportFieldsIn,
)
from bcd138.intake.models import (
    CrimeReport,
    ReportEvent,
    ReportMessage,
)
from bcd138.intake.services import access as report_access
from bcd138.intake.services import importing
from bcd138.intake.services.reports import (
    ReportInput,
)

# ---- helpers ----------------------------------------------------------------


def _require_handler(user: Any) -> None:
    """As the queue page: only handling units and the procuracy liaison have
    reports; anyone else (a department member) is refused, not shown an empty
    list, so that a misconfigured client notices."""
    allowed = (
        access.is_superuser(user)
        or report_access.handling_agency_ids(user)
        or access.has_role(user, *report_access.SUPERVISOR_ROLES)
    )
    if not allowed:
        raise PermissionDenied


def _report_for_step(user: Any, report_id: int) -> CrimeReport:
    """404 outside the user's reach; 403, audited, when they see but may not act."""
    report = report_access.report_get_for(user=user, pk=report_id)
    if not report_access.may_act(user, report):
        audit.record("report.act_refused", actor=user, obj=report, with_repr=False)
        raise PermissionDenied
    return report


def _step(
    request: AuthedRequest,
    report_id: int,
    perform: Callable[[CrimeReport, User], ReportEvent | ReportMessage],
) -> dict[str, Any]:
    """Run one handling step. The answer is built from model objects, which the
    response schema reads (schemas built here would be read a second time)."""
    report = _report_for_step(request.user, report_id)
    done = perform(report, request.user)
    # Re-read: a transfer moves the report out of the caller's reach.
    after = report_access.reports_visible_to(request.user).filter(pk=report_id)
    after = after.select_related("place", "handling_agency", "assignee")
    is_message = isinstance(done, ReportMessage)
    return {
        "event": None if is_message else done,
        "message": done if is_message else None,
        "report": after.first(),
    }


def _client(request: Request) -> str:
    # Without an address (a misconfigured proxy) every such client shares one
    # bucket: stricter, never looser.
    return client_ip(request) or "unknown"


def _report_input(data: ReportFieldsIn, *, kind: str, by: Any) -> ReportInput:
    return ReportInput(
        kind=kind,
        place=importing.commune_for(data.commune, by=by),
        description=data.description,
        crime_type=data.crime_type,
        occurred_on=data.occurred_on,
        occurred_time=data.occurred_time,
        address_line=data.address_line,
        people_involved=data.people_involved,
        anonymous=data.anonymous,
        confidential=data.confidential,
        identity=data.identity.dict(),
    )
