"""Shared fixtures: the administrative units (loaded once per test session) and
the personas every view and endpoint is tested with, allowed and forbidden.

Personas live in Đà Nẵng (48): commune A is Phường Tam Kỳ (20341), commune B is
Phường Hải Châu (20242).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from bcd138.agencies import services as agencies
from bcd138.agencies.models import Agency, AgencyKind, Role, User
from bcd138.core.access import SYSTEM
from bcd138.places.models import Place

PASSWORD = "Correct-Horse-138"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    from bcd138.places.services import places_load

    with django_db_blocker.unblock():
        places_load()


@pytest.fixture(autouse=True)
def _test_settings(settings: Any) -> None:
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
    }
    # Hashing each persona's password with the production work factor costs
    # ~0.2 s; these are throw-away accounts.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class World:
    province: Place
    commune_a: Place
    commune_b: Place
    police: Agency
    police_a: Agency
    police_b: Agency
    procuracy: Agency
    department: Agency


@pytest.fixture
def world(db: Any) -> World:
    province = Place.objects.current().provinces().get(code="48")
    commune_a = Place.objects.current().communes().get(code="20341")
    commune_b = Place.objects.current().communes().get(code="20242")

    def agency(name: str, kind: str, place: Place) -> Agency:
        return agencies.agency_create(by=SYSTEM, name=name, kind=kind, place=place)

    return World(
        province=province,
        commune_a=commune_a,
        commune_b=commune_b,
        police=agency(
            "Công an thành phố Đà Nẵng", AgencyKind.PROVINCIAL_POLICE, province
        ),
        police_a=agency("Công an phường Tam Kỳ", AgencyKind.COMMUNE_POLICE, commune_a),
        police_b=agency(
            "Công an phường Hải Châu", AgencyKind.COMMUNE_POLICE, commune_b
        ),
        procuracy=agency("VKSND thành phố Đà Nẵng", AgencyKind.PROCURACY, province),
        department=agency("Sở Giáo dục và Đào tạo", AgencyKind.DEPARTMENT, province),
    )


def make_user(
    username: str,
    role: str | None,
    agency: Agency | None,
    place: Place | None,
    **kw: Any,
) -> User:
    user = agencies.user_create(by=SYSTEM, username=username, password=PASSWORD, **kw)
    if role and agency and place:
        agencies.role_grant(
            by=SYSTEM, user=user, role=role, agency=agency, jurisdiction=place
        )
    return user


@dataclass
class Personas:
    province_officer: User
    commune_a_officer: User
    commune_b_officer: User
    procuracy_liaison: User
    department_member: User
    admin: User
    admin_a: User
    auditor: User
    no_role: User


@pytest.fixture
def personas(world: World) -> Personas:
    w = world
    return Personas(
        province_officer=make_user(
            "catp", Role.PROVINCIAL_POLICE, w.police, w.province
        ),
        commune_a_officer=make_user(
            "ca.a", Role.COMMUNE_POLICE, w.police_a, w.commune_a
        ),
        commune_b_officer=make_user(
            "ca.b", Role.COMMUNE_POLICE, w.police_b, w.commune_b
        ),
        procuracy_liaison=make_user(
            "vks", Role.PROCURACY_LIAISON, w.procuracy, w.province
        ),
        department_member=make_user(
            "sogd", Role.MEMBER_AGENCY, w.department, w.province
        ),
        admin=make_user(
            "quantri", Role.SYSTEM_ADMIN, w.police, w.province, is_staff=True
        ),
        admin_a=make_user(
            "quantri.a", Role.SYSTEM_ADMIN, w.police_a, w.commune_a, is_staff=True
        ),
        auditor=make_user("kiemtra", Role.AUDITOR, w.police, w.province),
        no_role=make_user("moi", None, None, None),
    )


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def english(user: User | None) -> Client:
    """`client_for` reading the pages in English (the language cookie; the
    session stays), for tests that assert English text."""
    client = client_for(user)
    client.cookies["django_language"] = "en"
    return client
