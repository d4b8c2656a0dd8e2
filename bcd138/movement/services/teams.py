"""Grassroots security teams (tổ bảo vệ an ninh, trật tự; Law 30/2023/QH15).

Rules: a team is decided by the commune People's Committee chair (decision
number and date) on or after the Law took effect (1 July 2024), in a commune
that existed on that date; it covers one or more thôn / tổ dân phố. A member is
kept by name, year of birth and position only; aged 18 to 70 on the decision
date (age counted as the difference of years, the birth year being all that is
kept); over 70 only by the chair's explicit decision, with its reason.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from bcd138.core import audit
from bcd138.core.errors import DomainError
from bcd138.movement import access as mv
from bcd138.movement.models import SecurityTeam, TeamMember
from bcd138.movement.services import common
from bcd138.places.models import Place

LAW_IN_FORCE = datetime.date(2024, 7, 1)
MIN_AGE = 18
MAX_AGE = 70
FIELDS = [
    "commune",
    "name",
    "decision_ref",
    "decided_on",
    "areas",
    "dissolved_on",
    "notes",
]


@dataclass
class MemberInput:
    full_name: str
    birth_year: int
    position: str = ""
    decided_on: datetime.date | None = None  # default: the team's decision date
    over_age_exception: bool = False
    exception_reason: str = ""


@dataclass
class TeamInput:
    commune: Place
    name: str
    decision_ref: str
    decided_on: datetime.date
    areas: Sequence[str] = ()
    dissolved_on: datetime.date | None = None
    notes: str = ""
    members: Sequence[MemberInput] = field(default_factory=list)


def teams_visible_to(user: Any) -> QuerySet[SecurityTeam]:
    return mv.visible(SecurityTeam.objects.all(), user)


def team_get_for(*, user: Any, pk: Any) -> SecurityTeam:
    return mv.get_for(SecurityTeam.objects.select_related("commune"), user, pk)


def clean_areas(areas: Sequence[str]) -> list[str]:
    """The thôn / tổ dân phố covered, stripped, without repeats, in order."""
    out: list[str] = []
    for area in areas:
        text = " ".join(area.split())
        if text and text not in out:
            out.append(text[:120])
    return out


def _validate(data: TeamInput, *, by: Any) -> None:
    common.require_commune(data.commune)
    data.name = common.require_text(data.name, _("Name"), max_length=200)
    data.decision_ref = common.require_text(
        data.decision_ref, _("The decision"), max_length=120
    )
    if data.decided_on < LAW_IN_FORCE:
        raise DomainError(
            _(
                "Teams under Law 30/2023/QH15 are decided from 01/07/2024, "
                "when the Law took effect."
            ),
            code="date_law",
        )
    common.require_past(data.decided_on, _("The decision date"))
    common.require_order(
        data.decided_on,
        data.dissolved_on,
        _("A team cannot be dissolved before it was decided."),
    )
    if data.dissolved_on is not None:
        common.require_past(data.dissolved_on, _("The dissolution date"))
    common.require_valid_on(data.commune, data.decided_on)
    data.areas = clean_areas(data.areas)
    if not data.areas:
        raise DomainError(
            _("Name at least one thôn or tổ dân phố the team covers."), code="areas"
        )
    mv.require_place(by, data.commune)


def _validate_member(data: MemberInput, team_decided_on: datetime.date) -> None:
    data.full_name = common.require_text(data.full_name, _("Full name"), max_length=150)
    data.position = data.position.strip()[:100]
    decided_on = data.decided_on or team_decided_on
    data.decided_on = decided_on
    if decided_on < team_decided_on:
        raise DomainError(
            _("A member cannot be decided before the team (%(date)s).")
            % {"date": common.dmy(team_decided_on)},
            code="date_order",
        )
    common.require_past(decided_on, _("The member's decision date"))
    age = decided_on.year - data.birth_year
    if age < MIN_AGE:
        raise DomainError(
            _("%(name)s is under %(min)d on the decision date.")
            % {"name": data.full_name, "min": MIN_AGE},
            code="member_age",
        )
    if age > MAX_AGE:
        if not data.over_age_exception:
            raise DomainError(
                _(
                    "%(name)s is over %(max)d: only the commune chair's explicit "
                    "decision allows it."
                )
                % {"name": data.full_name, "max": MAX_AGE},
                code="member_age",
            )
        data.exception_reason = common.require_text(
            data.exception_reason, _("The reason for the exception")
        )
    else:
        data.over_age_exception, data.exception_reason = False, ""


def _member(team: SecurityTeam, data: MemberInput) -> TeamMember:
    assert data.decided_on is not None  # noqa: S101  (set by _validate_member)
    return TeamMember.objects.create(
        team=team,
        full_name=data.full_name,
        birth_year=data.birth_year,
        position=data.position,
        decided_on=data.decided_on,
        over_age_exception=data.over_age_exception,
        exception_reason=data.exception_reason,
    )


def _values(data: TeamInput) -> dict[str, Any]:
    return {name: getattr(data, name) for name in FIELDS}


def team_create(*, by: Any, data: TeamInput) -> SecurityTeam:
    """A team and (optionally) its first members, all or nothing."""
    mv.require_section(by, mv.TEAMS)
    _validate(data, by=by)
    for member in data.members:
        _validate_member(member, data.decided_on)
    with transaction.atomic():
        team = SecurityTeam.objects.create(
            **_values(data), created_by=by if by.is_authenticated else None
        )
        for member in data.members:
            _member(team, member)
        audit.record(
            "movement.team_create",
            actor=by,
            obj=team,
            place=data.commune,
            changes={
                **{k: common.plain(v) for k, v in _values(data).items()},
                "members": len(data.members),
            },
        )
    return team


def team_update(team: SecurityTeam, *, by: Any, data: TeamInput) -> SecurityTeam:
    mv.require_edit(by, team)
    _validate(data, by=by)
    first = team.members.order_by("decided_on").values_list("decided_on", flat=True)
    earliest = first.first()
    if earliest is not None and earliest < data.decided_on:
        raise DomainError(
            _("A member was decided before this date (%(date)s).")
            % {"date": common.dmy(earliest)},
            code="date_order",
        )
    before = {k: getattr(team, k) for k in FIELDS}
    with transaction.atomic():
        for name, value in _values(data).items():
            setattr(team, name, value)
        team.save()
        audit.record(
            "movement.team_update",
            actor=by,
            obj=team,
            place=data.commune,
            changes=common.changes(before, _values(data)),
        )
    return team


def team_member_add(team: SecurityTeam, *, by: Any, data: MemberInput) -> TeamMember:
    """Add a member (only their name, birth year and position are kept)."""
    mv.require_edit(by, team)
    if team.dissolved_on is not None:
        raise DomainError(_("The team has been dissolved."), code="team_dissolved")
    _validate_member(data, team.decided_on)
    with transaction.atomic():
        member = _member(team, data)
        audit.record(
            "movement.team_member_add",
            actor=by,
            obj=team,
            place=team.commune,
            # Not the name: the audit log is read by people who need not know it.
            changes={"member": member.pk, "exception": member.over_age_exception},
        )
    return member


def team_member_leave(member: TeamMember, *, by: Any, on: datetime.date) -> TeamMember:
    team = member.team
    mv.require_edit(by, team)
    if member.left_on is not None:
        raise DomainError(_("The member has already left."), code="member_left")
    common.require_past(on, _("The date"))
    common.require_order(
        member.decided_on, on, _("A member cannot leave before joining.")
    )
    with transaction.atomic():
        member.left_on = on
        member.save(update_fields=["left_on"])
        audit.record(
            "movement.team_member_leave",
            actor=by,
            obj=team,
            place=team.commune,
            changes={"member": member.pk, "left_on": str(on)},
        )
    return member


def teams_filter(
    qs: QuerySet[SecurityTeam],
    *,
    commune: Place | None = None,
    status: str = "",
    q: str = "",
) -> QuerySet[SecurityTeam]:
    if commune is not None:
        qs = qs.filter(commune__current_commune=commune)
    if status == "active":
        qs = qs.filter(dissolved_on__isnull=True)
    elif status == "dissolved":
        qs = qs.filter(dissolved_on__isnull=False)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(decision_ref__icontains=q))
    return qs


def with_member_counts(qs: QuerySet[SecurityTeam]) -> QuerySet[SecurityTeam]:
    return qs.annotate(
        member_count=Count("members", filter=Q(members__left_on__isnull=True))
    )
