"""A synthetic self-exciting process whose intensity is known.

Background events arrive at a constant rate: uniformly over a square, plus
Gaussian hot spots. Every event triggers a Poisson(θ) number of near repeats,
each after an exponential delay (rate ω per day) at a Gaussian offset (σ metres),
and they trigger in turn (a branching process: Hawkes 1971; the cluster
representation of Hawkes & Oakes 1974). Coordinates are UTM metres of the model's
zone, so that the intensity can be integrated over the evaluation's grid.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from bcd138.hotspots.engine.errors import HotspotError
from bcd138.hotspots.engine.events import FloatArray, IntArray
from bcd138.hotspots.engine.projection import Projection, utm_zone_of


@dataclass(frozen=True)
class Hotspot:
    x: float
    y: float
    sigma: float  # metres
    rate: float  # events per day


@dataclass(frozen=True)
class Model:
    zone: int
    south: bool
    x_min: float
    y_min: float
    size: float  # side of the square, metres
    start: float  # days since 1970-01-01
    days: int
    base_rate: float  # events per day, uniform over the square
    hotspots: tuple[Hotspot, ...]
    theta: float  # near repeats per event
    omega: float  # per day
    sigma: float  # metres

    @property
    def projection(self) -> Projection:
        return Projection(zone=self.zone, south=self.south)

    def to_json(self) -> str:
        return json.dumps({"model": "self-exciting", **asdict(self)}, indent=2)

    @classmethod
    def from_json(cls, text: str) -> Model:
        data = json.loads(text)
        data.pop("model", None)
        data["hotspots"] = tuple(Hotspot(**h) for h in data["hotspots"])
        return cls(**data)


def model_load(path: Path) -> Model:
    try:
        return Model.from_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise HotspotError(
            f"--truth {path}: not a truth file written by simulate"
        ) from exc


@dataclass(frozen=True)
class ModelChoice:
    lat: float = 16.06  # Đà Nẵng
    lon: float = 108.21
    size_km: float = 10.0
    start: float = 19723.0  # 2024-01-01
    days: int = 730
    rate: float = 20.0  # background events per day
    hotspot_share: float = 0.6
    hotspots: int = 12
    theta: float = 0.4
    mean_delay_days: float = 5.0
    sigma_m: float = 60.0


def model_create(choice: ModelChoice, *, seed: int) -> Model:
    if not 0 <= choice.theta < 1:
        raise HotspotError("--theta must be at least 0 and below 1 (else it explodes)")
    rng = np.random.default_rng(seed)
    projection = utm_zone_of(choice.lat, choice.lon)
    cx, cy = projection.forward(np.array([choice.lat]), np.array([choice.lon]))
    size = choice.size_km * 1000.0
    x_min, y_min = float(cx[0]) - size / 2, float(cy[0]) - size / 2
    weights = rng.gamma(1.0, size=choice.hotspots)
    weights = weights / weights.sum() if choice.hotspots else weights
    spots = tuple(
        Hotspot(
            x=float(x_min + rng.uniform(0.1, 0.9) * size),
            y=float(y_min + rng.uniform(0.1, 0.9) * size),
            sigma=float(rng.uniform(100.0, 400.0)),
            rate=float(w * choice.rate * choice.hotspot_share),
        )
        for w in weights
    )
    return Model(
        zone=projection.zone,
        south=projection.south,
        x_min=x_min,
        y_min=y_min,
        size=size,
        start=choice.start,
        days=choice.days,
        base_rate=choice.rate * (1 - choice.hotspot_share if spots else 1.0),
        hotspots=spots,
        theta=choice.theta,
        omega=1.0 / choice.mean_delay_days,
        sigma=choice.sigma_m,
    )


@dataclass(frozen=True)
class Simulated:
    x: FloatArray
    y: FloatArray
    t: FloatArray
    generation: IntArray  # 0 for background events


def simulate(model: Model, *, seed: int) -> Simulated:
    rng = np.random.default_rng(seed)
    x, y, t = _background(model, rng)
    parts = [(x, y, t, np.zeros(len(t), dtype=np.int64))]
    generation = 0
    end = model.start + model.days
    while len(t):
        generation += 1
        children = rng.poisson(model.theta, size=len(t))
        px, py, pt = (np.repeat(a, children) for a in (x, y, t))
        t = pt + rng.exponential(1.0 / model.omega, size=len(pt))
        x = px + rng.normal(0.0, model.sigma, size=len(pt))
        y = py + rng.normal(0.0, model.sigma, size=len(pt))
        keep = t < end
        x, y, t = x[keep], y[keep], t[keep]
        parts.append((x, y, t, np.full(len(t), generation, dtype=np.int64)))
    xs, ys, ts, gs = (np.concatenate([p[i] for p in parts]) for i in range(4))
    order = np.argsort(ts, kind="stable")
    return Simulated(xs[order], ys[order], ts[order], gs[order])


def _background(
    model: Model, rng: np.random.Generator
) -> tuple[FloatArray, FloatArray, FloatArray]:
    n = rng.poisson(model.base_rate * model.days)
    xs = [model.x_min + rng.uniform(0, model.size, n)]
    ys = [model.y_min + rng.uniform(0, model.size, n)]
    for spot in model.hotspots:
        k = rng.poisson(spot.rate * model.days)
        xs.append(rng.normal(spot.x, spot.sigma, k))
        ys.append(rng.normal(spot.y, spot.sigma, k))
    x, y = np.concatenate(xs), np.concatenate(ys)
    t = model.start + rng.uniform(0, model.days, len(x))
    return x, y, t
