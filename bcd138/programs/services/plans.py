"""The committee's annual plan (kế hoạch) and its tasks (nhiệm vụ).

Rules: the standing office drafts a plan, adds its tasks, approves it (on a date
in the plan's year or the December before, with at least one task, none due
before the approval) and closes it at the end; a closed plan changes no more. A
task is assigned to one agency working in the committee's area, with an indicator
(a numeric target needs its unit), a due date not before the plan's year nor its
approval, and the evidence expected. A finished task is not edited.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from bcd138.agencies.models import Agency, SteeringCommittee
from bcd138.core import audit
from bcd138.core.errors import DomainError
from bcd138.programs import access
from bcd138.programs.models import Plan, PlanStatus, Task, TaskState
from bcd138.programs.services.common import (
    actor_user,
    dmy,
    require_agency_of_committee,
    require_past,
    require_text,
    today,
)

TASK_FIELDS = [
    "title",
    "description",
    "assignee",
    "indicator",
    "target",
    "unit",
    "due_on",
    "evidence_expected",
]


@dataclass
class TaskInput:
    title: str
    assignee: Agency
    indicator: str
    due_on: datetime.date
    description: str = ""
    target: Decimal | None = None
    unit: str = ""
    evidence_expected: str = ""


def _validate_plan_fields(year: int, number: str, title: str) -> tuple[str, str]:
    if not 2000 <= year <= today().year + 1:
        raise DomainError(
            _("A plan is for a year from 2000 to next year."), code="plan_year"
        )
    number = require_text(number, _("Give the plan's number."), "plan_number")
    title = require_text(title, _("Give the plan's title."), "plan_title")
    return number, title


def _require_unique(
    committee: SteeringCommittee, year: int, number: str, pk: Any
) -> None:
    taken = Plan.objects.filter(committee=committee, year=year, number=number)
    if taken.exclude(pk=pk).exists():
        raise DomainError(
            _("The committee already has plan %(number)s for %(year)s.")
            % {"number": number, "year": year},
            code="plan_duplicate",
        )


@transaction.atomic
def plan_create(
    *, by: Any, committee: SteeringCommittee, year: int, number: str, title: str
) -> Plan:
    access.require_manage(by, committee)
    number, title = _validate_plan_fields(year, number, title)
    _require_unique(committee, year, number, None)
    plan = Plan.objects.create(
        committee=committee,
        year=year,
        number=number,
        title=title,
        created_by=actor_user(by),
    )
    audit.record("plan.create", actor=by, obj=plan, place=committee.place)
    return plan


def _require_not_closed(plan: Plan) -> None:
    if plan.status == PlanStatus.CLOSED:
        raise DomainError(_("The plan is closed."), code="plan_closed")


@transaction.atomic
def plan_update(plan: Plan, *, by: Any, year: int, number: str, title: str) -> None:
    access.require_manage(by, plan.committee)
    _require_not_closed(plan)
    number, title = _validate_plan_fields(year, number, title)
    if year != plan.year and plan.status != PlanStatus.DRAFT:
        raise DomainError(
            _("The year of an approved plan does not change."), code="plan_year"
        )
    _require_unique(plan.committee, year, number, plan.pk)
    fields = ["year", "number", "title"]
    before = audit.snapshot(plan, fields)
    plan.year, plan.number, plan.title = year, number, title
    plan.save()
    audit.record(
        "plan.update",
        actor=by,
        obj=plan,
        place=plan.committee.place,
        changes=audit.model_changes(before, plan, fields),
    )


@transaction.atomic
def plan_approve(plan: Plan, *, by: Any, on: datetime.date) -> None:
    access.require_manage(by, plan.committee)
    if plan.status != PlanStatus.DRAFT:
        raise DomainError(_("Only a draft plan is approved."), code="plan_state")
    require_past(on, _("The approval date"))
    if on.year not in (plan.year - 1, plan.year):
        raise DomainError(
            _("A plan for %(year)s is approved in %(year)s or the year before.")
            % {"year": plan.year},
            code="dates_order",
        )
    tasks = plan.tasks.all()
    if not tasks.exists():
        raise DomainError(_("Add the plan's tasks first."), code="plan_empty")
    early = tasks.filter(due_on__lt=on).order_by("ordinal").first()
    if early is not None:
        raise DomainError(
            _("Task %(n)s is due before the approval date.") % {"n": early.ordinal},
            code="dates_order",
        )
    plan.status, plan.approved_on = PlanStatus.APPROVED, on
    plan.save(update_fields=["status", "approved_on", "updated_at"])
    audit.record(
        "plan.approve",
        actor=by,
        obj=plan,
        place=plan.committee.place,
        changes={"approved_on": on.isoformat()},
    )


@transaction.atomic
def plan_close(plan: Plan, *, by: Any, on: datetime.date) -> None:
    """Close the plan at the year's review: no more reports, no more changes."""
    access.require_manage(by, plan.committee)
    if plan.status != PlanStatus.APPROVED:
        raise DomainError(_("Only an approved plan is closed."), code="plan_state")
    require_past(on, _("The closing date"))
    if plan.approved_on and on < plan.approved_on:
        raise DomainError(
            _("The plan cannot close before its approval (%(day)s).")
            % {"day": dmy(plan.approved_on)},
            code="dates_order",
        )
    plan.status, plan.closed_on = PlanStatus.CLOSED, on
    plan.save(update_fields=["status", "closed_on", "updated_at"])
    audit.record(
        "plan.close",
        actor=by,
        obj=plan,
        place=plan.committee.place,
        changes={"closed_on": on.isoformat()},
    )


def _validate_task(plan: Plan, data: TaskInput) -> None:
    data.title = require_text(data.title, _("A task needs a title."), "task_title")
    data.indicator = require_text(
        data.indicator, _("A task needs an indicator."), "task_indicator"
    )
    data.unit = data.unit.strip()
    require_agency_of_committee(data.assignee, plan.committee)
    if data.target is not None:
        if data.target <= 0:
            raise DomainError(_("A numeric target is above zero."), code="task_target")
        if not data.unit:
            raise DomainError(
                _("Give the unit of the numeric target (sessions, models, …)."),
                code="task_unit",
            )
    if data.due_on < datetime.date(plan.year, 1, 1):
        raise DomainError(
            _("A task of the %(year)s plan is not due before %(year)s.")
            % {"year": plan.year},
            code="dates_order",
        )
    if plan.approved_on and data.due_on < plan.approved_on:
        raise DomainError(
            _("The task is due before the plan was approved (%(day)s).")
            % {"day": dmy(plan.approved_on)},
            code="dates_order",
        )


@transaction.atomic
def task_create(plan: Plan, *, by: Any, data: TaskInput) -> Task:
    access.require_manage(by, plan.committee)
    _require_not_closed(plan)
    _validate_task(plan, data)
    last = plan.tasks.aggregate(m=Max("ordinal"))["m"] or 0
    task = Task(plan=plan, ordinal=last + 1)
    for name in TASK_FIELDS:
        setattr(task, name, getattr(data, name))
    task.save()
    audit.record(
        "task.create",
        actor=by,
        obj=task,
        place=plan.committee.place,
        changes={"assignee": data.assignee.name, "due_on": data.due_on.isoformat()},
    )
    return task


@transaction.atomic
def task_update(task: Task, *, by: Any, data: TaskInput) -> None:
    plan = task.plan
    access.require_manage(by, plan.committee)
    _require_not_closed(plan)
    if task.state == TaskState.DONE:
        raise DomainError(_("A finished task is not changed."), code="task_done")
    _validate_task(plan, data)
    if data.target is None and task.achieved:
        raise DomainError(
            _("Figures were reported toward the target; keep a numeric target."),
            code="task_target",
        )
    before = audit.snapshot(task, TASK_FIELDS)
    for name in TASK_FIELDS:
        setattr(task, name, getattr(data, name))
    task.save()
    audit.record(
        "task.update",
        actor=by,
        obj=task,
        place=plan.committee.place,
        changes=audit.model_changes(before, task, TASK_FIELDS),
    )
