"""Counting procedural time limits (BLTTHS Điều 134; Bộ luật Dân sự Điều 147).

- The day of the triggering event is not counted (BLDS Điều 147.1): a report
  received on 10 January has a 20-day limit that ends at 24:00 on 30 January.
  Every function here returns that last day; the limit runs to its end (24:00).
- A limit in months ends on the same-numbered day of the month ``months`` later,
  or on that month's last day when it has no such day (BLTTHS Điều 134.1).
- When the last day is a day off, the first working day after it is the last day
  (BLTTHS Điều 134.1). The text places this rule with limits in months; for limits
  in days it is a parameter, on by default as the literal reading has it.
- Custody and detention months count as 30 days (BLTTHS Điều 134.1).
"""

from __future__ import annotations

import calendar as _gregorian
from datetime import date, timedelta

from bcd138.law.calendar import WorkCalendar

DAYS_PER_CUSTODY_MONTH = 30


def end_of_days(
    start: date, days: int, *, calendar: WorkCalendar, roll_over: bool = True
) -> date:
    """The last day of a limit of ``days`` days triggered on ``start``.

    ``days=0`` means "the same day" (an immediate duty); it is never rolled over,
    because a duty to act at once does not wait for the next working day.
    """
    if days < 0:
        raise ValueError("days must not be negative")
    # BLDS Điều 147.1: the event day is not counted, so day 1 is start + 1.
    last = start + timedelta(days=days)
    if roll_over and days > 0:
        # BLTTHS Điều 134.1: a limit ending on a day off ends on the next working day.
        return calendar.next_working_day(last)
    return last


def add_months(start: date, months: int) -> date:
    """The same-numbered day ``months`` later, or that month's last day."""
    if months < 0:
        raise ValueError("months must not be negative")
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    # BLTTHS Điều 134.1: "nếu tháng đó không có ngày tương ứng" → its last day.
    last_day = _gregorian.monthrange(year, month)[1]
    return date(year, month, min(start.day, last_day))


def end_of_months(
    start: date, months: int, *, calendar: WorkCalendar, roll_over: bool = True
) -> date:
    """The last day of a limit of ``months`` months triggered on ``start``."""
    last = add_months(start, months)
    if roll_over:
        # BLTTHS Điều 134.1 puts the day-off roll-over with limits in months.
        return calendar.next_working_day(last)
    return last


def custody_months_to_days(months: int) -> int:
    """Custody and detention months count as 30 days each (BLTTHS Điều 134.1)."""
    if months < 0:
        raise ValueError("months must not be negative")
    return DAYS_PER_CUSTODY_MONTH * months
