"""Fixtures for commendations: the province's steering committee, its standing
office and leader, a campaign open today, and helpers that build proposals
through the services.

Personas (tests/conftest.py) and who they are here: `department_member` is a
member agency (Sở Giáo dục); `commune_a_officer` / `commune_b_officer` are the
police of Phường Tam Kỳ / Phường Hải Châu; `province_officer` (provincial police)
and `procuracy_liaison` have no part in commendations.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from bcd138.agencies import services as agencies
from bcd138.agencies.models import (
    Agency,
    AgencyKind,
    CommitteeLevel,
    Role,
    SteeringCommittee,
    User,
)
from bcd138.awards.models import AwardForm, Campaign, Occasion, Proposal
from bcd138.awards.services.campaigns import campaign_create
from bcd138.awards.services.proposals import (
    ProposalInput,
    proposal_accept,
    proposal_approve,
    proposal_create,
    proposal_submit,
)
from bcd138.core.access import SYSTEM
from tests.conftest import Personas, World, make_user


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@dataclass
class Awards:
    committee: SteeringCommittee
    people_committee: Agency
    standing_office: User
    leader: User
    campaign: Campaign
    today: datetime.date

    def form(self, code: str) -> AwardForm:
        return AwardForm.objects.get(code=code)


@pytest.fixture
def aw(world: World, personas: Personas) -> Awards:
    ubnd = agencies.agency_create(
        by=SYSTEM,
        name="Ủy ban nhân dân thành phố Đà Nẵng",
        kind=AgencyKind.PEOPLES_COMMITTEE,
        place=world.province,
    )
    committee = agencies.committee_create(
        by=SYSTEM,
        name="Ban Chỉ đạo 138 thành phố Đà Nẵng",
        level=CommitteeLevel.PROVINCE,
        place=world.province,
        standing_agency=world.police,
    )
    office = make_user("thuongtruc", Role.STANDING_OFFICE, world.police, world.province)
    leader = make_user("lanhdao", Role.COMMITTEE_LEADER, ubnd, world.province)
    today = timezone.localdate()
    campaign = campaign_create(
        by=office,
        committee=committee,
        name="Khen thưởng phong trào Toàn dân bảo vệ an ninh Tổ quốc",
        year=today.year,
        occasion=Occasion.ANNUAL_REVIEW,
        opens_on=today - datetime.timedelta(days=60),
        closes_on=today + datetime.timedelta(days=60),
    )
    return Awards(committee, ubnd, office, leader, campaign, today)


def collective(world: World, **kw: Any) -> ProposalInput:
    values: dict[str, Any] = {
        "recipient_kind": "collective",
        "award_form": AwardForm.objects.get(code="giay-khen-giam-doc-ca-tinh"),
        "achievements": "Phát hiện, tố giác 12 vụ việc, góp phần khám phá 5 vụ án.",
        "proposer": world.police_a,
        "collective_name": "Tổ bảo vệ an ninh, trật tự khối phố 3",
        "place": world.commune_a,
    }
    values.update(kw)
    return ProposalInput(**values)


def individual(world: World, **kw: Any) -> ProposalInput:
    values: dict[str, Any] = {
        "recipient_kind": "individual",
        "award_form": AwardForm.objects.get(code="bang-khen-bo-truong-bca"),
        "achievements": "Trực tiếp bắt giữ đối tượng cướp giật tài sản.",
        "proposer": world.police_a,
        "person_name": "Nguyễn Văn An",
        "person_position": "Tổ trưởng",
        "person_unit": "Tổ bảo vệ an ninh, trật tự khối phố 3",
        "place": world.commune_a,
    }
    values.update(kw)
    return ProposalInput(**values)


def draft(aw: Awards, by: Any, data: ProposalInput, **kw: Any) -> Proposal:
    campaign = kw.pop("campaign", aw.campaign)
    return proposal_create(by=by, campaign=campaign, data=data, on=kw.pop("on", None))


def approved(aw: Awards, by: Any, data: ProposalInput) -> Proposal:
    """A proposal taken through submission, review and approval, today."""
    proposal = draft(aw, by, data)
    proposal_submit(proposal, by=by)
    proposal_accept(proposal, by=aw.standing_office)
    proposal_approve(proposal, by=aw.leader)
    return proposal
