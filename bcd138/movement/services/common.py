"""Checks shared by the movement's services: dates, units, text."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from bcd138.core.errors import DomainError
from bcd138.places.models import Level, Place

FIRST_YEAR = 2000


def today() -> datetime.date:
    return timezone.localdate()


def dmy(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def require_past(day: datetime.date, label: str) -> None:
    """A date the record says happened: not after today."""
    if day > today():
        raise DomainError(
            _("%(label)s (%(date)s) is in the future.")
            % {"label": label, "date": dmy(day)},
            code="date_future",
        )


def require_order(first: datetime.date, then: datetime.date | None, msg: str) -> None:
    if then is not None and then < first:
        raise DomainError(msg, code="date_order")


def require_year(year: int) -> None:
    if not FIRST_YEAR <= year <= today().year:
        raise DomainError(
            _("The year must be between %(first)d and %(last)d.")
            % {"first": FIRST_YEAR, "last": today().year},
            code="year",
        )


def valid_on(place: Place, day: datetime.date) -> bool:
    starts, ends = place.valid_from, place.valid_to
    return (starts is None or starts <= day) and (ends is None or ends >= day)


def require_valid_on(place: Place, *days: datetime.date) -> None:
    """The unit as entered must have existed on one of `days` (a legacy commune
    before 1 July 2025, a 2025 commune after)."""
    if not any(valid_on(place, day) for day in days):
        raise DomainError(
            _(
                "%(place)s did not exist on %(date)s: choose the unit of that time "
                "(before 1 July 2025, the former communes)."
            )
            % {"place": place.name, "date": dmy(days[0])},
            code="place_era",
        )


def require_commune(place: Place) -> None:
    if place.level != Level.COMMUNE:
        raise DomainError(
            _("Choose a commune, ward or special zone."), code="place_level"
        )


def require_text(value: str, label: str, *, max_length: int = 250) -> str:
    text = (value or "").strip()
    if not text:
        raise DomainError(
            _("%(label)s is required.") % {"label": label}, code="required"
        )
    if len(text) > max_length:
        raise DomainError(
            _("%(label)s is longer than %(max)d characters.")
            % {"label": label, "max": max_length},
            code="too_long",
        )
    return text


def plain(value: Any) -> Any:
    """A JSON-safe value for the audit entry's changes."""
    if isinstance(value, Model):
        return str(value)
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return str(value)


def changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    return {
        k: [plain(before.get(k)), plain(v)]
        for k, v in after.items()
        if before.get(k) != v
    }
