"""The public side for programs: file, follow, write; no login, rate-limited,
a wrong code and a wrong secret answered alike."""

import datetime
import secrets
from typing import Any, Literal

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from bcd138.core import access
from bcd138.core.challenge import challenge_issue, challenge_verify
from bcd138.core.errors import DomainError
from bcd138.core.http import Request
from bcd138.intake.api.helpers import (
    _client,
    _report_input,
)
from bcd138.intake.api.schemas import (
    ReportFieldsIn,
)
from bcd138.intake.services.portal import (
    portal_rate_check,
    public_messages,
    public_state,
    report_find,
    report_message_from_reporter,
)
from bcd138.intake.services.reports import (
    report_submit,
)

public_router = Router(tags=["crime information (public)"])


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
    portal_rate_check("submit", _client(request))
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
    portal_rate_check("message", _client(request))
    message = report_message_from_reporter(report, body=payload.body, files=[])
    return Status(201, {"sent_at": message.created_at})


# Mounted at the API's root: one line in bcd138/api.py for both.
