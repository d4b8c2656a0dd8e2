"""What every document of a report shares: who may produce it, the identity
(decrypted or redacted, audited), the issuing unit, and pieces of text."""

from __future__ import annotations

import datetime
import re
import unicodedata
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
    ReporterIdentity,
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
