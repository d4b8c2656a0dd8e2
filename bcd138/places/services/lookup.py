"""Reading units: by code, their 2025 successors, search."""

from __future__ import annotations

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils.translation import gettext as _

from bcd138.core.errors import DomainError
from bcd138.places.models import (
    Era,
    Level,
    Place,
    Succession,
)
from bcd138.places.services._common import (
    _DIST,
    _E25,
    _LEVEL_ORDER,
    _RELATED,
)
from bcd138.places.text import (
    part_keys,
)

# ---------------------------------------------------------------- reading


def _check_choice(value: str | None, choices: list[str], what: str) -> None:
    if value is not None and value not in choices:
        raise DomainError(
            _("Unknown %(what)s “%(value)s”; use one of: %(choices)s.")
            % {"what": what, "value": value, "choices": ", ".join(choices)},
            code=f"{what}_invalid",
        )


def place_get(*, code: str, era: str = _E25, level: str | None = None) -> Place:
    """The unit with this statistics-office code in `era` (codes are unique per era)."""
    _check_choice(era, list(Era.values), "era")
    _check_choice(level, list(Level.values), "level")
    qs = Place.objects.filter(era=era, code=code.strip()).select_related(*_RELATED)
    if level is not None:
        qs = qs.filter(level=level)
    place = qs.first()
    if place is None:
        raise DomainError(
            _("No administrative unit of era %(era)s has code %(code)s.")
            % {"code": code, "era": era},
            code="place_unknown",
            status=404,
        )
    return place


def place_successors(place: Place) -> list[Place]:
    """The 2025 unit(s) covering `place`, the default successor first."""
    if place.era == _E25:
        return [place]
    if place.level == _DIST and not place.successions.exists():
        return list(
            Place.objects.filter(
                pk__in=Succession.objects.filter(legacy__parent=place).values(
                    "successor_id"
                )
            )
            .select_related("parent")
            .order_by("code")
        )
    rows = (
        place.successions.select_related("successor__parent")
        .order_by("-is_default", "successor__code")
        .only("successor")
    )
    return [s.successor for s in rows]


def places_search(
    *,
    q: str = "",
    era: str | None = None,
    level: str | None = None,
    parent: Place | None = None,
) -> QuerySet[Place]:
    """Units by code or name (with or without diacritics), best matches first."""
    _check_choice(era, list(Era.values), "era")
    _check_choice(level, list(Level.values), "level")
    qs = Place.objects.select_related(*_RELATED)
    if era is not None:
        qs = qs.filter(era=era)
    if level is not None:
        qs = qs.filter(level=level)
    if parent is not None:
        qs = qs.filter(parent=parent)
    text = q.strip()
    if not text:
        return qs.order_by("era", _LEVEL_ORDER, "code")
    if text.isdigit():
        return qs.filter(code__startswith=text).order_by("era", _LEVEL_ORDER, "code")
    keys = part_keys(text)
    if not keys.rest:
        return qs.none()
    rank = Case(
        When(search_key__in=keys.preferred, then=Value(0)),
        When(search_key__in=keys.loose, then=Value(1)),
        When(search_key__startswith=keys.rest, then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )
    matches = (
        Q(search_key__in=keys.all())
        | Q(search_key__contains=keys.rest)
        | Q(aliases__icontains=f'"{keys.rest}')
    )
    return (
        qs.filter(matches)
        .annotate(rank=rank)
        .order_by("rank", "era", _LEVEL_ORDER, "code")
    )


# --------------------------------------------------------- address resolution
