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

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _

from bcd138.core.errors import DomainError
from bcd138.intake.documents.common import REDACTED, may_produce, unit_abbreviation
from bcd138.intake.documents.notices import (
    procuracy_notice,
    receipt_notice,
    result_notice,
)
from bcd138.intake.documents.reception import reception_record
from bcd138.intake.models import CrimeReport

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


__all__ = [
    "DOCUMENTS",
    "REDACTED",
    "document_for",
    "may_produce",
    "procuracy_notice",
    "receipt_notice",
    "reception_record",
    "result_notice",
    "unit_abbreviation",
]
