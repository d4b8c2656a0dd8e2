"""The API at /api/v1/programs: the same people see and act as on the pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from bcd138.core.models import AuditEntry
from bcd138.programs.models import Recommendation, Task, TaskState
from tests.conftest import Personas, World, client_for
from tests.programs.conftest import Board, add_task, approve, make_plan, raise_rec

pytestmark = pytest.mark.django_db

API = "/api/v1/programs"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def post(user: Any, path: str, body: dict[str, Any]) -> Any:
    return client_for(user).post(f"{API}{path}", body, content_type="application/json")


@pytest.fixture
def plan_with_tasks(board: Board, world: World) -> dict[str, Any]:
    plan = make_plan(board)
    dept = add_task(board, plan, world.department, due="2026-05-31")
    commune = add_task(board, plan, world.police_a)
    approve(board, plan)
    return {"plan": plan, "dept": dept, "commune": commune}


def test_lists_refuse_users_without_a_role_and_the_anonymous(
    personas: Personas, board: Board
) -> None:
    for path in ("/tasks", "/plans", "/recommendations", "/programmes", "/dashboard"):
        assert client_for(personas.no_role).get(API + path).status_code == 403
        assert client_for(None).get(API + path).status_code == 401


def test_tasks_list_is_scoped_like_the_page(
    personas: Personas, board: Board, plan_with_tasks: dict[str, Any]
) -> None:
    def ids(user: Any) -> set[int]:
        body = client_for(user).get(f"{API}/tasks").json()
        return {t["id"] for t in body["items"]}

    dept, commune = plan_with_tasks["dept"], plan_with_tasks["commune"]
    assert ids(board.standing) == {dept.pk, commune.pk}
    assert ids(personas.department_member) == {dept.pk}
    assert ids(personas.commune_a_officer) == {commune.pk}
    body = client_for(board.standing).get(f"{API}/tasks?state=overdue").json()
    assert [t["id"] for t in body["items"]] == [dept.pk]
    assert body["items"][0]["overdue"]
    assert body["items"][0]["days_overdue"] == 15


def test_outside_reach_is_404_and_audited(
    personas: Personas, plan_with_tasks: dict[str, Any]
) -> None:
    task = plan_with_tasks["commune"]
    response = client_for(personas.commune_b_officer).get(f"{API}/tasks/{task.pk}")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert AuditEntry.objects.filter(
        action="access.denied", object_id=str(task.pk)
    ).exists()


def test_plan_lifecycle_and_rollup_through_the_api(
    board: Board, world: World, personas: Personas
) -> None:
    created = post(
        board.standing,
        "/plans",
        {
            "committee": board.committee.pk,
            "year": 2026,
            "number": "7/KH",
            "title": "KH",
        },
    )
    assert created.status_code == 201
    plan_id = created.json()["id"]
    task = post(
        board.standing,
        f"/plans/{plan_id}/tasks",
        {
            "title": "Tuyên truyền",
            "assignee": world.department.pk,
            "indicator": "Số buổi",
            "due_on": "2026-09-30",
            "target": "8",
            "unit": "buổi",
        },
    )
    assert task.status_code == 201
    task_id = task.json()["id"]
    refused = post(board.standing, f"/plans/{plan_id}/approve", {"on": "2026-06-16"})
    assert refused.status_code == 400
    assert refused.json()["code"] == "date_future"
    assert (
        post(board.standing, f"/plans/{plan_id}/approve", {"on": "2026-06-01"}).json()[
            "status"
        ]
        == "approved"
    )
    member = client_for(personas.department_member)
    report = member.post(
        f"{API}/tasks/{task_id}/reports",
        {"text": "3 buổi", "on": "2026-06-10", "figure": "3"},
    )
    assert report.status_code == 201
    assert report.json()["kind"] == "progress"
    no_evidence = member.post(
        f"{API}/tasks/{task_id}/submit", {"text": "Xong", "on": "2026-06-12"}
    )
    assert no_evidence.status_code == 400
    assert no_evidence.json()["code"] == "evidence_required"
    submitted = member.post(
        f"{API}/tasks/{task_id}/submit",
        {
            "text": "Xong",
            "on": "2026-06-12",
            "figure": "5",
            "files": SimpleUploadedFile("bien-ban.pdf", PDF),
        },
    )
    assert submitted.status_code == 201
    assert submitted.json()["files"][0]["content_type"] == "application/pdf"
    assert (
        post(
            personas.department_member, f"/tasks/{task_id}/accept", {"on": "2026-06-15"}
        ).status_code
        == 403
    )
    accepted = post(board.standing, f"/tasks/{task_id}/accept", {"on": "2026-06-15"})
    assert accepted.json()["state"] == TaskState.DONE
    rollup = client_for(board.standing).get(f"{API}/plans/{plan_id}/rollup").json()
    assert rollup["done"] == 1
    assert rollup["on_time"] == 1
    assert rollup["share_done"] == 1
    assert rollup["indicators"] == [
        {"unit": "buổi", "target": "8.00", "achieved": "8.00", "share": 1.0}
    ]
    closed = post(board.standing, f"/plans/{plan_id}/close", {"on": "2026-06-15"})
    assert closed.json()["status"] == "closed"
    late = member.post(
        f"{API}/tasks/{task_id}/reports", {"text": "x", "on": "2026-06-15"}
    )
    assert late.status_code == 400


def test_a_report_on_a_closed_plan_is_refused_through_the_api(
    board: Board, personas: Personas, plan_with_tasks: dict[str, Any]
) -> None:
    plan, task = plan_with_tasks["plan"], plan_with_tasks["dept"]
    post(board.standing, f"/plans/{plan.pk}/close", {"on": "2026-06-15"})
    response = client_for(personas.department_member).post(
        f"{API}/tasks/{task.pk}/reports",
        {"text": "x", "on": "2026-06-15", "figure": "1"},
    )
    assert response.status_code == 400
    assert response.json()["code"] == "plan_closed"
    task.refresh_from_db()
    assert task.achieved == 0
    assert not task.events.exists()


def test_recommendation_through_the_api(
    board: Board, world: World, personas: Personas
) -> None:
    created = post(
        personas.commune_a_officer,
        "/recommendations",
        {
            "committee": board.committee.pk,
            "subject": "Chiếu sáng đường kiệt",
            "text": "Nhiều vụ cướp giật ở kiệt tối.",
            "raised_by": world.police_a.pk,
            "raised_on": "2026-03-01",
            "commune": "20341",
        },
    )
    assert created.status_code == 201, created.json()
    rec_id = created.json()["id"]
    assert created.json()["days_open"] == 106
    assert created.json()["age_band"] == "gt90"
    foreign = post(
        personas.commune_a_officer,
        "/recommendations",
        {
            "committee": board.committee.pk,
            "subject": "x",
            "text": "x",
            "raised_by": world.police_b.pk,
            "raised_on": "2026-03-01",
        },
    )
    assert foreign.status_code == 403
    bad = post(
        board.standing,
        f"/recommendations/{rec_id}/respond",
        {
            "response": "accepted",
            "text": "Giao UBND phường",
            "on": "2026-03-10",
            "follow_up_agency": world.police_a.pk,
            "follow_up_by": "2026-02-01",
        },
    )
    assert bad.status_code == 400
    assert bad.json()["code"] == "dates_order"
    assert Recommendation.objects.get().state == "open"
    ok = post(
        board.standing,
        f"/recommendations/{rec_id}/respond",
        {
            "response": "accepted",
            "text": "Giao UBND phường",
            "on": "2026-03-10",
            "follow_up_agency": world.police_a.pk,
            "follow_up_by": "2026-05-01",
        },
    )
    assert ok.json()["state"] == "follow_up"
    assert ok.json()["days_past_follow_up"] == 45
    note = post(
        personas.commune_a_officer,
        f"/recommendations/{rec_id}/notes",
        {"text": "Đã lắp 12 đèn", "on": "2026-06-01"},
    )
    assert note.status_code == 201
    aging = client_for(board.standing).get(f"{API}/recommendations/aging").json()
    assert aging["total"] == 1
    assert aging["past_follow_up"] == 1
    assert [b["count"] for b in aging["bands"]] == [0, 0, 1]
    closed = post(
        board.standing,
        f"/recommendations/{rec_id}/close",
        {"outcome": "done", "on": "2026-06-15"},
    )
    assert closed.json()["state"] == "closed"
    assert len(closed.json()["notes"]) == 1
    listed = client_for(board.standing).get(f"{API}/recommendations?state=all").json()
    assert listed["count"] == 1


def test_programme_through_the_api(board: Board, world: World) -> None:
    body = {
        "committee": board.committee.pk,
        "title": "Chương trình phối hợp",
        "signed_on": "2024-01-20",
        "valid_from": "2024-01-20",
        "valid_to": "2028-12-31",
        "parties": [
            {"agency": world.police.pk, "is_lead": True},
            {"agency": board.front.pk, "name_as_signed": "UBMTTQ tỉnh Quảng Nam"},
        ],
        "commitments": [{"agency": board.front.pk, "text": "Vận động nhân dân"}],
    }
    reversed_dates = post(
        board.standing, "/programmes", {**body, "valid_to": "2023-12-31"}
    )
    assert reversed_dates.status_code == 400
    assert reversed_dates.json()["code"] == "dates_order"
    created = post(board.standing, "/programmes", body)
    assert created.status_code == 201
    detail = created.json()
    assert detail["status"] == "active"
    assert len(detail["parties"]) == 2
    pid, commitment = detail["id"], detail["commitments"][0]["id"]
    review = post(
        board.standing,
        f"/programmes/{pid}/reviews",
        {
            "held_on": "2024-07-10",
            "period_from": "2024-01-20",
            "period_to": "2024-06-30",
            "assessment": "Tốt",
            "results": [{"commitment": commitment, "rating": "met"}],
        },
    )
    assert review.status_code == 201
    assert review.json()["results"][0]["rating"] == "met"
    assert (
        post(
            board.leader, f"/programmes/{pid}/end", {"on": "2026-01-01", "reason": "x"}
        ).status_code
        == 403
    )
    ended = post(
        board.standing,
        f"/programmes/{pid}/end",
        {"on": "2026-01-01", "reason": "Sáp nhập"},
    )
    assert ended.json()["status"] == "ended_early"
    front_view = client_for(board.front_officer).get(f"{API}/programmes").json()
    assert front_view["count"] == 1


def test_dashboard_through_the_api(
    board: Board, world: World, plan_with_tasks: dict[str, Any]
) -> None:
    raise_rec(board, board.standing, world.department, raised_on="2026-01-01")
    body = client_for(board.standing).get(f"{API}/dashboard").json()
    by_agency = {r["name"]: r for r in body["tasks_by_agency"]}
    assert by_agency[world.department.name]["overdue"] == 1
    assert body["recommendations"]["total"] == 1
    plan = client_for(board.standing).get(f"{API}/plans/{plan_with_tasks['plan'].pk}")
    assert plan.json()["rollup"]["overdue"] == 1
    assert len(plan.json()["tasks"]) == 2
    assert Task.objects.count() == 2
