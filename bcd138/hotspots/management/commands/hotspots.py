import json
from argparse import ArgumentParser
from datetime import datetime
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from bcd138.hotspots.engine.errors import HotspotError
from bcd138.hotspots.engine.io import (
    Columns,
    ReadOptions,
    coverages_parse,
    day_parse,
    horizon_parse,
    period_parse,
    write_events,
)
from bcd138.hotspots.engine.methods import METHODS
from bcd138.hotspots.engine.pipeline import EvaluateOptions, pipeline_evaluate
from bcd138.hotspots.engine.projection import projection_parse
from bcd138.hotspots.engine.report import method_summary, result_json, result_table
from bcd138.hotspots.engine.simulate import ModelChoice, model_create, simulate


def _list(text: str | None) -> tuple[str, ...] | None:
    if text is None:
        return None
    return tuple(v.strip() for v in text.split(",") if v.strip())


def _utc_offset(text: str) -> Any:
    try:
        return datetime.fromisoformat(f"2000-01-01T00:00{text}").tzinfo
    except ValueError:
        raise HotspotError(
            f"--utc-offset: {text!r} is not an offset like +07:00"
        ) from None


class Command(BaseCommand):
    help = (
        "Hot-spot forecasting on any CSV of events. `evaluate` scores every method "
        "by rolling origin (hit rate, PAI, PEI); `simulate` writes a synthetic "
        "self-exciting process and its true intensity; `run` analyses the "
        "platform's own events per province (the scheduled run). See "
        "docs/hotspots.md."
    )
    # evaluate and simulate read and write files only: neither the database nor
    # the other apps are involved, so the system checks (seconds of imports) are
    # skipped; `run` performs them itself.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        self._evaluate_arguments(
            sub.add_parser(
                "evaluate",
                help="Score the forecasting methods on a CSV of events.",
                description="Fit each method on the training period, forecast each "
                "period of the test window from the events before it, and print the "
                "hit rate and PAI per method and coverage, the PEI, and the paired "
                "comparison of auto with the best baseline.",
            )
        )
        self._simulate_arguments(
            sub.add_parser(
                "simulate",
                help="Write a synthetic CSV from a self-exciting process.",
                description="Background hot spots plus near-repeat triggering, "
                "seeded. Writes OUT.csv and OUT.truth.json (the model, so that "
                "`evaluate --truth` knows the oracle).",
            )
        )
        self._add_run(sub)

    def _run_arguments(self, p: ArgumentParser) -> None:
        p.add_argument(
            "--province",
            metavar="CODE",
            help="A current province's code (e.g. 48); default: every province "
            "with events.",
        )
        p.add_argument(
            "--crime-type",
            default=None,
            metavar="KIND",
            help="One kind of crime (an intake kind); default: all kinds together "
            "and each kind of BCD138_HOTSPOT_CRIME_TYPES.",
        )
        p.add_argument(
            "--due",
            action="store_true",
            help="Only provinces whose last run is BCD138_HOTSPOT_EVERY_DAYS old "
            "(for a daily cron).",
        )
        p.add_argument(
            "--enqueue", action="store_true", help="Queue the runs for the worker."
        )

    def _evaluate_arguments(self, p: ArgumentParser) -> None:
        p.add_argument("events", type=Path, help="CSV file, UTF-8, with a header row.")
        p.add_argument("--lat-column", default="lat", help="Default: %(default)s.")
        p.add_argument("--lon-column", default="lon", help="Default: %(default)s.")
        p.add_argument(
            "--time-column", default="occurred_at", help="Default: %(default)s."
        )
        p.add_argument(
            "--type-column", default="category", help="Default: %(default)s."
        )
        p.add_argument("--types", help="Keep only these crime types (comma-separated).")
        p.add_argument("--date-format", help="strptime format; default ISO 8601.")
        p.add_argument(
            "--utc-offset", default="+07:00", help="For times that carry an offset."
        )
        p.add_argument(
            "--skip-missing",
            action="store_true",
            help="Skip rows with an empty coordinate or time (else an error).",
        )
        p.add_argument(
            "--projection",
            default="auto",
            help="auto (the events' UTM zone), utm48n, or EPSG:32648.",
        )
        p.add_argument(
            "--cell",
            type=float,
            default=150.0,
            help="Cell size in metres (default %(default)s).",
        )
        p.add_argument(
            "--study-area-from",
            metavar="START:END",
            help="Cells with at least one event in this window "
            "(default: the training period).",
        )
        p.add_argument(
            "--study-area",
            type=Path,
            metavar="FILE.geojson",
            help="Or a polygon (longitude/latitude GeoJSON).",
        )
        p.add_argument(
            "--train-from",
            metavar="DATE",
            help="Ignore events before this date (default: the first).",
        )
        p.add_argument(
            "--test",
            metavar="FROM:TO",
            help="Test window, both dates included (default: the last 90 days).",
        )
        p.add_argument(
            "--horizon",
            default="1d",
            help="Forecast period: 1d, 7d, 30d... (default %(default)s).",
        )
        p.add_argument(
            "--coverages",
            default="1,2,5,10,20",
            help="Percent of cells flagged (default %(default)s).",
        )
        p.add_argument(
            "--methods", default=",".join(METHODS), help="Default: %(default)s."
        )
        p.add_argument(
            "--dedup-minutes",
            type=float,
            default=1.0,
            help="Same type within this time... (default %(default)s)",
        )
        p.add_argument(
            "--dedup-metres",
            type=float,
            default=10.0,
            help="...and this distance is one event (default %(default)s).",
        )
        p.add_argument(
            "--truth",
            type=Path,
            help="OUT.truth.json from simulate: add the fraction of the true oracle.",
        )
        p.add_argument(
            "--json", type=Path, metavar="OUT", help="Write every figure as JSON."
        )
        p.add_argument(
            "--plot",
            type=Path,
            metavar="OUT.png",
            help="Draw hit rate against coverage.",
        )

    def _simulate_arguments(self, p: ArgumentParser) -> None:
        d = ModelChoice()
        p.add_argument("out", type=Path, help="CSV file to write.")
        p.add_argument("--seed", type=int, default=1, help="Default: %(default)s.")
        p.add_argument("--days", type=int, default=d.days, help="Default: %(default)s.")
        p.add_argument("--start", default="2024-01-01", help="Default: %(default)s.")
        p.add_argument(
            "--rate",
            type=float,
            default=d.rate,
            help="Background events per day (default %(default)s).",
        )
        p.add_argument(
            "--hotspots", type=int, default=d.hotspots, help="Default: %(default)s."
        )
        p.add_argument(
            "--theta",
            type=float,
            default=d.theta,
            help="Near repeats per event (default %(default)s).",
        )
        p.add_argument(
            "--mean-delay",
            type=float,
            default=d.mean_delay_days,
            help="Days (default %(default)s).",
        )
        p.add_argument(
            "--sigma",
            type=float,
            default=d.sigma_m,
            help="Near-repeat distance, metres (default %(default)s).",
        )
        p.add_argument(
            "--size-km",
            type=float,
            default=d.size_km,
            help="Side of the square (default %(default)s).",
        )
        p.add_argument(
            "--centre",
            default=f"{d.lat},{d.lon}",
            help="LAT,LON (default %(default)s).",
        )

    def _add_run(self, sub: Any) -> None:
        self._run_arguments(
            sub.add_parser(
                "run",
                help="Analyse the platform's events (forecast, trends, alerts).",
                description="Run the hot-spot analysis of the platform's crime "
                "reports and cases per province, store the results and raise the "
                "alerts. Prints one line per run; exits non-zero if a run failed.",
            )
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"_{options['action']}")(**options)
        except HotspotError as exc:
            raise CommandError(str(exc)) from exc

    def _evaluate(self, **o: Any) -> None:
        result = pipeline_evaluate(o["events"], _evaluate_options(o))
        self.stdout.write(result_table(result))
        if o["json"] is not None:
            _write(o["json"], json.dumps(result_json(result), indent=1) + "\n")
            self.stdout.write(f"wrote {o['json']}")
        if o["plot"] is not None:
            from bcd138.hotspots.plot import plot_hit_rates

            ev = result.evaluation
            series = {
                name: [r["hit_rate"] or 0.0 for r in method_summary(ev, name)]
                for name in ev.hits
            }
            plot_hit_rates(o["plot"], ev.plan.coverages, series)
            self.stdout.write(f"wrote {o['plot']}")

    def _run(self, **o: Any) -> None:
        # The platform part: imported here so that evaluate and simulate stay
        # free of the ORM and the other apps.
        from django.utils import timezone

        from bcd138.hotspots.models import RunStatus, RunTrigger
        from bcd138.hotspots.services.runs import (
            hotspot_settings,
            provinces_with_events,
            run_province,
            runs_due,
        )
        from bcd138.hotspots.tasks import run_due, run_one
        from bcd138.intake.models import CrimeType
        from bcd138.places.models import Place

        self.check()
        now = timezone.now()
        kind = o["crime_type"]
        if kind is not None and kind not in CrimeType.values:
            raise CommandError(
                f"--crime-type {kind!r}: use one of {', '.join(CrimeType.values)}"
            )
        kinds = ("", *hotspot_settings().crime_types) if kind is None else (kind,)
        if o["province"]:
            province = (
                Place.objects.current().provinces().filter(code=o["province"]).first()
            )
            if province is None:
                raise CommandError(
                    f"--province {o['province']!r}: no current province has that code"
                )
            provinces = [province]
            if o["due"]:
                provinces = [p for p in runs_due(now) if p.pk == province.pk]
        elif o["due"]:
            if o["enqueue"] and kind is None:
                result = run_due.enqueue()
                self.stdout.write(f"queued {result.id}")
                return
            provinces = runs_due(now)
        else:
            provinces = provinces_with_events()
        if not provinces:
            self.stdout.write("nothing to run")
            return
        if o["enqueue"]:
            for province in provinces:
                for k in kinds:
                    result = run_one.enqueue(province.pk, k, RunTrigger.SCHEDULE)
                    self.stdout.write(
                        f"queued {result.id}: {province.code} {k or 'all'}"
                    )
            return
        failed = []
        for province in provinces:
            for k in kinds:
                run = run_province(
                    province=province,
                    crime_type=k,
                    trigger=RunTrigger.SCHEDULE,
                    cutoff=now,
                )
                self.stdout.write(_run_line(run))
                if run.status != RunStatus.SUCCEEDED:
                    failed.append(run)
        if failed:
            raise CommandError(
                "; ".join(
                    f"{r.province.code} {r.crime_type or 'all'}: {r.error}"
                    for r in failed
                )
            )

    def _simulate(self, **o: Any) -> None:
        model = model_create(_model_choice(o), seed=o["seed"])
        sim = simulate(model, seed=o["seed"] + 1)
        lat, lon = model.projection.inverse(sim.x, sim.y)
        write_events(o["out"], lat, lon, sim.t, "simulated")
        truth = o["out"].with_suffix(".truth.json")
        _write(truth, model.to_json() + "\n")
        background = int((sim.generation == 0).sum())
        self.stdout.write(
            f"wrote {o['out']}: {len(sim.t):,} events ({background:,} background, "
            f"{len(sim.t) - background:,} near repeats) over {model.days} days in "
            f"{model.projection.name}; the true intensity is in {truth}"
        )


def _run_line(run: Any) -> str:
    """One line per run: status, cut-off, events, cells, alerts."""
    cutoff = run.data_cutoff.strftime("%Y-%m-%d %H:%M")
    head = f"run {run.pk} {run.province.code} {run.crime_type or 'all'}: {run.status}"
    if run.error:
        return f"{head}, cut-off {cutoff}: {run.error}"
    alerts = int((run.parameters or {}).get("alerts", 0))
    return (
        f"{head}, cut-off {cutoff}, {run.events_used} events "
        f"({run.events_at_centroid} at a commune centroid), "
        f"{run.active_cells} cells ({run.cells.count()} top), "
        f"{run.trends.count()} communes, {alerts} alerts"
    )


def _model_choice(o: dict[str, Any]) -> ModelChoice:
    try:
        lat, lon = (float(v) for v in o["centre"].split(","))
    except ValueError:
        raise HotspotError(f"--centre: {o['centre']!r} is not LAT,LON") from None
    if not (-80 <= lat <= 84 and -180 <= lon <= 180):
        raise HotspotError(f"--centre: {o['centre']!r} is outside the UTM latitudes")
    if o["days"] < 1 or o["rate"] <= 0 or o["size_km"] <= 0 or o["sigma"] <= 0:
        raise HotspotError("--days, --rate, --size-km and --sigma must be positive")
    if o["mean_delay"] <= 0 or o["hotspots"] < 0:
        raise HotspotError("--mean-delay must be positive and --hotspots at least 0")
    return ModelChoice(
        lat=lat,
        lon=lon,
        size_km=o["size_km"],
        start=day_parse(o["start"], "--start"),
        days=o["days"],
        rate=o["rate"],
        hotspots=o["hotspots"],
        theta=o["theta"],
        mean_delay_days=o["mean_delay"],
        sigma_m=o["sigma"],
    )


def _evaluate_options(o: dict[str, Any]) -> EvaluateOptions:
    kinds = _list(o["types"])
    read = ReadOptions(
        columns=Columns(
            lat=o["lat_column"],
            lon=o["lon_column"],
            time=o["time_column"],
            kind=o["type_column"],
        ),
        kinds=None if kinds is None else frozenset(kinds),
        date_format=o["date_format"],
        utc_offset=_utc_offset(o["utc_offset"]),
        skip_missing=o["skip_missing"],
    )
    if o["dedup_minutes"] < 0 or o["dedup_metres"] < 0:
        raise HotspotError("--dedup-minutes and --dedup-metres cannot be negative")
    return EvaluateOptions(
        read=read,
        cell=o["cell"],
        projection=projection_parse(o["projection"]),
        study_area_window=_maybe_period(o["study_area_from"], "--study-area-from"),
        study_area_polygon=o["study_area"],
        train_from=None
        if o["train_from"] is None
        else day_parse(o["train_from"], "--train-from"),
        test=_maybe_period(o["test"], "--test"),
        horizon=horizon_parse(o["horizon"]),
        coverages=coverages_parse(o["coverages"]),
        methods=_list(o["methods"]) or METHODS,
        dedup_minutes=o["dedup_minutes"],
        dedup_metres=o["dedup_metres"],
        truth=o["truth"],
    )


def _maybe_period(text: str | None, option: str) -> tuple[float, float] | None:
    return None if text is None else period_parse(text, option)


def _write(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise HotspotError(f"cannot write {path}: {exc.strerror or exc}") from exc
