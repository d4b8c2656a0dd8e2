"""The demo's committee work: every state present, loaded once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import time_machine

from bcd138.core.models import AuditEntry
from bcd138.demo import services as demo
from bcd138.demo.programs import demo_programs_load
from bcd138.programs.models import (
    PlanStatus,
    Programme,
    ProgrammeStatus,
    Recommendation,
    Task,
    TaskEventKind,
)
from bcd138.programs.services.queries import programmes_due_for_review

pytestmark = pytest.mark.django_db


def _province(tmp_path: Path) -> tuple[Any, Any]:
    province = demo._province()
    ag = demo._load_agencies(province)
    demo._load_committees(province, ag)
    demo._load_users(province, ag, tmp_path / "accounts.json")
    return province, ag


def test_demo_programs_show_every_state_and_load_once(
    tmp_path: Path, settings: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    province, ag = _province(tmp_path)
    assert demo_programs_load(province=province, ag=ag) == 3
    from django.utils import timezone

    today = timezone.localdate()
    statuses = {p.status_on(today) for p in Programme.objects.all()}
    assert statuses == set(ProgrammeStatus.values)
    front = Programme.objects.get(number="01/CTPH-CAT-MTTQ")
    assert front.parties.filter(name_as_signed__contains="Quảng Nam").count() == 5
    assert front.reviews.count() >= 3
    assert front.files.count() == 1
    due = programmes_due_for_review(user=_system(), today=today)
    assert front in [d.programme for d in due]

    recs = Recommendation.objects.all()
    assert set(recs.values_list("state", flat=True)) == {"open", "follow_up", "closed"}
    assert set(recs.exclude(outcome="").values_list("outcome", flat=True)) == {
        "done",
        "not_done",
        "explained",
    }
    assert any(r.is_open and r.days_open(today) > 90 for r in recs)
    assert recs.filter(place__era="legacy").exists()
    assert recs.filter(place__era="2025").exists()

    tasks = Task.objects.all()
    assert set(tasks.values_list("plan__status", flat=True)) == {
        PlanStatus.APPROVED,
        PlanStatus.CLOSED,
    }
    assert set(tasks.values_list("state", flat=True)) == {
        "open",
        "submitted",
        "returned",
        "done",
    }
    assert tasks.overdue(today).filter(escalated_on__isnull=False).count() >= 3
    assert any(t.on_time is False for t in tasks)
    assert any(t.on_time for t in tasks)
    escalations = Task.objects.filter(events__kind=TaskEventKind.ESCALATED).count()

    audit_rows = AuditEntry.objects.count()
    assert demo_programs_load(province=province, ag=ag) == 0
    assert AuditEntry.objects.count() == audit_rows
    assert (
        Task.objects.filter(events__kind=TaskEventKind.ESCALATED).count() == escalations
    )


def test_demo_programs_load_early_in_a_year(tmp_path: Path, settings: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    with time_machine.travel("2027-01-03 08:00 +07:00", tick=False):
        province, ag = _province(tmp_path)
        assert demo_programs_load(province=province, ag=ag) == 3
        # The ten tasks of the plan and the Department of Education's two more.
        assert Task.objects.filter(plan__year=2027).count() == 12
        assert (
            Task.objects.filter(
                plan__year=2027, assignee__name__startswith="Sở Giáo dục"
            ).count()
            == 3
        )


def test_demo_member_agency_has_work_of_its_own(tmp_path: Path, settings: Any) -> None:
    """The `sogiaoduc` account (a member agency) sees its tasks in every state
    the issue asks of a member, and a recommendation it raised, on its pages."""
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from bcd138.agencies.models import User
    from bcd138.programs import access

    settings.MEDIA_ROOT = tmp_path / "media"
    province, ag = _province(tmp_path)
    demo_programs_load(province=province, ag=ag)
    today = timezone.localdate()
    user = User.objects.get(username="sogiaoduc")
    mine = access.tasks_visible_to(user).filter(plan__year=today.year)
    assert {t.assignee_id for t in mine} == {ag["giaoduc"].pk}
    done = mine.get(state="done")
    assert done.accepted_on is not None
    in_progress = mine.get(state="open", due_on__gte=today)
    assert in_progress.events.filter(kind=TaskEventKind.PROGRESS, author=user).exists()
    assert in_progress.achieved > 0
    late = mine.overdue(today).get()
    assert late.escalated_on is not None
    assert late.events.filter(kind=TaskEventKind.ESCALATED).exists()
    raised = access.recommendations_visible_to(user).filter(raised_by=ag["giaoduc"])
    assert raised.filter(state="follow_up").exists()
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    tasks_page = client.get(reverse("programs:tasks")).content.decode()
    assert in_progress.title in tasks_page
    assert late.title in tasks_page
    recs_page = client.get(reverse("programs:recommendations")).content.decode()
    assert "Tăng cường tuần tra khu vực cổng trường" in recs_page


def _system() -> Any:
    from bcd138.core.access import SYSTEM

    return SYSTEM
