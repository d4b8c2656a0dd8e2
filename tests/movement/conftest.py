"""Fixtures of the movement: the personas the issue names, a fixed day, and
records built through the services.

Today is 20 March 2026 (Quarter I) unless a test travels elsewhere. Commune A
is Phường Tam Kỳ, whose former communes include Phường An Mỹ (legacy code
20341); commune B is Phường Hải Châu."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import time_machine

from bcd138.agencies import services as agencies
from bcd138.agencies.models import Agency, AgencyKind, Role, User
from bcd138.core.access import SYSTEM
from bcd138.movement.models import (
    ModelType,
    MovementModel,
    OutreachChannel,
    OutreachSession,
    Platform,
    SecurityTeam,
    Topic,
)
from bcd138.movement.services import grassroots, outreach, teams
from bcd138.places.models import Place
from tests.conftest import Personas, World, make_user

TODAY = datetime.date(2026, 3, 20)
D = datetime.date
MODEL_START = D(2025, 9, 1)
SESSION_DAY = D(2026, 2, 10)
TEAM_DECIDED = D(2025, 8, 1)


@pytest.fixture(autouse=True)
def _today(settings: Any, tmp_path: Any) -> Iterator[None]:
    settings.MEDIA_ROOT = tmp_path / "media"
    noon = datetime.datetime(2026, 3, 20, 5, 0, tzinfo=datetime.UTC)  # 12:00 local
    with time_machine.travel(noon, tick=False):
        yield


@dataclass
class Movement:
    """The personas of issue 6 beyond the shared ones, and the units used."""

    standing: User  # standing office, the province
    leader: User  # committee leader, reads the province
    front_officer: User  # member agency: the Fatherland Front
    front: Agency
    women: Agency  # a member organisation under the Front
    legacy_a: Place  # Phường An Mỹ (former), now in commune A
    legacy_b: Place  # a former commune now in commune B


@pytest.fixture
def mv(world: World, personas: Personas) -> Movement:
    front = agencies.agency_create(
        by=SYSTEM,
        name="Ủy ban MTTQ Việt Nam thành phố Đà Nẵng",
        kind=AgencyKind.FATHERLAND_FRONT,
        place=world.province,
    )
    women = agencies.agency_create(
        by=SYSTEM,
        name="Hội Liên hiệp Phụ nữ thành phố Đà Nẵng",
        kind=AgencyKind.MASS_ORGANISATION,
        place=world.province,
        parent=front,
    )
    legacy = Place.objects.legacy().communes()
    return Movement(
        standing=make_user(
            "thuongtruc", Role.STANDING_OFFICE, world.police, world.province
        ),
        leader=make_user(
            "lanhdao", Role.COMMITTEE_LEADER, world.police, world.province
        ),
        front_officer=make_user("mttq", Role.MEMBER_AGENCY, front, world.province),
        front=front,
        women=women,
        legacy_a=legacy.get(code="20341"),
        legacy_b=legacy.filter(current_commune=world.commune_b).order_by("code")[0],
    )


def make_model(
    by: Any,
    communes: list[Place],
    *,
    name: str = "Camera an ninh tổ dân phố 3",
    started_on: datetime.date = MODEL_START,
    agency: Agency | None = None,
    origin: MovementModel | None = None,
    **extra: Any,
) -> MovementModel:
    values: dict[str, Any] = {
        "name": name,
        "model_type": ModelType.SECURITY_CAMERA,
        "communes": communes,
        "started_on": started_on,
        "running_agency": agency,
        "running_organisation": "" if agency else "Tổ dân phố 3",
        "members_count": 12,
    }
    data = grassroots.ModelInput(**{**values, **extra})
    if origin is not None:
        return grassroots.model_replicate(origin, by=by, data=data)
    return grassroots.model_create(by=by, data=data)


def make_session(
    by: Any,
    place: Place,
    organiser: Agency,
    *,
    online: bool = False,
    held_on: datetime.date = SESSION_DAY,
    **extra: Any,
) -> OutreachSession:
    values: dict[str, Any] = {
        "channel": OutreachChannel.ONLINE if online else OutreachChannel.IN_PERSON,
        "held_on": held_on,
        "title": "Cảnh giác lừa đảo qua mạng",
        "topic": Topic.ONLINE_FRAUD,
        "place": place,
        "organiser": organiser,
    }
    if online:
        values.update(
            platform=Platform.FACEBOOK,
            page_name="Công an phường",
            link="https://facebook.com/congan",
            views=1000,
            shares=20,
        )
    else:
        values.update(attendees=80, venue="Nhà văn hóa")
    values.update(extra)
    return outreach.outreach_create(by=by, data=outreach.OutreachInput(**values))


def make_team(
    by: Any,
    commune: Place,
    *,
    decided_on: datetime.date = TEAM_DECIDED,
    members: list[teams.MemberInput] | None = None,
) -> SecurityTeam:
    return teams.team_create(
        by=by,
        data=teams.TeamInput(
            commune=commune,
            name="Tổ bảo vệ ANTT số 1",
            decision_ref="12/QĐ-UBND",
            decided_on=decided_on,
            areas=["Tổ dân phố 1", "Tổ dân phố 2"],
            members=members or [],
        ),
    )
