"""The clock of a criminal case: BLTTHS Điều 134, 172, 240, 277."""

from __future__ import annotations

from datetime import date

import pytest

from bcd138.law.calendar import WorkCalendar, public_holidays
from bcd138.law.cases import (
    MESSAGES,
    CaseCategory,
    CaseClock,
    CaseEvent,
    CaseEventKind,
    CaseRules,
    LawError,
    Span,
    apply_case_event,
    case_clock,
    check_case_event,
    days_left,
    is_overdue,
)

CAL = WorkCalendar()
K = CaseEventKind
C = CaseCategory
LS, S, VS, PS = C.LESS_SERIOUS, C.SERIOUS, C.VERY_SERIOUS, C.PARTICULARLY_SERIOUS
# Saturday 10/1/2026: the day of institution is not counted.
INST = date(2026, 1, 10)


def d(text: str) -> date:
    return date.fromisoformat(text)


def ev(
    kind: CaseEventKind,
    on: str,
    until: str | None = None,
    *,
    category: CaseCategory | None = None,
    supreme: bool = False,
) -> CaseEvent:
    return CaseEvent(
        kind, d(on), None if until is None else d(until), category, supreme
    )


def run(
    category: CaseCategory,
    *events: CaseEvent,
    instituted: date = INST,
    rules: CaseRules | None = None,
) -> CaseClock:
    return case_clock(
        [CaseEvent(K.INSTITUTED, instituted), *events],
        category=category,
        calendar=CAL,
        rules=rules or CaseRules(),
    )


def refused(code: str, category: CaseCategory, *events: CaseEvent) -> LawError:
    with pytest.raises(LawError) as caught:
        run(category, *events)
    assert caught.value.code == code
    assert caught.value.message == MESSAGES[code] % caught.value.params
    return caught.value


def to_procuracy(received: str) -> list[CaseEvent]:
    """Investigation concluded and the file sent the day before ``received``."""
    return [
        ev(K.INVESTIGATION_CONCLUDED, "2026-01-12"),
        ev(K.FILE_SENT_TO_PROCURACY, "2026-01-13"),
        ev(K.FILE_RECEIVED_BY_PROCURACY, received),
    ]


def to_court(received: str) -> list[CaseEvent]:
    return [
        *to_procuracy("2026-01-14"),
        ev(K.INDICTED, "2026-01-15"),
        ev(K.FILE_SENT_TO_COURT, "2026-01-16"),
        ev(K.FILE_RECEIVED_BY_COURT, received),
    ]


# ---------------------------------------------------------------------------
# The calendar the dates below rely on


def test_tet_2027_is_in_the_calendar() -> None:
    tet = {day for day, name in public_holidays(2027).items() if "Tết" in name}
    # Thu 4/2 (29 Tết) to Wed 10/2/2027 (mùng 5); mùng 1 is Saturday 6/2.
    assert {d("2027-02-04"), d("2027-02-06"), d("2027-02-10")} <= tet
    assert CAL.next_working_day(d("2027-02-06")) == d("2027-02-11")


# ---------------------------------------------------------------------------
# Điều 172: the investigation limit


@pytest.mark.parametrize(
    ("category", "instituted", "deadline"),
    [
        (LS, INST, d("2026-03-10")),  # 2 months
        (S, INST, d("2026-04-10")),  # 3 months, a Friday
        (VS, INST, d("2026-05-11")),  # 4 months: Sunday 10/5 → Monday
        (PS, INST, d("2026-05-11")),
        (LS, d("2027-11-30"), d("2028-01-31")),  # 30/1/2028 Sunday → Monday
        (LS, d("2027-12-31"), d("2028-02-29")),  # clamp to the leap day
        (S, d("2027-11-29"), d("2028-02-29")),  # leap day, a Tuesday
        (S, d("2026-11-30"), d("2027-03-01")),  # clamp to 28/2/2027, Sunday
        (LS, d("2026-12-06"), d("2027-02-11")),  # 6/2/2027 is mùng 1 Tết
        (LS, d("2025-12-17"), d("2026-02-23")),  # 17/2/2026 is mùng 1 Tết
    ],
)
def test_investigation_base_limit(
    category: CaseCategory, instituted: date, deadline: date
) -> None:
    clock = run(category, instituted=instituted)
    assert clock.deadline == deadline
    assert clock.stage == "investigation"
    assert clock.holder == "police"
    assert clock.limit_kind == "base"
    assert clock.extensions_used == 0
    assert "172.1" in clock.history[0].note


@pytest.mark.parametrize(
    ("category", "max_deadline"),
    [
        (LS, d("2026-05-11")),  # 4 months: Sunday 10/5 → Monday
        (S, d("2026-09-10")),  # 8 months
        (VS, d("2027-01-11")),  # 12 months: Sunday 10/1 → Monday
        (PS, d("2027-09-10")),  # 20 months, with the VKSNDTC extension
    ],
)
def test_investigation_max_deadline(category: CaseCategory, max_deadline: date) -> None:
    assert run(category).max_deadline == max_deadline


@pytest.mark.parametrize(
    ("category", "untils", "months"),
    [
        (LS, ["2026-05-11"], 4),
        (S, ["2026-07-10", "2026-09-10"], 8),
        # The step from the rolled-over 11/5 would reach 11/9; the total caps at
        # 8 months from institution, 10/9.
        (VS, ["2026-09-10", "2027-01-11"], 12),
        (PS, ["2026-09-10", "2027-01-11", "2027-05-10"], 16),
    ],
)
def test_every_extension_to_its_maximum(
    category: CaseCategory, untils: list[str], months: int
) -> None:
    events = [ev(K.INVESTIGATION_EXTENDED, "2026-03-01", until) for until in untils]
    clock = run(category, *events)
    assert clock.deadline == d(untils[-1])
    assert clock.extensions_used == len(untils)
    assert CaseRules().investigation_max_months(category) == months
    assert [c.deadline_after for c in clock.history[1:]] == [d(u) for u in untils]
    assert all("172.2" in c.note for c in clock.history[1:])


def test_supreme_extension_brings_a_particularly_serious_case_to_20_months() -> None:
    untils = ["2026-09-10", "2027-01-11", "2027-05-10"]
    events = [ev(K.INVESTIGATION_EXTENDED, "2026-03-01", u) for u in untils]
    clock = run(
        PS,
        *events,
        ev(K.INVESTIGATION_EXTENDED, "2027-05-01", "2027-09-10", supreme=True),
    )
    assert clock.deadline == clock.max_deadline == d("2027-09-10")
    assert clock.supreme_used
    assert clock.extensions_used == 4
    assert CaseRules().investigation_max_months(PS, supreme=True) == 20
    assert "172.3" in clock.history[-1].note
    assert clock.extension_request_by is None  # nothing left to ask for


PS_FULL = [
    ev(K.INVESTIGATION_EXTENDED, "2026-03-01", u)
    for u in ["2026-09-10", "2027-01-11", "2027-05-10"]
]


@pytest.mark.parametrize(
    ("category", "events", "code"),
    [
        # Step too long: 2 months after 10/3 is 10/5, rolled over to 11/5.
        (
            LS,
            [ev(K.INVESTIGATION_EXTENDED, "2026-03-01", "2026-05-12")],
            "investigation_extension_step_too_long",
        ),
        (
            S,
            [ev(K.INVESTIGATION_EXTENDED, "2026-03-01", "2026-07-13")],
            "investigation_extension_step_too_long",
        ),
        # Within the step from the rolled-over limit, beyond 8 months in all.
        (
            VS,
            [ev(K.INVESTIGATION_EXTENDED, "2026-03-01", "2026-09-11")],
            "investigation_total_too_long",
        ),
        (
            LS,
            [
                ev(K.INVESTIGATION_EXTENDED, "2026-03-01", "2026-04-10"),
                ev(K.INVESTIGATION_EXTENDED, "2026-04-01", "2026-05-11"),
            ],
            "investigation_extension_too_many",
        ),
        (
            S,
            [
                ev(K.INVESTIGATION_EXTENDED, "2026-03-01", "2026-07-10"),
                ev(K.INVESTIGATION_EXTENDED, "2026-07-01", "2026-09-10"),
                ev(K.INVESTIGATION_EXTENDED, "2026-09-01", "2026-09-11"),
            ],
            "investigation_extension_too_many",
        ),
        (
            PS,
            [*PS_FULL, ev(K.INVESTIGATION_EXTENDED, "2027-05-01", "2027-06-01")],
            "investigation_extension_too_many",
        ),
        (
            S,
            [ev(K.INVESTIGATION_EXTENDED, "2026-03-01", "2026-05-01", supreme=True)],
            "supreme_extension_not_allowed",
        ),
        (
            VS,
            [ev(K.INVESTIGATION_EXTENDED, "2026-03-01", "2026-05-20", supreme=True)],
            "supreme_extension_not_allowed",
        ),
        (
            PS,
            [ev(K.INVESTIGATION_EXTENDED, "2026-03-01", "2026-07-01", supreme=True)],
            "supreme_extension_too_early",
        ),
        (
            PS,
            [
                *PS_FULL,
                ev(K.INVESTIGATION_EXTENDED, "2027-05-01", "2027-06-01", supreme=True),
                ev(K.INVESTIGATION_EXTENDED, "2027-05-02", "2027-07-01", supreme=True),
            ],
            "supreme_extension_twice",
        ),
        # The limit ended at 24:00 on Friday 10/4/2026.
        (
            S,
            [ev(K.INVESTIGATION_EXTENDED, "2026-04-11", "2026-06-01")],
            "past_deadline",
        ),
        (
            S,
            [ev(K.INVESTIGATION_EXTENDED, "2026-03-01", "2026-04-10")],
            "extension_not_later",
        ),
        (S, [CaseEvent(K.INVESTIGATION_EXTENDED, d("2026-03-01"))], "until_required"),
    ],
)
def test_investigation_extension_refused(
    category: CaseCategory, events: list[CaseEvent], code: str
) -> None:
    refused(code, category, *events)


def test_extension_on_the_last_day_is_allowed() -> None:
    clock = run(S, ev(K.INVESTIGATION_EXTENDED, "2026-04-10", "2026-05-10"))
    assert clock.deadline == d("2026-05-10")


def test_extension_request_by_is_10_days_before_expiry() -> None:
    assert run(S).extension_request_by == d("2026-03-31")
    rules = CaseRules(extension_request_lead_days=5)
    assert run(S, rules=rules).extension_request_by == d("2026-04-05")


# ---------------------------------------------------------------------------
# Điều 172.4: a change of charges


@pytest.mark.parametrize(
    ("category", "events", "new", "deadline", "max_deadline"),
    [
        # Serious → very serious: the base becomes 4 months.
        (S, [], VS, d("2026-05-11"), d("2027-01-11")),
        # Very serious → less serious: the base shrinks to 2 months.
        (VS, [], LS, d("2026-03-10"), d("2026-05-11")),
        # Very serious, extended to 10/9 → less serious: capped at 4 months.
        (
            VS,
            [ev(K.INVESTIGATION_EXTENDED, "2026-03-01", "2026-09-10")],
            LS,
            d("2026-05-11"),
            d("2026-05-11"),
        ),
        # Serious, extended to 10/7 → very serious: the extension stays.
        (
            S,
            [ev(K.INVESTIGATION_EXTENDED, "2026-03-01", "2026-07-10")],
            VS,
            d("2026-07-10"),
            d("2027-01-11"),
        ),
        # Less serious → particularly serious: 4 months, up to 20.
        (LS, [], PS, d("2026-05-11"), d("2027-09-10")),
    ],
)
def test_change_of_charges_recomputes_the_limit(
    category: CaseCategory,
    events: list[CaseEvent],
    new: CaseCategory,
    deadline: date,
    max_deadline: date,
) -> None:
    clock = run(category, *events, ev(K.CHARGES_CHANGED, "2026-06-01", category=new))
    assert clock.category is new
    assert clock.deadline == deadline
    assert clock.max_deadline == max_deadline
    assert "172.4" in clock.history[-1].note


def test_after_a_change_of_charges_the_used_extensions_count() -> None:
    extended = ev(K.INVESTIGATION_EXTENDED, "2026-03-01", "2026-09-10")
    changed = ev(K.CHARGES_CHANGED, "2026-04-01", category=LS)
    clock = run(VS, extended, changed)
    assert is_overdue(clock, d("2026-05-12"))
    refused(
        "investigation_extension_too_many",
        VS,
        extended,
        changed,
        ev(K.INVESTIGATION_EXTENDED, "2026-04-02", "2026-05-20"),
    )
    # Serious → very serious after one extension: the second step is 4 months.
    clock = run(
        S,
        ev(K.INVESTIGATION_EXTENDED, "2026-03-01", "2026-07-10"),
        ev(K.CHARGES_CHANGED, "2026-04-01", category=VS),
        ev(K.INVESTIGATION_EXTENDED, "2026-07-01", "2026-11-10"),
    )
    assert clock.deadline == d("2026-11-10")


@pytest.mark.parametrize(
    ("events", "code"),
    [
        ([ev(K.CHARGES_CHANGED, "2026-02-01", category=S)], "category_unchanged"),
        ([CaseEvent(K.CHARGES_CHANGED, d("2026-02-01"))], "category_required"),
        ([ev(K.ACCUSED_CHARGED, "2026-02-01", category=VS)], "unexpected_category"),
        ([ev(K.ACCUSED_CHARGED, "2026-02-01", "2026-03-01")], "unexpected_until"),
        ([ev(K.ACCUSED_CHARGED, "2026-02-01", supreme=True)], "unexpected_supreme"),
        (
            [
                *to_procuracy("2026-01-14"),
                ev(K.CHARGES_CHANGED, "2026-01-20", category=VS),
            ],
            "case_event_not_allowed",
        ),
    ],
)
def test_malformed_events_refused(events: list[CaseEvent], code: str) -> None:
    refused(code, S, *events)


# ---------------------------------------------------------------------------
# Suspension and resumption of the investigation


def test_resumed_investigation_gets_2_months_not_extensible() -> None:
    suspended = ev(K.INVESTIGATION_SUSPENDED, "2026-04-10")
    clock = run(S, suspended)
    assert (clock.phase, clock.deadline, clock.holder) == ("suspended", None, "police")
    assert days_left(clock, d("2026-05-01")) is None
    assert not is_overdue(clock, d("2030-01-01"))
    resumed = ev(K.INVESTIGATION_RESUMED, "2026-06-15")
    clock = run(S, suspended, resumed)
    assert clock.deadline == clock.max_deadline == d("2026-08-17")  # 15/8 Saturday
    assert clock.limit_kind == "resumed"
    err = refused(
        "limit_not_extensible",
        S,
        suspended,
        resumed,
        ev(K.INVESTIGATION_EXTENDED, "2026-07-01", "2026-09-01"),
    )
    assert err.params == {"limit": "resumed"}


# ---------------------------------------------------------------------------
# Điều 240: the procuracy's decision on prosecution


@pytest.mark.parametrize(
    ("category", "received", "deadline", "max_deadline"),
    [
        # 20 days from Tuesday 20/1/2026 → Monday 9/2; +10 → 19/2 is in Tết → 23/2.
        (LS, "2026-01-20", "2026-02-09", "2026-02-23"),
        (S, "2026-01-20", "2026-02-09", "2026-02-23"),
        # 30 days → 19/2 in Tết → 23/2; +15 from 19/2 → Friday 6/3.
        (VS, "2026-01-20", "2026-02-23", "2026-03-06"),
        # +30 from 19/2 → Saturday 21/3 → Monday 23/3 (60 days).
        (PS, "2026-01-20", "2026-02-23", "2026-03-23"),
        # 20 days from Sunday 17/1/2027 → 6/2/2027, mùng 1 Tết → Thursday 11/2.
        (S, "2027-01-17", "2027-02-11", "2027-02-16"),
        # Leap year: 30 days from 30/1/2028 → 29/2/2028.
        (VS, "2028-01-30", "2028-02-29", "2028-03-15"),
    ],
)
def test_prosecution_limit(
    category: CaseCategory, received: str, deadline: str, max_deadline: str
) -> None:
    clock = run(category, *to_procuracy(received))
    assert (clock.stage, clock.phase, clock.holder) == (
        "prosecution",
        "running",
        "procuracy",
    )
    assert clock.stage_started_on == d(received)
    assert clock.deadline == d(deadline)
    assert clock.max_deadline == d(max_deadline)
    assert clock.extensions_used == 0
    assert "240" in clock.history[-1].note
    extended = run(
        category,
        *to_procuracy(received),
        ev(K.PROSECUTION_EXTENDED, received, max_deadline),
    )
    assert extended.deadline == d(max_deadline)


def test_prosecution_days_without_roll_over() -> None:
    rules = CaseRules(roll_over_days=False)
    clock = run(S, *to_procuracy("2027-01-17"), rules=rules)
    assert clock.deadline == d("2027-02-06")


@pytest.mark.parametrize(
    ("extensions", "code"),
    [
        (
            [ev(K.PROSECUTION_EXTENDED, "2026-02-01", "2026-03-24")],
            "stage_extension_too_long",
        ),
        (
            [
                ev(K.PROSECUTION_EXTENDED, "2026-02-01", "2026-03-01"),
                ev(K.PROSECUTION_EXTENDED, "2026-02-02", "2026-03-10"),
            ],
            "stage_extension_twice",
        ),
        ([ev(K.PROSECUTION_EXTENDED, "2026-02-24", "2026-03-10")], "past_deadline"),
        (
            [ev(K.TRIAL_PREPARATION_EXTENDED, "2026-02-01", "2026-03-10")],
            "case_event_not_allowed",
        ),
    ],
)
def test_prosecution_extension_refused(extensions: list[CaseEvent], code: str) -> None:
    refused(code, PS, *to_procuracy("2026-01-20"), *extensions)


# ---------------------------------------------------------------------------
# Điều 277: the court's trial preparation


@pytest.mark.parametrize(
    ("category", "received", "deadline", "max_deadline"),
    [
        # 30 days from 20/1/2026 → 19/2 in Tết → 23/2; +15 from 19/2 → 6/3.
        (LS, "2026-01-20", "2026-02-23", "2026-03-06"),
        # 45 days → Friday 6/3; +15 → Saturday 21/3 → Monday 23/3.
        (S, "2026-01-20", "2026-03-06", "2026-03-23"),
        # 2 months → Friday 20/3; +30 → Sunday 19/4 → Monday 20/4.
        (VS, "2026-01-20", "2026-03-20", "2026-04-20"),
        # 3 months → Monday 20/4; +30 → Wednesday 20/5.
        (PS, "2026-01-20", "2026-04-20", "2026-05-20"),
        # 2 months from 29/12/2027 → 29/2/2028, a leap day.
        (VS, "2027-12-29", "2028-02-29", "2028-03-30"),
        # 2 months from 31/12/2026 → clamp 28/2/2027 Sunday → Monday 1/3.
        (VS, "2026-12-31", "2027-03-01", "2027-03-30"),
    ],
)
def test_trial_preparation_limit(
    category: CaseCategory, received: str, deadline: str, max_deadline: str
) -> None:
    clock = run(category, *to_court(received))
    assert (clock.stage, clock.phase, clock.holder) == (
        "trial_preparation",
        "running",
        "court",
    )
    assert clock.deadline == d(deadline)
    assert clock.max_deadline == d(max_deadline)
    assert "277" in clock.history[-1].note
    extended = run(
        category,
        *to_court(received),
        ev(K.TRIAL_PREPARATION_EXTENDED, received, max_deadline),
    )
    assert extended.deadline == d(max_deadline)
    refused(
        "stage_extension_twice",
        category,
        *to_court(received),
        ev(K.TRIAL_PREPARATION_EXTENDED, received, max_deadline),
        ev(K.TRIAL_PREPARATION_EXTENDED, received, max_deadline),
    )


def test_trial_preparation_extension_too_long() -> None:
    refused(
        "stage_extension_too_long",
        S,
        *to_court("2026-01-20"),
        ev(K.TRIAL_PREPARATION_EXTENDED, "2026-02-01", "2026-03-24"),
    )


def test_court_preparation_is_configurable() -> None:
    rules = CaseRules(
        trial_preparation={
            LS: Span(days=30),
            S: Span(months=1),
            VS: Span(months=2),
            PS: Span(months=3),
        }
    )
    # 1 month → 20/2/2026, mùng 4 Tết → Monday 23/2.
    assert run(S, *to_court("2026-01-20"), rules=rules).deadline == d("2026-02-23")


# ---------------------------------------------------------------------------
# Return for supplementary investigation


def test_return_by_the_court_then_15_days_to_trial() -> None:
    events = [
        *to_court("2026-01-20"),
        ev(K.RETURNED_FOR_SUPPLEMENTARY_INVESTIGATION, "2026-02-02"),
    ]
    clock = run(S, *events)
    assert (clock.stage, clock.holder, clock.limit_kind) == (
        "investigation",
        "police",
        "supplementary",
    )
    assert (
        clock.deadline == clock.max_deadline == d("2026-04-02")
    )  # 2 months (UNCONFIRMED)
    assert clock.returned_by_court
    assert "174" in clock.history[-1].note
    events += [
        ev(K.INVESTIGATION_CONCLUDED, "2026-03-02"),
        ev(K.FILE_SENT_TO_PROCURACY, "2026-03-03"),
        ev(K.FILE_RECEIVED_BY_PROCURACY, "2026-03-04"),
    ]
    clock = run(S, *events)
    assert (clock.stage, clock.deadline) == ("prosecution", d("2026-03-24"))  # in full
    events += [
        ev(K.INDICTED, "2026-03-10"),
        ev(K.FILE_SENT_TO_COURT, "2026-03-11"),
        ev(K.FILE_RECEIVED_BY_COURT, "2026-03-12"),
    ]
    clock = run(S, *events)
    assert clock.stage == "trial_preparation"
    assert clock.deadline == clock.max_deadline == d("2026-03-27")  # 15 days
    assert clock.limit_kind == "after_return"
    assert not clock.returned_by_court
    assert "277.2" in clock.history[-1].note
    refused(
        "limit_not_extensible",
        S,
        *events,
        ev(K.TRIAL_PREPARATION_EXTENDED, "2026-03-20", "2026-04-10"),
    )
    clock = run(S, *events, ev(K.BROUGHT_TO_TRIAL, "2026-03-20"))
    assert (clock.stage, clock.holder, clock.deadline) == ("trial", "court", None)


def test_return_by_the_procuracy_keeps_the_full_court_limit() -> None:
    events = [
        *to_procuracy("2026-01-14"),
        ev(K.RETURNED_FOR_SUPPLEMENTARY_INVESTIGATION, "2026-01-20"),
    ]
    clock = run(S, *events)
    assert clock.deadline == d("2026-03-20")
    assert not clock.returned_by_court
    events += [
        ev(K.INVESTIGATION_CONCLUDED, "2026-02-02"),
        ev(K.FILE_SENT_TO_PROCURACY, "2026-02-03"),
        ev(K.FILE_RECEIVED_BY_PROCURACY, "2026-02-04"),
        ev(K.INDICTED, "2026-02-10"),
        ev(K.FILE_SENT_TO_COURT, "2026-02-11"),
        ev(K.FILE_RECEIVED_BY_COURT, "2026-02-12"),
    ]
    clock = run(S, *events)
    assert clock.deadline == d("2026-03-30")  # 45 days: 29/3 Sunday → Monday
    assert clock.limit_kind == "base"


def test_supplementary_limit_is_configurable() -> None:
    rules = CaseRules(supplementary_investigation_months=1)
    events = [
        *to_procuracy("2026-01-14"),
        ev(K.RETURNED_FOR_SUPPLEMENTARY_INVESTIGATION, "2026-01-20"),
    ]
    # 1 month → 20/2/2026, mùng 4 Tết → Monday 23/2.
    assert run(S, *events, rules=rules).deadline == d("2026-02-23")


# ---------------------------------------------------------------------------
# Stage, holder and transit through a whole case

FULL_CASE = [
    (ev(K.ACCUSED_CHARGED, "2026-01-15"), "investigation", "running", "police", True),
    (
        ev(K.INVESTIGATION_CONCLUDED, "2026-03-02"),
        "investigation",
        "concluded",
        "police",
        False,
    ),
    (
        ev(K.FILE_SENT_TO_PROCURACY, "2026-03-03"),
        "investigation",
        "in_transit",
        "police",
        False,
    ),
    (
        ev(K.FILE_RECEIVED_BY_PROCURACY, "2026-03-05"),
        "prosecution",
        "running",
        "procuracy",
        True,
    ),
    (ev(K.INDICTED, "2026-03-20"), "prosecution", "concluded", "procuracy", False),
    (
        ev(K.FILE_SENT_TO_COURT, "2026-03-23"),
        "prosecution",
        "in_transit",
        "procuracy",
        False,
    ),
    (ev(K.CORRECTION, "2026-03-24"), "prosecution", "in_transit", "procuracy", False),
    (
        ev(K.FILE_RECEIVED_BY_COURT, "2026-03-25"),
        "trial_preparation",
        "running",
        "court",
        True,
    ),
    (ev(K.BROUGHT_TO_TRIAL, "2026-04-20"), "trial", "running", "court", False),
    (ev(K.JUDGMENT, "2026-05-05"), "closed", "closed", "closed", False),
]
FULL_CASE_EVENTS = [step[0] for step in FULL_CASE]


@pytest.mark.parametrize("upto", range(1, len(FULL_CASE) + 1))
def test_stage_and_holder_through_a_full_case(upto: int) -> None:
    steps = FULL_CASE[:upto]
    clock = run(S, *(step[0] for step in steps))
    event, stage, phase, holder, running = steps[-1]
    assert (clock.stage, clock.phase, clock.holder) == (stage, phase, holder)
    assert clock.in_transit == (phase == "in_transit")
    assert (clock.deadline is not None) == running
    assert clock.last_event_on == event.on


def test_full_case_readings() -> None:
    clock = run(S, *(step[0] for step in FULL_CASE[:1]))
    assert clock.accused_charged_on == d("2026-01-15")
    assert clock.days_in_stage(d("2026-01-20")) == 10
    assert days_left(clock, d("2026-04-01")) == 9
    assert not is_overdue(clock, d("2026-04-10"))
    assert is_overdue(clock, d("2026-04-11"))
    clock = run(S, *(step[0] for step in FULL_CASE[:4]))
    assert clock.stage_started_on == d("2026-03-05")
    assert clock.days_in_stage(d("2026-03-05")) == 0
    assert clock.deadline == d("2026-03-25")
    clock = run(S, *(step[0] for step in FULL_CASE))
    assert clock.closed_on == d("2026-05-05")
    assert [c.kind for c in clock.history][:2] == [
        K.INSTITUTED,
        K.INVESTIGATION_CONCLUDED,
    ]
    assert K.CORRECTION not in [c.kind for c in clock.history]


# ---------------------------------------------------------------------------
# Order and closing


@pytest.mark.parametrize(
    ("events", "code"),
    [
        ([ev(K.ACCUSED_CHARGED, "2026-01-09")], "out_of_order"),
        (
            [ev(K.ACCUSED_CHARGED, "2026-02-01"), ev(K.CORRECTION, "2026-01-31")],
            "out_of_order",
        ),
        ([ev(K.INDICTED, "2026-02-01")], "case_event_not_allowed"),
        ([ev(K.FILE_RECEIVED_BY_PROCURACY, "2026-02-01")], "case_event_not_allowed"),
        (
            [
                ev(K.INVESTIGATION_CONCLUDED, "2026-02-01"),
                ev(K.FILE_RECEIVED_BY_PROCURACY, "2026-02-02"),
            ],
            "case_event_not_allowed",
        ),
        (
            [*to_procuracy("2026-01-14"), ev(K.BROUGHT_TO_TRIAL, "2026-01-20")],
            "case_event_not_allowed",
        ),
        (
            [
                *to_procuracy("2026-01-14"),
                ev(K.INDICTED, "2026-01-20"),
                ev(K.BROUGHT_TO_TRIAL, "2026-01-21"),
            ],
            "case_event_not_allowed",
        ),
        ([ev(K.INSTITUTED, "2026-02-01")], "case_event_not_allowed"),
        ([ev(K.INVESTIGATION_RESUMED, "2026-02-01")], "case_event_not_allowed"),
        (
            [*to_court("2026-01-20"), ev(K.JUDGMENT, "2026-02-01")],
            "case_event_not_allowed",
        ),
        (
            [
                *to_court("2026-01-20"),
                ev(K.SUSPENDED, "2026-02-01"),
                ev(K.BROUGHT_TO_TRIAL, "2026-02-02"),
            ],
            "case_event_not_allowed",
        ),
        ([*FULL_CASE_EVENTS, ev(K.JUDGMENT, "2026-05-06")], "case_closed"),
        (
            [
                *FULL_CASE_EVENTS,
                ev(K.RETURNED_FOR_SUPPLEMENTARY_INVESTIGATION, "2026-05-06"),
            ],
            "case_closed",
        ),
        (
            [
                ev(K.TERMINATED, "2026-02-01"),
                ev(K.INVESTIGATION_EXTENDED, "2026-02-02", "2026-05-01"),
            ],
            "case_closed",
        ),
    ],
)
def test_events_refused(events: list[CaseEvent], code: str) -> None:
    refused(code, S, *events)


def test_correction_after_judgment_is_allowed() -> None:
    clock = run(S, *FULL_CASE_EVENTS, ev(K.CORRECTION, "2026-06-01"))
    assert clock.stage == "closed"
    assert clock.closed_on == d("2026-05-05")


def test_terminated_closes_the_case() -> None:
    clock = run(S, *to_procuracy("2026-01-14"), ev(K.TERMINATED, "2026-01-20"))
    assert (clock.stage, clock.holder, clock.deadline) == ("closed", "closed", None)
    assert "đình chỉ" in clock.history[-1].note


def test_history_must_start_with_institution() -> None:
    with pytest.raises(LawError) as caught:
        case_clock([], category=S, calendar=CAL)
    assert caught.value.code == "case_no_events"
    with pytest.raises(LawError) as caught:
        case_clock([ev(K.ACCUSED_CHARGED, "2026-01-10")], category=S, calendar=CAL)
    assert caught.value.code == "case_first_not_instituted"


def test_check_and_apply_one_event() -> None:
    clock = run(S)
    event = ev(K.INVESTIGATION_EXTENDED, "2026-04-01", "2026-07-10")
    check_case_event(clock, event, calendar=CAL)
    after = apply_case_event(clock, event, calendar=CAL)
    assert after.deadline == d("2026-07-10")
    assert clock.deadline == d("2026-04-10")  # frozen: the old clock is unchanged


# ---------------------------------------------------------------------------
# The rules


def test_case_category_values_match_the_penal_code() -> None:
    assert [c.value for c in CaseCategory] == [
        "less_serious",
        "serious",
        "very_serious",
        "particularly_serious",
    ]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"extension_request_lead_days": -1},
        {"investigation_base_months": {LS: 2, S: 3, VS: 4}},
        {"prosecution_days": {LS: 20, S: 20, VS: 30, PS: -1}},
        {
            "investigation_extension_months": {
                LS: (2,),
                S: (3, -2),
                VS: (4, 4),
                PS: (4,),
            }
        },
    ],
)
def test_rules_are_validated(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError):  # noqa: PT011
        CaseRules(**kwargs)  # type: ignore[arg-type]


def test_span_is_months_or_days() -> None:
    with pytest.raises(ValueError, match="months or of days"):
        Span(months=1, days=1)
