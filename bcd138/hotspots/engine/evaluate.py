"""Rolling-origin evaluation: fit each method on the training period, then for
each period of the test window forecast from the events before its start and
count what falls in the flagged cells.

The evaluator hands each method only what it may know: `fit` the events in
[train_from, test_from), `predict` the events in [train_from, origin).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from bcd138.hotspots.engine.errors import HotspotError
from bcd138.hotspots.engine.events import FloatArray, IntArray
from bcd138.hotspots.engine.methods import CellEvents, Forecaster
from bcd138.hotspots.engine.scoring import captured, coverage_cells, oracle

# Expected events per active cell in [origin, origin + horizon), from a model
# whose intensity is known (the simulator's).
Truth = Callable[[float, float], FloatArray]


@dataclass(frozen=True)
class Plan:
    train_from: float  # days since 1970-01-01
    test_from: float
    test_to: float  # exclusive
    horizon: float  # days
    coverages: tuple[float, ...]

    def origins(self) -> FloatArray:
        count = int(np.floor((self.test_to - self.test_from) / self.horizon + 1e-9))
        if count < 1:
            raise HotspotError(
                f"the test period ({self.test_to - self.test_from:g} days) is shorter "
                f"than one --horizon ({self.horizon:g} days)"
            )
        return self.test_from + self.horizon * np.arange(count, dtype=np.float64)


@dataclass
class Evaluation:
    plan: Plan
    n_cells: int
    ks: IntArray
    origins: FloatArray
    events: FloatArray  # per period, inside the study area
    oracle: FloatArray  # (periods, coverages)
    hits: dict[str, FloatArray] = field(default_factory=dict)  # (periods, coverages)
    truth_oracle: FloatArray | None = None
    truth_hits: dict[str, FloatArray] = field(default_factory=dict)


def evaluate(
    events: CellEvents,
    plan: Plan,
    methods: Sequence[Forecaster],
    *,
    truth: Truth | None = None,
) -> Evaluation:
    usable = events.since(plan.train_from)
    training = usable.before(plan.test_from)
    if len(training) == 0:
        raise HotspotError("the training period has no events (see --train-from)")
    origins = plan.origins()
    _check_test_period(usable, plan, origins)
    for method in methods:
        method.fit(
            training, start=plan.train_from, end=plan.test_from, horizon=plan.horizon
        )
    ks = coverage_cells(events.grid.n_cells, plan.coverages)
    result = _empty(events, plan, ks, origins, methods, truth)
    for p, origin in enumerate(origins):
        _score_period(result, usable, methods, p, float(origin), truth)
    return result


def _check_test_period(usable: CellEvents, plan: Plan, origins: FloatArray) -> None:
    end = float(origins[-1]) + plan.horizon
    if len(usable.since(plan.test_from).before(end)) == 0:
        raise HotspotError(
            "the test period has no events inside the study area (see --test and "
            "--study-area-from)"
        )


def _empty(
    events: CellEvents,
    plan: Plan,
    ks: IntArray,
    origins: FloatArray,
    methods: Sequence[Forecaster],
    truth: Truth | None,
) -> Evaluation:
    shape = (len(origins), len(ks))
    return Evaluation(
        plan=plan,
        n_cells=events.grid.n_cells,
        ks=ks,
        origins=origins,
        events=np.zeros(len(origins)),
        oracle=np.zeros(shape),
        hits={m.name: np.zeros(shape) for m in methods},
        truth_oracle=None if truth is None else np.zeros(shape),
        truth_hits={} if truth is None else {m.name: np.zeros(shape) for m in methods},
    )


def _score_period(
    result: Evaluation,
    usable: CellEvents,
    methods: Sequence[Forecaster],
    p: int,
    origin: float,
    truth: Truth | None,
) -> None:
    horizon = result.plan.horizon
    history = usable.before(origin)
    observed = usable.since(origin).before(origin + horizon).counts()
    result.events[p] = observed.sum()
    result.oracle[p] = oracle(observed, result.ks)
    expected = None if truth is None else truth(origin, horizon)
    if expected is not None and result.truth_oracle is not None:
        result.truth_oracle[p] = oracle(expected, result.ks)
    for method in methods:
        scores = method.predict(history, origin=origin, horizon=horizon)
        result.hits[method.name][p] = captured(scores, observed, result.ks)
        if expected is not None:
            result.truth_hits[method.name][p] = captured(scores, expected, result.ks)
