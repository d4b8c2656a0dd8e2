"""The pages, for every persona: who sees what, who acts, and what is refused."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from bcd138.core.models import AuditEntry
from bcd138.programs.models import (
    Programme,
    Recommendation,
    RecommendationState,
    Task,
    TaskState,
)
from bcd138.programs.services import recommendations as rec_svc
from tests.conftest import Personas, World, client_for
from tests.programs.conftest import (
    TODAY,
    Board,
    add_task,
    approve,
    make_plan,
    make_programme,
    raise_rec,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EN = {"django_language": "en"}


@pytest.fixture
def work(board: Board, world: World, personas: Personas) -> dict[str, Any]:
    """A programme, a plan with a task for the department, one for commune A's
    police and one for the Front, and recommendations from each."""
    plan = make_plan(board)
    tasks = {
        "department": add_task(board, plan, world.department, title="Việc của Sở"),
        "commune_a": add_task(board, plan, world.police_a, title="Việc của phường A"),
        "front": add_task(board, plan, board.front, title="Việc của Mặt trận"),
    }
    approve(board, plan)
    recs = {
        "department": raise_rec(
            board, personas.department_member, world.department, subject="Kiến nghị Sở"
        ),
        "commune_a": raise_rec(
            board, personas.commune_a_officer, world.police_a, subject="Kiến nghị A"
        ),
        "front": raise_rec(
            board, board.front_officer, board.front, subject="Kiến nghị Mặt trận"
        ),
    }
    return {
        "plan": plan,
        "tasks": tasks,
        "recs": recs,
        "programme": make_programme(board, world),
    }


LISTS = [
    "programs:dashboard",
    "programs:tasks",
    "programs:plans",
    "programs:recommendations",
    "programs:recommendation_aging",
    "programs:programmes",
]


@pytest.mark.parametrize("name", LISTS)
def test_lists_are_refused_to_users_without_a_role_here(
    name: str, personas: Personas, work: dict[str, Any]
) -> None:
    for user in (personas.no_role, personas.procuracy_liaison, personas.auditor):
        assert client_for(user).get(reverse(name)).status_code == 403
    response = client_for(None).get(reverse(name))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("name", LISTS)
def test_lists_open_for_every_role_of_the_committee_work(
    name: str, personas: Personas, board: Board, work: dict[str, Any]
) -> None:
    users = (
        board.standing,
        board.leader,
        personas.department_member,
        personas.commune_a_officer,
    )
    for user in users:
        assert client_for(user).get(reverse(name)).status_code == 200


def _task_titles(user: Any, **params: str) -> set[str]:
    response = client_for(user).get(reverse("programs:tasks"), params)
    return {t.title for t in response.context["page"].object_list}


def test_each_sees_the_tasks_it_should(
    personas: Personas, board: Board, work: dict[str, Any]
) -> None:
    everything = {"Việc của Sở", "Việc của phường A", "Việc của Mặt trận"}
    assert _task_titles(board.standing) == everything
    assert _task_titles(board.leader) == everything
    assert _task_titles(personas.department_member) == {"Việc của Sở"}
    assert _task_titles(personas.commune_a_officer) == {"Việc của phường A"}
    assert _task_titles(personas.commune_b_officer) == set()
    assert _task_titles(board.front_officer) == {"Việc của Mặt trận"}


def test_each_sees_the_recommendations_it_should(
    personas: Personas, board: Board, work: dict[str, Any]
) -> None:
    def subjects(user: Any) -> set[str]:
        response = client_for(user).get(reverse("programs:recommendations"))
        return {r.subject for r in response.context["page"].object_list}

    assert len(subjects(board.standing)) == 3
    assert subjects(personas.department_member) == {"Kiến nghị Sở"}
    assert subjects(personas.commune_a_officer) == {"Kiến nghị A"}
    # Asked to follow up, the Front sees the department's recommendation too.
    rec_svc.recommendation_respond(
        work["recs"]["department"],
        by=board.standing,
        response="accepted",
        text="Giao Mặt trận",
        on=TODAY,
        follow_up_agency=board.front,
        follow_up_by=TODAY,
    )
    assert subjects(board.front_officer) == {"Kiến nghị Mặt trận", "Kiến nghị Sở"}


def test_commune_b_asking_for_commune_a_task_gets_404_and_an_audit_entry(
    personas: Personas, work: dict[str, Any]
) -> None:
    task = work["tasks"]["commune_a"]
    assert (
        client_for(personas.commune_a_officer)
        .get(reverse("programs:task", args=[task.pk]))
        .status_code
        == 200
    )
    response = client_for(personas.commune_b_officer).get(
        reverse("programs:task", args=[task.pk])
    )
    assert response.status_code == 404
    entry = AuditEntry.objects.get(action="access.denied")
    assert entry.object_id == str(task.pk)
    assert entry.actor == personas.commune_b_officer
    rec = work["recs"]["commune_a"]
    assert (
        client_for(personas.commune_b_officer)
        .get(reverse("programs:recommendation", args=[rec.pk]))
        .status_code
        == 404
    )


def test_a_member_reaches_neither_another_agencys_task_nor_its_plan_beyond(
    personas: Personas, work: dict[str, Any]
) -> None:
    client = client_for(personas.department_member)
    other = work["tasks"]["front"]
    assert client.get(reverse("programs:task", args=[other.pk])).status_code == 404
    plan = client.get(reverse("programs:plan", args=[work["plan"].pk]))
    assert plan.status_code == 200
    assert {t.title for t in plan.context["tasks"]} == {"Việc của Sở"}
    programme = work["programme"]
    assert (
        client.get(reverse("programs:programme", args=[programme.pk])).status_code
        == 404
    )
    # The Front is a party to the programme: it sees it.
    assert (
        client_for(work_front_officer(work, personas))
        .get(reverse("programs:programme", args=[programme.pk]))
        .status_code
        == 200
    )


def work_front_officer(work: dict[str, Any], personas: Personas) -> Any:
    from bcd138.agencies.models import User

    return User.objects.get(username="mttq")


def test_the_assignee_reports_with_a_file_and_marks_done(
    personas: Personas, board: Board, work: dict[str, Any]
) -> None:
    task = work["tasks"]["department"]
    client = client_for(personas.department_member)
    url = reverse("programs:task_act", args=[task.pk, "report"])
    response = client.post(
        url,
        {
            "report-text": "4 buổi",
            "report-on": "2026-06-10",
            "report-figure": "4",
            "report-attachments": SimpleUploadedFile("anh.pdf", PDF),
        },
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.achieved == 4
    event = task.events.get()
    file = event.files.get()
    download = client.get(reverse("programs:task_file", args=[task.pk, file.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert (
        client_for(personas.commune_b_officer)
        .get(reverse("programs:task_file", args=[task.pk, file.pk]))
        .status_code
        == 404
    )
    submit = reverse("programs:task_act", args=[task.pk, "submit"])
    client.post(submit, {"submit-text": "Xong", "submit-on": "2026-06-12"})
    task.refresh_from_db()
    assert task.state == TaskState.SUBMITTED
    # The standing office accepts; a leader may only read.
    accept = reverse("programs:task_act", args=[task.pk, "accept"])
    assert (
        client_for(board.leader).post(accept, {"accept-on": "2026-06-15"}).status_code
        == 403
    )
    client_for(board.standing).post(accept, {"accept-on": "2026-06-15"})
    task.refresh_from_db()
    assert task.state == TaskState.DONE


def test_a_refused_step_shows_the_reason_and_changes_nothing(
    personas: Personas, work: dict[str, Any]
) -> None:
    task = work["tasks"]["department"]
    client = client_for(personas.department_member)
    client.cookies.load(EN)
    response = client.post(
        reverse("programs:task_act", args=[task.pk, "submit"]),
        {"submit-text": "Xong", "submit-on": "2026-06-12"},
        follow=True,
    )
    assert "Attach the evidence of completion" in response.content.decode()
    task.refresh_from_db()
    assert task.state == TaskState.OPEN


def test_a_member_may_not_act_on_another_agencys_task(
    personas: Personas, board: Board, work: dict[str, Any]
) -> None:
    task = work["tasks"]["department"]
    url = reverse("programs:task_act", args=[task.pk, "report"])
    data = {"report-text": "x", "report-on": "2026-06-10"}
    assert client_for(board.standing).post(url, data).status_code == 403
    assert AuditEntry.objects.filter(action="task.act_refused").count() == 1
    assert not Task.objects.get(pk=task.pk).events.exists()


def test_a_member_raises_a_recommendation_on_the_page(
    personas: Personas, board: Board, world: World
) -> None:
    client = client_for(personas.department_member)
    page = client.get(reverse("programs:recommendation_new"))
    assert list(page.context["form"].fields["raised_by"].queryset) == [world.department]
    response = client.post(
        reverse("programs:recommendation_new"),
        {
            "committee": board.committee.pk,
            "subject": "Bố trí lực lượng trước cổng trường",
            "text": "Giờ tan học thường xảy ra ùn tắc và xô xát.",
            "raised_by": world.department.pk,
            "raised_on": "2026-06-14",
        },
    )
    rec = Recommendation.objects.get()
    assert response.status_code == 302
    assert rec.raised_by == world.department
    detail = client.get(reverse("programs:recommendation", args=[rec.pk]))
    assert detail.context["respond_form"] is None
    assert detail.context["may_edit"]


def test_the_standing_office_answers_and_closes_on_the_page(
    board: Board, work: dict[str, Any]
) -> None:
    rec = work["recs"]["department"]
    client = client_for(board.standing)
    client.post(
        reverse("programs:recommendation_act", args=[rec.pk, "respond"]),
        {
            "respond-response": "accepted",
            "respond-text": "Đồng ý",
            "respond-on": "2026-06-10",
            "respond-follow_up_agency": board.front.pk,
            "respond-follow_up_by": "2026-05-01",
        },
    )
    rec.refresh_from_db()
    assert rec.state == RecommendationState.OPEN  # the date was before the raise
    client.post(
        reverse("programs:recommendation_act", args=[rec.pk, "respond"]),
        {
            "respond-response": "accepted",
            "respond-text": "Đồng ý",
            "respond-on": "2026-06-10",
            "respond-follow_up_agency": board.front.pk,
            "respond-follow_up_by": "2026-08-01",
        },
    )
    client.post(
        reverse("programs:recommendation_act", args=[rec.pk, "close"]),
        {"close-outcome": "done", "close-on": "2026-06-15"},
    )
    rec.refresh_from_db()
    assert rec.state == RecommendationState.CLOSED


def test_the_standing_office_records_a_programme_with_its_document(
    board: Board, world: World
) -> None:
    client = client_for(board.standing)
    assert client.get(reverse("programs:programme_new")).status_code == 200
    response = client.post(
        reverse("programs:programme_new"),
        {
            "committee": board.committee.pk,
            "title": "Chương trình phối hợp năm 2026",
            "signed_on": "2026-01-20",
            "valid_from": "2026-01-20",
            "valid_to": "2030-12-31",
            "review_every_months": "6",
            "parties": [world.police.pk, board.front.pk],
            "lead": world.police.pk,
            "documents": SimpleUploadedFile("ctph.pdf", PDF),
        },
    )
    programme = Programme.objects.get()
    assert response.status_code == 302
    assert programme.files.count() == 1
    assert programme.parties.count() == 2
    detail = client.get(reverse("programs:programme", args=[programme.pk]))
    assert detail.status_code == 200
    assert detail.context["manages"]
    client.post(
        reverse("programs:programme_act", args=[programme.pk, "commitment"]),
        {"commitment-agency": board.front.pk, "commitment-text": "Vận động"},
    )
    commitment = programme.commitments.get()
    client.post(
        reverse("programs:programme_act", args=[programme.pk, "review"]),
        {
            "review-held_on": "2026-06-10",
            "review-period_from": "2026-01-20",
            "review-period_to": "2026-06-01",
            "review-assessment": "Tốt",
            f"review-rating_{commitment.pk}": "met",
        },
    )
    assert programme.reviews.get().results.get().rating == "met"


def test_a_leader_cannot_create_anything(board: Board, work: dict[str, Any]) -> None:
    client = client_for(board.leader)
    for name in ("programs:programme_new", "programs:plan_new"):
        assert client.get(reverse(name)).status_code == 403
    plan = work["plan"]
    url = reverse("programs:plan_act", args=[plan.pk, "close"])
    assert client.post(url, {"on": "2026-06-15"}).status_code == 403


def test_plan_and_task_creation_by_the_standing_office(
    board: Board, world: World
) -> None:
    client = client_for(board.standing)
    response = client.post(
        reverse("programs:plan_new"),
        {
            "committee": board.committee.pk,
            "year": 2026,
            "number": "20/KH",
            "title": "KH",
        },
    )
    assert response.status_code == 302
    plan_pk = int(response["Location"].rstrip("/").split("/")[-1])
    response = client.post(
        reverse("programs:task_new", args=[plan_pk]),
        {
            "title": "Nhân rộng mô hình camera an ninh",
            "assignee": world.police_a.pk,
            "indicator": "Số mô hình",
            "target": "5",
            "unit": "mô hình",
            "due_on": "2026-10-31",
        },
    )
    assert response.status_code == 302
    client.post(
        reverse("programs:plan_act", args=[plan_pk, "approve"]), {"on": "2026-06-01"}
    )
    detail = client.get(reverse("programs:plan", args=[plan_pk]))
    assert detail.context["plan"].status == "approved"
    assert detail.context["rollup"].total == 1


def test_htmx_filters_return_the_results_partial(
    board: Board, work: dict[str, Any]
) -> None:
    response = client_for(board.standing).get(
        reverse("programs:tasks"), {"state": "all"}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert "Việc của Sở" in body


@pytest.mark.parametrize(
    ("name", "queries"),
    [
        # session, user, grants, the filters' choices, count, page
        ("programs:tasks", 10),
        ("programs:recommendations", 12),
        ("programs:plans", 6),
        ("programs:programmes", 9),
    ],
)
def test_list_pages_pin_their_query_count(
    name: str, queries: int, board: Board, world: World, work: dict[str, Any]
) -> None:
    client = client_for(board.standing)
    client.get(reverse(name))  # warm the session
    for _ in range(5):
        add_task(board, work["plan"], world.department)
        raise_rec(board, board.standing, world.department)
        make_programme(board, world)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse(name)).status_code == 200
    assert len(ctx) == queries, [q["sql"] for q in ctx.captured_queries]


def test_tasks_export_is_an_xlsx_of_what_the_user_sees(
    personas: Personas, board: Board, work: dict[str, Any]
) -> None:
    client = client_for(personas.department_member)
    client.cookies.load(EN)
    response = client.get(reverse("programs:task_export"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(
        load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
    )
    assert rows[0][:4] == ("Plan", "Item", "Task", "Assigned to")
    assert [r[2] for r in rows[1:]] == ["Việc của Sở"]
    everything = client_for(board.standing).get(reverse("programs:task_export"))
    sheet = load_workbook(io.BytesIO(everything.content)).active
    assert sheet.max_row == 4


def test_recommendations_export_with_age(board: Board, work: dict[str, Any]) -> None:
    client = client_for(board.standing)
    client.cookies.load(EN)
    response = client.get(reverse("programs:recommendation_export"), {"state": "all"})
    rows = list(
        load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
    )
    header = rows[0]
    days = header.index("Days open")
    assert len(rows) == 4
    assert {r[days] for r in rows[1:]} == {14}


def test_dashboard_shows_open_tasks_by_agency_and_aging(
    board: Board, work: dict[str, Any]
) -> None:
    client = client_for(board.standing)
    client.cookies.load(EN)
    response = client.get(reverse("programs:dashboard"))
    board_ = response.context["board"]
    assert board_.tasks_open == 3
    assert board_.aging.total == 3
    body = response.content.decode()
    assert "Open tasks by agency" in body
    assert "Models by commune" in body


def test_the_admin_only_shows_the_committee_work(
    personas: Personas, work: dict[str, Any]
) -> None:
    from bcd138.agencies.models import User

    root = User.objects.create_superuser("root", password="x-Correct-138")
    client = client_for(root)
    for model in ("programme", "recommendation", "plan", "task"):
        url = reverse(f"admin:programs_{model}_changelist")
        assert client.get(url).status_code == 200
    assert client.get(reverse("admin:programs_task_add")).status_code == 403
    # Admin access follows the project's roles: staff status alone shows nothing.
    staff = User.objects.create_user("staff", password="x-Correct-138", is_staff=True)
    url = reverse("admin:programs_task_changelist")
    assert client_for(staff).get(url).status_code == 403


def test_a_programme_due_for_review_is_flagged_on_its_page(
    board: Board, work: dict[str, Any]
) -> None:
    page = client_for(board.standing).get(
        reverse("programs:programme", args=[work["programme"].pk])
    )
    assert 'data-testid="review-overdue"' in page.content.decode()
