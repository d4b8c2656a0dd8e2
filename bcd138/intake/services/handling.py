"""Handling a report: each step of BLTTHS Điều 145–149 as an appended event.

Rules: only officers of the handling unit act; assigning, extending, suspending,
resuming and deciding are the unit head's (Thủ trưởng) steps; the law engine
refuses a step the law does not allow at that point; every step is audited.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bcd138.agencies.models import Agency, AgencyKind, User
from bcd138.core import access, audit
from bcd138.core.errors import DomainError
from bcd138.core.lawtext import law_error
from bcd138.core.services import work_calendar
from bcd138.intake.models import (
    Channel,
    CrimeReport,
    Decision,
    EventKind,
    ReportEvent,
    ReportMessage,
    Sender,
    SuspensionGround,
)
from bcd138.intake.services import access as report_access
from bcd138.intake.services.reports import (
    clock_events,
    law_rules,
    report_clock,
    report_recompute,
)
from bcd138.law import reports as law

HEAD_STEPS = {
    EventKind.ASSIGNED,
    EventKind.HEAD_EXTENDED,
    EventKind.SUSPENDED,
    EventKind.RESUMED,
    EventKind.DECIDED,
}


CLOCK_STATUS = {
    "running": gettext_lazy("running"),
    "suspended": gettext_lazy("suspended"),
    "decided": gettext_lazy("decided"),
}


def _law_error(exc: law.LawError) -> DomainError:
    return law_error(exc, {"status": CLOCK_STATUS})


def _require_head(by: Any, report: CrimeReport) -> None:
    if not (
        access.is_superuser(by)
        or report.handling_agency_id in report_access.head_of_agency_ids(by)
    ):
        raise DomainError(
            _("Only the head of the handling unit may take this step."),
            code="head_only",
            status=403,
        )


def _legal_date(on: datetime.date | None) -> datetime.date:
    today = timezone.localdate()
    on = on or today
    if on > today:
        raise DomainError(_("The date is in the future."), code="date")
    return on


def _append(
    report: CrimeReport,
    *,
    by: Any,
    kind: str,
    on: datetime.date | None = None,
    reason: str = "",
    **fields: Any,
) -> ReportEvent:
    """Check and append one step, then rewrite the derived state. Caller holds
    the transaction and a row lock on the report."""
    if not report_access.may_act(by, report):
        raise PermissionDenied
    if kind in HEAD_STEPS:
        _require_head(by, report)
    event = ReportEvent(
        report=report,
        kind=kind,
        on=_legal_date(on),
        actor=by if getattr(by, "pk", None) else None,
        agency=report.handling_agency,
        reason=reason.strip(),
        **fields,
    )
    events = list(report.events.order_by("on", "id"))
    new_clock_events = clock_events([event])
    if new_clock_events:
        clock = report_clock(report, events)
        try:
            law.check_event(
                clock, new_clock_events[0], calendar=work_calendar(), rules=law_rules()
            )
        except law.LawError as exc:
            raise _law_error(exc) from None
    event.save()
    report_recompute(report)
    audit.record(
        f"report.{kind}", actor=by, obj=report, place=report.place, reason=event.reason
    )
    return event


def _locked(report: CrimeReport) -> CrimeReport:
    """Re-read the report under a row lock so two officers' steps serialise."""
    return (
        CrimeReport.objects.select_for_update()
        .select_related("handling_agency", "place")
        .get(pk=report.pk)
    )


def _officer_of(agency: Agency, officer: Any) -> bool:
    return agency.pk in report_access.handling_agency_ids(officer)


def officers_of(agency: Agency) -> QuerySet[User]:
    """The active officers who may be assigned a report of `agency`."""
    return (
        User.objects.filter(
            is_active=True,
            roles__agency=agency,
            roles__role__in=report_access.HANDLER_ROLES,
        )
        .distinct()
        .order_by("full_name", "username")
    )


def transfer_targets(report: CrimeReport) -> QuerySet[Agency]:
    """The platform's units a report may go to: active police of its province."""
    return (
        Agency.objects.active()
        .filter(
            kind__in=[AgencyKind.COMMUNE_POLICE, AgencyKind.PROVINCIAL_POLICE],
            place__current_province=report.place.current_province_id,
        )
        .exclude(pk=report.handling_agency_id)
        .order_by("kind", "name")
    )


@transaction.atomic
def report_assign(
    report: CrimeReport, *, by: Any, officer: Any, on: datetime.date | None = None
) -> ReportEvent:
    report = _locked(report)
    if not _officer_of(report.handling_agency, officer):
        raise DomainError(
            _("The officer must belong to the handling unit."), code="assignee"
        )
    report.assignee = officer
    return _append(report, by=by, kind=EventKind.ASSIGNED, on=on, to_user=officer)


@transaction.atomic
def report_notify_procuracy(
    report: CrimeReport, *, by: Any, reference: str, on: datetime.date | None = None
) -> ReportEvent:
    report = _locked(report)
    if not reference.strip():
        raise DomainError(
            _("Give the number of the notice sent to the procuracy."), code="reference"
        )
    return _append(
        report, by=by, kind=EventKind.PROCURACY_NOTIFIED, on=on, reference=reference
    )


@transaction.atomic
def report_note(
    report: CrimeReport, *, by: Any, text: str, preliminary: bool = False
) -> ReportEvent:
    report = _locked(report)
    if not text.strip():
        raise DomainError(_("Write what was done or found."), code="text")
    kind = EventKind.PRELIMINARY_CHECKED if preliminary else EventKind.NOTE
    return _append(report, by=by, kind=kind, reason=text)


@transaction.atomic
def report_extend(
    report: CrimeReport,
    *,
    by: Any,
    until: datetime.date,
    reason: str,
    reference: str = "",
    on: datetime.date | None = None,
) -> ReportEvent:
    """The head of the investigating body extends the limit (Điều 147.2)."""
    report = _locked(report)
    _require_reason(reason)
    return _append(
        report,
        by=by,
        kind=EventKind.HEAD_EXTENDED,
        on=on,
        until=until,
        reason=reason,
        reference=reference,
    )


@transaction.atomic
def report_request_procuracy_extension(
    report: CrimeReport, *, by: Any, reason: str, reference: str = ""
) -> ReportEvent:
    report = _locked(report)
    _require_reason(reason)
    return _append(
        report,
        by=by,
        kind=EventKind.PROCURACY_EXTENSION_REQUESTED,
        reason=reason,
        reference=reference,
    )


@transaction.atomic
def report_procuracy_extend(
    report: CrimeReport,
    *,
    by: Any,
    until: datetime.date,
    reference: str,
    on: datetime.date | None = None,
) -> ReportEvent:
    """Record the procuracy's extension decision as received by the unit."""
    report = _locked(report)
    if not reference.strip():
        raise DomainError(
            _("Give the number of the procuracy's decision."), code="reference"
        )
    return _append(
        report,
        by=by,
        kind=EventKind.PROCURACY_EXTENDED,
        on=on,
        until=until,
        reference=reference,
    )


@transaction.atomic
def report_suspend(
    report: CrimeReport,
    *,
    by: Any,
    ground: str,
    reason: str,
    reference: str = "",
    on: datetime.date | None = None,
) -> ReportEvent:
    report = _locked(report)
    if ground not in SuspensionGround.values:
        raise DomainError(
            _("Choose the lawful ground for suspension (Điều 148)."), code="ground"
        )
    _require_reason(reason)
    return _append(
        report,
        by=by,
        kind=EventKind.SUSPENDED,
        on=on,
        ground=ground,
        reason=reason,
        reference=reference,
    )


@transaction.atomic
def report_annul_suspension(
    report: CrimeReport, *, by: Any, reference: str, on: datetime.date | None = None
) -> ReportEvent:
    report = _locked(report)
    return _append(
        report,
        by=by,
        kind=EventKind.SUSPENSION_ANNULLED,
        on=on,
        reference=reference,
    )


@transaction.atomic
def report_resume(
    report: CrimeReport,
    *,
    by: Any,
    reason: str,
    reference: str = "",
    on: datetime.date | None = None,
) -> ReportEvent:
    report = _locked(report)
    _require_reason(reason)
    return _append(
        report,
        by=by,
        kind=EventKind.RESUMED,
        on=on,
        reason=reason,
        reference=reference,
    )


@transaction.atomic
def report_decide(
    report: CrimeReport,
    *,
    by: Any,
    decision: str,
    reason: str,
    reference: str,
    on: datetime.date | None = None,
) -> ReportEvent:
    """Khởi tố or không khởi tố. The report records the decision; the case itself
    is opened by ``cases.services.opening.case_open_from_report``, which takes this
    step and opens the case in one transaction (or opens it later for a report
    already instituted here)."""
    report = _locked(report)
    if decision not in Decision.values:
        raise DomainError(_("Choose the decision."), code="decision")
    _require_reason(reason)
    if not reference.strip():
        raise DomainError(_("Give the number of the decision."), code="reference")
    return _append(
        report,
        by=by,
        kind=EventKind.DECIDED,
        on=on,
        decision=decision,
        reason=reason,
        reference=reference,
    )


@transaction.atomic
def report_transfer(
    report: CrimeReport,
    *,
    by: Any,
    reason: str,
    to_agency: Agency | None = None,
    outside_body: str = "",
    on: datetime.date | None = None,
) -> ReportEvent:
    """Send to another competent body: a unit on the platform (which then holds
    the report, its clock still running from receipt) or a body outside it."""
    report = _locked(report)
    _require_reason(reason)
    if to_agency is None and not outside_body.strip():
        raise DomainError(_("Choose the body that receives it."), code="to_agency")
    if to_agency is not None:
        if to_agency.pk == report.handling_agency_id:
            raise DomainError(
                _("The report is already with that unit."), code="to_agency"
            )
        if to_agency.kind not in (
            AgencyKind.COMMUNE_POLICE,
            AgencyKind.PROVINCIAL_POLICE,
        ):
            raise DomainError(
                _("Reports are transferred to a police unit."), code="to_agency"
            )
    event = _append(
        report,
        by=by,
        kind=EventKind.TRANSFERRED,
        on=on,
        reason=reason,
        to_agency=to_agency,
        reference=outside_body.strip()[:60],
    )
    if to_agency is not None:
        report.handling_agency = to_agency
        report.assignee = None
        report_recompute(report)
    return event


@transaction.atomic
def report_link(
    report: CrimeReport, *, by: Any, other: CrimeReport, reason: str
) -> ReportEvent:
    """Mark a possible duplicate as linked; both reports stay, nothing is merged."""
    report = _locked(report)
    if other.pk == report.pk:
        raise DomainError(_("A report cannot be linked to itself."), code="link")
    report_access.report_get_for(user=by, pk=other.pk)  # must see the other one
    report.duplicate_of = other
    report.save(update_fields=["duplicate_of"])
    return _append(
        report,
        by=by,
        kind=EventKind.LINKED,
        reason=reason,
        reference=other.tracking_code,
    )


@transaction.atomic
def report_message_to_reporter(
    report: CrimeReport, *, by: Any, body: str
) -> ReportMessage:
    """A message the reporter reads on the status page; the officer stays unnamed."""
    report = _locked(report)
    if not report_access.may_act(by, report):
        raise PermissionDenied
    body = body.strip()
    if not body:
        raise DomainError(_("The message is empty."), code="message")
    message = ReportMessage.objects.create(
        report=report, sender=Sender.OFFICER, officer=by, body=body[:5000]
    )
    audit.record("report.message_sent", actor=by, obj=report, place=report.place)
    return message


NOTICE_TEXT = {
    "receipt": gettext_lazy(
        "Your information has been received and is being handled by the competent unit."
    ),
    "result": gettext_lazy(
        "A decision has been taken on your information. The police unit will send "
        "you the result."
    ),
    "suspension": gettext_lazy(
        "Handling of your information is suspended while waiting for an assessment "
        "or documents; it will resume when they arrive."
    ),
}


@transaction.atomic
def report_notify_reporter(
    report: CrimeReport,
    *,
    by: Any,
    notice: str,
    reference: str = "",
    on: datetime.date | None = None,
) -> ReportEvent:
    """Record a notice to the reporter (TTLT 01/2017 Điều 14): the receipt, the
    result, or a suspension. A portal reporter also reads it on the status page.
    No notice goes to an anonymous reporter: there is nobody to address
    (TT 28/2020 Điều 17)."""
    report = _locked(report)
    if notice not in NOTICE_TEXT:
        raise DomainError(_("Choose which notice was sent."), code="notice")
    if report.anonymous and report.channel != Channel.PORTAL:
        raise DomainError(
            _("The reporter gave no personal data: there is nobody to notify."),
            code="anonymous",
        )
    event = _append(
        report,
        by=by,
        kind=EventKind.REPORTER_NOTIFIED,
        on=on,
        reference=notice,
        reason=reference,
    )
    if report.channel == Channel.PORTAL:
        ReportMessage.objects.create(
            report=report,
            sender=Sender.OFFICER,
            officer=by if getattr(by, "pk", None) else None,
            body=str(NOTICE_TEXT[notice]),
        )
    return event


def _require_reason(reason: str) -> None:
    if not reason.strip():
        raise DomainError(_("Give the reason."), code="reason")


def report_due_today(report: CrimeReport) -> dict[str, Any]:
    """The side time limits for the report page (assignment, notices, transfer)."""
    clock = report_clock(report)
    today = timezone.localdate()
    return {
        "clock": clock,
        "days_left": law.days_left(clock, today),
        "overdue": law.is_overdue(clock, today),
    }


__all__ = [
    "officers_of",
    "report_annul_suspension",
    "report_assign",
    "report_decide",
    "report_due_today",
    "report_extend",
    "report_link",
    "report_message_to_reporter",
    "report_note",
    "report_notify_procuracy",
    "report_notify_reporter",
    "report_procuracy_extend",
    "report_request_procuracy_extension",
    "report_resume",
    "report_suspend",
    "report_transfer",
    "transfer_targets",
]
