"""Hit rate against coverage, one line per method, drawn with Pillow (already a
dependency): a plain chart does not justify a plotting library's weight."""

from __future__ import annotations

import math
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from bcd138.hotspots.engine.errors import HotspotError

WIDTH, HEIGHT = 900, 560
LEFT, RIGHT, TOP, BOTTOM = 80, 190, 40, 70
# Okabe & Ito's palette, distinguishable with colour-blindness.
COLOURS = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#000000",
    "#F0E442",
)


def _scale(
    coverages: tuple[float, ...], top: float
) -> tuple[float, float, float, float]:
    """Pixels per unit and the axes' upper ends."""
    x_max = max(coverages) * 100
    y_max = max(10.0, math.ceil(top * 100 / 10) * 10)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    return plot_w / x_max, plot_h / y_max, x_max, y_max


def plot_hit_rates(
    path: Path, coverages: tuple[float, ...], series: dict[str, list[float]]
) -> None:
    top = max((v for values in series.values() for v in values), default=0.0)
    sx, sy, x_max, y_max = _scale(coverages, top)
    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=14)

    def point(coverage: float, rate: float) -> tuple[float, float]:
        return LEFT + coverage * 100 * sx, HEIGHT - BOTTOM - rate * 100 * sy

    _axes(draw, font, coverages, x_max, y_max, sy)
    for i, (name, values) in enumerate(series.items()):
        colour = COLOURS[i % len(COLOURS)]
        points = [point(c, v) for c, v in zip(coverages, values, strict=True)]
        draw.line(points, fill=colour, width=3)
        for x, y in points:
            draw.ellipse((x - 4, y - 4, x + 4, y + 4), fill=colour)
        legend_y = TOP + 10 + 24 * i
        draw.line(
            (WIDTH - RIGHT + 20, legend_y, WIDTH - RIGHT + 50, legend_y),
            fill=colour,
            width=3,
        )
        draw.text((WIDTH - RIGHT + 58, legend_y - 8), name, fill="black", font=font)
    try:
        image.save(path, format="PNG")
    except (OSError, ValueError) as exc:
        raise HotspotError(f"--plot: cannot write {path}: {exc}") from exc


def _axes(
    draw: ImageDraw.ImageDraw,
    font: ImageFont.FreeTypeFont | ImageFont.ImageFont,
    coverages: tuple[float, ...],
    x_max: float,
    y_max: float,
    sy: float,
) -> None:
    x0, y0 = LEFT, HEIGHT - BOTTOM
    x1 = WIDTH - RIGHT
    for rate in range(0, int(y_max) + 1, 10):
        y = y0 - rate * sy
        draw.line((x0, y, x1, y), fill="#dddddd")
        draw.text((x0 - 10, y), f"{rate}%", fill="black", font=font, anchor="rm")
    for coverage in coverages:
        x = x0 + coverage * 100 * (x1 - x0) / x_max
        draw.line((x, y0, x, y0 + 5), fill="black")
        draw.text(
            (x, y0 + 8), f"{coverage * 100:g}%", fill="black", font=font, anchor="mt"
        )
    draw.line((x0, TOP, x0, y0, x1, y0), fill="black", width=1)
    draw.text(
        ((x0 + x1) / 2, HEIGHT - 25),
        "coverage (share of cells flagged)",
        fill="black",
        font=font,
        anchor="mm",
    )
    draw.text(
        (x0, 15),
        "hit rate (share of events in flagged cells)",
        fill="black",
        font=font,
        anchor="lm",
    )
