"""API for officers: the queue, a report, the duty desk, the import, every step."""

from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import LimitOffsetPagination, paginate

from bcd138.agencies.models import Agency, User
from bcd138.core import access
from bcd138.core.errors import DomainError
from bcd138.core.http import AuthedRequest
from bcd138.intake.api.helpers import (
    _report_input,
    _require_handler,
    _step,
)
from bcd138.intake.api.schemas import (
    DecideIn,
    ExtendIn,
    ImportOut,
    MessageIn,
    ProcuracyExtendIn,
    QueueFilters,
    RecordedOut,
    RecordIn,
    ReferenceIn,
    ReportAssignIn,
    ReportDetailOut,
    ReportLinkIn,
    ReportNoteIn,
    ReportOut,
    ReportReasonIn,
    ReportStepOut,
    ResumeIn,
    SuspendIn,
    TransferIn,
)
from bcd138.intake.models import (
    Channel,
    CrimeReport,
    State,
)
from bcd138.intake.services import access as report_access
from bcd138.intake.services import handling, importing, queue
from bcd138.intake.services.reports import (
    normalise_code,
    report_record,
)

router = Router(tags=["crime information"])

MAX_IMPORT_BYTES = 5 * 1024 * 1024


# ---- the officers' side -----------------------------------------------------


@router.get("/", response=list[ReportOut], summary="The queue of reports")
@paginate(LimitOffsetPagination)
def report_list(
    request: AuthedRequest, filters: Query[QueueFilters]
) -> QuerySet[CrimeReport]:
    _require_handler(request.user)
    commune = (
        importing.commune_for(filters.commune, by=access.SYSTEM)
        if filters.commune
        else None
    )
    return queue.reports_queue(
        user=request.user,
        state=filters.state or "",
        kind=filters.kind or "",
        channel=filters.channel or "",
        crime_type=filters.crime_type or "",
        commune=commune,
        due=filters.due or "",
        assignee=filters.assignee or "",
        q=filters.q,
        sort=filters.sort,
    )


@router.get("/counts", response=dict[str, int], summary="How many reports per state")
def report_counts(request: AuthedRequest) -> dict[str, int]:
    _require_handler(request.user)
    counts = queue.reports_state_counts(user=request.user)
    return {state: counts.get(state, 0) for state in State.values}


@router.post("/", response={201: RecordedOut}, summary="Record a report (duty desk)")
def report_create(request: AuthedRequest, payload: RecordIn) -> Status[dict[str, Any]]:
    unit = Agency.objects.filter(pk=payload.unit).first()
    if unit is None:
        raise DomainError(
            _("You can record reports only for your own unit."),
            code="forbidden",
            status=403,
        )
    importing.recorder_check(by=request.user, unit=unit, channel=payload.channel)
    received_at = payload.received_at
    if received_at is not None and timezone.is_naive(received_at):
        received_at = timezone.make_aware(received_at)
    data = _report_input(payload, kind=payload.kind, by=request.user)
    data.very_serious = payload.very_serious
    data.sender_agency_name = payload.sender_agency_name
    receipt = report_record(
        data,
        by=request.user,
        unit=unit,
        channel=payload.channel,
        received_at=received_at,
        external_ref=payload.external_ref.strip(),
    )
    report = receipt.report
    return Status(
        201,
        {
            "id": report.pk,
            "tracking_code": receipt.tracking_code,
            "secret": receipt.secret,
            "state": report.state,
            "deadline": report.deadline,
        },
    )


@router.post(
    "/import",
    response=ImportOut,
    summary="Import reports exported by another channel",
    openapi_extra={
        "requestBody": {
            "content": {
                "application/json": {
                    "schema": {
                        "type": "array",
                        "items": {"type": "object"},
                        "description": "The rows, keyed by column name.",
                    }
                },
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "properties": {"file": {"type": "string", "format": "binary"}},
                        "required": ["file"],
                    }
                },
            },
            "required": True,
        }
    },
)
def report_import(
    request: AuthedRequest,
    unit: int,
    channel: Channel = Channel.IMPORT,
    dry_run: bool = False,
) -> importing.ImportResult:
    agency = Agency.objects.filter(pk=unit).first()
    if agency is None:
        raise DomainError(
            _("You can record reports only for your own unit."),
            code="forbidden",
            status=403,
        )
    # Refused before the body is read: an outsider learns nothing from parsing.
    importing.recorder_check(by=request.user, unit=agency, channel=channel)
    rows = _import_rows(request)
    return importing.reports_import(
        rows, by=request.user, unit=agency, channel=channel, dry_run=dry_run
    )


def _import_rows(request: AuthedRequest) -> list[dict[str, str]]:
    too_large = DomainError(_("The request is too large."), code="too_large")
    try:
        if request.content_type == "multipart/form-data":
            upload = request.FILES.get("file")
            if upload is None:
                raise DomainError(
                    _("Send a JSON list of rows, or a CSV file in the field “file”."),
                    code="file",
                )
            content = upload.read(MAX_IMPORT_BYTES + 1)
            if len(content) > MAX_IMPORT_BYTES:
                raise too_large
            text = importing.decode(content)
            if text.lstrip().startswith("["):
                return importing.parse_json(text)
            return importing.parse_csv(text)
        return importing.parse_json(importing.decode(request.body))
    except RequestDataTooBig:
        raise too_large from None


@router.get("/{report_id}", response=ReportDetailOut, summary="One report")
def report_detail(request: AuthedRequest, report_id: int) -> CrimeReport:
    return report_access.report_get_for(user=request.user, pk=report_id)


# ---- handling steps ---------------------------------------------------------
# One endpoint per step, each with its own body, so that the OpenAPI description
# says exactly what every step needs. The names are the pages' (intake:act).


def _officer(pk: int) -> User:
    officer = User.objects.filter(pk=pk, is_active=True).first()
    if officer is None:
        # The same answer as for a user of another unit: no hint who exists.
        raise DomainError(
            _("The officer must belong to the handling unit."), code="assignee"
        )
    return officer


def _transfer_target(pk: int | None) -> Agency | None:
    """The unit asked for; whether it may receive the report is the service's rule."""
    if pk is None:
        return None
    target = Agency.objects.filter(pk=pk).first()
    if target is None:
        raise DomainError(
            _("Choose a police unit of the same province."), code="to_agency"
        )
    return target


def _other_report(user: Any, code: str) -> CrimeReport:
    other = (
        report_access.reports_visible_to(user)
        .filter(tracking_code=normalise_code(code))
        .first()
    )
    if other is None:
        raise DomainError(_("No report with that code in your queue."), code="link")
    return other


@router.post(
    "/{report_id}/steps/assign", summary="Assign an officer", response=ReportStepOut
)
def step_assign(request: AuthedRequest, report_id: int, payload: ReportAssignIn) -> Any:
    return _step(
        request,
        report_id,
        lambda r, u: handling.report_assign(
            r, by=u, officer=_officer(payload.officer), on=payload.on
        ),
    )


@router.post(
    "/{report_id}/steps/notify_procuracy",
    summary="Notify the procuracy",
    response=ReportStepOut,
)
def step_notify_procuracy(
    request: AuthedRequest, report_id: int, payload: ReferenceIn
) -> Any:
    return _step(
        request,
        report_id,
        lambda r, u: handling.report_notify_procuracy(
            r, by=u, reference=payload.reference, on=payload.on
        ),
    )


@router.post(
    "/{report_id}/steps/note", summary="Add a verification note", response=ReportStepOut
)
def step_note(request: AuthedRequest, report_id: int, payload: ReportNoteIn) -> Any:
    return _step(
        request,
        report_id,
        lambda r, u: handling.report_note(
            r, by=u, text=payload.text, preliminary=payload.preliminary
        ),
    )


@router.post(
    "/{report_id}/steps/extend",
    summary="Extend (head of the unit)",
    response=ReportStepOut,
)
def step_extend(request: AuthedRequest, report_id: int, payload: ExtendIn) -> Any:
    return _step(
        request,
        report_id,
        lambda r, u: handling.report_extend(
            r,
            by=u,
            until=payload.until,
            reason=payload.reason,
            reference=payload.reference,
            on=payload.on,
        ),
    )


@router.post(
    "/{report_id}/steps/request_extension",
    summary="Ask the procuracy for an extension",
    response=ReportStepOut,
)
def step_request_extension(
    request: AuthedRequest, report_id: int, payload: ReportReasonIn
) -> Any:
    return _step(
        request,
        report_id,
        lambda r, u: handling.report_request_procuracy_extension(
            r, by=u, reason=payload.reason, reference=payload.reference
        ),
    )


@router.post(
    "/{report_id}/steps/procuracy_extend",
    summary="Record the procuracy's extension",
    response=ReportStepOut,
)
def step_procuracy_extend(
    request: AuthedRequest, report_id: int, payload: ProcuracyExtendIn
) -> Any:
    return _step(
        request,
        report_id,
        lambda r, u: handling.report_procuracy_extend(
            r, by=u, until=payload.until, reference=payload.reference, on=payload.on
        ),
    )


@router.post(
    "/{report_id}/steps/suspend", summary="Suspend (Điều 148)", response=ReportStepOut
)
def step_suspend(request: AuthedRequest, report_id: int, payload: SuspendIn) -> Any:
    return _step(
        request,
        report_id,
        lambda r, u: handling.report_suspend(
            r,
            by=u,
            ground=payload.ground,
            reason=payload.reason,
            reference=payload.reference,
            on=payload.on,
        ),
    )


@router.post(
    "/{report_id}/steps/annul",
    summary="Record an annulled suspension",
    response=ReportStepOut,
)
def step_annul(request: AuthedRequest, report_id: int, payload: ReferenceIn) -> Any:
    return _step(
        request,
        report_id,
        lambda r, u: handling.report_annul_suspension(
            r, by=u, reference=payload.reference, on=payload.on
        ),
    )


@router.post(
    "/{report_id}/steps/resume",
    summary="Resume after suspension",
    response=ReportStepOut,
)
def step_resume(request: AuthedRequest, report_id: int, payload: ResumeIn) -> Any:
    return _step(
        request,
        report_id,
        lambda r, u: handling.report_resume(
            r, by=u, reason=payload.reason, reference=payload.reference, on=payload.on
        ),
    )


@router.post(
    "/{report_id}/steps/decide",
    summary="Decide (khởi tố or not)",
    response=ReportStepOut,
)
def step_decide(request: AuthedRequest, report_id: int, payload: DecideIn) -> Any:
    return _step(
        request,
        report_id,
        lambda r, u: handling.report_decide(
            r,
            by=u,
            decision=payload.decision,
            reason=payload.reason,
            reference=payload.reference,
            on=payload.on,
        ),
    )


@router.post(
    "/{report_id}/steps/transfer",
    summary="Transfer to another body",
    response=ReportStepOut,
)
def step_transfer(request: AuthedRequest, report_id: int, payload: TransferIn) -> Any:
    return _step(
        request,
        report_id,
        lambda r, u: handling.report_transfer(
            r,
            by=u,
            reason=payload.reason,
            to_agency=_transfer_target(payload.to_agency),
            outside_body=payload.outside_body,
            on=payload.on,
        ),
    )


@router.post(
    "/{report_id}/steps/link",
    summary="Link to a possible duplicate",
    response=ReportStepOut,
)
def step_link(request: AuthedRequest, report_id: int, payload: ReportLinkIn) -> Any:
    return _step(
        request,
        report_id,
        lambda r, u: handling.report_link(
            r, by=u, other=_other_report(u, payload.other_code), reason=payload.reason
        ),
    )


@router.post(
    "/{report_id}/steps/message",
    summary="Write to the reporter",
    response=ReportStepOut,
)
def step_message(request: AuthedRequest, report_id: int, payload: MessageIn) -> Any:
    return _step(
        request,
        report_id,
        lambda r, u: handling.report_message_to_reporter(r, by=u, body=payload.body),
    )
