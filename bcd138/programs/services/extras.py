"""What the committee's dashboard shows of the movement and the commendations.

Those are other modules' figures, read through their own services (and so
under their own access rules): outreach this quarter in person and online,
active models by today's commune, the latest year's "safe on security and order"
results, and the latest year's commendations by grantor and form. A module that
is not installed leaves its slot empty.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _


@dataclass
class MovementSlot:
    quarter: str
    in_person: int = 0
    attendees: int = 0
    online: int = 0
    views: int = 0
    models_by_commune: list[Any] = field(default_factory=list)
    recognition_year: int | None = None
    recognitions: list[Any] = field(default_factory=list)

    @property
    def sessions(self) -> int:
        return self.in_person + self.online

    @property
    def recognised(self) -> int:
        return sum(r.met for r in self.recognitions)

    @property
    def assessed(self) -> int:
        return sum(r.met + r.not_met for r in self.recognitions)


@dataclass
class AwardsSlot:
    year: int | None
    rows: list[Any] = field(default_factory=list)

    @property
    def collectives(self) -> int:
        return sum(r.collectives for r in self.rows)

    @property
    def individuals(self) -> int:
        return sum(r.individuals for r in self.rows)


def _quarter_start(day: datetime.date) -> datetime.date:
    return datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def movement_slot(*, user: Any, today: datetime.date) -> MovementSlot | None:
    try:
        from bcd138.movement.services.overview import movement_overview
    except ImportError:  # the movement module is not installed
        return None
    overview = movement_overview(user=user, period="quarter")
    start = _quarter_start(today)
    slot = MovementSlot(
        quarter=_("Quarter %(q)s/%(y)s")
        % {"q": (start.month - 1) // 3 + 1, "y": start.year}
    )
    for total in overview.outreach:
        if total.start == start:
            slot.in_person, slot.attendees = total.in_person, total.attendees
            slot.online, slot.views = total.online, total.views
    slot.models_by_commune = [c for c in overview.models_by_commune if c.active][:8]
    years = [r.year for r in overview.recognitions if r.met + r.not_met]
    if years:
        slot.recognition_year = max(years)
        slot.recognitions = [
            r for r in overview.recognitions if r.year == slot.recognition_year
        ]
    return slot


def awards_slot(*, user: Any) -> AwardsSlot | None:
    try:
        from bcd138.awards.services.queries import award_counts, count_years
    except ImportError:  # the commendations module is not installed
        return None
    years = count_years(user=user)
    if not years:
        return AwardsSlot(year=None)
    return AwardsSlot(year=years[0], rows=award_counts(user=user, year=years[0]))
