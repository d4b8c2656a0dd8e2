"""A refused step on a detail page: the page again with the step's panel open,
what was typed kept, the error in the form, HTTP 400, nothing saved. And office
documents accepted in the reports, on the page and through the API."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bcd138.core.models import AuditEntry
from bcd138.programs.models import (
    Plan,
    PlanStatus,
    Programme,
    Recommendation,
    RecommendationState,
    Task,
    TaskEvent,
    TaskFile,
    TaskState,
)
from bcd138.programs.services import recommendations as rec_svc
from tests.conftest import Personas, World, client_for, english
from tests.office_files import MACRO_MAIN, ooxml
from tests.programs.conftest import (
    Board,
    add_task,
    approve,
    make_plan,
    make_programme,
    raise_rec,
)

pytestmark = pytest.mark.django_db

TYPED = "Đã tổ chức 12 buổi tuyên truyền tại các trường THPT."


def stored_files(settings: Any) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def panel_is_open(html: str, step: str) -> bool:
    return bool(re.search(rf'class="collapse show" id="step-{step}"', html))


@pytest.fixture
def task(board: Board, world: World) -> Task:
    plan = make_plan(board)
    task = add_task(
        board, plan, world.department, title="Tuyên truyền trong trường học"
    )
    approve(board, plan)
    return task


# ---- the task's progress report (the case the demo found) -------------------------


def test_refused_file_reshows_the_report_panel_with_the_text_kept(
    task: Task, personas: Personas, settings: Any
) -> None:
    client = english(personas.department_member)
    macro = SimpleUploadedFile(
        "bao-cao.docm", ooxml("docx", main_type=MACRO_MAIN["docx"])
    )
    response = client.post(
        reverse("programs:task_act", args=[task.pk, "report"]),
        {
            "report-text": TYPED,
            "report-on": "2026-06-10",
            "report-figure": "3",
            "report-attachments": macro,
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert panel_is_open(html, "report")
    assert not panel_is_open(html, "submit")
    assert TYPED in html
    assert 'value="2026-06-10"' in html
    assert 'name="report-figure"' in html
    assert 'value="3"' in html
    assert 'data-testid="step-error"' in html
    assert "contains macros" in html
    assert "choose them again" in html
    # The file picker offers the office documents too.
    assert 'accept="image/*,video/*,audio/*,application/pdf,.docx,.xlsx' in html
    assert not TaskEvent.objects.filter(task=task).exists()
    assert not TaskFile.objects.exists()
    assert stored_files(settings) == []
    task.refresh_from_db()
    assert task.achieved == 0
    assert not AuditEntry.objects.filter(action="task.report").exists()


def test_refused_by_the_service_reshows_the_panel(
    task: Task, personas: Personas
) -> None:
    client = english(personas.department_member)
    response = client.post(
        reverse("programs:task_act", args=[task.pk, "submit"]),
        {"submit-text": TYPED, "submit-on": "2026-06-10"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert panel_is_open(html, "submit")
    assert "Attach the evidence of completion" in html
    assert TYPED in html
    task.refresh_from_db()
    assert task.state == TaskState.OPEN


def test_invalid_form_reshows_the_panel_with_the_field_error(
    task: Task, personas: Personas
) -> None:
    client = english(personas.department_member)
    response = client.post(
        reverse("programs:task_act", args=[task.pk, "report"]),
        {"report-text": TYPED, "report-on": "not a date"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert panel_is_open(html, "report")
    assert 'id="id_report-on-error"' in html
    assert TYPED in html
    assert not TaskEvent.objects.exists()


def test_a_docx_report_is_accepted_on_the_page(task: Task, personas: Personas) -> None:
    client = english(personas.department_member)
    docx = SimpleUploadedFile("bao-cao-tien-do.docx", ooxml("docx"))
    response = client.post(
        reverse("programs:task_act", args=[task.pk, "report"]),
        {"report-text": TYPED, "report-on": "2026-06-10", "report-attachments": docx},
    )
    assert response.status_code == 302
    stored = TaskFile.objects.get()
    assert stored.original_name == "bao-cao-tien-do.docx"
    assert stored.content_type.endswith("wordprocessingml.document")
    download = client.get(reverse("programs:task_file", args=[task.pk, stored.pk]))
    assert download.status_code == 200
    assert "attachment" in download["Content-Disposition"]


def test_an_xlsx_report_is_accepted_through_the_api(
    task: Task, personas: Personas
) -> None:
    client = client_for(personas.department_member)
    sheet = SimpleUploadedFile("so-lieu.xlsx", ooxml("xlsx"))
    response = client.post(
        f"/api/v1/programs/tasks/{task.pk}/reports",
        {"text": TYPED, "on": "2026-06-10", "files": sheet},
    )
    assert response.status_code == 201, response.content
    assert TaskFile.objects.get().original_name == "so-lieu.xlsx"
    macro = SimpleUploadedFile(
        "so-lieu.xlsm", ooxml("xlsx", main_type=MACRO_MAIN["xlsx"])
    )
    refused = client.post(
        f"/api/v1/programs/tasks/{task.pk}/reports",
        {"text": TYPED, "on": "2026-06-10", "files": macro},
    )
    assert refused.status_code == 415
    assert refused.json()["code"] == "upload_macros_refused"
    assert TaskFile.objects.count() == 1


def test_the_standing_office_return_keeps_the_reason_when_refused(
    task: Task, personas: Personas, board: Board
) -> None:
    report = english(personas.department_member).post(
        reverse("programs:task_act", args=[task.pk, "submit"]),
        {
            "submit-text": TYPED,
            "submit-on": "2026-06-10",
            "submit-attachments": SimpleUploadedFile("kq.docx", ooxml("docx")),
        },
    )
    assert report.status_code == 302
    response = english(board.standing).post(
        reverse("programs:task_act", args=[task.pk, "return"]),
        {"return-reason": "Thiếu biên bản.", "return-on": "2026-06-01"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert panel_is_open(html, "return")
    assert "Thiếu biên bản." in html
    assert "before the task was marked done" in html
    task.refresh_from_db()
    assert task.state == TaskState.SUBMITTED


# ---- the plan, the programme, the recommendation ------------------------------


def test_plan_approval_refused_shows_the_date_and_the_error(board: Board) -> None:
    plan = make_plan(board)
    response = english(board.standing).post(
        reverse("programs:plan_act", args=[plan.pk, "approve"]), {"on": "2099-01-01"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-testid="step-error"' in html
    assert 'value="2099-01-01"' in html
    assert Plan.objects.get(pk=plan.pk).status == PlanStatus.DRAFT


def test_programme_review_refused_keeps_every_answer(
    board: Board, world: World
) -> None:
    programme = make_programme(board, world)
    first = programme.commitments.order_by("ordinal").first()
    assert first is not None
    response = english(board.standing).post(
        reverse("programs:programme_act", args=[programme.pk, "review"]),
        {
            "review-held_on": "2026-06-01",
            "review-period_from": "2026-01-01",
            "review-period_to": "2025-12-31",
            "review-assessment": "Các bên thực hiện nghiêm túc.",
            f"review-rating_{first.pk}": "partly",
            f"review-note_{first.pk}": "Chậm báo cáo quý I",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="collapse show" id="step-review"' in html
    assert "Các bên thực hiện nghiêm túc." in html
    assert 'value="partly" selected' in html
    assert 'value="Chậm báo cáo quý I"' in html
    assert 'data-testid="step-error"' in html or "invalid-feedback" in html
    assert not Programme.objects.get(pk=programme.pk).reviews.exists()


def test_programme_end_refused_keeps_the_reason(board: Board, world: World) -> None:
    programme = make_programme(board, world)
    response = english(board.standing).post(
        reverse("programs:programme_act", args=[programme.pk, "end"]),
        {"end-on": "2099-01-01", "end-reason": "Sáp nhập đơn vị"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert panel_is_open(html, "end")
    assert "Sáp nhập đơn vị" in html
    assert Programme.objects.get(pk=programme.pk).ended_on is None


@pytest.mark.parametrize(
    ("step", "data"),
    [
        ("note", {"note-text": TYPED, "note-on": "2099-01-01"}),
        (
            "respond",
            {
                "respond-response": "accepted",
                "respond-text": TYPED,
                "respond-on": "2099-01-01",
            },
        ),
    ],
)
def test_recommendation_steps_refused_keep_the_text(
    board: Board,
    world: World,
    personas: Personas,
    step: str,
    data: dict[str, str],
) -> None:
    rec = raise_rec(board, personas.department_member, world.department)
    response = english(board.standing).post(
        reverse("programs:recommendation_act", args=[rec.pk, step]), data
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert panel_is_open(html, step)
    assert TYPED in html
    assert Recommendation.objects.get(pk=rec.pk).state == RecommendationState.OPEN
    assert not rec.notes.exists()


def test_recommendation_close_refused_keeps_the_reason(
    board: Board, world: World, personas: Personas
) -> None:
    rec = raise_rec(board, personas.department_member, world.department)
    rec_svc.recommendation_respond(
        rec,
        by=board.standing,
        response="accepted",
        text="Giao Sở chủ trì.",
        on=rec.raised_on,
        follow_up_agency=world.department,
        follow_up_by=rec.raised_on,
    )
    response = english(board.standing).post(
        reverse("programs:recommendation_act", args=[rec.pk, "close"]),
        {"close-outcome": "done", "close-reason": TYPED, "close-on": "2000-01-01"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert panel_is_open(html, "close")
    assert TYPED in html
    assert Recommendation.objects.get(pk=rec.pk).state == RecommendationState.FOLLOW_UP


def test_targets_and_figures_are_grouped_in_each_language(
    board: Board, world: World, personas: Personas
) -> None:
    from decimal import Decimal

    from bcd138.programs.services import progress

    plan = make_plan(board)
    task = add_task(board, plan, world.department, target=Decimal(20000))
    approve(board, plan)
    progress.task_report(
        task,
        by=personas.department_member,
        text=TYPED,
        on=task.plan.approved_on,
        figure=Decimal(12500),
    )
    url = reverse("programs:task", args=[task.pk])
    assert "12,500 / 20,000" in english(board.standing).get(url).content.decode()
    vietnamese = client_for(board.standing).get(url).content.decode()
    assert "12.500 / 20.000" in vietnamese
    plan_page = client_for(board.standing).get(reverse("programs:plan", args=[plan.pk]))
    assert "12.500/20.000" in plan_page.content.decode()
