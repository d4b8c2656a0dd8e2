"""What every case page shares: the role check and the refusal page."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import render

from bcd138.agencies.models import Agency
from bcd138.cases.models import Case
from bcd138.cases.services import access as case_access
from bcd138.cases.services.opening import POLICE_KINDS
from bcd138.core import access
from bcd138.core.http import AuthedRequest


def _require_case_role(user: Any) -> None:
    if not case_access.has_case_role(user):
        raise PermissionDenied


def _refused(
    request: AuthedRequest,
    message: str,
    status: int = 403,
    case: Case | None = None,
) -> HttpResponse:
    context = {"message": message, "case": case}
    return render(request, "cases/case_refused.html", context, status=status)


def _bodies_of(user: Any) -> QuerySet[Agency]:
    """The police bodies the user may open a case for."""
    bodies = Agency.objects.active().filter(kind__in=POLICE_KINDS)
    if not access.is_superuser(user):
        bodies = bodies.filter(pk__in=case_access.police_agency_ids(user))
    return bodies.select_related("place").order_by("name")
