"""The work calendar that legal time limits are counted on.

Days off (ngày nghỉ) are Saturdays, Sundays and public holidays (BLTTHS Điều 134;
Bộ luật Lao động 2019 Điều 112). The public holidays come from the ``holidays``
package (``holidays.country_holidays("VN")``), whose data is pinned by ``uv.lock``
and so is deterministic for a given lock file. That data already holds:

- the lunar holidays: Tết Nguyên Đán and Giỗ Tổ Hùng Vương;
- the day-off swaps the government announced for civil servants (a weekday off
  *and* the Saturday worked in exchange, e.g. Mon 29/4/2024 off, Sat 4/5/2024
  worked). The package lists the worked Saturdays as ``weekend_workdays``; this
  module counts them as working days so that each swap stays whole.

What ``holidays`` 0.109 returns for Tết (the official break for civil servants is
in brackets; every day of it is a day off here, weekend or listed):

- 2024 [Thu 8/2 – Wed 14/2]: 8/2 (29 Tết), 9/2 (giao thừa), 10/2 (mùng 1), 11/2,
  12/2, 13/2, 14/2 (mùng 5). All seven days are in the package.
- 2025 [Sat 25/1 – Sun 2/2]: Mon 27/1 (29 Tết, substitute for Sat 1/2), 28/1
  (giao thừa), 29/1 (mùng 1), 30/1, 31/1, Sat 1/2 (mùng 4). 25–26/1 and 2/2 are
  weekends.
- 2026 [Sat 14/2 – Sun 22/2]: Mon 16/2 (giao thừa), 17/2 (mùng 1), 18/2, 19/2,
  Fri 20/2 (mùng 4). 14–15/2 and 21–22/2 are weekends.

A day off that the government declares later, or that the package lacks, goes
into ``WorkCalendar.extra_days_off``; a make-up working day into
``extra_working_days``. The Django layer keeps both in a table and builds the
calendar from it.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from types import MappingProxyType

import holidays

_SATURDAY = 5
# No real calendar has a year of consecutive days off; a longer search means
# the configuration is broken and looping on would hang the caller.
_MAX_SEARCH_DAYS = 366


@functools.lru_cache(maxsize=64)
def public_holidays(year: int) -> Mapping[date, str]:
    """The Vietnamese public holidays of ``year`` with their names, in Vietnamese."""
    table = holidays.country_holidays("VN", years=year, language="vi")
    return MappingProxyType(
        {day: str(name) for day, name in sorted(table.items()) if day.year == year}
    )


@functools.lru_cache(maxsize=64)
def _weekend_workdays(year: int) -> frozenset[date]:
    """Saturdays and Sundays the package says are worked (the other half of a swap)."""
    table = holidays.country_holidays("VN", years=year)
    return frozenset(day for day in table.weekend_workdays if day.year == year)


@dataclass(frozen=True)
class WorkCalendar:
    """Which days are days off, for counting legal time limits.

    ``extra_days_off``: days the government declares off on top of the public
    holidays (bridge days). ``extra_working_days``: make-up working days that
    cancel a day off. A date may not be in both.
    """

    extra_days_off: frozenset[date] = frozenset()
    extra_working_days: frozenset[date] = frozenset()

    def __post_init__(self) -> None:
        clash = self.extra_days_off & self.extra_working_days
        if clash:
            listed = ", ".join(sorted(day.isoformat() for day in clash))
            raise ValueError(f"Dates both off and working: {listed}")

    def is_day_off(self, d: date) -> bool:
        """Saturday, Sunday, public holiday or declared day off, unless worked."""
        if d in self.extra_working_days:
            return False
        if d in self.extra_days_off or d in public_holidays(d.year):
            return True
        return d.weekday() >= _SATURDAY and d not in _weekend_workdays(d.year)

    def next_working_day(self, d: date) -> date:
        """``d`` itself when it is a working day, otherwise the first one after it."""
        for offset in range(_MAX_SEARCH_DAYS):
            candidate = d + timedelta(days=offset)
            if not self.is_day_off(candidate):
                return candidate
        raise ValueError(f"No working day within a year after {d.isoformat()}")

    def add_working_days(self, d: date, n: int) -> date:
        """The ``n``-th working day after ``d`` (``d`` itself is not counted)."""
        if n < 0:
            raise ValueError("n must not be negative")
        current = d
        for _ in range(n):
            current = self.next_working_day(current + timedelta(days=1))
        return current
