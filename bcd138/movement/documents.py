"""The recognition certificate (Giấy công nhận, TT 124/2021/TT-BCA Điều 10) as DOCX,
in the NĐ 30/2020 format drawn by `core.docx_layout`.

Only a recognition decided "đạt" has one. The number is left for the clerk of the
deciding body's register (NĐ 30/2020 Phụ lục I, ô 3), like the intake documents.
The text is Vietnamese whatever the interface language: it is an official paper.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from bcd138.core import audit
from bcd138.core import docx_layout as layout
from bcd138.core.errors import DomainError
from bcd138.movement import access as mv
from bcd138.movement.models import AuthorityLevel, Result, SafetyRecognition, UnitKind
from bcd138.movement.services.safety import edition_of

KIND_WORDS = {
    UnitKind.RESIDENTIAL_AREA: "Khu dân cư",
    UnitKind.COMMUNE: "Đơn vị hành chính cấp xã",
    UnitKind.AGENCY: "Cơ quan",
    UnitKind.ENTERPRISE: "Doanh nghiệp",
    UnitKind.SCHOOL: "Cơ sở giáo dục",
}


def _place_name(rec: SafetyRecognition) -> str:
    commune = rec.commune
    if rec.decided_by_level == AuthorityLevel.COMMUNE:
        return commune.short_name or commune.name
    province = commune.current_province or commune
    return province.short_name or province.name


def _signature(rec: SafetyRecognition) -> layout.DocSignature:
    if rec.decided_by_level == AuthorityLevel.MINISTRY:
        return layout.DocSignature(position="BỘ TRƯỞNG")
    return layout.DocSignature(
        authority_prefix="TM.", position="Ủy ban nhân dân", signer_position="Chủ tịch"
    )


def recognition_certificate(rec: SafetyRecognition, *, by: Any) -> bytes:
    """The Giấy công nhận of a unit recognised "đạt"; audited as produced."""
    mv.require_section(by, mv.SAFETY)
    if rec.result != Result.MET or rec.decided_on is None:
        raise DomainError(
            _("Only a unit recognised as meeting the standard has a certificate."),
            code="not_recognised",
        )
    edition = edition_of(rec)
    header = layout.DocHeader(
        issuing_agency=rec.decided_by_name.upper(),
        place_name=_place_name(rec),
        date=rec.decided_on,
        number=None,
        symbol="GCN-UBND"
        if rec.decided_by_level != AuthorityLevel.MINISTRY
        else "GCN-BCA",
    )
    bases = (
        f"Căn cứ {edition.name} quy định tiêu chuẩn “An toàn về an ninh, trật tự”",
        f"Căn cứ Quyết định số {rec.decision_ref} ngày {rec.decided_on:%d/%m/%Y} "
        f"của {rec.decided_by_name}",
    )
    body: list[layout.Block] = [
        layout.Paragraph("CÔNG NHẬN", bold=True),
        layout.LabelledLine(
            f"{KIND_WORDS[UnitKind(rec.kind)]}", rec.unit_name, bold_value=True
        ),
        layout.LabelledLine("Địa bàn", rec.commune.full_name()),
        layout.Paragraph(
            f"Đạt tiêu chuẩn “An toàn về an ninh, trật tự” năm {rec.year}."
        ),
    ]
    document = layout.render_document(
        header=header,
        title="Giấy công nhận",
        summary=f"Đạt tiêu chuẩn “An toàn về an ninh, trật tự” năm {rec.year}",
        bases=bases,
        body=body,
        signatures=[_signature(rec)],
        recipients=layout.DocRecipients(
            noi_nhan=[rec.unit_name, "Thường trực Ban Chỉ đạo 138"], luu="CA"
        ),
    )
    data = layout.document_bytes(document)
    audit.record("movement.safety_certificate", actor=by, obj=rec, place=rec.commune)
    return data
