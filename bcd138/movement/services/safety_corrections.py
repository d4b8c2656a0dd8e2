"""Correcting a recognition's decision (TT 124/2021/TT-BCA) that was recorded
wrongly, or that the competent body itself corrected.

Rules: only a decided recognition is corrected; by the same competent body that
decided it, recorded by whoever may record that body's decisions
(`safety.require_may_decide`); with a correcting decision (number, date within
the decision window, not before the decision it corrects) and a reason; "đạt"
only when every criterion is met, as for the decision itself. The earlier
decision is kept in `RecognitionCorrection` (never changed or deleted) and the
correction is audited with the reason: nothing is overwritten silently.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from bcd138.core import audit
from bcd138.core.errors import DomainError
from bcd138.movement.models import RecognitionCorrection, Result, SafetyRecognition
from bcd138.movement.services import common
from bcd138.movement.services.safety import (
    require_authority,
    require_complete,
    require_may_decide,
    require_window,
)


def _require_later(rec: SafetyRecognition, decided_on: datetime.date) -> None:
    assert rec.decided_on is not None  # noqa: S101 (a decided recognition)
    if decided_on < rec.decided_on:
        raise DomainError(
            _(
                "The correcting decision is dated before the decision it corrects "
                "(%(day)s)."
            )
            % {"day": common.dmy(rec.decided_on)},
            code="dates_order",
        )


def recognition_correct(
    rec: SafetyRecognition,
    *,
    by: Any,
    result: str,
    decision_ref: str,
    decided_on: datetime.date,
    reason: str,
    body: str = "",
) -> RecognitionCorrection:
    """Correct the recorded decision; the earlier one stays in the history."""
    with transaction.atomic():
        # Locked, and read again: two corrections at once apply one after the other.
        rec = SafetyRecognition.objects.select_for_update().get(pk=rec.pk)
        if not rec.is_decided:
            raise DomainError(
                _("The recognition has not been decided: there is nothing to correct."),
                code="not_decided",
            )
        level = rec.decided_by_level
        require_may_decide(by, rec, level)
        if result not in Result.values:
            raise DomainError(_("Unknown result."), code="result")
        decision_ref = common.require_text(
            decision_ref, _("The correcting decision"), max_length=120
        )
        reason = common.require_text(
            reason, _("The reason for the correction"), max_length=5000
        )
        require_authority(rec, level)
        require_window(rec, decided_on)
        _require_later(rec, decided_on)
        require_complete(rec, result)
        if result == rec.result and decision_ref == rec.decision_ref:
            raise DomainError(
                _("The correction changes neither the result nor the decision."),
                code="correction_unchanged",
            )
        return _apply(rec, by, result, decision_ref, decided_on, reason, body)


def _apply(
    rec: SafetyRecognition,
    by: Any,
    result: str,
    decision_ref: str,
    decided_on: datetime.date,
    reason: str,
    body: str,
) -> RecognitionCorrection:
    assert rec.decided_on is not None  # noqa: S101 (checked by the caller)
    correction = RecognitionCorrection.objects.create(
        recognition=rec,
        previous_result=rec.result,
        previous_decision_ref=rec.decision_ref,
        previous_decided_on=rec.decided_on,
        previous_decided_by_name=rec.decided_by_name,
        result=result,
        decision_ref=decision_ref,
        decided_on=decided_on,
        decided_by_level=rec.decided_by_level,
        decided_by_name=(body or "").strip()[:250] or rec.decided_by_name,
        reason=reason,
        corrected_by=by if getattr(by, "is_authenticated", False) else None,
    )
    before = {"result": rec.result, "decision": rec.decision_ref}
    rec.result = result
    rec.decision_ref = decision_ref
    rec.decided_on = decided_on
    rec.decided_by_name = correction.decided_by_name
    rec.save(
        update_fields=[
            "result",
            "decision_ref",
            "decided_on",
            "decided_by_name",
            "updated_at",
        ]
    )
    audit.record(
        "movement.safety_correct",
        actor=by,
        obj=rec,
        place=rec.commune,
        reason=reason,
        changes={
            "result": [before["result"], result],
            "decision": [before["decision"], decision_ref],
            "decided_on": [correction.previous_decided_on.isoformat(), str(decided_on)],
            "correction": correction.pk,
        },
    )
    return correction
