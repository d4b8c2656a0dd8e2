"""Commendation services: the catalogue, campaigns, every step of a proposal, the
decision and its refusals (each leaving nothing changed), and the counts."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from bcd138.awards.models import (
    AwardForm,
    Campaign,
    Decision,
    Eligibility,
    EventKind,
    Grantor,
    Occasion,
    Proposal,
    ProposalEvent,
    ProposalState,
    Recipient,
)
from bcd138.awards.services.campaigns import campaign_create
from bcd138.awards.services.decisions import decision_record, default_issuer
from bcd138.awards.services.proposals import (
    proposal_accept,
    proposal_approve,
    proposal_return,
    proposal_submit,
    proposal_update,
    proposal_withdraw,
)
from bcd138.awards.services.queries import award_counts
from bcd138.core.errors import DomainError
from bcd138.core.models import AuditEntry
from bcd138.places.models import Place
from tests.awards.conftest import Awards, approved, collective, draft, individual
from tests.conftest import Personas, World

S = ProposalState
DAY = datetime.timedelta(days=1)


def record(aw: Awards, proposals: list[Proposal], **kw: Any) -> Decision:
    values: dict[str, Any] = {
        "by": aw.standing_office,
        "campaign": aw.campaign,
        "grantor": Grantor.objects.get(code="giam-doc-ca-tinh"),
        "number": "1234/QĐ-CATP",
        "signed_on": aw.today,
        "signer_name": "Nguyễn Văn Giám",
        "signer_title": "Giám đốc",
        "proposals": proposals,
    }
    values.update(kw)
    return decision_record(**values)


def unchanged(proposal: Proposal) -> tuple[str, int, int]:
    """What a refused step must not change: state, history, audit entries."""
    fresh = Proposal.objects.get(pk=proposal.pk)
    return (
        fresh.state,
        ProposalEvent.objects.filter(proposal=proposal).count(),
        AuditEntry.objects.filter(action__startswith="award_").count(),
    )


# ---- the catalogue -----------------------------------------------------------------


def test_catalogue_is_seeded_with_the_forms_and_their_grantors(db: Any) -> None:
    minister = AwardForm.objects.get(code="bang-khen-bo-truong-bca")
    assert minister.name == "Bằng khen của Bộ trưởng Bộ Công an"
    assert minister.grantor.name == "Bộ trưởng Bộ Công an"
    assert AwardForm.objects.get(code="bang-khen-chu-tich-ubnd-tinh").grantor.level == (
        "province_chair"
    )
    assert AwardForm.objects.get(code="giay-khen-giam-doc-ca-tinh").grantor.level == (
        "provincial_police_director"
    )
    medal = AwardForm.objects.get(code="knc-bao-ve-an-ninh-to-quoc")
    assert medal.eligibility == Eligibility.INDIVIDUALS
    assert "11/2021/TT-BCA" in medal.legal_basis
    district = AwardForm.objects.get(code="giay-khen-chu-tich-ubnd-huyen")
    assert district.valid_to == datetime.date(2025, 6, 30)
    assert not district.valid_on(datetime.date(2025, 7, 1))
    assert AwardForm.objects.get(code="giay-khen-chu-tich-ubnd-xa").valid_on(
        datetime.date(2026, 1, 1)
    )


# ---- campaigns ---------------------------------------------------------------------


def test_campaign_closing_before_opening_is_refused(aw: Awards) -> None:
    before = Campaign.objects.count()
    with pytest.raises(DomainError) as err:
        campaign_create(
            by=aw.standing_office,
            committee=aw.committee,
            name="Ngày hội 19/8",
            year=aw.today.year,
            occasion=Occasion.FESTIVAL_DAY,
            opens_on=aw.today,
            closes_on=aw.today - DAY,
        )
    assert err.value.code == "dates_out_of_order"
    assert Campaign.objects.count() == before


def test_only_the_standing_office_opens_a_campaign(
    aw: Awards, personas: Personas
) -> None:
    for user in (aw.leader, personas.department_member, personas.commune_a_officer):
        with pytest.raises(PermissionDenied):
            campaign_create(
                by=user,
                committee=aw.committee,
                name="x",
                year=aw.today.year,
                occasion=Occasion.OTHER,
                opens_on=aw.today,
                closes_on=aw.today,
            )
    assert Campaign.objects.count() == 1


# ---- the steps of a proposal ---------------------------------------------------------


def test_proposal_goes_from_draft_to_decided_with_its_history_and_audit(
    aw: Awards, world: World, personas: Personas
) -> None:
    officer = personas.commune_a_officer
    proposal = draft(aw, officer, collective(world))
    assert proposal.state == S.DRAFT
    proposal_submit(proposal, by=officer)
    proposal_accept(proposal, by=aw.standing_office, note="Hồ sơ đầy đủ")
    proposal_approve(proposal, by=aw.leader)
    decision = record(aw, [proposal])
    proposal.refresh_from_db()
    assert proposal.state == S.DECIDED
    assert proposal.decided_on == aw.today
    assert proposal.recipient.decision == decision
    kinds = list(proposal.events.values_list("kind", flat=True))
    assert kinds == [
        EventKind.CREATED,
        EventKind.SUBMITTED,
        EventKind.ACCEPTED,
        EventKind.APPROVED,
        EventKind.DECIDED,
    ]
    # The history is append-only: a step is never rewritten or removed.
    step = proposal.events.get(kind=EventKind.DECIDED)
    step.reason = "rewritten"
    with pytest.raises(RuntimeError):
        step.save()
    with pytest.raises(RuntimeError):
        step.delete()
    actions = set(
        AuditEntry.objects.filter(object_id=str(proposal.pk)).values_list(
            "action", flat=True
        )
    )
    assert {"award_proposal.submitted", "award_proposal.decided"} <= actions
    assert AuditEntry.objects.filter(action="award_decision.record").count() == 1
    # The issuing body comes from the provincial police of the committee's province.
    assert decision.issuing_body == "Công an thành phố Đà Nẵng"
    assert decision.place_name == "Đà Nẵng"


def test_returned_proposal_is_edited_and_submitted_again(
    aw: Awards, world: World, personas: Personas
) -> None:
    officer = personas.commune_a_officer
    proposal = draft(aw, officer, collective(world))
    proposal_submit(proposal, by=officer)
    proposal_return(proposal, by=aw.standing_office, reason="Thiếu biên bản họp xét")
    proposal.refresh_from_db()
    assert proposal.state == S.RETURNED
    assert proposal.return_reason == "Thiếu biên bản họp xét"
    proposal_update(
        proposal, by=officer, data=collective(world, achievements="Bổ sung biên bản.")
    )
    proposal_submit(proposal, by=officer)
    proposal.refresh_from_db()
    assert proposal.state == S.SUBMITTED
    assert proposal.return_reason == ""
    assert proposal.achievements == "Bổ sung biên bản."


def test_committee_leader_may_send_back_a_reviewed_proposal(
    aw: Awards, world: World, personas: Personas
) -> None:
    officer = personas.commune_a_officer
    proposal = draft(aw, officer, collective(world))
    proposal_submit(proposal, by=officer)
    with pytest.raises(PermissionDenied):  # reviewing is the standing office's
        proposal_return(proposal, by=aw.leader, reason="x")
    proposal_accept(proposal, by=aw.standing_office)
    proposal_return(proposal, by=aw.leader, reason="Chưa đủ tiêu chuẩn Bằng khen")
    assert Proposal.objects.get(pk=proposal.pk).state == S.RETURNED


def test_withdrawn_proposal_takes_no_further_step(
    aw: Awards, world: World, personas: Personas
) -> None:
    officer = personas.commune_a_officer
    proposal = draft(aw, officer, collective(world))
    proposal_withdraw(proposal, by=officer, reason="Trùng đề nghị")
    before = unchanged(proposal)
    with pytest.raises(DomainError) as err:
        proposal_submit(proposal, by=officer)
    assert err.value.code == "state"
    assert unchanged(proposal) == before


@pytest.mark.parametrize(
    ("who", "step"),
    [
        ("commune_b", "submit"),
        ("department", "submit"),
        ("commune_a", "accept"),
        ("leader", "accept"),
        ("office", "approve"),
        ("commune_a", "approve"),
    ],
)
def test_a_step_by_someone_without_that_part_is_refused(
    aw: Awards, world: World, personas: Personas, who: str, step: str
) -> None:
    users = {
        "commune_a": personas.commune_a_officer,
        "commune_b": personas.commune_b_officer,
        "department": personas.department_member,
        "leader": aw.leader,
        "office": aw.standing_office,
    }
    officer = personas.commune_a_officer
    proposal = draft(aw, officer, collective(world))
    if step != "submit":
        proposal_submit(proposal, by=officer)
    if step == "approve":
        proposal_accept(proposal, by=aw.standing_office)
    run = {
        "submit": proposal_submit,
        "accept": proposal_accept,
        "approve": proposal_approve,
    }[step]
    before = unchanged(proposal)
    with pytest.raises(PermissionDenied):
        run(proposal, by=users[who])
    assert unchanged(proposal) == before


def test_steps_out_of_order_are_refused_and_change_nothing(
    aw: Awards, world: World, personas: Personas
) -> None:
    officer = personas.commune_a_officer
    proposal = draft(aw, officer, collective(world), on=aw.today - 9 * DAY)
    before = unchanged(proposal)
    with pytest.raises(DomainError) as err:
        proposal_approve(proposal, by=aw.leader)  # a draft, not reviewed
    assert err.value.code == "state"
    with pytest.raises(DomainError) as err:
        proposal_accept(proposal, by=aw.standing_office)  # not submitted
    assert err.value.code == "state"
    assert unchanged(proposal) == before
    proposal_submit(proposal, by=officer, on=aw.today - 5 * DAY)
    before = unchanged(proposal)
    with pytest.raises(DomainError) as err:
        proposal_accept(proposal, by=aw.standing_office, on=aw.today - 6 * DAY)
    assert err.value.code == "out_of_order"
    with pytest.raises(DomainError) as err:
        proposal_accept(proposal, by=aw.standing_office, on=aw.today + DAY)
    assert err.value.code == "future"
    with pytest.raises(DomainError) as err:
        proposal_return(proposal, by=aw.standing_office, reason="  ")
    assert err.value.code == "reason"
    assert unchanged(proposal) == before


def test_submission_outside_the_campaign_dates_is_refused(
    aw: Awards, world: World, personas: Personas
) -> None:
    officer = personas.commune_a_officer
    proposal = draft(aw, officer, collective(world))
    before = unchanged(proposal)
    with pytest.raises(DomainError) as err:
        proposal_submit(proposal, by=officer, on=aw.campaign.opens_on - DAY)
    assert err.value.code == "campaign_closed"
    assert unchanged(proposal) == before


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"award_form": "knc-bao-ve-an-ninh-to-quoc"}, "form_kind"),
        ({"collective_name": ""}, "collective_name"),
        ({"achievements": "   "}, "achievements"),
        ({"place": "other_province"}, "place"),
        ({"place": "commune_b"}, "place"),
        ({"proposer": "department"}, "proposer"),
    ],
)
def test_a_bad_proposal_is_refused_and_nothing_is_created(
    aw: Awards, world: World, personas: Personas, change: dict[str, str], code: str
) -> None:
    values: dict[str, Any] = dict(change)
    if "award_form" in values:
        values["award_form"] = AwardForm.objects.get(code=values["award_form"])
    places = {
        "other_province": Place.objects.current()
        .communes()
        .exclude(current_province=world.province)[0],
        "commune_b": world.commune_b,
    }
    if "place" in values:
        values["place"] = places[values["place"]]
    if values.get("proposer") == "department":
        values["proposer"] = world.department
    before = (Proposal.objects.count(), AuditEntry.objects.count())
    with pytest.raises(DomainError) as err:
        draft(aw, personas.commune_a_officer, collective(world, **values))
    assert err.value.code == code
    assert (Proposal.objects.count(), AuditEntry.objects.count()) == before


def test_member_agency_proposes_for_itself_and_an_individual_needs_a_name(
    aw: Awards, world: World, personas: Personas
) -> None:
    member = personas.department_member
    proposal = draft(
        aw,
        member,
        individual(world, proposer=world.department, place=None, person_unit="Sở GD"),
    )
    assert proposal.place == world.department.place
    with pytest.raises(DomainError) as err:
        draft(aw, member, individual(world, proposer=world.department, person_name=""))
    assert err.value.code == "person_name"


def test_standing_office_may_propose_for_any_unit_of_its_area(
    aw: Awards, world: World
) -> None:
    proposal = draft(
        aw,
        aw.standing_office,
        collective(
            world,
            proposer=world.police,
            agency=world.police_b,
            collective_name="",
            place=None,
        ),
    )
    assert proposal.place == world.commune_b
    assert proposal.recipient_name == "Công an phường Hải Châu"


# ---- decisions -----------------------------------------------------------------------


def _decisions_unchanged(proposal: Proposal) -> tuple[int, int, str]:
    return (
        Decision.objects.count(),
        Recipient.objects.count(),
        Proposal.objects.get(pk=proposal.pk).state,
    )


def test_a_proposal_is_decided_once_only(
    aw: Awards, world: World, personas: Personas
) -> None:
    proposal = approved(aw, personas.commune_a_officer, collective(world))
    first = record(aw, [proposal])
    before = _decisions_unchanged(proposal)
    with pytest.raises(DomainError) as err:
        record(aw, [proposal], number="1235/QĐ-CATP")
    assert err.value.code == "decided_twice"
    assert _decisions_unchanged(proposal) == before
    # The database refuses it too, whatever the code path.
    second = Decision.objects.create(
        campaign=aw.campaign,
        grantor=first.grantor,
        number="9/QĐ",
        signed_on=aw.today,
        signer_name="x",
        signer_title="x",
        issuing_body="x",
        place_name="x",
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Recipient.objects.create(decision=second, proposal=proposal, line=1)


def test_the_granting_authority_must_be_that_of_the_award_form(
    aw: Awards, world: World, personas: Personas
) -> None:
    proposal = approved(aw, personas.commune_a_officer, collective(world))
    before = _decisions_unchanged(proposal)
    with pytest.raises(DomainError) as err:
        record(aw, [proposal], grantor=Grantor.objects.get(code="bo-truong-bca"))
    assert err.value.code == "wrong_grantor"
    assert _decisions_unchanged(proposal) == before


def test_a_decision_before_the_committee_approved_is_refused(
    aw: Awards, world: World, personas: Personas
) -> None:
    officer = personas.commune_a_officer
    reviewed = draft(aw, officer, collective(world))
    proposal_submit(reviewed, by=officer)
    proposal_accept(reviewed, by=aw.standing_office)
    before = _decisions_unchanged(reviewed)
    with pytest.raises(DomainError) as err:
        record(aw, [reviewed])
    assert err.value.code == "not_approved"
    assert _decisions_unchanged(reviewed) == before

    later = draft(
        aw, officer, collective(world, collective_name="Tổ 5"), on=aw.today - 3 * DAY
    )
    proposal_submit(later, by=officer, on=aw.today - 3 * DAY)
    proposal_accept(later, by=aw.standing_office, on=aw.today - 2 * DAY)
    proposal_approve(later, by=aw.leader, on=aw.today - DAY)
    before = _decisions_unchanged(later)
    with pytest.raises(DomainError) as err:
        record(aw, [later], signed_on=aw.today - 2 * DAY)
    assert err.value.code == "before_approval"
    assert _decisions_unchanged(later) == before


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"signed_on": "before_opening"}, "out_of_order"),
        ({"signed_on": "tomorrow"}, "future"),
        ({"number": "  "}, "number"),
        ({"signer_name": ""}, "signer_name"),
        ({"proposals": []}, "recipients"),
    ],
)
def test_a_bad_decision_is_refused_and_changes_nothing(
    aw: Awards,
    world: World,
    personas: Personas,
    change: dict[str, Any],
    code: str,
) -> None:
    proposal = approved(aw, personas.commune_a_officer, collective(world))
    values = dict(change)
    dates = {
        "before_opening": aw.campaign.opens_on - DAY,
        "tomorrow": aw.today + DAY,
    }
    if "signed_on" in values:
        values["signed_on"] = dates[values["signed_on"]]
    before = _decisions_unchanged(proposal)
    with pytest.raises(DomainError) as err:
        record(aw, values.pop("proposals", [proposal]), **values)
    assert err.value.code == code
    assert _decisions_unchanged(proposal) == before


def test_a_number_is_not_reused_by_the_same_body_within_a_year(
    aw: Awards, world: World, personas: Personas
) -> None:
    officer = personas.commune_a_officer
    first = approved(aw, officer, collective(world))
    second = approved(aw, officer, collective(world, collective_name="Tổ 7"))
    record(aw, [first])
    with pytest.raises(DomainError) as err:
        record(aw, [second])
    assert err.value.code == "number_taken"
    assert Proposal.objects.get(pk=second.pk).state == S.APPROVED


def test_a_proposal_of_another_campaign_or_a_form_no_longer_in_force_is_refused(
    aw: Awards, world: World, personas: Personas
) -> None:
    officer = personas.commune_a_officer
    proposal = approved(aw, officer, collective(world))
    other = campaign_create(
        by=aw.standing_office,
        committee=aw.committee,
        name="Ngày hội 19/8",
        year=aw.today.year,
        occasion=Occasion.FESTIVAL_DAY,
        opens_on=aw.today - 10 * DAY,
        closes_on=aw.today,
    )
    with pytest.raises(DomainError) as err:
        record(aw, [proposal], campaign=other)
    assert err.value.code == "campaign"
    AwardForm.objects.filter(pk=proposal.award_form_id).update(valid_to=aw.today - DAY)
    with pytest.raises(DomainError) as err:
        record(aw, [proposal])
    assert err.value.code == "form_not_valid"
    assert Decision.objects.count() == 0


def test_only_the_standing_office_records_a_decision(
    aw: Awards, world: World, personas: Personas
) -> None:
    proposal = approved(aw, personas.commune_a_officer, collective(world))
    for user in (aw.leader, personas.commune_a_officer):
        with pytest.raises(PermissionDenied):
            record(aw, [proposal], by=user)
    assert Decision.objects.count() == 0


def test_issuer_defaults_from_the_authority_and_the_committee(aw: Awards) -> None:
    committee = aw.committee
    assert default_issuer(Grantor.objects.get(code="bo-truong-bca"), committee) == (
        "Bộ Công an",
        "Hà Nội",
    )
    assert default_issuer(
        Grantor.objects.get(code="chu-tich-ubnd-tinh"), committee
    ) == ("Ủy ban nhân dân thành phố Đà Nẵng", "Đà Nẵng")


# ---- counts --------------------------------------------------------------------------


def test_counts_come_from_the_decisions_by_form_grantor_and_year(
    aw: Awards, world: World, personas: Personas
) -> None:
    officer = personas.commune_a_officer
    director = [
        approved(aw, officer, collective(world, collective_name=f"Tổ {i}"))
        for i in range(3)
    ]
    minister_form = AwardForm.objects.get(code="bang-khen-bo-truong-bca")
    minister = [
        approved(
            aw,
            officer,
            collective(world, collective_name=f"Khối {i}", award_form=minister_form),
        )
        for i in range(2)
    ]
    minister.append(approved(aw, officer, individual(world)))
    approved(aw, officer, collective(world, collective_name="Chưa có quyết định"))
    record(aw, director)
    record(
        aw,
        minister,
        grantor=Grantor.objects.get(code="bo-truong-bca"),
        number="5678/QĐ-BCA",
        signer_name="Trần Bộ Trưởng",
        signer_title="Thứ trưởng",
    )
    rows = award_counts(user=aw.standing_office, year=aw.today.year)
    table = {(r.grantor, r.award_form): (r.collectives, r.individuals) for r in rows}
    assert table == {
        ("Bộ trưởng Bộ Công an", "Bằng khen của Bộ trưởng Bộ Công an"): (2, 1),
        (
            "Giám đốc Công an tỉnh, thành phố",
            "Giấy khen của Giám đốc Công an tỉnh, thành phố",
        ): (3, 0),
    }
    assert award_counts(user=aw.standing_office, year=aw.today.year - 1) == []
    # The leader reads them; commune B's police have no proposal in them.
    assert award_counts(user=aw.leader) == rows
    assert award_counts(user=personas.commune_b_officer) == []
    # Commune A's police count the decisions naming their proposals.
    assert sum(r.total for r in award_counts(user=officer)) == 6


def test_approving_a_list_is_all_or_nothing(
    aw: Awards, world: World, personas: Personas
) -> None:
    from bcd138.awards.services.proposals import proposals_approve

    officer = personas.commune_a_officer
    ready = draft(aw, officer, collective(world))
    proposal_submit(ready, by=officer)
    proposal_accept(ready, by=aw.standing_office)
    waiting = draft(aw, officer, collective(world, collective_name="Tổ 9"))
    proposal_submit(waiting, by=officer)
    before = (unchanged(ready), unchanged(waiting))
    with pytest.raises(DomainError) as err:
        proposals_approve([ready, waiting], by=aw.leader)
    assert err.value.code == "state"
    with pytest.raises(PermissionDenied):
        proposals_approve([ready], by=aw.standing_office)
    assert (unchanged(ready), unchanged(waiting)) == before
    assert proposals_approve([ready], by=aw.leader) == 1
    assert Proposal.objects.get(pk=ready.pk).state == S.APPROVED
