"""The demo's criminal cases: every stage and category, consistent with the reports
that led to them, built through the services by the demo's accounts, loaded once."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from bcd138.agencies.models import AgencyKind, Role
from bcd138.cases.models import (
    Accused,
    Case,
    CaseEvent,
    Category,
    EventKind,
    Stage,
    Victim,
)
from bcd138.cases.services.clock import case_clock
from bcd138.core.models import AuditEntry
from bcd138.demo.cases import ARTICLES
from bcd138.demo.services import demo_load
from bcd138.intake.models import CrimeReport, Decision, State
from bcd138.intake.models import EventKind as ReportEventKind
from bcd138.places.models import CUTOVER, Era

pytestmark = pytest.mark.django_db

K = EventKind


@pytest.fixture
def demo(
    tmp_path: Path, settings: Any, caplog: pytest.LogCaptureFixture
) -> Iterator[Path]:
    from bcd138.core import crypto

    settings.DATA_DIR = tmp_path
    settings.MEDIA_ROOT = tmp_path / "media"
    crypto.reset_keyring()
    accounts = tmp_path / "a.json"
    with caplog.at_level(logging.WARNING, logger="bcd138.demo"):
        demo_load(accounts_path=accounts, report_count=90, direct_cases=14)
    yield accounts
    crypto.reset_keyring()


def test_demo_cases_reach_every_stage_category_and_delay(
    demo: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # No step the demo planned was refused by the law engine.
    assert [r.getMessage() for r in caplog.records if "Demo case" in r.msg] == []
    cases = Case.objects.all()
    assert set(cases.values_list("stage", flat=True)) == set(Stage.values)
    assert set(cases.values_list("category", flat=True)) == set(Category.values)
    kinds = set(CaseEvent.objects.values_list("kind", flat=True))
    assert {
        K.INVESTIGATION_EXTENDED,
        K.INVESTIGATION_SUSPENDED,
        K.RETURN_SENT,
        K.RETURNED_FOR_SUPPLEMENTARY_INVESTIGATION,
        K.JUDGMENT,
        K.APPEALED,
        K.SUSPENDED,
        K.TERMINATED,
    } <= kinds
    supreme = CaseEvent.objects.get(supreme=True)
    assert supreme.case.category == Category.PARTICULARLY_SERIOUS
    assert cases.filter(solved=True).exists()
    assert cases.filter(solved=False, accused__isnull=True).exists()  # unsolved
    # Every history replays under the law engine, every step in the past.
    today = timezone.localdate()
    for case in cases:
        assert case_clock(case).instituted_on == case.instituted_on
        assert case.last_event_on <= today
    overdue = Case.objects.filter(deadline__lt=today)
    assert overdue.exists()
    # The limit expired without a step: the clock is checked only at a step.
    assert all(c.last_event_on <= c.deadline for c in overdue if c.deadline)
    old = Case.objects.filter(occurred_on__lt=CUTOVER, place__era=Era.LEGACY)
    assert old.exists()
    for case in old.select_related("place__current_commune__parent"):
        commune = case.place.current_commune
        assert commune is not None
        assert commune.parent is not None
        assert commune.parent.code == "48"  # today's commune of Đà Nẵng
    court_receipt = CaseEvent.objects.filter(kind=K.FILE_RECEIVED_BY_COURT).first()
    assert court_receipt is not None
    assert court_receipt.agency is not None
    assert court_receipt.agency.kind == AgencyKind.COURT
    assert court_receipt.actor is not None
    assert court_receipt.actor.username == "toaan"
    assert court_receipt.actor.roles.filter(role=Role.COURT_LIAISON).exists()
    receipt = CaseEvent.objects.filter(kind=K.FILE_RECEIVED_BY_PROCURACY).first()
    assert receipt is not None
    assert receipt.actor is not None
    assert receipt.actor.username == "vks"


def test_demo_cases_follow_their_reports_and_load_once(demo: Path) -> None:
    instituted = CrimeReport.objects.filter(state=State.INSTITUTED)
    assert instituted.count() >= 10
    for report in instituted.select_related("case"):
        case = report.case
        decided = report.events.get(
            kind=ReportEventKind.DECIDED, decision=Decision.INSTITUTE
        )
        assert case.place_id == report.place_id
        assert case.investigating_body_id == report.handling_agency_id
        assert case.instituted_on == decided.on
        articles = {a for a, _title in ARTICLES[report.crime_type]}
        assert set(case.charges.values_list("article", flat=True)) <= articles
    assert not Case.objects.exclude(report__isnull=True).exclude(
        report__state=State.INSTITUTED
    )
    assert Case.objects.filter(report__isnull=True).count() == 14
    counts = [m.objects.count() for m in (Case, CaseEvent, Accused, Victim, AuditEntry)]
    demo_load(accounts_path=demo, report_count=90, direct_cases=14)
    assert [
        m.objects.count() for m in (Case, CaseEvent, Accused, Victim, AuditEntry)
    ] == counts
