"""An evaluation's figures: the summary (hit rate, PAI, PEI and the oracle
fraction, pooled and per period), the paired comparison of `auto` with the best
baseline, the printed table and the JSON document."""

from __future__ import annotations

from dataclasses import asdict
from datetime import timedelta
from typing import Any

import numpy as np

from bcd138.hotspots.engine.evaluate import Evaluation
from bcd138.hotspots.engine.io import EPOCH
from bcd138.hotspots.engine.pipeline import EvaluateResult
from bcd138.hotspots.engine.scoring import Paired, paired_compare


def date_of(day: float) -> str:
    return (EPOCH + timedelta(days=day)).date().isoformat()


def _ratio(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator > 0 else None


def method_summary(ev: Evaluation, name: str) -> list[dict[str, Any]]:
    """One entry per coverage, pooled over the periods and per period."""
    hits, events = ev.hits[name], ev.events
    rows = []
    for j, coverage in enumerate(ev.plan.coverages):
        area = ev.ks[j] / ev.n_cells
        hit_rate = _ratio(float(hits[:, j].sum()), float(events.sum()))
        with np.errstate(divide="ignore", invalid="ignore"):
            per_period = np.where(events > 0, hits[:, j] / events, np.nan)
        row: dict[str, Any] = {
            "coverage": coverage,
            "cells": int(ev.ks[j]),
            "area_share": area,
            "hit_rate": hit_rate,
            "pai": None if hit_rate is None else hit_rate / area,
            "pei": _ratio(float(hits[:, j].sum()), float(ev.oracle[:, j].sum())),
            "per_period_hits": hits[:, j].round(4).tolist(),
            "per_period_hit_rate": [None if np.isnan(v) else v for v in per_period],
        }
        if ev.truth_oracle is not None:
            truth = ev.truth_hits[name][:, j]
            row["truth_fraction"] = _ratio(
                float(truth.sum()), float(ev.truth_oracle[:, j].sum())
            )
        rows.append(row)
    return rows


def best_baseline(ev: Evaluation) -> str | None:
    """The baseline with the highest pooled hit rate averaged over coverages."""
    baselines = [name for name in ev.hits if name != "auto"]
    if not baselines:
        return None
    return max(baselines, key=lambda name: float(ev.hits[name].sum(axis=0).mean()))


def comparison(ev: Evaluation, a: str, b: str) -> list[Paired]:
    return [
        paired_compare(ev.hits[a][:, j], ev.hits[b][:, j], ev.events, seed=j)
        for j in range(len(ev.plan.coverages))
    ]


def result_json(result: EvaluateResult) -> dict[str, Any]:
    ev = result.evaluation
    baseline = best_baseline(ev)
    paired = None
    if "auto" in ev.hits and baseline is not None:
        paired = {
            "a": "auto",
            "b": baseline,
            "by_coverage": [asdict(p) for p in comparison(ev, "auto", baseline)],
        }
    return {
        "data": _data_json(result),
        "periods": {
            "origins": [date_of(o) for o in ev.origins],
            "events": ev.events.tolist(),
            "oracle": ev.oracle.tolist(),
            "truth_oracle": None
            if ev.truth_oracle is None
            else ev.truth_oracle.tolist(),
        },
        "methods": {
            name: {
                "parameters": result.parameters.get(name, {}),
                "coverages": method_summary(ev, name),
            }
            for name in ev.hits
        },
        "best_baseline": baseline,
        "paired": paired,
    }


def _data_json(result: EvaluateResult) -> dict[str, Any]:
    ev, plan = result.evaluation, result.evaluation.plan
    return {
        "rows": result.rows,
        "skipped_rows": result.skipped,
        "duplicates_dropped": result.duplicates,
        "projection": result.projection.name,
        "epsg": result.projection.epsg,
        "cell_m": result.grid.cell,
        "cells": ev.n_cells,
        "train": [date_of(plan.train_from), date_of(plan.test_from - 1)],
        "test": [date_of(plan.test_from), date_of(plan.test_to - 1)],
        "horizon_days": plan.horizon,
        "periods": len(ev.origins),
        "training_events": result.training_events,
        "test_events": float(ev.events.sum()),
        "test_events_outside_study_area": result.test_outside,
    }


def _days(days: float) -> str:
    return f"{days:g} day" if days == 1 else f"{days:g} days"


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f}%"


def result_table(result: EvaluateResult) -> str:
    ev = result.evaluation
    d = _data_json(result)
    lines = [
        f"{d['rows']:,} rows ({d['skipped_rows']} skipped, {d['duplicates_dropped']} "
        f"duplicates dropped); {d['projection']}; {d['cell_m']:g} m cells, "
        f"{d['cells']:,} in the study area",
        f"training {d['train'][0]} to {d['train'][1]}: {d['training_events']:,} events;"
        f" test {d['test'][0]} to {d['test'][1]}: {len(ev.origins)} periods of "
        f"{_days(ev.plan.horizon)}, {d['test_events']:,.0f} events "
        f"({d['test_events_outside_study_area']} outside the study area)",
        "",
    ]
    lines += _metric_block(ev, "hit rate (PAI)", _hit_and_pai)
    lines += _metric_block(ev, "PEI (captured / most possible)", _pei)
    if ev.truth_oracle is not None:
        lines += _metric_block(ev, "fraction of the true-intensity oracle", _truth)
    lines += _comparison_lines(ev)
    return "\n".join(lines)


def _hit_and_pai(row: dict[str, Any]) -> str:
    pai = "–" if row["pai"] is None else f"{row['pai']:.1f}"
    return f"{_percent(row['hit_rate'])} ({pai})"


def _pei(row: dict[str, Any]) -> str:
    return "–" if row["pei"] is None else f"{row['pei']:.3f}"


def _truth(row: dict[str, Any]) -> str:
    value = row.get("truth_fraction")
    return "–" if value is None else f"{value:.3f}"


def _metric_block(ev: Evaluation, title: str, cell: Any) -> list[str]:
    header = f"{title:<14}" if len(title) < 14 else title
    lines = [header]
    lines.append(
        f"{'method':<12}" + "".join(f"{c * 100:>15g}%" for c in ev.plan.coverages)
    )
    for name in ev.hits:
        rows = method_summary(ev, name)
        lines.append(f"{name:<12}" + "".join(f"{cell(r):>16}" for r in rows))
    return [*lines, ""]


def _comparison_lines(ev: Evaluation) -> list[str]:
    baseline = best_baseline(ev)
    if "auto" not in ev.hits or baseline is None:
        return []
    lines = [
        f"auto vs {baseline} (best baseline): mean per-period hit-rate difference "
        "and extra hits, 95% bootstrap intervals over the periods with events"
    ]
    for coverage, p in zip(
        ev.plan.coverages, comparison(ev, "auto", baseline), strict=True
    ):
        lines.append(
            f"  {coverage * 100:>5g}%: {100 * p.mean_difference:+.2f} points "
            f"[{100 * p.ci_low:+.2f}, {100 * p.ci_high:+.2f}]; hits "
            f"{100 * p.hits_ratio:+.1f}% [{100 * p.ratio_ci_low:+.1f}%, "
            f"{100 * p.ratio_ci_high:+.1f}%]; better in {p.wins}, worse in "
            f"{p.losses} of {p.periods} periods"
        )
    return lines
