"""Who may see and act on a report.

Officers of the handling unit (commune police, provincial police, unit head whose
grant names that agency) see and act on it; the procuracy liaison and the
standing office of the place see it without acting. Only the assigned officer
and the unit's head may reveal an identified reporter. Everyone else gets 404.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from bcd138.agencies.models import Role
from bcd138.core import access
from bcd138.intake.models import CrimeReport

HANDLER_ROLES = (Role.COMMUNE_POLICE, Role.PROVINCIAL_POLICE, Role.UNIT_HEAD)
# Read-only: the procuracy supervises handling (Điều 145, 159); the committee's
# standing office follows overdue items to escalate them.
SUPERVISOR_ROLES = (Role.PROCURACY_LIAISON, Role.STANDING_OFFICE)


def handling_agency_ids(user: Any) -> set[int]:
    return {g.agency_id for g in access.grants_for(user) if g.role in HANDLER_ROLES}


def head_of_agency_ids(user: Any) -> set[int]:
    return {g.agency_id for g in access.grants_for(user) if g.role == Role.UNIT_HEAD}


def reports_visible_to(user: Any) -> QuerySet[CrimeReport]:
    qs = CrimeReport.objects.all()
    if access.is_superuser(user):
        return qs
    q = Q(handling_agency_id__in=handling_agency_ids(user))
    if access.has_role(user, *SUPERVISOR_ROLES):
        q |= access.jurisdiction_q(user, field="place", roles=SUPERVISOR_ROLES)
    return qs.filter(q)


def report_get_for(*, user: Any, pk: Any) -> CrimeReport:
    related = ("place", "handling_agency", "assignee", "duplicate_of")
    return access.get_from_or_404(
        reports_visible_to(user).select_related(*related), user, pk=pk
    )


def may_act(user: Any, report: CrimeReport) -> bool:
    return access.is_superuser(
        user
    ) or report.handling_agency_id in handling_agency_ids(user)


def require_act(user: Any, report: CrimeReport) -> None:
    if not may_act(user, report):
        raise PermissionDenied


def may_reveal_identity(user: Any, report: CrimeReport) -> bool:
    if report.anonymous:
        return False
    if report.assignee_id is not None and report.assignee_id == getattr(
        user, "pk", None
    ):
        return report.handling_agency_id in handling_agency_ids(user)
    return report.handling_agency_id in head_of_agency_ids(user)
