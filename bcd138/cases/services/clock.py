"""From stored events to the law engine's clock, and the cache on ``Case``."""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bcd138.cases.models import Case, CaseEvent, EventKind, Holder, Phase
from bcd138.core import lawtext
from bcd138.core.errors import DomainError
from bcd138.core.services import work_calendar
from bcd138.law import cases as law
from bcd138.law import penal_code
from bcd138.law.calendar import WorkCalendar

# Stored kinds with no effect on the clock: they are shown, not replayed.
NO_CLOCK = {EventKind.RETURN_SENT, EventKind.APPEALED}

SOLVED_RULES = ("accused_charged", "investigation_concluded")


def law_rules() -> law.CaseRules:
    return law.CaseRules(roll_over_days=settings.BCD138_DEADLINE_ROLL_OVER_DAYS)


def law_events(
    events: Sequence[CaseEvent], *, initial: str
) -> Iterator[tuple[CaseEvent, law.CaseEvent]]:
    """The engine's events for the stored ones, each with the event it came from.

    A charging step that changes the case's category is followed by the engine's
    CHARGES_CHANGED (Điều 172.4 recomputes the limit); one that does not change it
    has no effect on the clock.
    """
    category = law.CaseCategory(initial)
    for event in events:
        if event.kind in NO_CLOCK:
            continue
        kind = law.CaseEventKind(event.kind)
        if kind in (
            law.CaseEventKind.ACCUSED_CHARGED,
            law.CaseEventKind.CHARGES_CHANGED,
        ):
            if kind is law.CaseEventKind.ACCUSED_CHARGED:
                yield event, law.CaseEvent(kind=kind, on=event.on)
            new = law.CaseCategory(event.category) if event.category else category
            if new is not category:
                category = new
                yield (
                    event,
                    law.CaseEvent(
                        kind=law.CaseEventKind.CHARGES_CHANGED,
                        on=event.on,
                        category=new,
                    ),
                )
            continue
        yield (
            event,
            law.CaseEvent(
                kind=kind, on=event.on, until=event.until, supreme=event.supreme
            ),
        )


def replay(
    events: Sequence[CaseEvent],
    *,
    initial: str,
    calendar: WorkCalendar | None = None,
) -> tuple[law.CaseClock, dict[str, int]]:
    """The clock after ``events`` and the days each holder has had the file
    (between consecutive steps; the sender holds it while in transit)."""
    calendar = calendar or work_calendar()
    rules = law_rules()
    clock: law.CaseClock | None = None
    days: dict[str, int] = {Holder.POLICE: 0, Holder.PROCURACY: 0, Holder.COURT: 0}
    for _stored, event in law_events(events, initial=initial):
        if clock is None:
            clock = law.case_clock(
                [event],
                category=law.CaseCategory(initial),
                calendar=calendar,
                rules=rules,
            )
            continue
        if clock.holder in days:
            days[clock.holder] += (event.on - clock.last_event_on).days
        clock = law.apply_case_event(clock, event, calendar=calendar, rules=rules)
    if clock is None:
        raise DomainError(_("The case has no institution event."), code="no_events")
    return clock, days


def case_clock(case: Case, events: Sequence[CaseEvent] | None = None) -> law.CaseClock:
    events = list(case.events.order_by("on", "id")) if events is None else events
    return replay(events, initial=case.initial_category)[0]


def return_in_transit(events: Sequence[CaseEvent]) -> CaseEvent | None:
    """The pending return for supplementary investigation, if the last step with
    an effect on the file is one (the police have not yet received it back)."""
    for event in reversed(events):
        if event.kind in (EventKind.CORRECTION, EventKind.APPEALED):
            continue
        return event if event.kind == EventKind.RETURN_SENT else None
    return None


def solved_on(events: Sequence[CaseEvent]) -> datetime.date | None:
    """The day the case counts as solved (điều tra khám phá) under the configured
    rule; ``accused_charged`` (the default): the first accused charged."""
    wanted = {
        "accused_charged": EventKind.ACCUSED_CHARGED,
        "investigation_concluded": EventKind.INVESTIGATION_CONCLUDED,
    }[settings.BCD138_CASE_SOLVED_RULE]
    return next((e.on for e in events if e.kind == wanted), None)


@dataclass(frozen=True)
class Derived:
    clock: law.CaseClock
    days: dict[str, int]
    return_pending: CaseEvent | None


def case_recompute(case: Case) -> Derived:
    """Rewrite the cached columns from the events and the charges (the only writer)."""
    events = list(case.events.order_by("on", "id"))
    clock, days = replay(events, initial=case.initial_category)
    pending = return_in_transit(events)
    case.stage = clock.stage
    case.phase = Phase.IN_TRANSIT if pending else clock.phase
    case.holder = clock.holder
    case.deadline = None if pending else clock.deadline
    case.stage_started_on = pending.on if pending else clock.stage_started_on
    case.category = str(clock.category)
    case.closed_on = clock.closed_on
    case.last_event_on = events[-1].on
    case.instituted_on = clock.instituted_on
    case.procuracy_id = _last_to(events, EventKind.FILE_SENT_TO_PROCURACY) or (
        events[0].to_agency_id or case.procuracy_id
    )
    case.court_id = _last_to(events, EventKind.FILE_SENT_TO_COURT)
    holders: dict[str, int | None] = {
        Holder.POLICE: case.investigating_body_id,
        Holder.PROCURACY: case.procuracy_id,
        Holder.COURT: case.court_id,
    }
    case.holding_agency_id = holders.get(clock.holder)
    case.solved_on = solved_on(events)
    case.solved = case.solved_on is not None
    case.social_order = _social_order(case)
    case.investigation_days = days[Holder.POLICE]
    case.prosecution_days = days[Holder.PROCURACY]
    case.court_days = days[Holder.COURT]
    case.save()
    return Derived(clock, days, pending)


def _last_to(events: Sequence[CaseEvent], kind: str) -> int | None:
    found = [e.to_agency_id for e in events if e.kind == kind]
    return found[-1] if found else None


def _social_order(case: Case) -> bool:
    """Tagged by the chapter of the most serious current charge (earliest first),
    under the configured chapters (read now, so ``cases recompute`` applies a
    change of the setting)."""
    rank = {c: i for i, c in enumerate(law.CaseCategory)}
    charges = sorted(
        case.charges.filter(ended_by__isnull=True),
        key=lambda c: (-rank[law.CaseCategory(c.category)], c.pk),
    )
    if not charges:
        return False
    chapters = settings.BCD138_SOCIAL_ORDER_CHAPTERS or None
    code = penal_code.catalogue(case.code_version)
    return code.is_social_order(charges[0].article, chapters=chapters)


STAGE_WORDS = {
    "investigation": gettext_lazy("investigation"),
    "prosecution": gettext_lazy("prosecution"),
    "trial_preparation": gettext_lazy("trial preparation"),
    "trial": gettext_lazy("trial"),
    "closed": gettext_lazy("closed"),
    "running": gettext_lazy("running"),
    "suspended": gettext_lazy("suspended"),
    "concluded": gettext_lazy("decided, file to be sent"),
    "in_transit": gettext_lazy("file in transit"),
}


def law_error(exc: law.LawError) -> DomainError:
    """The engine's refusal in the user's language, with the cases' own words for
    a kind of step, a stage, a phase and a category."""
    from bcd138.cases.models import Category

    return lawtext.law_error(
        exc,
        {
            "event": dict(EventKind.choices),
            "stage": STAGE_WORDS,
            "phase": STAGE_WORDS,
            "category": dict(Category.choices),
        },
    )
