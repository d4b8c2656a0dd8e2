"""The movement's API: the same rules as the pages, 403 for a section one does
not have, 404 (audited) outside one's reach, 400 with nothing changed."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

from bcd138.core.models import AuditEntry
from bcd138.movement.models import (
    MovementModel,
    OutreachSession,
    SafetyRecognition,
    SecurityTeam,
)
from tests.conftest import Personas, World, client_for
from tests.movement.conftest import D, Movement, make_model, make_session, make_team
from tests.movement.test_safety import register

API = "/api/v1/movement"


def post(client: Client, url: str, body: Any) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json")


def model_body(**extra: Any) -> dict[str, Any]:
    return {
        "name": "Camera an ninh tổ 4",
        "model_type": "security_camera",
        "communes": [{"code": "20341"}],
        "running_organisation": "Tổ dân phố 4",
        "started_on": "2025-09-01",
        "members_count": 8,
        **extra,
    }


def test_models_list_detail_create_and_replicate(
    world: World, personas: Personas, mv: Movement
) -> None:
    client = client_for(personas.commune_a_officer)
    created = post(client, f"{API}/models", model_body())
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["communes"] == [
        {"code": "20341", "era": "2025", "name": "Phường Tam Kỳ"}
    ]
    listed = client.get(f"{API}/models").json()
    assert [m["id"] for m in listed["items"]] == [body["id"]]
    # Copied from a former commune into today's commune B, by the office.
    office = client_for(mv.standing)
    copy = post(
        office,
        f"{API}/models/{body['id']}/replications",
        model_body(communes=[{"code": world.commune_b.code}], started_on="2025-10-01"),
    )
    assert copy.status_code == 201
    assert copy.json()["replicated_from_id"] == body["id"]
    detail = office.get(f"{API}/models/{body['id']}").json()
    assert detail["replication_ids"] == [copy.json()["id"]]
    assessed = post(
        client,
        f"{API}/models/{body['id']}/assessments",
        {"year": 2025, "rating": "effective"},
    )
    assert assessed.status_code == 201
    filtered = office.get(f"{API}/models", {"origin": "replicated"}).json()
    assert filtered["count"] == 1


def test_a_former_commune_is_named_with_its_era(world: World, mv: Movement) -> None:
    client = client_for(mv.standing)
    created = post(
        client,
        f"{API}/models",
        model_body(
            communes=[{"code": "20341", "era": "legacy"}], started_on="2024-01-05"
        ),
    )
    assert created.status_code == 201
    assert created.json()["communes"][0]["name"] == "Phường An Mỹ"
    assert client.get(f"{API}/models", {"commune": "20341"}).json()["count"] == 1


def test_bad_input_is_400_and_nothing_changes(world: World, personas: Personas) -> None:
    client = client_for(personas.commune_a_officer)
    late = post(client, f"{API}/models", model_body(ended_on="2025-01-01"))
    assert late.status_code == 400
    assert late.json()["code"] == "date_order"
    unknown = post(client, f"{API}/models", model_body(communes=[{"code": "99999"}]))
    assert unknown.status_code == 400
    assert not MovementModel.objects.exists()


def test_commune_b_gets_404_and_the_auditor_403(
    world: World, personas: Personas, mv: Movement
) -> None:
    model = make_model(personas.commune_a_officer, [world.commune_a])
    team = make_team(personas.commune_a_officer, world.commune_a)
    other = client_for(personas.commune_b_officer)
    assert other.get(f"{API}/models/{model.pk}").status_code == 404
    assert other.get(f"{API}/teams/{team.pk}").status_code == 404
    assert AuditEntry.objects.filter(action="access.denied").count() == 2
    auditor = client_for(personas.auditor)
    for path in ("models", "people", "outreach", "teams", "safety", "overview"):
        assert auditor.get(f"{API}/{path}").status_code == 403, path
    department = client_for(personas.department_member)
    assert department.get(f"{API}/teams").status_code == 403
    assert department.get(f"{API}/outreach").json()["count"] == 0


def test_outreach_and_its_totals(world: World, mv: Movement) -> None:
    make_session(mv.standing, world.commune_a, world.police, held_on=D(2025, 8, 1))
    make_session(
        mv.standing, world.province, world.police, online=True, held_on=D(2025, 11, 2)
    )
    client = client_for(mv.front_officer)
    created = post(
        client,
        f"{API}/outreach",
        {
            "channel": "online",
            "held_on": "2026-01-15",
            "title": "Phụ nữ cảnh giác lừa đảo qua mạng",
            "topic": "online_fraud",
            "place": {"code": world.province.code},
            "organiser": mv.women.pk,
            "platform": "zalo",
            "page_name": "Zalo Hội Phụ nữ",
            "views": 3000,
        },
    )
    assert created.status_code == 201, created.json()
    # The Front sees its own and its member organisations' sessions only.
    assert client.get(f"{API}/outreach").json()["count"] == 1
    totals = client_for(mv.standing).get(
        f"{API}/outreach/totals", {"period": "quarter"}
    )
    body = totals.json()
    assert body["totals"]["in_person"] == 1
    assert body["totals"]["online"] == 2
    assert [p["label"] for p in body["periods"]] == ["Q3/2025", "Q4/2025", "Q1/2026"]
    refused = post(
        client,
        f"{API}/outreach",
        {
            "channel": "in_person",
            "held_on": "2026-01-15",
            "title": "Hội nghị",
            "topic": "drugs",
            "place": {"code": world.commune_a.code},
            "organiser": world.police.pk,
            "attendees": 40,
        },
    )
    assert refused.status_code == 403
    assert OutreachSession.objects.count() == 3


def test_teams_with_members_all_or_nothing(world: World, personas: Personas) -> None:
    client = client_for(personas.commune_a_officer)
    body = {
        "commune": {"code": world.commune_a.code},
        "name": "Tổ bảo vệ ANTT số 3",
        "decision_ref": "7/QĐ-UBND",
        "decided_on": "2025-08-01",
        "areas": ["Tổ dân phố 9"],
        "members": [
            {"full_name": "Nguyễn Văn A", "birth_year": 1980},
            {"full_name": "Trần Văn B", "birth_year": 1950},
        ],
    }
    refused = post(client, f"{API}/teams", body)
    assert refused.status_code == 400
    assert refused.json()["code"] == "member_age"
    assert not SecurityTeam.objects.exists()
    body["members"][1].update(over_age_exception=True, exception_reason="Khỏe mạnh")
    created = post(client, f"{API}/teams", body)
    assert created.status_code == 201
    assert created.json()["member_count"] == 2
    team_id = created.json()["id"]
    added = post(
        client,
        f"{API}/teams/{team_id}/members",
        {"full_name": "Lê C", "birth_year": 1999},
    )
    assert added.status_code == 201
    assert client.get(f"{API}/teams").json()["items"][0]["member_count"] == 3


def test_safety_register_answer_decide(world: World, personas: Personas) -> None:
    client = client_for(personas.commune_a_officer)
    outside = post(
        client,
        f"{API}/safety",
        {
            "kind": "residential_area",
            "unit_name": "Tổ dân phố 1",
            "commune": {"code": world.commune_a.code},
            "year": 2025,
            "registered_on": "2025-05-02",
        },
    )
    assert outside.status_code == 400
    assert outside.json()["code"] == "registration_window"
    assert not SafetyRecognition.objects.exists()
    rec = register(personas.commune_a_officer, world.commune_a)
    detail = client.get(f"{API}/safety/{rec.pk}").json()
    assert detail["competent_body"] == "commune"
    assert detail["period_start"] == "2024-11-01"
    codes = [c["code"] for c in detail["checklist"]]
    prefilled = {c["code"]: c["suggested"] for c in detail["checklist"]}
    assert prefilled["4.4b"] is True
    answered = post(
        client,
        f"{API}/safety/{rec.pk}/answers",
        [{"code": c, "met": True} for c in codes],
    )
    assert answered.status_code == 200
    wrong = post(
        client,
        f"{API}/safety/{rec.pk}/decision",
        {
            "result": "met",
            "decision_ref": "1/QĐ",
            "decided_on": "2025-11-10",
            "level": "ministry",
        },
    )
    # Commune police record their commune chair's decisions only.
    assert wrong.status_code == 403
    assert wrong.json()["code"] == "forbidden"
    done = post(
        client,
        f"{API}/safety/{rec.pk}/decision",
        {
            "result": "met",
            "decision_ref": "1/QĐ",
            "decided_on": "2025-11-10",
            "level": "commune",
        },
    )
    assert done.status_code == 200
    assert done.json()["result"] == "met"
    totals = client.get(f"{API}/safety/totals").json()
    assert totals == [
        {
            "year": 2025,
            "kind": "residential_area",
            "registered": 1,
            "met": 1,
            "not_met": 0,
            "pending": 0,
        }
    ]


def test_people_and_their_links(world: World, mv: Movement) -> None:
    client = client_for(mv.standing)
    model = make_model(mv.standing, [world.commune_a])
    created = post(
        client,
        f"{API}/people",
        {
            "kind": "individual",
            "name": "Nguyễn Thị Hoa",
            "place": {"code": world.commune_a.code},
            "year": 2025,
            "achievement": "Tố giác kịp thời",
        },
    )
    assert created.status_code == 201, created.json()
    person = created.json()
    assert person["proposed_by_id"] == world.police.pk
    linked = post(
        client,
        f"{API}/people/{person['id']}/links",
        {"kind": "model", "ref": str(model.pk)},
    )
    assert linked.status_code == 201
    assert linked.json()["links"][0]["object_id"] == model.pk
    assert client.get(f"{API}/people").json()["count"] == 1


def test_overview_totals(world: World, personas: Personas, mv: Movement) -> None:
    make_model(mv.standing, [world.commune_a])
    make_session(mv.standing, world.commune_a, world.police)
    body = client_for(mv.leader).get(f"{API}/overview").json()
    assert body["models_by_year"] == [{"year": 2025, "built": 1, "replicated": 0}]
    assert body["outreach_totals"]["in_person"] == 1
