"""Possible duplicates: the same matter reported twice (by two people, or by one
person through two channels). Flagged for an officer to link, never merged.

Two reports look alike when they concern the same current commune, were
received within `WINDOW_DAYS` of each other, and their descriptions share enough
words (or, with map pins, lie within `RADIUS_M` metres).
"""

from __future__ import annotations

import datetime
import math
import re
import unicodedata

from bcd138.intake.models import CrimeReport

WINDOW_DAYS = 7
RADIUS_M = 300.0
MIN_SIMILARITY = 0.35
MAX_CANDIDATES = 10


def _words(text: str) -> set[str]:
    plain = unicodedata.normalize("NFD", text.lower()).replace("đ", "d")
    plain = "".join(ch for ch in plain if unicodedata.category(ch) != "Mn")
    return {w for w in re.findall(r"[a-z0-9]+", plain) if len(w) > 1}


def similarity(a: str, b: str) -> float:
    """Jaccard similarity of the two texts' words, diacritics ignored."""
    wa, wb = _words(a), _words(b)
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / len(wa | wb)


def _distance_m(a: CrimeReport, b: CrimeReport) -> float | None:
    """Great-circle distance between the two map pins, if both have one."""
    if a.latitude is None or a.longitude is None:
        return None
    if b.latitude is None or b.longitude is None:
        return None
    lat1, lon1 = math.radians(a.latitude), math.radians(a.longitude)
    lat2, lon2 = math.radians(b.latitude), math.radians(b.longitude)
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6_371_000 * math.asin(math.sqrt(h))


def possible_duplicates(report: CrimeReport) -> list[CrimeReport]:
    """Other reports that may be the same matter, most alike first."""
    window = datetime.timedelta(days=WINDOW_DAYS)
    nearby = (
        CrimeReport.objects.filter(
            place__current_commune=report.place.current_commune_id,
            received_at__gte=report.received_at - window,
            received_at__lte=report.received_at + window,
        )
        .exclude(pk=report.pk)  # None while the report is being created
        .select_related("place")[:200]
    )
    scored = []
    for other in nearby:
        score = similarity(report.description, other.description)
        distance = _distance_m(report, other)
        if distance is not None and distance <= RADIUS_M:
            score = max(score, MIN_SIMILARITY)
        if score >= MIN_SIMILARITY:
            scored.append((score, other))
    scored.sort(key=lambda pair: (-pair[0], pair[1].received_at))
    return [other for _score, other in scored[:MAX_CANDIDATES]]
