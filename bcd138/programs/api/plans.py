"""Plans and tasks: lists, one, the roll-up, creation and every step."""

import datetime
from decimal import Decimal
from typing import Any, Literal

from django.db.models import QuerySet
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import LimitOffsetPagination, paginate

from bcd138.core.http import AuthedRequest
from bcd138.core.uploads import clean_staff_uploads
from bcd138.programs import access
from bcd138.programs.api.helpers import agency_by_id, agency_required, committee_in
from bcd138.programs.api.schemas import (
    AcceptIn,
    DashboardOut,
    DateIn,
    PlanDetailOut,
    PlanIn,
    PlanOut,
    ReturnIn,
    RollupOut,
    TaskDetailOut,
    TaskEventOut,
    TaskIn,
    TaskOut,
)
from bcd138.programs.models import Plan, PlanStatus, Task, TaskState
from bcd138.programs.services import plans as svc
from bcd138.programs.services import progress
from bcd138.programs.services.common import today
from bcd138.programs.services.queries import (
    PlanFilters,
    Rollup,
    TaskFilters,
    dashboard_for,
    plan_rollup,
    plans_list,
    tasks_list,
)

router = Router(tags=["plans and tasks"])


def rollup_out(r: Rollup) -> dict[str, Any]:
    fields = ("total", "done", "on_time", "late", "submitted", "in_progress")
    more = ("overdue", "escalated", "share_done", "share_on_time", "share_overdue")
    out: dict[str, Any] = {name: getattr(r, name) for name in fields + more}
    out["indicators"] = [
        {"unit": i.unit, "target": i.target, "achieved": i.achieved, "share": i.share}
        for i in r.indicators
    ]
    return out


# ---- the dashboard ---------------------------------------------------------------


@router.get("/dashboard", response=DashboardOut, summary="The committee's dashboard")
def dashboard(request: AuthedRequest) -> dict[str, Any]:
    access.require_programs_role(request.user)
    board = dashboard_for(user=request.user, today=today())
    return {
        "today": board.today,
        "tasks_by_agency": board.tasks_by_agency,
        "recommendations": {
            "total": board.aging.total,
            "past_follow_up": board.aging.past_follow_up,
            "bands": [
                {"band": b.band, "label": b.label, "count": b.count, "items": []}
                for b in board.aging.bands
            ],
        },
        "reviews_due": [
            {
                "programme": d.programme.pk,
                "title": d.programme.title,
                "due_on": d.due_on,
                "last_review": d.last_review,
                "overdue": d.overdue,
            }
            for d in board.reviews_due
        ],
    }


# ---- plans -----------------------------------------------------------------------


class PlanFiltersIn(Schema):
    year: int | None = None
    status: PlanStatus | None = None


@router.get("/plans", response=list[PlanOut], summary="Plans you see")
@paginate(LimitOffsetPagination)
def plan_list(request: AuthedRequest, filters: Query[PlanFiltersIn]) -> QuerySet[Plan]:
    access.require_programs_role(request.user)
    f = PlanFilters(year=filters.year, status=filters.status or "")
    return plans_list(user=request.user, filters=f)


def _plan_out(request: AuthedRequest, plan: Plan) -> dict[str, Any]:
    tasks = access.tasks_visible_to(request.user).filter(plan=plan)
    fields = ("id", "committee_id", "year", "number", "title", "status")
    return {
        **{name: getattr(plan, name) for name in fields},
        "approved_on": plan.approved_on,
        "closed_on": plan.closed_on,
        "rollup": rollup_out(plan_rollup(plan, user=request.user, today=today())),
        "tasks": list(tasks.select_related("plan", "assignee").order_by("ordinal")),
    }


@router.get("/plans/{plan_id}", response=PlanDetailOut, summary="One plan, its tasks")
def plan_detail(request: AuthedRequest, plan_id: int) -> dict[str, Any]:
    return _plan_out(request, access.plan_get_for(user=request.user, pk=plan_id))


@router.get(
    "/plans/{plan_id}/rollup",
    response=RollupOut,
    summary="The plan's progress: shares done, on time, overdue; indicators summed",
)
def plan_rollup_view(request: AuthedRequest, plan_id: int) -> dict[str, Any]:
    plan = access.plan_get_for(user=request.user, pk=plan_id)
    return rollup_out(plan_rollup(plan, user=request.user, today=today()))


@router.post(
    "/plans", response={201: PlanOut}, summary="Draft a plan (standing office)"
)
def plan_create(request: AuthedRequest, payload: PlanIn) -> Status[Plan]:
    committee = committee_in(
        access.committees_managed_by(request.user), payload.committee
    )
    plan = svc.plan_create(
        by=request.user,
        committee=committee,
        year=payload.year,
        number=payload.number,
        title=payload.title,
    )
    return Status(201, plan)


@router.post("/plans/{plan_id}/approve", response=PlanOut, summary="Approve the plan")
def plan_approve(request: AuthedRequest, plan_id: int, payload: DateIn) -> Plan:
    plan = access.plan_get_for(user=request.user, pk=plan_id)
    svc.plan_approve(plan, by=request.user, on=payload.on)
    return plan


@router.post("/plans/{plan_id}/close", response=PlanOut, summary="Close the plan")
def plan_close(request: AuthedRequest, plan_id: int, payload: DateIn) -> Plan:
    plan = access.plan_get_for(user=request.user, pk=plan_id)
    svc.plan_close(plan, by=request.user, on=payload.on)
    return plan


def _task_input(payload: TaskIn) -> svc.TaskInput:
    return svc.TaskInput(
        title=payload.title,
        assignee=agency_required(payload.assignee, code="assignee"),
        indicator=payload.indicator,
        due_on=payload.due_on,
        description=payload.description,
        target=payload.target,
        unit=payload.unit,
        evidence_expected=payload.evidence_expected,
    )


@router.post(
    "/plans/{plan_id}/tasks", response={201: TaskDetailOut}, summary="Add a task"
)
def task_create(request: AuthedRequest, plan_id: int, payload: TaskIn) -> Status[Task]:
    plan = access.plan_get_for(user=request.user, pk=plan_id)
    task = svc.task_create(plan, by=request.user, data=_task_input(payload))
    return Status(201, task)


# ---- tasks -----------------------------------------------------------------------


class TaskFiltersIn(Schema):
    state: TaskState | Literal["all", "overdue", "escalated"] | None = Field(
        None, description="Default: not done."
    )
    plan: int | None = None
    year: int | None = None
    agency: int | None = Field(None, description="Id of the assignee.")
    q: str = Field("", max_length=100)


@router.get(
    "/tasks", response=list[TaskOut], summary="Tasks you see, soonest due first"
)
@paginate(LimitOffsetPagination)
def task_list(request: AuthedRequest, filters: Query[TaskFiltersIn]) -> QuerySet[Task]:
    access.require_programs_role(request.user)
    plan = (
        access.plan_get_for(user=request.user, pk=filters.plan)
        if filters.plan is not None
        else None
    )
    f = TaskFilters(
        state=filters.state or "",
        plan=plan,
        year=filters.year,
        agency=agency_by_id(filters.agency),
        q=filters.q,
    )
    return tasks_list(user=request.user, filters=f, today=today())


@router.get("/tasks/{task_id}", response=TaskDetailOut, summary="One task, its history")
def task_detail(request: AuthedRequest, task_id: int) -> Task:
    return access.task_get_for(user=request.user, pk=task_id)


@router.post("/tasks/{task_id}", response=TaskDetailOut, summary="Change a task")
def task_update(request: AuthedRequest, task_id: int, payload: TaskIn) -> Task:
    task = access.task_get_for(user=request.user, pk=task_id)
    svc.task_update(task, by=request.user, data=_task_input(payload))
    return task


class ReportIn(Schema):
    text: str
    on: datetime.date
    figure: Decimal | None = None


def _files(files: list[UploadedFile] | None) -> list[Any]:
    return clean_staff_uploads(files or [])


@router.post(
    "/tasks/{task_id}/reports",
    response={201: TaskEventOut},
    summary="Report progress (multipart: text, on, figure, files)",
)
def task_report(
    request: AuthedRequest,
    task_id: int,
    payload: Form[ReportIn],
    files: File[list[UploadedFile]] = None,  # type: ignore[assignment]
) -> Status[object]:
    task = access.task_get_for(user=request.user, pk=task_id)
    event = progress.task_report(
        task,
        by=request.user,
        text=payload.text,
        on=payload.on,
        figure=payload.figure,
        files=_files(files),
    )
    return Status(201, event)


@router.post(
    "/tasks/{task_id}/submit",
    response={201: TaskEventOut},
    summary="Mark the task done, with its evidence (multipart)",
)
def task_submit(
    request: AuthedRequest,
    task_id: int,
    payload: Form[ReportIn],
    files: File[list[UploadedFile]] = None,  # type: ignore[assignment]
) -> Status[object]:
    task = access.task_get_for(user=request.user, pk=task_id)
    event = progress.task_submit(
        task,
        by=request.user,
        text=payload.text,
        on=payload.on,
        figure=payload.figure,
        files=_files(files),
    )
    return Status(201, event)


@router.post(
    "/tasks/{task_id}/accept", response=TaskDetailOut, summary="Accept the completion"
)
def task_accept(request: AuthedRequest, task_id: int, payload: AcceptIn) -> Task:
    task = access.task_get_for(user=request.user, pk=task_id)
    progress.task_accept(task, by=request.user, on=payload.on, note=payload.note)
    return task


@router.post(
    "/tasks/{task_id}/return",
    response=TaskDetailOut,
    summary="Send the completion back, with the reason",
)
def task_return(request: AuthedRequest, task_id: int, payload: ReturnIn) -> Task:
    task = access.task_get_for(user=request.user, pk=task_id)
    progress.task_return(task, by=request.user, on=payload.on, reason=payload.reason)
    return task
