import pytest
from django.core.exceptions import PermissionDenied

from bcd138.agencies import services
from bcd138.agencies.models import AgencyKind, CommitteeLevel, MemberPosition, Role
from bcd138.core.access import SYSTEM
from bcd138.core.errors import DomainError
from bcd138.core.models import AuditEntry
from bcd138.places.models import Place
from tests.conftest import Personas, World

pytestmark = pytest.mark.django_db


def test_agency_create_rejects_commune_police_above_commune(world: World) -> None:
    with pytest.raises(DomainError) as err:
        services.agency_create(
            by=SYSTEM,
            name="Công an X",
            kind=AgencyKind.COMMUNE_POLICE,
            place=world.province,
        )
    assert err.value.code == "agency_place"


def test_agency_create_rejects_legacy_place(world: World) -> None:
    legacy = Place.objects.legacy().provinces().get(code="49")
    with pytest.raises(DomainError):
        services.agency_create(
            by=SYSTEM,
            name="Công an tỉnh Quảng Nam",
            kind=AgencyKind.PROVINCIAL_POLICE,
            place=legacy,
        )


def test_agency_create_rejects_duplicate_name_in_place(world: World) -> None:
    before = AuditEntry.objects.count()
    with pytest.raises(DomainError) as err:
        services.agency_create(
            by=SYSTEM,
            name=world.police_a.name,
            kind=AgencyKind.COMMUNE_POLICE,
            place=world.commune_a,
        )
    assert err.value.code == "agency_duplicate"
    assert AuditEntry.objects.count() == before


def test_commune_admin_cannot_manage_another_commune(
    world: World, personas: Personas
) -> None:
    with pytest.raises(PermissionDenied):
        services.agency_update(world.police_b, by=personas.admin_a, phone="1")
    with pytest.raises(PermissionDenied):
        services.agency_update(
            world.police_a, by=personas.admin_a, place=world.commune_b
        )
    world.police_a.refresh_from_db()
    assert world.police_a.place == world.commune_a


def test_officer_cannot_manage_agencies(world: World, personas: Personas) -> None:
    with pytest.raises(PermissionDenied):
        services.agency_update(world.police_a, by=personas.commune_a_officer, phone="1")


def test_committee_allows_one_serving_head(world: World) -> None:
    committee = services.committee_create(
        by=SYSTEM,
        name="BCĐ 138",
        level=CommitteeLevel.PROVINCE,
        place=world.province,
        standing_agency=world.police,
    )
    services.committee_member_add(
        by=SYSTEM,
        committee=committee,
        person_name="A",
        position=MemberPosition.HEAD,
        agency=world.police,
    )
    with pytest.raises(DomainError) as err:
        services.committee_member_add(
            by=SYSTEM,
            committee=committee,
            person_name="B",
            position=MemberPosition.HEAD,
            agency=world.police,
        )
    assert err.value.code == "member_seat_taken"
    services.committee_member_add(
        by=SYSTEM,
        committee=committee,
        person_name="C",
        position=MemberPosition.MEMBER,
        agency=world.department,
    )
    assert committee.members.count() == 2


def test_committee_level_must_match_place(world: World) -> None:
    with pytest.raises(DomainError):
        services.committee_create(
            by=SYSTEM,
            name="x",
            level=CommitteeLevel.COMMUNE,
            place=world.province,
            standing_agency=world.police,
        )


def test_member_term_must_be_ordered(world: World) -> None:
    import datetime

    committee = services.committee_create(
        by=SYSTEM,
        name="BCĐ",
        level=CommitteeLevel.PROVINCE,
        place=world.province,
        standing_agency=world.police,
    )
    with pytest.raises(DomainError) as err:
        services.committee_member_add(
            by=SYSTEM,
            committee=committee,
            person_name="A",
            position=MemberPosition.MEMBER,
            agency=world.police,
            term_start=datetime.date(2026, 1, 1),
            term_end=datetime.date(2025, 1, 1),
        )
    assert err.value.code == "member_term"


def test_role_grant_validates_jurisdiction(world: World, personas: Personas) -> None:
    user = personas.no_role
    with pytest.raises(DomainError):
        services.role_grant(
            by=SYSTEM,
            user=user,
            role=Role.COMMUNE_POLICE,
            agency=world.police,
            jurisdiction=world.province,
        )
    with pytest.raises(DomainError) as err:
        services.role_grant(
            by=SYSTEM,
            user=user,
            role=Role.COMMUNE_POLICE,
            agency=world.police_b,
            jurisdiction=world.commune_a,
        )
    assert err.value.code == "jurisdiction_agency"
    with pytest.raises(PermissionDenied):
        services.role_grant(
            by=personas.admin_a,
            user=user,
            role=Role.COMMUNE_POLICE,
            agency=world.police_b,
            jurisdiction=world.commune_b,
        )
    services.role_grant(
        by=personas.admin_a,
        user=user,
        role=Role.COMMUNE_POLICE,
        agency=world.police_a,
        jurisdiction=world.commune_a,
    )
    assert user.roles.count() == 1


def test_user_create_validates_password_and_username(personas: Personas) -> None:
    with pytest.raises(DomainError) as err:
        services.user_create(by=personas.admin, username="newbie", password="123")
    assert err.value.code == "password"
    with pytest.raises(DomainError) as err:
        services.user_create(
            by=personas.admin, username="CA.A", password="Good-Password-138"
        )
    assert err.value.code == "username_taken"
    with pytest.raises(DomainError):
        services.user_create(
            by=personas.commune_a_officer, username="x", password="Good-Password-138"
        )


def test_admin_sees_accounts_of_own_jurisdiction_only(
    world: World, personas: Personas
) -> None:
    visible_a = set(services.users_visible_to(personas.admin_a))
    assert personas.commune_a_officer in visible_a
    assert personas.commune_b_officer not in visible_a
    assert personas.province_officer not in visible_a
    assert personas.commune_b_officer in set(services.users_visible_to(personas.admin))
    assert not services.users_visible_to(personas.commune_a_officer).exists()
