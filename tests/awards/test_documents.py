"""The certificate of a recipient: a real DOCX in the NĐ 30/2020 layout that
python-docx reads back, naming the recipient and the decision."""

from __future__ import annotations

import io

from docx import Document

from bcd138.awards.documents import certificate_docx
from bcd138.awards.models import AwardForm, Grantor
from bcd138.awards.services.decisions import decision_record
from bcd138.core.models import AuditEntry
from tests.awards.conftest import Awards, approved, collective, individual
from tests.conftest import Personas, World


def _text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


def test_certificate_names_the_recipient_and_the_decision(
    aw: Awards, world: World, personas: Personas
) -> None:
    person = approved(aw, personas.commune_a_officer, individual(world))
    decision = decision_record(
        by=aw.standing_office,
        campaign=aw.campaign,
        grantor=Grantor.objects.get(code="bo-truong-bca"),
        number="8123/QĐ-BCA-X01",
        signed_on=aw.today,
        signer_name="Lê Quốc Minh",
        signer_title="Thứ trưởng",
        proposals=[person],
    )
    recipient = decision.recipients.get()
    content = certificate_docx(recipient, by=aw.standing_office)
    assert content[:2] == b"PK"
    text = _text(content)
    assert "Nguyễn Văn An" in text
    assert "8123/QĐ-BCA-X01" in text
    assert "BẰNG KHEN" in text
    assert "BỘ CÔNG AN" in text
    assert "KT. BỘ TRƯỞNG" in text  # a deputy signed for the Minister
    assert "THỨ TRƯỞNG" in text
    assert "Lê Quốc Minh" in text
    assert f"Hà Nội, ngày {aw.today:%d}" in text
    assert AuditEntry.objects.filter(action="award_decision.certificate").count() == 1


def test_certificate_of_a_collective_from_the_police_director(
    aw: Awards, world: World, personas: Personas
) -> None:
    team = approved(aw, personas.commune_a_officer, collective(world))
    decision = decision_record(
        by=aw.standing_office,
        campaign=aw.campaign,
        grantor=AwardForm.objects.get(code="giay-khen-giam-doc-ca-tinh").grantor,
        number="512/QĐ-CATP",
        signed_on=aw.today,
        signer_name="Trần Văn Giám",
        signer_title="",
        proposals=[team],
    )
    text = _text(certificate_docx(decision.recipients.get(), by=aw.standing_office))
    assert "GIẤY KHEN" in text
    assert "CÔNG AN THÀNH PHỐ ĐÀ NẴNG" in text
    assert "Tổ bảo vệ an ninh, trật tự khối phố 3" in text
    assert "Giám đốc Công an thành phố Đà Nẵng tặng Giấy khen" in text
    assert "512/QĐ-CATP" in text
    assert "KT." not in text
