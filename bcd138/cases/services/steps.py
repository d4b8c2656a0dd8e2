"""Recording the steps of a case, each checked by the law engine before it is kept.

Only the side holding the file acts (the receiving side records the receipt); the
procuracy may also record the investigation extension it grants. A request to
extend the investigation must have reached the procuracy at least
``extension_request_lead_days`` (10) days before the limit ends (Điều 172.2).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bcd138.agencies.models import Agency, AgencyKind
from bcd138.cases.models import Accused, Case, CaseEvent, EventKind, Holder
from bcd138.cases.services import access as case_access
from bcd138.cases.services.charges import (
    ChargeInput,
    category_after,
    charges_resolve,
    charges_write,
)
from bcd138.cases.services.clock import (
    case_recompute,
    law_error,
    law_events,
    law_rules,
    replay,
    return_in_transit,
)
from bcd138.cases.services.people import accused_create
from bcd138.core import audit
from bcd138.core.errors import DomainError
from bcd138.core.services import work_calendar
from bcd138.law import cases as law
from bcd138.law.calendar import WorkCalendar
from bcd138.law.errors import refuse

K = EventKind
P, V, C = Holder.POLICE, Holder.PROCURACY, Holder.COURT

# Which side records each step; None: the side holding the file.
SIDE: dict[str, frozenset[str] | None] = {
    K.ACCUSED_CHARGED: frozenset({P}),
    K.CHARGES_CHANGED: frozenset({P}),
    K.INVESTIGATION_EXTENDED: frozenset({P, V}),
    K.INVESTIGATION_SUSPENDED: frozenset({P}),
    K.INVESTIGATION_RESUMED: frozenset({P}),
    K.INVESTIGATION_CONCLUDED: frozenset({P}),
    K.FILE_SENT_TO_PROCURACY: frozenset({P}),
    K.FILE_RECEIVED_BY_PROCURACY: frozenset({V}),
    K.PROSECUTION_EXTENDED: frozenset({V}),
    K.INDICTED: frozenset({V}),
    K.FILE_SENT_TO_COURT: frozenset({V}),
    K.FILE_RECEIVED_BY_COURT: frozenset({C}),
    K.TRIAL_PREPARATION_EXTENDED: frozenset({C}),
    K.BROUGHT_TO_TRIAL: frozenset({C}),
    K.JUDGMENT: frozenset({C}),
    K.APPEALED: frozenset({C}),
    K.RETURNED_FOR_SUPPLEMENTARY_INVESTIGATION: frozenset({P}),
    K.RETURN_SENT: None,
    K.SUSPENDED: None,
    K.TERMINATED: None,
    K.CORRECTION: None,
}

# Steps recorded by a side that does not hold the file at that moment: the
# receipts (the sender holds it in transit), the procuracy's extension of the
# investigation, and an appeal after the judgment closed the case.
NOT_BY_HOLDER = {
    K.FILE_RECEIVED_BY_PROCURACY,
    K.FILE_RECEIVED_BY_COURT,
    K.RETURNED_FOR_SUPPLEMENTARY_INVESTIGATION,
    K.INVESTIGATION_EXTENDED,
    K.APPEALED,
}

# Decisions and hand-offs carry the number of their document.
NEEDS_REFERENCE = {
    K.ACCUSED_CHARGED,
    K.CHARGES_CHANGED,
    K.INVESTIGATION_EXTENDED,
    K.INVESTIGATION_SUSPENDED,
    K.INVESTIGATION_RESUMED,
    K.INVESTIGATION_CONCLUDED,
    K.PROSECUTION_EXTENDED,
    K.INDICTED,
    K.RETURN_SENT,
    K.TRIAL_PREPARATION_EXTENDED,
    K.BROUGHT_TO_TRIAL,
    K.JUDGMENT,
    K.SUSPENDED,
    K.TERMINATED,
}

# Steps taken through their own service (they carry more than a date).
SPECIAL = {K.INSTITUTED, K.ACCUSED_CHARGED, K.CHARGES_CHANGED, K.JUDGMENT, K.CORRECTION}

OUTCOMES = {
    "convicted": gettext_lazy("Convicted"),
    "acquitted": gettext_lazy("Acquitted"),
    "exempted": gettext_lazy("Exempted from liability or penalty"),
}


@dataclass
class StepInput:
    kind: str
    on: datetime.date | None = None
    reference: str = ""
    reason: str = ""
    until: datetime.date | None = None
    requested_on: datetime.date | None = None
    supreme: bool = False
    to_agency: Agency | None = None


def _legal_date(on: datetime.date | None) -> datetime.date:
    today = timezone.localdate()
    on = on or today
    if on > today:
        raise DomainError(_("The date is in the future."), code="date")
    return on


def _locked(case: Case) -> Case:
    return (
        # of=self: the court is a nullable join, which PostgreSQL cannot lock.
        Case.objects.select_for_update(of=("self",))
        .select_related("place", "investigating_body", "procuracy", "court")
        .get(pk=case.pk)
    )


def _acting_side(case: Case, by: Any, kind: str) -> str:
    """The side ``by`` acts for; refuses a body that does not hold the file."""
    sides = case_access.sides_of(by, case)
    if not sides:
        raise PermissionDenied
    allowed = SIDE[kind]
    if kind == K.CORRECTION:
        return sorted(sides)[0]
    if allowed is None:
        allowed = frozenset({case.holder})
    usable = sides & allowed
    if kind not in NOT_BY_HOLDER:
        usable &= {case.holder}
    if not usable:
        raise DomainError(
            _("The file is with %(holder)s; you cannot record this step.")
            % {"holder": Holder(case.holder).label},
            code="not_holder",
            status=403,
        )
    return sorted(usable)[0]


def _side_agency(case: Case, side: str) -> Agency | None:
    agencies: dict[str, Agency | None] = {
        P: case.investigating_body,
        V: case.procuracy,
        C: case.court,
    }
    return agencies.get(side)


def _check(
    case: Case,
    event: CaseEvent,
    events: list[CaseEvent],
    calendar: WorkCalendar | None = None,
) -> None:
    """Refuse ``event`` if the law does not allow it after ``events``."""
    pending = return_in_transit(events)
    if event.kind == K.RETURNED_FOR_SUPPLEMENTARY_INVESTIGATION and pending is None:
        raise DomainError(
            _("No file has been returned for supplementary investigation."),
            code="no_return_pending",
        )
    if pending is not None and event.kind not in (
        K.RETURNED_FOR_SUPPLEMENTARY_INVESTIGATION,
        K.CORRECTION,
    ):
        raise DomainError(
            _(
                "The file was returned for supplementary investigation on "
                "%(on)s; the investigating body must first record its receipt."
            )
            % {"on": pending.on.strftime("%d/%m/%Y")},
            code="return_pending",
        )
    if pending is not None and event.on < pending.on:
        raise law_error(refuse("out_of_order", previous=pending.on.isoformat()))
    probe = event
    if event.kind == K.RETURN_SENT:
        # Allowed exactly when the engine would allow the return itself.
        probe = CaseEvent(
            kind=K.RETURNED_FOR_SUPPLEMENTARY_INVESTIGATION, on=event.on, category=""
        )
    try:
        replay([*events, probe], initial=case.initial_category, calendar=calendar)
    except law.LawError as exc:
        raise law_error(exc) from None


def _append(
    case: Case, *, by: Any, kind: str, step: StepInput, **fields: Any
) -> CaseEvent:
    """Check and append one step, then rewrite the cache. Caller holds the
    transaction and the row lock."""
    events = list(case.events.order_by("on", "id"))
    side = _acting_side(case, by, kind)
    if kind in NEEDS_REFERENCE and not step.reference.strip():
        raise DomainError(_("Give the number of the document."), code="reference")
    event = CaseEvent(
        case=case,
        kind=kind,
        on=_legal_date(step.on),
        actor=by if getattr(by, "pk", None) else None,
        agency=_side_agency(case, side),
        to_agency=step.to_agency,
        until=step.until,
        requested_on=step.requested_on,
        supreme=step.supreme,
        reference=step.reference.strip(),
        reason=step.reason.strip(),
        **fields,
    )
    _check(case, event, events)
    if kind == K.INVESTIGATION_EXTENDED:
        _check_request_lead(case, event, events)
    event.save()
    case_recompute(case)
    audit.record(
        f"case.{kind}", actor=by, obj=case, place=case.place, reason=event.reason
    )
    return event


def _check_request_lead(case: Case, event: CaseEvent, events: list[CaseEvent]) -> None:
    """Điều 172.2: the request reaches the procuracy ≥ 10 days before expiry."""
    if event.requested_on is None:
        raise DomainError(
            _("Give the date the request to extend reached the procuracy."),
            code="requested_on",
        )
    if event.requested_on > event.on:
        raise DomainError(
            _("The request cannot be dated after the extension."), code="requested_on"
        )
    clock, _days = replay(events, initial=case.initial_category)
    if clock.deadline is None:
        return
    latest = clock.deadline - datetime.timedelta(
        days=law_rules().extension_request_lead_days
    )
    if event.requested_on > latest:
        raise DomainError(
            _(
                "The request to extend had to reach the procuracy by %(latest)s, "
                "%(days)s days before the limit ends (BLTTHS Điều 172.2)."
            )
            % {
                "latest": latest.strftime("%d/%m/%Y"),
                "days": law_rules().extension_request_lead_days,
            },
            code="request_too_late",
        )


def _hand_off_target(case: Case, step: StepInput) -> Agency | None:
    if step.kind == K.FILE_SENT_TO_PROCURACY:
        target = step.to_agency or case.procuracy
        if target.kind != AgencyKind.PROCURACY:
            raise DomainError(_("Send the file to a procuracy."), code="to_agency")
        return target
    if step.kind == K.FILE_SENT_TO_COURT:
        if step.to_agency is None or step.to_agency.kind != AgencyKind.COURT:
            raise DomainError(
                _("Choose the court that receives the file."), code="to_agency"
            )
        return step.to_agency
    if step.to_agency is not None:
        raise DomainError(
            _("Only a hand-off names a receiving agency."), code="to_agency"
        )
    return None


@transaction.atomic
def case_step(case: Case, *, by: Any, step: StepInput) -> CaseEvent:
    """A step that carries a date (and for extensions the new end, for hand-offs
    the receiving agency)."""
    if step.kind not in K.values or step.kind in SPECIAL:
        raise DomainError(_("Choose a step."), code="kind")
    case = _locked(case)
    step.to_agency = _hand_off_target(case, step)
    if step.kind == K.INVESTIGATION_CONCLUDED and not case.accused.exists():
        raise DomainError(
            _("A conclusion proposing prosecution needs at least one accused."),
            code="no_accused",
        )
    if step.kind != K.INVESTIGATION_EXTENDED and step.requested_on is not None:
        raise DomainError(
            _("Only an extension of the investigation has a request date."),
            code="requested_on",
        )
    return _append(case, by=by, kind=step.kind, step=step)


@transaction.atomic
def case_charge_accused(
    case: Case,
    *,
    by: Any,
    identity: dict[str, Any],
    charges: Sequence[ChargeInput],
    step: StepInput,
) -> Accused:
    """Khởi tố bị can: a new accused with their charges; the category follows."""
    case = _locked(case)
    resolved = charges_resolve(charges, on=case.occurred_on)
    category = category_after(case, resolved, replacing=False)
    # A refusal below rolls the new accused back with the transaction.
    accused = accused_create(case, identity=identity)
    event = _append(
        case,
        by=by,
        kind=K.ACCUSED_CHARGED,
        step=step,
        accused=accused,
        category=category,
    )
    charges_write(case, resolved, event=event, accused=accused)
    case_recompute(case)
    return accused


@transaction.atomic
def case_change_charges(
    case: Case,
    *,
    by: Any,
    accused: Accused | None,
    charges: Sequence[ChargeInput],
    step: StepInput,
) -> CaseEvent:
    """Replace the charges of one accused (or of the case itself, ``None``)."""
    case = _locked(case)
    if accused is not None and accused.case_id != case.pk:
        raise DomainError(_("That person is not accused in this case."), code="accused")
    resolved = charges_resolve(charges, on=case.occurred_on)
    current = case.charges.filter(ended_by__isnull=True, accused=accused)
    if {(c.article, c.clause) for c in current} == {
        (r.article, r.clause) for r in resolved
    }:
        raise DomainError(_("The charges are the same as before."), code="charges")
    category = category_after(case, resolved, replacing=accused)
    event = _append(
        case,
        by=by,
        kind=K.CHARGES_CHANGED,
        step=step,
        accused=accused,
        category=category,
    )
    current.update(ended_by=event)
    charges_write(case, resolved, event=event, accused=accused)
    case_recompute(case)
    return event


@transaction.atomic
def case_judgment(
    case: Case,
    *,
    by: Any,
    outcomes: dict[int, tuple[str, str]],
    step: StepInput,
) -> CaseEvent:
    """The first-instance judgment, with the outcome for every accused."""
    case = _locked(case)
    accused_ids = set(case.accused.values_list("pk", flat=True))
    if not accused_ids or set(outcomes) != accused_ids:
        raise DomainError(
            _("Give the outcome of the judgment for every accused."), code="outcomes"
        )
    for outcome, _sentence in outcomes.values():
        if outcome not in OUTCOMES:
            raise DomainError(_("Choose the outcome."), code="outcomes")
    details = {
        "outcomes": [
            {"accused": pk, "outcome": outcome, "sentence": sentence.strip()[:250]}
            for pk, (outcome, sentence) in sorted(outcomes.items())
        ]
    }
    return _append(case, by=by, kind=K.JUDGMENT, step=step, details=details)


@transaction.atomic
def case_appeal(case: Case, *, by: Any, step: StepInput) -> CaseEvent:
    """An appeal against the first-instance judgment (recorded; the appeal itself
    is out of this module's scope)."""
    case = _locked(case)
    if not case.events.filter(kind=K.JUDGMENT).exists():
        raise DomainError(_("There is no judgment to appeal."), code="no_judgment")
    if not step.reason.strip():
        raise DomainError(_("Say who appealed and against what."), code="reason")
    step.kind = K.APPEALED
    return _append(case, by=by, kind=K.APPEALED, step=step)


@transaction.atomic
def case_correct(case: Case, *, by: Any, corrects: CaseEvent, reason: str) -> CaseEvent:
    """A correction of an earlier step: a new event with the reason, nothing erased."""
    case = _locked(case)
    if corrects.case_id != case.pk:
        raise DomainError(_("That step is not in this case."), code="corrects")
    if len(reason.strip()) < 5:
        raise DomainError(_("Say what was wrong and what is right."), code="reason")
    return _append(
        case,
        by=by,
        kind=K.CORRECTION,
        step=StepInput(kind=K.CORRECTION, reason=reason),
        corrects=corrects,
    )


def allowed_steps(case: Case, by: Any) -> list[str]:
    """The simple steps ``by`` could record now (for the page's buttons)."""
    events = list(case.events.order_by("on", "id"))
    sides = case_access.sides_of(by, case)
    if not sides:
        return []
    calendar = work_calendar()
    try:
        clock, _days = replay(events, initial=case.initial_category, calendar=calendar)
    except law.LawError:
        return []
    today = max(timezone.localdate(), clock.last_event_on)
    found = []
    for kind in K.values:
        if kind == K.CORRECTION or kind == K.INSTITUTED:
            continue
        allowed = SIDE[kind] or frozenset({case.holder})
        if not sides & allowed:
            continue
        if _possible(case, kind, events, today, calendar):
            found.append(kind)
    return found


def _possible(
    case: Case,
    kind: str,
    events: list[CaseEvent],
    today: datetime.date,
    calendar: WorkCalendar,
) -> bool:
    if kind == K.APPEALED:
        return any(e.kind == K.JUDGMENT for e in events)
    if kind in (
        K.INVESTIGATION_EXTENDED,
        K.PROSECUTION_EXTENDED,
        K.TRIAL_PREPARATION_EXTENDED,
    ):
        probe = CaseEvent(kind=kind, on=today, until=today + datetime.timedelta(days=1))
    else:
        probe = CaseEvent(kind=kind, on=today)
    try:
        _check(case, probe, events, calendar)
    except DomainError as exc:
        # An extension is possible when only its date was wrong.
        return probe.until is not None and exc.code in (
            "law_extension_not_later",
            "law_investigation_extension_step_too_long",
            "law_investigation_total_too_long",
            "law_stage_extension_too_long",
        )
    return True


__all__ = [
    "OUTCOMES",
    "StepInput",
    "allowed_steps",
    "case_appeal",
    "case_change_charges",
    "case_charge_accused",
    "case_correct",
    "case_judgment",
    "case_step",
    "law_events",
]
