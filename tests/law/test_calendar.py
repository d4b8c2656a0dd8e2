"""The work calendar: weekends, public holidays with lunar Tết, declared days."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bcd138.law.calendar import WorkCalendar, public_holidays

CAL = WorkCalendar()


def _span(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


@pytest.mark.parametrize(
    ("day", "off"),
    [
        (date(2024, 1, 9), False),  # an ordinary Tuesday
        (date(2024, 1, 13), True),  # Saturday
        (date(2024, 1, 14), True),  # Sunday
        (date(2024, 1, 1), True),  # Tết Dương lịch
        (date(2024, 2, 7), False),  # the last working day before Tết 2024
        (date(2024, 2, 15), False),  # the first working day after Tết 2024
        (date(2025, 2, 3), False),  # the first working day after Tết 2025
        (date(2026, 2, 13), False),  # the last working day before Tết 2026
        (date(2026, 2, 23), False),  # the first working day after Tết 2026
        (date(2024, 4, 18), True),  # Giỗ Tổ Hùng Vương, 10/3 lunar
        (date(2025, 4, 7), True),  # Giỗ Tổ Hùng Vương
        (date(2026, 4, 27), True),  # Hùng Vương 2026 falls on Sunday: Monday off
        (date(2024, 4, 29), True),  # swapped day off ...
        (date(2024, 5, 4), False),  # ... worked on Saturday in exchange
        (date(2025, 5, 2), True),  # swapped day off ...
        (date(2025, 4, 26), False),  # ... worked on Saturday in exchange
        (date(2024, 9, 2), True),  # Quốc khánh
        (date(2024, 9, 3), True),  # Quốc khánh, second day
        (date(2026, 11, 24), True),  # Ngày Văn hóa Việt Nam, from 2026
        (date(2025, 11, 24), False),  # not yet a holiday in 2025
    ],
)
def test_is_day_off_with_default_calendar(day: date, off: bool) -> None:
    assert CAL.is_day_off(day) is off


@pytest.mark.parametrize(
    ("first", "last"),
    [
        (date(2024, 2, 8), date(2024, 2, 14)),  # official break Thu 8/2 – Wed 14/2
        (date(2025, 1, 25), date(2025, 2, 2)),  # official break Sat 25/1 – Sun 2/2
        (date(2026, 2, 14), date(2026, 2, 22)),  # official break Sat 14/2 – Sun 22/2
    ],
)
def test_every_day_of_the_official_tet_break_is_off(first: date, last: date) -> None:
    assert all(CAL.is_day_off(day) for day in _span(first, last))


@pytest.mark.parametrize(
    ("year", "listed"),
    [
        (2024, _span(date(2024, 2, 8), date(2024, 2, 14))),
        (2025, _span(date(2025, 1, 27), date(2025, 2, 1))),
        (2026, _span(date(2026, 2, 16), date(2026, 2, 20))),
    ],
)
def test_holidays_package_lists_these_tet_days(year: int, listed: list[date]) -> None:
    # Pinned so that an upgrade of ``holidays`` that changes Tết is noticed and the
    # calendar module's docstring is brought up to date.
    tet = {
        day
        for day, name in public_holidays(year).items()
        if "Tết" in name and day.month <= 2 and day != date(year, 1, 1)
    }
    assert tet == set(listed)


def test_public_holidays_are_cached_and_named_in_vietnamese() -> None:
    first = public_holidays(2024)
    assert first is public_holidays(2024)
    assert first[date(2024, 2, 10)] == "Tết Nguyên Đán"
    assert all(day.year == 2024 for day in first)


@pytest.mark.parametrize(
    ("calendar", "day", "off"),
    [
        # A bridge day the government declares on top of the holidays.
        (
            WorkCalendar(extra_days_off=frozenset({date(2024, 1, 9)})),
            date(2024, 1, 9),
            True,
        ),
        # A make-up working Saturday.
        (
            WorkCalendar(extra_working_days=frozenset({date(2024, 1, 13)})),
            date(2024, 1, 13),
            False,
        ),
        # A declared working day wins even over a public holiday.
        (
            WorkCalendar(extra_working_days=frozenset({date(2024, 9, 3)})),
            date(2024, 9, 3),
            False,
        ),
        # Other days are untouched.
        (
            WorkCalendar(extra_days_off=frozenset({date(2024, 1, 9)})),
            date(2024, 1, 10),
            False,
        ),
    ],
)
def test_is_day_off_with_declared_days(
    calendar: WorkCalendar, day: date, off: bool
) -> None:
    assert calendar.is_day_off(day) is off


def test_calendar_refuses_a_day_both_off_and_working() -> None:
    day = date(2024, 1, 9)
    with pytest.raises(ValueError, match="2024-01-09"):
        WorkCalendar(
            extra_days_off=frozenset({day}), extra_working_days=frozenset({day})
        )


def test_calendar_is_hashable_and_compares_by_value() -> None:
    days = frozenset({date(2024, 1, 9)})
    assert WorkCalendar(extra_days_off=days) == WorkCalendar(extra_days_off=days)
    assert (
        len({WorkCalendar(extra_days_off=days), WorkCalendar(extra_days_off=days)}) == 1
    )


@pytest.mark.parametrize(
    ("calendar", "day", "expected"),
    [
        (CAL, date(2024, 1, 10), date(2024, 1, 10)),  # a working day is itself
        (CAL, date(2024, 1, 13), date(2024, 1, 15)),  # Saturday → Monday
        (CAL, date(2024, 2, 9), date(2024, 2, 15)),  # inside Tết 2024
        (CAL, date(2025, 1, 30), date(2025, 2, 3)),  # inside Tết 2025
        (CAL, date(2026, 2, 17), date(2026, 2, 23)),  # inside Tết 2026
        (CAL, date(2024, 8, 31), date(2024, 9, 4)),  # Sat, Sun, 2/9, 3/9
        (
            WorkCalendar(extra_days_off=frozenset({date(2024, 1, 15)})),
            date(2024, 1, 13),
            date(2024, 1, 16),
        ),
        (
            WorkCalendar(extra_working_days=frozenset({date(2024, 1, 13)})),
            date(2024, 1, 13),
            date(2024, 1, 13),
        ),
    ],
)
def test_next_working_day(calendar: WorkCalendar, day: date, expected: date) -> None:
    assert calendar.next_working_day(day) == expected


def test_next_working_day_gives_up_on_a_year_of_days_off() -> None:
    start = date(2024, 1, 1)
    calendar = WorkCalendar(extra_days_off=frozenset(_span(start, date(2025, 1, 31))))
    with pytest.raises(ValueError, match="No working day"):
        calendar.next_working_day(start)


@pytest.mark.parametrize(
    ("calendar", "day", "n", "expected"),
    [
        (CAL, date(2024, 1, 10), 0, date(2024, 1, 10)),
        (CAL, date(2024, 1, 10), 3, date(2024, 1, 15)),  # Thu, Fri, Mon
        (CAL, date(2024, 1, 12), 1, date(2024, 1, 15)),  # Friday + 1 → Monday
        (CAL, date(2024, 1, 13), 1, date(2024, 1, 15)),  # from a Saturday
        (CAL, date(2024, 2, 7), 3, date(2024, 2, 19)),  # across Tết 2024
        (CAL, date(2025, 1, 24), 3, date(2025, 2, 5)),  # across Tết 2025
        (CAL, date(2026, 2, 12), 3, date(2026, 2, 24)),  # Fri 13, Mon 23, Tue 24
        (CAL, date(2024, 5, 3), 1, date(2024, 5, 4)),  # the worked Saturday counts
        (
            WorkCalendar(extra_days_off=frozenset({date(2024, 1, 11)})),
            date(2024, 1, 10),
            3,
            date(2024, 1, 16),
        ),
        (
            WorkCalendar(extra_working_days=frozenset({date(2024, 1, 13)})),
            date(2024, 1, 10),
            3,
            date(2024, 1, 13),
        ),
    ],
)
def test_add_working_days(
    calendar: WorkCalendar, day: date, n: int, expected: date
) -> None:
    assert calendar.add_working_days(day, n) == expected


def test_add_working_days_refuses_negative() -> None:
    with pytest.raises(ValueError, match="negative"):
        CAL.add_working_days(date(2024, 1, 10), -1)
