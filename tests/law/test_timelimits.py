"""Counting time limits: BLTTHS Điều 134 and Bộ luật Dân sự Điều 147."""

from __future__ import annotations

from datetime import date

import pytest

from bcd138.law.calendar import WorkCalendar
from bcd138.law.timelimits import (
    add_months,
    custody_months_to_days,
    end_of_days,
    end_of_months,
)

CAL = WorkCalendar()


@pytest.mark.parametrize(
    ("start", "days", "roll_over", "calendar", "expected"),
    [
        # The doc's example: received 10 January, 20 days → 24:00 on 30 January.
        # 30/1/2024 is a Tuesday: nothing to roll over.
        (date(2024, 1, 10), 20, True, CAL, date(2024, 1, 30)),
        # 30/1/2025 is a Thursday inside Tết 2025 (27/1 – 1/2, then Sunday 2/2).
        (date(2025, 1, 10), 20, True, CAL, date(2025, 2, 3)),
        (date(2025, 1, 10), 20, False, CAL, date(2025, 1, 30)),
        # Ending inside Tết 2024 (8/2 – 14/2) → Thursday 15/2.
        (date(2024, 1, 20), 20, True, CAL, date(2024, 2, 15)),
        (date(2024, 1, 20), 20, False, CAL, date(2024, 2, 9)),
        # Ending on mùng 1 Tết 2026 (17/2) → Monday 23/2 after the weekend.
        (date(2026, 1, 28), 20, True, CAL, date(2026, 2, 23)),
        (date(2026, 1, 28), 20, False, CAL, date(2026, 2, 17)),
        # Ending on a Saturday → Monday; without roll-over the Saturday itself.
        (date(2024, 3, 6), 10, True, CAL, date(2024, 3, 18)),
        (date(2024, 3, 6), 10, False, CAL, date(2024, 3, 16)),
        # Across a month end onto a Sunday.
        (date(2024, 1, 25), 10, True, CAL, date(2024, 2, 5)),
        # Leap day 2024 is a Thursday and counts as a day.
        (date(2024, 2, 9), 20, True, CAL, date(2024, 2, 29)),
        (date(2023, 2, 9), 20, True, CAL, date(2023, 3, 1)),
        # Across the year end onto Tết Dương lịch 2024 (Monday 1/1).
        (date(2023, 12, 22), 10, True, CAL, date(2024, 1, 2)),
        # A declared bridge day is skipped; a make-up Saturday is not.
        (
            date(2024, 1, 10),
            20,
            True,
            WorkCalendar(extra_days_off=frozenset({date(2024, 1, 30)})),
            date(2024, 1, 31),
        ),
        (
            date(2024, 3, 6),
            10,
            True,
            WorkCalendar(extra_working_days=frozenset({date(2024, 3, 16)})),
            date(2024, 3, 16),
        ),
        # Zero days is "at once": the same day, even a Sunday.
        (date(2024, 1, 14), 0, True, CAL, date(2024, 1, 14)),
    ],
)
def test_end_of_days(
    start: date, days: int, roll_over: bool, calendar: WorkCalendar, expected: date
) -> None:
    assert end_of_days(start, days, calendar=calendar, roll_over=roll_over) == expected


def test_end_of_days_rolls_over_by_default() -> None:
    assert end_of_days(date(2024, 3, 6), 10, calendar=CAL) == date(2024, 3, 18)


def test_end_of_days_refuses_negative() -> None:
    with pytest.raises(ValueError, match="negative"):
        end_of_days(date(2024, 1, 10), -1, calendar=CAL)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2024, 1, 10), 1, date(2024, 2, 10)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),  # leap year: no 31/2
        (date(2023, 1, 31), 1, date(2023, 2, 28)),
        (date(2024, 3, 31), 1, date(2024, 4, 30)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2024, 2, 29), 48, date(2028, 2, 29)),
        (date(2023, 12, 31), 2, date(2024, 2, 29)),
        (date(2024, 11, 30), 3, date(2025, 2, 28)),
        (date(2024, 12, 15), 1, date(2025, 1, 15)),
        (date(2024, 1, 10), 0, date(2024, 1, 10)),
    ],
)
def test_add_months(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


def test_add_months_refuses_negative() -> None:
    with pytest.raises(ValueError, match="negative"):
        add_months(date(2024, 1, 10), -1)


@pytest.mark.parametrize(
    ("start", "months", "roll_over", "calendar", "expected"),
    [
        # Same-numbered day on a working day.
        (date(2024, 1, 15), 2, True, CAL, date(2024, 3, 15)),
        # 31/1 + 1 month → 29/2/2024 (Thursday) and 28/2/2023 (Tuesday).
        (date(2024, 1, 31), 1, True, CAL, date(2024, 2, 29)),
        (date(2023, 1, 31), 1, True, CAL, date(2023, 2, 28)),
        # 10/3/2024 is a Sunday → Monday 11/3; off: the Sunday.
        (date(2024, 1, 10), 2, True, CAL, date(2024, 3, 11)),
        (date(2024, 1, 10), 2, False, CAL, date(2024, 3, 10)),
        # 29/2/2024 + 12 months → 28/2/2025 (Friday).
        (date(2024, 2, 29), 12, True, CAL, date(2025, 2, 28)),
        # Ending on mùng 1 Tết 2026 → Monday 23/2.
        (date(2025, 12, 17), 2, True, CAL, date(2026, 2, 23)),
        # Ending inside Tết 2024 → Thursday 15/2.
        (date(2024, 1, 12), 1, True, CAL, date(2024, 2, 15)),
        # Ending on 30/4/2025 (Wednesday, Reunification Day) → 5/5 after 1/5, 2/5
        # (swapped) and the weekend.
        (date(2025, 3, 30), 1, True, CAL, date(2025, 5, 5)),
        # A declared day off moves it further.
        (
            date(2024, 1, 15),
            2,
            True,
            WorkCalendar(extra_days_off=frozenset({date(2024, 3, 15)})),
            date(2024, 3, 18),
        ),
    ],
)
def test_end_of_months(
    start: date, months: int, roll_over: bool, calendar: WorkCalendar, expected: date
) -> None:
    assert (
        end_of_months(start, months, calendar=calendar, roll_over=roll_over) == expected
    )


@pytest.mark.parametrize(("months", "days"), [(0, 0), (1, 30), (2, 60), (4, 120)])
def test_custody_months_count_as_30_days(months: int, days: int) -> None:
    assert custody_months_to_days(months) == days


def test_custody_months_refuse_negative() -> None:
    with pytest.raises(ValueError, match="negative"):
        custody_months_to_days(-1)
