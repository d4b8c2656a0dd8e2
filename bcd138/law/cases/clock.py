"""The derived state of a case: replaying its events and reading the clock."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from bcd138.law.calendar import WorkCalendar
from bcd138.law.cases.checks import check_case_event
from bcd138.law.cases.events import (
    CaseEvent,
    CaseLimitChange,
    Holder,
    K,
    LimitKind,
    Phase,
    Stage,
)
from bcd138.law.cases.handlers import _HANDLERS, _investigation_max
from bcd138.law.cases.rules import CaseCategory, CaseRules
from bcd138.law.errors import refuse
from bcd138.law.timelimits import end_of_months

__all__ = [
    "CaseClock",
    "apply_case_event",
    "case_clock",
    "days_left",
    "is_overdue",
    "start_case_clock",
]

_HOLDERS: dict[Stage, Holder] = {
    "investigation": "police",
    "prosecution": "procuracy",
    "trial_preparation": "court",
    "trial": "court",
    "closed": "closed",
}


@dataclass(frozen=True)
class CaseClock:
    """The derived state of the case after replaying the events."""

    instituted_on: date
    category: CaseCategory  # current, after changes of charges
    stage: Stage
    phase: Phase
    stage_started_on: date
    deadline: date | None  # last day of the running limit (to 24:00); else None
    max_deadline: date | None  # the latest the running limit could be extended to
    limit_kind: LimitKind
    last_event_on: date
    extensions_used: int = 0  # in the current stage, the supreme one included
    supreme_used: bool = False
    returned_by_court: bool = False  # the next court acceptance: 15 days to trial
    accused_charged_on: date | None = None  # the first khởi tố bị can
    closed_on: date | None = None
    # Last day to ask the procuracy to extend the investigation (Điều 172.2),
    # while an extension is still possible; informational, not enforced.
    extension_request_by: date | None = None
    history: tuple[CaseLimitChange, ...] = ()

    @property
    def holder(self) -> Holder:
        """Who must act; while in transit, the sender is still responsible."""
        return _HOLDERS[self.stage]

    @property
    def in_transit(self) -> bool:
        return self.phase == "in_transit"

    def days_in_stage(self, today: date) -> int:
        """Days since the current stage started (its first day is day 0)."""
        return (today - self.stage_started_on).days


# ---------------------------------------------------------------------------
# Replaying the events


def start_case_clock(
    instituted_on: date,
    *,
    category: CaseCategory,
    calendar: WorkCalendar,
    rules: CaseRules = CaseRules(),  # noqa: B008 (CaseRules is frozen)
) -> CaseClock:
    """The clock on the day the case is instituted (Điều 172.1)."""
    months = rules.investigation_base_months[category]
    deadline = end_of_months(instituted_on, months, calendar=calendar)
    clock = CaseClock(
        instituted_on=instituted_on,
        category=category,
        stage="investigation",
        phase="running",
        stage_started_on=instituted_on,
        deadline=deadline,
        max_deadline=_investigation_max(instituted_on, category, calendar, rules),
        limit_kind="base",
        last_event_on=instituted_on,
        history=(
            CaseLimitChange(
                instituted_on,
                K.INSTITUTED,
                "investigation",
                None,
                deadline,
                f"Investigation limit of {months} months for a {category} case "
                "(BLTTHS Điều 172.1).",
            ),
        ),
    )
    return _refresh(clock, rules)


def apply_case_event(
    clock: CaseClock,
    event: CaseEvent,
    *,
    calendar: WorkCalendar,
    rules: CaseRules = CaseRules(),  # noqa: B008 (CaseRules is frozen)
) -> CaseClock:
    """Check ``event`` against ``clock`` and return the clock after it."""
    check_case_event(clock, event, calendar=calendar, rules=rules)
    handler = _HANDLERS.get(event.kind)
    after = clock if handler is None else handler(clock, event, calendar, rules)
    return _refresh(replace(after, last_event_on=event.on), rules)


def case_clock(
    events: Sequence[CaseEvent],
    *,
    category: CaseCategory,
    calendar: WorkCalendar,
    rules: CaseRules = CaseRules(),  # noqa: B008 (CaseRules is frozen)
) -> CaseClock:
    """Replay ``events`` in order; raise ``LawError`` at the first one not allowed.

    ``category`` is the category at institution; ``CHARGES_CHANGED`` changes it.
    """
    if not events:
        raise refuse("case_no_events")
    first, *rest = events
    if first.kind is not K.INSTITUTED:
        raise refuse("case_first_not_instituted")
    if first.until is not None:
        raise refuse("unexpected_until")
    if first.category is not None:
        raise refuse("unexpected_category")
    if first.supreme:
        raise refuse("unexpected_supreme")
    clock = start_case_clock(
        first.on, category=category, calendar=calendar, rules=rules
    )
    for event in rest:
        clock = apply_case_event(clock, event, calendar=calendar, rules=rules)
    return clock


def _refresh(clock: CaseClock, rules: CaseRules) -> CaseClock:
    """Recompute the fields that follow from the others."""
    request_by = None
    if (
        clock.stage == "investigation"
        and clock.phase == "running"
        and clock.limit_kind == "base"
        and clock.deadline is not None
        and clock.max_deadline is not None
        and clock.deadline < clock.max_deadline
    ):
        request_by = clock.deadline - timedelta(days=rules.extension_request_lead_days)
    return replace(clock, extension_request_by=request_by)


# ---------------------------------------------------------------------------
# Reading the clock


def days_left(clock: CaseClock, today: date) -> int | None:
    """Days from ``today`` to the last day; 0 on the last day, negative when late."""
    if clock.deadline is None:
        return None
    return (clock.deadline - today).days


def is_overdue(clock: CaseClock, today: date) -> bool:
    """True once the last day has passed (the limit runs to 24:00 of it)."""
    left = days_left(clock, today)
    return left is not None and left < 0
