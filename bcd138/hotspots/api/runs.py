"""Runs: the list, one run, its commune trends, its GeoJSON, starting one."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import LimitOffsetPagination, paginate

from bcd138.core import access as core_access
from bcd138.core.errors import DomainError
from bcd138.core.http import AuthedRequest
from bcd138.hotspots import access
from bcd138.hotspots.api.schemas import (
    RunDetailOut,
    RunFiltersIn,
    RunOut,
    RunStartIn,
    TrendOut,
)
from bcd138.hotspots.models import PlaceTrend, Run, RunStatus, RunTrigger
from bcd138.hotspots.services import mapdata
from bcd138.hotspots.services.runs import run_province
from bcd138.hotspots.views.maps import geojson_response
from bcd138.places.models import Place

router = Router(tags=["hot spots"])


def _province(code: str) -> Place:
    place = Place.objects.current().provinces().filter(code=code).first()
    if place is None:
        raise DomainError(
            _("No province with code %(code)s.") % {"code": code},
            code="place_unknown",
        )
    return place


def _run(request: AuthedRequest, run_id: int) -> Run:
    access.require_hotspots_role(request.user)
    return core_access.get_from_or_404(
        access.runs_visible_to(request.user), request.user, pk=run_id
    )


def _succeeded(request: AuthedRequest, run_id: int) -> Run:
    run = _run(request, run_id)
    if run.status != RunStatus.SUCCEEDED:
        raise DomainError(
            _("This run has no results: it is %(status)s.")
            % {"status": run.get_status_display()},
            code="run_without_results",
            status=409,
        )
    return run


@router.get(
    "/runs",
    response=list[RunOut],
    summary="Analysis runs of your provinces, newest first",
)
@paginate(LimitOffsetPagination)
def run_list(request: AuthedRequest, filters: Query[RunFiltersIn]) -> QuerySet[Run]:
    access.require_hotspots_role(request.user)
    qs = access.runs_visible_to(request.user).order_by("-started_at", "-pk")
    if filters.province:
        qs = qs.filter(province=_province(filters.province))
    if filters.crime_type is not None:
        qs = qs.filter(crime_type=filters.crime_type)
    if filters.status:
        qs = qs.filter(status=filters.status)
    return qs


@router.post(
    "/runs",
    response={201: RunDetailOut},
    summary="Run the analysis of a province now (standing office)",
)
def run_start(request: AuthedRequest, payload: RunStartIn) -> Status[Run]:
    """Synchronous: the answer is the finished run, SUCCEEDED or FAILED with its
    error (a failed run keeps the previous results shown)."""
    access.require_hotspots_role(request.user)
    province = _province(payload.province)
    if not access.may_start_run(request.user, province):
        raise PermissionDenied
    run = run_province(
        province=province,
        crime_type=payload.crime_type,
        trigger=RunTrigger.MANUAL,
        requested_by=request.user,
    )
    return Status(201, run)


@router.get("/runs/{run_id}", response=RunDetailOut, summary="One run")
def run_detail(request: AuthedRequest, run_id: int) -> Run:
    return _run(request, run_id)


@router.get(
    "/runs/{run_id}/trends",
    response=list[TrendOut],
    summary="The run's Emerging Hot Spot Analysis per commune, most worrying first",
)
def run_trends(request: AuthedRequest, run_id: int) -> Any:
    run = _succeeded(request, run_id)
    scope = access.commune_scope(request.user, run.province)
    qs: QuerySet[PlaceTrend] = mapdata.trends_in_scope(run, scope)
    return qs.order_by("rank")


@router.get(
    "/runs/{run_id}/geojson",
    summary="The run as GeoJSON: commune points and forecast cells (lon/lat)",
    description="A FeatureCollection (RFC 7946) with a `metadata` member; only "
    "the communes you may see. Sent as a download (`application/geo+json`).",
)
def run_geojson(request: AuthedRequest, run_id: int) -> HttpResponse:
    run = _succeeded(request, run_id)
    scope = access.commune_scope(request.user, run.province)
    return geojson_response(run, mapdata.run_geojson(run=run, scope=scope))
