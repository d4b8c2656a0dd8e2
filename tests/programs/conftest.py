"""Fixtures for the committee's work: the province committee, its standing office,
a leader, the Fatherland Front, and helpers that build state through the services.

Today is frozen at 15 June 2026 (a Monday) so that ages and due dates are fixed.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
import time_machine

from bcd138.agencies import services as agencies
from bcd138.agencies.models import (
    Agency,
    AgencyKind,
    CommitteeLevel,
    Role,
    SteeringCommittee,
    User,
)
from bcd138.core.access import SYSTEM
from bcd138.programs.models import Plan, Programme, Recommendation, Task
from bcd138.programs.services import plans, programmes, recommendations
from tests.conftest import Personas, World, make_user

TODAY = datetime.date(2026, 6, 15)


@pytest.fixture(autouse=True)
def _frozen_today() -> Iterator[None]:
    with time_machine.travel("2026-06-15 09:00 +07:00", tick=False):
        yield


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@dataclass
class Board:
    """The province committee and the people around it, beyond the personas."""

    committee: SteeringCommittee
    front: Agency
    ubnd: Agency
    standing: User  # standing office (the provincial police)
    leader: User  # committee leader
    front_officer: User  # member agency: the Fatherland Front


@pytest.fixture
def board(world: World, personas: Personas) -> Board:
    def agency(name: str, kind: str) -> Agency:
        return agencies.agency_create(
            by=SYSTEM, name=name, kind=kind, place=world.province
        )

    front = agency(
        "Ủy ban MTTQ Việt Nam thành phố Đà Nẵng", AgencyKind.FATHERLAND_FRONT
    )
    ubnd = agency("UBND thành phố Đà Nẵng", AgencyKind.PEOPLES_COMMITTEE)
    committee = agencies.committee_create(
        by=SYSTEM,
        name="Ban Chỉ đạo 138 thành phố Đà Nẵng",
        level=CommitteeLevel.PROVINCE,
        place=world.province,
        standing_agency=world.police,
    )
    return Board(
        committee=committee,
        front=front,
        ubnd=ubnd,
        standing=make_user(
            "thuongtruc", Role.STANDING_OFFICE, world.police, world.province
        ),
        leader=make_user("lanhdao", Role.COMMITTEE_LEADER, ubnd, world.province),
        front_officer=make_user("mttq", Role.MEMBER_AGENCY, front, world.province),
    )


def d(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def make_programme(board: Board, world: World, **over: Any) -> Programme:
    values: dict[str, Any] = {
        "title": "Chương trình phối hợp giữa Công an và Mặt trận Tổ quốc",
        "number": "01/CTPH",
        "signed_on": d("2024-01-20"),
        "valid_from": d("2024-01-20"),
        "valid_to": d("2028-12-31"),
        "review_every_months": 6,
        "parties": [
            programmes.PartyInput(
                world.police, name_as_signed="Công an tỉnh Quảng Nam", is_lead=True
            ),
            programmes.PartyInput(board.front),
        ],
        "commitments": [
            programmes.CommitmentInput(world.police, "Cung cấp thông tin tình hình"),
            programmes.CommitmentInput(board.front, "Vận động quần chúng tố giác"),
        ],
    }
    values.update(over)
    return programmes.programme_create(
        by=board.standing,
        committee=board.committee,
        data=programmes.ProgrammeInput(**values),
    )


def raise_rec(
    board: Board, by: User, agency: Agency, raised_on: str = "2026-06-01", **over: Any
) -> Recommendation:
    values: dict[str, Any] = {
        "subject": "Tăng cường camera an ninh khu dân cư",
        "text": "Đề nghị hỗ trợ kinh phí lắp camera.",
        "raised_by": agency,
        "raised_on": d(raised_on),
    }
    values.update(over)
    return recommendations.recommendation_raise(
        by=by,
        committee=board.committee,
        data=recommendations.RecommendationInput(**values),
    )


def make_plan(board: Board, year: int = 2026, number: str = "15/KH-BCĐ") -> Plan:
    return plans.plan_create(
        by=board.standing,
        committee=board.committee,
        year=year,
        number=number,
        title=f"Kế hoạch công tác năm {year}",
    )


def add_task(
    board: Board, plan: Plan, assignee: Agency, due: str = "2026-09-30", **over: Any
) -> Task:
    values: dict[str, Any] = {
        "title": "Tổ chức tuyên truyền phòng chống lừa đảo qua mạng",
        "assignee": assignee,
        "indicator": "Số buổi tuyên truyền",
        "due_on": d(due),
        "target": Decimal(10),
        "unit": "buổi",
        "evidence_expected": "Báo cáo, hình ảnh",
    }
    values.update(over)
    return plans.task_create(plan, by=board.standing, data=plans.TaskInput(**values))


def approve(board: Board, plan: Plan, on: str = "2026-01-10") -> Plan:
    plans.plan_approve(plan, by=board.standing, on=d(on))
    plan.refresh_from_db()
    return plan
