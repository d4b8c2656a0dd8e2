"""Grassroots security teams (Law 30/2023): dates and members' ages."""

from __future__ import annotations

import pytest

from bcd138.core.errors import DomainError
from bcd138.core.models import AuditEntry
from bcd138.movement.models import SecurityTeam, TeamMember
from bcd138.movement.services import teams
from tests.conftest import Personas, World
from tests.movement.conftest import D, Movement, make_team


def member(name: str, born: int, **extra: object) -> teams.MemberInput:
    return teams.MemberInput(full_name=name, birth_year=born, **extra)  # type: ignore[arg-type]


def test_a_team_with_its_members_and_areas(world: World, personas: Personas) -> None:
    team = make_team(
        personas.commune_a_officer,
        world.commune_a,
        members=[member("Nguyễn Văn An", 1980, position="Tổ trưởng")],
    )
    assert team.areas == ["Tổ dân phố 1", "Tổ dân phố 2"]
    only = team.members.get()
    assert only.decided_on == team.decided_on
    assert only.age_on_decision == 45
    entry = AuditEntry.objects.get(action="movement.team_create")
    assert "Nguyễn" not in str(entry.changes)  # members' names stay out of the log


@pytest.mark.parametrize(
    ("born", "extra", "code"),
    [
        (2008, {}, "member_age"),  # 17 in 2025
        (1954, {}, "member_age"),  # 71, no exception
        (1954, {"over_age_exception": True}, "required"),  # no reason given
    ],
)
def test_members_outside_18_to_70_are_refused_with_nothing_changed(
    world: World, personas: Personas, born: int, extra: dict[str, object], code: str
) -> None:
    by = personas.commune_a_officer
    with pytest.raises(DomainError) as err:
        make_team(by, world.commune_a, members=[member("Trần Thị B", born, **extra)])
    assert err.value.code == code
    assert not SecurityTeam.objects.exists()
    team = make_team(by, world.commune_a)
    with pytest.raises(DomainError):
        teams.team_member_add(team, by=by, data=member("Trần Thị B", born, **extra))
    assert not TeamMember.objects.exists()


def test_over_70_only_with_the_chairs_exception_and_its_reason(
    world: World, personas: Personas
) -> None:
    team = make_team(personas.commune_a_officer, world.commune_a)
    old = teams.team_member_add(
        team,
        by=personas.commune_a_officer,
        data=member(
            "Lê Văn C",
            1950,
            over_age_exception=True,
            exception_reason="Sức khỏe tốt, uy tín",
        ),
    )
    assert old.over_age_exception
    assert old.age_on_decision == 75
    young = teams.team_member_add(
        team,
        by=personas.commune_a_officer,
        data=member("Phạm D", 1990, over_age_exception=True, exception_reason="x"),
    )
    assert not young.over_age_exception  # no exception needed, none kept


@pytest.mark.parametrize(
    ("decided_on", "code"),
    [
        (D(2024, 6, 30), "date_law"),  # before Law 30/2023 took effect
        (D(2026, 3, 21), "date_future"),
        (D(2025, 3, 1), "place_era"),  # the 2025 commune did not exist yet
    ],
)
def test_team_dates_are_checked(
    world: World, personas: Personas, decided_on: object, code: str
) -> None:
    with pytest.raises(DomainError) as err:
        make_team(personas.commune_a_officer, world.commune_a, decided_on=decided_on)  # type: ignore[arg-type]
    assert err.value.code == code
    assert not SecurityTeam.objects.exists()


def test_a_former_communes_team_and_its_member_leaving(
    world: World, mv: Movement
) -> None:
    team = make_team(
        mv.standing,
        mv.legacy_a,
        decided_on=D(2024, 8, 1),
        members=[member("Võ Văn E", 1970)],
    )
    one = team.members.get()
    with pytest.raises(DomainError) as err:
        teams.team_member_leave(one, by=mv.standing, on=D(2024, 7, 1))
    assert err.value.code == "date_order"
    teams.team_member_leave(one, by=mv.standing, on=D(2025, 6, 30))
    assert (
        teams.teams_visible_to(mv.standing)
        .filter(commune__current_commune=world.commune_a)
        .get()
        == team
    )
    counted = teams.with_member_counts(SecurityTeam.objects.all()).get()
    assert counted.member_count == 0  # type: ignore[attr-defined]


def test_a_member_cannot_be_decided_before_the_team(
    world: World, personas: Personas
) -> None:
    team = make_team(personas.commune_a_officer, world.commune_a)
    with pytest.raises(DomainError) as err:
        teams.team_member_add(
            team,
            by=personas.commune_a_officer,
            data=member("Đỗ F", 1985, decided_on=D(2025, 7, 15)),
        )
    assert err.value.code == "date_order"
