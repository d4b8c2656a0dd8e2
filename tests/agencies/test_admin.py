"""The administration screens go through the services: validated, scoped, audited."""

from typing import Any

import pytest
from django.urls import reverse

from bcd138.agencies import services
from bcd138.agencies.models import CommitteeLevel, MemberPosition, RoleAssignment
from bcd138.core.access import SYSTEM
from bcd138.core.models import AuditEntry
from tests.conftest import Personas, World, client_for

pytestmark = pytest.mark.django_db


def agency_form(agency: Any, **changes: Any) -> dict[str, Any]:
    data = {
        "name": agency.name,
        "short_name": agency.short_name,
        "kind": agency.kind,
        "place": agency.place_id,
        "parent": agency.parent_id or "",
        "address": agency.address,
        "phone": agency.phone,
        "email": agency.email,
        "is_active": "on" if agency.is_active else "",
    }
    data.update(changes)
    return data


def test_admin_edit_is_audited_as_admin(world: World, personas: Personas) -> None:
    url = reverse("admin:agencies_agency_change", args=[world.police_a.pk])
    response = client_for(personas.admin_a).post(
        url, agency_form(world.police_a, phone="0235 3822 113")
    )
    assert response.status_code == 302
    world.police_a.refresh_from_db()
    assert world.police_a.phone == "0235 3822 113"
    entry = AuditEntry.objects.get(action="agency.update")
    assert entry.source == "admin"
    assert entry.actor == personas.admin_a


def test_admin_cannot_move_an_agency_out_of_reach(
    world: World, personas: Personas
) -> None:
    url = reverse("admin:agencies_agency_change", args=[world.police_a.pk])
    response = client_for(personas.admin_a).post(
        url, agency_form(world.police_a, place=world.commune_b.pk)
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    world.police_a.refresh_from_db()
    assert world.police_a.place == world.commune_a


def test_admin_form_shows_service_rule_as_error(
    world: World, personas: Personas
) -> None:
    url = reverse("admin:agencies_agency_add")
    data = agency_form(world.police_a, name="Công an thành phố (sai cấp)")
    data.update(kind="commune_police", place=world.province.pk, parent="")
    response = client_for(personas.admin).post(url, data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors.as_data()["__all__"]
    assert [e.code for e in errors] == ["agency_place"]


def inline(prefix: str, rows: list[dict[str, Any]], initial: int = 0) -> dict[str, Any]:
    data: dict[str, Any] = {
        f"{prefix}-TOTAL_FORMS": len(rows),
        f"{prefix}-INITIAL_FORMS": initial,
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"{prefix}-{i}-{key}"] = value
    return data


def test_admin_grants_a_role_through_the_service(
    world: World, personas: Personas
) -> None:
    user = personas.no_role
    url = reverse("admin:agencies_user_change", args=[user.pk])
    data = {"username": user.username, "is_active": "on", "full_name": "Cán bộ mới"}
    row = {
        "role": "commune_police",
        "agency": world.police_a.pk,
        "jurisdiction": world.commune_a.pk,
        "user": user.pk,
    }
    data.update(inline("roles", [row]))
    response = client_for(personas.admin_a).post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    assert RoleAssignment.objects.filter(user=user, agency=world.police_a).exists()
    assert AuditEntry.objects.filter(action="role.grant", source="admin").exists()


def test_admin_refuses_a_role_outside_its_jurisdiction(
    world: World, personas: Personas
) -> None:
    user = personas.no_role
    url = reverse("admin:agencies_user_change", args=[user.pk])
    data = {"username": user.username, "is_active": "on"}
    row = {
        "role": "commune_police",
        "agency": world.police_b.pk,
        "jurisdiction": world.commune_b.pk,
        "user": user.pk,
    }
    data.update(inline("roles", [row]))
    response = client_for(personas.admin_a).post(url, data)
    assert response.status_code == 200
    assert not RoleAssignment.objects.filter(user=user).exists()


def test_admin_refuses_a_second_serving_head(world: World, personas: Personas) -> None:
    committee = services.committee_create(
        by=SYSTEM,
        name="BCĐ 138 TP",
        level=CommitteeLevel.PROVINCE,
        place=world.province,
        standing_agency=world.police,
    )
    url = reverse("admin:agencies_steeringcommittee_change", args=[committee.pk])
    data: dict[str, Any] = {
        "name": committee.name,
        "level": committee.level,
        "place": world.province.pk,
        "standing_agency": world.police.pk,
        "decision_ref": "",
    }
    head = {
        "person_name": "A",
        "title": "",
        "position": MemberPosition.HEAD,
        "agency": world.police.pk,
        "committee": committee.pk,
    }
    data.update(inline("members", [head, {**head, "person_name": "B"}]))
    response = client_for(personas.admin).post(url, data)
    assert response.status_code == 200
    assert not committee.members.exists()
    data.update(inline("members", [head]))
    assert client_for(personas.admin).post(url, data).status_code == 302
    assert committee.members.get().person_name == "A"
    assert AuditEntry.objects.filter(
        action="committee.member_add", source="admin"
    ).exists()


def test_audit_entries_are_read_only_in_admin(world: World, personas: Personas) -> None:
    entry = AuditEntry.objects.first()
    assert entry is not None
    client = client_for(personas.admin)
    change = client.post(
        reverse("admin:core_auditentry_change", args=[entry.pk]), {"reason": "x"}
    )
    delete = client.post(
        reverse("admin:core_auditentry_delete", args=[entry.pk]), {"post": "yes"}
    )
    assert change.status_code in {302, 403} or "x" not in change.text
    assert delete.status_code == 403
    entry.refresh_from_db()
    assert entry.reason == ""


def test_admin_password_reset_is_audited(world: World, personas: Personas) -> None:
    target = personas.commune_a_officer
    url = reverse("admin:auth_user_password_change", args=[target.pk])
    response = client_for(personas.admin_a).post(
        url, {"password1": "Brand-New-Pass-2026", "password2": "Brand-New-Pass-2026"}
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.check_password("Brand-New-Pass-2026")
    entry = AuditEntry.objects.get(action="user.password_set")
    assert entry.actor == personas.admin_a
    assert entry.object_id == str(target.pk)


def test_commune_admin_cannot_reach_another_communes_account(
    world: World, personas: Personas
) -> None:
    url = reverse("admin:agencies_user_change", args=[personas.commune_b_officer.pk])
    response = client_for(personas.admin_a).get(url)
    assert response.status_code == 302  # "does not exist" redirect, nothing shown
