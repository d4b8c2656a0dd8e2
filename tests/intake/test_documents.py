"""The official documents of a report: contents, who may make them, the identity."""

from __future__ import annotations

import datetime
import io
import zoneinfo
from typing import Any

import docx
import pytest
import time_machine
from django.contrib.messages import get_messages
from django.urls import reverse

from bcd138.agencies.models import Agency, AgencyKind, User
from bcd138.core.errors import DomainError
from bcd138.core.models import AuditEntry
from bcd138.intake import documents
from bcd138.intake.models import CrimeReport, Decision
from bcd138.intake.services import handling
from tests.conftest import Personas, World, client_for
from tests.intake.conftest import file_report

pytestmark = pytest.mark.django_db

TZ = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime.datetime(2026, 1, 5, 9, 30, tzinfo=TZ)
NAME = "Phạm Thị Hoa"
PHONE = "0905123456"
IDENTITY = {"full_name": NAME, "phone": PHONE, "address": "12 Trần Phú"}
DESCRIPTION = f"Tôi là {NAME}, bị hai người đi xe máy giật túi xách trước chợ."
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture(autouse=True)
def _frozen() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


def identified(world: World, by: User, **overrides: Any) -> CrimeReport:
    values: dict[str, Any] = {
        "anonymous": False,
        "identity": dict(IDENTITY),
        "description": DESCRIPTION,
    }
    values.update(overrides)
    return file_report(world, by, **values)


def text_of(content: bytes) -> str:
    """Every paragraph of the document, tables and page header included."""
    document = docx.Document(io.BytesIO(content))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                lines += [p.text for p in cell.paragraphs]
    for section in document.sections:
        lines += [p.text for p in section.header.paragraphs]
    return "\n".join(lines)


def audits(report: CrimeReport, action: str) -> int:
    return AuditEntry.objects.filter(action=action, object_id=str(report.pk)).count()


# ---- the reception record -----------------------------------------------------------


def test_record_by_the_head_names_the_reporter_and_is_audited(
    world: World, personas: Personas, head_a: User
) -> None:
    report = identified(world, personas.commune_a_officer)
    text = text_of(documents.reception_record(report, by=head_a))
    assert f"Họ và tên: {NAME}" in text
    assert f"Số điện thoại: {PHONE}" in text
    assert documents.REDACTED not in text
    entry = AuditEntry.objects.get(
        action="report.document_identity", object_id=str(report.pk)
    )
    assert entry.actor == head_a
    assert entry.changes == {"document": "reception"}
    assert NAME not in entry.reason
    assert NAME not in str(entry.changes)


def test_record_by_the_assigned_officer_names_the_reporter(
    world: World, personas: Personas, head_a: User
) -> None:
    officer = personas.commune_a_officer
    report = identified(world, officer)
    handling.report_assign(report, by=head_a, officer=officer)
    report.refresh_from_db()
    assert NAME in text_of(documents.reception_record(report, by=officer))
    assert audits(report, "report.document_identity") == 1


def test_record_by_a_plain_officer_is_redacted_and_says_so(
    world: World, personas: Personas
) -> None:
    report = identified(world, personas.commune_a_officer)
    text = text_of(documents.reception_record(report, by=personas.commune_a_officer))
    assert NAME not in text
    assert PHONE not in text
    assert f"Họ và tên: {documents.REDACTED}" in text
    assert "đã được che theo chế độ bảo mật" in text
    # The description named the reporter: blanked out there too.
    assert f"Tôi là {documents.REDACTED}, bị hai người" in text
    assert audits(report, "report.document_identity") == 0
    assert audits(report, "report.document") == 1


def test_record_of_an_anonymous_report(world: World, personas: Personas) -> None:
    report = file_report(world, personas.commune_a_officer)
    text = text_of(documents.reception_record(report, by=personas.commune_a_officer))
    assert "Người tố giác không cung cấp thông tin cá nhân." in text
    assert documents.REDACTED not in text


def test_record_contents_header_and_end(world: World, personas: Personas) -> None:
    report = file_report(
        world,
        personas.commune_a_officer,
        occurred_time="khoảng 20 giờ",
        address_line="Chợ Tam Kỳ",
        people_involved="Hai thanh niên đi xe máy không biển số",
    )
    text = text_of(documents.reception_record(report, by=personas.commune_a_officer))
    assert "CÔNG AN THÀNH PHỐ ĐÀ NẴNG" in text
    assert "CÔNG AN PHƯỜNG TAM KỲ" in text
    assert "Số: ....../BB-CAPTK" in text
    assert "Đà Nẵng, ngày 05 tháng 01 năm 2026" in text
    assert "BIÊN BẢN" in text
    assert "Tiếp nhận nguồn tin về tội phạm" in text
    assert "Hồi 09 giờ 30 phút, ngày 05 tháng 01 năm 2026" in text
    assert f"Mã tiếp nhận: {report.tracking_code}" in text
    assert "trực tiếp tại trụ sở đơn vị" in text
    assert "Thời gian xảy ra: khoảng 20 giờ, ngày 20/12/2025" in text
    assert "Địa điểm xảy ra: Chợ Tam Kỳ, Phường Tam Kỳ" in text
    assert "Loại hành vi: cướp, cướp giật tài sản" in text
    assert "Người có liên quan: Hai thanh niên" in text
    assert "Tài liệu, đồ vật kèm theo".upper() in text
    assert "NGƯỜI LẬP BIÊN BẢN" in text
    assert "MẬT" not in text.split("\n")
    body_end = [line for line in text.split("\n") if line.endswith("./.")]
    assert len(body_end) == 1


def test_confidential_record_is_marked_secret(
    world: World, personas: Personas, head_a: User
) -> None:
    report = identified(world, personas.commune_a_officer, confidential=True)
    for by in (head_a, personas.commune_a_officer):
        text = text_of(documents.reception_record(report, by=by))
        assert "MẬT" in text.split("\n")
        assert "theo Điều 56 Bộ luật Tố tụng hình sự" in text


def test_record_lists_the_attachments(world: World, personas: Personas) -> None:
    from bcd138.core.uploads import CleanFile

    clean = CleanFile(
        original_name="anh-hien-truong.jpg",
        content_type="image/jpeg",
        extension="jpg",
        content=b"\xff\xd8\xff\xe0",
        size=2048,
        sha256="a" * 64,
        metadata_stripped=True,
    )
    report = file_report(world, personas.commune_a_officer, files=[clean])
    document = docx.Document(
        io.BytesIO(documents.reception_record(report, by=personas.commune_a_officer))
    )
    files = document.tables[1]
    assert [c.text for c in files.rows[0].cells] == [
        "STT",
        "Tên tệp",
        "Loại",
        "Dung lượng",
    ]
    assert [c.text for c in files.rows[1].cells] == [
        "1",
        "anh-hien-truong.jpg",
        "image/jpeg",
        "2 KB",
    ]


def test_record_is_refused_outside_the_handling_unit(
    world: World, personas: Personas
) -> None:
    report = identified(world, personas.commune_a_officer)
    with pytest.raises(DomainError) as error:
        documents.reception_record(report, by=personas.procuracy_liaison)
    assert error.value.status == 403


# ---- notices to the reporter --------------------------------------------------------


def test_receipt_notice_for_an_anonymous_report_is_refused(
    world: World, personas: Personas, head_a: User
) -> None:
    report = file_report(world, personas.commune_a_officer)
    with pytest.raises(DomainError) as error:
        documents.receipt_notice(report, by=head_a)
    assert error.value.code == "anonymous"


def test_receipt_notice_is_addressed_to_the_reporter_and_audited(
    world: World, personas: Personas, head_a: User
) -> None:
    report = identified(world, personas.commune_a_officer)
    text = text_of(documents.receipt_notice(report, by=head_a))
    assert f"Kính gửi: Ông/Bà {NAME}." in text
    assert "THÔNG BÁO" in text
    assert "Về việc tiếp nhận nguồn tin về tội phạm" in text
    assert "Số: ....../TB-CAPTK" in text
    assert "- Lưu: VT, HS." in text
    assert "TRƯỞNG CÔNG AN PHƯỜNG" in text
    assert head_a.display_name in text
    assert audits(report, "report.document_identity") == 1


def test_receipt_notice_is_refused_to_an_officer_who_may_not_reveal(
    world: World, personas: Personas
) -> None:
    report = identified(world, personas.commune_a_officer)
    with pytest.raises(DomainError) as error:
        documents.receipt_notice(report, by=personas.commune_a_officer)
    assert error.value.code == "identity_forbidden"
    assert audits(report, "report.identity_refused") == 1
    assert audits(report, "report.document_identity") == 0


def test_result_notice_needs_a_decision(
    world: World, personas: Personas, head_a: User
) -> None:
    report = identified(world, personas.commune_a_officer)
    with pytest.raises(DomainError) as error:
        documents.result_notice(report, by=head_a)
    assert error.value.code == "no_decision"


def test_result_notice_gives_the_decisions_reference_and_date(
    world: World, personas: Personas, head_a: User
) -> None:
    report = identified(world, personas.commune_a_officer, confidential=True)
    handling.report_decide(
        report,
        by=head_a,
        decision=Decision.NOT_INSTITUTE,
        reason="Không có sự việc phạm tội",
        reference="03/QĐ-CAPTK",
    )
    report.refresh_from_db()
    text = text_of(documents.result_notice(report, by=head_a))
    assert (
        "ngày 05/01/2026, Công an phường Tam Kỳ đã ban hành Quyết định không khởi "
        "tố vụ án hình sự số 03/QĐ-CAPTK" in text
    )
    assert "Lý do: Không có sự việc phạm tội" in text
    assert "quyền khiếu nại" in text
    assert f"Kính gửi: Ông/Bà {NAME}." in text
    assert "MẬT" in text.split("\n")
    assert audits(report, "report.document_identity") == 1


# ---- notice to the procuracy --------------------------------------------------------


def test_procuracy_notice_never_names_the_reporter(
    world: World, personas: Personas, head_a: User
) -> None:
    report = identified(world, personas.commune_a_officer, confidential=True)
    text = text_of(documents.procuracy_notice(report, by=head_a))
    assert NAME not in text
    assert PHONE not in text
    assert "Người tố giác: đề nghị giữ bí mật" in text
    assert "Kính gửi: VKSND thành phố Đà Nẵng." in text
    assert "Căn cứ khoản 5 Điều 146 Bộ luật Tố tụng hình sự;" in text
    assert audits(report, "report.document_identity") == 0
    assert audits(report, "report.document") == 1


def test_procuracy_notice_of_an_anonymous_report(
    world: World, personas: Personas
) -> None:
    report = file_report(world, personas.commune_a_officer)
    text = text_of(documents.procuracy_notice(report, by=personas.commune_a_officer))
    assert "Người tố giác: ẩn danh" in text
    assert "Tài liệu kèm theo: không có" in text


def test_procuracy_notice_may_be_made_by_the_liaison(
    world: World, personas: Personas
) -> None:
    report = identified(world, personas.commune_a_officer)
    text = text_of(documents.procuracy_notice(report, by=personas.procuracy_liaison))
    assert NAME not in text


# ---- the unit's abbreviation --------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "short_name", "expected"),
    [
        ("Công an phường Tam Kỳ", "", "CAPTK"),
        ("Công an phường Tam Kỳ", "CAP.TK", "CAP.TK"),
        ("Công an phường Tam Kỳ", "CA Tam Kỳ", "CATK"),
        ("Ủy ban nhân dân xã Điện Bàn", "", "UBNDXĐB"),
    ],
)
def test_unit_abbreviation(
    world: World, name: str, short_name: str, expected: str
) -> None:
    agency = Agency(
        name=name,
        short_name=short_name,
        kind=AgencyKind.COMMUNE_POLICE,
        place=world.commune_a,
    )
    assert documents.unit_abbreviation(agency) == expected


# ---- the download -------------------------------------------------------------------


def url(report: CrimeReport, kind: str) -> str:
    return reverse("intake:document", args=[report.pk, kind])


@pytest.mark.parametrize("kind", ["reception", "procuracy"])
def test_the_unit_downloads_a_docx(world: World, personas: Personas, kind: str) -> None:
    report = identified(world, personas.commune_a_officer)
    response = client_for(personas.commune_a_officer).get(url(report, kind))
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    assert response["Content-Disposition"] == (
        f'attachment; filename="{report.tracking_code}-{kind}.docx"'
    )
    assert response["Cache-Control"] == "no-store"
    assert NAME not in text_of(response.content)


def test_another_communes_officer_gets_404(world: World, personas: Personas) -> None:
    report = identified(world, personas.commune_a_officer)
    for kind in documents.DOCUMENTS:
        response = client_for(personas.commune_b_officer).get(url(report, kind))
        assert response.status_code == 404


def test_the_procuracy_liaison_gets_only_the_procuracy_notice(
    world: World, personas: Personas
) -> None:
    report = identified(world, personas.commune_a_officer)
    client = client_for(personas.procuracy_liaison)
    for kind in ("reception", "receipt", "result"):
        assert client.get(url(report, kind)).status_code == 403
    assert audits(report, "report.document_refused") == 3
    response = client.get(url(report, "procuracy"))
    assert response.status_code == 200
    assert NAME not in text_of(response.content)


def test_a_refused_document_redirects_with_the_reason(
    world: World, personas: Personas, head_a: User
) -> None:
    report = file_report(world, personas.commune_a_officer)
    response = client_for(head_a).get(url(report, "receipt"))
    assert response.status_code == 302
    assert response["Location"] == reverse("intake:detail", args=[report.pk])
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    assert len(shown) == 1
    assert "TT 28/2020" in shown[0]


def test_unknown_kind_and_anonymous_visitor(world: World, personas: Personas) -> None:
    report = file_report(world, personas.commune_a_officer)
    officer = client_for(personas.commune_a_officer)
    assert officer.get(url(report, "secret")).status_code == 404
    assert client_for(None).get(url(report, "reception")).status_code == 302
