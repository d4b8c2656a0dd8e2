"""Constants shared by the places services."""

from __future__ import annotations

from pathlib import Path

from django.db.models import Case, IntegerField, Value, When

from bcd138.places.models import (
    Era,
    Level,
)

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
BATCH = 500
MAX_ADDRESS_LENGTH = 500
MAX_CANDIDATES = 10

_E25, _EL = Era.CURRENT.value, Era.LEGACY.value
_PROV, _DIST, _COMM = Level.PROVINCE.value, Level.DISTRICT.value, Level.COMMUNE.value
_LEVEL_RANK = {_PROV: 0, _DIST: 1, _COMM: 2}
# "2025" sorts before "legacy" as text; levels need an explicit order.
_LEVEL_ORDER = Case(
    *(When(level=level, then=Value(rank)) for level, rank in _LEVEL_RANK.items()),
    output_field=IntegerField(),
).asc()


Key = tuple[str, str, str]  # (era, level, code)
# What showing a unit needs: its parent chain and the units covering it.
_RELATED = ("parent__parent", "current_province", "current_commune")


# --------------------------------------------------------------------- loading
