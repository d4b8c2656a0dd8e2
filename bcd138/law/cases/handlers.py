"""Replaying one event: how each kind of event moves the clock and its limits."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from typing import TYPE_CHECKING

from bcd138.law.calendar import WorkCalendar
from bcd138.law.cases.events import (
    CaseEvent,
    CaseEventKind,
    CaseLimitChange,
    K,
    Phase,
    Stage,
)
from bcd138.law.cases.rules import CaseCategory, CaseRules
from bcd138.law.errors import refuse
from bcd138.law.timelimits import add_months, end_of_days, end_of_months

if TYPE_CHECKING:
    # Annotations only: ``clock`` imports this module at run time.
    from bcd138.law.cases.clock import CaseClock

__all__: list[str] = []


def _days(start: date, days: int, calendar: WorkCalendar, rules: CaseRules) -> date:
    return end_of_days(start, days, calendar=calendar, roll_over=rules.roll_over_days)


def _investigation_max(
    start: date, category: CaseCategory, calendar: WorkCalendar, rules: CaseRules
) -> date:
    months = rules.investigation_max_months(category, supreme=True)
    return end_of_months(start, months, calendar=calendar)


def _change(
    clock: CaseClock,
    event: CaseEvent,
    stage: Stage,
    after: date | None,
    note: str,
) -> tuple[CaseLimitChange, ...]:
    change = CaseLimitChange(event.on, event.kind, stage, clock.deadline, after, note)
    return (*clock.history, change)


def _stop(
    clock: CaseClock,
    event: CaseEvent,
    *,
    phase: Phase,
    note: str,
    stage: Stage | None = None,
) -> CaseClock:
    """The running limit stops (concluded, in transit, suspended or closed)."""
    new_stage = clock.stage if stage is None else stage
    return replace(
        clock,
        stage=new_stage,
        phase=phase,
        deadline=None,
        max_deadline=None,
        limit_kind="none",
        closed_on=event.on if phase == "closed" else clock.closed_on,
        history=_change(clock, event, new_stage, None, note),
    )


def _on_charged(
    clock: CaseClock, event: CaseEvent, calendar: WorkCalendar, rules: CaseRules
) -> CaseClock:
    if clock.accused_charged_on is not None:
        return clock
    return replace(clock, accused_charged_on=event.on)


def _on_charges_changed(
    clock: CaseClock, event: CaseEvent, calendar: WorkCalendar, rules: CaseRules
) -> CaseClock:
    new = event.category
    if new is None:
        raise refuse("category_required")
    if clock.limit_kind != "base":
        # A supplementary or resumed limit does not depend on the category.
        note = f"Charges changed to {new}; the {clock.limit_kind} limit stays."
        return replace(
            clock,
            category=new,
            history=_change(clock, event, clock.stage, clock.deadline, note),
        )
    start = clock.stage_started_on
    base = end_of_months(start, rules.investigation_base_months[new], calendar=calendar)
    cap_months = rules.investigation_max_months(new)
    cap = end_of_months(start, cap_months, calendar=calendar)
    # Điều 172.4: recomputed for the new category; the total within its maximum.
    deadline = base
    if clock.extensions_used and clock.deadline is not None:
        deadline = max(base, clock.deadline)
    deadline = min(deadline, cap)
    note = (
        f"Charges changed from {clock.category} to {new}: the limit is recomputed "
        f"from the institution, at most {cap_months} months (BLTTHS Điều 172.4)."
    )
    return replace(
        clock,
        category=new,
        deadline=deadline,
        max_deadline=_investigation_max(start, new, calendar, rules),
        history=_change(clock, event, clock.stage, deadline, note),
    )


def _on_extended(
    clock: CaseClock, event: CaseEvent, calendar: WorkCalendar, rules: CaseRules
) -> CaseClock:
    article = {
        "investigation": "Điều 172.3" if event.supreme else "Điều 172.2",
        "prosecution": "Điều 240",
        "trial_preparation": "Điều 277",
    }.get(clock.stage, "")
    stage = clock.stage.replace("_", " ").capitalize()
    by = " by the Supreme People's Procuracy" if event.supreme else ""
    note = f"{stage} limit extended{by} (BLTTHS {article})."
    return replace(
        clock,
        deadline=event.until,
        extensions_used=clock.extensions_used + 1,
        supreme_used=clock.supreme_used or event.supreme,
        history=_change(clock, event, clock.stage, event.until, note),
    )


def _on_investigation_suspended(
    clock: CaseClock, event: CaseEvent, calendar: WorkCalendar, rules: CaseRules
) -> CaseClock:
    return _stop(
        clock,
        event,
        phase="suspended",
        note="Investigation suspended; the clock stops (BLTTHS Điều 229).",
    )


def _on_investigation_resumed(
    clock: CaseClock, event: CaseEvent, calendar: WorkCalendar, rules: CaseRules
) -> CaseClock:
    months = rules.resumed_investigation_months
    deadline = end_of_months(event.on, months, calendar=calendar)
    note = (
        f"Investigation resumed: {months} months, not extensible "
        "(BLTTHS Điều 230; UNCONFIRMED default)."
    )
    return replace(
        clock,
        phase="running",
        deadline=deadline,
        max_deadline=deadline,
        limit_kind="resumed",
        history=_change(clock, event, "investigation", deadline, note),
    )


def _on_concluded(
    clock: CaseClock, event: CaseEvent, calendar: WorkCalendar, rules: CaseRules
) -> CaseClock:
    if event.kind is K.INDICTED:
        note = "Indicted (truy tố); the prosecution limit stops (BLTTHS Điều 240)."
    else:
        note = "Investigation concluded; the investigation limit stops."
    return _stop(clock, event, phase="concluded", note=note)


def _on_sent(
    clock: CaseClock, event: CaseEvent, calendar: WorkCalendar, rules: CaseRules
) -> CaseClock:
    note = "File sent; in transit, the sender is still responsible."
    return _stop(clock, event, phase="in_transit", note=note)


def _on_received_by_procuracy(
    clock: CaseClock, event: CaseEvent, calendar: WorkCalendar, rules: CaseRules
) -> CaseClock:
    days = rules.prosecution_days[clock.category]
    extra = rules.prosecution_extension_days[clock.category]
    deadline = _days(event.on, days, calendar, rules)
    # Derived maxima 30 / 30 / 45 / 60 days from receipt (Điều 240).
    nominal = event.on + timedelta(days=days)
    max_deadline = max(deadline, _days(nominal, extra, calendar, rules))
    note = (
        f"Received by the procuracy: {days} days to decide on prosecution "
        "(BLTTHS Điều 240)."
    )
    return _start_stage(clock, event, "prosecution", deadline, max_deadline, note)


def _on_received_by_court(
    clock: CaseClock, event: CaseEvent, calendar: WorkCalendar, rules: CaseRules
) -> CaseClock:
    if clock.returned_by_court:
        days = rules.after_return_to_trial_days
        deadline = _days(event.on, days, calendar, rules)
        note = (
            f"Accepted again after supplementary investigation: {days} days to "
            "bring to trial, not extensible (BLTTHS Điều 277.2)."
        )
        started = _start_stage(
            clock, event, "trial_preparation", deadline, deadline, note
        )
        return replace(started, limit_kind="after_return", returned_by_court=False)
    span = rules.trial_preparation[clock.category]
    extra = rules.trial_preparation_extension_days[clock.category]
    if span.months:
        deadline = end_of_months(event.on, span.months, calendar=calendar)
        nominal = add_months(event.on, span.months)
        length = f"{span.months} months"
    else:
        deadline = _days(event.on, span.days, calendar, rules)
        nominal = event.on + timedelta(days=span.days)
        length = f"{span.days} days"
    max_deadline = max(deadline, _days(nominal, extra, calendar, rules))
    note = f"Accepted by the court: {length} to prepare the trial (BLTTHS Điều 277)."
    return _start_stage(clock, event, "trial_preparation", deadline, max_deadline, note)


def _start_stage(
    clock: CaseClock,
    event: CaseEvent,
    stage: Stage,
    deadline: date,
    max_deadline: date,
    note: str,
) -> CaseClock:
    return replace(
        clock,
        stage=stage,
        phase="running",
        stage_started_on=event.on,
        deadline=deadline,
        max_deadline=max_deadline,
        limit_kind="base",
        extensions_used=0,
        supreme_used=False,
        history=_change(clock, event, stage, deadline, note),
    )


def _on_returned(
    clock: CaseClock, event: CaseEvent, calendar: WorkCalendar, rules: CaseRules
) -> CaseClock:
    months = rules.supplementary_investigation_months
    deadline = end_of_months(event.on, months, calendar=calendar)
    by = "court" if clock.stage == "trial_preparation" else "procuracy"
    note = (
        f"Returned by the {by} for supplementary investigation: {months} months, "
        "not extensible (BLTTHS Điều 174; UNCONFIRMED default)."
    )
    started = _start_stage(clock, event, "investigation", deadline, deadline, note)
    return replace(started, limit_kind="supplementary", returned_by_court=by == "court")


def _on_brought_to_trial(
    clock: CaseClock, event: CaseEvent, calendar: WorkCalendar, rules: CaseRules
) -> CaseClock:
    stopped = _stop(
        clock,
        event,
        phase="running",
        stage="trial",
        note="Brought to trial; the trial-preparation limit stops (BLTTHS Điều 277).",
    )
    return replace(stopped, stage_started_on=event.on, extensions_used=0)


def _on_suspended(
    clock: CaseClock, event: CaseEvent, calendar: WorkCalendar, rules: CaseRules
) -> CaseClock:
    return _stop(
        clock, event, phase="suspended", note="Case suspended; the clock stops."
    )


def _on_closed(
    clock: CaseClock, event: CaseEvent, calendar: WorkCalendar, rules: CaseRules
) -> CaseClock:
    note = (
        "First-instance judgment; the case is closed here."
        if event.kind is K.JUDGMENT
        else "Case terminated (đình chỉ); the clock stops for good."
    )
    stopped = _stop(clock, event, phase="closed", stage="closed", note=note)
    return replace(stopped, stage_started_on=event.on, extensions_used=0)


_Handler = Callable[["CaseClock", CaseEvent, WorkCalendar, CaseRules], "CaseClock"]
_HANDLERS: dict[CaseEventKind, _Handler] = {
    K.ACCUSED_CHARGED: _on_charged,
    K.CHARGES_CHANGED: _on_charges_changed,
    K.INVESTIGATION_EXTENDED: _on_extended,
    K.PROSECUTION_EXTENDED: _on_extended,
    K.TRIAL_PREPARATION_EXTENDED: _on_extended,
    K.INVESTIGATION_SUSPENDED: _on_investigation_suspended,
    K.INVESTIGATION_RESUMED: _on_investigation_resumed,
    K.INVESTIGATION_CONCLUDED: _on_concluded,
    K.INDICTED: _on_concluded,
    K.FILE_SENT_TO_PROCURACY: _on_sent,
    K.FILE_SENT_TO_COURT: _on_sent,
    K.FILE_RECEIVED_BY_PROCURACY: _on_received_by_procuracy,
    K.FILE_RECEIVED_BY_COURT: _on_received_by_court,
    K.RETURNED_FOR_SUPPLEMENTARY_INVESTIGATION: _on_returned,
    K.BROUGHT_TO_TRIAL: _on_brought_to_trial,
    K.SUSPENDED: _on_suspended,
    K.JUDGMENT: _on_closed,
    K.TERMINATED: _on_closed,
}
