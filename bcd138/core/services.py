"""Reads that the web shell shows: the overview figures and the audit log search.

Rules: figures count only what lies in the user's jurisdiction; the audit log is
read by auditors and system administrators, each within their jurisdiction.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from bcd138.agencies.models import Agency, CommitteeMember, Role, SteeringCommittee
from bcd138.core import access
from bcd138.core.models import AuditEntry, CalendarDay
from bcd138.law.calendar import WorkCalendar
from bcd138.places.models import Place


@dataclass
class Overview:
    jurisdictions: list[Place]
    communes: int
    agencies_by_kind: list[tuple[str, int]] = field(default_factory=list)
    committees: int = 0
    members_serving: int = 0
    audit_last_7_days: int | None = None
    attention: Any = None
    case_attention: Any = None
    # Whether the user's bodies hold cases (else only the escalation counts), and
    # the one body whose held cases are counted, to filter the list by.
    case_attention_holds: bool = False
    case_attention_agency: int | None = None
    task_attention: Any = None
    hotspot_attention: dict[str, int] | None = None

    @property
    def agencies(self) -> int:
        return sum(n for _, n in self.agencies_by_kind)


def overview_for(user: Any) -> Overview:
    """Real figures for the user's jurisdiction (the home page)."""
    places = access.visible(Place.objects.current().communes(), user, field="")
    agencies = access.visible(Agency.objects.active(), user, field="place")
    by_kind = agencies.values("kind").annotate(n=Count("pk")).order_by("-n", "kind")
    labels = dict(Agency._meta.get_field("kind").flatchoices)
    committees = access.visible(SteeringCommittee.objects.all(), user, field="place")
    members = CommitteeMember.objects.serving_on(timezone.localdate()).filter(
        committee__in=committees
    )
    overview = Overview(
        jurisdictions=list(access.jurisdictions(user)),
        communes=places.count(),
        agencies_by_kind=[
            (str(labels.get(r["kind"], r["kind"])), r["n"]) for r in by_kind
        ],
        committees=committees.count(),
        members_serving=members.count(),
    )
    from bcd138.intake.services.queue import reports_attention

    overview.attention = reports_attention(user=user)
    _cases_attention(overview, user)
    from bcd138.programs.services.queries import tasks_attention

    overview.task_attention = tasks_attention(user=user, today=timezone.localdate())
    overview.hotspot_attention = _hotspot_attention(user)
    if access.has_role(user, Role.AUDITOR, Role.SYSTEM_ADMIN):
        since = timezone.now() - datetime.timedelta(days=7)
        overview.audit_last_7_days = (
            audit_entries_visible_to(user).filter(at__gte=since).count()
        )
    return overview


def _cases_attention(overview: Overview, user: Any) -> None:
    """The criminal cases' warnings, and the one body they count (if only one) so
    that the overview's links open the list filtered to it."""
    from bcd138.cases.services import access as case_access
    from bcd138.cases.services.queries import cases_attention

    overview.case_attention = cases_attention(user=user)
    held = (
        case_access.police_agency_ids(user)
        | case_access.procuracy_agency_ids(user)
        | case_access.court_agency_ids(user)
    )
    overview.case_attention_holds = bool(held)
    overview.case_attention_agency = next(iter(held)) if len(held) == 1 else None


def _hotspot_attention(user: Any) -> dict[str, int] | None:
    """Hot-spot alerts not closed: how many await acknowledgement, how many are
    the user's (None when there are none, or the user has no hot-spot role)."""
    from bcd138.hotspots import access as hotspot_access

    if not hotspot_access.has_hotspots_role(user):
        return None
    alerts = hotspot_access.alerts_visible_to(user).exclude(status="closed")
    counts = alerts.aggregate(
        total=Count("pk"),
        unacknowledged=Count("pk", filter=Q(status="open")),
        mine=Count("pk", filter=Q(assignee_id=user.pk)),
    )
    return counts if counts["total"] else None


AUDIT_ROLES = (Role.AUDITOR, Role.SYSTEM_ADMIN)


def audit_entries_visible_to(user: Any) -> QuerySet[AuditEntry]:
    """Entries about places in the auditor's jurisdiction (superusers: all)."""
    access.require_role(user, *AUDIT_ROLES)
    if access.is_superuser(user):
        return AuditEntry.objects.all()
    return access.visible(
        AuditEntry.objects.all(), user, field="place", roles=AUDIT_ROLES
    )


def audit_search(
    *,
    user: Any,
    q: str = "",
    action: str = "",
    actor: str = "",
    since: datetime.date | None = None,
    until: datetime.date | None = None,
) -> QuerySet[AuditEntry]:
    qs = audit_entries_visible_to(user).select_related("place")
    if q:
        qs = qs.filter(
            Q(object_repr__icontains=q) | Q(reason__icontains=q) | Q(object_id=q)
        )
    if action:
        qs = qs.filter(action__startswith=action)
    if actor:
        qs = qs.filter(actor_label__icontains=actor)
    if since:
        qs = qs.filter(at__date__gte=since)
    if until:
        qs = qs.filter(at__date__lte=until)
    return qs.order_by("-at", "-id")


def work_calendar() -> WorkCalendar:
    """Public holidays plus the declared exceptions in `CalendarDay`."""
    rows = list(CalendarDay.objects.values_list("day", "is_day_off"))
    return WorkCalendar(
        extra_days_off=frozenset(day for day, off in rows if off),
        extra_working_days=frozenset(day for day, off in rows if not off),
    )
