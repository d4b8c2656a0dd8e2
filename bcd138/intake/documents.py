"""Official documents about a crime report, as DOCX in the NĐ 30/2020 format.

Four documents: the reception record (biên bản tiếp nhận, after mẫu số 01 of
TT 119/2021/TT-BCA), the notice of receipt to the reporter and the notice of the
result (TTLT 01/2017 Điều 14; BLTTHS Điều 145.4), and the notice to the
procuracy (BLTTHS Điều 146.5). This module builds the layout's dataclasses from
the report; `core.docx_layout` draws them.

Rules on the reporter's identity (BLTTHS Điều 56, TTLT 01/2017 Điều 4.5):
- only the reception record (for the case file) and the notices addressed to the
  reporter may carry it, only when made by someone who may reveal it (the
  assigned officer, the unit's head), and making such a document is audited as
  `report.document_identity`, like a reveal;
- anyone else who may act on the report gets the record with the particulars
  redacted; a notice to the reporter is refused to them;
- the notice to the procuracy never carries it; nor do redacted documents carry
  the identity's values where they appear in free text (the description, the
  file names), which are blanked out (Luật Tố cáo 2018 Điều 56 as the model:
  redact before handing over). That is a best effort on exact matches; the
  officer still reads the text before sending it;
- an anonymous report gets no notice (TT 28/2020 Điều 17).

Numbers: the document number comes from the unit's official register, which is
out of this platform's scope, so every document leaves "Số: ....../<symbol>" for
the clerk, who numbers it in the register when it is issued (NĐ 30/2020 Phụ lục I, ô 3).

The documents are written in Vietnamese whatever the interface language: they
are official documents (Luật Ban hành văn bản, NĐ 30/2020), not interface text.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Callable
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from bcd138.agencies.models import Agency, AgencyKind, Role, RoleAssignment
from bcd138.core import access, audit, crypto
from bcd138.core import docx_layout as layout
from bcd138.core.errors import DomainError
from bcd138.intake.models import (
    Attachment,
    Channel,
    CrimeReport,
    CrimeType,
    Decision,
    EventKind,
    ReporterIdentity,
    ReportEvent,
    ReportKind,
)
from bcd138.intake.services import access as report_access
from bcd138.places.models import Level, Place

REDACTED = "[Đã che theo chế độ bảo mật]"
SIGN_NOTE = "(Ký, ghi rõ họ tên)"
STORAGE = "HS"  # "- Lưu: VT, HS.": the report's case file (hồ sơ nguồn tin)

KIND_LABELS = {
    ReportKind.DENUNCIATION: "tố giác về tội phạm",
    ReportKind.REPORT: "tin báo về tội phạm",
    ReportKind.RECOMMENDATION: "kiến nghị khởi tố",
}
REPORTER_LABELS = {
    ReportKind.DENUNCIATION: "Người tố giác",
    ReportKind.REPORT: "Người báo tin",
    ReportKind.RECOMMENDATION: "Người đại diện cơ quan kiến nghị",
}
CHANNEL_LABELS = {
    Channel.PORTAL: "qua Cổng tiếp nhận tố giác, tin báo về tội phạm trực tuyến",
    Channel.IN_PERSON: "trực tiếp tại trụ sở đơn vị",
    Channel.PHONE: "qua điện thoại",
    Channel.MAIL: "qua đường bưu chính",
    Channel.PRESS: "qua phương tiện thông tin đại chúng",
    Channel.AGENCY: "do cơ quan, tổ chức khác chuyển đến",
    Channel.IMPORT: "từ hệ thống tiếp nhận khác",
}
CRIME_LABELS = {
    CrimeType.THEFT: "trộm cắp tài sản",
    CrimeType.ROBBERY: "cướp, cướp giật tài sản",
    CrimeType.FRAUD: "lừa đảo, kể cả trên không gian mạng",
    CrimeType.ASSAULT: "cố ý gây thương tích, hành hung",
    CrimeType.DRUGS: "liên quan đến ma túy",
    CrimeType.GAMBLING: "đánh bạc, tổ chức đánh bạc",
    CrimeType.PUBLIC_ORDER: "gây rối trật tự công cộng",
    CrimeType.SEXUAL: "xâm hại tình dục",
    CrimeType.TRAFFICKING: "mua bán người",
    CrimeType.PROPERTY_DAMAGE: "hủy hoại, cố ý làm hư hỏng tài sản",
    CrimeType.OTHER: "khác",
    CrimeType.UNKNOWN: "chưa xác định",
}
IDENTITY_LABELS = (
    ("full_name", "Họ và tên"),
    ("id_number", "Số định danh cá nhân"),
    ("address", "Nơi cư trú"),
    ("phone", "Số điện thoại"),
    ("email", "Thư điện tử"),
)
BASIS_BLTTHS = "Căn cứ Điều 144, Điều 145 và Điều 146 Bộ luật Tố tụng hình sự"
BASIS_TTLT = (
    "Căn cứ Thông tư liên tịch số 01/2017/TTLT-BCA-BQP-BTC-BNN&PTNT-VKSNDTC "
    "quy định việc phối hợp giữa các cơ quan có thẩm quyền trong việc thực hiện "
    "một số quy định của Bộ luật Tố tụng hình sự về tiếp nhận, giải quyết nguồn "
    "tin về tội phạm"
)


# ---- who may produce what ---------------------------------------------------------


def may_produce(user: Any, report: CrimeReport, kind: str) -> bool:
    """The handling unit makes every document; the procuracy liaison who
    supervises the report may also take the notice addressed to the procuracy."""
    if report_access.may_act(user, report):
        return True
    return (
        kind == "procuracy"
        and access.has_role(user, *report_access.SUPERVISOR_ROLES)
        and report_access.reports_visible_to(user).filter(pk=report.pk).exists()
    )


def _require_produce(user: Any, report: CrimeReport, kind: str) -> None:
    if not may_produce(user, report, kind):
        raise DomainError(
            _("Only the handling unit may produce this document."),
            code="forbidden",
            status=403,
        )


# ---- the identity -------------------------------------------------------------------


def _stored_identity(report: CrimeReport) -> dict[str, str]:
    if report.anonymous:
        return {}
    stored = ReporterIdentity.objects.filter(report=report).first()
    if stored is None:
        return {}
    return {k: str(v) for k, v in crypto.decrypt_json(stored.token).items() if v}


def _identity_or_refuse(report: CrimeReport, by: Any) -> dict[str, str]:
    """For a notice addressed to the reporter: the identity, or an error (and an
    audit entry, as `report_identity_reveal` leaves one for a refused reveal)."""
    if report.anonymous:
        raise DomainError(
            _(
                "No notice is sent for an anonymous report: the reporter gave no "
                "personal data (TT 28/2020 Điều 17)."
            ),
            code="anonymous",
        )
    if not report_access.may_reveal_identity(by, report):
        audit.record(
            "report.identity_refused", actor=by, obj=report, place=report.place
        )
        raise DomainError(
            _(
                "Only the assigned officer and the head of the unit may produce "
                "a notice addressed to the reporter."
            ),
            code="identity_forbidden",
            status=403,
        )
    identity = _stored_identity(report)
    if not identity.get("full_name"):
        raise DomainError(_("No identity was recorded."), code="identity_missing")
    return identity


def _scrub(text: str, identity: dict[str, str]) -> str:
    """`text` with the identity's values blanked out, for redacted documents."""
    for value in sorted(identity.values(), key=len, reverse=True):
        if len(value.strip()) >= 3:
            pattern = rf"(?<!\w){re.escape(value.strip())}(?!\w)"
            text = re.sub(pattern, REDACTED, text, flags=re.IGNORECASE)
    return text


def _audit(report: CrimeReport, by: Any, kind: str, *, with_identity: bool) -> None:
    """Every document made is logged; one that carries the identity as a reveal."""
    audit.record(
        "report.document_identity" if with_identity else "report.document",
        actor=by,
        obj=report,
        place=report.place,
        reason=f"document: {kind}" if with_identity else "",
        changes={"document": kind},
    )


# ---- the unit: header and signer ---------------------------------------------------


def unit_abbreviation(agency: Agency) -> str:
    """The unit's part of the symbol: its short name when that is an abbreviation
    ("CAPTK"), else the initials of its name without tone marks, Đ kept
    ("Công an phường Tam Kỳ" → "CAPTK"; "CA Tam Kỳ" → "CATK"), as symbols are
    written (NĐ 30/2020 Phụ lục I)."""
    short = agency.short_name.strip()
    if short and " " not in short and len(short) <= 15:
        return short.upper()
    words = re.findall(r"\w+", short or agency.name)
    # A word already abbreviated ("CA Tam Kỳ") is kept whole.
    initials = "".join(w if w.isupper() else w[0] for w in words).upper()
    decomposed = unicodedata.normalize("NFD", initials)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _province(agency: Agency) -> Place:
    place = agency.place
    if place.level == Level.PROVINCE or place.current_province is None:
        return place
    return place.current_province


def _parent_agency(agency: Agency) -> str | None:
    """The line above the unit (ô 2): its parent if recorded; for a commune police
    unit the provincial police; for the provincial police the Ministry."""
    if agency.parent is not None:
        return agency.parent.name
    if agency.kind == AgencyKind.PROVINCIAL_POLICE:
        return "Bộ Công an"
    if agency.kind == AgencyKind.COMMUNE_POLICE:
        police = (
            Agency.objects.active()
            .filter(kind=AgencyKind.PROVINCIAL_POLICE, place=_province(agency))
            .first()
        )
        return police.name if police else None
    return None


def _header(report: CrimeReport, doc_type: str) -> layout.DocHeader:
    unit = report.handling_agency
    # Police documents take the province's name as the place (Bộ Công an's rule
    # for police units, NĐ 30/2020 Phụ lục I): "Đà Nẵng, ngày ...".
    province = _province(unit)
    return layout.DocHeader(
        parent_agency=_parent_agency(unit),
        issuing_agency=unit.name,
        place_name=province.short_name or province.name,
        date=timezone.localdate(),
        number=None,
        symbol=f"{doc_type}-{unit_abbreviation(unit)}",
    )


def _head_title(unit: Agency) -> str:
    """ "Trưởng Công an phường" from "Công an phường Tam Kỳ" and its place."""
    if unit.kind == AgencyKind.PROVINCIAL_POLICE:
        return "Giám đốc"
    if unit.kind == AgencyKind.COMMUNE_POLICE:
        place = unit.place
        level_word = place.name.removesuffix(place.short_name).strip()
        return f"Trưởng Công an {level_word.lower()}".strip()
    return "Thủ trưởng đơn vị"


def _name(user: Any) -> str:
    return str(getattr(user, "display_name", "") or "")


def _signer(unit: Agency, by: Any) -> layout.DocSignature:
    """The head of the unit signs; a deputy head signs "KT." (NĐ 30/2020
    Phụ lục I). Without a head on record the name is left to fill in."""
    heads = RoleAssignment.objects.active().filter(role=Role.UNIT_HEAD, agency=unit)
    mine = heads.filter(user_id=by.pk) if getattr(by, "pk", None) else heads.none()
    head = mine.first() or heads.first()
    title = _head_title(unit)
    if head is None:
        return layout.DocSignature(position=title)
    user = head.user
    if user.position.strip().lower().startswith("phó"):
        return layout.DocSignature(
            authority_prefix="KT.",
            position=title,
            signer_position=user.position,
            name=_name(user),
        )
    return layout.DocSignature(position=title, name=_name(user))


# ---- pieces of text -----------------------------------------------------------------


def _day(value: datetime.date) -> str:
    return f"{value:%d/%m/%Y}"


def _received(report: CrimeReport) -> datetime.datetime:
    return timezone.localtime(report.received_at)


def _occurred(report: CrimeReport) -> str:
    parts = [report.occurred_time.strip()]
    if report.occurred_on:
        parts.append(f"ngày {_day(report.occurred_on)}")
    text = ", ".join(p for p in parts if p)
    return text or "chưa xác định"


def _where(report: CrimeReport) -> str:
    parts = [report.address_line.strip(), report.place.full_name()]
    return ", ".join(p for p in parts if p)


def _paragraphs(text: str) -> list[layout.Paragraph]:
    return [
        layout.Paragraph(line.strip()) for line in text.splitlines() if line.strip()
    ]


def _attachments(report: CrimeReport) -> list[Attachment]:
    return list(report.attachments.filter(from_reporter=True).order_by("id"))


def _size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")
    return f"{max(size // 1024, 1)} KB"


def _procuracy_name(report: CrimeReport) -> str:
    """The procuracy of the same level as the handling unit (BLTTHS Điều 146.5):
    the one located in the unit's place, else the province's."""
    unit = report.handling_agency
    for place in (unit.place, _province(unit)):
        found = (
            Agency.objects.active()
            .filter(kind=AgencyKind.PROCURACY, place=place)
            .order_by("id")
            .first()
        )
        if found is not None:
            return found.name
    return f"Viện kiểm sát nhân dân {_province(unit).name}"


def _render(
    report: CrimeReport,
    *,
    doc_type: str,
    title: str,
    summary: str,
    body: list[layout.Block],
    signatures: list[layout.DocSignature],
    recipients: layout.DocRecipients | None = None,
    bases: tuple[str, ...] = (),
    secret: bool = False,
) -> bytes:
    document = layout.render_document(
        header=_header(report, doc_type),
        title=title,
        summary=summary,
        bases=bases,
        body=body,
        signatures=signatures,
        recipients=recipients,
        confidential_mark="MẬT" if secret else None,
    )
    return layout.document_bytes(document)


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


# ---- dispatch ---------------------------------------------------------------------

DOCUMENTS: dict[str, Callable[..., bytes]] = {
    "reception": reception_record,
    "receipt": receipt_notice,
    "result": result_notice,
    "procuracy": procuracy_notice,
}


def document_for(kind: str, report: CrimeReport, *, by: Any) -> bytes:
    """The document of `kind` (a key of DOCUMENTS) about `report`, as DOCX bytes."""
    try:
        make = DOCUMENTS[kind]
    except KeyError:
        raise DomainError(_("Unknown document."), code="document") from None
    return make(report, by=by)
