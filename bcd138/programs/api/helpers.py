"""Looking up the ids a request names, with clear errors."""

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from bcd138.agencies.models import Agency, SteeringCommittee
from bcd138.core.errors import DomainError
from bcd138.places.models import Era, Place


def agency_by_id(pk: int | None, *, code: str = "agency") -> Agency | None:
    if pk is None:
        return None
    agency = Agency.objects.select_related("place").filter(pk=pk).first()
    if agency is None:
        raise DomainError(_("No agency with id %(id)s.") % {"id": pk}, code=code)
    return agency


def agency_required(pk: int, *, code: str = "agency") -> Agency:
    agency = agency_by_id(pk, code=code)
    assert agency is not None  # noqa: S101 (agency_by_id raises for a missing one)
    return agency


def committee_in(qs: QuerySet[SteeringCommittee], pk: int) -> SteeringCommittee:
    """The committee among those the user may use here, else 403."""
    committee = qs.filter(pk=pk).first()
    if committee is None:
        raise DomainError(
            _("You may not record items for this committee."),
            code="forbidden",
            status=403,
        )
    return committee


def place_by_code(code: str | None, era: str) -> Place | None:
    if not code:
        return None
    era = Era.LEGACY if era == Era.LEGACY else Era.CURRENT
    place = Place.objects.filter(code=code, era=era).first()
    if place is None:
        raise DomainError(
            _("No unit with code %(code)s.") % {"code": code}, code="place_unknown"
        )
    return place
