"""Evidence: a proposal cites records of the platform its proposer can see —
a crime report that led to a case, a case — and files checked like every upload."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from bcd138.agencies.models import Role
from bcd138.awards.models import EvidenceLink, ProposalFile
from bcd138.awards.services.evidence import (
    evidence_rows,
    proposal_evidence_link,
    proposal_files_add,
)
from bcd138.cases.services.opening import case_open, case_open_from_report
from bcd138.core.errors import DomainError
from bcd138.core.models import AuditEntry
from bcd138.core.uploads import clean_uploads
from tests.awards.conftest import Awards, collective, draft
from tests.cases.conftest import case_input
from tests.conftest import Personas, World, make_user
from tests.intake.conftest import file_report


@pytest.fixture(autouse=True)
def _identity_keys(settings: Any, tmp_path: Any) -> Any:
    from bcd138.core import crypto

    settings.DATA_DIR = tmp_path
    settings.MEDIA_ROOT = tmp_path / "media"
    crypto.reset_keyring()
    yield
    crypto.reset_keyring()


def test_commune_police_cite_a_case_and_a_report_that_led_to_one(
    aw: Awards, world: World, personas: Personas
) -> None:
    officer = personas.commune_a_officer
    proposal = draft(aw, officer, collective(world))
    case = case_open(by=personas.province_officer, data=case_input(world))
    link = proposal_evidence_link(
        proposal, by=officer, kind="case", reference=case.number, note="Tố giác"
    )
    assert link.target == case
    assert link.label.startswith(case.number)

    report = file_report(
        world,
        officer,
        received_at=datetime.datetime(2025, 12, 21, 9, tzinfo=datetime.UTC),
    )
    with pytest.raises(DomainError) as err:
        proposal_evidence_link(
            proposal, by=officer, kind="report", reference=report.tracking_code
        )
    assert err.value.code == "evidence_refused"
    head = make_user("truong.a", Role.UNIT_HEAD, world.police_a, world.commune_a)
    data = case_input(
        world,
        number="02/2026/VA",
        investigating_body=world.police_a,
        occurred_on=datetime.date(2025, 12, 20),
        instituted_on=datetime.date(2026, 1, 2),
    )
    case_open_from_report(report, by=head, data=data)
    cited = proposal_evidence_link(
        proposal, by=officer, kind="report", reference=report.tracking_code.lower()
    )
    assert cited.target == report
    with pytest.raises(DomainError) as err:
        proposal_evidence_link(
            proposal, by=officer, kind="report", reference=report.tracking_code
        )
    assert err.value.code == "evidence_twice"
    assert EvidenceLink.objects.filter(proposal=proposal).count() == 2
    assert proposal.events.filter(kind="evidence").count() == 2


def test_a_record_outside_ones_reach_cannot_be_cited_and_the_attempt_is_audited(
    aw: Awards, world: World, personas: Personas
) -> None:
    case = case_open(by=personas.province_officer, data=case_input(world))
    officer_b = personas.commune_b_officer
    proposal = draft(
        aw,
        officer_b,
        collective(world, proposer=world.police_b, place=world.commune_b),
    )
    with pytest.raises(DomainError) as err:
        proposal_evidence_link(
            proposal, by=officer_b, kind="case", reference=case.number
        )
    assert err.value.code == "evidence_not_found"
    assert AuditEntry.objects.filter(
        action="access.denied", actor=officer_b, object_id=str(case.pk)
    ).exists()
    member = personas.department_member
    mine = draft(aw, member, collective(world, proposer=world.department, place=None))
    with pytest.raises(DomainError) as err:
        proposal_evidence_link(mine, by=member, kind="case", reference=str(case.pk))
    assert err.value.code == "evidence_not_found"
    with pytest.raises(DomainError) as err:
        proposal_evidence_link(mine, by=member, kind="nonsense", reference="1")
    assert err.value.code == "evidence_kind"
    assert EvidenceLink.objects.count() == 0


def test_who_sees_the_proposal_sees_the_label_and_a_link_only_when_allowed(
    aw: Awards, world: World, personas: Personas
) -> None:
    officer = personas.commune_a_officer
    proposal = draft(aw, officer, collective(world))
    case = case_open(by=personas.province_officer, data=case_input(world))
    proposal_evidence_link(proposal, by=officer, kind="case", reference=case.number)
    [mine] = evidence_rows(proposal, officer)
    assert mine.url == f"/cases/{case.pk}/"
    [leaders] = evidence_rows(proposal, aw.leader)  # leaders do not see cases
    assert leaders.url is None
    assert leaders.link.label == mine.link.label


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(out, format="PNG")
    return out.getvalue()


def test_files_are_checked_and_stored(
    aw: Awards, world: World, personas: Personas
) -> None:
    officer = personas.commune_a_officer
    proposal = draft(aw, officer, collective(world))
    files = clean_uploads([SimpleUploadedFile("bien-ban.png", _png())])
    [stored] = proposal_files_add(proposal, by=officer, files=files)
    assert stored.content_type == "image/png"
    assert stored.file.read().startswith(b"\x89PNG")
    with pytest.raises(DomainError) as err:
        clean_uploads([SimpleUploadedFile("x.exe", b"MZ\x90\x00")])
    assert err.value.code == "upload_type_refused"
    assert ProposalFile.objects.count() == 1


def test_a_movement_model_is_cited_by_who_sees_it(
    aw: Awards, world: World, personas: Personas
) -> None:
    from bcd138.movement.models import ModelType
    from bcd138.movement.services import grassroots

    officer = personas.commune_a_officer
    model = grassroots.model_create(
        by=officer,
        data=grassroots.ModelInput(
            name="Camera an ninh khối phố 3",
            model_type=ModelType.SECURITY_CAMERA,
            communes=[world.commune_a],
            started_on=datetime.date(2025, 8, 1),
            running_organisation="Khối phố 3",
        ),
    )
    proposal = draft(aw, officer, collective(world))
    link = proposal_evidence_link(
        proposal, by=officer, kind="model", reference=str(model.pk)
    )
    assert link.label == "Camera an ninh khối phố 3"
    [row] = evidence_rows(proposal, officer)
    assert row.url == f"/movement/models/{model.pk}/"
    officer_b = personas.commune_b_officer
    theirs = draft(
        aw, officer_b, collective(world, proposer=world.police_b, place=world.commune_b)
    )
    with pytest.raises(DomainError) as err:
        proposal_evidence_link(
            theirs, by=officer_b, kind="model", reference=str(model.pk)
        )
    assert err.value.code == "evidence_not_found"
