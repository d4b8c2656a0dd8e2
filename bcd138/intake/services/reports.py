"""Receiving crime information and deriving its state from its events.

Rules: every report is stored with its attachments and (encrypted) identity in
one transaction, or not at all; the legal clock starts on the local date of
receipt; `state` and `deadline` are recomputed from the events after every step.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime
import hashlib
import hmac
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bcd138.agencies.models import Agency, AgencyKind
from bcd138.core import audit, crypto
from bcd138.core.errors import DomainError
from bcd138.core.services import work_calendar
from bcd138.core.uploads import CleanFile
from bcd138.intake.models import (
    Attachment,
    Channel,
    CrimeReport,
    CrimeType,
    Decision,
    EventKind,
    ReporterIdentity,
    ReportEvent,
    ReportKind,
    State,
)
from bcd138.intake.services.duplicates import possible_duplicates
from bcd138.law import reports as law
from bcd138.places.models import Era, Level, Place

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
IDENTITY_FIELDS = ("full_name", "phone", "id_number", "address", "email")
MAX_DESCRIPTION = 10_000


@dataclass
class ReportInput:
    """What a report says, from any channel."""

    kind: str
    place: Place
    description: str
    crime_type: str = CrimeType.UNKNOWN
    occurred_on: datetime.date | None = None
    occurred_time: str = ""
    address_line: str = ""
    latitude: float | None = None
    longitude: float | None = None
    people_involved: str = ""
    sender_agency_name: str = ""
    anonymous: bool = True
    confidential: bool = False
    very_serious: bool = False
    identity: dict[str, str] = field(default_factory=dict)
    files: list[CleanFile] = field(default_factory=list)


@dataclass(frozen=True)
class Receipt:
    """Shown once to whoever filed the report: the code and the secret."""

    report: CrimeReport
    tracking_code: str
    secret: str


def _random_code(groups: int, size: int) -> str:
    return "-".join(
        "".join(secrets.choice(CODE_ALPHABET) for _ in range(size))
        for _ in range(groups)
    )


def digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def normalise_code(value: str, *, group: int = 5) -> str:
    """As typed by a person: any case, with or without dashes or spaces."""
    cleaned = "".join(ch for ch in value.upper() if ch in CODE_ALPHABET)
    return "-".join(cleaned[i : i + group] for i in range(0, len(cleaned), group))


def normalise_secret(value: str) -> str:
    return normalise_code(value, group=4)


def _secret_for(idempotency_key: str | None) -> str:
    """A fresh secret, or for a portal submission one derived from its idempotency
    key, so that a repeated submission (a double click) shows the same receipt.
    Only the key's digest is stored, so the database alone cannot derive it."""
    if not idempotency_key:
        return _random_code(4, 4)
    mac = hmac.new(settings.SECRET_KEY.encode(), idempotency_key.encode(), "sha256")
    raw = int.from_bytes(mac.digest(), "big")
    chars = []
    for _i in range(16):
        raw, index = divmod(raw, len(CODE_ALPHABET))
        chars.append(CODE_ALPHABET[index])
    return "-".join("".join(chars[i : i + 4]) for i in range(0, 16, 4))


# ---- validation -------------------------------------------------------------


def _clean_input(data: ReportInput, *, today: datetime.date) -> None:
    if data.kind not in ReportKind.values:
        raise DomainError(_("Choose what kind of information this is."), code="kind")
    if data.crime_type not in CrimeType.values:
        raise DomainError(_("Unknown kind of crime."), code="crime_type")
    data.description = data.description.strip()
    if len(data.description) < 10:
        raise DomainError(
            _("Describe what happened (at least a sentence)."), code="description"
        )
    if len(data.description) > MAX_DESCRIPTION:
        raise DomainError(
            _("The description is too long (at most %(n)d characters).")
            % {"n": MAX_DESCRIPTION},
            code="description",
        )
    if data.occurred_on and data.occurred_on > today:
        raise DomainError(_("The date of the events is in the future."), code="date")
    if data.place.level != Level.COMMUNE or data.place.era != Era.CURRENT:
        raise DomainError(_("Choose a commune of today's map."), code="place")
    if (data.latitude is None) != (data.longitude is None):
        raise DomainError(_("A map pin needs both coordinates."), code="pin")
    if data.latitude is not None and not (
        -90 <= data.latitude <= 90 and -180 <= (data.longitude or 0) <= 180
    ):
        raise DomainError(_("The map pin is not a valid position."), code="pin")
    _clean_identity(data)


def _clean_identity(data: ReportInput) -> None:
    if data.anonymous:
        # Nothing identifying is kept for an anonymous report, whatever was sent.
        data.identity = {}
        data.confidential = False
        return
    identity = {k: str(data.identity.get(k, "")).strip() for k in IDENTITY_FIELDS}
    if not identity["full_name"]:
        raise DomainError(
            _("Give your full name, or choose to stay anonymous."), code="identity"
        )
    if not (identity["phone"] or identity["address"] or identity["email"]):
        raise DomainError(
            _("Give a phone number, an address or an email so the police can reply."),
            code="identity",
        )
    if identity["email"]:
        try:
            validate_email(identity["email"])
        except ValidationError:
            raise DomainError(
                _("The email address is not valid."), code="identity"
            ) from None
    number = identity["id_number"]
    if number and not (number.isdigit() and len(number) in (9, 12)):
        raise DomainError(
            _("A citizen ID number has 12 digits (or 9 for the old card)."),
            code="identity",
        )
    data.identity = {k: v for k, v in identity.items() if v}


def police_unit_for(place: Place) -> Agency:
    """The competent receiving unit: the commune's police, else the province's."""
    unit = None
    if place.current_commune_id is not None:
        unit = (
            Agency.objects.active()
            .filter(kind=AgencyKind.COMMUNE_POLICE, place_id=place.current_commune_id)
            .first()
        )
    if unit is None and place.current_province_id is not None:
        unit = (
            Agency.objects.active()
            .filter(
                kind=AgencyKind.PROVINCIAL_POLICE, place_id=place.current_province_id
            )
            .first()
        )
    if unit is None:
        raise DomainError(
            _("No police unit receives reports for this place yet. Call 113."),
            code="no_unit",
        )
    return unit


# ---- creating ---------------------------------------------------------------


def _create(
    data: ReportInput,
    *,
    channel: str,
    unit: Agency,
    received_at: datetime.datetime,
    recorded_by: Any = None,
    external_ref: str = "",
    idempotency_key: str | None = None,
) -> Receipt:
    secret = _secret_for(idempotency_key)
    report = CrimeReport(
        secret_digest=digest(secret),
        idempotency_digest=digest(idempotency_key) if idempotency_key else None,
        kind=data.kind,
        channel=channel,
        external_ref=external_ref,
        received_at=received_at,
        occurred_on=data.occurred_on,
        occurred_time=data.occurred_time.strip()[:60],
        place=data.place,
        address_line=data.address_line.strip()[:250],
        latitude=data.latitude,
        longitude=data.longitude,
        description=data.description,
        people_involved=data.people_involved.strip(),
        crime_type=data.crime_type,
        sender_agency_name=data.sender_agency_name.strip()[:200],
        anonymous=data.anonymous,
        confidential=data.confidential,
        very_serious=data.very_serious,
        handling_agency=unit,
        recorded_by=recorded_by if getattr(recorded_by, "pk", None) else None,
    )
    report.possible_duplicates = len(possible_duplicates(report))
    for _attempt in range(5):
        report.tracking_code = _random_code(2, 5)
        try:
            with transaction.atomic():
                report.save()
            break
        except IntegrityError:
            if CrimeReport.objects.filter(tracking_code=report.tracking_code).exists():
                report.pk = None
                continue
            raise
    if data.identity:
        ReporterIdentity.objects.create(
            report=report,
            token=crypto.encrypt_json(data.identity),
            key_id=crypto.primary_key_id(),
        )
    for clean in data.files:
        _attach(report, clean, from_reporter=True)
    ReportEvent.objects.create(
        report=report,
        kind=EventKind.RECEIVED,
        on=timezone.localdate(received_at),
        actor=report.recorded_by,
        agency=unit,
    )
    report_recompute(report)
    return Receipt(report=report, tracking_code=report.tracking_code, secret=secret)


@contextlib.contextmanager
def files_removed_on_error() -> Iterator[None]:
    """Files written to storage inside a transaction that then fails would stay
    on disk with no row pointing at them; remove them, so a failed submission
    leaves nothing behind."""
    token = _written.set([])
    try:
        yield
    except BaseException:
        for name in _written.get() or []:
            default_storage.delete(name)
        raise
    finally:
        _written.reset(token)


_written: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar(
    "intake_written_files", default=None
)


def _attach(
    report: CrimeReport, clean: CleanFile, *, from_reporter: bool, message: Any = None
) -> Attachment:
    attachment = Attachment(
        report=report,
        message=message,
        original_name=clean.original_name[:200],
        content_type=clean.content_type,
        size=clean.size,
        sha256=clean.sha256,
        metadata_stripped=clean.metadata_stripped,
        from_reporter=from_reporter,
    )
    attachment.file.save(
        f"{clean.sha256[:24]}.{clean.extension}", ContentFile(clean.content), save=False
    )
    written = _written.get()
    if written is not None:
        written.append(attachment.file.name)
    attachment.save()
    return attachment


def report_submit(
    data: ReportInput, *, idempotency_key: str, now: datetime.datetime | None = None
) -> tuple[Receipt, bool]:
    """File a report from the public portal; return the receipt and whether it is new.

    A repeated submission with the same idempotency key returns the first
    receipt instead of a second report.
    """
    if not 16 <= len(idempotency_key) <= 64:
        raise DomainError(_("The form has expired; reload the page."), code="form")
    existing = CrimeReport.objects.filter(
        idempotency_digest=digest(idempotency_key)
    ).first()
    if existing is not None:
        receipt = Receipt(
            existing, existing.tracking_code, _secret_for(idempotency_key)
        )
        return receipt, False
    now = now or timezone.now()
    _clean_input(data, today=timezone.localdate(now))
    unit = police_unit_for(data.place)
    try:
        with files_removed_on_error(), transaction.atomic():
            receipt = _create(
                data,
                channel=Channel.PORTAL,
                unit=unit,
                received_at=now,
                idempotency_key=idempotency_key,
            )
            # The portal's reporter is not a user; the place is the unit's, so
            # its auditors see that a report arrived, and nothing about who.
            audit.record(
                "report.submit",
                obj=receipt.report,
                place=data.place,
                with_address=False,
            )
    except IntegrityError:
        # Two identical submissions raced; the other one won.
        existing = CrimeReport.objects.get(idempotency_digest=digest(idempotency_key))
        return Receipt(
            existing, existing.tracking_code, _secret_for(idempotency_key)
        ), False
    return receipt, True


def report_record(
    data: ReportInput,
    *,
    by: Any,
    unit: Agency,
    channel: str,
    received_at: datetime.datetime | None = None,
    external_ref: str = "",
) -> Receipt:
    """Record information received at the duty desk (or imported)."""
    with files_removed_on_error(), transaction.atomic():
        return _record(
            data,
            by=by,
            unit=unit,
            channel=channel,
            received_at=received_at,
            external_ref=external_ref,
        )


def _record(
    data: ReportInput,
    *,
    by: Any,
    unit: Agency,
    channel: str,
    received_at: datetime.datetime | None,
    external_ref: str,
) -> Receipt:
    from bcd138.core import access
    from bcd138.intake.services.access import handling_agency_ids

    if not (access.is_superuser(by) or unit.pk in handling_agency_ids(by)):
        raise DomainError(
            _("You can record reports only for your own unit."),
            code="forbidden",
            status=403,
        )
    if channel not in Channel.values or channel == Channel.PORTAL:
        raise DomainError(_("Choose how the information arrived."), code="channel")
    now = timezone.now()
    received_at = received_at or now
    if received_at > now + datetime.timedelta(minutes=5):
        raise DomainError(_("The time of receipt is in the future."), code="date")
    _clean_input(data, today=timezone.localdate(now))
    receipt = _create(
        data,
        channel=channel,
        unit=unit,
        received_at=received_at,
        recorded_by=by,
        external_ref=external_ref,
    )
    audit.record("report.record", actor=by, obj=receipt.report, place=data.place)
    return receipt


# ---- deriving ---------------------------------------------------------------

_NOTICE_KINDS = {
    "receipt": law.EventKind.REPORTER_NOTIFIED_RECEIPT,
    "result": law.EventKind.REPORTER_NOTIFIED_RESULT,
    "suspension": law.EventKind.REPORTER_NOTIFIED_SUSPENSION,
}


def _law_kind(event: ReportEvent) -> law.EventKind | None:
    """The engine's kind for a stored step; None for steps with no bearing on the
    clock (notes, links, a transfer out of the platform)."""
    if event.kind == EventKind.TRANSFERRED:
        return law.EventKind.TRANSFERRED_IN if event.to_agency_id else None
    if event.kind == EventKind.REPORTER_NOTIFIED:
        return _NOTICE_KINDS.get(event.reference)
    try:
        return law.EventKind(event.kind)
    except ValueError:
        return None


def clock_events(events: list[ReportEvent]) -> list[law.ClockEvent]:
    out = []
    for event in events:
        kind = _law_kind(event)
        if kind is not None:
            out.append(law.ClockEvent(kind=kind, on=event.on, until=event.until))
    return out


def report_clock(
    report: CrimeReport, events: list[ReportEvent] | None = None
) -> law.ReportClock:
    events = list(report.events.all()) if events is None else events
    return law.report_clock(
        clock_events(events),
        calendar=work_calendar(),
        rules=law_rules(),
        commune_level=report.handling_agency.kind == AgencyKind.COMMUNE_POLICE,
        very_serious=report.very_serious,
    )


def law_rules() -> law.ReportRules:
    return law.ReportRules(roll_over_days=settings.BCD138_DEADLINE_ROLL_OVER_DAYS)


def derive_state(report: CrimeReport, events: list[ReportEvent], clock: Any) -> str:
    last_transfer = next(
        (e for e in reversed(events) if e.kind == EventKind.TRANSFERRED), None
    )
    if last_transfer is not None and last_transfer.to_agency_id is None:
        return State.TRANSFERRED_OUT
    if clock.status == "decided":
        decision = next(
            e.decision for e in reversed(events) if e.kind == EventKind.DECIDED
        )
        return (
            State.INSTITUTED if decision == Decision.INSTITUTE else State.NOT_INSTITUTED
        )
    if clock.status == "suspended":
        return State.SUSPENDED
    return State.IN_PROGRESS if report.assignee_id else State.RECEIVED


def report_recompute(report: CrimeReport) -> None:
    """Rewrite the cached state and deadline from the events (the only writer)."""
    events = list(report.events.order_by("on", "id"))
    clock = report_clock(report, events)
    report.state = derive_state(report, events, clock)
    report.deadline = (
        clock.deadline
        if report.state
        in (
            State.RECEIVED,
            State.IN_PROGRESS,
        )
        else None
    )
    report.save(update_fields=["state", "deadline", "assignee", "handling_agency"])
