"""The head of a commune's police (Role.UNIT_HEAD over the commune) proposes and
sees the commune's proposals like its officers; over a province, nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from bcd138.agencies.models import Role, User
from bcd138.awards import access
from bcd138.awards.models import Proposal
from tests.awards.conftest import Awards, collective, draft
from tests.conftest import Personas, World, client_for, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def head_a(world: World) -> User:
    return make_user("truongca.a", Role.UNIT_HEAD, world.police_a, world.commune_a)


def test_commune_unit_head_sees_the_commune_proposals_like_its_officer(
    aw: Awards, world: World, personas: Personas, head_a: User
) -> None:
    own = draft(aw, personas.commune_a_officer, collective(world))
    other = draft(
        aw,
        personas.commune_b_officer,
        collective(world, proposer=world.police_b, place=world.commune_b),
    )
    client = client_for(head_a)
    for name in (
        "awards:list",
        "awards:campaigns",
        "awards:decisions",
        "awards:counts",
    ):
        assert client.get(reverse(name)).status_code == 200, name
    assert set(access.proposals_visible_to(head_a)) == {own}
    assert set(access.proposals_visible_to(head_a)) == set(
        access.proposals_visible_to(personas.commune_a_officer)
    )
    assert client.get(reverse("awards:detail", args=[own.pk])).status_code == 200
    assert client.get(reverse("awards:detail", args=[other.pk])).status_code == 404
    assert access.is_proposer_of(head_a, own)
    assert "edit" in access.allowed_steps(head_a, own)


def test_commune_unit_head_proposes_for_the_commune(
    aw: Awards, world: World, head_a: User
) -> None:
    client = client_for(head_a)
    url = reverse("awards:new") + f"?campaign={aw.campaign.pk}"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "campaign": aw.campaign.pk,
            "recipient_kind": "collective",
            "award_form": aw.form("giay-khen-giam-doc-ca-tinh").pk,
            "proposer": world.police_a.pk,
            "collective_name": "Tổ tự quản khối phố 5",
            "place": world.commune_a.pk,
            "achievements": "Phát hiện 3 vụ trộm cắp.",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    proposal = Proposal.objects.get(collective_name="Tổ tự quản khối phố 5")
    assert proposal.proposer == world.police_a
    assert proposal.created_by == head_a


def test_province_unit_head_is_refused(aw: Awards, world: World) -> None:
    head = make_user("truong.pc", Role.UNIT_HEAD, world.police, world.province)
    assert not access.has_awards_role(head)
    assert client_for(head).get(reverse("awards:list")).status_code == 403
