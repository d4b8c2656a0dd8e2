"""Commune A cannot read commune B: through the pages, the API and the admin."""

import pytest
from django.urls import reverse

from bcd138.agencies.models import Agency
from bcd138.core import access
from bcd138.core.models import AuditEntry
from tests.conftest import Personas, World, client_for

pytestmark = pytest.mark.django_db


def test_jurisdiction_filter_keeps_each_commune_to_itself(
    world: World, personas: Personas
) -> None:
    qs = Agency.objects.all()
    seen_a = set(access.visible(qs, personas.commune_a_officer, field="place"))
    seen_b = set(access.visible(qs, personas.commune_b_officer, field="place"))
    assert seen_a == {world.police_a}
    assert seen_b == {world.police_b}
    seen_province = set(access.visible(qs, personas.province_officer, field="place"))
    assert {world.police, world.police_a, world.police_b} <= seen_province


def test_user_without_role_sees_nothing(world: World, personas: Personas) -> None:
    assert not access.visible(
        Agency.objects.all(), personas.no_role, field="place"
    ).exists()


def test_legacy_place_is_seen_by_the_commune_that_absorbed_it(
    world: World, personas: Personas
) -> None:
    from bcd138.places.models import Place

    an_my = (
        Place.objects.legacy()
        .communes()
        .get(short_name="An Mỹ", parent__short_name="Tam Kỳ")
    )
    assert access.place_in_jurisdiction(personas.commune_a_officer, an_my)
    assert not access.place_in_jurisdiction(personas.commune_b_officer, an_my)
    assert access.place_in_jurisdiction(personas.province_officer, an_my)


def test_page_refuses_other_communes_agency(world: World, personas: Personas) -> None:
    own = client_for(personas.commune_a_officer).get(
        reverse("agencies:detail", args=[world.police_a.pk])
    )
    other = client_for(personas.commune_a_officer).get(
        reverse("agencies:detail", args=[world.police_b.pk])
    )
    assert own.status_code == 200
    assert other.status_code == 404
    denied = AuditEntry.objects.get(action="access.denied")
    assert denied.actor == personas.commune_a_officer
    assert denied.object_id == str(world.police_b.pk)
    assert denied.object_repr == ""  # commune A's auditors must not learn B's data
    # Filed under the asker's own commune, so its auditors see the attempt.
    assert denied.place == world.commune_a


def test_missing_object_is_404_without_audit(world: World, personas: Personas) -> None:
    response = client_for(personas.commune_a_officer).get(
        reverse("agencies:detail", args=[999999])
    )
    assert response.status_code == 404
    assert not AuditEntry.objects.filter(action="access.denied").exists()


def test_list_page_shows_only_own_commune(world: World, personas: Personas) -> None:
    response = client_for(personas.commune_a_officer).get(reverse("agencies:list"))
    assert response.status_code == 200
    assert world.police_a.name in response.text
    assert world.police_b.name not in response.text


def test_api_refuses_other_communes_agency(world: World, personas: Personas) -> None:
    client = client_for(personas.commune_a_officer)
    own = client.get(f"/api/v1/agencies/{world.police_a.pk}")
    other = client.get(f"/api/v1/agencies/{world.police_b.pk}")
    assert own.status_code == 200
    assert own.json()["name"] == world.police_a.name
    assert other.status_code == 404
    assert other.json()["code"] == "not_found"
    listed = client.get("/api/v1/agencies/").json()
    assert [a["id"] for a in listed["items"]] == [world.police_a.pk]


def test_admin_refuses_other_communes_agency(world: World, personas: Personas) -> None:
    client = client_for(personas.admin_a)
    own = client.get(reverse("admin:agencies_agency_change", args=[world.police_a.pk]))
    other = client.get(
        reverse("admin:agencies_agency_change", args=[world.police_b.pk])
    )
    assert own.status_code == 200
    # The admin answers an object outside the queryset by redirecting to the index
    # with "does not exist", never by showing it.
    assert other.status_code == 302
    changelist = client.get(reverse("admin:agencies_agency_changelist"))
    assert world.police_a.name in changelist.text
    assert world.police_b.name not in changelist.text


def test_admin_is_closed_to_officers_without_admin_role(
    world: World, personas: Personas
) -> None:
    response = client_for(personas.commune_a_officer).get(reverse("admin:index"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_anonymous_is_sent_to_login(world: World) -> None:
    response = client_for(None).get(reverse("agencies:list"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]
    api = client_for(None).get("/api/v1/agencies/")
    assert api.status_code == 401
    assert api.json()["code"] == "unauthenticated"
