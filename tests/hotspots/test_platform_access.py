"""Who sees which runs and alerts, and who acts."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from bcd138.core.models import AuditEntry
from bcd138.hotspots.access import (
    alert_get_for,
    alerts_visible_to,
    commune_scope,
    has_hotspots_role,
    may_act_on_alert,
    may_start_run,
    require_hotspots_role,
    runs_visible_to,
)
from bcd138.places.models import Place
from tests.conftest import Personas, World
from tests.hotspots.conftest import People, make_alert, make_run

pytestmark = pytest.mark.django_db


def test_roles(people: People, personas: Personas) -> None:
    for user in (
        people.standing,
        people.leader,
        people.provincial,
        people.police_a,
        people.head_a,
    ):
        assert has_hotspots_role(user)
    for user in (
        personas.procuracy_liaison,
        personas.department_member,
        people.no_role,
    ):
        assert not has_hotspots_role(user)
        with pytest.raises(PermissionDenied):
            require_hotspots_role(user)


def test_commune_police_see_only_their_communes_alerts(
    world: World, people: People
) -> None:
    run = make_run(world.province)
    a = make_alert(world, world.commune_a, run)
    b = make_alert(world, world.commune_b, run)
    assert list(alerts_visible_to(people.police_a)) == [a]
    assert list(alerts_visible_to(people.head_a)) == [a]
    assert set(alerts_visible_to(people.standing)) == {a, b}
    assert set(alerts_visible_to(people.provincial)) == {a, b}
    assert set(alerts_visible_to(people.leader)) == {a, b}
    assert not alerts_visible_to(people.outsider).exists()
    assert alert_get_for(user=people.police_a, pk=a.pk) == a
    with pytest.raises(Http404):
        alert_get_for(user=people.police_a, pk=b.pk)
    denied = AuditEntry.objects.filter(action="access.denied").latest("pk")
    assert denied.object_id == str(b.pk)
    with pytest.raises(Http404):
        alert_get_for(user=people.outsider, pk=a.pk)
    with pytest.raises(Http404):
        alert_get_for(user=people.police_a, pk="nonsense")


def test_scope_of_cells_and_trends(world: World, people: People) -> None:
    assert commune_scope(people.standing, world.province) is None
    assert commune_scope(people.provincial, world.province) is None
    assert commune_scope(people.leader, world.province) is None
    assert commune_scope(people.police_a, world.province) == {world.commune_a.pk}
    assert commune_scope(people.head_a, world.province) == {world.commune_a.pk}
    hanoi = Place.objects.current().provinces().get(code="01")
    assert commune_scope(people.police_a, hanoi) == set()
    assert commune_scope(people.outsider, world.province) == set()


def test_runs_are_seen_in_ones_own_province(world: World, people: People) -> None:
    run = make_run(world.province)
    hanoi = Place.objects.current().provinces().get(code="01")
    other = make_run(hanoi)
    assert list(runs_visible_to(people.police_a)) == [run]
    assert list(runs_visible_to(people.standing)) == [run]
    assert list(runs_visible_to(people.outsider)) == [other]
    assert not runs_visible_to(people.no_role).exists()


def test_who_acts_and_who_starts_runs(world: World, people: People) -> None:
    alert = make_alert(world, world.commune_a)
    assert may_act_on_alert(people.standing, alert)
    assert may_act_on_alert(people.police_a, alert)
    assert may_act_on_alert(people.head_a, alert)
    for user in (people.police_b, people.provincial, people.leader, people.outsider):
        assert not may_act_on_alert(user, alert)
    assert may_start_run(people.standing, world.province)
    for user in (people.provincial, people.police_a, people.leader, people.outsider):
        assert not may_start_run(user, world.province)
