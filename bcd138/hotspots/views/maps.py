"""The hot-spot map: a run's commune patterns and forecast cells, the ranked
communes beside it, one commune's statistics, the GeoJSON download, the
deployment's boundary file and the standing office's "run now"."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from bcd138.core import access as core_access
from bcd138.core.errors import DomainError
from bcd138.core.http import AuthedRequest
from bcd138.hotspots import access
from bcd138.hotspots.models import (
    AlertStatus,
    Pattern,
    PlaceTrend,
    RiskCell,
    Run,
    RunStatus,
    RunTrigger,
)
from bcd138.hotspots.services import mapdata
from bcd138.hotspots.services.runs import run_province
from bcd138.hotspots.views.common import (
    bars_for,
    crime_type_label,
    crime_types_of,
    province_chosen,
    provinces_for,
    run_chosen,
    succeeded_runs,
    trend_word,
)
from bcd138.places.models import Place

log = logging.getLogger(__name__)


@login_required
@require_GET
def hotspot_map(request: AuthedRequest) -> HttpResponse:
    user = request.user
    access.require_hotspots_role(user)
    provinces = provinces_for(user)
    province = province_chosen(provinces, request.GET.get("province"))
    if province is None:
        raise PermissionDenied
    scope = access.commune_scope(user, province)
    runs = succeeded_runs(user, province)
    kinds = crime_types_of(runs)
    kind = request.GET.get("kind", "")
    kind = kind if kind in dict(kinds) else ""
    runs = runs.filter(crime_type=kind)
    run = run_chosen(runs, request.GET.get("run"))
    context: dict[str, Any] = {
        "provinces": provinces,
        "province": province,
        "kinds": kinds,
        "kind": kind,
        "kind_label": crime_type_label(kind),
        "runs": runs.order_by("-data_cutoff", "-pk")[:52],
        "run": run,
        "scoped": scope is not None,
        "latest": _latest_attempt(province, kind),
        "may_start": access.may_start_run(user, province),
        "config": _map_config(run),
    }
    if run is None:
        context["payload"] = mapdata.empty_payload(province=province, scope=scope)
        context["legend"] = []
        return render(request, "hotspots/map.html", context)
    alerts = _open_alerts(user, run, scope)
    trends = list(mapdata.trends_in_scope(run, scope).order_by("rank"))
    context.update(
        payload=mapdata.map_payload(run=run, scope=scope, alerts=alerts),
        trends=[_row(t, alerts) for t in trends],
        legend=mapdata.legend(t.pattern for t in trends),
        cells=mapdata.cells_in_scope(run, scope).count(),
        open_alerts=len(alerts),
        place=_place_context(user, run, scope, request.GET.get("place")),
    )
    return render(request, "hotspots/map.html", context)


def _latest_attempt(province: Place, kind: str) -> Run | None:
    """The newest run of any status: a failure or a run in progress is shown
    above the last good results."""
    return (
        Run.objects.filter(province=province, crime_type=kind)
        .order_by("-started_at", "-pk")
        .first()
    )


def _open_alerts(user: Any, run: Run, scope: set[int] | None) -> dict[int, int]:
    """Commune id -> id of its open alert for the run's kind of crime."""
    qs = access.alerts_visible_to(user).exclude(status=AlertStatus.CLOSED)
    qs = qs.filter(province=run.province, crime_type=run.crime_type)
    if scope is not None:
        qs = qs.filter(commune_id__in=scope)
    return dict(qs.values_list("commune_id", "pk"))


def _row(trend: PlaceTrend, alerts: dict[int, int]) -> dict[str, Any]:
    counts = trend.counts or []
    gi = mapdata.finite_list(trend.gi or [])
    return {
        "trend": trend,
        "colour": mapdata.pattern_colour(trend.pattern),
        "forming": mapdata.is_forming(trend),
        "last_count": counts[-1] if counts else None,
        "last_gi": gi[-1] if gi else None,
        "tau": mapdata.finite(trend.tau),
        "trend_p": mapdata.finite(trend.trend_p),
        "alert": alerts.get(trend.place_id),
    }


def _map_config(run: Run | None) -> dict[str, Any]:
    """The browser's settings: the optional tile server and boundary file, the
    URLs it calls and the words it shows."""
    detail = reverse("hotspots:place", args=[run.pk, 0]) if run is not None else ""
    return {
        "tileUrl": settings.BCD138_MAP_TILE_URL,
        "tileAttribution": settings.BCD138_MAP_TILE_ATTRIBUTION,
        "boundaryUrl": reverse("hotspots:boundary")
        if settings.BCD138_MAP_BOUNDARY_FILE
        else "",
        "placeUrl": detail,
        "alertUrl": reverse("hotspots:alert", args=[0]),
        "labels": {
            "rank": _("Rank"),
            "share": _("Share of the forecast risk"),
            "recent": _("Events in the last step"),
            "commune": _("Commune"),
            "cell": _("Forecast cell"),
            "quiet": mapdata.quiet_label(),
            "alert": _("Open alert"),
            "noCommune": _("outside any commune"),
        },
    }


def _place_context(
    user: Any, run: Run, scope: set[int] | None, place_id: Any
) -> dict[str, Any] | None:
    if not place_id or not str(place_id).isdigit():
        return None
    place = mapdata.communes_in_scope(run.province, scope).filter(pk=place_id).first()
    return None if place is None else place_details(user, run, scope, place)


def place_details(
    user: Any, run: Run, scope: set[int] | None, place: Place
) -> dict[str, Any]:
    """One commune in a run: its statistics, its cells and its alert."""
    trend = PlaceTrend.objects.filter(run=run, place=place).first()
    steps = mapdata.trend_steps(run, trend) if trend else []
    cells = RiskCell.objects.filter(run=run, commune=place).order_by("rank")
    alert = (
        access.alerts_visible_to(user)
        .exclude(status=AlertStatus.CLOSED)
        .filter(commune=place, crime_type=run.crime_type)
        .first()
    )
    gi = mapdata.finite_list(trend.gi or []) if trend else []
    p = mapdata.finite_list(trend.p or []) if trend else []
    return {
        "place": place,
        "run": run,
        "trend": trend,
        "pattern_label": Pattern(trend.pattern).label if trend else None,
        "colour": mapdata.pattern_colour(trend.pattern) if trend else None,
        "forming": bool(trend and mapdata.is_forming(trend)),
        "steps": steps,
        "bars": bars_for(steps),
        "last_gi": gi[-1] if gi else None,
        "last_p": p[-1] if p else None,
        "tau": mapdata.finite(trend.tau) if trend else None,
        "trend_p": mapdata.finite(trend.trend_p) if trend else None,
        "trend_word": trend_word(
            mapdata.finite(trend.tau) if trend else None,
            mapdata.finite(trend.trend_p) if trend else None,
        ),
        "cells": list(cells[:10]),
        "cell_count": cells.count(),
        "alert": alert,
    }


@login_required
@require_GET
def place_detail(request: AuthedRequest, run_pk: int, place_pk: int) -> HttpResponse:
    """The statistics panel of one commune (an htmx partial, or a page)."""
    user = request.user
    access.require_hotspots_role(user)
    run = core_access.get_from_or_404(
        access.runs_visible_to(user).filter(status=RunStatus.SUCCEEDED), user, pk=run_pk
    )
    scope = access.commune_scope(user, run.province)
    place = mapdata.communes_in_scope(run.province, scope).filter(pk=place_pk).first()
    if place is None:
        raise Http404
    if not request.htmx:
        query = urlencode(
            {"province": run.province.code, "kind": run.crime_type, "run": str(run.pk)}
        )
        return redirect(f"{reverse('hotspots:map')}?{query}&place={place.pk}")
    context = {"p": place_details(user, run, scope, place)}
    return render(request, "hotspots/_place.html", context)


@login_required
@require_GET
def run_geojson(request: AuthedRequest, pk: int) -> HttpResponse:
    """The run as a GeoJSON file, limited to what the user may see."""
    user = request.user
    access.require_hotspots_role(user)
    run = core_access.get_from_or_404(
        access.runs_visible_to(user).filter(status=RunStatus.SUCCEEDED), user, pk=pk
    )
    scope = access.commune_scope(user, run.province)
    return geojson_response(run, mapdata.run_geojson(run=run, scope=scope))


def geojson_response(run: Run, data: dict[str, Any]) -> HttpResponse:
    cutoff = timezone.localtime(run.data_cutoff)
    kind = f"-{run.crime_type}" if run.crime_type else ""
    name = f"diem-nong-{run.province.code}{kind}-{cutoff:%Y%m%d}.geojson"
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False), content_type="application/geo+json"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def boundary(request: AuthedRequest) -> HttpResponse:
    """The deployment's own boundary file (BCD138_MAP_BOUNDARY_FILE), if any."""
    access.require_hotspots_role(request.user)
    data = boundary_data()
    if data is None:
        raise Http404
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "private, max-age=3600"
    return response


_boundary_cache: dict[str, Any] = {}


def boundary_data() -> dict[str, Any] | None:
    """The parsed boundary file, read again only when it changes. A missing or
    broken file is logged and the map is drawn without it."""
    name = settings.BCD138_MAP_BOUNDARY_FILE
    if not name:
        return None
    path = Path(name)
    try:
        stamp = (str(path), path.stat().st_mtime_ns)
        if _boundary_cache.get("stamp") != stamp:
            data = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(data, dict) or "type" not in data:
                raise ValueError("not a GeoJSON object")
            _boundary_cache.update(stamp=stamp, data=data)
    except (OSError, ValueError) as exc:
        log.warning("map boundary file %s is not usable: %s", name, exc)
        return None
    result: dict[str, Any] = _boundary_cache["data"]
    return result


@login_required
@require_POST
def run_start(request: AuthedRequest) -> HttpResponse:
    """The standing office runs the analysis now (synchronously: seconds)."""
    user = request.user
    access.require_hotspots_role(user)
    province = province_chosen(provinces_for(user), request.POST.get("province"))
    if province is None or not access.may_start_run(user, province):
        raise PermissionDenied
    kind = request.POST.get("kind", "")
    query = {"province": province.code, "kind": kind}
    try:
        run = run_province(
            province=province,
            crime_type=kind,
            trigger=RunTrigger.MANUAL,
            requested_by=user,
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(f"{reverse('hotspots:map')}?{urlencode(query)}")
    if run.status == RunStatus.SUCCEEDED:
        messages.success(request, _("The analysis ran; its results are shown."))
        query["run"] = str(run.pk)
    else:
        messages.error(
            request,
            _("The analysis failed: %(error)s") % {"error": run.error or run.status},
        )
    return redirect(f"{reverse('hotspots:map')}?{urlencode(query)}")
