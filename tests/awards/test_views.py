"""Commendation pages for every persona, allowed and forbidden; the steps from
the page; the exports; pinned query counts."""

from __future__ import annotations

import io
from collections import Counter
from typing import Any

import pytest
from django.test import Client
from docx import Document
from openpyxl import load_workbook

from bcd138.awards.models import Campaign, Decision, Grantor, Proposal, ProposalState
from bcd138.awards.services.decisions import decision_record
from bcd138.core.models import AuditEntry
from tests.awards.conftest import Awards, approved, collective, draft, individual
from tests.conftest import Personas, World, client_for

S = ProposalState


@pytest.fixture
def mine(aw: Awards, world: World, personas: Personas) -> Proposal:
    """A draft of commune A's police."""
    return draft(aw, personas.commune_a_officer, collective(world))


def _people(aw: Awards, personas: Personas) -> dict[str, Any]:
    return {
        "office": aw.standing_office,
        "leader": aw.leader,
        "department": personas.department_member,
        "commune_a": personas.commune_a_officer,
        "commune_b": personas.commune_b_officer,
        "province_police": personas.province_officer,
        "procuracy": personas.procuracy_liaison,
        "no_role": personas.no_role,
    }


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("office", 200),
        ("leader", 200),
        ("department", 200),
        ("commune_a", 200),
        ("commune_b", 200),
        ("province_police", 403),
        ("procuracy", 403),
        ("no_role", 403),
    ],
)
@pytest.mark.parametrize(
    "page", ["awards:list", "awards:campaigns", "awards:decisions", "awards:counts"]
)
def test_the_lists_are_for_the_roles_of_commendations(
    aw: Awards, personas: Personas, mine: Proposal, who: str, status: int, page: str
) -> None:
    from django.urls import reverse

    client = client_for(_people(aw, personas)[who])
    assert client.get(reverse(page)).status_code == status


def test_anonymous_is_sent_to_sign_in(db: Any) -> None:
    response = Client().get("/awards/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    ("who", "seen"),
    [
        ("office", True),
        ("leader", True),
        ("commune_a", True),
        ("commune_b", False),
        ("department", False),
    ],
)
def test_who_sees_a_proposal_in_the_list_and_its_page(
    aw: Awards, personas: Personas, mine: Proposal, who: str, seen: bool
) -> None:
    user = _people(aw, personas)[who]
    client = client_for(user)
    listed = client.get("/awards/").content.decode()
    assert (f'href="/awards/{mine.pk}/"' in listed) is seen
    response = client.get(f"/awards/{mine.pk}/")
    assert response.status_code == (200 if seen else 404)
    if not seen:
        assert AuditEntry.objects.filter(
            action="access.denied", actor=user, object_id=str(mine.pk)
        ).exists()


def test_member_agency_sees_its_own_proposals_only(
    aw: Awards, world: World, personas: Personas, mine: Proposal
) -> None:
    member = personas.department_member
    own = draft(
        aw,
        member,
        individual(
            world, proposer=world.department, place=None, person_name="Lê Thị Ba"
        ),
    )
    client = client_for(member)
    listed = client.get("/awards/").content.decode()
    assert "Lê Thị Ba" in listed
    assert f'href="/awards/{mine.pk}/"' not in listed
    assert client.get(f"/awards/{own.pk}/").status_code == 200


def test_steps_from_the_page_follow_the_roles(
    aw: Awards, personas: Personas, mine: Proposal
) -> None:
    commune_a = client_for(personas.commune_a_officer)
    commune_b = client_for(personas.commune_b_officer)
    office = client_for(aw.standing_office)
    leader = client_for(aw.leader)
    assert commune_b.post(f"/awards/{mine.pk}/act/submit/").status_code == 404
    assert commune_a.post(f"/awards/{mine.pk}/act/submit/").status_code == 302
    assert Proposal.objects.get(pk=mine.pk).state == S.SUBMITTED
    # The leader sees the proposal but reviewing is the standing office's.
    assert leader.post(f"/awards/{mine.pk}/act/accept/").status_code == 403
    assert AuditEntry.objects.filter(action="award_proposal.act_refused").count() == 1
    assert (
        office.post(f"/awards/{mine.pk}/act/accept/", {"note": "Đủ"}).status_code == 302
    )
    page = leader.get(f"/awards/{mine.pk}/").content.decode()
    assert f"/awards/{mine.pk}/act/approve/" in page
    assert leader.post(f"/awards/{mine.pk}/act/approve/").status_code == 302
    assert Proposal.objects.get(pk=mine.pk).state == S.APPROVED
    assert office.post(f"/awards/{mine.pk}/act/nonsense/").status_code == 404


def test_a_refused_step_shows_the_reason_and_changes_nothing(
    aw: Awards, personas: Personas, mine: Proposal
) -> None:
    office = client_for(aw.standing_office)
    client_for(personas.commune_a_officer).post(f"/awards/{mine.pk}/act/submit/")
    response = office.post(f"/awards/{mine.pk}/act/return/", {"reason": ""})
    # The page again, with the error in the step's form: 400, nothing saved.
    assert response.status_code == 400
    assert Proposal.objects.get(pk=mine.pk).state == S.SUBMITTED
    response = office.post(
        f"/awards/{mine.pk}/act/accept/", {"on": "2000-01-01", "note": "Đủ hồ sơ"}
    )
    assert response.status_code == 400
    assert Proposal.objects.get(pk=mine.pk).state == S.SUBMITTED
    assert 'data-testid="step-error"' in response.content.decode()
    assert 'value="Đủ hồ sơ"' in response.content.decode()


def test_a_proposal_is_drafted_from_the_page_with_a_file(
    aw: Awards, world: World, personas: Personas
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(personas.commune_a_officer)
    choose = client.get("/awards/new/")
    assert f"?campaign={aw.campaign.pk}" in choose.content.decode()
    form = client.get(f"/awards/new/?campaign={aw.campaign.pk}")
    assert form.status_code == 200
    data = {
        "campaign": aw.campaign.pk,
        "recipient_kind": "collective",
        "award_form": aw.form("giay-khen-giam-doc-ca-tinh").pk,
        "proposer": world.police_a.pk,
        "collective_name": "Tổ tự quản khối phố 5",
        "place": world.commune_a.pk,
        "achievements": "Tham gia bắt 3 đối tượng trộm cắp.",
        "attachments": SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4\n%%EOF\n"),
    }
    response = client.post("/awards/new/", data)
    assert response.status_code == 302
    proposal = Proposal.objects.get(collective_name="Tổ tự quản khối phố 5")
    assert proposal.files.count() == 1
    assert (
        client.get(
            f"/awards/{proposal.pk}/files/{proposal.files.get().pk}/"
        ).status_code
        == 200
    )
    bad = dict(data, attachments=SimpleUploadedFile("x.exe", b"MZ\x90\x00"))
    bad["collective_name"] = "Tổ khác"
    response = client.post("/awards/new/", bad)
    assert response.status_code == 200
    assert not Proposal.objects.filter(collective_name="Tổ khác").exists()


def test_list_filters_and_its_query_count_does_not_grow(
    aw: Awards,
    world: World,
    personas: Personas,
    django_assert_num_queries: Any,
) -> None:
    officer = personas.commune_a_officer
    for i in range(3):
        draft(aw, officer, collective(world, collective_name=f"Tổ {i}"))
    client = client_for(aw.standing_office)
    client.get("/awards/")
    # session, user, grants, filter choices (campaigns, proposers, award forms),
    # count, page
    with django_assert_num_queries(8):
        client.get("/awards/")
    for i in range(3, 10):
        draft(aw, officer, collective(world, collective_name=f"Tổ {i}"))
    with django_assert_num_queries(8):
        response = client.get("/awards/")
    assert response.content.decode().count('href="/awards/') >= 10
    partial = client.get("/awards/?state=draft", HTTP_HX_REQUEST="true")
    assert "<html" not in partial.content.decode()
    assert "Tổ 9" in partial.content.decode()
    empty = client.get("/awards/?state=decided").content.decode()
    assert 'data-testid="empty"' in empty


def _rows(content: bytes) -> list[tuple[Any, ...]]:
    book = load_workbook(io.BytesIO(content), read_only=True)
    return list(book.worksheets[0].iter_rows(values_only=True))


def test_proposals_export_has_what_the_user_sees(
    aw: Awards, personas: Personas, mine: Proposal
) -> None:
    response = client_for(aw.standing_office).get("/awards/export.xlsx")
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    rows = _rows(response.content)
    assert len(rows) == 2
    assert mine.recipient_name in rows[1]
    assert "Phường Tam Kỳ" in rows[1]
    outsider = client_for(personas.commune_b_officer).get("/awards/export.xlsx")
    assert len(_rows(outsider.content)) == 1


def _decided(aw: Awards, world: World, personas: Personas) -> Decision:
    officer = personas.commune_a_officer
    return decision_record(
        by=aw.standing_office,
        campaign=aw.campaign,
        grantor=Grantor.objects.get(code="giam-doc-ca-tinh"),
        number="77/QĐ-CATP",
        signed_on=aw.today,
        signer_name="Trần Văn Giám",
        signer_title="Giám đốc",
        proposals=[
            approved(aw, officer, collective(world, collective_name=f"Tổ {i}"))
            for i in range(2)
        ],
    )


def test_counts_page_and_export(aw: Awards, world: World, personas: Personas) -> None:
    _decided(aw, world, personas)
    client = client_for(aw.leader)
    page = client.get(f"/awards/counts/?year={aw.today.year}").content.decode()
    assert "Giấy khen của Giám đốc Công an tỉnh, thành phố" in page
    rows = _rows(client.get(f"/awards/counts/export.xlsx?year={aw.today.year}").content)
    assert rows[1][:5] == (
        aw.today.year,
        "Giám đốc Công an tỉnh, thành phố",
        "Giấy khen của Giám đốc Công an tỉnh, thành phố",
        2,
        0,
    )


def test_decision_is_recorded_from_the_page_by_the_standing_office_only(
    aw: Awards, world: World, personas: Personas
) -> None:
    proposal = approved(aw, personas.commune_a_officer, collective(world))
    url = f"/awards/decisions/new/?campaign={aw.campaign.pk}"
    assert client_for(aw.leader).get(url).status_code == 403
    assert client_for(personas.commune_b_officer).get(url).status_code == 403
    office = client_for(aw.standing_office)
    assert proposal.recipient_name in office.get(url).content.decode()
    data = {
        "campaign": aw.campaign.pk,
        "grantor": Grantor.objects.get(code="bo-truong-bca").pk,
        "number": "1/QĐ-BCA",
        "signed_on": aw.today.isoformat(),
        "signer_name": "Lê Bộ",
        "proposals": [proposal.pk],
    }
    refused = office.post("/awards/decisions/new/", data)
    assert refused.status_code == 200  # wrong grantor: the form again
    assert Decision.objects.count() == 0
    data["grantor"] = Grantor.objects.get(code="giam-doc-ca-tinh").pk
    response = office.post("/awards/decisions/new/", data)
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert office.get(f"/awards/decisions/{decision.pk}/").status_code == 200


@pytest.mark.parametrize(
    ("who", "status"),
    [("office", 200), ("leader", 200), ("commune_a", 200), ("commune_b", 404)],
)
def test_certificate_download(
    aw: Awards, world: World, personas: Personas, who: str, status: int
) -> None:
    decision = _decided(aw, world, personas)
    recipient = decision.recipients.first()
    assert recipient is not None
    client = client_for(_people(aw, personas)[who])
    response = client.get(
        f"/awards/decisions/{decision.pk}/certificates/{recipient.pk}/"
    )
    assert response.status_code == status
    if status == 200:
        document = Document(io.BytesIO(response.content))
        text = "\n".join(p.text for p in document.paragraphs)
        assert "77/QĐ-CATP" in text
        assert recipient.proposal.recipient_name in text


def test_campaign_is_opened_from_the_page_by_the_standing_office(
    aw: Awards, personas: Personas
) -> None:
    assert (
        client_for(personas.department_member).get("/awards/campaigns/new/").status_code
        == 403
    )
    office = client_for(aw.standing_office)
    data = {
        "committee": aw.committee.pk,
        "name": "Ngày hội Toàn dân bảo vệ an ninh Tổ quốc 19/8",
        "year": aw.today.year,
        "occasion": "festival_day",
        "opens_on": aw.today.isoformat(),
        "closes_on": aw.today.replace(day=1).isoformat(),
    }
    if aw.today.day == 1:
        data["opens_on"] = "2099-01-02"
    assert office.post("/awards/campaigns/new/", data).status_code == 200
    assert Campaign.objects.count() == 1
    data["closes_on"] = data["opens_on"]
    response = office.post("/awards/campaigns/new/", data)
    assert response.status_code == 302
    campaign = Campaign.objects.exclude(pk=aw.campaign.pk).get()
    assert office.get(f"/awards/campaigns/{campaign.pk}/").status_code == 200
    assert (
        client_for(personas.commune_a_officer)
        .get(f"/awards/campaigns/{campaign.pk}/")
        .status_code
        == 200
    )
    assert (
        client_for(personas.procuracy_liaison)
        .get(f"/awards/campaigns/{campaign.pk}/")
        .status_code
        == 404
    )


def test_the_committee_approves_every_reviewed_proposal_at_its_meeting(
    aw: Awards, world: World, personas: Personas
) -> None:
    from bcd138.awards.services.proposals import proposal_accept, proposal_submit

    officer = personas.commune_a_officer
    reviewed = []
    for i in range(3):
        proposal = draft(aw, officer, collective(world, collective_name=f"Tổ {i}"))
        proposal_submit(proposal, by=officer)
        if i < 2:
            proposal_accept(proposal, by=aw.standing_office)
            reviewed.append(proposal)
    url = f"/awards/campaigns/{aw.campaign.pk}/"
    assert (
        'data-testid="approve-all"' in client_for(aw.leader).get(url).content.decode()
    )
    office_page = client_for(aw.standing_office).get(url).content.decode()
    assert 'data-testid="approve-all"' not in office_page
    assert client_for(aw.standing_office).post(f"{url}approve/").status_code == 403
    response = client_for(aw.leader).post(f"{url}approve/", {"note": "Phiên họp"})
    assert response.status_code == 302
    states = Counter(Proposal.objects.values_list("state", flat=True))
    assert states == {S.APPROVED: 2, S.SUBMITTED: 1}
    assert AuditEntry.objects.filter(action="award_proposal.approved").count() == 2


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        # session, user, grants, may open one, count, page (with its counts)
        ("/awards/campaigns/", 6),
        # session, user, grants, years, count, page
        ("/awards/decisions/", 6),
        # session, user, grants, years, the counts
        ("/awards/counts/", 5),
    ],
)
def test_other_lists_pin_their_query_count(
    aw: Awards,
    world: World,
    personas: Personas,
    django_assert_num_queries: Any,
    url: str,
    queries: int,
) -> None:
    _decided(aw, world, personas)
    client = client_for(aw.standing_office)
    client.get(url)
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200
