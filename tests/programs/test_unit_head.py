"""The head of a commune's police (Role.UNIT_HEAD over the commune) has the
commune police's scope in the committee's work; a unit head over the province
gets nothing from that rule."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from bcd138.agencies.models import Role, User
from bcd138.programs import access
from bcd138.programs.models import TaskEvent
from tests.conftest import Personas, World, client_for, make_user
from tests.programs.conftest import Board, add_task, approve, make_plan, raise_rec

pytestmark = pytest.mark.django_db

LISTS = [
    "programs:dashboard",
    "programs:tasks",
    "programs:plans",
    "programs:recommendations",
    "programs:recommendation_aging",
    "programs:programmes",
]


@pytest.fixture
def head_a(world: World) -> User:
    return make_user("truongca.a", Role.UNIT_HEAD, world.police_a, world.commune_a)


def test_commune_unit_head_has_the_lists_like_the_commune_officer(
    head_a: User, personas: Personas
) -> None:
    for name in LISTS:
        url = reverse(name)
        assert client_for(head_a).get(url).status_code == 200, url
        assert client_for(personas.commune_a_officer).get(url).status_code == 200


def test_province_unit_head_is_refused(world: World) -> None:
    head = make_user("truong.pc", Role.UNIT_HEAD, world.police, world.province)
    assert not access.has_programs_role(head)
    assert client_for(head).get(reverse("programs:tasks")).status_code == 403


def test_commune_unit_head_sees_and_reports_on_the_commune_tasks_only(
    board: Board, world: World, personas: Personas, head_a: User
) -> None:
    plan = make_plan(board)
    own = add_task(board, plan, world.police_a, title="Việc của phường A")
    other = add_task(board, plan, world.police_b, title="Việc của phường B")
    approve(board, plan)
    rec = raise_rec(board, personas.commune_a_officer, world.police_a)
    client = client_for(head_a)
    listing = client.get(reverse("programs:tasks")).content.decode()
    assert "Việc của phường A" in listing
    assert "Việc của phường B" not in listing
    assert set(access.tasks_visible_to(head_a)) == set(
        access.tasks_visible_to(personas.commune_a_officer)
    )
    assert client.get(reverse("programs:task", args=[other.pk])).status_code == 404
    assert (
        client.get(reverse("programs:recommendation", args=[rec.pk])).status_code == 200
    )
    response = client.post(
        reverse("programs:task_act", args=[own.pk, "report"]),
        {
            "report-text": "Đã lắp 10 camera.",
            "report-on": "2026-06-10",
            "report-figure": "1",
        },
    )
    assert response.status_code == 302
    event = TaskEvent.objects.get(task=own, kind="progress")
    assert event.author == head_a
    own.refresh_from_db()
    assert own.achieved == Decimal(1)
    assert [a.pk for a in access.own_agencies(head_a)] == [world.police_a.pk]
