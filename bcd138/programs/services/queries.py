"""Reading the committee's work: filtered lists, aging, a plan's roll-up, the dashboard.

Every read starts from the access helpers' `*_visible_to(user)`, so the pages,
the API and the exports show the same rows. A plan's roll-up counts the tasks the
reader sees (the whole plan for the standing office and the leaders, one's own
tasks for a member agency or a commune).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Max, Q, QuerySet, Sum

from bcd138.agencies.models import Agency, SteeringCommittee
from bcd138.places.models import Place
from bcd138.programs import access
from bcd138.programs.models import (
    ACTIONABLE_TASK_STATES,
    OPEN_RECOMMENDATION_STATES,
    AgeBand,
    Plan,
    PlanStatus,
    Programme,
    ProgrammeStatus,
    Recommendation,
    Task,
    TaskState,
)
from bcd138.programs.services.extras import (
    AwardsSlot,
    MovementSlot,
    awards_slot,
    movement_slot,
)

# ---- programmes ------------------------------------------------------------------


@dataclass
class ProgrammeFilters:
    status: str = ""
    committee: SteeringCommittee | None = None
    agency: Agency | None = None
    q: str = ""


def programmes_list(
    *, user: Any, filters: ProgrammeFilters, today: datetime.date
) -> QuerySet[Programme]:
    qs = access.programmes_visible_to(user).with_status(filters.status, today)
    if filters.committee is not None:
        qs = qs.filter(committee=filters.committee)
    if filters.agency is not None:
        qs = qs.filter(parties__agency=filters.agency)
    if filters.q:
        qs = qs.filter(Q(title__icontains=filters.q) | Q(number__icontains=filters.q))
    return (
        qs.annotate(
            last_review=Max("reviews__held_on"),
            party_count=Count("parties", distinct=True),
        )
        .select_related("committee")
        .order_by("-signed_on", "-id")
    )


@dataclass(frozen=True)
class ReviewDue:
    programme: Programme
    due_on: datetime.date
    last_review: datetime.date | None
    overdue: bool


def programmes_due_for_review(
    *, user: Any, today: datetime.date, within_days: int = 30
) -> list[ReviewDue]:
    """Active programmes whose next periodic review falls within `within_days`
    (or has passed), the most pressing first."""
    horizon = today + datetime.timedelta(days=within_days)
    active = (
        access.programmes_visible_to(user)
        .with_status(ProgrammeStatus.ACTIVE, today)
        .filter(valid_from__lte=today)
        .annotate(last_review=Max("reviews__held_on"))
    )
    due = []
    for programme in active:
        last = programme.last_review  # type: ignore[attr-defined]
        day = programme.review_due_on(last)
        if day <= horizon:
            due.append(ReviewDue(programme, day, last, day < today))
    return sorted(due, key=lambda d: (d.due_on, d.programme.pk))


# ---- recommendations -------------------------------------------------------------


@dataclass
class RecommendationFilters:
    state: str = ""  # "" open, "all", or a state
    band: str = ""
    committee: SteeringCommittee | None = None
    agency: Agency | None = None  # raised by, addressed to or following up
    commune: Place | None = None  # today's commune of the unit concerned
    past_follow_up: bool = False
    q: str = ""


def recommendations_list(
    *, user: Any, filters: RecommendationFilters, today: datetime.date
) -> QuerySet[Recommendation]:
    """Oldest first: nothing raised is forgotten."""
    qs = access.recommendations_visible_to(user)
    if filters.state == "":
        qs = qs.filter(state__in=OPEN_RECOMMENDATION_STATES)
    elif filters.state != "all":
        qs = qs.filter(state=filters.state)
    qs = qs.aged(filters.band, today)
    if filters.committee is not None:
        qs = qs.filter(committee=filters.committee)
    if filters.agency is not None:
        a = filters.agency
        qs = qs.filter(Q(raised_by=a) | Q(addressed_to=a) | Q(follow_up_agency=a))
    if filters.commune is not None:
        qs = qs.filter(place__current_commune=filters.commune)
    if filters.past_follow_up:
        qs = qs.filter(state__in=OPEN_RECOMMENDATION_STATES, follow_up_by__lt=today)
    if filters.q:
        qs = qs.filter(
            Q(subject__icontains=filters.q)
            | Q(text__icontains=filters.q)
            | Q(conference__icontains=filters.q)
        )
    return qs.select_related(
        "raised_by", "addressed_to", "follow_up_agency", "place"
    ).order_by("raised_on", "id")


@dataclass
class AgingBand:
    band: str
    label: str
    count: int
    rows: list[Recommendation] = field(default_factory=list)


@dataclass
class Aging:
    bands: list[AgingBand]
    past_follow_up: int

    @property
    def total(self) -> int:
        return sum(b.count for b in self.bands)


def recommendations_aging(
    *, user: Any, today: datetime.date, rows_per_band: int = 50
) -> Aging:
    """Open recommendations grouped by age (under 30, 30–90, over 90 days),
    oldest first in each group."""
    open_qs = access.recommendations_visible_to(user).open()
    bands = []
    for band in AgeBand:
        qs = open_qs.aged(band, today)
        rows = list(
            qs.select_related("raised_by", "follow_up_agency").order_by(
                "raised_on", "id"
            )[:rows_per_band]
        )
        bands.append(AgingBand(band.value, str(band.label), qs.count(), rows))
    past = open_qs.filter(follow_up_by__lt=today).count()
    return Aging(bands=bands, past_follow_up=past)


# ---- plans and tasks ---------------------------------------------------------------


@dataclass
class PlanFilters:
    year: int | None = None
    status: str = ""
    committee: SteeringCommittee | None = None


def plans_list(*, user: Any, filters: PlanFilters) -> QuerySet[Plan]:
    qs = access.plans_visible_to(user)
    if filters.year:
        qs = qs.filter(year=filters.year)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.committee is not None:
        qs = qs.filter(committee=filters.committee)
    visible = access.tasks_visible_to(user)
    return (
        qs.select_related("committee")
        .annotate(
            task_count=Count("tasks", filter=Q(tasks__in=visible)),
            done_count=Count(
                "tasks", filter=Q(tasks__in=visible, tasks__state=TaskState.DONE)
            ),
        )
        .order_by("-year", "number", "id")
    )


@dataclass
class TaskFilters:
    state: str = ""  # "" unfinished, "all", "overdue", "escalated", or a state
    plan: Plan | None = None
    year: int | None = None
    agency: Agency | None = None
    q: str = ""


def tasks_list(
    *, user: Any, filters: TaskFilters, today: datetime.date
) -> QuerySet[Task]:
    qs = access.tasks_visible_to(user)
    if filters.state == "":
        qs = qs.unfinished().exclude(plan__status=PlanStatus.CLOSED)
    elif filters.state == "overdue":
        qs = qs.overdue(today)
    elif filters.state == "escalated":
        qs = qs.overdue(today).filter(escalated_on__isnull=False)
    elif filters.state != "all":
        qs = qs.filter(state=filters.state)
    if filters.plan is not None:
        qs = qs.filter(plan=filters.plan)
    if filters.year:
        qs = qs.filter(plan__year=filters.year)
    if filters.agency is not None:
        qs = qs.filter(assignee=filters.agency)
    if filters.q:
        qs = qs.filter(
            Q(title__icontains=filters.q) | Q(indicator__icontains=filters.q)
        )
    return qs.select_related("plan", "assignee").order_by("due_on", "plan", "ordinal")


@dataclass(frozen=True)
class Indicator:
    unit: str
    target: Decimal
    achieved: Decimal

    @property
    def share(self) -> float:
        return float(self.achieved / self.target) if self.target else 0.0


@dataclass
class Rollup:
    total: int = 0
    done: int = 0
    on_time: int = 0
    submitted: int = 0
    overdue: int = 0
    escalated: int = 0
    indicators: list[Indicator] = field(default_factory=list)

    def _share(self, n: int) -> float:
        return n / self.total if self.total else 0.0

    @property
    def late(self) -> int:
        return self.done - self.on_time

    @property
    def in_progress(self) -> int:
        return self.total - self.done - self.submitted

    @property
    def share_done(self) -> float:
        return self._share(self.done)

    @property
    def share_on_time(self) -> float:
        return self._share(self.on_time)

    @property
    def share_late(self) -> float:
        return self._share(self.late)

    @property
    def share_overdue(self) -> float:
        return self._share(self.overdue)


def tasks_rollup(tasks: QuerySet[Task], *, today: datetime.date) -> Rollup:
    """Counts and summed numeric indicators (per unit) of `tasks`."""
    acting = Q(
        state__in=ACTIONABLE_TASK_STATES,
        due_on__lt=today,
        plan__status=PlanStatus.APPROVED,
    )
    counts = tasks.aggregate(
        total=Count("pk"),
        done=Count("pk", filter=Q(state=TaskState.DONE)),
        on_time=Count(
            "pk", filter=Q(state=TaskState.DONE, completed_on__lte=F("due_on"))
        ),
        submitted=Count("pk", filter=Q(state=TaskState.SUBMITTED)),
        overdue=Count("pk", filter=acting),
        escalated=Count("pk", filter=acting & Q(escalated_on__isnull=False)),
    )
    sums = (
        tasks.filter(target__isnull=False)
        .values("unit")
        .annotate(t=Sum("target"), a=Sum("achieved"))
        .order_by("unit")
    )
    cents = Decimal("0.01")  # the same scale on every database
    indicators = [
        Indicator(
            r["unit"], Decimal(r["t"]).quantize(cents), Decimal(r["a"]).quantize(cents)
        )
        for r in sums
    ]
    return Rollup(**counts, indicators=indicators)


def plan_rollup(plan: Plan, *, user: Any, today: datetime.date) -> Rollup:
    return tasks_rollup(access.tasks_visible_to(user).filter(plan=plan), today=today)


# ---- the dashboard ---------------------------------------------------------------


@dataclass
class AgencyTasks:
    agency_id: int
    name: str
    open: int
    overdue: int
    submitted: int
    escalated: int


def open_tasks_by_agency(*, user: Any, today: datetime.date) -> list[AgencyTasks]:
    """Unfinished tasks of approved plans, per assignee, the most overdue first."""
    acting = Q(state__in=ACTIONABLE_TASK_STATES, due_on__lt=today)
    rows = (
        access.tasks_visible_to(user)
        .unfinished()
        .filter(plan__status=PlanStatus.APPROVED)
        .values("assignee_id", "assignee__name")
        .annotate(
            n=Count("pk"),
            late=Count("pk", filter=acting),
            waiting=Count("pk", filter=Q(state=TaskState.SUBMITTED)),
            up=Count("pk", filter=acting & Q(escalated_on__isnull=False)),
        )
        .order_by("-late", "-n", "assignee__name")
    )
    return [
        AgencyTasks(
            r["assignee_id"],
            r["assignee__name"],
            r["n"],
            r["late"],
            r["waiting"],
            r["up"],
        )
        for r in rows
    ]


@dataclass
class TasksAttention:
    mine_overdue: int
    escalated: int


def tasks_attention(*, user: Any, today: datetime.date) -> TasksAttention | None:
    """For the overview page: overdue tasks of one's own agency, and (for the
    standing office and leaders) the overdue tasks escalated to the committee."""
    if not access.has_programs_role(user):
        return None
    overdue = Task.objects.overdue(today)
    mine = overdue.filter(access.own_q(user, "assignee")).count()
    committee = access.committees_read_by(user)
    escalated = overdue.filter(
        plan__committee__in=committee, escalated_on__isnull=False
    ).count()
    return TasksAttention(mine_overdue=mine, escalated=escalated)


@dataclass
class Dashboard:
    today: datetime.date
    tasks_by_agency: list[AgencyTasks]
    aging: Aging
    oldest: list[Recommendation]
    reviews_due: list[ReviewDue]
    plans: list[tuple[Plan, Rollup]]
    movement: MovementSlot | None = None  # None: the module is not installed
    awards: AwardsSlot | None = None

    @property
    def tasks_open(self) -> int:
        return sum(r.open for r in self.tasks_by_agency)

    @property
    def tasks_overdue(self) -> int:
        return sum(r.overdue for r in self.tasks_by_agency)

    @property
    def tasks_submitted(self) -> int:
        return sum(r.submitted for r in self.tasks_by_agency)

    @property
    def tasks_escalated(self) -> int:
        return sum(r.escalated for r in self.tasks_by_agency)


def dashboard_for(*, user: Any, today: datetime.date) -> Dashboard:
    aging = recommendations_aging(user=user, today=today, rows_per_band=0)
    oldest = list(
        access.recommendations_visible_to(user)
        .open()
        .select_related("raised_by", "follow_up_agency")
        .order_by("raised_on", "id")[:8]
    )
    plans = [
        (plan, plan_rollup(plan, user=user, today=today))
        for plan in access.plans_visible_to(user)
        .filter(status=PlanStatus.APPROVED)
        .select_related("committee")
        .order_by("-year", "number")[:4]
    ]
    return Dashboard(
        today=today,
        tasks_by_agency=open_tasks_by_agency(user=user, today=today),
        aging=aging,
        oldest=oldest,
        reviews_due=programmes_due_for_review(user=user, today=today),
        plans=plans,
        movement=movement_slot(user=user, today=today),
        awards=awards_slot(user=user),
    )
