"""The commendation API: the same rules as the pages, as JSON."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from bcd138.agencies import services as agency_services
from bcd138.agencies.models import User
from bcd138.awards.models import Grantor, Proposal, ProposalState
from tests.awards.conftest import Awards, approved, collective, draft
from tests.conftest import Personas, World

BASE = "/api/v1/awards"
S = ProposalState


def token_client(user: User) -> Client:
    _token, raw = agency_services.api_token_create(user=user, name="test")
    return Client(headers={"Authorization": f"Bearer {raw}"})


def post(client: Client, url: str, body: Any, method: str = "post") -> Any:
    send = getattr(client, method)
    return send(url, json.dumps(body), content_type="application/json")


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.content
    return response.json()


def refused(response: Any, status: int, code: str) -> None:
    assert response.status_code == status, response.content
    assert response.json()["code"] == code, response.content


@pytest.fixture
def mine(aw: Awards, world: World, personas: Personas) -> Proposal:
    return draft(aw, personas.commune_a_officer, collective(world))


def test_catalogue_and_campaigns(aw: Awards, personas: Personas) -> None:
    office = token_client(aw.standing_office)
    catalogue = ok(office.get(f"{BASE}/catalogue"))
    codes = {f["code"] for f in catalogue["forms"]}
    assert {"bang-khen-bo-truong-bca", "giay-khen-giam-doc-ca-tinh"} <= codes
    assert ok(office.get(f"{BASE}/campaigns"))["count"] == 1
    body = {
        "committee": aw.committee.pk,
        "name": "Ngày hội 19/8",
        "year": aw.today.year,
        "occasion": "festival_day",
        "opens_on": aw.today.isoformat(),
        "closes_on": aw.today.isoformat(),
    }
    created = ok(post(office, f"{BASE}/campaigns", body), 201)
    assert created["committee"]["id"] == aw.committee.pk
    refused(post(token_client(aw.leader), f"{BASE}/campaigns", body), 403, "forbidden")
    bad = dict(body, closes_on="2000-01-01")
    refused(post(office, f"{BASE}/campaigns", bad), 400, "dates_out_of_order")
    refused(
        token_client(personas.province_officer).get(f"{BASE}/catalogue"),
        403,
        "forbidden",
    )


def test_proposal_list_is_what_each_persona_sees(
    aw: Awards, personas: Personas, mine: Proposal, django_assert_num_queries: Any
) -> None:
    def ids(user: User) -> list[int]:
        return [
            p["id"] for p in ok(token_client(user).get(f"{BASE}/proposals"))["items"]
        ]

    assert ids(aw.standing_office) == [mine.pk]
    assert ids(aw.leader) == [mine.pk]
    assert ids(personas.commune_a_officer) == [mine.pk]
    assert ids(personas.commune_b_officer) == []
    assert ids(personas.department_member) == []
    refused(
        token_client(personas.province_officer).get(f"{BASE}/proposals"),
        403,
        "forbidden",
    )
    office = token_client(aw.standing_office)
    office.get(f"{BASE}/proposals")
    # token and user, grants, count, page
    with django_assert_num_queries(4):
        item = ok(office.get(f"{BASE}/proposals", {"state": "draft"}))["items"][0]
    assert item["place"]["code"] == "20341"
    assert item["grantor"]["name"] == "Giám đốc Công an tỉnh, thành phố"
    assert ok(office.get(f"{BASE}/proposals", {"state": "decided"}))["count"] == 0


def test_proposal_detail_is_404_outside_ones_reach(
    aw: Awards, personas: Personas, mine: Proposal
) -> None:
    detail = ok(
        token_client(personas.commune_a_officer).get(f"{BASE}/proposals/{mine.pk}")
    )
    assert detail["allowed_steps"] == ["submit", "withdraw"]
    assert detail["events"][0]["kind"] == "created"
    refused(
        token_client(personas.commune_b_officer).get(f"{BASE}/proposals/{mine.pk}"),
        404,
        "not_found",
    )


def test_a_proposal_from_draft_to_decision_through_the_api(
    aw: Awards, world: World, personas: Personas
) -> None:
    officer = token_client(personas.commune_a_officer)
    office = token_client(aw.standing_office)
    leader = token_client(aw.leader)
    body = {
        "campaign": aw.campaign.pk,
        "recipient_kind": "individual",
        "award_form": aw.form("knc-bao-ve-an-ninh-to-quoc").pk,
        "achievements": "Hơn 10 năm tham gia bảo vệ an ninh, trật tự ở cơ sở.",
        "person_name": "Phan Văn Bình",
        "person_position": "Tổ viên",
        "commune": "20341",
    }
    created = ok(post(officer, f"{BASE}/proposals", body), 201)
    pk = created["id"]
    assert created["proposer"]["id"] == world.police_a.pk
    assert created["state"] == "draft"
    collective_body = dict(body, recipient_kind="collective", collective_name="Tổ 1")
    refused(post(officer, f"{BASE}/proposals", collective_body), 400, "form_kind")
    refused(post(office, f"{BASE}/proposals/{pk}/accept", {}), 400, "state")
    ok(post(officer, f"{BASE}/proposals/{pk}/submit", {}))
    refused(post(leader, f"{BASE}/proposals/{pk}/accept", {}), 403, "forbidden")
    accepted = ok(post(office, f"{BASE}/proposals/{pk}/accept", {"note": "Đủ"}))
    assert accepted["state"] == "accepted"
    refused(post(office, f"{BASE}/proposals/{pk}/approve", {}), 403, "forbidden")
    refused(
        post(leader, f"{BASE}/proposals/{pk}/approve", {"on": "2001-01-01"}),
        400,
        "out_of_order",
    )
    ok(post(leader, f"{BASE}/proposals/{pk}/approve", {}))
    decision = {
        "campaign": aw.campaign.pk,
        "grantor": Grantor.objects.get(code="giam-doc-ca-tinh").pk,
        "number": "15/QĐ-BCA",
        "signed_on": aw.today.isoformat(),
        "signer_name": "Lê Bộ Trưởng",
        "proposals": [pk],
    }
    refused(post(office, f"{BASE}/decisions", decision), 400, "wrong_grantor")
    decision["grantor"] = Grantor.objects.get(code="bo-truong-bca").pk
    refused(post(leader, f"{BASE}/decisions", decision), 403, "forbidden")
    recorded = ok(post(office, f"{BASE}/decisions", decision), 201)
    assert recorded["issuing_body"] == "Bộ Công an"
    assert recorded["recipients"][0]["recipient_name"] == "Phan Văn Bình"
    again = dict(decision, number="16/QĐ-BCA")
    refused(post(office, f"{BASE}/decisions", again), 400, "decided_twice")
    after = ok(officer.get(f"{BASE}/proposals/{pk}"))
    assert after["state"] == "decided"
    assert after["decision"]["number"] == "15/QĐ-BCA"
    assert (
        ok(officer.get(f"{BASE}/decisions/{recorded['id']}"))["number"] == "15/QĐ-BCA"
    )
    refused(
        token_client(personas.commune_b_officer).get(
            f"{BASE}/decisions/{recorded['id']}"
        ),
        404,
        "not_found",
    )
    counts = ok(office.get(f"{BASE}/counts", {"year": aw.today.year}))
    assert counts == [
        {
            "year": aw.today.year,
            "grantor": "Bộ trưởng Bộ Công an",
            "award_form": "Kỷ niệm chương “Bảo vệ an ninh Tổ quốc”",
            "collectives": 0,
            "individuals": 1,
            "total": 1,
        }
    ]
    assert ok(office.get(f"{BASE}/decisions"))["count"] == 1


def test_return_edit_withdraw_and_evidence_through_the_api(
    aw: Awards, world: World, personas: Personas, mine: Proposal
) -> None:
    officer = token_client(personas.commune_a_officer)
    office = token_client(aw.standing_office)
    ok(post(officer, f"{BASE}/proposals/{mine.pk}/submit", {}))
    refused(
        post(office, f"{BASE}/proposals/{mine.pk}/return", {"reason": " "}),
        400,
        "reason",
    )
    returned = ok(
        post(office, f"{BASE}/proposals/{mine.pk}/return", {"reason": "Thiếu biên bản"})
    )
    assert returned["return_reason"] == "Thiếu biên bản"
    body = {
        "campaign": aw.campaign.pk,
        "recipient_kind": "collective",
        "award_form": aw.form("giay-khen-giam-doc-ca-tinh").pk,
        "achievements": "Đã bổ sung biên bản họp xét.",
        "collective_name": "Tổ bảo vệ an ninh, trật tự khối phố 3",
        "commune": "20341",
    }
    edited = ok(post(officer, f"{BASE}/proposals/{mine.pk}", body, method="put"))
    assert edited["state"] == "returned"
    refused(
        post(
            officer,
            f"{BASE}/proposals/{mine.pk}/evidence",
            {"kind": "x", "reference": "1"},
        ),
        400,
        "evidence_kind",
    )
    refused(
        post(
            officer,
            f"{BASE}/proposals/{mine.pk}/evidence",
            {"kind": "case", "reference": "9"},
        ),
        400,
        "evidence_not_found",
    )
    withdrawn = ok(
        post(officer, f"{BASE}/proposals/{mine.pk}/withdraw", {"note": "Trùng"})
    )
    assert withdrawn["state"] == "withdrawn"
    refused(post(officer, f"{BASE}/proposals/{mine.pk}/submit", {}), 400, "state")


def test_decision_names_only_proposals_one_sees(
    aw: Awards, world: World, personas: Personas
) -> None:
    proposal = approved(aw, personas.commune_a_officer, collective(world))
    body = {
        "campaign": aw.campaign.pk,
        "grantor": Grantor.objects.get(code="giam-doc-ca-tinh").pk,
        "number": "3/QĐ",
        "signed_on": aw.today.isoformat(),
        "signer_name": "X",
        "proposals": [proposal.pk, 999999],
    }
    refused(
        post(token_client(aw.standing_office), f"{BASE}/decisions", body),
        400,
        "recipients",
    )
