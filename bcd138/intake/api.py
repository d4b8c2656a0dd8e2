"""API: crime information (nguồn tin về tội phạm) for officers, and its public side.

`router` (at /reports) is the officers' queue, a report, the duty desk, every
handling step and the bulk import; it calls the same services and access
helpers as the pages, so the two cannot disagree. `public_router` (at
/public/reports) is the portal for programs: file, follow, write; no login,
rate-limited per client, a wrong code and a wrong secret answered alike.

No schema here carries the reporter's identity: it is accepted on the way in
and never given back (revealing it is a page-only step with a stated reason).
The secret appears only in the answer that creates it.
"""

import datetime
import secrets
from collections.abc import Callable
from typing import Any, Literal

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from bcd138.agencies.models import Agency, AgencyKind, User
from bcd138.core import access, audit, ratelimit
from bcd138.core.challenge import challenge_issue, challenge_verify
from bcd138.core.errors import DomainError
from bcd138.core.http import AuthedRequest, Request
from bcd138.core.middleware import client_ip
from bcd138.intake.models import (
    Attachment,
    Channel,
    CrimeReport,
    CrimeType,
    Decision,
    ReportEvent,
    ReportKind,
    ReportMessage,
    State,
    SuspensionGround,
)
from bcd138.intake.services import access as report_access
from bcd138.intake.services import handling, importing, queue
from bcd138.intake.services.portal import (
    public_messages,
    public_state,
    report_find,
    report_message_from_reporter,
)
from bcd138.intake.services.reports import (
    ReportInput,
    normalise_code,
    report_record,
    report_submit,
)

router = Router(tags=["crime information"])
public_router = Router(tags=["crime information (public)"])

MAX_IMPORT_BYTES = 5 * 1024 * 1024

# ---- schemas ----------------------------------------------------------------


class ReportOut(Schema):
    """A report in the queue. No identity, no secret."""

    id: int
    tracking_code: str
    kind: str
    channel: str
    crime_type: str
    state: str
    received_at: datetime.datetime
    deadline: datetime.date | None
    days_left: int | None
    overdue: bool
    place_code: str = Field(alias="place.code")
    place_name: str = Field(alias="place.name")
    unit_id: int = Field(alias="handling_agency_id")
    unit_name: str = Field(alias="handling_agency.name")
    assignee: str | None
    very_serious: bool
    confidential: bool
    anonymous: bool

    # From the cached deadline, which report_recompute keeps equal to the law
    # engine's while the report is open (and None otherwise): no clock per row.
    @staticmethod
    def resolve_days_left(obj: CrimeReport) -> int | None:
        if obj.deadline is None:
            return None
        return (obj.deadline - timezone.localdate()).days

    @staticmethod
    def resolve_overdue(obj: CrimeReport) -> bool:
        return obj.deadline is not None and obj.deadline < timezone.localdate()

    @staticmethod
    def resolve_assignee(obj: CrimeReport) -> str | None:
        return obj.assignee.get_username() if obj.assignee is not None else None


class EventOut(Schema):
    id: int
    kind: str
    on: datetime.date
    at: datetime.datetime
    until: datetime.date | None
    decision: str
    ground: str
    reference: str
    reason: str
    agency: str | None
    to_agency: str | None
    actor: str | None
    to_user: str | None

    @staticmethod
    def resolve_agency(obj: ReportEvent) -> str | None:
        return obj.agency.name if obj.agency is not None else None

    @staticmethod
    def resolve_to_agency(obj: ReportEvent) -> str | None:
        return obj.to_agency.name if obj.to_agency is not None else None

    @staticmethod
    def resolve_actor(obj: ReportEvent) -> str | None:
        return obj.actor.get_username() if obj.actor is not None else None

    @staticmethod
    def resolve_to_user(obj: ReportEvent) -> str | None:
        return obj.to_user.get_username() if obj.to_user is not None else None


class AttachmentOut(Schema):
    id: int
    message_id: int | None
    original_name: str
    content_type: str
    size: int
    sha256: str
    metadata_stripped: bool
    from_reporter: bool
    created_at: datetime.datetime


class MessageOut(Schema):
    id: int
    sender: str
    body: str
    created_at: datetime.datetime
    officer: str | None

    @staticmethod
    def resolve_officer(obj: ReportMessage) -> str | None:
        return obj.officer.get_username() if obj.officer is not None else None


class ReportDetailOut(ReportOut):
    external_ref: str
    occurred_on: datetime.date | None
    occurred_time: str
    address_line: str
    latitude: float | None
    longitude: float | None
    description: str
    people_involved: str
    sender_agency_name: str
    duplicate_of: int | None = Field(alias="duplicate_of_id")
    may_act: bool
    events: list[EventOut]
    attachments: list[AttachmentOut]
    messages: list[MessageOut]

    @staticmethod
    def resolve_may_act(obj: CrimeReport, context: dict[str, Any]) -> bool:
        return report_access.may_act(context["request"].user, obj)

    @staticmethod
    def resolve_events(obj: CrimeReport) -> list[ReportEvent]:
        related = ("actor", "agency", "to_agency", "to_user")
        return list(obj.events.select_related(*related).order_by("on", "id"))

    @staticmethod
    def resolve_attachments(obj: CrimeReport) -> list[Attachment]:
        return list(obj.attachments.all())

    @staticmethod
    def resolve_messages(obj: CrimeReport) -> list[ReportMessage]:
        return list(obj.messages.select_related("officer"))


class QueueFilters(Schema):
    state: State | Literal["all"] | None = Field(
        None, description="Default: the open states; `all` for every state."
    )
    kind: ReportKind | None = None
    channel: Channel | None = None
    crime_type: CrimeType | None = None
    commune: str | None = Field(default=None, description="A 2025 commune code.")
    due: Literal["overdue", "week"] | None = None
    assignee: Literal["me", "none"] | None = None
    q: str = Field(default="", max_length=100)
    sort: Literal["deadline", "received"] = "deadline"


class IdentityIn(Schema):
    full_name: str = Field(default="", max_length=150)
    phone: str = Field(default="", max_length=20)
    id_number: str = Field(default="", max_length=12)
    address: str = Field(default="", max_length=250)
    email: str = Field(default="", max_length=254)


class ReportFieldsIn(Schema):
    """What a report says; as on the pages' forms, without attachments."""

    crime_type: CrimeType = CrimeType.UNKNOWN
    description: str = Field(max_length=10_000)
    commune: str = Field(description="A 2025 commune code.", max_length=5)
    address_line: str = Field(default="", max_length=250)
    occurred_on: datetime.date | None = None
    occurred_time: str = Field(default="", max_length=60)
    people_involved: str = Field(default="", max_length=5000)
    anonymous: bool = True
    identity: IdentityIn = IdentityIn()
    confidential: bool = False


class RecordIn(ReportFieldsIn):
    unit: int = Field(description="Id of the receiving unit (yours).")
    channel: Channel
    received_at: datetime.datetime | None = Field(
        None, description="Default: now. Without an offset: local time."
    )
    kind: ReportKind
    very_serious: bool = False
    sender_agency_name: str = Field(default="", max_length=200)
    external_ref: str = Field(default="", max_length=100)


class RecordedOut(Schema):
    id: int
    tracking_code: str
    secret: str = Field(description="Shown only in this response.")
    state: str
    deadline: datetime.date | None


class StepOut(Schema):
    """The step appended (or the message sent) and the report after it."""

    event: EventOut | None
    message: MessageOut | None
    report: ReportOut | None = Field(
        description="None when the step took the report out of your reach."
    )


class ImportRejectedOut(Schema):
    row: int
    errors: dict[str, str]


class ImportOut(Schema):
    created: int
    duplicates: int
    rejected: list[ImportRejectedOut]
    dry_run: bool


# Step bodies. Dates default to today; a date in the future is refused.


class AssignIn(Schema):
    officer: int = Field(description="User id of an officer of the handling unit.")
    on: datetime.date | None = None


class ReferenceIn(Schema):
    reference: str = Field(max_length=60)
    on: datetime.date | None = None


class NoteIn(Schema):
    text: str = Field(max_length=10_000)
    preliminary: bool = False


class ExtendIn(Schema):
    until: datetime.date
    reason: str = Field(max_length=5000)
    reference: str = Field(default="", max_length=60)
    on: datetime.date | None = None


class ReasonIn(Schema):
    reason: str = Field(max_length=5000)
    reference: str = Field(default="", max_length=60)


class ResumeIn(ReasonIn):
    on: datetime.date | None = None


class ProcuracyExtendIn(Schema):
    until: datetime.date
    reference: str = Field(max_length=60)
    on: datetime.date | None = None


class SuspendIn(ReasonIn):
    ground: SuspensionGround
    on: datetime.date | None = None


class DecideIn(Schema):
    decision: Decision
    reason: str = Field(max_length=5000)
    reference: str = Field(max_length=60)
    on: datetime.date | None = None


class TransferIn(Schema):
    to_agency: int | None = Field(
        default=None, description="A police unit on the platform."
    )
    outside_body: str = Field(default="", max_length=60)
    reason: str = Field(max_length=5000)
    on: datetime.date | None = None


class LinkIn(Schema):
    other_code: str = Field(max_length=16)
    reason: str = Field(max_length=500)


class MessageIn(Schema):
    body: str = Field(max_length=5000)


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


def _transfer_target(report: CrimeReport, pk: int | None) -> Agency | None:
    """As the page offers: an active police unit of the report's province."""
    if pk is None:
        return None
    target = (
        Agency.objects.active()
        .filter(
            pk=pk,
            kind__in=[AgencyKind.COMMUNE_POLICE, AgencyKind.PROVINCIAL_POLICE],
            place__current_province=report.place.current_province_id,
        )
        .first()
    )
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


@router.post("/{report_id}/steps/assign", summary="Assign an officer", response=StepOut)
def step_assign(request: AuthedRequest, report_id: int, payload: AssignIn) -> Any:
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
    response=StepOut,
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
    "/{report_id}/steps/note", summary="Add a verification note", response=StepOut
)
def step_note(request: AuthedRequest, report_id: int, payload: NoteIn) -> Any:
    return _step(
        request,
        report_id,
        lambda r, u: handling.report_note(
            r, by=u, text=payload.text, preliminary=payload.preliminary
        ),
    )


@router.post(
    "/{report_id}/steps/extend", summary="Extend (head of the unit)", response=StepOut
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
    response=StepOut,
)
def step_request_extension(
    request: AuthedRequest, report_id: int, payload: ReasonIn
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
    response=StepOut,
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
    "/{report_id}/steps/suspend", summary="Suspend (Điều 148)", response=StepOut
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
    response=StepOut,
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
    "/{report_id}/steps/resume", summary="Resume after suspension", response=StepOut
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
    "/{report_id}/steps/decide", summary="Decide (khởi tố or not)", response=StepOut
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
    "/{report_id}/steps/transfer", summary="Transfer to another body", response=StepOut
)
def step_transfer(request: AuthedRequest, report_id: int, payload: TransferIn) -> Any:
    return _step(
        request,
        report_id,
        lambda r, u: handling.report_transfer(
            r,
            by=u,
            reason=payload.reason,
            to_agency=_transfer_target(r, payload.to_agency),
            outside_body=payload.outside_body,
            on=payload.on,
        ),
    )


@router.post(
    "/{report_id}/steps/link", summary="Link to a possible duplicate", response=StepOut
)
def step_link(request: AuthedRequest, report_id: int, payload: LinkIn) -> Any:
    return _step(
        request,
        report_id,
        lambda r, u: handling.report_link(
            r, by=u, other=_other_report(u, payload.other_code), reason=payload.reason
        ),
    )


@router.post(
    "/{report_id}/steps/message", summary="Write to the reporter", response=StepOut
)
def step_message(request: AuthedRequest, report_id: int, payload: MessageIn) -> Any:
    return _step(
        request,
        report_id,
        lambda r, u: handling.report_message_to_reporter(r, by=u, body=payload.body),
    )


# ---- the public side --------------------------------------------------------


class ChallengeOut(Schema):
    idempotency_key: str = Field(
        description="Send it back with the report; a repeat returns the same receipt."
    )
    challenge: str
    bits: int = Field(
        description='Find a nonce: SHA-256("<challenge>:<nonce>") starts with this '
        "many zero bits."
    )


class PublicReportIn(ReportFieldsIn):
    kind: Literal["denunciation", "report"] = Field(
        description="A recommendation to prosecute comes from a State body, "
        "never from the portal."
    )
    idempotency_key: str = Field(min_length=16, max_length=64)
    challenge: str = Field(max_length=500)
    nonce: str = Field(max_length=20)


class PublicReceiptOut(Schema):
    tracking_code: str
    secret: str = Field(description="Shown only in this response (and its repeats).")
    received_at: datetime.datetime
    unit: str = Field(description="The police unit that handles it.")


class LookupIn(Schema):
    code: str = Field(max_length=30)
    secret: str = Field(max_length=40)


class PublicMessageIn(LookupIn):
    body: str = Field(max_length=5000)


class PublicMessageOut(Schema):
    from_reporter: bool
    body: str
    sent_at: datetime.datetime
    attachments: int


class PublicStatusOut(Schema):
    tracking_code: str
    state: str = Field(description="Where the report stands, in plain words.")
    received_on: datetime.date
    deadline: datetime.date | None
    messages: list[PublicMessageOut]


class PublicSentOut(Schema):
    sent_at: datetime.datetime


def _no_store(response: HttpResponse) -> None:
    # Answers holding a secret or a report's state are never cached anywhere.
    add_never_cache_headers(response)


@public_router.get(
    "/challenge", response=ChallengeOut, auth=None, summary="A form to fill"
)
def public_challenge(request: Request, response: HttpResponse) -> dict[str, Any]:
    _no_store(response)
    key = secrets.token_urlsafe(24)
    return {
        "idempotency_key": key,
        "challenge": challenge_issue(bound_to=key),
        "bits": settings.BCD138_CHALLENGE_BITS,
    }


@public_router.post(
    "/",
    response={200: PublicReceiptOut, 201: PublicReceiptOut},
    auth=None,
    summary="File a report",
)
def public_submit(
    request: Request, response: HttpResponse, payload: PublicReportIn
) -> Status[dict[str, Any]]:
    _no_store(response)
    # Counted before anything is checked, as on the portal: a client that
    # sends junk pays for it as much as one that files.
    allowed = ratelimit.hit(
        "submit",
        _client(request),
        limit=settings.BCD138_SUBMIT_RATE_PER_HOUR,
        window=3600,
    )
    if not allowed:
        raise DomainError(
            _(
                "Too many reports were sent from this connection in the last hour. "
                "Try again later. In an emergency, call 113."
            ),
            code="rate",
            status=429,
        )
    solved = challenge_verify(
        payload.challenge, payload.nonce, bound_to=payload.idempotency_key
    )
    if not solved:
        raise DomainError(
            _("The challenge is missing, expired or not solved; ask for a new one."),
            code="challenge",
        )
    data = _report_input(payload, kind=payload.kind, by=access.SYSTEM)
    receipt, is_new = report_submit(data, idempotency_key=payload.idempotency_key)
    report = receipt.report
    return Status(
        201 if is_new else 200,
        {
            "tracking_code": receipt.tracking_code,
            "secret": receipt.secret,
            "received_at": report.received_at,
            "unit": report.handling_agency.name,
        },
    )


@public_router.post(
    "/status", response=PublicStatusOut, auth=None, summary="Follow a report"
)
def public_status(
    request: Request, response: HttpResponse, payload: LookupIn
) -> dict[str, Any]:
    _no_store(response)
    report = report_find(
        code=payload.code, secret=payload.secret, client=_client(request)
    )
    return {
        "tracking_code": report.tracking_code,
        "state": public_state(report),
        "received_on": timezone.localdate(report.received_at),
        "deadline": report.deadline,
        "messages": public_messages(report),
    }


@public_router.post(
    "/messages",
    response={201: PublicSentOut},
    auth=None,
    summary="Write to the police unit",
)
def public_message(
    request: Request, response: HttpResponse, payload: PublicMessageIn
) -> Status[dict[str, Any]]:
    _no_store(response)
    report = report_find(
        code=payload.code, secret=payload.secret, client=_client(request)
    )
    allowed = ratelimit.hit(
        "message",
        _client(request),
        limit=settings.BCD138_SUBMIT_RATE_PER_HOUR,
        window=3600,
    )
    if not allowed:
        raise DomainError(
            _("Too many messages from this connection. Try again in an hour."),
            code="rate",
            status=429,
        )
    message = report_message_from_reporter(report, body=payload.body, files=[])
    return Status(201, {"sent_at": message.created_at})


# Mounted at the API's root: one line in bcd138/api.py for both.
routers = Router()
routers.add_router("/reports", router)
routers.add_router("/public/reports", public_router)

__all__ = ["public_router", "router", "routers"]
