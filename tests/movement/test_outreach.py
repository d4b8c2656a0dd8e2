"""Outreach sessions: in person and online, and the totals by channel and period."""

from __future__ import annotations

import datetime

import pytest

from bcd138.core.errors import DomainError
from bcd138.movement.models import OutreachSession, Platform
from bcd138.movement.services.outreach import (
    outreach_channel_totals,
    outreach_totals,
    outreach_visible_to,
)
from tests.conftest import Personas, World
from tests.movement.conftest import D, Movement, make_session


def test_totals_by_channel_and_period_show_the_move_online(
    world: World, mv: Movement
) -> None:
    by, police = mv.standing, world.police
    # Two quarters of 2025: mostly in person, then mostly online.
    make_session(by, world.commune_a, police, held_on=D(2025, 7, 3), attendees=100)
    make_session(by, world.commune_b, police, held_on=D(2025, 8, 3), attendees=50)
    make_session(by, world.province, police, online=True, held_on=D(2025, 9, 1))
    make_session(by, world.commune_a, police, held_on=D(2025, 10, 3), attendees=40)
    for day in (1, 2, 3):
        make_session(
            by,
            world.province,
            police,
            online=True,
            held_on=D(2025, 11, day),
            views=5000,
            shares=100,
        )
    qs = outreach_visible_to(by)
    quarters = outreach_totals(qs, period="quarter")
    assert [(q.label, q.in_person, q.online) for q in quarters] == [
        ("Q3/2025", 2, 1),
        ("Q4/2025", 1, 3),
    ]
    assert [q.online_share for q in quarters] == [33, 75]
    assert quarters[0].attendees == 150
    assert quarters[1].views == 15000
    months = outreach_totals(qs, period="month")
    assert [m.label for m in months] == [
        "07/2025",
        "08/2025",
        "09/2025",
        "10/2025",
        "11/2025",
    ]
    year = outreach_totals(qs, period="year")
    assert [(y.label, y.sessions) for y in year] == [("2025", 7)]
    totals = outreach_channel_totals(qs)
    assert totals == {
        "in_person": 3,
        "online": 4,
        "attendees": 190,
        "views": 16000,
        "shares": 320,
    }


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"attendees": None}, "attendees"),  # in person, nobody counted
        ({"held_on": datetime.date(2026, 3, 21)}, "date_future"),
        ({"held_on": datetime.date(2025, 3, 1)}, "place_era"),  # 2025 commune
        ({"topic": "gossip"}, "topic"),
        ({"title": ""}, "required"),
        ({"attendees": -3}, "count"),
    ],
)
def test_bad_sessions_are_refused_and_nothing_changes(
    world: World, personas: Personas, changes: dict[str, object], code: str
) -> None:
    with pytest.raises(DomainError) as err:
        make_session(
            personas.commune_a_officer, world.commune_a, world.police_a, **changes
        )
    assert err.value.code == code
    assert not OutreachSession.objects.exists()


def test_online_sessions_name_their_platform_and_page(
    world: World, mv: Movement
) -> None:
    with pytest.raises(DomainError) as err:
        make_session(
            mv.standing, world.province, world.police, online=True, platform=""
        )
    assert err.value.code == "platform"
    with pytest.raises(DomainError) as err:
        make_session(
            mv.standing,
            world.province,
            world.police,
            online=True,
            page_name="",
            link="",
        )
    assert err.value.code == "link"
    with pytest.raises(DomainError) as err:
        make_session(
            mv.standing,
            world.province,
            world.police,
            online=True,
            link="javascript:alert(1)",
        )
    assert err.value.code == "link"
    assert not OutreachSession.objects.exists()
    session = make_session(
        mv.standing, world.province, world.police, online=True, attendees=99
    )
    assert session.platform == Platform.FACEBOOK
    assert session.attendees is None  # online sessions count views, not seats


def test_in_person_sessions_are_held_in_a_commune(world: World, mv: Movement) -> None:
    with pytest.raises(DomainError) as err:
        make_session(mv.standing, world.province, world.police)
    assert err.value.code == "place_level"
