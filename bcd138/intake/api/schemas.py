"""Schemas of the crime-information API. None carries the reporter's identity
back out; the secret appears only in the answer that creates it."""

import datetime
from typing import Any, Literal

from django.utils import timezone
from ninja import Field, Schema

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


class ReportEventOut(Schema):
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
    events: list[ReportEventOut]
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


class ReporterIdentityIn(Schema):
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
    identity: ReporterIdentityIn = ReporterIdentityIn()
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


class ReportStepOut(Schema):
    """The step appended (or the message sent) and the report after it."""

    event: ReportEventOut | None
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


class ReportAssignIn(Schema):
    officer: int = Field(description="User id of an officer of the handling unit.")
    on: datetime.date | None = None


class ReferenceIn(Schema):
    reference: str = Field(max_length=60)
    on: datetime.date | None = None


class ReportNoteIn(Schema):
    text: str = Field(max_length=10_000)
    preliminary: bool = False


class ExtendIn(Schema):
    until: datetime.date
    reason: str = Field(max_length=5000)
    reference: str = Field(default="", max_length=60)
    on: datetime.date | None = None


class ReportReasonIn(Schema):
    reason: str = Field(max_length=5000)
    reference: str = Field(default="", max_length=60)


class ResumeIn(ReportReasonIn):
    on: datetime.date | None = None


class ProcuracyExtendIn(Schema):
    until: datetime.date
    reference: str = Field(max_length=60)
    on: datetime.date | None = None


class SuspendIn(ReportReasonIn):
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


class ReportLinkIn(Schema):
    other_code: str = Field(max_length=16)
    reason: str = Field(max_length=500)


class MessageIn(Schema):
    body: str = Field(max_length=5000)
