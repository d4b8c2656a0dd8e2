"""Who sees and records what: every persona of issue 6, allowed and forbidden."""

from __future__ import annotations

import pytest
from django.urls import reverse

from bcd138.core.models import AuditEntry
from bcd138.movement.models import MovementModel, OutreachSession
from bcd138.movement.services.grassroots import models_visible_to
from bcd138.movement.services.outreach import outreach_visible_to
from tests.conftest import Personas, World, client_for
from tests.movement.conftest import D, Movement, make_model, make_session, make_team

SECTIONS = ["models", "people", "outreach", "teams", "safety"]


def test_standing_office_sees_all_commune_officers_their_own(
    world: World, personas: Personas, mv: Movement
) -> None:
    in_a = make_model(personas.commune_a_officer, [world.commune_a])
    in_b = make_model(personas.commune_b_officer, [world.commune_b])
    # A former commune's model counts for the 2025 commune that absorbed it.
    legacy = make_model(mv.standing, [mv.legacy_a], started_on=D(2024, 5, 1))

    def seen(user: object) -> set[int]:
        return set(models_visible_to(user).values_list("pk", flat=True))

    assert seen(mv.standing) == {in_a.pk, in_b.pk, legacy.pk}
    assert seen(mv.leader) == {in_a.pk, in_b.pk, legacy.pk}
    assert seen(personas.commune_a_officer) == {in_a.pk, legacy.pk}
    assert seen(personas.commune_b_officer) == {in_b.pk}
    assert seen(personas.auditor) == set()
    assert seen(personas.procuracy_liaison) == set()


def test_commune_b_officer_gets_404_on_commune_a_items_and_it_is_audited(
    world: World, personas: Personas, mv: Movement
) -> None:
    model = make_model(personas.commune_a_officer, [world.commune_a])
    session = make_session(personas.commune_a_officer, world.commune_a, world.police_a)
    team = make_team(personas.commune_a_officer, world.commune_a)
    client = client_for(personas.commune_b_officer)
    for url in [
        reverse("movement:model", args=[model.pk]),
        reverse("movement:model_edit", args=[model.pk]),
        reverse("movement:session", args=[session.pk]),
        reverse("movement:team", args=[team.pk]),
    ]:
        assert client.get(url).status_code == 404, url
    denied = AuditEntry.objects.filter(action="access.denied")
    assert denied.filter(object_type="movement.movementmodel").count() == 2
    assert denied.filter(object_type="movement.securityteam").count() == 1
    own = client_for(personas.commune_a_officer)
    assert own.get(reverse("movement:model", args=[model.pk])).status_code == 200
    assert own.get(reverse("movement:team", args=[team.pk])).status_code == 200


def test_commune_officer_cannot_record_in_another_commune(
    world: World, personas: Personas
) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        make_model(personas.commune_a_officer, [world.commune_b])
    assert not MovementModel.objects.exists()


def test_a_model_spanning_two_communes_is_changed_only_by_who_covers_both(
    world: World, personas: Personas, mv: Movement
) -> None:
    from bcd138.movement import access

    both = make_model(mv.standing, [world.commune_a, world.commune_b])
    assert access.may_edit(mv.standing, both)
    assert not access.may_edit(personas.commune_a_officer, both)
    assert models_visible_to(personas.commune_a_officer).get() == both
    assert models_visible_to(personas.commune_b_officer).get() == both


def test_member_agency_sees_its_organisations_outreach_only(
    world: World, personas: Personas, mv: Movement
) -> None:
    own = make_session(mv.front_officer, world.province, mv.front, online=True)
    members = make_session(mv.front_officer, world.commune_a, mv.women)
    police = make_session(mv.standing, world.commune_a, world.police)
    assert set(outreach_visible_to(mv.front_officer)) == {own, members}
    assert set(outreach_visible_to(personas.department_member)) == set()
    assert set(outreach_visible_to(mv.standing)) == {own, members, police}
    client = client_for(mv.front_officer)
    assert client.get(reverse("movement:session", args=[own.pk])).status_code == 200
    assert client.get(reverse("movement:session", args=[police.pk])).status_code == 404


def test_member_agency_cannot_record_for_another_organisation(
    world: World, mv: Movement
) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        make_session(mv.front_officer, world.commune_a, world.police)
    assert not OutreachSession.objects.exists()


@pytest.mark.parametrize("section", SECTIONS)
def test_roles_without_the_movement_are_refused(
    personas: Personas, mv: Movement, section: str
) -> None:
    for user in [personas.auditor, personas.procuracy_liaison, personas.no_role]:
        response = client_for(user).get(reverse(f"movement:{section}"))
        assert response.status_code == 403, (user, section)
    assert (
        client_for(mv.standing).get(reverse(f"movement:{section}")).status_code == 200
    )
    assert client_for(mv.leader).get(reverse(f"movement:{section}")).status_code == 200


def test_member_agency_has_no_teams_or_recognition(
    personas: Personas, mv: Movement
) -> None:
    for user in [personas.department_member, mv.front_officer]:
        client = client_for(user)
        assert client.get(reverse("movement:teams")).status_code == 403
        assert client.get(reverse("movement:safety")).status_code == 403
        assert client.get(reverse("movement:outreach")).status_code == 200
        assert client.get(reverse("movement:overview")).status_code == 200


def test_leader_reads_but_records_nothing(personas: Personas, mv: Movement) -> None:
    client = client_for(mv.leader)
    for name in [
        "model_create",
        "person_create",
        "session_create",
        "team_create",
        "recognition_register",
    ]:
        assert client.get(reverse(f"movement:{name}")).status_code == 403, name


def test_anonymous_is_sent_to_sign_in() -> None:
    from django.test import Client

    response = Client().get(reverse("movement:overview"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_navigation_shows_the_movement_to_those_who_have_it(
    personas: Personas, mv: Movement
) -> None:
    url = reverse("movement:overview")
    home = reverse("home")
    assert url in client_for(mv.standing).get(home).text
    assert url in client_for(personas.commune_a_officer).get(home).text
    assert url not in client_for(personas.auditor).get(home).text


def test_admin_lists_are_read_only_and_scoped(
    world: World, personas: Personas, mv: Movement
) -> None:
    in_a = make_model(mv.standing, [world.commune_a], name="Mô hình phường A")
    make_model(mv.standing, [world.commune_b], name="Mô hình phường B")
    url = reverse("admin:movement_movementmodel_changelist")
    everything = client_for(personas.admin).get(url)
    assert everything.status_code == 200
    assert "Mô hình phường B" in everything.text
    scoped = client_for(personas.admin_a).get(url)
    assert "Mô hình phường A" in scoped.text
    assert "Mô hình phường B" not in scoped.text
    change = reverse("admin:movement_movementmodel_change", args=[in_a.pk])
    page = client_for(personas.admin).get(change).text
    assert 'name="_save"' not in page


def test_commune_unit_head_has_the_commune_scope_like_its_officer(
    world: World, personas: Personas, mv: Movement
) -> None:
    from bcd138.agencies.models import Role
    from tests.conftest import make_user

    head = make_user("truongca.a", Role.UNIT_HEAD, world.police_a, world.commune_a)
    in_a = make_model(personas.commune_a_officer, [world.commune_a])
    in_b = make_model(personas.commune_b_officer, [world.commune_b])
    assert set(models_visible_to(head)) == {in_a}
    client = client_for(head)
    for section in SECTIONS:
        url = reverse(f"movement:{section}")
        assert client.get(url).status_code == 200, url
    assert client.get(reverse("movement:model", args=[in_b.pk])).status_code == 404
    assert client.get(reverse("movement:model_edit", args=[in_a.pk])).status_code == 200
