"""Progress on tasks: reports, completion with evidence, acceptance, escalation.

Rules: only the assignee's officers report and mark a task done, and only while
its plan is approved (not a draft, not closed) and the task is theirs to act on
(in progress or sent back); figures count toward a numeric target only; a task is
marked done only with evidence (a file in this report or an earlier one); the
standing office accepts it (it is done, on time if marked done by the due date)
or sends it back with a reason. An overdue task is escalated to the standing
office once (`tasks_escalate_overdue`, run daily by the worker).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from bcd138.core import audit
from bcd138.core.errors import DomainError
from bcd138.core.uploads import CleanFile
from bcd138.programs import access
from bcd138.programs.models import (
    ACTIONABLE_TASK_STATES,
    PlanStatus,
    Task,
    TaskEvent,
    TaskEventKind,
    TaskFile,
    TaskState,
)
from bcd138.programs.services.common import (
    actor_user,
    dmy,
    require_past,
    require_text,
    today,
)
from bcd138.programs.services.files import file_store, files_removed_on_error


def _require_plan_open(task: Task) -> None:
    plan = task.plan
    if plan.status == PlanStatus.CLOSED:
        raise DomainError(
            _("The plan is closed: nothing more is reported on its tasks."),
            code="plan_closed",
        )
    if plan.status == PlanStatus.DRAFT:
        raise DomainError(_("The plan is not approved yet."), code="plan_not_approved")


def _require_on(task: Task, on: datetime.date, what: str) -> None:
    require_past(on, what)
    approved = task.plan.approved_on
    if approved and on < approved:
        raise DomainError(
            _("%(what)s is before the plan was approved (%(day)s).")
            % {"what": what, "day": dmy(approved)},
            code="dates_order",
        )


def _require_reportable(task: Task, by: Any, on: datetime.date) -> None:
    if not access.may_report_on_task(by, task):
        raise PermissionDenied
    _require_plan_open(task)
    if task.state not in ACTIONABLE_TASK_STATES:
        raise DomainError(
            _("The task is done.")
            if task.state == TaskState.DONE
            else _("The task is awaiting the standing office's acceptance."),
            code="task_state",
        )
    _require_on(task, on, _("The date of the report"))


def _check_figure(task: Task, figure: Decimal | None) -> None:
    if figure is None:
        return
    if task.target is None:
        raise DomainError(
            _("This task has no numeric target to report figures toward."),
            code="task_figure",
        )
    if figure < 0:
        raise DomainError(_("A figure is not negative."), code="task_figure")


def _append(
    task: Task,
    *,
    by: Any,
    kind: str,
    on: datetime.date,
    text: str,
    figure: Decimal | None = None,
    files: Sequence[CleanFile] = (),
) -> TaskEvent:
    event = TaskEvent.objects.create(
        task=task,
        kind=kind,
        on=on,
        text=text,
        figure=figure,
        agency=task.assignee
        if kind in (TaskEventKind.PROGRESS, TaskEventKind.SUBMITTED)
        else task.plan.committee.standing_agency,
        author=actor_user(by),
    )
    for clean in files:
        file_store(TaskFile(event=event), clean, by=by)
    return event


@transaction.atomic
def task_report(
    task: Task,
    *,
    by: Any,
    text: str,
    on: datetime.date,
    figure: Decimal | None = None,
    files: Sequence[CleanFile] = (),
) -> TaskEvent:
    """A progress report: text, an optional figure toward the target, files."""
    _require_reportable(task, by, on)
    _check_figure(task, figure)
    text = require_text(text, _("Write what was done."), "report_text")
    with files_removed_on_error():
        event = _append(
            task,
            by=by,
            kind=TaskEventKind.PROGRESS,
            on=on,
            text=text,
            figure=figure,
            files=files,
        )
        if figure:
            task.achieved += figure
            task.save(update_fields=["achieved", "updated_at"])
        audit.record(
            "task.report",
            actor=by,
            obj=task,
            place=task.plan.committee.place,
            changes={"figure": str(figure or ""), "files": len(files)},
        )
    return event


@transaction.atomic
def task_submit(
    task: Task,
    *,
    by: Any,
    text: str,
    on: datetime.date,
    figure: Decimal | None = None,
    files: Sequence[CleanFile] = (),
) -> TaskEvent:
    """The assignee marks the task done, with its evidence."""
    _require_reportable(task, by, on)
    _check_figure(task, figure)
    text = require_text(text, _("Describe what was done."), "report_text")
    if not files and not TaskFile.objects.filter(event__task=task).exists():
        raise DomainError(
            _("Attach the evidence of completion before marking the task done."),
            code="evidence_required",
        )
    with files_removed_on_error():
        event = _append(
            task,
            by=by,
            kind=TaskEventKind.SUBMITTED,
            on=on,
            text=text,
            figure=figure,
            files=files,
        )
        if figure:
            task.achieved += figure
        task.state, task.submitted_on = TaskState.SUBMITTED, on
        task.save(update_fields=["achieved", "state", "submitted_on", "updated_at"])
        audit.record(
            "task.submit",
            actor=by,
            obj=task,
            place=task.plan.committee.place,
            changes={"files": len(files)},
        )
    return event


def _require_decision(task: Task, by: Any, on: datetime.date) -> None:
    access.require_manage(by, task.plan.committee)
    _require_plan_open(task)
    if task.state != TaskState.SUBMITTED:
        raise DomainError(_("The task has not been marked done."), code="task_state")
    require_past(on, _("The date of the decision"))
    if task.submitted_on and on < task.submitted_on:
        raise DomainError(
            _("The decision is dated before the task was marked done (%(day)s).")
            % {"day": dmy(task.submitted_on)},
            code="dates_order",
        )


@transaction.atomic
def task_accept(task: Task, *, by: Any, on: datetime.date, note: str = "") -> None:
    """The standing office accepts the completion: the task is done."""
    _require_decision(task, by, on)
    _append(task, by=by, kind=TaskEventKind.ACCEPTED, on=on, text=note.strip())
    task.state = TaskState.DONE
    task.completed_on, task.accepted_on = task.submitted_on, on
    task.save(update_fields=["state", "completed_on", "accepted_on", "updated_at"])
    audit.record("task.accept", actor=by, obj=task, place=task.plan.committee.place)


@transaction.atomic
def task_return(task: Task, *, by: Any, on: datetime.date, reason: str) -> None:
    """The standing office sends the completion back, saying why."""
    _require_decision(task, by, on)
    reason = require_text(reason, _("Say why the task is sent back."), "reason")
    _append(task, by=by, kind=TaskEventKind.RETURNED, on=on, text=reason)
    task.state, task.submitted_on = TaskState.RETURNED, None
    task.save(update_fields=["state", "submitted_on", "updated_at"])
    audit.record(
        "task.return",
        actor=by,
        obj=task,
        place=task.plan.committee.place,
        reason=reason,
    )


@dataclass(frozen=True)
class EscalationResult:
    escalated: int  # escalated by this run
    overdue: int  # overdue tasks of approved plans, escalated before or now


def tasks_escalate_overdue(*, on: datetime.date | None = None) -> EscalationResult:
    """Escalate every overdue task of an approved plan to the standing office,
    once per task: running this again (or twice at once) changes nothing."""
    day = on or today()
    overdue = Task.objects.overdue(day)
    pending = overdue.filter(escalated_on__isnull=True).select_related(
        "plan__committee__place", "plan__committee__standing_agency", "assignee"
    )
    escalated = 0
    for task in pending:
        with transaction.atomic():
            # The conditional update is the lock: a second worker updates nothing.
            claimed = Task.objects.filter(pk=task.pk, escalated_on__isnull=True).update(
                escalated_on=day
            )
            if not claimed:
                continue
            _append(
                task,
                by=None,
                kind=TaskEventKind.ESCALATED,
                on=day,
                text=_("Overdue since %(day)s; assigned to %(agency)s.")
                % {"day": dmy(task.due_on), "agency": task.assignee.name},
            )
            audit.record(
                "task.escalate",
                obj=task,
                place=task.plan.committee.place,
                changes={"due_on": task.due_on.isoformat()},
            )
            escalated += 1
    return EscalationResult(escalated=escalated, overdue=overdue.count())
