"""The rules of the "An toàn về an ninh, trật tự" recognition, read from data.

PURE (no ORM): `data/safety_criteria.json` holds, per edition of the circular
(TT 124/2021/TT-BCA, as amended by TT 48/2025/TT-BCA), the registration window
(Quarter I), the assessment period and the decision window of each kind of unit
(Điều 8.2, 9), the competent body (Điều 10) and the checklist of criteria
(Điều 4–7). An edition applies from the year it names; a later circular is a new
edition in the file, so old years keep the rules they were assessed under.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

DATA_FILE = Path(__file__).parent / "data" / "safety_criteria.json"
KINDS = ("residential_area", "commune", "agency", "enterprise", "school")
# The unit's manager decides for these kinds (Điều 10).
MANAGED_KINDS = ("agency", "enterprise", "school")


@dataclass(frozen=True)
class Criterion:
    code: str
    vi: str
    en: str
    prefill: str | None = None

    def text(self, language: str) -> str:
        return self.en if language.startswith("en") else self.vi


@dataclass(frozen=True)
class Window:
    start: datetime.date
    end: datetime.date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, datetime.date) and self.start <= day <= self.end


@dataclass(frozen=True)
class Edition:
    from_year: int
    name: str
    raw: dict[str, Any]

    @property
    def unconfirmed(self) -> list[str]:
        return list(self.raw.get("unconfirmed", []))

    @property
    def managing_levels(self) -> list[str]:
        return list(self.raw["managing_levels"])

    def criteria(self, kind: str) -> list[Criterion]:
        items = self.raw["criteria"][kind]
        while isinstance(items, str):  # an alias: "enterprise": "agency"
            items = self.raw["criteria"][items]
        return [Criterion(**item) for item in items]

    def registration(self, year: int) -> Window:
        r = self.raw["registration"]
        return Window(_day(year, r["from"]), _day(year, r["to"]))

    def period(self, kind: str, year: int) -> Window:
        """The assessment period of `year`: it ends in `year`, and starts in the
        year before when its start date falls after its end date."""
        p = self.raw["periods"][kind]
        start_year = year - 1 if p["start"] > p["end"] else year
        return Window(_day(start_year, p["start"]), _day(year, p["end"]))

    def decision_window(self, kind: str, year: int) -> Window:
        w = self.raw["decision_window"][kind]
        return Window(_day(year, w["from"]), _day(year, w["to"]))

    def authority(self, kind: str, managed_by: str = "") -> str:
        """The level of the People's Committee (or the Ministry) that decides."""
        level = str(self.raw["authority"][kind])
        return managed_by if level == "managed_by" else level

    def authority_unconfirmed(self, kind: str) -> bool:
        return f"authority.{kind}" in self.unconfirmed


def _day(year: int, month_day: str) -> datetime.date:
    month, day = (int(x) for x in month_day.split("-"))
    return datetime.date(year, month, day)


def _merge(base: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


@cache
def editions(path: Path = DATA_FILE) -> tuple[Edition, ...]:
    data = json.loads(path.read_text(encoding="utf-8"))
    out: list[Edition] = []
    previous: dict[str, Any] = {}
    for raw in sorted(data["editions"], key=lambda e: e["from_year"]):
        merged = _merge(previous, raw) if raw.get("inherits") else dict(raw)
        merged.pop("inherits", None)
        out.append(Edition(int(merged["from_year"]), str(merged["name"]), merged))
        previous = merged
    return tuple(out)


def edition_for(year: int) -> Edition:
    """The edition that applies to the assessment of `year` (the earliest one for
    years before it)."""
    chosen = editions()[0]
    for edition in editions():
        if edition.from_year <= year:
            chosen = edition
    return chosen
