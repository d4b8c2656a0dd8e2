"""Alerts: the list, one alert with its evidence and notes, and the follow-up
steps through the services (standing office or the commune's police)."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import LimitOffsetPagination, paginate

from bcd138.agencies.models import User
from bcd138.core.errors import DomainError
from bcd138.core.http import AuthedRequest
from bcd138.hotspots import access
from bcd138.hotspots.api.schemas import (
    AlertAssignIn,
    AlertCloseIn,
    AlertDetailOut,
    AlertFiltersIn,
    AlertNoteIn,
    AlertNoteOut,
    AlertOut,
)
from bcd138.hotspots.models import Alert
from bcd138.hotspots.services import alerts as svc
from bcd138.hotspots.views.alerts import alerts_filtered
from bcd138.places.models import Place

router = Router(tags=["hot spots"])


def _alert(request: AuthedRequest, alert_id: int, *, acting: bool = False) -> Alert:
    access.require_hotspots_role(request.user)
    alert = access.alert_get_for(user=request.user, pk=alert_id)
    if acting and not access.may_act_on_alert(request.user, alert):
        raise PermissionDenied
    return alert


def _commune(code: str | None) -> Place | None:
    if not code:
        return None
    place = Place.objects.current().communes().filter(code=code).first()
    if place is None:
        raise DomainError(
            _("No commune with code %(code)s.") % {"code": code},
            code="place_unknown",
        )
    return place


@router.get(
    "/alerts",
    response=list[AlertOut],
    summary="Hot-spot alerts you see, latest signal first",
)
@paginate(LimitOffsetPagination)
def alert_list(
    request: AuthedRequest, filters: Query[AlertFiltersIn]
) -> QuerySet[Alert]:
    access.require_hotspots_role(request.user)
    status = filters.status or ""
    qs = alerts_filtered(
        access.alerts_visible_to(request.user),
        {
            "status": status,
            "commune": _commune(filters.commune),
            "reason": filters.reason or "",
        },
    )
    if filters.crime_type is not None:
        qs = qs.filter(crime_type=filters.crime_type)
    related = ("province", "commune", "assignee")
    return qs.select_related(*related).order_by("-updated_at", "-pk")


@router.get(
    "/alerts/{alert_id}",
    response=AlertDetailOut,
    summary="One alert with its evidence and history",
)
def alert_detail(request: AuthedRequest, alert_id: int) -> Alert:
    return _alert(request, alert_id)


@router.post(
    "/alerts/{alert_id}/acknowledge",
    response=AlertDetailOut,
    summary="Acknowledge an open alert",
)
def alert_acknowledge(request: AuthedRequest, alert_id: int) -> Alert:
    alert = _alert(request, alert_id, acting=True)
    return svc.alert_acknowledge(user=request.user, alert=alert)


@router.post(
    "/alerts/{alert_id}/assign",
    response=AlertDetailOut,
    summary="Assign an alert to an officer of the commune or the standing office",
)
def alert_assign(
    request: AuthedRequest, alert_id: int, payload: AlertAssignIn
) -> Alert:
    alert = _alert(request, alert_id, acting=True)
    assignee = User.objects.filter(pk=payload.assignee, is_active=True).first()
    if assignee is None:
        raise DomainError(
            _("No active officer with id %(id)s.") % {"id": payload.assignee},
            code="assignee_unknown",
        )
    return svc.alert_assign(user=request.user, alert=alert, assignee=assignee)


@router.post(
    "/alerts/{alert_id}/notes",
    response={201: AlertNoteOut},
    summary="Record a follow-up: a patrol, outreach, a case opened or a note",
)
def alert_note(
    request: AuthedRequest, alert_id: int, payload: AlertNoteIn
) -> Status[Any]:
    alert = _alert(request, alert_id, acting=True)
    note = svc.alert_note_add(
        user=request.user, alert=alert, kind=payload.kind, text=payload.text
    )
    return Status(201, note)


@router.post(
    "/alerts/{alert_id}/close",
    response=AlertDetailOut,
    summary="Close an alert, saying why",
)
def alert_close(request: AuthedRequest, alert_id: int, payload: AlertCloseIn) -> Alert:
    alert = _alert(request, alert_id, acting=True)
    return svc.alert_close(user=request.user, alert=alert, text=payload.text)
