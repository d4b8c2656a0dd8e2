"""Biên bản tiếp nhận nguồn tin về tội phạm (after mẫu số 01, TT 119/2021)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bcd138.core import docx_layout as layout
from bcd138.intake.documents.common import (
    CHANNEL_LABELS,
    CRIME_LABELS,
    IDENTITY_LABELS,
    KIND_LABELS,
    REDACTED,
    REPORTER_LABELS,
    SIGN_NOTE,
    _attachments,
    _audit,
    _name,
    _occurred,
    _paragraphs,
    _received,
    _render,
    _require_produce,
    _scrub,
    _size,
    _stored_identity,
    _where,
)
from bcd138.intake.models import (
    Channel,
    CrimeReport,
    CrimeType,
    ReportKind,
)
from bcd138.intake.services import access as report_access

# ---- the reception record ------------------------------------------------------------


def reception_record(report: CrimeReport, *, by: Any) -> bytes:
    """Biên bản tiếp nhận nguồn tin về tội phạm (after TT 119/2021 mẫu số 01).

    With the reporter's particulars when `by` may reveal them (audited), else
    with them redacted; "MẬT" when the reporter asked for confidentiality.
    """
    _require_produce(by, report, "reception")
    identity = _stored_identity(report)
    revealed = bool(identity) and report_access.may_reveal_identity(by, report)
    body = _record_body(report, by, identity, revealed=revealed)
    data = _render(
        report,
        doc_type="BB",
        title="Biên bản",
        summary="Tiếp nhận nguồn tin về tội phạm",
        body=body,
        signatures=_record_signatures(report, by),
        secret=report.confidential,
    )
    _audit(report, by, "reception", with_identity=revealed)
    return data


def _record_body(
    report: CrimeReport, by: Any, identity: dict[str, str], *, revealed: bool
) -> list[layout.Block]:
    unit = report.handling_agency
    at = _received(report)
    recorder = report.recorded_by or by
    clean = (lambda text: text) if revealed else (lambda text: _scrub(text, identity))
    body: list[layout.Block] = [
        layout.Paragraph(
            f"Hồi {at:%H} giờ {at:%M} phút, ngày {at:%d} tháng {at:%m} năm "
            f"{at:%Y}, tại {unit.name}"
            + (f", {unit.address.strip()}" if unit.address.strip() else "")
            + "."
        ),
        layout.LabelledLine(
            "Người tiếp nhận, lập biên bản",
            f"{_name(recorder)}, {recorder.position or 'cán bộ'}, {unit.name}.",
        ),
        layout.Paragraph(
            f"Tiến hành lập biên bản tiếp nhận {KIND_LABELS[ReportKind(report.kind)]}"
            f" {CHANNEL_LABELS[Channel(report.channel)]}, như sau:"
        ),
        layout.Heading("Thông tin tiếp nhận"),
        layout.LabelledLine("Mã tiếp nhận", report.tracking_code),
    ]
    if report.external_ref:
        body.append(layout.LabelledLine("Số, ký hiệu nguồn", report.external_ref))
    if report.sender_agency_name:
        body.append(
            layout.LabelledLine("Cơ quan, tổ chức gửi", report.sender_agency_name)
        )
    body += _record_reporter(report, identity, revealed=revealed)
    body += [
        layout.Heading("Nội dung nguồn tin"),
        layout.LabelledLine("Thời gian xảy ra", _occurred(report)),
        layout.LabelledLine("Địa điểm xảy ra", clean(_where(report))),
        layout.LabelledLine(
            "Loại hành vi", CRIME_LABELS.get(CrimeType(report.crime_type), "")
        ),
        layout.Paragraph("Nội dung sự việc:"),
        *_paragraphs(clean(report.description)),
        layout.LabelledLine(
            "Người có liên quan",
            clean(report.people_involved.strip()) or "chưa có thông tin",
        ),
        layout.Heading("Tài liệu, đồ vật kèm theo"),
        *_attachment_blocks(report, clean),
        layout.Paragraph(_record_closing(report)),
    ]
    return body


def _record_reporter(
    report: CrimeReport, identity: dict[str, str], *, revealed: bool
) -> list[layout.Block]:
    label = REPORTER_LABELS[ReportKind(report.kind)]
    blocks: list[layout.Block] = [layout.Heading(label)]
    if report.anonymous or not identity:
        return [
            *blocks,
            layout.Paragraph(f"{label} không cung cấp thông tin cá nhân."),
        ]
    if revealed:
        blocks += [
            layout.LabelledLine(text, identity[key])
            for key, text in IDENTITY_LABELS
            if identity.get(key)
        ]
    else:
        blocks += [
            layout.LabelledLine("Họ và tên", REDACTED),
            layout.LabelledLine("Thông tin liên hệ", REDACTED),
            layout.Paragraph(
                f"Thông tin cá nhân của {label.lower()} đã được che theo chế độ bảo "
                "mật (Điều 56 Bộ luật Tố tụng hình sự): người lập bản này không có "
                "quyền xem. Bản có đầy đủ thông tin do cán bộ được phân công giải "
                "quyết hoặc thủ trưởng đơn vị lập.",
                italic=True,
            ),
        ]
    if report.confidential:
        blocks.append(
            layout.Paragraph(
                f"{label} đề nghị giữ bí mật việc tố giác, báo tin và thông tin cá "
                "nhân theo Điều 56 Bộ luật Tố tụng hình sự.",
                bold=True,
            )
        )
    return blocks


def _attachment_blocks(
    report: CrimeReport, clean: Callable[[str], str]
) -> list[layout.Block]:
    files = _attachments(report)
    if not files:
        return [layout.Paragraph("Không có.")]
    rows = [["STT", "Tên tệp", "Loại", "Dung lượng"]]
    rows += [
        [str(n), clean(f.original_name), f.content_type, _size(f.size)]
        for n, f in enumerate(files, start=1)
    ]
    return [layout.Table(rows, widths_cm=[1.3, 8.2, 4.2, 2.8])]


def _record_closing(report: CrimeReport) -> str:
    text = "Biên bản lập xong hồi ..... giờ ..... phút cùng ngày"
    if report.channel == Channel.IN_PERSON and not report.anonymous:
        label = REPORTER_LABELS[ReportKind(report.kind)].lower()
        return (
            f"{text}, đã đọc lại cho {label} nghe, công nhận đúng và cùng ký tên "
            "dưới đây."
        )
    return f"{text}, lưu hồ sơ nguồn tin."


def _record_signatures(report: CrimeReport, by: Any) -> list[layout.DocSignature]:
    recorder = report.recorded_by or by
    signatures = [
        layout.DocSignature(
            position="Người lập biên bản", name=_name(recorder), note=SIGN_NOTE
        )
    ]
    # The reporter signs a record made in their presence, writing their own name:
    # the printed record never repeats it under the signature.
    if report.channel == Channel.IN_PERSON and not report.anonymous:
        signatures.append(
            layout.DocSignature(
                position=REPORTER_LABELS[ReportKind(report.kind)], note=SIGN_NOTE
            )
        )
    return signatures
