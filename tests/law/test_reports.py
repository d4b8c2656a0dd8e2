"""The clock of crime information: BLTTHS Điều 145–149, TTLT 01/2017, TT 28/2020."""

from __future__ import annotations

from datetime import date

import pytest

from bcd138.law.calendar import WorkCalendar
from bcd138.law.reports import (
    MESSAGES,
    ClockEvent,
    EventKind,
    LawError,
    ReportClock,
    ReportRules,
    apply_event,
    check_event,
    days_left,
    is_overdue,
    report_clock,
    start_clock,
    warnings_due,
)
from bcd138.law.timelimits import end_of_months

CAL = WorkCalendar()
K = EventKind
# Received Wednesday 10/1/2024: the 20-day limit ends Tuesday 30/1/2024.
R = date(2024, 1, 10)
BASE = date(2024, 1, 30)


def ev(kind: EventKind, on: date, until: date | None = None) -> ClockEvent:
    return ClockEvent(kind, on, until)


def clock_of(*events: ClockEvent, **options: bool) -> ReportClock:
    return report_clock(
        [ev(K.RECEIVED, R), *events],
        calendar=CAL,
        commune_level=options.get("commune_level", False),
        very_serious=options.get("very_serious", False),
    )


# ---------------------------------------------------------------------------
# The base limit and the side deadlines


def test_received_starts_a_20_day_limit() -> None:
    clock = clock_of()
    assert clock.received_on == R
    assert clock.status == "running"
    assert clock.deadline == clock.base_deadline == BASE
    assert clock.head_extended_until is clock.procuracy_extended_until is None
    assert [(c.kind, c.deadline_before, c.deadline_after) for c in clock.history] == [
        (K.RECEIVED, None, BASE)
    ]
    assert "147.1" in clock.history[0].note
    assert not clock.assigned
    assert not clock.procuracy_notified
    assert not clock.procuracy_extension_used
    assert clock.transfer_by is clock.result_notice_by is None
    assert clock.suspension_notice_by is None


@pytest.mark.parametrize(
    ("received", "base_deadline"),
    [
        (date(2024, 1, 10), date(2024, 1, 30)),  # Tuesday: no roll-over
        (date(2025, 1, 10), date(2025, 2, 3)),  # 30/1/2025 is in Tết → Monday 3/2
        (date(2024, 1, 20), date(2024, 2, 15)),  # 9/2/2024 is in Tết → 15/2
        (date(2026, 1, 28), date(2026, 2, 23)),  # 17/2/2026 is mùng 1 → 23/2
        (date(2024, 2, 9), date(2024, 2, 29)),  # leap day
        (date(2024, 1, 13), date(2024, 2, 2)),  # received on a Saturday
        (date(2024, 3, 2), date(2024, 3, 22)),
        (date(2024, 3, 3), date(2024, 3, 25)),  # 23/3 Saturday → Monday
    ],
)
def test_base_deadline(received: date, base_deadline: date) -> None:
    clock = report_clock([ev(K.RECEIVED, received)], calendar=CAL)
    assert clock.base_deadline == clock.deadline == base_deadline


def test_base_deadline_without_day_off_roll_over() -> None:
    rules = ReportRules(roll_over_days=False)
    clock = report_clock([ev(K.RECEIVED, date(2025, 1, 10))], calendar=CAL, rules=rules)
    assert clock.deadline == date(2025, 1, 30)


def test_base_deadline_skips_a_declared_day_off() -> None:
    calendar = WorkCalendar(extra_days_off=frozenset({BASE}))
    clock = report_clock([ev(K.RECEIVED, R)], calendar=calendar)
    assert clock.deadline == date(2024, 1, 31)


def test_base_days_are_configurable() -> None:
    clock = report_clock(
        [ev(K.RECEIVED, R)], calendar=CAL, rules=ReportRules(base_days=30)
    )
    assert clock.deadline == date(2024, 2, 15)  # 9/2 is in Tết


@pytest.mark.parametrize(
    ("received", "rules", "assign_by", "notice_by", "receipt_notice_by"),
    [
        # Monday: +3 days is Thursday; 3 working days is Thursday too.
        (
            date(2024, 3, 4),
            ReportRules(),
            date(2024, 3, 7),
            date(2024, 3, 7),
            date(2024, 3, 7),
        ),
        # Thursday: +3 days is Sunday → Monday; 3 working days is Tuesday.
        (
            date(2024, 3, 7),
            ReportRules(),
            date(2024, 3, 11),
            date(2024, 3, 11),
            date(2024, 3, 12),
        ),
        # Without roll-over the Sunday stays; working days are unaffected.
        (
            date(2024, 3, 7),
            ReportRules(roll_over_days=False),
            date(2024, 3, 10),
            date(2024, 3, 10),
            date(2024, 3, 12),
        ),
        # Just before Tết 2024.
        (
            date(2024, 2, 7),
            ReportRules(),
            date(2024, 2, 15),
            date(2024, 2, 15),
            date(2024, 2, 19),
        ),
        # Configurable numbers.
        (
            date(2024, 3, 4),
            ReportRules(
                assign_days=1, procuracy_notice_days=2, receipt_notice_working_days=5
            ),
            date(2024, 3, 5),
            date(2024, 3, 6),
            date(2024, 3, 11),
        ),
    ],
)
def test_side_deadlines_from_receipt(
    received: date,
    rules: ReportRules,
    assign_by: date,
    notice_by: date,
    receipt_notice_by: date,
) -> None:
    clock = report_clock([ev(K.RECEIVED, received)], calendar=CAL, rules=rules)
    assert clock.assign_by == assign_by  # TTLT 01/2017 Điều 9
    assert clock.procuracy_notice_by == notice_by  # BLTTHS Điều 146.5
    assert clock.receipt_notice_by == receipt_notice_by  # TTLT 01/2017 Điều 14


@pytest.mark.parametrize(
    ("received", "commune_level", "very_serious", "transfer_by"),
    [
        (date(2024, 3, 4), True, False, date(2024, 3, 11)),  # 7 days: Monday
        (date(2024, 3, 2), True, False, date(2024, 3, 11)),  # 9/3 Saturday → Monday
        (date(2024, 2, 3), True, False, date(2024, 2, 15)),  # 10/2 in Tết → 15/2
        (date(2024, 3, 4), True, True, date(2024, 3, 4)),  # immediately: same day
        (date(2024, 3, 9), True, True, date(2024, 3, 9)),  # even on a Saturday
        (date(2024, 3, 4), False, False, None),  # not commune police
        (date(2024, 3, 4), False, True, None),
    ],
)
def test_commune_transfer_deadline(
    received: date, commune_level: bool, very_serious: bool, transfer_by: date | None
) -> None:
    clock = report_clock(
        [ev(K.RECEIVED, received)],
        calendar=CAL,
        commune_level=commune_level,
        very_serious=very_serious,
    )
    assert clock.transfer_by == transfer_by  # TT 28/2020 Điều 7


def test_start_clock_matches_report_clock() -> None:
    assert start_clock(R, calendar=CAL, commune_level=True) == report_clock(
        [ev(K.RECEIVED, R)], calendar=CAL, commune_level=True
    )


def test_transfer_in_keeps_the_limit_and_restarts_the_competent_bodys_duties() -> None:
    clock = report_clock(
        [
            ev(K.RECEIVED, date(2024, 3, 4)),
            ev(K.ASSIGNED, date(2024, 3, 4)),
            ev(K.TRANSFERRED_IN, date(2024, 3, 8)),
        ],
        calendar=CAL,
        commune_level=True,
    )
    # 20 days from the first receipt: 24/3 Sunday → 25/3; not from the transfer.
    assert clock.deadline == clock.base_deadline == date(2024, 3, 25)
    assert clock.transferred
    assert clock.assign_by == clock.procuracy_notice_by == date(2024, 3, 11)
    assert not clock.assigned
    assert clock.history[-1].kind is K.TRANSFERRED_IN
    assert clock.history[-1].deadline_before == clock.history[-1].deadline_after


@pytest.mark.parametrize(
    ("kind", "flag"),
    [
        (K.ASSIGNED, "assigned"),
        (K.PROCURACY_NOTIFIED, "procuracy_notified"),
        (K.REPORTER_NOTIFIED_RECEIPT, "reporter_notified_receipt"),
        (K.PROCURACY_EXTENSION_REQUESTED, "procuracy_extension_requested"),
    ],
)
def test_simple_steps_set_their_flag(kind: EventKind, flag: str) -> None:
    before = clock_of()
    after = clock_of(ev(kind, date(2024, 1, 12)))
    assert getattr(before, flag) is False
    assert getattr(after, flag) is True
    assert after.deadline == BASE


# ---------------------------------------------------------------------------
# Extensions


def test_head_extends_to_at_most_two_months_from_receipt() -> None:
    # 10/3/2024 is a Sunday, so the 2-month limit is Monday 11/3 (Điều 134).
    clock = clock_of(ev(K.HEAD_EXTENDED, date(2024, 1, 25), date(2024, 3, 11)))
    assert clock.deadline == clock.head_extended_until == date(2024, 3, 11)
    change = clock.history[-1]
    assert (change.kind, change.deadline_before, change.deadline_after) == (
        K.HEAD_EXTENDED,
        BASE,
        date(2024, 3, 11),
    )


def test_head_may_extend_again_within_two_months() -> None:
    clock = clock_of(
        ev(K.HEAD_EXTENDED, date(2024, 1, 25), date(2024, 2, 20)),
        ev(K.HEAD_EXTENDED, date(2024, 2, 15), date(2024, 3, 8)),
    )
    assert clock.deadline == clock.head_extended_until == date(2024, 3, 8)


def test_head_may_extend_on_the_last_day() -> None:
    clock = clock_of(ev(K.HEAD_EXTENDED, BASE, date(2024, 2, 20)))
    assert clock.deadline == date(2024, 2, 20)


def test_head_then_procuracy_reaches_the_four_month_maximum() -> None:
    received = date(2024, 1, 15)  # Monday; +2 and +4 months are working days
    clock = report_clock(
        [
            ev(K.RECEIVED, received),
            ev(K.HEAD_EXTENDED, date(2024, 2, 1), date(2024, 3, 15)),
            ev(K.PROCURACY_EXTENSION_REQUESTED, date(2024, 3, 10)),
            ev(K.PROCURACY_EXTENDED, date(2024, 3, 12), date(2024, 5, 15)),
        ],
        calendar=CAL,
    )
    assert clock.head_extended_until == date(2024, 3, 15)
    assert clock.procuracy_extended_until == clock.deadline == date(2024, 5, 15)
    assert clock.deadline == end_of_months(received, 4, calendar=CAL)
    assert clock.procuracy_extension_used
    assert clock.procuracy_request_by is None
    assert [c.kind for c in clock.history] == [
        K.RECEIVED,
        K.HEAD_EXTENDED,
        K.PROCURACY_EXTENDED,
    ]


def test_rolled_over_limits_can_exceed_four_calendar_months() -> None:
    # 10/3/2024 is Sunday → 11/3; 11/5/2024 is Saturday → 13/5. Each extension is
    # counted from the rolled-over day, so the derived maximum is 13/5, three days
    # past 10/5 (receipt + 4 months): Điều 134 applied step by step.
    clock = clock_of(
        ev(K.HEAD_EXTENDED, date(2024, 1, 25), date(2024, 3, 11)),
        ev(K.PROCURACY_EXTENSION_REQUESTED, date(2024, 3, 6)),
        ev(K.PROCURACY_EXTENDED, date(2024, 3, 8), date(2024, 5, 13)),
    )
    assert clock.deadline == date(2024, 5, 13)


def test_procuracy_may_extend_without_a_head_extension() -> None:
    clock = clock_of(
        ev(K.PROCURACY_EXTENSION_REQUESTED, date(2024, 1, 25)),
        ev(K.PROCURACY_EXTENDED, date(2024, 1, 27), date(2024, 3, 29)),
    )
    assert clock.deadline == date(2024, 3, 29)
    assert clock.head_extended_until is None


@pytest.mark.parametrize(
    ("events", "request_by"),
    [
        ((), date(2024, 1, 25)),  # 30/1 − 5 days
        ((ev(K.HEAD_EXTENDED, date(2024, 1, 20), date(2024, 3, 8)),), date(2024, 3, 3)),
        ((ev(K.PROCURACY_EXTENSION_REQUESTED, date(2024, 1, 20)),), None),
        ((ev(K.SUSPENDED, BASE),), None),
        ((ev(K.DECIDED, date(2024, 1, 20)),), None),
    ],
)
def test_procuracy_request_by(
    events: tuple[ClockEvent, ...], request_by: date | None
) -> None:
    assert clock_of(*events).procuracy_request_by == request_by


def test_procuracy_request_lead_is_configurable() -> None:
    rules = ReportRules(procuracy_request_lead_days=10)
    events = [ev(K.RECEIVED, R), ev(K.PROCURACY_EXTENSION_REQUESTED, date(2024, 1, 21))]
    with pytest.raises(LawError) as caught:
        report_clock(events, calendar=CAL, rules=rules)
    assert caught.value.code == "procuracy_request_too_late"
    assert caught.value.params == {"limit": "2024-01-20", "days": "10"}


# ---------------------------------------------------------------------------
# Suspension, resumption, annulment, decision


@pytest.mark.parametrize(
    ("suspended_on", "notice_by"),
    [
        (BASE, date(2024, 1, 31)),  # on the last day: 24 hours → next day
        (date(2024, 2, 2), date(2024, 2, 5)),  # Friday → Saturday → Monday
        (date(2024, 2, 7), date(2024, 2, 15)),  # the eve of Tết 2024
    ],
)
def test_suspension_stops_the_clock(suspended_on: date, notice_by: date) -> None:
    clock = clock_of(ev(K.SUSPENDED, suspended_on))
    assert clock.status == "suspended"
    assert clock.deadline is None
    assert clock.suspended_on == suspended_on
    assert clock.suspension_notice_by == notice_by  # BLTTHS Điều 148: 24 hours
    assert not clock.reporter_notified_suspension
    assert clock.history[-1].deadline_before == BASE
    assert clock.history[-1].deadline_after is None
    assert days_left(clock, date(2024, 6, 1)) is None
    assert not is_overdue(clock, date(2024, 6, 1))


@pytest.mark.parametrize(
    ("kind", "on", "deadline"),
    [
        (K.RESUMED, date(2024, 3, 5), date(2024, 4, 5)),
        (K.RESUMED, date(2024, 1, 31), date(2024, 2, 29)),  # 31/1 + 1 month
        (K.RESUMED, date(2025, 12, 17), date(2026, 1, 19)),  # 17/1/2026 Saturday
        (K.RESUMED, date(2026, 1, 17), date(2026, 2, 23)),  # 17/2/2026 is Tết
        (K.SUSPENSION_ANNULLED, date(2024, 2, 29), date(2024, 3, 29)),
        (K.SUSPENSION_ANNULLED, date(2024, 3, 31), date(2024, 5, 2)),  # 30/4, 1/5
    ],
)
def test_resumption_or_annulment_gives_at_most_one_month(
    kind: EventKind, on: date, deadline: date
) -> None:
    clock = clock_of(ev(K.SUSPENDED, BASE), ev(kind, on))
    assert clock.status == "running"
    assert clock.deadline == deadline
    assert clock.after_resumption
    assert clock.suspension_notice_by is None
    assert clock.procuracy_request_by is None
    assert clock.history[-1].kind is kind
    assert clock.history[-1].deadline_before is None


def test_resume_max_months_is_configurable() -> None:
    rules = ReportRules(resume_max_months=2)
    events = [ev(K.RECEIVED, R), ev(K.SUSPENDED, BASE), ev(K.RESUMED, date(2024, 3, 5))]
    assert report_clock(events, calendar=CAL, rules=rules).deadline == date(2024, 5, 6)


def test_a_resumed_limit_may_be_suspended_again_once_it_has_run() -> None:
    clock = clock_of(
        ev(K.SUSPENDED, BASE),
        ev(K.RESUMED, date(2024, 3, 5)),
        ev(K.SUSPENDED, date(2024, 4, 5)),
    )
    assert clock.status == "suspended"
    assert clock.suspended_on == date(2024, 4, 5)


@pytest.mark.parametrize(
    ("decided_on", "result_notice_by"),
    [
        (date(2024, 1, 20), date(2024, 1, 23)),
        (date(2024, 1, 25), date(2024, 1, 29)),  # 28/1 Sunday → Monday
        (date(2024, 2, 5), date(2024, 2, 15)),  # 8/2 is in Tết
        (date(2024, 2, 20), date(2024, 2, 23)),  # overdue, but still recorded
    ],
)
def test_decision_stops_the_clock_for_good(
    decided_on: date, result_notice_by: date
) -> None:
    clock = clock_of(ev(K.DECIDED, decided_on))
    assert clock.status == "decided"
    assert clock.deadline is None
    assert clock.decided_on == decided_on
    assert clock.result_notice_by == result_notice_by  # TTLT 01/2017 Điều 14
    assert clock.history[-1].deadline_before == BASE
    assert days_left(clock, decided_on) is None
    assert warnings_due(clock, decided_on) == []


def test_decision_after_resumption() -> None:
    clock = clock_of(
        ev(K.SUSPENDED, BASE),
        ev(K.RESUMED, date(2024, 3, 5)),
        ev(K.DECIDED, date(2024, 3, 20)),
    )
    assert clock.status == "decided"
    assert clock.result_notice_by == date(2024, 3, 25)  # 23/3 Saturday → Monday


def test_notices_are_allowed_after_the_decision() -> None:
    clock = clock_of(
        ev(K.SUSPENDED, BASE),
        ev(K.RESUMED, date(2024, 3, 5)),
        ev(K.DECIDED, date(2024, 3, 20)),
        ev(K.PROCURACY_NOTIFIED, date(2024, 3, 21)),
        ev(K.REPORTER_NOTIFIED_SUSPENSION, date(2024, 3, 21)),
        ev(K.REPORTER_NOTIFIED_RECEIPT, date(2024, 3, 21)),
        ev(K.REPORTER_NOTIFIED_RESULT, date(2024, 3, 22)),
    )
    assert clock.reporter_notified_result
    assert clock.reporter_notified_receipt
    assert clock.reporter_notified_suspension
    assert clock.procuracy_notified


def test_events_on_the_same_day_are_in_order() -> None:
    clock = clock_of(ev(K.ASSIGNED, R), ev(K.PROCURACY_NOTIFIED, R), ev(K.DECIDED, R))
    assert clock.status == "decided"


# ---------------------------------------------------------------------------
# Refusals


def _received(*events: ClockEvent) -> list[ClockEvent]:
    return [ev(K.RECEIVED, R), *events]


_EXTENDED = ev(K.HEAD_EXTENDED, date(2024, 1, 25), date(2024, 3, 8))
_REQUESTED = ev(K.PROCURACY_EXTENSION_REQUESTED, date(2024, 1, 20))
_SUSPENDED = ev(K.SUSPENDED, BASE)
_RESUMED = ev(K.RESUMED, date(2024, 3, 5))
_DECIDED = ev(K.DECIDED, date(2024, 1, 20))

REFUSALS: list[tuple[str, list[ClockEvent]]] = [
    ("no_events", []),
    ("first_not_received", [ev(K.ASSIGNED, R)]),
    ("first_not_received", [ev(K.TRANSFERRED_IN, R)]),
    ("unexpected_until", [ev(K.RECEIVED, R, BASE)]),
    ("already_received", _received(ev(K.RECEIVED, date(2024, 1, 11)))),
    ("before_receipt", _received(ev(K.ASSIGNED, date(2024, 1, 9)))),
    (
        "out_of_order",
        _received(ev(K.ASSIGNED, date(2024, 1, 12)), ev(K.PROCURACY_NOTIFIED, R)),
    ),
    ("until_required", _received(ev(K.HEAD_EXTENDED, date(2024, 1, 20)))),
    (
        "until_required",
        _received(_REQUESTED, ev(K.PROCURACY_EXTENDED, date(2024, 1, 22))),
    ),
    ("unexpected_until", _received(ev(K.ASSIGNED, date(2024, 1, 12), BASE))),
    ("unexpected_until", _received(ev(K.SUSPENDED, BASE, date(2024, 3, 1)))),
    ("after_decision", _received(_DECIDED, ev(K.ASSIGNED, date(2024, 1, 21)))),
    ("after_decision", _received(_DECIDED, ev(K.DECIDED, date(2024, 1, 21)))),
    ("after_decision", _received(_DECIDED, ev(K.SUSPENDED, BASE))),
    ("after_decision", _received(_DECIDED, ev(K.TRANSFERRED_IN, date(2024, 1, 21)))),
    (
        "after_decision",
        _received(_DECIDED, ev(K.HEAD_EXTENDED, date(2024, 1, 21), date(2024, 2, 20))),
    ),
    (
        "not_running",
        _received(_SUSPENDED, ev(K.HEAD_EXTENDED, BASE, date(2024, 2, 20))),
    ),
    ("not_running", _received(_SUSPENDED, ev(K.SUSPENDED, date(2024, 2, 1)))),
    (
        "not_running",
        _received(_SUSPENDED, ev(K.PROCURACY_EXTENSION_REQUESTED, date(2024, 2, 1))),
    ),
    (
        "extension_after_resumption",
        _received(
            _SUSPENDED,
            _RESUMED,
            ev(K.HEAD_EXTENDED, date(2024, 3, 6), date(2024, 3, 8)),
        ),
    ),
    (
        "extension_after_resumption",
        _received(
            _SUSPENDED, _RESUMED, ev(K.PROCURACY_EXTENSION_REQUESTED, date(2024, 3, 6))
        ),
    ),
    (
        "head_after_procuracy",
        _received(
            _REQUESTED,
            ev(K.PROCURACY_EXTENDED, date(2024, 1, 22), date(2024, 3, 1)),
            ev(K.HEAD_EXTENDED, date(2024, 1, 23), date(2024, 3, 8)),
        ),
    ),
    (
        "past_deadline",
        _received(ev(K.HEAD_EXTENDED, date(2024, 1, 31), date(2024, 2, 20))),
    ),
    (
        "past_deadline",
        _received(
            _REQUESTED, ev(K.PROCURACY_EXTENDED, date(2024, 1, 31), date(2024, 3, 1))
        ),
    ),
    ("extension_not_later", _received(ev(K.HEAD_EXTENDED, date(2024, 1, 20), BASE))),
    (
        "extension_not_later",
        _received(ev(K.HEAD_EXTENDED, date(2024, 1, 20), date(2024, 1, 29))),
    ),
    (
        "extension_not_later",
        _received(_EXTENDED, ev(K.HEAD_EXTENDED, date(2024, 2, 1), date(2024, 2, 20))),
    ),
    (
        "extension_not_later",
        _received(_REQUESTED, ev(K.PROCURACY_EXTENDED, date(2024, 1, 22), BASE)),
    ),
    (
        "head_extension_too_long",
        _received(ev(K.HEAD_EXTENDED, date(2024, 1, 20), date(2024, 3, 12))),
    ),
    ("procuracy_request_twice", _received(_REQUESTED, _REQUESTED)),
    (
        "procuracy_request_twice",
        _received(
            _REQUESTED,
            ev(K.PROCURACY_EXTENDED, date(2024, 1, 22), date(2024, 3, 1)),
            ev(K.PROCURACY_EXTENSION_REQUESTED, date(2024, 1, 23)),
        ),
    ),
    (
        "procuracy_request_too_late",
        _received(ev(K.PROCURACY_EXTENSION_REQUESTED, date(2024, 1, 26))),
    ),
    (
        "procuracy_request_too_late",
        _received(_EXTENDED, ev(K.PROCURACY_EXTENSION_REQUESTED, date(2024, 3, 4))),
    ),
    (
        "procuracy_extension_not_requested",
        _received(ev(K.PROCURACY_EXTENDED, date(2024, 1, 22), date(2024, 3, 1))),
    ),
    (
        "procuracy_extension_twice",
        _received(
            _REQUESTED,
            ev(K.PROCURACY_EXTENDED, date(2024, 1, 22), date(2024, 3, 1)),
            ev(K.PROCURACY_EXTENDED, date(2024, 1, 23), date(2024, 3, 4)),
        ),
    ),
    (
        # 30/1 + 2 months = 30/3/2024, a Saturday → Monday 1/4 is the most.
        "procuracy_extension_too_long",
        _received(
            _REQUESTED, ev(K.PROCURACY_EXTENDED, date(2024, 1, 22), date(2024, 4, 2))
        ),
    ),
    ("suspension_before_expiry", _received(ev(K.SUSPENDED, date(2024, 1, 29)))),
    (
        "suspension_before_expiry",
        _received(_EXTENDED, ev(K.SUSPENDED, BASE)),
    ),
    (
        "suspension_before_expiry",
        _received(_SUSPENDED, _RESUMED, ev(K.SUSPENDED, date(2024, 4, 4))),
    ),
    ("not_suspended", _received(ev(K.RESUMED, date(2024, 1, 20)))),
    ("not_suspended", _received(ev(K.SUSPENSION_ANNULLED, date(2024, 1, 20)))),
    ("not_suspended", _received(_SUSPENDED, _RESUMED, ev(K.RESUMED, date(2024, 3, 6)))),
    ("decided_while_suspended", _received(_SUSPENDED, ev(K.DECIDED, date(2024, 2, 1)))),
    ("no_result_yet", _received(ev(K.REPORTER_NOTIFIED_RESULT, date(2024, 1, 20)))),
    (
        "no_suspension",
        _received(ev(K.REPORTER_NOTIFIED_SUSPENSION, date(2024, 1, 20))),
    ),
]


@pytest.mark.parametrize(
    ("code", "events"), REFUSALS, ids=[f"{i}-{c}" for i, (c, _) in enumerate(REFUSALS)]
)
def test_report_clock_refuses(code: str, events: list[ClockEvent]) -> None:
    with pytest.raises(LawError) as caught:
        report_clock(events, calendar=CAL)
    assert caught.value.code == code
    assert str(caught.value) == MESSAGES[code] % caught.value.params
    assert "%(" not in str(caught.value)


def _refusal_codes(module: str) -> set[str]:
    import re
    from pathlib import Path

    source = (
        Path(__file__).resolve().parents[2] / "bcd138" / "law" / module
    ).read_text()
    return set(re.findall(r'refuse\(\s*"([a-z0-9_]+)"', source))


def test_every_refusal_of_the_report_clock_has_a_test() -> None:
    assert {code for code, _ in REFUSALS} == _refusal_codes("reports.py")


def test_every_message_is_raised_somewhere() -> None:
    from pathlib import Path

    law = Path(__file__).resolve().parents[2] / "bcd138" / "law"
    raised: set[str] = set()
    for module in law.rglob("*.py"):
        raised |= _refusal_codes(module.relative_to(law).as_posix())
    assert raised <= set(MESSAGES)
    assert set(MESSAGES) - raised == set(), "messages no code raises"


def test_the_allowed_edges_of_the_refusals() -> None:
    # Each is the last allowed value next to a refused one above.
    report_clock(_received(ev(K.HEAD_EXTENDED, BASE, date(2024, 3, 11))), calendar=CAL)
    report_clock(
        _received(ev(K.PROCURACY_EXTENSION_REQUESTED, date(2024, 1, 25))), calendar=CAL
    )
    report_clock(
        _received(_REQUESTED, ev(K.PROCURACY_EXTENDED, BASE, date(2024, 4, 1))),
        calendar=CAL,
    )
    report_clock(_received(ev(K.SUSPENDED, date(2024, 2, 20))), calendar=CAL)


def test_refusal_messages_carry_their_parameters() -> None:
    events = _received(ev(K.HEAD_EXTENDED, date(2024, 1, 20), date(2024, 3, 12)))
    with pytest.raises(LawError) as caught:
        report_clock(events, calendar=CAL)
    assert caught.value.params == {"limit": "2024-03-11", "months": "2"}
    assert "2024-03-11" in str(caught.value)
    assert caught.value.message == str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_check_event_is_pure_and_apply_event_returns_a_new_clock() -> None:
    clock = clock_of()
    event = ev(K.HEAD_EXTENDED, date(2024, 1, 20), date(2024, 2, 20))
    rules = ReportRules()
    check_event(clock, event, calendar=CAL, rules=rules)  # does not raise
    after = apply_event(clock, event, calendar=CAL, rules=rules)
    assert clock.deadline == BASE
    assert after.deadline == date(2024, 2, 20)
    assert after.last_event_on == date(2024, 1, 20)
    with pytest.raises(LawError) as caught:
        check_event(after, ev(K.ASSIGNED, date(2024, 1, 19)), calendar=CAL, rules=rules)
    assert caught.value.code == "out_of_order"


def test_check_event_uses_the_rules_it_is_given() -> None:
    clock = clock_of()
    event = ev(K.HEAD_EXTENDED, date(2024, 1, 20), date(2024, 4, 10))
    with pytest.raises(LawError):
        check_event(clock, event, calendar=CAL, rules=ReportRules())
    longer = ReportRules(head_extension_max_months=3)
    check_event(clock, event, calendar=CAL, rules=longer)


@pytest.mark.parametrize(
    "field", ["base_days", "assign_days", "resume_max_months", "commune_transfer_days"]
)
def test_rules_refuse_negative_numbers(field: str) -> None:
    with pytest.raises(ValueError, match=field):
        ReportRules(**{field: -1})  # type: ignore[arg-type]


# ---------------------------------------------------------------------------
# Reading the clock


@pytest.mark.parametrize(
    ("today", "left", "overdue", "warnings"),
    [
        (date(2024, 1, 10), 20, False, []),
        (date(2024, 1, 24), 6, False, []),
        (date(2024, 1, 25), 5, False, [5]),
        (date(2024, 1, 27), 3, False, [5]),
        (date(2024, 1, 28), 2, False, [5, 2]),
        (BASE, 0, False, [5, 2]),  # the limit runs to 24:00 of its last day
        (date(2024, 1, 31), -1, True, []),
        (date(2024, 3, 1), -31, True, []),
    ],
)
def test_days_left_overdue_and_warnings(
    today: date, left: int, overdue: bool, warnings: list[int]
) -> None:
    clock = clock_of()
    assert days_left(clock, today) == left
    assert is_overdue(clock, today) is overdue
    assert warnings_due(clock, today) == warnings


def test_warnings_with_custom_lead_days() -> None:
    clock = clock_of()
    assert warnings_due(clock, date(2024, 1, 21), lead_days=(10, 7, 1)) == [10]
    assert warnings_due(clock, date(2024, 1, 29), lead_days=(10, 7, 1)) == [10, 7, 1]


def test_reading_follows_the_extended_deadline() -> None:
    clock = clock_of(ev(K.HEAD_EXTENDED, date(2024, 1, 25), date(2024, 2, 20)))
    assert days_left(clock, date(2024, 1, 31)) == 20
    assert not is_overdue(clock, date(2024, 1, 31))
