"""Reading events from a CSV file and writing them; dates and periods typed on
the command line. Every error names the row, the column or the option."""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import numpy as np

from bcd138.hotspots.engine.errors import HotspotError
from bcd138.hotspots.engine.events import FloatArray, IntArray

EPOCH = datetime(1970, 1, 1)  # noqa: DTZ001 (times are local wall-clock times)


@dataclass(frozen=True)
class Columns:
    lat: str = "lat"
    lon: str = "lon"
    time: str = "occurred_at"
    kind: str = "category"


@dataclass(frozen=True)
class ReadOptions:
    columns: Columns = field(default_factory=Columns)
    kinds: frozenset[str] | None = None  # keep only these types
    date_format: str | None = None  # strptime format; ISO 8601 when None
    utc_offset: timezone = timezone(timedelta(hours=7))  # for times with an offset
    skip_missing: bool = False  # skip rows with an empty coordinate or time


@dataclass(frozen=True)
class RawEvents:
    lat: FloatArray
    lon: FloatArray
    t: FloatArray  # days since 1970-01-01, local wall clock
    kind: IntArray
    kinds: tuple[str, ...]
    rows: int  # data rows read
    skipped: int  # rows with an empty value, skipped on request


def day_of(moment: datetime, utc_offset: timezone) -> float:
    """Days since 1970-01-01 on the wall clock (aware times are converted to
    `utc_offset` first)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(utc_offset).replace(tzinfo=None)
    return (moment - EPOCH).total_seconds() / 86400.0


def time_parse(text: str, options: ReadOptions) -> float:
    """Raises ValueError with a short reason."""
    value = text.strip()
    if options.date_format:
        moment = datetime.strptime(value, options.date_format)  # noqa: DTZ007
    else:
        moment = datetime.fromisoformat(value)
    return day_of(moment, options.utc_offset)


def read_events(path: Path, options: ReadOptions) -> RawEvents:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return _read(csv.reader(handle), path.name, options)
    except OSError as exc:
        raise HotspotError(f"cannot read {path}: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise HotspotError(f"{path.name} is not UTF-8 text") from exc
    except csv.Error as exc:
        raise HotspotError(f"{path.name} is not a readable CSV file: {exc}") from exc


def _header(
    rows: Iterator[list[str]], name: str, options: ReadOptions
) -> dict[str, int]:
    header = next(rows, None)
    if not header:
        raise HotspotError(f"{name} is empty: it needs a header row")
    header = [h.strip() for h in header]
    c = options.columns
    wanted = {"lat": c.lat, "lon": c.lon, "time": c.time, "kind": c.kind}
    flags = {"lat": "--lat", "lon": "--lon", "time": "--time", "kind": "--type"}
    found: dict[str, int] = {}
    for role, column in wanted.items():
        if column in header:
            found[role] = header.index(column)
        elif role != "kind" or options.kinds is not None:
            raise HotspotError(
                f"{name} has no column {column!r} (it has {', '.join(header)}); "
                f"name the column with {flags[role]}-column"
            )
    return found


def _read(rows: Iterator[list[str]], name: str, options: ReadOptions) -> RawEvents:
    index = _header(rows, name, options)
    lat: list[float] = []
    lon: list[float] = []
    times: list[float] = []
    kinds: list[str] = []
    seen = skipped = 0
    for number, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        seen += 1
        kind = _cell(row, index["kind"]) if "kind" in index else ""
        if options.kinds is not None and kind not in options.kinds:
            continue
        values = [_cell(row, index[r]) for r in ("lat", "lon", "time")]
        if not all(values) and options.skip_missing:
            skipped += 1
            continue
        lat.append(_coordinate(values[0], number, options.columns.lat, 90.0))
        lon.append(_coordinate(values[1], number, options.columns.lon, 180.0))
        times.append(_time(values[2], number, options))
        kinds.append(kind)
    if seen == 0:
        raise HotspotError(f"{name} has a header but no rows")
    names = tuple(sorted(set(kinds)))
    codes = np.searchsorted(
        np.array(names, dtype=object), np.array(kinds, dtype=object)
    )
    return RawEvents(
        np.array(lat, dtype=np.float64),
        np.array(lon, dtype=np.float64),
        np.array(times, dtype=np.float64),
        np.asarray(codes, dtype=np.int64).reshape(-1),
        names,
        seen,
        skipped,
    )


def _cell(row: list[str], i: int) -> str:
    return row[i].strip() if i < len(row) else ""


def _coordinate(text: str, row: int, column: str, limit: float) -> float:
    try:
        value = float(text)
    except ValueError:
        raise HotspotError(f"row {row}: {column} {text!r} is not a number") from None
    if not (math.isfinite(value) and -limit <= value <= limit):
        raise HotspotError(
            f"row {row}: {column} {text} is outside -{limit:g}..{limit:g} "
            "(are latitude and longitude swapped?)"
        )
    return value


def _time(text: str, row: int, options: ReadOptions) -> float:
    try:
        return time_parse(text, options)
    except ValueError:
        expected = (
            options.date_format or "ISO 8601, e.g. 2024-03-15 or 2024-03-15T08:30"
        )
        raise HotspotError(
            f"row {row}: {options.columns.time} {text!r} is not a date ({expected}; "
            "see --date-format)"
        ) from None


def write_events(
    path: Path, lat: FloatArray, lon: FloatArray, t: FloatArray, kind: str
) -> None:
    try:
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["lat", "lon", "occurred_at", "category"])
            for a, b, day in zip(lat, lon, t, strict=True):
                moment = EPOCH + timedelta(seconds=round(float(day) * 86400))
                writer.writerow([f"{a:.7f}", f"{b:.7f}", moment.isoformat(), kind])
    except OSError as exc:
        raise HotspotError(f"cannot write {path}: {exc.strerror or exc}") from exc


def day_parse(text: str, option: str) -> float:
    """A calendar date (YYYY-MM-DD) as days since 1970-01-01."""
    try:
        moment = datetime.strptime(text.strip(), "%Y-%m-%d").replace(tzinfo=UTC)
    except ValueError:
        raise HotspotError(
            f"{option}: {text!r} is not a date like 2024-03-15"
        ) from None
    return (moment - EPOCH.replace(tzinfo=UTC)).total_seconds() / 86400.0


def period_parse(text: str, option: str) -> tuple[float, float]:
    """FROM:TO, both dates included: returns [from, day after TO)."""
    parts = text.split(":")
    if len(parts) != 2:
        raise HotspotError(
            f"{option}: {text!r} is not FROM:TO (e.g. 2024-01-01:2024-03-31)"
        )
    start, end = day_parse(parts[0], option), day_parse(parts[1], option) + 1.0
    if end <= start:
        raise HotspotError(f"{option}: {text!r} ends before it starts")
    return start, end


def horizon_parse(text: str) -> float:
    match = re.fullmatch(r"\s*(\d+)\s*([dw])\s*", text.lower())
    if not match or int(match[1]) == 0:
        raise HotspotError(
            f"--horizon: {text!r} is not a number of days, e.g. 1d, 7d or 30d"
        )
    return float(int(match[1]) * (7 if match[2] == "w" else 1))


def coverages_parse(text: str) -> tuple[float, ...]:
    """Percentages separated by commas, e.g. 1,2,5,10,20."""
    try:
        values = tuple(float(v) for v in text.split(",") if v.strip())
    except ValueError:
        raise HotspotError(
            f"--coverages: {text!r} is not a list of percentages"
        ) from None
    if not values or not all(0 < v <= 100 for v in values):
        raise HotspotError(
            "--coverages: each coverage is a percentage above 0, at most 100"
        )
    return tuple(sorted(v / 100 for v in values))
