"""The demo's committee work: every state present, quick, loaded once."""

from __future__ import annotations

import time
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
    started = time.perf_counter()
    assert demo_programs_load(province=province, ag=ag) == 3
    assert time.perf_counter() - started < 2
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
        assert Task.objects.filter(plan__year=2027).count() == 10


def _system() -> Any:
    from bcd138.core.access import SYSTEM

    return SYSTEM
