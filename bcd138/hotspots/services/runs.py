"""One run of the hot-spot analysis of a province (issue 5, part 3).

    events before the cut-off (services.events)
    -> projection (the events' UTM zone) -> de-duplication
    -> grid: cells of BCD138_HOTSPOT_CELL_METRES holding an event in the last 2 years
    -> forecast with `auto`: fitted on all history before the cut-off day, predicting
       [cut-off day, + horizon) -> the top cells (RiskCell)
    -> Emerging Hot Spot Analysis of the communes with events (PlaceTrend)
    -> alerts (services.alerts)

The Run row is written first (RUNNING) and committed on its own; everything the
analysis stores is written in one transaction afterwards, so a failure leaves the
previous run's results untouched and the run FAILED with its error.
"""

from __future__ import annotations

import datetime
import logging
import math
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from scipy import ndimage
from scipy.spatial import cKDTree

from bcd138.cases.models import Case
from bcd138.core import audit
from bcd138.core.errors import DomainError
from bcd138.hotspots.engine.ehsa import (
    EhsaResult,
    cube_build,
    ehsa_run,
    neighbours_from_lists,
)
from bcd138.hotspots.engine.errors import HotspotError
from bcd138.hotspots.engine.events import Events, FloatArray, IntArray
from bcd138.hotspots.engine.grid import MAX_RASTER_CELLS, Grid, grid_from_events
from bcd138.hotspots.engine.methods.auto import Auto, kernel_reach
from bcd138.hotspots.engine.methods.base import CellEvents
from bcd138.hotspots.engine.pipeline import method_parameters
from bcd138.hotspots.engine.projection import (
    Projection,
    projection_check,
    utm_zone_of,
)
from bcd138.hotspots.models import (
    WARNING_PATTERNS,
    PlaceTrend,
    RiskCell,
    Run,
    RunStatus,
    RunTrigger,
    Step,
)
from bcd138.hotspots.services.alerts import is_forming
from bcd138.hotspots.services.events import (
    PlatformEvents,
    commune_centroids,
    day_number,
    platform_events,
)
from bcd138.intake.models import CrimeReport, CrimeType
from bcd138.places.models import Place

logger = logging.getLogger(__name__)

# Fewer events than this in the analysed window (the last `steps` steps) and the
# run fails: neither a forecast nor a trend means anything.
MIN_EVENTS = 30
STUDY_AREA_DAYS = 730.0  # cells with an event in the last two years
# A located event farther than this from every commune centroid of the province
# has wrong coordinates: it is placed at its commune's centroid instead.
FAR_OFF_METRES = 40_000.0
DEDUP_METRES = 10.0  # same kind, same day, this close: one incident
NEIGHBOURS_K = 6  # communes: the k nearest centroids, symmetrised
TOP_MIN, TOP_MAX = 10, 500
# "Top-ranked" for the entry rule of alerts: the top 1% of the study area's cells,
# and at least the top 10.
ALERT_TOP_SHARE, ALERT_TOP_MIN = 0.01, 10
REFS_MAX = 50
RATE_DAYS = 365.0  # the forecast's scale: events per day over the last year
# A run still RUNNING after this long has lost its process: it no longer
# blocks a new run of its province and kind, and is marked failed.
RUN_STALE = datetime.timedelta(hours=1)


@dataclass(frozen=True)
class HotspotSettings:
    every_days: int
    cell_metres: int
    horizon_days: int
    step: str
    steps: int
    top_share: float
    crime_types: tuple[str, ...]


def hotspot_settings() -> HotspotSettings:
    try:
        share = float(getattr(settings, "BCD138_HOTSPOT_TOP_SHARE", 0.02))
    except (TypeError, ValueError):
        share = math.nan
    return HotspotSettings(
        every_days=int(getattr(settings, "BCD138_HOTSPOT_EVERY_DAYS", 7)),
        cell_metres=int(getattr(settings, "BCD138_HOTSPOT_CELL_METRES", 250)),
        horizon_days=int(getattr(settings, "BCD138_HOTSPOT_HORIZON_DAYS", 7)),
        step=str(getattr(settings, "BCD138_HOTSPOT_STEP", Step.WEEK)),
        steps=int(getattr(settings, "BCD138_HOTSPOT_STEPS", 12)),
        top_share=share,
        crime_types=tuple(getattr(settings, "BCD138_HOTSPOT_CRIME_TYPES", ())),
    )


def top_count(active_cells: int, share: float) -> int:
    """How many cells a run keeps: `share` of the study area, 10 to 500."""
    wanted = min(max(math.ceil(share * active_cells), TOP_MIN), TOP_MAX)
    return min(wanted, active_cells)


def alert_top_count(active_cells: int) -> int:
    """Ranks that count as "top forecast cells" for the alerts' entry rule."""
    return max(ALERT_TOP_MIN, math.ceil(ALERT_TOP_SHARE * active_cells))


# ---- queries --------------------------------------------------------------------


def latest_run(*, province: Place, crime_type: str = "") -> Run | None:
    """The province's latest successful run (the one whose results are shown)."""
    return (
        Run.objects.filter(
            province=province, crime_type=crime_type, status=RunStatus.SUCCEEDED
        )
        .order_by("-data_cutoff", "-pk")
        .first()
    )


def previous_run(run: Run) -> Run | None:
    """The successful run of the same province and kind before `run`."""
    return (
        Run.objects.filter(
            province_id=run.province_id,
            crime_type=run.crime_type,
            status=RunStatus.SUCCEEDED,
        )
        .filter(
            Q(data_cutoff__lt=run.data_cutoff)
            | Q(data_cutoff=run.data_cutoff, pk__lt=run.pk)
        )
        .exclude(pk=run.pk)
        .order_by("-data_cutoff", "-pk")
        .first()
    )


def provinces_with_events() -> list[Place]:
    field = "place__current_province"
    ids = set(
        CrimeReport.objects.order_by().values_list(field, flat=True).distinct()
    ) | set(Case.objects.order_by().values_list(field, flat=True).distinct())
    ids.discard(None)
    return list(Place.objects.filter(pk__in=ids).order_by("code"))


def runs_due(now: datetime.datetime) -> list[Place]:
    """Provinces with events whose latest run (of all kinds together) started
    BCD138_HOTSPOT_EVERY_DAYS or more ago, or that never ran."""
    every = datetime.timedelta(days=hotspot_settings().every_days)
    last = dict(
        Run.objects.filter(crime_type="")
        .values("province")
        .annotate(last=Max("started_at"))
        .values_list("province", "last")
    )
    # A little slack so that a daily cron at a slightly earlier hour still runs.
    slack = datetime.timedelta(hours=1)
    return [
        p
        for p in provinces_with_events()
        if last.get(p.pk) is None or now - last[p.pk] >= every - slack
    ]


def runs_run_due(now: datetime.datetime) -> list[Run]:
    """Run every due province, all kinds together and each configured kind."""
    kinds = ("", *hotspot_settings().crime_types)
    runs = []
    for province in runs_due(now):
        for kind in kinds:
            runs.append(
                run_province(
                    province=province,
                    crime_type=kind,
                    trigger=RunTrigger.SCHEDULE,
                    cutoff=now,
                )
            )
    return runs


# ---- the run ------------------------------------------------------------------------


def run_province(
    *,
    province: Place,
    crime_type: str = "",
    trigger: str,
    requested_by: Any = None,
    cutoff: datetime.datetime | None = None,
    projection: Projection | None = None,
) -> Run:
    """Analyse `province` with the data recorded before `cutoff` (now by default).
    Always returns the Run: SUCCEEDED with its results, or FAILED with its error
    (the previous results stay as they were). Refused (DomainError) before any
    run is recorded: an unknown `crime_type`, or a run of the same province and
    kind still in progress (`run_in_progress`)."""
    if crime_type and crime_type not in CrimeType.values:
        raise DomainError(
            _("Unknown kind of crime: %(kind)s.") % {"kind": crime_type},
            code="crime_type",
        )
    config = hotspot_settings()
    started = timezone.now()
    user = requested_by if getattr(requested_by, "is_authenticated", False) else None
    with transaction.atomic():
        _claim(province, crime_type, started)
        run = Run.objects.create(
            province=province,
            crime_type=crime_type,
            trigger=trigger,
            requested_by=user,
            status=RunStatus.RUNNING,
            started_at=started,
            data_cutoff=cutoff or started,
            method="auto",
            horizon_days=config.horizon_days,
            cell_metres=config.cell_metres,
            step=config.step,
            steps=config.steps,
        )
    clock = time.perf_counter()
    try:
        with transaction.atomic():
            result = _analyse(run, config, projection)
            _store(run, result)
            from bcd138.hotspots.services.alerts import alerts_from_run

            alerts = alerts_from_run(run, evidence=result.evidence)
            run.status = RunStatus.SUCCEEDED
            run.finished_at = timezone.now()
            run.parameters["seconds"] = round(time.perf_counter() - clock, 3)
            run.parameters["alerts"] = len(alerts)
            run.save()
            audit.record(
                "hotspots.run",
                actor=requested_by,
                obj=run,
                place=province,
                changes={
                    "status": run.status,
                    "data_cutoff": run.data_cutoff.isoformat(),
                    "events_used": run.events_used,
                    "alerts": len(alerts),
                },
            )
    except Exception as exc:  # every failure is recorded on the run
        _fail(run, exc, requested_by)
    return run


def kind_label(crime_type: str, *, sentence_start: bool = False) -> str:
    """The kind of crime a run or an alert is about, in the current language
    ("" is every kind; an unknown value is shown as it is)."""
    if not crime_type:
        return _("All kinds of crime") if sentence_start else _("all kinds of crime")
    if crime_type in CrimeType.values:
        return str(CrimeType(crime_type).label)
    return crime_type


def _claim(province: Place, crime_type: str, now: datetime.datetime) -> None:
    """One run at a time per province and kind of crime (two at once would
    fold the same alerts twice): lock the province, mark runs still RUNNING
    after `RUN_STALE` as failed (their process died), refuse while another
    is running. Called inside the transaction that records the new run."""
    Place.objects.select_for_update().filter(pk=province.pk).first()
    running = Run.objects.filter(
        province=province, crime_type=crime_type, status=RunStatus.RUNNING
    )
    stale = running.filter(started_at__lt=now - RUN_STALE)
    for old in stale:
        logger.warning(
            "hot-spot run %s (province %s) never ended; marked failed",
            old.pk,
            province.code,
        )
    stale.update(
        status=RunStatus.FAILED,
        error=_("The analysis was interrupted before it ended."),
        finished_at=now,
    )
    current = running.order_by("-started_at").first()
    if current is not None:
        raise DomainError(
            _(
                "An analysis of this province for %(kind)s is already running "
                "(started %(started)s); its results will be shown when it ends."
            )
            % {
                "kind": kind_label(crime_type),
                "started": timezone.localtime(current.started_at).strftime(
                    "%H:%M %d/%m/%Y"
                ),
            },
            code="run_in_progress",
            status=409,
        )


def _fail(run: Run, exc: Exception, actor: Any) -> None:
    message = str(exc) if isinstance(exc, HotspotError) else ""
    if not message:
        message = f"{type(exc).__name__}: {exc}".strip().rstrip(":")
    if isinstance(exc, HotspotError):
        logger.warning(
            "hot-spot run %s (province %s) failed: %s",
            run.pk,
            run.province.code,
            message,
        )
    else:
        logger.error(
            "hot-spot run %s (province %s) failed: %s",
            run.pk,
            run.province.code,
            type(exc).__name__,
            exc_info=exc,
        )
    Run.objects.filter(pk=run.pk).update(
        status=RunStatus.FAILED, error=message[:2000], finished_at=timezone.now()
    )
    run.refresh_from_db()
    audit.record(
        "hotspots.run",
        actor=actor,
        obj=run,
        place=run.province,
        changes={"status": run.status, "error": run.error},
    )


@dataclass
class _Result:
    grid: Grid
    projection: Projection
    risk: FloatArray  # per active cell, expected events over the horizon
    share: FloatArray
    cell_commune: IntArray  # per active cell
    cell_recent: IntArray  # per active cell, events in the last step
    locations: list[int]  # commune ids of the EHSA
    ehsa: EhsaResult
    totals: IntArray  # per location, events in the window
    at_centroid: IntArray  # per location, of `totals`
    evidence: dict[int, dict[str, Any]] = field(default_factory=dict)


def _analyse(run: Run, config: HotspotSettings, given: Projection | None) -> _Result:
    _check_settings(config)
    province = run.province
    cutoff_day = day_number(timezone.localtime(run.data_cutoff).date())
    events = platform_events(
        province=province, crime_type=run.crime_type, cutoff=run.data_cutoff
    )
    run.events_without_place = events.skipped
    events = events.take(events.t < cutoff_day)  # the forecast's own days excluded
    window_start = _window_start(cutoff_day, config)
    in_window = int(np.sum(events.t >= window_start))
    if in_window < MIN_EVENTS:
        # Shown to officers on the map: in the language of the run (a scheduled
        # run speaks the site's default, Vietnamese).
        what = kind_label(run.crime_type)
        raise HotspotError(
            _(
                "Too few events to analyse: %(count)d (%(what)s) in the %(steps)d "
                "time steps before the cut-off; at least %(minimum)d are needed."
            )
            % {
                "count": in_window,
                "what": what,
                "steps": config.steps,
                "minimum": MIN_EVENTS,
            }
        )
    centroids = commune_centroids(province)
    projection = given or utm_zone_of(
        float(np.median(events.lat)), float(np.median(events.lon))
    )
    x, y = projection.forward(events.lat, events.lon)
    events, x, y, far_off = _fix_far_off(events, x, y, projection, centroids)
    projection_check(projection, events.lon)
    events, x, y, duplicates = _deduplicate(events, x, y)
    run.epsg = projection.epsg
    run.events_used = len(events)
    run.events_at_centroid = int(events.at_centroid.sum())

    grid = _grid(events, x, y, cutoff_day, config.cell_metres)
    cells = grid.cell_of(x, y)
    inside = cells >= 0
    order = np.argsort(events.t[inside], kind="stable")
    packed = grid_packed(grid, reach=kernel_reach(grid.cell))
    history = CellEvents(packed, cells[inside][order], events.t[inside][order])
    model = Auto()
    model.fit(
        history,
        start=float(history.t.min()),
        end=cutoff_day,
        horizon=float(config.horizon_days),
    )
    score = model.predict(
        history, origin=cutoff_day, horizon=float(config.horizon_days)
    )
    total = float(score.sum())
    share = score / total if total > 0 else np.zeros_like(score)
    rate = len(history.since(cutoff_day - RATE_DAYS)) / RATE_DAYS
    risk = share * rate * config.horizon_days

    cell_commune = _cell_communes(grid, cells, events, projection, centroids)
    last_step = _step_start(cutoff_day, config, back=1)
    recent = inside & (events.t >= last_step)
    cell_recent = np.bincount(cells[recent], minlength=grid.n_cells)

    locations, ehsa, totals, at_centroid, location_of = _ehsa(
        events, cutoff_day, window_start, config, centroids, projection
    )
    run.grid_x0, run.grid_y0 = grid.x0, grid.y0
    run.grid_nx, run.grid_ny = grid.nx, grid.ny
    run.active_cells = grid.n_cells
    run.parameters = {
        "projection": projection.name,
        "auto": method_parameters(model),
        "events_per_day": round(rate, 4),
        "reports": events.reports,
        "cases": events.cases,
        "duplicates": duplicates,
        "coordinates_far_off": far_off,
        "outside_study_area": int((~inside).sum()),
        "window_events": in_window,
        "window_start": str(_date(window_start)),
        "min_events": MIN_EVENTS,
    }
    result = _Result(
        grid=grid,
        projection=projection,
        risk=risk,
        share=share,
        cell_commune=cell_commune,
        cell_recent=cell_recent.astype(np.int64),
        locations=locations,
        ehsa=ehsa,
        totals=totals,
        at_centroid=at_centroid,
    )
    result.evidence = _refs(
        events, location_of, locations, ehsa, _window_end(cutoff_day, config)
    )
    return result


def _check_settings(config: HotspotSettings) -> None:
    if config.step not in Step.values:
        raise HotspotError(f"BCD138_HOTSPOT_STEP is {config.step!r}: use week or month")
    if config.steps < 4:
        raise HotspotError("BCD138_HOTSPOT_STEPS must be at least 4")
    if not (0 < config.top_share <= 1):
        raise HotspotError("BCD138_HOTSPOT_TOP_SHARE must be in (0, 1]")
    if config.cell_metres < 1 or config.horizon_days < 1:
        raise HotspotError(
            "BCD138_HOTSPOT_CELL_METRES and BCD138_HOTSPOT_HORIZON_DAYS must be "
            "positive"
        )


def _date(day: float) -> datetime.date:
    return datetime.date(1970, 1, 1) + datetime.timedelta(days=int(day))


def _month_start(day: float, back: int) -> float:
    """The first day of the month `back` months before the month of `day`."""
    d = _date(day)
    index = d.year * 12 + d.month - 1 - back
    return day_number(datetime.date(index // 12, index % 12 + 1, 1))


def _step_start(cutoff_day: float, config: HotspotSettings, *, back: int) -> float:
    """The start of the step `back` steps before the cut-off. Weeks end at the
    cut-off day; months are whole calendar months before the cut-off's month."""
    if config.step == Step.MONTH:
        return _month_start(cutoff_day, back)
    return cutoff_day - 7.0 * back


def _window_start(cutoff_day: float, config: HotspotSettings) -> float:
    return _step_start(cutoff_day, config, back=config.steps)


def _window_end(cutoff_day: float, config: HotspotSettings) -> float:
    return _step_start(cutoff_day, config, back=0)


def _fix_far_off(
    events: PlatformEvents,
    x: FloatArray,
    y: FloatArray,
    projection: Projection,
    centroids: dict[int, tuple[float, float]],
) -> tuple[PlatformEvents, FloatArray, FloatArray, int]:
    """Events placed far from every commune of the province have wrong
    coordinates: they go to their commune's centroid, or are dropped."""
    if not centroids:
        return events, x, y, 0
    where = np.array(list(centroids.values()))
    cx, cy = projection.forward(where[:, 0], where[:, 1])
    distance, _ = cKDTree(np.column_stack([cx, cy])).query(np.column_stack([x, y]))
    far = np.asarray(distance) > FAR_OFF_METRES
    if not far.any():
        return events, x, y, 0
    keep = np.ones(len(events), dtype=np.bool_)
    for i in np.flatnonzero(far):
        centre = centroids.get(int(events.commune_id[i]))
        if centre is None:
            keep[i] = False
            continue
        events.lat[i], events.lon[i] = centre
        events.at_centroid[i] = True
    x, y = projection.forward(events.lat, events.lon)
    return events.take(keep), x[keep], y[keep], int(far.sum())


def _deduplicate(
    events: PlatformEvents, x: FloatArray, y: FloatArray
) -> tuple[PlatformEvents, FloatArray, FloatArray, int]:
    """Events with coordinates of the same kind on the same day within 10 m of
    an earlier one are one incident recorded twice (a report and a direct case).
    Events at a centroid are never merged: the centroid says nothing of place."""
    kinds = {k: i for i, k in enumerate(sorted(set(events.kind)))}
    kind = np.array([kinds[k] for k in events.kind], dtype=np.int64)
    order = np.lexsort((events.t, kind))
    duplicate = np.zeros(len(order), dtype=np.bool_)
    located = ~events.at_centroid[order]
    k, t, xs, ys = kind[order], events.t[order], x[order], y[order]
    lag = 1
    while lag < len(order):
        same = (k[lag:] == k[:-lag]) & (t[lag:] == t[:-lag])
        if not same.any():
            break
        near = np.hypot(xs[lag:] - xs[:-lag], ys[lag:] - ys[:-lag]) <= DEDUP_METRES
        duplicate[lag:] |= same & near & located[lag:] & located[:-lag]
        lag += 1
    if not duplicate.any():
        return events, x, y, 0
    keep = np.ones(len(order), dtype=np.bool_)
    keep[order[duplicate]] = False
    return events.take(keep), x[keep], y[keep], int(duplicate.sum())


def _grid(
    events: PlatformEvents,
    x: FloatArray,
    y: FloatArray,
    cutoff_day: float,
    cell: int,
) -> Grid:
    recent = (events.t >= cutoff_day - STUDY_AREA_DAYS) & (events.t < cutoff_day)
    if not recent.any():
        raise HotspotError(
            _("No events in the last two years: there is no study area.")
        )
    xs, ys = x[recent], y[recent]
    width = float(xs.max() - xs.min())
    height = float(ys.max() - ys.min())
    cells = (math.floor(width / cell) + 2) * (math.floor(height / cell) + 2)
    if cells > MAX_RASTER_CELLS:
        raise HotspotError(
            f"the events of the last two years spread over {width / 1000:.1f} km × "
            f"{height / 1000:.1f} km: {cell} m cells make {cells:,} cells (limit "
            f"{MAX_RASTER_CELLS:,}); check for wrong coordinates or raise "
            "BCD138_HOTSPOT_CELL_METRES"
        )
    study = Events(xs, ys, events.t[recent], np.zeros(len(xs), dtype=np.int64))
    return grid_from_events(study, cell=float(cell))


def grid_packed(grid: Grid, *, reach: int) -> Grid:
    """The same active cells on a small raster, for speed.

    A province's study area is scattered clusters of cells over a raster a
    hundred kilometres across; every smoothing is an FFT over the whole raster.
    No kernel of `auto` reaches farther than `reach` cells (`kernel_reach` of
    the cell size), so clusters farther apart never interact: each cluster
    (cells linked within `reach`) is moved, unchanged, into a compact raster
    with at least `reach` empty cells between clusters. Active index i is the
    same cell in both grids, and the forecast is the same as on the full
    raster.
    """
    rows, cols = grid.rows_cols()
    mask = np.zeros(grid.shape, dtype=np.bool_)
    mask[rows, cols] = True
    half = (reach + 1) // 2  # squares of this half-size touch within `reach`
    linked = ndimage.binary_dilation(
        mask, structure=np.ones((2 * half + 1,) * 2, dtype=np.bool_)
    )
    labels, count = ndimage.label(linked, structure=np.ones((3, 3), dtype=np.bool_))
    label = labels[rows, cols] - 1
    gap = reach + 1
    boxes = []
    for k in range(count):
        members = np.flatnonzero(label == k)
        if len(members) == 0:
            continue
        r0, c0 = int(rows[members].min()), int(cols[members].min())
        h = int(rows[members].max()) - r0 + 1
        w = int(cols[members].max()) - c0 + 1
        boxes.append((h, w, r0, c0, members))
    area = sum((h + gap) * (w + gap) for h, w, *_ in boxes)
    width = max(max(w for _, w, *_ in boxes), math.ceil(math.sqrt(area)))
    new_rows = np.empty_like(rows)
    new_cols = np.empty_like(cols)
    x = y = shelf = 0
    for h, w, r0, c0, members in sorted(boxes, key=lambda b: (-b[0], b[2], b[3])):
        if x > 0 and x + w > width:
            x, y, shelf = 0, y + shelf + gap, 0
        new_rows[members] = rows[members] - r0 + y
        new_cols[members] = cols[members] - c0 + x
        x += w + gap
        shelf = max(shelf, h)
    nx, ny = width, y + shelf
    active = (new_rows * nx + new_cols).astype(np.int64)
    lookup = np.full(nx * ny, -1, dtype=np.int64)
    lookup[active] = np.arange(len(active), dtype=np.int64)
    return Grid(0.0, 0.0, grid.cell, nx, ny, active, lookup)


def _cell_communes(
    grid: Grid,
    cells: IntArray,
    events: PlatformEvents,
    projection: Projection,
    centroids: dict[int, tuple[float, float]],
) -> IntArray:
    """Each active cell's commune: the commonest of its events' communes, else
    the nearest centroid (-1 when the province has no centroids)."""
    result = np.full(grid.n_cells, -1, dtype=np.int64)
    known = (cells >= 0) & (events.commune_id >= 0)
    if known.any():
        pairs = Counter(
            zip(cells[known].tolist(), events.commune_id[known].tolist(), strict=True)
        )
        best: dict[int, tuple[int, int]] = {}
        for (cell, commune), n in pairs.items():
            if cell not in best or (n, -commune) > (best[cell][0], -best[cell][1]):
                best[cell] = (n, commune)
        for cell, (_, commune) in best.items():
            result[cell] = commune
    missing = np.flatnonzero(result < 0)
    if len(missing) and centroids:
        ids = np.fromiter(centroids, dtype=np.int64, count=len(centroids))
        where = np.array(list(centroids.values()))
        cx, cy = projection.forward(where[:, 0], where[:, 1])
        gx, gy = grid.centres()
        _distance, nearest = cKDTree(np.column_stack([cx, cy])).query(
            np.column_stack([gx[missing], gy[missing]])
        )
        result[missing] = ids[np.asarray(nearest)]
    return result


def _ehsa(
    events: PlatformEvents,
    cutoff_day: float,
    window_start: float,
    config: HotspotSettings,
    centroids: dict[int, tuple[float, float]],
    projection: Projection,
) -> tuple[list[int], EhsaResult, IntArray, IntArray, IntArray]:
    """Emerging Hot Spot Analysis of the communes with an event in the last two
    years, over the last `steps` steps; neighbours are the 6 nearest centroids."""
    recent = (events.t >= cutoff_day - STUDY_AREA_DAYS) & (events.commune_id >= 0)
    present = set(events.commune_id[recent].tolist())
    locations = sorted(c for c in present if c in centroids)
    without = sorted(c for c in present if c not in centroids)
    locations += without  # no centroid: no neighbours
    if len(locations) < 2:
        raise HotspotError(
            _("The emerging hot-spot analysis needs events in at least two communes.")
        )
    index = {c: i for i, c in enumerate(locations)}
    location_of = np.array(
        [index.get(int(c), -1) for c in events.commune_id], dtype=np.int64
    )
    with_centroid = len(locations) - len(without)
    where = np.array([centroids[c] for c in locations[:with_centroid]])
    lists: list[list[int]] = [[] for _ in locations]
    if with_centroid > 1:
        cx, cy = projection.forward(where[:, 0], where[:, 1])
        k = min(NEIGHBOURS_K + 1, with_centroid)
        _distance, nearest = cKDTree(np.column_stack([cx, cy])).query(
            np.column_stack([cx, cy]), k=k
        )
        for i, row in enumerate(np.atleast_2d(nearest)):
            for j in row:
                j = int(j)
                if j != i:
                    lists[i].append(j)
                    lists[j].append(i)  # symmetrised
    lists = [sorted(set(x)) for x in lists]
    window_end = _window_end(cutoff_day, config)
    inside = (location_of >= 0) & (events.t >= window_start) & (events.t < window_end)
    cube = cube_build(
        location_of[inside],
        events.t[inside],
        neighbours=neighbours_from_lists(lists),
        start=window_start,
        steps=config.steps,
        step=config.step,
    )
    result = ehsa_run(cube)
    totals = np.bincount(location_of[inside], minlength=len(locations))
    centroid = np.bincount(
        location_of[inside & events.at_centroid], minlength=len(locations)
    )
    return locations, result, totals, centroid, location_of


def _refs(
    events: PlatformEvents,
    location_of: IntArray,
    locations: list[int],
    ehsa: EhsaResult,
    window_end: float,
) -> dict[int, dict[str, Any]]:
    """Per commune: the refs of its events in the trailing run of significant
    hot steps (the last step at least), newest first, at most 50."""
    hot = ehsa.significant & (ehsa.gi > 0)
    starts = ehsa.cube.step_starts
    out: dict[int, dict[str, Any]] = {}
    for i, commune in enumerate(locations):
        trailing = int(np.cumprod(hot[i, ::-1]).sum())
        first_step = len(starts) - max(trailing, 1)
        since, until = float(starts[first_step]), window_end
        chosen = np.flatnonzero(
            (location_of == i) & (events.t >= since) & (events.t < until)
        )
        chosen = chosen[np.argsort(-events.t[chosen], kind="stable")]
        out[commune] = {
            "refs": [events.refs[j] for j in chosen[:REFS_MAX]],
            "refs_total": len(chosen),
            "refs_since": str(_date(since)),
        }
    return out


def _store(run: Run, result: _Result) -> None:
    config_top = hotspot_settings().top_share
    n_top = top_count(result.grid.n_cells, config_top)
    order = np.lexsort((np.arange(result.grid.n_cells), -result.risk))[:n_top]
    cx, cy = result.grid.centres()
    lat, lon = result.projection.inverse(cx[order], cy[order])
    communes = set(
        Place.objects.filter(
            pk__in=set(result.cell_commune[order].tolist())
        ).values_list("pk", flat=True)
    )
    RiskCell.objects.bulk_create(
        [
            RiskCell(
                run=run,
                cell=int(result.grid.active[c]),
                rank=rank,
                risk=float(result.risk[c]),
                share=float(result.share[c]),
                latitude=round(float(lat[i]), 6),
                longitude=round(float(lon[i]), 6),
                commune_id=(
                    int(result.cell_commune[c])
                    if int(result.cell_commune[c]) in communes
                    else None
                ),
                recent_events=int(result.cell_recent[c]),
            )
            for i, (rank, c) in enumerate(zip(range(1, n_top + 1), order, strict=True))
        ]
    )
    ehsa = result.ehsa
    last_gi = ehsa.gi[:, -1]
    warning = np.isin(ehsa.category, [str(p) for p in WARNING_PATTERNS])
    forming = np.array(
        [
            is_forming(
                str(ehsa.category[i]), ehsa.cube.counts[i], ehsa.gi[i], ehsa.q[i]
            )
            for i in range(len(result.locations))
        ],
        dtype=np.bool_,
    )
    # Forming hot spots that raise an alert first, then the other warning
    # patterns, then the rest; within each group the communes with events of
    # their own in the last step before those hot only through their neighbours
    # (Gi* counts the neighbourhood), then by the last step's Gi*.
    own_recent = ehsa.cube.counts[:, -1] > 0
    ranking = np.lexsort(
        (np.array(result.locations), -last_gi, ~own_recent, ~warning, ~forming)
    )
    rank_of = np.empty(len(ranking), dtype=np.int64)
    rank_of[ranking] = np.arange(1, len(ranking) + 1)
    PlaceTrend.objects.bulk_create(
        [
            PlaceTrend(
                run=run,
                place_id=commune,
                pattern=str(ehsa.category[i]),
                counts=[int(v) for v in ehsa.cube.counts[i]],
                gi=[_round(v) for v in ehsa.gi[i]],
                p=[_round(v, 6) for v in ehsa.q[i]],
                tau=_round(ehsa.trend.tau[i]),
                trend_p=_round(ehsa.trend.p[i], 6),
                total=int(result.totals[i]),
                at_centroid=int(result.at_centroid[i]),
                rank=int(rank_of[i]),
            )
            for i, commune in enumerate(result.locations)
        ]
    )
    run.parameters["top_cells"] = n_top
    run.parameters["alert_top_ranks"] = alert_top_count(result.grid.n_cells)
    run.parameters["step_starts"] = [str(_date(s)) for s in ehsa.cube.step_starts]


def _round(value: Any, digits: int = 4) -> float:
    number = float(value)
    if not math.isfinite(number):
        return 0.0
    return round(number, digits)
