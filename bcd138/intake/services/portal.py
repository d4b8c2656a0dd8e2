"""The citizen's side after filing: status and messages by tracking code and secret.

Rules: a wrong code and a wrong secret get the same answer (no hint whether the
code exists); lookups are rate-limited per client; the status speaks plain
words and names neither the officer nor the reporter.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bcd138.core import audit, ratelimit
from bcd138.core.errors import DomainError
from bcd138.core.uploads import CleanFile
from bcd138.intake.models import CrimeReport, ReportMessage, Sender, State
from bcd138.intake.services.reports import (
    _attach,
    digest,
    files_removed_on_error,
    normalise_code,
    normalise_secret,
)

PUBLIC_STATE = {
    State.RECEIVED: gettext_lazy(
        "Received. The police unit will assign an officer to verify it."
    ),
    State.IN_PROGRESS: gettext_lazy("An officer is verifying the information."),
    State.SUSPENDED: gettext_lazy(
        "Handling is suspended while waiting for an assessment or documents."
    ),
    State.INSTITUTED: gettext_lazy("A criminal case has been instituted."),
    State.NOT_INSTITUTED: gettext_lazy(
        "The police decided not to institute a criminal case."
    ),
    State.TRANSFERRED_OUT: gettext_lazy(
        "The information was sent to another competent body."
    ),
}


@dataclass(frozen=True)
class PublicMessage:
    from_reporter: bool
    body: str
    sent_at: Any
    attachments: int


RATE_MESSAGES = {
    "submit": gettext_lazy(
        "Too many reports were sent from this connection in the last hour. "
        "Try again later. In an emergency, call 113."
    ),
    "message": gettext_lazy(
        "Too many messages from this connection. Try again in an hour."
    ),
}


def portal_rate_check(scope: str, client: str) -> None:
    """Count one public submission or message; DomainError 429 over the limit.

    Counted before anything else is checked: a client that sends junk pays for it
    as much as one that files. Both public doors (portal and API) call this.
    """
    if not ratelimit.hit(
        scope, client, limit=settings.BCD138_SUBMIT_RATE_PER_HOUR, window=3600
    ):
        raise DomainError(str(RATE_MESSAGES[scope]), code="rate", status=429)


def _refuse() -> DomainError:
    return DomainError(
        _("The tracking code or the secret is wrong."), code="tracking", status=404
    )


def report_find(*, code: str, secret: str, client: str) -> CrimeReport:
    """The report for this code and secret, or one refusal for every failure."""
    if not ratelimit.hit(
        "status", client, limit=settings.BCD138_STATUS_RATE_PER_HOUR, window=3600
    ):
        raise DomainError(
            _("Too many attempts. Try again in an hour."), code="rate", status=429
        )
    report = CrimeReport.objects.filter(tracking_code=normalise_code(code)).first()
    given = digest(normalise_secret(secret))
    if report is None:
        hmac.compare_digest(given, given)  # same work either way
        raise _refuse()
    if not hmac.compare_digest(report.secret_digest, given):
        audit.record(
            "report.status_refused",
            obj=report,
            place=report.place,
            with_address=False,
        )
        raise _refuse()
    return report


def public_state(report: CrimeReport) -> str:
    return str(PUBLIC_STATE[State(report.state)])


def public_messages(report: CrimeReport) -> list[PublicMessage]:
    return [
        PublicMessage(
            from_reporter=m.sender == Sender.REPORTER,
            body=m.body,
            sent_at=m.created_at,
            attachments=len(m.attachments.all()),
        )
        for m in report.messages.prefetch_related("attachments")
    ]


def report_message_from_reporter(
    report: CrimeReport, *, body: str, files: list[CleanFile]
) -> ReportMessage:
    with files_removed_on_error(), transaction.atomic():
        return _message_from_reporter(report, body=body, files=files)


def _message_from_reporter(
    report: CrimeReport, *, body: str, files: list[CleanFile]
) -> ReportMessage:
    body = body.strip()
    if not body and not files:
        raise DomainError(_("Write a message or add a file."), code="message")
    if report.messages.filter(sender=Sender.REPORTER).count() >= 200:
        raise DomainError(_("This report has too many messages."), code="message")
    message = ReportMessage.objects.create(
        report=report, sender=Sender.REPORTER, body=body[:5000]
    )
    for clean in files:
        _attach(report, clean, from_reporter=True, message=message)
    audit.record(
        "report.message_received", obj=report, place=report.place, with_address=False
    )
    return message
