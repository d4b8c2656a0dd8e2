"""The certificate (bằng khen, giấy khen, giấy chứng nhận) of one recipient of a
decision, as DOCX in the NĐ 30/2020 layout (`core.docx_layout`).

The header names the issuing body of the decision (under its parent body, e.g.
the Ministry above a provincial police); "Số" is left to the clerk, who takes the
certificate's number from the awarding body's register, as the intake documents
do. The body says who is commended, for what, and by which decision; the signer
signs in the authority's position ("KT." when a deputy signed). Written in
Vietnamese whatever the interface language: an official document. Producing one
is audited.
"""

from __future__ import annotations

from typing import Any

from bcd138.awards.models import (
    AwardKind,
    Decision,
    Occasion,
    Recipient,
    RecipientKind,
)
from bcd138.core import audit
from bcd138.core import docx_layout as layout

TITLES = {
    AwardKind.MERIT: "Bằng khen",
    AwardKind.CERTIFICATE: "Giấy khen",
    AwardKind.MEDAL: "Giấy chứng nhận",
    AwardKind.FLAG: "Giấy chứng nhận",
    AwardKind.TITLE: "Giấy chứng nhận",
}
# Kinds whose certificate names the award under the title.
NAMED = (AwardKind.MEDAL, AwardKind.FLAG, AwardKind.TITLE)


def authority(decision: Decision) -> str:
    """ "Bộ trưởng Bộ Công an"; "Giám đốc Công an thành phố Đà Nẵng"."""
    grantor = decision.grantor
    if grantor.body_name:
        return grantor.name
    return f"{grantor.signer_position} {decision.issuing_body}"


def _for_what(decision: Decision) -> str:
    campaign = decision.campaign
    if campaign.occasion == Occasion.ANNUAL_REVIEW:
        return (
            "Đã có thành tích xuất sắc trong phong trào Toàn dân bảo vệ an ninh "
            f"Tổ quốc năm {campaign.year}"
        )
    if campaign.occasion == Occasion.FESTIVAL_DAY:
        return (
            "Đã có thành tích xuất sắc trong phong trào Toàn dân bảo vệ an ninh "
            "Tổ quốc, nhân dịp Ngày hội Toàn dân bảo vệ an ninh Tổ quốc "
            f"(19/8) năm {campaign.year}"
        )
    return f"Đã có thành tích xuất sắc trong {campaign.name}"


def _signature(decision: Decision) -> layout.DocSignature:
    position = decision.grantor.signer_position
    signer = decision.signer_title.strip()
    if signer and signer.lower() != position.lower():
        return layout.DocSignature(
            authority_prefix="KT.",
            position=position,
            signer_position=signer,
            name=decision.signer_name,
        )
    return layout.DocSignature(position=position, name=decision.signer_name)


def _body(recipient: Recipient) -> list[layout.Block]:
    decision = recipient.decision
    proposal = recipient.proposal
    form = proposal.award_form
    verb = "tặng" if form.kind != AwardKind.TITLE else "công nhận"
    # "tặng Bằng khen"; a medal or flag by its own name.
    award = form.name if form.kind in NAMED else TITLES[AwardKind(form.kind)]
    body: list[layout.Block] = [
        layout.Paragraph(f"{authority(decision)} {verb} {award}", bold=True),
        layout.LabelledLine("Cho", proposal.recipient_name, bold_value=True),
    ]
    if proposal.recipient_kind == RecipientKind.INDIVIDUAL:
        if proposal.recipient_detail:
            body.append(
                layout.LabelledLine("Chức vụ, đơn vị", proposal.recipient_detail)
            )
    elif proposal.agency is None:
        body.append(layout.LabelledLine("Địa bàn", proposal.place.full_name()))
    body += [
        layout.Paragraph(_for_what(decision) + "."),
        layout.Paragraph(
            f"Quyết định số {decision.number} ngày {decision.signed_on:%d/%m/%Y} "
            f"của {authority(decision)}.",
            italic=True,
        ),
    ]
    return body


def certificate_docx(recipient: Recipient, *, by: Any) -> bytes:
    """The certificate of `recipient` as DOCX bytes (the caller checked that `by`
    may see it)."""
    decision = recipient.decision
    form = recipient.proposal.award_form
    document = layout.render_document(
        header=layout.DocHeader(
            parent_agency=decision.grantor.parent_body or None,
            issuing_agency=decision.issuing_body,
            place_name=decision.place_name,
            date=decision.signed_on,
            number=None,
            symbol="",
        ),
        title=TITLES[AwardKind(form.kind)],
        summary=form.name if form.kind in NAMED else None,
        body=_body(recipient),
        signatures=[_signature(decision)],
    )
    audit.record(
        "award_decision.certificate",
        actor=by,
        obj=recipient.proposal,
        place=recipient.proposal.place,
        changes={"decision": decision.pk, "number": decision.number},
    )
    return layout.document_bytes(document)
