"""Notices: to the reporter (receipt, result; TTLT 01/2017 Điều 14) and to the
procuracy of the same level (BLTTHS Điều 146.5), which never names the reporter."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from bcd138.core import docx_layout as layout
from bcd138.core.errors import DomainError
from bcd138.intake.documents.common import (
    BASIS_BLTTHS,
    BASIS_TTLT,
    CHANNEL_LABELS,
    CRIME_LABELS,
    KIND_LABELS,
    REPORTER_LABELS,
    STORAGE,
    _attachments,
    _audit,
    _day,
    _identity_or_refuse,
    _occurred,
    _paragraphs,
    _procuracy_name,
    _received,
    _render,
    _require_produce,
    _scrub,
    _signer,
    _stored_identity,
    _where,
)
from bcd138.intake.models import (
    Attachment,
    Channel,
    CrimeReport,
    CrimeType,
    Decision,
    EventKind,
    ReportEvent,
    ReportKind,
)

# ---- notices to the reporter --------------------------------------------------------


def _addressee(identity: dict[str, str]) -> str:
    return f"Ông/Bà {identity['full_name']}"


def receipt_notice(report: CrimeReport, *, by: Any) -> bytes:
    """Thông báo về việc tiếp nhận nguồn tin, to the reporter within 03 working days
    (TTLT 01/2017 Điều 14); refused for an anonymous report."""
    _require_produce(by, report, "receipt")
    identity = _identity_or_refuse(report, by)
    unit = report.handling_agency
    at = _received(report)
    body: list[layout.Block] = [
        layout.Paragraph(
            f"Ngày {at:%d/%m/%Y}, {unit.name} đã tiếp nhận "
            f"{KIND_LABELS[ReportKind(report.kind)]} của {_addressee(identity)} "
            f"{CHANNEL_LABELS[Channel(report.channel)]}, về việc "
            f"{CRIME_LABELS.get(CrimeType(report.crime_type), 'chưa xác định')} "
            f"xảy ra {_occurred(report)} tại {_where(report)} "
            f"(mã tiếp nhận: {report.tracking_code})."
        ),
        layout.Paragraph(
            f"{unit.name} đang kiểm tra, xác minh và giải quyết nguồn tin theo quy "
            "định của Bộ luật Tố tụng hình sự. Kết quả giải quyết sẽ được thông báo "
            f"bằng văn bản đến {_addressee(identity)}."
        ),
    ]
    if report.confidential:
        body.append(_confidential_paragraph())
    body.append(
        layout.Paragraph(f"{unit.name} thông báo để {_addressee(identity)} biết.")
    )
    data = _render(
        report,
        doc_type="TB",
        title="Thông báo",
        summary="Về việc tiếp nhận nguồn tin về tội phạm",
        bases=(BASIS_BLTTHS, BASIS_TTLT),
        body=body,
        signatures=[_signer(unit, by)],
        recipients=_to_reporter(report, identity),
        secret=report.confidential,
    )
    _audit(report, by, "receipt", with_identity=True)
    return data


def _confidential_paragraph() -> layout.Paragraph:
    return layout.Paragraph(
        "Theo đề nghị của Ông/Bà, việc tố giác, báo tin và thông tin cá nhân của "
        "Ông/Bà được giữ bí mật theo Điều 56 Bộ luật Tố tụng hình sự."
    )


def _to_reporter(report: CrimeReport, identity: dict[str, str]) -> layout.DocRecipients:
    return layout.DocRecipients(
        kinh_gui=[_addressee(identity)],
        noi_nhan=["Như trên", f"{_procuracy_name(report)} (để kiểm sát)"],
        luu=STORAGE,
    )


def _decision(report: CrimeReport) -> ReportEvent:
    event = (
        report.events.filter(kind=EventKind.DECIDED)
        .select_related("agency")
        .order_by("-on", "-id")
        .first()
    )
    if event is None:
        raise DomainError(
            _("No decision has been recorded for this report yet."),
            code="no_decision",
        )
    return event


def result_notice(report: CrimeReport, *, by: Any) -> bytes:
    """Thông báo kết quả giải quyết nguồn tin, to the reporter within 03 days of the
    decision (BLTTHS Điều 145.4; TTLT 01/2017 Điều 14)."""
    _require_produce(by, report, "result")
    event = _decision(report)
    identity = _identity_or_refuse(report, by)
    unit = report.handling_agency
    decider = event.agency or unit
    instituted = event.decision == Decision.INSTITUTE
    decision = (
        "Quyết định khởi tố vụ án hình sự"
        if instituted
        else "Quyết định không khởi tố vụ án hình sự"
    )
    at = _received(report)
    body: list[layout.Block] = [
        layout.Paragraph(
            f"Ngày {at:%d/%m/%Y}, {unit.name} đã tiếp nhận "
            f"{KIND_LABELS[ReportKind(report.kind)]} của {_addressee(identity)} "
            f"(mã tiếp nhận: {report.tracking_code})."
        ),
        layout.Paragraph(
            f"Sau khi kiểm tra, xác minh, ngày {_day(event.on)}, {decider.name} đã "
            f"ban hành {decision} số {event.reference.strip()}."
        ),
    ]
    if not instituted:
        if event.reason.strip():
            body.append(layout.LabelledLine("Lý do", event.reason.strip()))
        body.append(
            layout.Paragraph(
                f"{_addressee(identity)} có quyền khiếu nại quyết định không khởi "
                "tố vụ án hình sự theo quy định của Bộ luật Tố tụng hình sự."
            )
        )
    if report.confidential:
        body.append(_confidential_paragraph())
    body.append(
        layout.Paragraph(f"{unit.name} thông báo để {_addressee(identity)} biết.")
    )
    data = _render(
        report,
        doc_type="TB",
        title="Thông báo",
        summary="Về kết quả giải quyết nguồn tin về tội phạm",
        bases=("Căn cứ khoản 4 Điều 145 Bộ luật Tố tụng hình sự", BASIS_TTLT),
        body=body,
        signatures=[_signer(unit, by)],
        recipients=_to_reporter(report, identity),
        secret=report.confidential,
    )
    _audit(report, by, "result", with_identity=True)
    return data


# ---- notice to the procuracy --------------------------------------------------------


def procuracy_notice(report: CrimeReport, *, by: Any) -> bytes:
    """Thông báo to the procuracy of the same level within 03 days of receipt
    (BLTTHS Điều 146.5). Never carries the reporter's identity."""
    _require_produce(by, report, "procuracy")
    identity = _stored_identity(report)  # only to blank it out of free text
    unit = report.handling_agency
    at = _received(report)
    kind = ReportKind(report.kind)
    body: list[layout.Block] = [
        layout.Paragraph(
            f"Ngày {at:%d/%m/%Y}, {unit.name} đã tiếp nhận {KIND_LABELS[kind]} "
            f"{CHANNEL_LABELS[Channel(report.channel)]} "
            f"(mã tiếp nhận: {report.tracking_code}), cụ thể như sau:"
        ),
        layout.LabelledLine(REPORTER_LABELS[kind], _reporter_for_procuracy(report)),
    ]
    if report.sender_agency_name:
        body.append(
            layout.LabelledLine("Cơ quan, tổ chức gửi", report.sender_agency_name)
        )
    body += [
        layout.LabelledLine("Thời gian xảy ra", _occurred(report)),
        layout.LabelledLine("Địa điểm xảy ra", _scrub(_where(report), identity)),
        layout.LabelledLine(
            "Loại hành vi", CRIME_LABELS.get(CrimeType(report.crime_type), "")
        ),
        layout.Paragraph("Nội dung sự việc:"),
        *_paragraphs(_scrub(report.description, identity)),
        layout.LabelledLine(
            "Tài liệu kèm theo", _attachment_summary(_attachments(report))
        ),
        layout.Paragraph(
            f"{unit.name} đang kiểm tra, xác minh nguồn tin theo quy định của Bộ luật "
            f"Tố tụng hình sự. {unit.name} thông báo để {_procuracy_name(report)} "
            "biết, thực hiện chức năng kiểm sát."
        ),
    ]
    data = _render(
        report,
        doc_type="TB",
        title="Thông báo",
        summary="Về việc tiếp nhận nguồn tin về tội phạm",
        bases=("Căn cứ khoản 5 Điều 146 Bộ luật Tố tụng hình sự", BASIS_TTLT),
        body=body,
        signatures=[_signer(unit, by)],
        recipients=layout.DocRecipients(
            kinh_gui=[_procuracy_name(report)], noi_nhan=["Như trên"], luu=STORAGE
        ),
    )
    _audit(report, by, "procuracy", with_identity=False)
    return data


def _reporter_for_procuracy(report: CrimeReport) -> str:
    if report.anonymous:
        return "ẩn danh (không cung cấp thông tin cá nhân)"
    if report.confidential:
        return (
            "đề nghị giữ bí mật (Điều 56 Bộ luật Tố tụng hình sự); thông tin cá "
            "nhân lưu tại hồ sơ nguồn tin"
        )
    return "thông tin cá nhân lưu tại hồ sơ nguồn tin của đơn vị"


def _attachment_summary(files: list[Attachment]) -> str:
    if not files:
        return "không có"
    kinds = sorted({f.content_type.split("/")[0] for f in files})
    names = {"image": "ảnh", "video": "video", "audio": "ghi âm"}
    shown = ", ".join(dict.fromkeys(names.get(k, "tài liệu") for k in kinds))
    return f"{len(files):02d} tệp ({shown})"
