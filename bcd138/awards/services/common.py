"""What the commendation services share: dates and the proposal's history."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from bcd138.awards.models import Proposal, ProposalEvent
from bcd138.core import audit
from bcd138.core.errors import DomainError


def day(value: datetime.date | None) -> datetime.date:
    """The date of a step: today by default, never in the future."""
    today = timezone.localdate()
    if value is None:
        return today
    if value > today:
        raise DomainError(_("The date cannot be in the future."), code="future")
    return value


def not_before(value: datetime.date, earlier: datetime.date | None) -> None:
    if earlier is not None and value < earlier:
        raise DomainError(
            _("The date is before the previous step (%(date)s).")
            % {"date": f"{earlier:%d/%m/%Y}"},
            code="out_of_order",
        )


def text(value: str, *, field: str, message: str) -> str:
    cleaned = (value or "").strip()
    if not cleaned:
        raise DomainError(message, code=field)
    return cleaned


def step(
    proposal: Proposal,
    *,
    kind: str,
    on: datetime.date,
    by: Any,
    reason: str = "",
    changes: dict[str, Any] | None = None,
) -> ProposalEvent:
    """Append the step to the proposal's history and to the audit log."""
    actor = by if getattr(by, "is_authenticated", False) else None
    event = ProposalEvent.objects.create(
        proposal=proposal, kind=kind, on=on, actor=actor, reason=reason
    )
    audit.record(
        f"award_proposal.{kind}",
        actor=by,
        obj=proposal,
        place=proposal.place,
        reason=reason,
        changes={"on": on.isoformat(), **(changes or {})},
    )
    return event


def steps(
    proposals: Sequence[Proposal],
    *,
    kind: str,
    on: datetime.date,
    by: Any,
    reason: str = "",
    changes: dict[str, Any] | None = None,
) -> None:
    """`step` for several proposals moved together: the history in one insert,
    an audit entry for each."""
    actor = by if getattr(by, "is_authenticated", False) else None
    ProposalEvent.objects.bulk_create(
        ProposalEvent(proposal=p, kind=kind, on=on, actor=actor, reason=reason)
        for p in proposals
    )
    for proposal in proposals:
        audit.record(
            f"award_proposal.{kind}",
            actor=by,
            obj=proposal,
            place=proposal.place,
            reason=reason,
            changes={"on": on.isoformat(), **(changes or {})},
        )
