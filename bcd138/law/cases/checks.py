"""Validation: whether the law allows an event on the clock as it stands."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from bcd138.law.calendar import WorkCalendar
from bcd138.law.cases.events import CaseEvent, CaseEventKind, K, Phase, Stage
from bcd138.law.cases.rules import CaseCategory, CaseRules
from bcd138.law.errors import refuse
from bcd138.law.timelimits import end_of_months

if TYPE_CHECKING:
    # Annotations only: ``clock`` imports this module at run time.
    from bcd138.law.cases.clock import CaseClock

__all__ = ["check_case_event"]

_EXTENSIONS = frozenset(
    {K.INVESTIGATION_EXTENDED, K.PROSECUTION_EXTENDED, K.TRIAL_PREPARATION_EXTENDED}
)

# What the law allows next, by (stage, phase). CORRECTION is allowed everywhere.
_ALLOWED: dict[tuple[Stage, Phase], frozenset[CaseEventKind]] = {
    ("investigation", "running"): frozenset(
        {
            K.ACCUSED_CHARGED,
            K.CHARGES_CHANGED,
            K.INVESTIGATION_EXTENDED,
            K.INVESTIGATION_SUSPENDED,
            K.INVESTIGATION_CONCLUDED,
            K.TERMINATED,
        }
    ),
    ("investigation", "suspended"): frozenset({K.INVESTIGATION_RESUMED, K.TERMINATED}),
    ("investigation", "concluded"): frozenset({K.FILE_SENT_TO_PROCURACY}),
    ("investigation", "in_transit"): frozenset({K.FILE_RECEIVED_BY_PROCURACY}),
    ("prosecution", "running"): frozenset(
        {
            K.PROSECUTION_EXTENDED,
            K.INDICTED,
            K.RETURNED_FOR_SUPPLEMENTARY_INVESTIGATION,
            K.SUSPENDED,
            K.TERMINATED,
        }
    ),
    ("prosecution", "suspended"): frozenset({K.TERMINATED}),
    ("prosecution", "concluded"): frozenset({K.FILE_SENT_TO_COURT}),
    ("prosecution", "in_transit"): frozenset({K.FILE_RECEIVED_BY_COURT}),
    ("trial_preparation", "running"): frozenset(
        {
            K.TRIAL_PREPARATION_EXTENDED,
            K.BROUGHT_TO_TRIAL,
            K.RETURNED_FOR_SUPPLEMENTARY_INVESTIGATION,
            K.SUSPENDED,
            K.TERMINATED,
        }
    ),
    ("trial_preparation", "suspended"): frozenset({K.TERMINATED}),
    ("trial", "running"): frozenset({K.JUDGMENT, K.TERMINATED}),
}


def check_case_event(
    clock: CaseClock,
    event: CaseEvent,
    *,
    calendar: WorkCalendar,
    rules: CaseRules = CaseRules(),  # noqa: B008 (CaseRules is frozen)
) -> None:
    """Raise ``LawError`` when the law does not allow ``event`` on ``clock``."""
    if event.on < clock.last_event_on:
        raise refuse("out_of_order", previous=clock.last_event_on.isoformat())
    if event.kind in _EXTENSIONS and event.until is None:
        raise refuse("until_required")
    if event.kind not in _EXTENSIONS and event.until is not None:
        raise refuse("unexpected_until")
    if event.kind is K.CHARGES_CHANGED and event.category is None:
        raise refuse("category_required")
    if event.kind is not K.CHARGES_CHANGED and event.category is not None:
        raise refuse("unexpected_category")
    if event.supreme and event.kind is not K.INVESTIGATION_EXTENDED:
        raise refuse("unexpected_supreme")
    if event.kind is K.CORRECTION:
        return
    if clock.closed_on is not None:
        raise refuse("case_closed", closed_on=clock.closed_on.isoformat())
    if event.kind not in _ALLOWED.get((clock.stage, clock.phase), frozenset()):
        raise refuse(
            "case_event_not_allowed",
            event=str(event.kind),
            stage=clock.stage,
            phase=clock.phase,
        )
    checker = _CHECKERS.get(event.kind)
    if checker is not None:
        checker(clock, event, calendar, rules)


def _require_extensible(clock: CaseClock) -> None:
    if clock.limit_kind != "base":
        # Supplementary, resumed and after-return limits are fixed (package docstring).
        raise refuse("limit_not_extensible", limit=clock.limit_kind)


def _check_new_end(clock: CaseClock, event: CaseEvent) -> tuple[date, date]:
    """Common to the extensions: on time and later; returns (deadline, until)."""
    if clock.deadline is None or event.until is None:
        raise refuse("until_required")
    if event.on > clock.deadline:
        # The limit ended at 24:00 of its last day; an expired limit is not revived.
        raise refuse("past_deadline", deadline=clock.deadline.isoformat())
    if event.until <= clock.deadline:
        raise refuse("extension_not_later", deadline=clock.deadline.isoformat())
    return clock.deadline, event.until


def _check_investigation_extended(
    clock: CaseClock, event: CaseEvent, calendar: WorkCalendar, rules: CaseRules
) -> None:
    _require_extensible(clock)
    steps = rules.investigation_extension_months[clock.category]
    used = clock.extensions_used - int(clock.supreme_used)
    if event.supreme:
        # Điều 172.3: particularly serious, once, after the ordinary extensions.
        if clock.category is not CaseCategory.PARTICULARLY_SERIOUS:
            raise refuse("supreme_extension_not_allowed")
        if clock.supreme_used:
            raise refuse("supreme_extension_twice")
        if used < len(steps):
            raise refuse("supreme_extension_too_early", count=str(len(steps)))
        step = rules.supreme_procuracy_extra_months
        total = rules.investigation_max_months(clock.category, supreme=True)
    else:
        if used >= len(steps):
            raise refuse(
                "investigation_extension_too_many",
                category=str(clock.category),
                count=str(len(steps)),
            )
        step = steps[used]
        total = rules.investigation_base_months[clock.category] + sum(steps[: used + 1])
    deadline, until = _check_new_end(clock, event)
    # Điều 172.2: each extension at most ``step`` months after the current limit.
    step_limit = end_of_months(deadline, step, calendar=calendar)
    if until > step_limit:
        raise refuse(
            "investigation_extension_step_too_long",
            limit=step_limit.isoformat(),
            months=str(step),
        )
    # The derived maxima (4 / 8 / 12 / 16 / 20 months) from the institution.
    total_limit = end_of_months(clock.stage_started_on, total, calendar=calendar)
    if until > total_limit:
        raise refuse(
            "investigation_total_too_long",
            limit=total_limit.isoformat(),
            months=str(total),
        )


def _check_stage_extended(
    clock: CaseClock, event: CaseEvent, calendar: WorkCalendar, rules: CaseRules
) -> None:
    _require_extensible(clock)
    stage = clock.stage.replace("_", " ")
    # Điều 240 and Điều 277: "gia hạn ... một lần".
    if clock.extensions_used:
        raise refuse("stage_extension_twice", stage=stage)
    _, until = _check_new_end(clock, event)
    if clock.max_deadline is not None and until > clock.max_deadline:
        raise refuse(
            "stage_extension_too_long",
            stage=stage,
            limit=clock.max_deadline.isoformat(),
        )


def _check_charges_changed(
    clock: CaseClock, event: CaseEvent, calendar: WorkCalendar, rules: CaseRules
) -> None:
    if event.category == clock.category:
        raise refuse("category_unchanged", category=str(clock.category))


_Checker = Callable[["CaseClock", CaseEvent, WorkCalendar, CaseRules], None]
_CHECKERS: dict[CaseEventKind, _Checker] = {
    K.INVESTIGATION_EXTENDED: _check_investigation_extended,
    K.PROSECUTION_EXTENDED: _check_stage_extended,
    K.TRIAL_PREPARATION_EXTENDED: _check_stage_extended,
    K.CHARGES_CHANGED: _check_charges_changed,
}
