"""Plans and tasks: approval, reports, completion with evidence, roll-up, escalation."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from bcd138.core.errors import DomainError
from bcd138.core.models import AuditEntry
from bcd138.core.uploads import CleanFile, clean_uploads
from bcd138.programs.models import (
    PlanStatus,
    Task,
    TaskEvent,
    TaskEventKind,
    TaskFile,
    TaskState,
)
from bcd138.programs.services import plans as svc
from bcd138.programs.services import progress
from bcd138.programs.services.queries import (
    plan_rollup,
    tasks_attention,
)
from bcd138.programs.tasks import escalate_overdue_tasks
from tests.conftest import Personas, World
from tests.programs.conftest import TODAY, Board, add_task, approve, d, make_plan

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def evidence(name: str = "bao-cao.pdf") -> list[CleanFile]:
    return clean_uploads([SimpleUploadedFile(name, PDF)])


# ---- plans ----------------------------------------------------------------------


def test_a_plan_is_approved_with_tasks_on_a_date_of_its_year(
    board: Board, world: World
) -> None:
    plan = make_plan(board)
    with pytest.raises(DomainError) as err:
        svc.plan_approve(plan, by=board.standing, on=d("2026-01-10"))
    assert err.value.code == "plan_empty"
    add_task(board, plan, world.department, due="2026-03-31")
    for on in ("2024-12-20", "2026-06-16", "2026-04-01"):
        with pytest.raises(DomainError):
            svc.plan_approve(plan, by=board.standing, on=d(on))
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT
    assert plan.approved_on is None
    approve(board, plan, on="2025-12-28")
    assert plan.status == PlanStatus.APPROVED


def test_plan_numbers_are_unique_per_committee_and_year(board: Board) -> None:
    make_plan(board)
    with pytest.raises(DomainError) as err:
        make_plan(board)
    assert err.value.code == "plan_duplicate"
    make_plan(board, year=2025)


def test_task_needs_unit_for_a_target_and_a_due_date_in_the_plan_year(
    board: Board, world: World
) -> None:
    plan = make_plan(board)
    with pytest.raises(DomainError) as err:
        add_task(board, plan, world.department, unit="")
    assert err.value.code == "task_unit"
    with pytest.raises(DomainError) as err:
        add_task(board, plan, world.department, due="2025-12-31")
    assert err.value.code == "dates_order"
    assert not Task.objects.exists()


def test_a_member_cannot_add_tasks(
    board: Board, world: World, personas: Personas
) -> None:
    plan = make_plan(board)
    with pytest.raises(PermissionDenied):
        svc.task_create(
            plan,
            by=personas.department_member,
            data=svc.TaskInput("x", world.department, "y", d("2026-09-30")),
        )


# ---- reports and completion ------------------------------------------------------


@pytest.fixture
def task(board: Board, world: World) -> Task:
    plan = make_plan(board)
    t = add_task(board, plan, world.department)
    approve(board, plan)
    t.refresh_from_db()
    return t


def test_the_assignee_reports_progress_toward_the_target(
    task: Task, personas: Personas
) -> None:
    progress.task_report(
        task,
        by=personas.department_member,
        text="Tổ chức 4 buổi ở các trường THPT",
        on=d("2026-05-20"),
        figure=Decimal(4),
        files=evidence(),
    )
    progress.task_report(
        task, by=personas.department_member, text="Thêm 3 buổi", on=TODAY, figure=3
    )
    task.refresh_from_db()
    assert task.achieved == Decimal(7)
    assert task.events.filter(kind=TaskEventKind.PROGRESS).count() == 2
    assert TaskFile.objects.filter(event__task=task).count() == 1
    # The history is append-only: a report is never rewritten or removed.
    first = task.events.filter(kind=TaskEventKind.PROGRESS).first()
    assert first is not None
    first.text = "rewritten"
    with pytest.raises(RuntimeError):
        first.save()
    with pytest.raises(RuntimeError):
        first.delete()


def test_others_may_not_report(task: Task, personas: Personas, board: Board) -> None:
    for user in (personas.commune_a_officer, board.standing, board.front_officer):
        with pytest.raises(PermissionDenied):
            progress.task_report(task, by=user, text="x", on=TODAY)
    assert not task.events.exists()


def test_a_report_on_a_closed_plan_is_refused_nothing_changed(
    task: Task, board: Board, personas: Personas
) -> None:
    svc.plan_close(task.plan, by=board.standing, on=TODAY)
    task.refresh_from_db()
    with pytest.raises(DomainError) as err:
        progress.task_report(
            task, by=personas.department_member, text="x", on=TODAY, figure=2
        )
    assert err.value.code == "plan_closed"
    task.refresh_from_db()
    assert task.achieved == 0
    assert not task.events.exists()


def test_a_report_on_a_draft_plan_is_refused(
    board: Board, world: World, personas: Personas
) -> None:
    plan = make_plan(board)
    t = add_task(board, plan, world.department)
    with pytest.raises(DomainError) as err:
        progress.task_report(t, by=personas.department_member, text="x", on=TODAY)
    assert err.value.code == "plan_not_approved"


@pytest.mark.parametrize(
    ("kw", "code"),
    [
        ({"on": d("2026-06-16")}, "date_future"),
        ({"on": d("2026-01-09")}, "dates_order"),  # before the approval
        ({"figure": Decimal(-1)}, "task_figure"),
        ({"text": "  "}, "report_text"),
    ],
)
def test_bad_reports_are_refused(
    task: Task, personas: Personas, kw: dict[str, Any], code: str
) -> None:
    values: dict[str, Any] = {"text": "Đã làm", "on": TODAY, **kw}
    with pytest.raises(DomainError) as err:
        progress.task_report(task, by=personas.department_member, **values)
    assert err.value.code == code
    assert not task.events.exists()


def test_figures_only_toward_a_numeric_target(
    board: Board, world: World, personas: Personas
) -> None:
    plan = make_plan(board)
    t = add_task(board, plan, world.department, target=None, unit="")
    approve(board, plan)
    t.refresh_from_db()
    with pytest.raises(DomainError) as err:
        progress.task_report(
            t, by=personas.department_member, text="x", on=TODAY, figure=1
        )
    assert err.value.code == "task_figure"


def test_completion_without_evidence_is_refused_nothing_changed(
    task: Task, personas: Personas
) -> None:
    with pytest.raises(DomainError) as err:
        progress.task_submit(
            task, by=personas.department_member, text="Hoàn thành", on=TODAY
        )
    assert err.value.code == "evidence_required"
    task.refresh_from_db()
    assert task.state == TaskState.OPEN
    assert task.submitted_on is None
    assert not task.events.exists()


def test_evidence_reported_earlier_counts_for_completion(
    task: Task, personas: Personas
) -> None:
    member = personas.department_member
    progress.task_report(task, by=member, text="Ảnh", on=TODAY, files=evidence())
    progress.task_submit(task, by=member, text="Hoàn thành", on=TODAY)
    assert task.state == TaskState.SUBMITTED


def test_completion_accepted_or_sent_back_by_the_standing_office(
    task: Task, board: Board, personas: Personas
) -> None:
    member = personas.department_member
    progress.task_submit(
        task, by=member, text="Hoàn thành", on=d("2026-06-10"), files=evidence()
    )
    with pytest.raises(PermissionDenied):
        progress.task_accept(task, by=member, on=TODAY)
    with pytest.raises(DomainError) as err:
        progress.task_return(task, by=board.standing, on=TODAY, reason=" ")
    assert err.value.code == "reason"
    with pytest.raises(DomainError) as err:
        progress.task_report(task, by=member, text="x", on=TODAY)
    assert err.value.code == "task_state"
    progress.task_return(
        task, by=board.standing, on=TODAY, reason="Thiếu danh sách người dự"
    )
    task.refresh_from_db()
    assert task.state == TaskState.RETURNED
    assert task.submitted_on is None
    progress.task_submit(task, by=member, text="Bổ sung danh sách", on=TODAY)
    with pytest.raises(DomainError) as err:
        progress.task_accept(task, by=board.standing, on=d("2026-06-14"))
    assert err.value.code == "dates_order"
    progress.task_accept(task, by=board.standing, on=TODAY)
    task.refresh_from_db()
    assert task.state == TaskState.DONE
    assert task.completed_on == TODAY
    assert task.on_time
    kinds = list(task.events.values_list("kind", flat=True))
    assert kinds == ["submitted", "returned", "submitted", "accepted"]
    assert AuditEntry.objects.filter(action="task.accept").count() == 1


def test_commune_police_report_on_their_commune_tasks(
    board: Board, world: World, personas: Personas
) -> None:
    plan = make_plan(board)
    t = add_task(board, plan, world.police_a)
    approve(board, plan)
    t.refresh_from_db()
    progress.task_report(t, by=personas.commune_a_officer, text="Đã làm", on=TODAY)
    with pytest.raises(PermissionDenied):
        progress.task_report(t, by=personas.commune_b_officer, text="x", on=TODAY)


def test_a_finished_task_is_not_edited_and_a_closed_plan_takes_no_task(
    task: Task, board: Board, personas: Personas, world: World
) -> None:
    progress.task_submit(
        task, by=personas.department_member, text="x", on=TODAY, files=evidence()
    )
    progress.task_accept(task, by=board.standing, on=TODAY)
    data = svc.TaskInput("Đổi", world.department, "y", d("2026-12-31"))
    with pytest.raises(DomainError) as err:
        svc.task_update(task, by=board.standing, data=data)
    assert err.value.code == "task_done"
    svc.plan_close(task.plan, by=board.standing, on=TODAY)
    with pytest.raises(DomainError) as err:
        add_task(board, task.plan, world.department)
    assert err.value.code == "plan_closed"


# ---- roll-up ---------------------------------------------------------------------


def _plan_in_every_state(board: Board, world: World, personas: Personas) -> Any:
    """Six tasks: done on time, done late, awaiting acceptance, sent back
    (overdue), open overdue, open not yet due."""
    plan = make_plan(board)
    member = personas.department_member
    dues = ["2026-03-31", "2026-03-31", "2026-06-30", "2026-05-31", "2026-04-30"]
    tasks = [add_task(board, plan, world.department, due=due) for due in dues]
    tasks.append(
        add_task(
            board,
            plan,
            world.police_a,
            due="2026-09-30",
            target=Decimal(3),
            unit="mô hình",
        )
    )
    approve(board, plan)
    for t in tasks:
        t.refresh_from_db()
    on_time, late, waiting, returned, _overdue, _later = tasks
    for t, on, figure in ((on_time, "2026-03-20", 10), (late, "2026-04-10", 6)):
        progress.task_submit(
            t, by=member, text="x", on=d(on), figure=Decimal(figure), files=evidence()
        )
        progress.task_accept(t, by=board.standing, on=d(on))
    progress.task_submit(waiting, by=member, text="x", on=TODAY, files=evidence())
    progress.task_submit(returned, by=member, text="x", on=TODAY, files=evidence())
    progress.task_return(returned, by=board.standing, on=TODAY, reason="Thiếu ảnh")
    progress.task_report(
        _later, by=personas.commune_a_officer, text="1 mô hình", on=TODAY, figure=1
    )
    return plan


def test_plan_rollup_counts_shares_and_sums_indicators(
    board: Board, world: World, personas: Personas
) -> None:
    plan = _plan_in_every_state(board, world, personas)
    r = plan_rollup(plan, user=board.standing, today=TODAY)
    assert (r.total, r.done, r.on_time, r.late) == (6, 2, 1, 1)
    assert (r.submitted, r.overdue, r.in_progress) == (1, 2, 3)
    assert r.share_done == pytest.approx(2 / 6)
    assert r.share_overdue == pytest.approx(2 / 6)
    by_unit = {i.unit: (i.target, i.achieved) for i in r.indicators}
    assert by_unit == {"buổi": (Decimal(50), Decimal(16)), "mô hình": (3, 1)}


def test_rollup_of_a_member_counts_its_own_tasks(
    board: Board, world: World, personas: Personas
) -> None:
    plan = _plan_in_every_state(board, world, personas)
    mine = plan_rollup(plan, user=personas.commune_a_officer, today=TODAY)
    assert mine.total == 1
    assert mine.done == 0


# ---- escalation ------------------------------------------------------------------


def test_escalation_is_recorded_once_per_overdue_task(
    board: Board, world: World, personas: Personas
) -> None:
    plan = _plan_in_every_state(board, world, personas)
    old = make_plan(board, year=2025, number="09/KH-BCĐ")
    add_task(board, old, world.department, due="2025-06-30")
    approve(board, old, on="2025-01-05")
    svc.plan_close(
        old, by=board.standing, on=d("2026-01-05")
    )  # closed: never escalated

    first = progress.tasks_escalate_overdue()
    assert (first.escalated, first.overdue) == (2, 2)
    again = progress.tasks_escalate_overdue()
    assert (again.escalated, again.overdue) == (0, 2)
    later = progress.tasks_escalate_overdue(on=d("2026-06-20"))
    assert later.escalated == 0
    events = TaskEvent.objects.filter(kind=TaskEventKind.ESCALATED)
    assert events.count() == 2
    assert {e.agency for e in events} == {world.police}
    assert set(events.values_list("task__plan", flat=True)) == {plan.pk}
    assert AuditEntry.objects.filter(action="task.escalate").count() == 2
    attention = tasks_attention(user=board.standing, today=TODAY)
    assert attention is not None
    assert attention.escalated == 2
    mine = tasks_attention(user=personas.department_member, today=TODAY)
    assert mine is not None
    assert mine.mine_overdue == 2
    assert mine.escalated == 0


def test_escalation_runs_as_a_background_task_and_a_command(
    board: Board, world: World, personas: Personas, capsys: Any
) -> None:
    _plan_in_every_state(board, world, personas)
    result = escalate_overdue_tasks.enqueue()
    assert result.return_value == {"escalated": 2, "overdue": 2}
    call_command("programs", "escalate")
    assert "escalated 0; overdue 2" in capsys.readouterr().out
    assert TaskEvent.objects.filter(kind=TaskEventKind.ESCALATED).count() == 2


def test_overview_page_shows_overdue_and_escalated_tasks(
    board: Board, world: World, personas: Personas
) -> None:
    from tests.conftest import client_for

    _plan_in_every_state(board, world, personas)
    progress.tasks_escalate_overdue()
    pages = {}
    for name, user in (
        ("standing", board.standing),
        ("member", personas.department_member),
    ):
        client = client_for(user)
        client.cookies["django_language"] = "en"
        pages[name] = client.get("/").content.decode()
    assert "2</span> overdue tasks escalated to the committee" in pages["standing"]
    assert "tasks of my agency are overdue" in pages["member"]
    assert "escalated to the committee" not in pages["member"]
