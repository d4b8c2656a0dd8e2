"""The demo's commendations: the 2023 review gives the article's counts from the
decisions, the current campaign has every open state, and loading twice changes
nothing."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from bcd138.agencies.models import User
from bcd138.awards.models import Campaign, Proposal, ProposalState
from bcd138.awards.services.queries import award_counts
from bcd138.core.models import AuditEntry
from bcd138.demo import services as demo
from bcd138.demo.awards import demo_awards_load


def _base(tmp_path: Path) -> Any:
    """The demo's agencies, committees and accounts, without the other modules."""
    province = demo._province()
    agencies = demo._load_agencies(province)
    demo._load_committees(province, agencies)
    demo._load_users(province, agencies, tmp_path / "accounts.json")
    return province


def test_demo_reproduces_the_articles_counts_and_is_idempotent(
    db: Any, tmp_path: Path
) -> None:
    province = _base(tmp_path)
    result = demo_awards_load(province=province)
    assert result.campaigns == 3
    office = User.objects.get(username="thuongtruc")
    rows = award_counts(user=office, year=2023)
    collectives = Counter({r.grantor: r.collectives for r in rows if r.collectives})
    assert collectives == {
        "Bộ trưởng Bộ Công an": 18,
        "Chủ tịch Ủy ban nhân dân tỉnh, thành phố": 3,
        "Giám đốc Công an tỉnh, thành phố": 46,
    }
    assert sum(r.individuals for r in rows) > 0
    assert Proposal.objects.filter(
        collective_name="Tập thể cán bộ, phóng viên Báo Quảng Nam",
        state=ProposalState.DECIDED,
    ).exists()
    current = Campaign.objects.order_by("-opens_on").first()
    assert current is not None
    states = set(current.proposals.values_list("state", flat=True))
    assert {
        ProposalState.DRAFT,
        ProposalState.SUBMITTED,
        ProposalState.ACCEPTED,
        ProposalState.APPROVED,
        ProposalState.RETURNED,
    } <= states
    entries = AuditEntry.objects.count()
    again = demo_awards_load(province=province)
    assert (again.campaigns, again.proposals) == (0, 0)
    assert AuditEntry.objects.count() == entries
