"""Who may see and act on a criminal case (issue 4, "who sees what").

- The investigating body's officers (commune or provincial police, unit head
  whose grant names that agency) see the case and act while the police hold it.
- The procuracy liaison of the supervising procuracy sees it from institution
  and acts while the procuracy holds it (and grants investigation extensions).
- The court liaison of the court the file was sent to sees it from that hand-off
  and acts while the court holds it.
- The standing office sees every case whose place lies in its province.
- Commune police see the cases that started in their commune, without the
  accused's and victims' protected data.
Everyone else gets 404. Protected data is revealed only with a reason, audited.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from bcd138.agencies.models import Role
from bcd138.cases.models import Case, Holder
from bcd138.core import access

POLICE_ROLES = (Role.COMMUNE_POLICE, Role.PROVINCIAL_POLICE, Role.UNIT_HEAD)


def _agencies(user: Any, *roles: str) -> set[int]:
    return {g.agency_id for g in access.grants_for(user) if g.role in roles}


def police_agency_ids(user: Any) -> set[int]:
    return _agencies(user, *POLICE_ROLES)


def procuracy_agency_ids(user: Any) -> set[int]:
    return _agencies(user, Role.PROCURACY_LIAISON)


def court_agency_ids(user: Any) -> set[int]:
    return _agencies(user, Role.COURT_LIAISON)


def protected_q(user: Any) -> Q:
    """Cases whose protected data the user may see (when revealed)."""
    if access.is_superuser(user):
        return Q()
    q = Q(investigating_body_id__in=police_agency_ids(user))
    q |= Q(procuracy_id__in=procuracy_agency_ids(user))
    q |= Q(court_id__in=court_agency_ids(user))
    if access.has_role(user, Role.STANDING_OFFICE):
        q |= access.jurisdiction_q(user, field="place", roles=[Role.STANDING_OFFICE])
    return q


def cases_visible_to(user: Any) -> QuerySet[Case]:
    qs = Case.objects.all()
    if access.is_superuser(user):
        return qs
    q = protected_q(user)
    if access.has_role(user, Role.COMMUNE_POLICE):
        q |= access.jurisdiction_q(user, field="place", roles=[Role.COMMUNE_POLICE])
    return qs.filter(q)


def case_get_for(*, user: Any, pk: Any) -> Case:
    related = (
        "place",
        "investigating_body",
        "holding_agency",
        "procuracy",
        "court",
        "report",
    )
    return access.get_from_or_404(
        cases_visible_to(user).select_related(*related), user, pk=pk
    )


def may_see_protected(user: Any, case: Case) -> bool:
    """Whether the user may reveal the accused's and victims' identities."""
    if access.is_superuser(user):
        return True
    if case.investigating_body_id in police_agency_ids(user):
        return True
    if case.procuracy_id in procuracy_agency_ids(user):
        return True
    if case.court_id is not None and case.court_id in court_agency_ids(user):
        return True
    return access.has_role(user, Role.STANDING_OFFICE) and access.place_in_jurisdiction(
        user, case.place, roles=[Role.STANDING_OFFICE]
    )


def sides_of(user: Any, case: Case) -> set[str]:
    """The sides (police, procuracy, court) the user may act for on this case."""
    sides: set[str] = set()
    superuser = access.is_superuser(user)
    if superuser or case.investigating_body_id in police_agency_ids(user):
        sides.add(Holder.POLICE)
    if superuser or case.procuracy_id in procuracy_agency_ids(user):
        sides.add(Holder.PROCURACY)
    court_ids = court_agency_ids(user)
    if superuser or (case.court_id is not None and case.court_id in court_ids):
        sides.add(Holder.COURT)
    return sides


def has_case_role(user: Any) -> bool:
    """Police of a unit, the procuracy and court liaisons, the standing office:
    the roles that have cases at all (the pages and the API refuse the others)."""
    return bool(
        access.is_superuser(user)
        or police_agency_ids(user)
        or procuracy_agency_ids(user)
        or court_agency_ids(user)
        or access.has_role(user, Role.STANDING_OFFICE)
    )


def may_name_search(user: Any) -> bool:
    """Every case role may look a case up by the accused's name; the search runs
    only over the cases whose identities the user may see (``protected_q``)."""
    return has_case_role(user)
