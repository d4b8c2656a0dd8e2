"""What the map, the side list and the GeoJSON download show of a stored run.

Pure reads of the run's rows: commune centroids with their Emerging Hot Spot
statistics, and the top forecast cells drawn as squares from the run's grid
geometry (UTM zone, origin, cell size) with the engine's inverse projection.
A scope (`access.commune_scope`) limits both to the communes a user may see;
`None` is the whole province. Nothing here names a person: counts, places and
the patterns' codes only. Coordinates are longitude/latitude (RFC 7946).
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from bcd138.hotspots.engine.projection import Projection
from bcd138.hotspots.models import (
    WARNING_PATTERNS,
    Pattern,
    PlaceTrend,
    RiskCell,
    Run,
    Step,
)
from bcd138.places.models import Place

Scope = set[int] | None

# Hot patterns in reds and oranges (the forming ones, which raise alerts, the
# strongest), cold ones in blues, no pattern in grey. Chosen to be told apart
# by people with the common colour-vision deficiencies (the legend also names
# each one, and forming hot spots get a thick outline).
PATTERN_COLOURS: dict[str, str] = {
    Pattern.NEW_HOT: "#d7191c",
    Pattern.CONSECUTIVE_HOT: "#b2182b",
    Pattern.INTENSIFYING_HOT: "#67001f",
    Pattern.PERSISTENT_HOT: "#ef6548",
    Pattern.DIMINISHING_HOT: "#fc8d59",
    Pattern.SPORADIC_HOT: "#fdae61",
    Pattern.OSCILLATING_HOT: "#f4a582",
    Pattern.HISTORICAL_HOT: "#e7c9a0",
    Pattern.NEW_COLD: "#2c7bb6",
    Pattern.CONSECUTIVE_COLD: "#2166ac",
    Pattern.INTENSIFYING_COLD: "#053061",
    Pattern.PERSISTENT_COLD: "#4393c3",
    Pattern.DIMINISHING_COLD: "#92c5de",
    Pattern.SPORADIC_COLD: "#abd9e9",
    Pattern.OSCILLATING_COLD: "#74add1",
    Pattern.HISTORICAL_COLD: "#c6dbef",
    Pattern.NO_PATTERN: "#9aa3ad",
}
QUIET_COLOUR = "#ffffff"  # a commune without events in the period
DIGITS = 6  # about 0.1 m: more would only add bytes


def pattern_colour(pattern: str) -> str:
    return PATTERN_COLOURS.get(pattern, PATTERN_COLOURS[Pattern.NO_PATTERN])


def is_warning(pattern: str) -> bool:
    return pattern in WARNING_PATTERNS


def is_forming(trend: PlaceTrend) -> bool:
    """A warning pattern backed by the commune's own events (the rule that
    raises an alert); a warning pattern without is hot through its neighbours."""
    from bcd138.hotspots.services.alerts import is_forming as forming

    counts = [float(c or 0) for c in trend.counts or []]
    gi = [g if g is not None else 0.0 for g in finite_list(trend.gi or [])]
    p = [v if v is not None else 1.0 for v in finite_list(trend.p or [])]
    return forming(trend.pattern, counts, gi, p)


# ---- scope -----------------------------------------------------------------------


def trends_in_scope(run: Run, scope: Scope) -> QuerySet[PlaceTrend]:
    qs = PlaceTrend.objects.filter(run=run).select_related("place")
    return qs if scope is None else qs.filter(place_id__in=scope)


def cells_in_scope(run: Run, scope: Scope) -> QuerySet[RiskCell]:
    qs = RiskCell.objects.filter(run=run).select_related("commune")
    return qs if scope is None else qs.filter(commune_id__in=scope)


def communes_in_scope(province: Place, scope: Scope) -> QuerySet[Place]:
    qs = Place.objects.current().communes().filter(parent=province)
    return qs if scope is None else qs.filter(pk__in=scope)


# ---- geometry --------------------------------------------------------------------


def run_projection(run: Run) -> Projection | None:
    """The UTM zone of the run's grid (EPSG 326zz north, 327zz south)."""
    epsg = run.epsg or 0
    if 32601 <= epsg <= 32660:
        return Projection(zone=epsg - 32600)
    if 32701 <= epsg <= 32760:
        return Projection(zone=epsg - 32700, south=True)
    return None


def cell_rings(run: Run, cells: Sequence[int]) -> dict[int, list[list[float]]]:
    """Each raster cell's square as a closed lon/lat ring, counter-clockwise
    (south-west, south-east, north-east, north-west, south-west)."""
    projection = run_projection(run)
    nx = run.grid_nx or 0
    if projection is None or not nx or run.grid_x0 is None or run.grid_y0 is None:
        return {}
    index = np.asarray(cells, dtype=np.int64)
    x = run.grid_x0 + (index % nx).astype(np.float64) * run.cell_metres
    y = run.grid_y0 + (index // nx).astype(np.float64) * run.cell_metres
    size = float(run.cell_metres)
    corners = [(0.0, 0.0), (size, 0.0), (size, size), (0.0, size), (0.0, 0.0)]
    xs = np.concatenate([x + dx for dx, _dy in corners])
    ys = np.concatenate([y + dy for _dx, dy in corners])
    lat, lon = projection.inverse(xs, ys)
    lat = lat.reshape(len(corners), -1)
    lon = lon.reshape(len(corners), -1)
    return {
        int(cell): [
            [round(float(lon[k, i]), DIGITS), round(float(lat[k, i]), DIGITS)]
            for k in range(len(corners))
        ]
        for i, cell in enumerate(index)
    }


# ---- statistics ------------------------------------------------------------------


def finite(value: Any) -> float | None:
    """A float for JSON: NaN and infinities (a constant series) become null."""
    if value is None:
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def finite_list(values: Iterable[Any]) -> list[float | None]:
    return [finite(v) for v in values]


def step_starts(run: Run) -> list[datetime.date]:
    """The first day of each of the run's time steps, oldest first.

    Taken from the run's parameters when it recorded them (`step_starts`, ISO
    dates); otherwise the steps end where the data ends: the last week is the
    seven days before the cut-off day, the last month the cut-off's month.
    """
    recorded = (run.parameters or {}).get("step_starts")
    if isinstance(recorded, list) and len(recorded) == run.steps:
        try:
            return [datetime.date.fromisoformat(str(d)[:10]) for d in recorded]
        except ValueError:
            pass
    end = timezone.localtime(run.data_cutoff).date()
    if run.step == Step.MONTH:
        first = end.year * 12 + end.month - 1 - (run.steps - 1)
        return [
            datetime.date((first + i) // 12, (first + i) % 12 + 1, 1)
            for i in range(run.steps)
        ]
    return [
        end - datetime.timedelta(days=7 * (run.steps - i)) for i in range(run.steps)
    ]


def _aligned(days: list[datetime.date], n: int) -> list[datetime.date | None]:
    """`n` step starts aligned on the last step (the series ends where the data
    ends); missing ones are None."""
    known: list[datetime.date | None] = list(days[-n:]) if n else []
    missing: list[datetime.date | None] = [None] * (n - len(known))
    return missing + known


@dataclass(frozen=True)
class StepStat:
    start: datetime.date | None
    count: int
    gi: float | None
    p: float | None

    @property
    def significant_hot(self) -> bool:
        return (
            self.gi is not None and self.gi > 0 and self.p is not None and self.p < 0.05
        )

    @property
    def significant_cold(self) -> bool:
        return (
            self.gi is not None and self.gi < 0 and self.p is not None and self.p < 0.05
        )


def trend_steps(run: Run, trend: PlaceTrend) -> list[StepStat]:
    counts = list(trend.counts or [])
    gi = finite_list(trend.gi or [])
    p = finite_list(trend.p or [])
    n = len(counts)
    # Aligned on the last step: the series ends where the data ends.
    starts = _aligned(step_starts(run), n)
    return [
        StepStat(
            start=starts[i],
            count=int(counts[i] or 0),
            gi=gi[i] if i < len(gi) else None,
            p=p[i] if i < len(p) else None,
        )
        for i in range(n)
    ]


def last_of(values: Sequence[Any]) -> Any:
    return values[-1] if values else None


def trend_properties(trend: PlaceTrend) -> dict[str, Any]:
    """A commune's statistics in a run, for JSON (GeoJSON and the API)."""
    place = trend.place
    counts = [int(c or 0) for c in trend.counts or []]
    gi = finite_list(trend.gi or [])
    return {
        "kind": "commune",
        "place_id": place.pk,
        "code": place.code,
        "name": place.name,
        "rank": trend.rank,
        "pattern": trend.pattern,
        "pattern_label": str(Pattern(trend.pattern).label)
        if trend.pattern in Pattern.values
        else trend.pattern,
        "warning": is_warning(trend.pattern),
        "forming": is_forming(trend),
        "counts": counts,
        "gi": gi,
        "p": finite_list(trend.p or []),
        "tau": finite(trend.tau),
        "trend_p": finite(trend.trend_p),
        "total": trend.total,
        "at_centroid": trend.at_centroid,
        "last_count": last_of(counts),
        "last_gi": last_of(gi),
    }


def cell_properties(cell: RiskCell) -> dict[str, Any]:
    commune = cell.commune
    return {
        "kind": "cell",
        "cell": cell.cell,
        "rank": cell.rank,
        "risk": finite(cell.risk),
        "share": finite(cell.share),
        "commune_id": commune.pk if commune else None,
        "commune_code": commune.code if commune else None,
        "commune": commune.name if commune else None,
        "recent_events": cell.recent_events,
        "centre": [round(cell.longitude, DIGITS), round(cell.latitude, DIGITS)],
    }


# ---- GeoJSON ---------------------------------------------------------------------


def run_metadata(run: Run) -> dict[str, Any]:
    return {
        "run": run.pk,
        "province_code": run.province.code,
        "province": run.province.name,
        "crime_type": run.crime_type,
        "data_cutoff": run.data_cutoff.isoformat(),
        "method": run.method,
        "horizon_days": run.horizon_days,
        "cell_metres": run.cell_metres,
        "step": run.step,
        "steps": run.steps,
        "step_starts": [d.isoformat() for d in step_starts(run)],
        "events_used": run.events_used,
        "events_at_centroid": run.events_at_centroid,
    }


def _point(lon: float, lat: float) -> dict[str, Any]:
    return {"type": "Point", "coordinates": [round(lon, DIGITS), round(lat, DIGITS)]}


def trend_features(trends: Iterable[PlaceTrend]) -> list[dict[str, Any]]:
    features = []
    for trend in trends:
        place = trend.place
        if place.latitude is None or place.longitude is None:
            continue  # a unit without a centroid cannot be drawn
        features.append(
            {
                "type": "Feature",
                "id": f"commune-{place.code}",
                "geometry": _point(place.longitude, place.latitude),
                "properties": trend_properties(trend),
            }
        )
    return features


def cell_features(run: Run, cells: Sequence[RiskCell]) -> list[dict[str, Any]]:
    rings = cell_rings(run, [c.cell for c in cells])
    return [
        {
            "type": "Feature",
            "id": f"cell-{c.cell}",
            "geometry": {"type": "Polygon", "coordinates": [rings[c.cell]]},
            "properties": cell_properties(c),
        }
        for c in cells
        if c.cell in rings
    ]


def run_geojson(*, run: Run, scope: Scope) -> dict[str, Any]:
    """A FeatureCollection of the run: commune points (pattern and statistics)
    and the top forecast cells (rank, risk, share), within the scope."""
    trends = list(trends_in_scope(run, scope))
    cells = list(cells_in_scope(run, scope))
    return {
        "type": "FeatureCollection",
        "metadata": run_metadata(run),
        "features": [*trend_features(trends), *cell_features(run, cells)],
    }


# ---- the map page ----------------------------------------------------------------


def quiet_communes(
    province: Place, scope: Scope, busy: set[int]
) -> list[dict[str, Any]]:
    """Communes of the scope without events in the run: drawn small, so that
    the province's shape shows without any outline."""
    rows = communes_in_scope(province, scope).exclude(pk__in=busy)
    return [
        {
            "place_id": p.pk,
            "code": p.code,
            "name": p.name,
            "lon": round(p.longitude or 0.0, DIGITS),
            "lat": round(p.latitude or 0.0, DIGITS),
        }
        for p in rows.filter(latitude__isnull=False, longitude__isnull=False)
    ]


def map_payload(
    *, run: Run, scope: Scope, alerts: dict[int, int] | None = None
) -> dict[str, Any]:
    """Everything the map script draws: the run's GeoJSON, the quiet communes,
    the colours, the highest risk of the whole run (to shade cells the same for
    every viewer) and, per commune id, its open alert's id."""
    geojson = run_geojson(run=run, scope=scope)
    busy = {
        f["properties"]["place_id"]
        for f in geojson["features"]
        if f["properties"]["kind"] == "commune"
    }
    top = RiskCell.objects.filter(run=run).order_by("rank").first()
    return {
        "geojson": geojson,
        "quiet": quiet_communes(run.province, scope, busy),
        "colours": PATTERN_COLOURS,
        "quiet_colour": QUIET_COLOUR,
        "risk_max": finite(top.risk) if top else None,
        "alerts": {str(k): v for k, v in (alerts or {}).items()},
    }


def empty_payload(*, province: Place, scope: Scope) -> dict[str, Any]:
    """The map without a run: the communes' centroids only."""
    return {
        "geojson": {"type": "FeatureCollection", "features": []},
        "quiet": quiet_communes(province, scope, set()),
        "colours": PATTERN_COLOURS,
        "quiet_colour": QUIET_COLOUR,
        "risk_max": None,
        "alerts": {},
    }


def legend(patterns: Iterable[str]) -> list[tuple[str, str, str]]:
    """(code, label, colour) of the patterns present, in the classification's
    order; the forming hot-spot patterns are always listed."""
    present = set(patterns) | {str(p) for p in WARNING_PATTERNS}
    return [
        (p.value, str(p.label), pattern_colour(p.value))
        for p in Pattern
        if p.value in present
    ]


def quiet_label() -> str:
    return _("No events in the period")


# ---- an alert's evidence ---------------------------------------------------------


def evidence_steps(run: Run, evidence: dict[str, Any]) -> list[StepStat]:
    """The per-step series stored in an alert's evidence, dated like the run's."""
    counts = [int(c or 0) for c in evidence.get("counts") or []]
    gi = finite_list(evidence.get("gi") or [])
    p = finite_list(evidence.get("p") or [])
    n = len(counts)
    recorded = evidence.get("step_starts")
    if isinstance(recorded, list) and len(recorded) == n:
        starts: list[datetime.date | None] = [day_of(d) for d in recorded]
    else:
        starts = _aligned(step_starts(run), n)
    return [
        StepStat(
            start=starts[i],
            count=counts[i],
            gi=gi[i] if i < len(gi) else None,
            p=p[i] if i < len(p) else None,
        )
        for i in range(n)
    ]


def day_of(value: Any) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def evidence_cells(evidence: dict[str, Any]) -> list[dict[str, Any]]:
    """The commune's top forecast cells named in the evidence (rank order)."""
    cells = evidence.get("cells") or evidence.get("top_cells") or []
    rows = [c for c in cells if isinstance(c, dict)]
    return sorted(rows, key=lambda c: c.get("rank") or 0)


def evidence_refs(evidence: dict[str, Any]) -> list[str]:
    """The codes of the events behind the alert (report tracking codes and case
    numbers; never anything else)."""
    refs = evidence.get("refs") or evidence.get("events") or []
    result = []
    for ref in refs:
        code = ref.get("ref") if isinstance(ref, dict) else ref
        if isinstance(code, str) and code:
            result.append(code)
    return result
