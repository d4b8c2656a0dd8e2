"""Changing a campaign: the standing office only, audited, and never so that
what was done in it stops being true (submissions outside its dates, decisions
before it opened, decided commendations moved to another year). Page and API.
And the refused steps of a proposal: the page again with what was typed (400)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bcd138.awards.models import Campaign, Grantor, Proposal, ProposalFile
from bcd138.awards.services.campaigns import campaign_update
from bcd138.awards.services.decisions import decision_record
from bcd138.awards.services.proposals import proposal_accept, proposal_submit
from bcd138.core.errors import DomainError
from bcd138.core.models import AuditEntry
from tests.awards.conftest import Awards, approved, collective, draft
from tests.conftest import Personas, World, client_for, english
from tests.office_files import MACRO_MAIN, ooxml

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def form_data(campaign: Campaign, **over: Any) -> dict[str, Any]:
    data = {
        "name": campaign.name,
        "year": campaign.year,
        "occasion": campaign.occasion,
        "opens_on": campaign.opens_on.isoformat(),
        "closes_on": campaign.closes_on.isoformat(),
        "notes": campaign.notes,
    }
    data.update(
        {
            k: v.isoformat() if isinstance(v, datetime.date) else v
            for k, v in over.items()
        }
    )
    return data


def submitted(
    aw: Awards, world: World, personas: Personas, on: datetime.date
) -> Proposal:
    proposal = draft(aw, personas.commune_a_officer, collective(world), on=on)
    proposal_submit(proposal, by=personas.commune_a_officer, on=on)
    return proposal


def decide(aw: Awards, proposals: list[Proposal]) -> None:
    decision_record(
        by=aw.standing_office,
        campaign=aw.campaign,
        grantor=Grantor.objects.get(code="giam-doc-ca-tinh"),
        number="88/QĐ-CATP",
        signed_on=aw.today,
        signer_name="Nguyễn Văn Giám",
        signer_title="Giám đốc",
        proposals=proposals,
    )


def test_standing_office_changes_the_campaign_from_its_page(aw: Awards) -> None:
    client = english(aw.standing_office)
    url = reverse("awards:campaign_edit", args=[aw.campaign.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="committee"' not in page.content.decode()
    detail = client.get(reverse("awards:campaign", args=[aw.campaign.pk]))
    assert url in detail.content.decode()
    closes = aw.today + 90 * DAY
    response = client.post(
        url, form_data(aw.campaign, name="Đợt khen thưởng 19/8", closes_on=closes)
    )
    assert response.status_code == 302
    campaign = Campaign.objects.get(pk=aw.campaign.pk)
    assert (campaign.name, campaign.closes_on) == ("Đợt khen thưởng 19/8", closes)
    entry = AuditEntry.objects.get(action="award_campaign.update")
    assert entry.actor_id == aw.standing_office.pk
    assert set(entry.changes) == {"name", "closes_on"}


@pytest.mark.parametrize("who", ["leader", "commune_a", "department", "commune_b"])
def test_only_the_standing_office_changes_a_campaign(
    aw: Awards, personas: Personas, who: str
) -> None:
    user = {
        "leader": aw.leader,
        "commune_a": personas.commune_a_officer,
        "commune_b": personas.commune_b_officer,
        "department": personas.department_member,
    }[who]
    client = client_for(user)
    url = reverse("awards:campaign_edit", args=[aw.campaign.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, form_data(aw.campaign, name="X")).status_code == 403
    assert Campaign.objects.get(pk=aw.campaign.pk).name != "X"
    detail = client.get(reverse("awards:campaign", args=[aw.campaign.pk]))
    assert url not in detail.content.decode()


def test_no_role_gets_404_on_the_edit_page(aw: Awards, personas: Personas) -> None:
    url = reverse("awards:campaign_edit", args=[aw.campaign.pk])
    assert client_for(personas.no_role).get(url).status_code == 404


def test_opening_after_a_submission_is_refused_on_the_page(
    aw: Awards, world: World, personas: Personas
) -> None:
    submitted(aw, world, personas, on=aw.today - 30 * DAY)
    before = Campaign.objects.get(pk=aw.campaign.pk)
    response = english(aw.standing_office).post(
        reverse("awards:campaign_edit", args=[aw.campaign.pk]),
        form_data(aw.campaign, name="Tên mới", opens_on=aw.today - 10 * DAY),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "the campaign cannot open after that day" in html
    assert 'value="Tên mới"' in html
    after = Campaign.objects.get(pk=aw.campaign.pk)
    assert (after.name, after.opens_on) == (before.name, before.opens_on)
    assert not AuditEntry.objects.filter(action="award_campaign.update").exists()


def test_closing_before_the_last_submission_is_refused(
    aw: Awards, world: World, personas: Personas
) -> None:
    submitted(aw, world, personas, on=aw.today - 5 * DAY)
    with pytest.raises(DomainError) as error:
        campaign_update(
            aw.campaign, by=aw.standing_office, closes_on=aw.today - 6 * DAY
        )
    assert error.value.code == "campaign_history"
    assert Campaign.objects.get(pk=aw.campaign.pk).closes_on == aw.today + 60 * DAY
    # Up to the day of the last submission is fine.
    campaign_update(aw.campaign, by=aw.standing_office, closes_on=aw.today - 5 * DAY)


def test_the_year_is_fixed_once_a_decision_is_recorded(
    aw: Awards, world: World, personas: Personas
) -> None:
    year = aw.campaign.year
    campaign_update(aw.campaign, by=aw.standing_office, year=year - 1)
    campaign_update(aw.campaign, by=aw.standing_office, year=year)
    decide(aw, [approved(aw, personas.commune_a_officer, collective(world))])
    with pytest.raises(DomainError) as error:
        campaign_update(aw.campaign, by=aw.standing_office, year=year - 1)
    assert error.value.code == "campaign_history"
    assert Campaign.objects.get(pk=aw.campaign.pk).year == year
    # The name, notes and a later closing still change.
    campaign_update(aw.campaign, by=aw.standing_office, notes="Đã có quyết định.")


def test_dates_out_of_order_are_still_refused(aw: Awards) -> None:
    response = english(aw.standing_office).post(
        reverse("awards:campaign_edit", args=[aw.campaign.pk]),
        form_data(aw.campaign, closes_on=aw.campaign.opens_on - DAY),
    )
    assert response.status_code == 400
    assert "closes before it opens" in response.content.decode()


def test_the_api_changes_a_campaign_with_the_same_rules(
    aw: Awards, world: World, personas: Personas
) -> None:
    url = f"/api/v1/awards/campaigns/{aw.campaign.pk}"
    body = form_data(aw.campaign, name="Qua API")
    office = client_for(aw.standing_office)
    response = office.put(url, body, content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["name"] == "Qua API"
    officer = client_for(personas.commune_a_officer)
    assert officer.put(url, body, content_type="application/json").status_code == 403
    submitted(aw, world, personas, on=aw.today - 30 * DAY)
    late = form_data(aw.campaign, opens_on=aw.today - 10 * DAY)
    refused = office.put(url, late, content_type="application/json")
    assert refused.status_code == 400
    assert refused.json()["code"] == "campaign_history"
    outsider = client_for(personas.no_role)
    assert outsider.put(url, body, content_type="application/json").status_code == 404


# ---- refused steps of a proposal --------------------------------------------------


def test_refused_evidence_keeps_the_reference(
    aw: Awards, world: World, personas: Personas
) -> None:
    proposal = draft(aw, personas.commune_a_officer, collective(world))
    response = english(personas.commune_a_officer).post(
        reverse("awards:evidence", args=[proposal.pk]),
        {"kind": "case", "reference": "999/2099", "note": "Vụ án ma túy"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-testid="step-error"' in html
    assert 'value="999/2099"' in html
    assert 'value="Vụ án ma túy"' in html
    assert not proposal.evidence.exists()


def test_a_macro_file_is_refused_on_the_proposal_and_a_docx_accepted(
    aw: Awards, world: World, personas: Personas
) -> None:
    proposal = draft(aw, personas.commune_a_officer, collective(world))
    client = english(personas.commune_a_officer)
    url = reverse("awards:files", args=[proposal.pk])
    macro = SimpleUploadedFile(
        "to-trinh.docm", ooxml("docx", main_type=MACRO_MAIN["docx"])
    )
    response = client.post(url, {"attachments": macro})
    assert response.status_code == 400
    assert "contains macros" in response.content.decode()
    assert not ProposalFile.objects.exists()
    docx = SimpleUploadedFile("to-trinh.docx", ooxml("docx"))
    assert client.post(url, {"attachments": docx}).status_code == 302
    assert ProposalFile.objects.get().original_name == "to-trinh.docx"


def test_refused_committee_approval_keeps_the_note(
    aw: Awards, world: World, personas: Personas
) -> None:
    proposal = submitted(aw, world, personas, on=aw.today)
    proposal_accept(proposal, by=aw.standing_office)
    response = english(aw.leader).post(
        reverse("awards:campaign_approve", args=[aw.campaign.pk]),
        {"on": "2099-01-01", "note": "Họp Ban Chỉ đạo"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-testid="step-error"' in html
    assert 'value="Họp Ban Chỉ đạo"' in html
    assert Proposal.objects.get(pk=proposal.pk).state == "accepted"
