"""Outreach sessions (tuyên truyền) and their totals by channel and period.

Rules: a session in person is held in a commune and counts its attendees; an
online one names its platform and page or link and counts views and shares;
the date has passed and the unit existed on it; the organiser is an agency the
recorder may name. Totals by month, quarter or year show the move from in-person
to online outreach that the committee reports.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth, TruncQuarter, TruncYear
from django.utils.translation import gettext as _

from bcd138.agencies.models import Agency
from bcd138.core import audit
from bcd138.core.errors import DomainError
from bcd138.core.uploads import CleanFile
from bcd138.movement import access as mv
from bcd138.movement.models import OutreachChannel, OutreachSession, Platform, Topic
from bcd138.movement.services import common
from bcd138.movement.services.files import files_attach, storing
from bcd138.places.models import Level, Place

FIELDS = [
    "channel",
    "held_on",
    "title",
    "topic",
    "place",
    "venue",
    "platform",
    "page_name",
    "link",
    "organiser",
    "attendees",
    "views",
    "shares",
    "notes",
]
PERIODS = {"month": TruncMonth, "quarter": TruncQuarter, "year": TruncYear}


@dataclass
class OutreachInput:
    channel: str
    held_on: datetime.date
    title: str
    topic: str
    place: Place
    organiser: Agency
    venue: str = ""
    platform: str = ""
    page_name: str = ""
    link: str = ""
    attendees: int | None = None
    views: int | None = None
    shares: int | None = None
    notes: str = ""
    files: Sequence[CleanFile] = field(default_factory=list)


def outreach_visible_to(user: Any) -> QuerySet[OutreachSession]:
    return mv.visible(OutreachSession.objects.all(), user)


def outreach_get_for(*, user: Any, pk: Any) -> OutreachSession:
    qs = OutreachSession.objects.select_related("place", "organiser")
    return mv.get_for(qs, user, pk)


def _non_negative(*values: int | None) -> None:
    if any(v is not None and v < 0 for v in values):
        raise DomainError(_("Counts cannot be negative."), code="count")


def _validate_channel(data: OutreachInput) -> None:
    if data.channel == OutreachChannel.IN_PERSON:
        common.require_commune(data.place)
        if data.attendees is None:
            raise DomainError(
                _("Give the number of attendees of a session in person."),
                code="attendees",
            )
        data.platform, data.page_name, data.link = "", "", ""
        data.views = data.shares = None
        return
    if data.platform not in Platform.values:
        raise DomainError(_("Choose the platform."), code="platform")
    if not data.link.strip() and not data.page_name.strip():
        raise DomainError(
            _("Give the page or the link of an online session."), code="link"
        )
    if data.link and not data.link.startswith(("https://", "http://")):
        raise DomainError(_("The link must start with https://."), code="link")
    data.attendees = None


def _validate(data: OutreachInput, *, by: Any) -> None:
    if data.channel not in OutreachChannel.values:
        raise DomainError(_("Unknown channel."), code="channel")
    if data.topic not in Topic.values:
        raise DomainError(_("Unknown topic."), code="topic")
    data.title = common.require_text(data.title, _("Title"))
    common.require_past(data.held_on, _("The date"))
    if data.place.level not in (Level.COMMUNE, Level.PROVINCE):
        raise DomainError(_("Choose a commune or a province."), code="place_level")
    common.require_valid_on(data.place, data.held_on)
    _validate_channel(data)
    _non_negative(data.attendees, data.views, data.shares)
    mv.require_place(by, data.place, agency=data.organiser)
    if not mv.agency_in_reach(by, data.organiser):
        raise DomainError(
            _("You cannot record outreach organised by this agency."),
            code="organiser",
            status=403,
        )


def _values(data: OutreachInput) -> dict[str, Any]:
    return {name: getattr(data, name) for name in FIELDS}


def outreach_create(*, by: Any, data: OutreachInput) -> OutreachSession:
    mv.require_section(by, mv.OUTREACH)
    _validate(data, by=by)
    with storing() as written, transaction.atomic():
        session = OutreachSession(
            **_values(data), created_by=by if by.is_authenticated else None
        )
        session.save()
        files_attach(session, data.files, by=by, written=written)
        audit.record(
            "movement.outreach_create",
            actor=by,
            obj=session,
            place=data.place,
            changes={k: common.plain(v) for k, v in _values(data).items()},
        )
    return session


def outreach_update(
    session: OutreachSession, *, by: Any, data: OutreachInput
) -> OutreachSession:
    mv.require_edit(by, session)
    _validate(data, by=by)
    before = {k: getattr(session, k) for k in FIELDS}
    with transaction.atomic():
        for name, value in _values(data).items():
            setattr(session, name, value)
        session.save()
        audit.record(
            "movement.outreach_update",
            actor=by,
            obj=session,
            place=data.place,
            changes=common.changes(before, _values(data)),
        )
    return session


def outreach_filter(
    qs: QuerySet[OutreachSession],
    *,
    commune: Place | None = None,
    year: int | None = None,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
    channel: str = "",
    topic: str = "",
    platform: str = "",
    q: str = "",
) -> QuerySet[OutreachSession]:
    if since and until and since > until:
        raise DomainError(_("The start date is after the end date."), code="date_order")
    if commune is not None:
        qs = qs.filter(place__current_commune=commune)
    if year is not None:
        qs = qs.filter(held_on__year=year)
    if since is not None:
        qs = qs.filter(held_on__gte=since)
    if until is not None:
        qs = qs.filter(held_on__lte=until)
    if channel:
        qs = qs.filter(channel=channel)
    if topic:
        qs = qs.filter(topic=topic)
    if platform:
        qs = qs.filter(platform=platform)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(page_name__icontains=q))
    return qs


@dataclass
class PeriodTotal:
    """Outreach in one period, in person and online."""

    start: datetime.date
    label: str
    in_person: int = 0
    attendees: int = 0
    online: int = 0
    views: int = 0
    shares: int = 0

    @property
    def sessions(self) -> int:
        return self.in_person + self.online

    @property
    def online_share(self) -> int:
        """Online sessions as a whole percentage of all sessions."""
        return round(100 * self.online / self.sessions) if self.sessions else 0


def _label(start: datetime.date, period: str) -> str:
    if period == "year":
        return str(start.year)
    if period == "quarter":
        return f"Q{(start.month - 1) // 3 + 1}/{start.year}"
    return f"{start.month:02d}/{start.year}"


def outreach_totals(
    qs: QuerySet[OutreachSession], *, period: str = "month"
) -> list[PeriodTotal]:
    """Sessions and audience per period and channel, oldest period first."""
    if period not in PERIODS:
        raise DomainError(_("Unknown period."), code="period")
    rows = (
        qs.order_by()
        .annotate(start=PERIODS[period]("held_on"))
        .values("start", "channel")
        .annotate(
            n=Count("id"),
            attendees=Sum("attendees"),
            views=Sum("views"),
            shares=Sum("shares"),
        )
        .order_by("start")
    )
    totals: dict[datetime.date, PeriodTotal] = {}
    for row in rows:
        start = row["start"]
        if isinstance(start, datetime.datetime):
            start = start.date()
        total = totals.setdefault(start, PeriodTotal(start, _label(start, period)))
        if row["channel"] == OutreachChannel.ONLINE:
            total.online += row["n"]
            total.views += row["views"] or 0
            total.shares += row["shares"] or 0
        else:
            total.in_person += row["n"]
            total.attendees += row["attendees"] or 0
    return list(totals.values())


def outreach_channel_totals(qs: QuerySet[OutreachSession]) -> dict[str, int]:
    """Sessions and audience over the whole selection."""
    agg = qs.aggregate(
        in_person=Count("id", filter=Q(channel=OutreachChannel.IN_PERSON)),
        online=Count("id", filter=Q(channel=OutreachChannel.ONLINE)),
        attendees=Sum("attendees"),
        views=Sum("views"),
        shares=Sum("shares"),
    )
    return {k: int(v or 0) for k, v in agg.items()}
