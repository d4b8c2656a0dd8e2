"""The committee's annual plan (kế hoạch), its tasks (nhiệm vụ) and their history."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bcd138.agencies.models import Agency, SteeringCommittee
from bcd138.core.models import AppendOnlyModel
from bcd138.programs.models.common import StoredFile, stored_file_path


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")
    CLOSED = "closed", _("Closed")


class Plan(models.Model):
    """Kế hoạch: the committee's plan for a year, whose items are the tasks."""

    committee = models.ForeignKey(
        SteeringCommittee,
        verbose_name=_("steering committee"),
        on_delete=models.PROTECT,
        related_name="plans",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.CharField(_("document number"), max_length=60)
    title = models.CharField(_("title"), max_length=300)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-year", "number", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "year", "number"], name="programs_plan_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} · {self.title}"


class TaskState(models.TextChoices):
    OPEN = "open", _("In progress")
    SUBMITTED = "submitted", _("Marked done, awaiting acceptance")
    RETURNED = "returned", _("Sent back")
    DONE = "done", _("Done")


# The assignee still has to act.
ACTIONABLE_TASK_STATES = (TaskState.OPEN, TaskState.RETURNED)


class TaskQuerySet(models.QuerySet["Task"]):
    def unfinished(self) -> TaskQuerySet:
        return self.exclude(state=TaskState.DONE)

    def overdue(self, today: datetime.date) -> TaskQuerySet:
        """Past due and still the assignee's to act on, in a plan under way (a
        closed plan's unfinished tasks are left undone, not overdue)."""
        return self.filter(
            state__in=ACTIONABLE_TASK_STATES,
            due_on__lt=today,
            plan__status=PlanStatus.APPROVED,
        )


class Task(models.Model):
    """Nhiệm vụ: one item of a plan, assigned to one agency with an indicator."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="tasks")
    ordinal = models.PositiveSmallIntegerField(_("item"))
    title = models.CharField(_("task"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    assignee = models.ForeignKey(
        Agency,
        verbose_name=_("assigned to"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    indicator = models.CharField(_("indicator"), max_length=300)
    target = models.DecimalField(
        _("numeric target"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    achieved = models.DecimalField(
        _("achieved"), max_digits=14, decimal_places=2, default=Decimal(0)
    )
    due_on = models.DateField(_("due on"))
    evidence_expected = models.TextField(_("evidence expected"), blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=TaskState.choices, default=TaskState.OPEN
    )
    submitted_on = models.DateField(_("marked done on"), null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    escalated_on = models.DateField(_("escalated on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["plan", "ordinal", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "ordinal"], name="programs_task_unique_ordinal"
            ),
            models.CheckConstraint(
                condition=Q(target__isnull=True) | Q(target__gt=0),
                name="programs_task_target_positive",
            ),
        ]
        indexes = [models.Index(fields=["state", "due_on"])]

    def __str__(self) -> str:
        return f"{self.ordinal}. {self.title}"

    def is_overdue(self, today: datetime.date) -> bool:
        return (
            self.state in ACTIONABLE_TASK_STATES
            and self.due_on < today
            and self.plan.status == PlanStatus.APPROVED
        )

    def days_overdue(self, today: datetime.date) -> int:
        return (today - self.due_on).days if self.is_overdue(today) else 0

    @property
    def on_time(self) -> bool | None:
        if self.completed_on is None:
            return None
        return self.completed_on <= self.due_on

    @property
    def share_achieved(self) -> float | None:
        if not self.target:
            return None
        return float(self.achieved / self.target)


class TaskEventKind(models.TextChoices):
    PROGRESS = "progress", _("Progress report")
    SUBMITTED = "submitted", _("Marked done")
    ACCEPTED = "accepted", _("Accepted by the standing office")
    RETURNED = "returned", _("Sent back")
    ESCALATED = "escalated", _("Escalated to the standing office (overdue)")


class TaskEvent(AppendOnlyModel):
    """A step in a task's history; never updated or deleted."""

    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(_("kind"), max_length=12, choices=TaskEventKind.choices)
    on = models.DateField(_("date"))
    text = models.TextField(_("text"), blank=True)
    figure = models.DecimalField(
        _("figure toward the target"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
    )
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("task event")
        verbose_name_plural = _("task events")
        ordering = ["on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(figure__isnull=True) | Q(figure__gte=0),
                name="programs_event_figure_not_negative",
            ),
            # Escalation is recorded once per task, whatever runs it twice.
            models.UniqueConstraint(
                fields=["task"],
                condition=Q(kind="escalated"),
                name="programs_event_one_escalation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task} · {self.get_kind_display()} · {self.on:%d/%m/%Y}"


class TaskFile(StoredFile):
    """Evidence attached to a progress report or to the completion of a task."""

    event = models.ForeignKey(TaskEvent, on_delete=models.PROTECT, related_name="files")
    file = models.FileField(upload_to=stored_file_path)

    class Meta(StoredFile.Meta):
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
