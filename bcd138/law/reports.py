"""The clock of a piece of crime information (nguồn tin về tội phạm).

A denunciation, report or recommendation to prosecute (tố giác, tin báo, kiến nghị
khởi tố) must be decided within a time limit (BLTTHS Điều 147–149; TTLT 01/2017
Điều 9, 11, 14; TT 28/2020/TT-BCA Điều 7, 17). The clock is derived from an
append-only list of ``ClockEvent``; ``report_clock`` replays it and refuses a
history the law does not allow.

Readings of the law chosen here (each is also noted where it is applied):

- The head of the investigating body may extend more than once, each time later
  than the current limit, as long as the limit stays within 2 months of receipt
  (Điều 147.2 caps the total, it does not count the extensions).
- The procuracy's extension does not require a prior extension by the head; it
  runs at most 2 months from the end of the current limit (Điều 147.2).
- A request to the procuracy is on time up to ``procuracy_request_lead_days``
  calendar days before the last day of the limit (TTLT 01/2017 Điều 11); no
  day-off roll-over applies to a limit counted backwards.
- Suspension is allowed on or after the last day of the limit (Điều 148.1: "khi
  hết thời hạn"): the limit ends at 24:00 of that day, and the decision to
  suspend is one of the decisions due by then. A later suspension is overdue but
  still recorded.
- After a resumption or a procuracy annulment of a suspension, the limit is at
  most 1 month from that decision (Điều 148, 149) and cannot be extended.
- A transfer to the competent body does not restart the limit; the assignment
  (TTLT 01/2017 Điều 9) and the notice to the procuracy (Điều 146.5) are duties of
  the receiving competent body, so they run again from the transfer date.
- A duty to act "immediately" (``immediate_transfer_days=0``) is due the same
  day and is never rolled over to a working day.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields, replace
from datetime import date, timedelta
from enum import StrEnum
from typing import Literal

from bcd138.law.calendar import WorkCalendar
from bcd138.law.errors import MESSAGES, LawError, refuse
from bcd138.law.timelimits import end_of_days, end_of_months

__all__ = [
    "MESSAGES",
    "ClockEvent",
    "ClockStatus",
    "EventKind",
    "LawError",
    "LimitChange",
    "ReportClock",
    "ReportRules",
    "apply_event",
    "check_event",
    "days_left",
    "is_overdue",
    "report_clock",
    "start_clock",
    "warnings_due",
]

ClockStatus = Literal["running", "suspended", "decided"]


@dataclass(frozen=True)
class ReportRules:
    """The numbers of the rules, with the defaults in force; all configurable."""

    base_days: int = 20  # BLTTHS Điều 147.1
    head_extension_max_months: int = 2  # Điều 147.2; TTLT 01/2017 Điều 11: from receipt
    procuracy_extension_max_months: int = 2  # Điều 147.2: once, from the current end
    procuracy_request_lead_days: int = 5  # TTLT 01/2017 Điều 11
    resume_max_months: int = 1  # Điều 149; also after an annulment (Điều 148)
    commune_transfer_days: int = 7  # TT 28/2020 Điều 7
    immediate_transfer_days: int = 0  # TT 28/2020 Điều 7: very serious or urgent
    assign_days: int = 3  # TTLT 01/2017 Điều 9
    procuracy_notice_days: int = 3  # BLTTHS Điều 146.5; TTLT 01/2017 Điều 9
    receipt_notice_working_days: int = 3  # TTLT 01/2017 Điều 14; TT 28/2020 Điều 17
    result_notice_days: int = 3  # TTLT 01/2017 Điều 14; TT 28/2020 Điều 17
    suspension_notice_days: int = 1  # Điều 148: within 24 hours
    roll_over_days: bool = True  # BLTTHS Điều 134.1, literal reading

    def __post_init__(self) -> None:
        for field in fields(self):
            value = getattr(self, field.name)
            if type(value) is int and value < 0:
                raise ValueError(f"{field.name} must not be negative")


class EventKind(StrEnum):
    """What happened to the information; the values are stored by the Django layer."""

    RECEIVED = "received"
    TRANSFERRED_IN = "transferred_in"
    ASSIGNED = "assigned"
    PROCURACY_NOTIFIED = "procuracy_notified"
    HEAD_EXTENDED = "head_extended"
    PROCURACY_EXTENSION_REQUESTED = "procuracy_extension_requested"
    PROCURACY_EXTENDED = "procuracy_extended"
    SUSPENDED = "suspended"
    SUSPENSION_ANNULLED = "suspension_annulled"
    RESUMED = "resumed"
    DECIDED = "decided"
    REPORTER_NOTIFIED_RECEIPT = "reporter_notified_receipt"
    REPORTER_NOTIFIED_RESULT = "reporter_notified_result"
    REPORTER_NOTIFIED_SUSPENSION = "reporter_notified_suspension"


_EXTENSIONS = frozenset({EventKind.HEAD_EXTENDED, EventKind.PROCURACY_EXTENDED})
# Notices may still go out after the decision; handling steps may not.
_ALLOWED_AFTER_DECISION = frozenset(
    {
        EventKind.PROCURACY_NOTIFIED,
        EventKind.REPORTER_NOTIFIED_RECEIPT,
        EventKind.REPORTER_NOTIFIED_RESULT,
        EventKind.REPORTER_NOTIFIED_SUSPENSION,
    }
)


@dataclass(frozen=True)
class ClockEvent:
    kind: EventKind
    on: date
    until: date | None = None  # the new last day, for the two extensions only


@dataclass(frozen=True)
class LimitChange:
    """One step in the life of the limit, for the history shown to officers."""

    on: date
    kind: EventKind
    deadline_before: date | None
    deadline_after: date | None
    note: str


@dataclass(frozen=True)
class ReportClock:
    """The derived state of the clock after replaying the events."""

    received_on: date
    status: ClockStatus
    deadline: date | None  # last day of the limit (to 24:00); None unless running
    base_deadline: date
    assign_by: date
    procuracy_notice_by: date
    receipt_notice_by: date
    last_event_on: date
    transfer_by: date | None = None  # commune police only
    result_notice_by: date | None = None  # once decided
    suspension_notice_by: date | None = None  # while suspended
    procuracy_request_by: date | None = None  # while a request is still possible
    head_extended_until: date | None = None
    procuracy_extended_until: date | None = None
    suspended_on: date | None = None  # the latest suspension, kept after resumption
    decided_on: date | None = None
    history: tuple[LimitChange, ...] = ()
    assigned: bool = False
    procuracy_notified: bool = False
    transferred: bool = False
    procuracy_extension_requested: bool = False
    procuracy_extension_used: bool = False
    after_resumption: bool = False
    reporter_notified_receipt: bool = False
    reporter_notified_result: bool = False
    reporter_notified_suspension: bool = False


# ---------------------------------------------------------------------------
# Validation


def check_event(
    clock: ReportClock,
    event: ClockEvent,
    *,
    calendar: WorkCalendar,
    rules: ReportRules,
) -> None:
    """Raise ``LawError`` when the law does not allow ``event`` on ``clock``."""
    if event.on < clock.received_on:
        raise refuse("before_receipt", received_on=clock.received_on.isoformat())
    if event.on < clock.last_event_on:
        raise refuse("out_of_order", previous=clock.last_event_on.isoformat())
    if event.kind is EventKind.RECEIVED:
        raise refuse("already_received")
    if event.kind in _EXTENSIONS and event.until is None:
        raise refuse("until_required")
    if event.kind not in _EXTENSIONS and event.until is not None:
        raise refuse("unexpected_until")
    if clock.decided_on is not None and event.kind not in _ALLOWED_AFTER_DECISION:
        raise refuse("after_decision", decided_on=clock.decided_on.isoformat())
    match event.kind:
        case EventKind.RESUMED | EventKind.SUSPENSION_ANNULLED:
            if clock.status != "suspended":
                raise refuse("not_suspended")
        case EventKind.DECIDED if clock.status == "suspended":
            # BLTTHS Điều 149: a suspended matter is resumed before it is decided.
            raise refuse("decided_while_suspended")
        case EventKind.REPORTER_NOTIFIED_RESULT if clock.decided_on is None:
            raise refuse("no_result_yet")
        case EventKind.REPORTER_NOTIFIED_SUSPENSION if clock.suspended_on is None:
            raise refuse("no_suspension")
        case kind if kind in _CHECKERS:
            _CHECKERS[kind](clock, event, calendar, rules)


def _require_running(clock: ReportClock) -> date:
    if clock.status != "running" or clock.deadline is None:
        raise refuse("not_running", status=clock.status)
    return clock.deadline


def _require_extensible(clock: ReportClock, rules: ReportRules) -> date:
    deadline = _require_running(clock)
    if clock.after_resumption:
        # BLTTHS Điều 149: "không quá 01 tháng" from the resumption is a cap.
        raise refuse("extension_after_resumption", months=str(rules.resume_max_months))
    return deadline


def _check_new_end(event: ClockEvent, deadline: date) -> date:
    """Common to both extensions: on time, later than now; returns ``until``."""
    if event.until is None:
        raise refuse("until_required")
    if event.on > deadline:
        # The limit ended at 24:00 of its last day; an expired limit is not revived.
        raise refuse("past_deadline", deadline=deadline.isoformat())
    if event.until <= deadline:
        raise refuse("extension_not_later", deadline=deadline.isoformat())
    return event.until


def _check_head_extended(
    clock: ReportClock, event: ClockEvent, calendar: WorkCalendar, rules: ReportRules
) -> None:
    deadline = _require_extensible(clock, rules)
    if clock.procuracy_extension_used:
        raise refuse("head_after_procuracy")
    # BLTTHS Điều 147.2; TTLT 01/2017 Điều 11: at most 2 months counted from receipt.
    limit = end_of_months(
        clock.received_on, rules.head_extension_max_months, calendar=calendar
    )
    until = _check_new_end(event, deadline)
    if until > limit:
        raise refuse(
            "head_extension_too_long",
            limit=limit.isoformat(),
            months=str(rules.head_extension_max_months),
        )


def _check_procuracy_requested(
    clock: ReportClock, event: ClockEvent, calendar: WorkCalendar, rules: ReportRules
) -> None:
    deadline = _require_extensible(clock, rules)
    if clock.procuracy_extension_requested or clock.procuracy_extension_used:
        raise refuse("procuracy_request_twice")
    # TTLT 01/2017 Điều 11: the request goes out at least 5 days before expiry.
    latest = deadline - timedelta(days=rules.procuracy_request_lead_days)
    if event.on > latest:
        raise refuse(
            "procuracy_request_too_late",
            limit=latest.isoformat(),
            days=str(rules.procuracy_request_lead_days),
        )


def _check_procuracy_extended(
    clock: ReportClock, event: ClockEvent, calendar: WorkCalendar, rules: ReportRules
) -> None:
    deadline = _require_extensible(clock, rules)
    # BLTTHS Điều 147.2: "gia hạn một lần".
    if clock.procuracy_extension_used:
        raise refuse("procuracy_extension_twice")
    if not clock.procuracy_extension_requested:
        raise refuse("procuracy_extension_not_requested")
    limit = end_of_months(
        deadline, rules.procuracy_extension_max_months, calendar=calendar
    )
    until = _check_new_end(event, deadline)
    if until > limit:
        raise refuse(
            "procuracy_extension_too_long",
            limit=limit.isoformat(),
            months=str(rules.procuracy_extension_max_months),
        )


def _check_suspended(
    clock: ReportClock, event: ClockEvent, calendar: WorkCalendar, rules: ReportRules
) -> None:
    deadline = _require_running(clock)
    # BLTTHS Điều 148.1: only "khi hết thời hạn"; read as from the last day on.
    if event.on < deadline:
        raise refuse("suspension_before_expiry", deadline=deadline.isoformat())


_Checker = Callable[[ReportClock, ClockEvent, WorkCalendar, ReportRules], None]
_CHECKERS: dict[EventKind, _Checker] = {
    EventKind.HEAD_EXTENDED: _check_head_extended,
    EventKind.PROCURACY_EXTENSION_REQUESTED: _check_procuracy_requested,
    EventKind.PROCURACY_EXTENDED: _check_procuracy_extended,
    EventKind.SUSPENDED: _check_suspended,
}


# ---------------------------------------------------------------------------
# Replaying the events


def start_clock(
    received_on: date,
    *,
    calendar: WorkCalendar,
    rules: ReportRules = ReportRules(),
    commune_level: bool = False,
    very_serious: bool = False,
) -> ReportClock:
    """The clock on the day of receipt, before any other event.

    ``very_serious`` covers every case TT 28/2020 Điều 7 sends on at once: very
    serious or particularly serious crimes, public concern, a suspect who may flee.
    """
    base = _days(received_on, rules.base_days, calendar, rules)  # BLTTHS Điều 147.1
    transfer_by = None
    if commune_level:
        # TT 28/2020 Điều 7: the same day when urgent, otherwise within 7 days.
        days = (
            rules.immediate_transfer_days
            if very_serious
            else rules.commune_transfer_days
        )
        transfer_by = _days(received_on, days, calendar, rules)
    clock = ReportClock(
        received_on=received_on,
        status="running",
        deadline=base,
        base_deadline=base,
        assign_by=_days(received_on, rules.assign_days, calendar, rules),
        procuracy_notice_by=_days(
            received_on, rules.procuracy_notice_days, calendar, rules
        ),
        # TTLT 01/2017 Điều 14: counted in working days, so no roll-over is needed.
        receipt_notice_by=calendar.add_working_days(
            received_on, rules.receipt_notice_working_days
        ),
        last_event_on=received_on,
        transfer_by=transfer_by,
        history=(
            LimitChange(
                on=received_on,
                kind=EventKind.RECEIVED,
                deadline_before=None,
                deadline_after=base,
                note=f"Base limit of {rules.base_days} days from receipt "
                "(BLTTHS Điều 147.1).",
            ),
        ),
    )
    return _refresh(clock, rules)


def apply_event(
    clock: ReportClock,
    event: ClockEvent,
    *,
    calendar: WorkCalendar,
    rules: ReportRules = ReportRules(),
) -> ReportClock:
    """Check ``event`` against ``clock`` and return the clock after it."""
    check_event(clock, event, calendar=calendar, rules=rules)
    handler = _HANDLERS.get(event.kind)
    after = clock if handler is None else handler(clock, event, calendar, rules)
    return _refresh(replace(after, last_event_on=event.on), rules)


def report_clock(
    events: Sequence[ClockEvent],
    *,
    calendar: WorkCalendar,
    rules: ReportRules = ReportRules(),
    commune_level: bool = False,
    very_serious: bool = False,
) -> ReportClock:
    """Replay ``events`` in order; raise ``LawError`` at the first one not allowed."""
    if not events:
        raise refuse("no_events")
    first, *rest = events
    if first.kind is not EventKind.RECEIVED:
        raise refuse("first_not_received")
    if first.until is not None:
        raise refuse("unexpected_until")
    clock = start_clock(
        first.on,
        calendar=calendar,
        rules=rules,
        commune_level=commune_level,
        very_serious=very_serious,
    )
    for event in rest:
        clock = apply_event(clock, event, calendar=calendar, rules=rules)
    return clock


def _days(start: date, days: int, calendar: WorkCalendar, rules: ReportRules) -> date:
    return end_of_days(start, days, calendar=calendar, roll_over=rules.roll_over_days)


def _refresh(clock: ReportClock, rules: ReportRules) -> ReportClock:
    """Recompute the fields that follow from the others."""
    request_by = None
    can_request = not (
        clock.after_resumption
        or clock.procuracy_extension_requested
        or clock.procuracy_extension_used
    )
    if clock.status == "running" and clock.deadline is not None and can_request:
        request_by = clock.deadline - timedelta(days=rules.procuracy_request_lead_days)
    return replace(clock, procuracy_request_by=request_by)


def _change(
    clock: ReportClock, event: ClockEvent, after: date | None, note: str
) -> tuple[LimitChange, ...]:
    change = LimitChange(event.on, event.kind, clock.deadline, after, note)
    return (*clock.history, change)


def _on_transferred_in(
    clock: ReportClock, event: ClockEvent, calendar: WorkCalendar, rules: ReportRules
) -> ReportClock:
    # The limit keeps running from the first receipt; the competent body's own
    # duties (assignment, notice to the procuracy) run from the day it got the file.
    note = "Received by the competent body; the limit runs on from the first receipt."
    return replace(
        clock,
        transferred=True,
        assigned=False,
        procuracy_notified=False,
        assign_by=_days(event.on, rules.assign_days, calendar, rules),
        procuracy_notice_by=_days(
            event.on, rules.procuracy_notice_days, calendar, rules
        ),
        history=_change(clock, event, clock.deadline, note),
    )


def _on_head_extended(
    clock: ReportClock, event: ClockEvent, calendar: WorkCalendar, rules: ReportRules
) -> ReportClock:
    note = "Extended by the head of the investigating body (BLTTHS Điều 147.2)."
    return replace(
        clock,
        deadline=event.until,
        head_extended_until=event.until,
        history=_change(clock, event, event.until, note),
    )


def _on_procuracy_extended(
    clock: ReportClock, event: ClockEvent, calendar: WorkCalendar, rules: ReportRules
) -> ReportClock:
    note = "Extended once by the procuracy (BLTTHS Điều 147.2)."
    return replace(
        clock,
        deadline=event.until,
        procuracy_extended_until=event.until,
        procuracy_extension_used=True,
        history=_change(clock, event, event.until, note),
    )


def _on_suspended(
    clock: ReportClock, event: ClockEvent, calendar: WorkCalendar, rules: ReportRules
) -> ReportClock:
    note = "Handling suspended; the clock stops (BLTTHS Điều 148)."
    return replace(
        clock,
        status="suspended",
        deadline=None,
        suspended_on=event.on,
        # BLTTHS Điều 148: the decision goes to the reporter within 24 hours.
        suspension_notice_by=_days(
            event.on, rules.suspension_notice_days, calendar, rules
        ),
        reporter_notified_suspension=False,
        history=_change(clock, event, None, note),
    )


def _on_resumed(
    clock: ReportClock, event: ClockEvent, calendar: WorkCalendar, rules: ReportRules
) -> ReportClock:
    # BLTTHS Điều 149 (resumption) and Điều 148 (annulment by the procuracy):
    # at most 1 month from that decision, counted as a limit in months.
    deadline = end_of_months(event.on, rules.resume_max_months, calendar=calendar)
    if event.kind is EventKind.RESUMED:
        note = "Handling resumed (BLTTHS Điều 149)."
    else:
        note = "Suspension annulled by the procuracy (BLTTHS Điều 148)."
    return replace(
        clock,
        status="running",
        deadline=deadline,
        suspension_notice_by=None,
        after_resumption=True,
        history=_change(clock, event, deadline, note),
    )


def _on_decided(
    clock: ReportClock, event: ClockEvent, calendar: WorkCalendar, rules: ReportRules
) -> ReportClock:
    note = "Decision issued; the clock stops for good (BLTTHS Điều 147.1)."
    return replace(
        clock,
        status="decided",
        deadline=None,
        decided_on=event.on,
        # TTLT 01/2017 Điều 14: the result goes to the reporter within 3 days.
        result_notice_by=_days(event.on, rules.result_notice_days, calendar, rules),
        history=_change(clock, event, None, note),
    )


_Handler = Callable[[ReportClock, ClockEvent, WorkCalendar, ReportRules], ReportClock]
_HANDLERS: dict[EventKind, _Handler] = {
    EventKind.TRANSFERRED_IN: _on_transferred_in,
    EventKind.ASSIGNED: lambda clock, *_: replace(clock, assigned=True),
    EventKind.PROCURACY_NOTIFIED: lambda clock, *_: replace(
        clock, procuracy_notified=True
    ),
    EventKind.HEAD_EXTENDED: _on_head_extended,
    EventKind.PROCURACY_EXTENSION_REQUESTED: lambda clock, *_: replace(
        clock, procuracy_extension_requested=True
    ),
    EventKind.PROCURACY_EXTENDED: _on_procuracy_extended,
    EventKind.SUSPENDED: _on_suspended,
    EventKind.SUSPENSION_ANNULLED: _on_resumed,
    EventKind.RESUMED: _on_resumed,
    EventKind.DECIDED: _on_decided,
    EventKind.REPORTER_NOTIFIED_RECEIPT: lambda clock, *_: replace(
        clock, reporter_notified_receipt=True
    ),
    EventKind.REPORTER_NOTIFIED_RESULT: lambda clock, *_: replace(
        clock, reporter_notified_result=True
    ),
    EventKind.REPORTER_NOTIFIED_SUSPENSION: lambda clock, *_: replace(
        clock, reporter_notified_suspension=True
    ),
}


# ---------------------------------------------------------------------------
# Reading the clock


def days_left(clock: ReportClock, today: date) -> int | None:
    """Days from ``today`` to the last day; 0 on the last day, negative when late."""
    if clock.deadline is None:
        return None
    return (clock.deadline - today).days


def is_overdue(clock: ReportClock, today: date) -> bool:
    """True once the last day has passed (the limit runs to 24:00 of it)."""
    left = days_left(clock, today)
    return left is not None and left < 0


def warnings_due(
    clock: ReportClock, today: date, lead_days: Sequence[int] = (5, 2)
) -> list[int]:
    """The lead times (days before the last day) reached, while not yet overdue."""
    left = days_left(clock, today)
    if left is None or left < 0:
        return []
    return [lead for lead in lead_days if left <= lead]
