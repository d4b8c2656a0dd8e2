"""The reporter's identity: encrypted at rest, revealed only with a reason.

Rules (BLTTHS Điều 56, TTLT 01/2017 Điều 4.5): only the assigned officer and the
head of the handling unit may see it, after stating why; every reveal is
audited (never the identity itself); an anonymous report has none to reveal.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from bcd138.core import audit, crypto
from bcd138.core.errors import DomainError
from bcd138.intake.models import CrimeReport, ReporterIdentity
from bcd138.intake.services import access as report_access


def report_identity_reveal(
    report: CrimeReport, *, by: Any, reason: str
) -> dict[str, str]:
    """The decrypted identity, for this request only; the reveal is audited.

    Not one transaction: a refused attempt must leave its audit entry even though
    the refusal is raised as an error.
    """
    if report.anonymous:
        raise DomainError(
            _("This report is anonymous: there is no identity."), code="anonymous"
        )
    if not report_access.may_reveal_identity(by, report):
        audit.record(
            "report.identity_refused", actor=by, obj=report, place=report.place
        )
        raise DomainError(
            _(
                "Only the assigned officer and the head of the unit "
                "may see who reported."
            ),
            code="identity_forbidden",
            status=403,
        )
    if len(reason.strip()) < 5:
        raise DomainError(
            _("State why you need to see the reporter's identity."), code="reason"
        )
    identity = ReporterIdentity.objects.filter(report=report).first()
    if identity is None:
        raise DomainError(_("No identity was recorded."), code="identity_missing")
    data = crypto.decrypt_json(identity.token)
    audit.record(
        "report.identity_reveal",
        actor=by,
        obj=report,
        place=report.place,
        reason=reason.strip(),
    )
    return {k: str(v) for k, v in data.items()}


@transaction.atomic
def identities_rotate() -> int:
    """Re-encrypt every stored identity under the primary key; return how many."""
    primary = crypto.primary_key_id()
    count = 0
    for identity in ReporterIdentity.objects.select_for_update().exclude(
        key_id=primary
    ):
        identity.token = crypto.rotate(identity.token)
        identity.key_id = primary
        identity.save(update_fields=["token", "key_id"])
        count += 1
    audit.record("identity.rotate", changes={"rotated": count})
    return count
