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

from bcd138.law.cases.checks import check_case_event
from bcd138.law.cases.clock import (
    CaseClock,
    apply_case_event,
    case_clock,
    days_left,
    is_overdue,
    start_case_clock,
)
from bcd138.law.cases.events import (
    CaseEvent,
    CaseEventKind,
    CaseLimitChange,
    Holder,
    LimitKind,
    Phase,
    Stage,
)
from bcd138.law.cases.rules import CaseCategory, CaseRules, Span
from bcd138.law.errors import MESSAGES, LawError

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
