"""Small checks shared by the services of this app."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Case, QuerySet, Value, When
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from bcd138.agencies.models import Agency, AgencyKind, SteeringCommittee
from bcd138.core.errors import DomainError


def today() -> datetime.date:
    return timezone.localdate()


def dmy(day: datetime.date) -> str:
    return date_format(day, "d/m/Y")


def require_past(day: datetime.date | None, what: str) -> None:
    """`what` names the date in the message ("The signing date")."""
    if day is not None and day > today():
        raise DomainError(
            _("%(what)s cannot be in the future.") % {"what": what},
            code="date_future",
        )


def require_text(value: str, message: str, code: str) -> str:
    value = (value or "").strip()
    if not value:
        raise DomainError(message, code=code)
    return value


def agency_of_committee(agency: Agency, committee: SteeringCommittee) -> bool:
    """Whether the agency lies in the committee's province (where it works)."""
    return bool(agency.place.current_province_id == committee.place.current_province_id)


def require_agency_of_committee(
    agency: Agency | None, committee: SteeringCommittee
) -> None:
    if agency is not None and not agency_of_committee(agency, committee):
        raise DomainError(
            _("“%(agency)s” does not work in the committee's area.")
            % {"agency": agency.name},
            code="agency_outside",
        )


def actor_user(by: Any) -> Any:
    """The user to store as author; None for the system."""
    return by if getattr(by, "is_authenticated", False) else None


def committee_agencies(committee: SteeringCommittee) -> QuerySet[Agency]:
    """The active agencies working in the committee's area: departments and
    organisations first, then the commune police."""
    commune_police = Case(
        When(kind=AgencyKind.COMMUNE_POLICE, then=Value(1)), default=Value(0)
    )
    return (
        Agency.objects.active()
        .filter(place__current_province_id=committee.place.current_province_id)
        .order_by(commune_police, "name")
    )
