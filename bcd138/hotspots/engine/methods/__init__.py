"""The forecasting methods, by name. Every method but `auto` is a baseline."""

from __future__ import annotations

from collections.abc import Callable

from bcd138.hotspots.engine.errors import HotspotError
from bcd138.hotspots.engine.methods.auto import Auto
from bcd138.hotspots.engine.methods.base import CellEvents, Forecaster
from bcd138.hotspots.engine.methods.sepp import SelfExciting
from bcd138.hotspots.engine.methods.simple import (
    NaiveCounts,
    ProspectiveHotspotting,
    RetrospectiveKde,
    SpaceTimeKde,
)

__all__ = ["METHODS", "CellEvents", "Forecaster", "methods_create"]

_FACTORIES: dict[str, Callable[[tuple[float, ...]], Forecaster]] = {
    "naive": lambda _: NaiveCounts(),
    "naive-365d": lambda _: NaiveCounts(name="naive-365d", window_days=365.0),
    "kde": lambda _: RetrospectiveKde(),
    "promap": lambda _: ProspectiveHotspotting(),
    "stkde": lambda _: SpaceTimeKde(),
    "sepp": lambda _: SelfExciting(),
    "auto": lambda coverages: Auto(coverages=coverages),
}
METHODS = tuple(_FACTORIES)
BASELINES = tuple(name for name in METHODS if name != "auto")


def methods_create(
    names: tuple[str, ...], *, coverages: tuple[float, ...]
) -> list[Forecaster]:
    unknown = [name for name in names if name not in _FACTORIES]
    if unknown:
        raise HotspotError(
            f"--methods: unknown method {', '.join(unknown)}; choose from "
            f"{', '.join(METHODS)}"
        )
    return [_FACTORIES[name](coverages) for name in names]
