"""List pages and endpoints cost a fixed number of queries, however long the list."""

from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bcd138.agencies import services
from bcd138.agencies.models import AgencyKind, CommitteeLevel, MemberPosition
from bcd138.core.access import SYSTEM
from bcd138.places.models import Place
from tests.conftest import Personas, World, client_for

pytestmark = pytest.mark.django_db


def count(fn: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def add_agencies(world: World, n: int) -> None:
    communes = Place.objects.current().communes().filter(parent=world.province)
    for commune in communes.exclude(pk__in=[world.commune_a.pk, world.commune_b.pk])[
        :n
    ]:
        services.agency_create(
            by=SYSTEM,
            name=f"Công an {commune.name}",
            kind=AgencyKind.COMMUNE_POLICE,
            place=commune,
        )


@pytest.mark.parametrize(
    "url", [reverse("agencies:list"), "/api/v1/agencies/", reverse("home")]
)
def test_agency_lists_do_not_grow_with_rows(
    world: World, personas: Personas, url: str
) -> None:
    client = client_for(personas.province_officer)
    client.get(url)  # warm the session
    few = count(lambda: client.get(url))
    add_agencies(world, 20)
    many = count(lambda: client.get(url))
    assert many == few


def test_committee_page_does_not_grow_with_members(
    world: World, personas: Personas
) -> None:
    committee = services.committee_create(
        by=SYSTEM,
        name="BCĐ 138",
        level=CommitteeLevel.PROVINCE,
        place=world.province,
        standing_agency=world.police,
    )
    url = reverse("agencies:committee", args=[committee.pk])
    client = client_for(personas.province_officer)
    services.committee_member_add(
        by=SYSTEM,
        committee=committee,
        person_name="A",
        position=MemberPosition.MEMBER,
        agency=world.police,
    )
    client.get(url)
    few = count(lambda: client.get(url))
    for i in range(10):
        services.committee_member_add(
            by=SYSTEM,
            committee=committee,
            person_name=f"M{i}",
            position=MemberPosition.MEMBER,
            agency=world.department,
        )
    assert count(lambda: client.get(url)) == few
    api = "/api/v1/agencies/committees"
    few_api = count(lambda: client.get(api))
    services.committee_member_add(
        by=SYSTEM,
        committee=committee,
        person_name="Z",
        position=MemberPosition.MEMBER,
        agency=world.procuracy,
    )
    assert count(lambda: client.get(api)) == few_api
