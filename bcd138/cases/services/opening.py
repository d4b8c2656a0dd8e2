"""Opening a case: directly, or from the crime report whose decision instituted it."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bcd138.agencies.models import Agency, AgencyKind
from bcd138.cases.models import Case, CaseEvent, EventKind
from bcd138.cases.services import access as case_access
from bcd138.cases.services.charges import (
    ChargeInput,
    charges_resolve,
    charges_write,
    code_in_force,
)
from bcd138.cases.services.clock import case_recompute
from bcd138.core import access, audit
from bcd138.core.errors import DomainError
from bcd138.intake.models import CrimeReport, Decision, State
from bcd138.intake.services.handling import report_decide
from bcd138.law import penal_code
from bcd138.places.models import Level, Place

POLICE_KINDS = (AgencyKind.PROVINCIAL_POLICE, AgencyKind.COMMUNE_POLICE)


@dataclass
class CaseInput:
    number: str
    title: str
    investigating_body: Agency
    procuracy: Agency
    occurred_on: datetime.date
    place: Place
    instituted_on: datetime.date
    reference: str  # the number of the decision to institute
    charges: Sequence[ChargeInput] = field(default_factory=list)
    address_line: str = ""
    latitude: float | None = None
    longitude: float | None = None
    reason: str = ""


def _clean(data: CaseInput, *, by: Any) -> None:
    today = timezone.localdate()
    data.number = data.number.strip()
    data.title = data.title.strip()
    data.reference = data.reference.strip()
    if not data.number:
        raise DomainError(_("Give the case number."), code="number")
    if len(data.title) < 5:
        raise DomainError(_("Describe the case in a few words."), code="title")
    if not data.reference:
        raise DomainError(
            _("Give the number of the decision to institute the case."),
            code="reference",
        )
    if data.investigating_body.kind not in POLICE_KINDS:
        raise DomainError(
            _("The investigating body must be a police unit."),
            code="investigating_body",
        )
    if not (
        access.is_superuser(by)
        or data.investigating_body.pk in case_access.police_agency_ids(by)
    ):
        raise PermissionDenied
    if data.procuracy.kind != AgencyKind.PROCURACY:
        raise DomainError(
            _("Choose the procuracy that supervises the case."), code="procuracy"
        )
    if data.occurred_on > today or data.instituted_on > today:
        raise DomainError(_("The date is in the future."), code="date")
    if data.instituted_on < data.occurred_on:
        raise DomainError(
            _("A case cannot be instituted before the offence."), code="instituted_on"
        )
    if data.place.level == Level.PROVINCE:
        raise DomainError(_("Choose the commune or ward."), code="place")
    body_province = data.investigating_body.place.current_province_id
    if data.place.current_province_id != body_province:
        raise DomainError(
            _("The place is outside the investigating body's province."), code="place"
        )
    for value, low, high in ((data.latitude, -90, 90), (data.longitude, -180, 180)):
        if value is not None and not low <= value <= high:
            raise DomainError(_("The coordinates are not valid."), code="coordinates")


@transaction.atomic
def case_open(*, by: Any, data: CaseInput, report: CrimeReport | None = None) -> Case:
    """Institute a case (khởi tố vụ án) with the charges of the decision."""
    _clean(data, by=by)
    code = code_in_force(data.occurred_on)
    resolved = charges_resolve(data.charges, on=data.occurred_on)
    category = penal_code.most_serious(r.category for r in resolved)
    if Case.objects.filter(
        investigating_body=data.investigating_body, number=data.number
    ).exists():
        raise DomainError(
            _("This investigating body already has a case numbered %(number)s.")
            % {"number": data.number},
            code="number_taken",
        )
    case = Case(
        number=data.number,
        title=data.title,
        investigating_body=data.investigating_body,
        procuracy=data.procuracy,
        report=report,
        occurred_on=data.occurred_on,
        place=data.place,
        address_line=data.address_line.strip(),
        latitude=data.latitude,
        longitude=data.longitude,
        code_version=code.effective_from,
        created_by=by if getattr(by, "pk", None) else None,
        instituted_on=data.instituted_on,
        initial_category=category,
        category=category,
        stage="investigation",
        phase="running",
        holder="police",
        holding_agency=data.investigating_body,
        stage_started_on=data.instituted_on,
        last_event_on=data.instituted_on,
    )
    try:
        with transaction.atomic():
            case.save()
    except IntegrityError:
        raise DomainError(
            _("This investigating body already has a case numbered %(number)s.")
            % {"number": data.number},
            code="number_taken",
        ) from None
    event = CaseEvent.objects.create(
        case=case,
        kind=EventKind.INSTITUTED,
        on=data.instituted_on,
        actor=by if getattr(by, "pk", None) else None,
        agency=data.investigating_body,
        to_agency=data.procuracy,
        category=category,
        reference=data.reference,
        reason=data.reason.strip(),
    )
    charges_write(case, resolved, event=event)
    case_recompute(case)
    audit.record("case.instituted", actor=by, obj=case, place=case.place)
    return case


def report_can_open_case(report: CrimeReport) -> bool:
    """A report leads to at most one case: still open, or instituted without one."""
    if Case.objects.filter(report=report).exists():
        return False
    return report.state in (
        State.RECEIVED,
        State.IN_PROGRESS,
        State.INSTITUTED,
    )


@transaction.atomic
def case_open_from_report(
    report: CrimeReport,
    *,
    by: Any,
    data: CaseInput,
    decision_reason: str = "",
) -> Case:
    """The report's decision to institute (if not yet taken) and the case it opens,
    together: both or neither."""
    report = CrimeReport.objects.select_for_update().get(pk=report.pk)
    if not report_can_open_case(report):
        raise DomainError(
            _(
                "This report cannot open a case: it was decided otherwise "
                "or already has one."
            ),
            code="report_state",
        )
    if data.investigating_body.pk != report.handling_agency_id:
        raise DomainError(
            _("The case is opened by the unit that handles the report."),
            code="investigating_body",
        )
    if report.state != State.INSTITUTED:
        report_decide(
            report,
            by=by,
            decision=Decision.INSTITUTE,
            reason=decision_reason or data.title,
            reference=data.reference,
            on=data.instituted_on,
        )
    return case_open(by=by, data=data, report=report)


def input_from_report(report: CrimeReport) -> dict[str, Any]:
    """Initial values of the opening form for a report."""
    return {
        "title": report.description[:200],
        "occurred_on": report.occurred_on or report.received_at.date(),
        "place": report.place,
        "address_line": report.address_line,
        "latitude": report.latitude,
        "longitude": report.longitude,
        "investigating_body": report.handling_agency,
    }
