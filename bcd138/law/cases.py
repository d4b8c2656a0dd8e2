"""The time limits of a criminal case, from institution to first-instance judgment.

The clock is derived from an append-only list of ``CaseEvent``; ``case_clock``
replays it and refuses (``LawError``) a history the law does not allow. Three
limits run one after the other, each held by one body:

- investigation, by the police (BLTTHS Điều 172), from the decision to institute
  the case (khởi tố vụ án);
- the procuracy's decision on prosecution (Điều 240), from its receipt of the
  file with the investigation conclusion;
- the court's trial preparation (Điều 277), from its acceptance (thụ lý).

Limits are counted as in ``timelimits`` (BLTTHS Điều 134, BLDS Điều 147): the day
of the triggering event is not counted; months end on the same-numbered day
(clamped to the month's end) and are always rolled over to a working day; days
are rolled over when ``CaseRules.roll_over_days`` (the literal reading, on by
default).

Readings of the law chosen here (each is also noted where it is applied):

- Investigation extensions (Điều 172.2): each ``INVESTIGATION_EXTENDED`` is one
  of the category's extensions, in order; its ``until`` must be later than the
  current limit, at most the step's months after the current limit, and at most
  the sum of the base and the steps granted so far counted from the institution
  (so the derived maxima 4 / 8 / 12 / 16 months are exact).
- The 10-day lead of a request to extend (Điều 172.2) is not checked: a separate
  ``requested_on`` is out of scope. The clock only shows ``extension_request_by``
  (the current last day minus ``extension_request_lead_days``), and the
  extension itself must be dated no later than the current last day (an expired
  limit is not revived).
- The extra extension of the Supreme People's Procuracy (Điều 172.3, ``supreme``
  flag): particularly serious cases only, once, after every ordinary extension
  is used, at most ``supreme_procuracy_extra_months`` months (20 months in all).
- A change of charges (``CHARGES_CHANGED``, Điều 172.4) during the investigation
  recomputes the limit from the institution: without extensions the limit is the
  new category's base; with extensions it is the later of the new base and the
  current limit; either way it is capped at the new category's maximum without
  the supreme extension. Extensions already used count against the new
  category's number. A supplementary or resumed limit does not depend on the
  category and stays as it is. A change of charges is refused at the other stages (their
  limits are fixed at receipt); after the prosecution stage the category is
  left to the procuracy's and the court's own decisions, out of scope here.
- The prosecution and trial-preparation extensions (Điều 240, 277) are one each,
  at most the extension days after the nominal (not rolled over) end of the
  base limit: the derived maxima 30 / 30 / 45 / 60 days from receipt for the
  procuracy.
- A return for supplementary investigation (by the procuracy or the court) is
  dated the day the investigating body gets the file back; the sent/received
  pair of that hand-off is collapsed into one event. The supplementary limit
  (Điều 174, not in law-vn.md) is ``supplementary_investigation_months`` and
  cannot be extended — both UNCONFIRMED. The next prosecution limit restarts in
  full (Điều 240). After a return *by the court*, the court's next acceptance
  starts the 15-day limit to bring the case to trial (Điều 277.2), which cannot
  be extended.
- An investigation suspended (Điều 229) and resumed (Điều 230) gets
  ``resumed_investigation_months`` from the resumption, not extensible —
  UNCONFIRMED, law-vn.md gives no figure.
- A suspension of the whole case by the procuracy or the court (``SUSPENDED``)
  stops the clock; its resumption is out of scope, so only a termination or a
  correction may follow.
- Between ``FILE_SENT_TO_*`` and ``FILE_RECEIVED_BY_*`` the file is in transit:
  no limit runs and the sender remains the holder. After ``BROUGHT_TO_TRIAL``
  no limit runs either (the 15 days to open the trial are out of scope).
- ``CORRECTION`` changes nothing but must still be in date order.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import date, timedelta
from enum import StrEnum
from types import MappingProxyType
from typing import Literal, TypeVar

from bcd138.law.calendar import WorkCalendar
from bcd138.law.errors import MESSAGES, LawError, refuse
from bcd138.law.timelimits import add_months, end_of_days, end_of_months

__all__ = [
    "MESSAGES",
    "CaseCategory",
    "CaseClock",
    "CaseEvent",
    "CaseEventKind",
    "CaseLimitChange",
    "CaseRules",
    "Holder",
    "LawError",
    "LimitKind",
    "Phase",
    "Span",
    "Stage",
    "apply_case_event",
    "case_clock",
    "check_case_event",
    "days_left",
    "is_overdue",
    "start_case_clock",
]


class CaseCategory(StrEnum):
    """The category of the crime (BLHS Điều 9).

    The same values as ``bcd138.law.penal_code.Category``, written in parallel;
    kept separate here so as not to depend on a file in progress. To be unified.
    """

    LESS_SERIOUS = "less_serious"
    SERIOUS = "serious"
    VERY_SERIOUS = "very_serious"
    PARTICULARLY_SERIOUS = "particularly_serious"


Stage = Literal["investigation", "prosecution", "trial_preparation", "trial", "closed"]
Phase = Literal["running", "suspended", "concluded", "in_transit", "closed"]
Holder = Literal["police", "procuracy", "court", "closed"]
LimitKind = Literal["base", "supplementary", "resumed", "after_return", "none"]

_LS = CaseCategory.LESS_SERIOUS
_S = CaseCategory.SERIOUS
_VS = CaseCategory.VERY_SERIOUS
_PS = CaseCategory.PARTICULARLY_SERIOUS


_V = TypeVar("_V")


@dataclass(frozen=True)
class Span:
    """A limit in months or in days (one of the two)."""

    months: int = 0
    days: int = 0

    def __post_init__(self) -> None:
        if self.months < 0 or self.days < 0 or (self.months and self.days):
            raise ValueError("A span is a non-negative number of months or of days")


def _frozen(mapping: Mapping[CaseCategory, _V]) -> Mapping[CaseCategory, _V]:
    return MappingProxyType(dict(mapping))


@dataclass(frozen=True)
class CaseRules:
    """The numbers of the rules, with the defaults in force; all configurable."""

    # BLTTHS Điều 172.1: from the institution of the case.
    investigation_base_months: Mapping[CaseCategory, int] = field(
        default_factory=lambda: _frozen({_LS: 2, _S: 3, _VS: 4, _PS: 4})
    )
    # Điều 172.2: the maximum months of each successive extension.
    investigation_extension_months: Mapping[CaseCategory, tuple[int, ...]] = field(
        default_factory=lambda: _frozen(
            {_LS: (2,), _S: (3, 2), _VS: (4, 4), _PS: (4, 4, 4)}
        )
    )
    # Điều 172.3: VKSNDTC, particularly serious and very complex cases, once.
    supreme_procuracy_extra_months: int = 4
    # Điều 172.2: a request reaches the procuracy ≥ 10 days before expiry.
    extension_request_lead_days: int = 10
    # Điều 174: UNCONFIRMED (not in law-vn.md); not extensible here.
    supplementary_investigation_months: int = 2
    # Điều 230: UNCONFIRMED (not in law-vn.md); not extensible here.
    resumed_investigation_months: int = 2
    # BLTTHS Điều 240: from the procuracy's receipt of the file.
    prosecution_days: Mapping[CaseCategory, int] = field(
        default_factory=lambda: _frozen({_LS: 20, _S: 20, _VS: 30, _PS: 30})
    )
    prosecution_extension_days: Mapping[CaseCategory, int] = field(
        default_factory=lambda: _frozen({_LS: 10, _S: 10, _VS: 15, _PS: 30})
    )
    # BLTTHS Điều 277.1: from the court's acceptance (thụ lý).
    trial_preparation: Mapping[CaseCategory, Span] = field(
        default_factory=lambda: _frozen(
            {
                _LS: Span(days=30),
                _S: Span(days=45),
                _VS: Span(months=2),
                _PS: Span(months=3),
            }
        )
    )
    trial_preparation_extension_days: Mapping[CaseCategory, int] = field(
        default_factory=lambda: _frozen({_LS: 15, _S: 15, _VS: 30, _PS: 30})
    )
    # Điều 277.2: after the file comes back from supplementary investigation.
    after_return_to_trial_days: int = 15
    roll_over_days: bool = True  # BLTTHS Điều 134.1, literal reading

    def __post_init__(self) -> None:
        for item in fields(self):
            value = getattr(self, item.name)
            if type(value) is int and value < 0:
                raise ValueError(f"{item.name} must not be negative")
            if isinstance(value, Mapping):
                if set(value) != set(CaseCategory):
                    raise ValueError(f"{item.name} must cover every category")
                for entry in value.values():
                    numbers = entry if isinstance(entry, tuple) else (entry,)
                    if any(type(n) is int and n < 0 for n in numbers):
                        raise ValueError(f"{item.name} must not be negative")

    def investigation_max_months(
        self, category: CaseCategory, *, supreme: bool = False
    ) -> int:
        """Base plus every extension (Điều 172): 4 / 8 / 12 / 16, or 20."""
        total = self.investigation_base_months[category] + sum(
            self.investigation_extension_months[category]
        )
        if supreme and category is CaseCategory.PARTICULARLY_SERIOUS:
            total += self.supreme_procuracy_extra_months
        return total


class CaseEventKind(StrEnum):
    """What happened to the case; the values are stored by the Django layer."""

    INSTITUTED = "instituted"  # khởi tố vụ án: the investigation clock starts
    ACCUSED_CHARGED = "accused_charged"  # khởi tố bị can
    CHARGES_CHANGED = "charges_changed"  # carries the new category
    INVESTIGATION_EXTENDED = "investigation_extended"  # until; supreme flag
    INVESTIGATION_SUSPENDED = "investigation_suspended"
    INVESTIGATION_RESUMED = "investigation_resumed"
    INVESTIGATION_CONCLUDED = "investigation_concluded"  # kết luận điều tra
    FILE_SENT_TO_PROCURACY = "file_sent_to_procuracy"
    FILE_RECEIVED_BY_PROCURACY = "file_received_by_procuracy"  # Điều 240 starts
    PROSECUTION_EXTENDED = "prosecution_extended"  # until
    INDICTED = "indicted"  # truy tố
    RETURNED_FOR_SUPPLEMENTARY_INVESTIGATION = (
        "returned_for_supplementary_investigation"
    )
    FILE_SENT_TO_COURT = "file_sent_to_court"
    FILE_RECEIVED_BY_COURT = "file_received_by_court"  # thụ lý: Điều 277 starts
    TRIAL_PREPARATION_EXTENDED = "trial_preparation_extended"  # until
    BROUGHT_TO_TRIAL = "brought_to_trial"
    JUDGMENT = "judgment"  # first instance
    SUSPENDED = "suspended"  # tạm đình chỉ vụ án, by the procuracy or the court
    TERMINATED = "terminated"  # đình chỉ
    CORRECTION = "correction"  # no effect on the clock


K = CaseEventKind
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

_HOLDERS: dict[Stage, Holder] = {
    "investigation": "police",
    "prosecution": "procuracy",
    "trial_preparation": "court",
    "trial": "court",
    "closed": "closed",
}


@dataclass(frozen=True)
class CaseEvent:
    kind: CaseEventKind
    on: date
    until: date | None = None  # the new last day, for the three extensions only
    category: CaseCategory | None = None  # the new category, CHARGES_CHANGED only
    supreme: bool = False  # INVESTIGATION_EXTENDED by the VKSNDTC (Điều 172.3)


@dataclass(frozen=True)
class CaseLimitChange:
    """One step in the life of the limits, for the history shown to officers."""

    on: date
    kind: CaseEventKind
    stage: Stage
    deadline_before: date | None
    deadline_after: date | None
    note: str


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
# Validation


def check_case_event(
    clock: CaseClock,
    event: CaseEvent,
    *,
    calendar: WorkCalendar,
    rules: CaseRules = CaseRules(),
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
        # Supplementary, resumed and after-return limits are fixed (see above).
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


_Checker = Callable[[CaseClock, CaseEvent, WorkCalendar, CaseRules], None]
_CHECKERS: dict[CaseEventKind, _Checker] = {
    K.INVESTIGATION_EXTENDED: _check_investigation_extended,
    K.PROSECUTION_EXTENDED: _check_stage_extended,
    K.TRIAL_PREPARATION_EXTENDED: _check_stage_extended,
    K.CHARGES_CHANGED: _check_charges_changed,
}


# ---------------------------------------------------------------------------
# Replaying the events


def start_case_clock(
    instituted_on: date,
    *,
    category: CaseCategory,
    calendar: WorkCalendar,
    rules: CaseRules = CaseRules(),
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
    rules: CaseRules = CaseRules(),
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
    rules: CaseRules = CaseRules(),
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


def _days(start: date, days: int, calendar: WorkCalendar, rules: CaseRules) -> date:
    return end_of_days(start, days, calendar=calendar, roll_over=rules.roll_over_days)


def _investigation_max(
    start: date, category: CaseCategory, calendar: WorkCalendar, rules: CaseRules
) -> date:
    months = rules.investigation_max_months(category, supreme=True)
    return end_of_months(start, months, calendar=calendar)


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


_Handler = Callable[[CaseClock, CaseEvent, WorkCalendar, CaseRules], CaseClock]
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
