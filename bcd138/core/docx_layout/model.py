"""What a caller fills in: the header, signatures and recipients of a document,
and the blocks of its body. The cell numbers ("ô 1", "ô 7a") are those of the
layout grid of NĐ 30/2020 Phụ lục I."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field


@dataclass(frozen=True)
class DocHeader:
    """Ô 1–4: who issues the document, its number, where and when."""

    issuing_agency: str
    place_name: str
    date: datetime.date
    parent_agency: str | None = None
    number: int | None = None  # None: left for the clerk to fill from the register
    symbol: str = ""  # e.g. "BB-CAP"; the type code first (Phụ lục III)


@dataclass(frozen=True)
class DocSignature:
    """Ô 7a–7c. `position` is the authority's position (after the prefix);
    `signer_position` the signer's own when signing for someone (KT., TL.)."""

    position: str
    name: str = ""
    authority_prefix: str | None = None  # TM., KT., Q., TL., TUQ.
    signer_position: str | None = None
    note: str | None = None  # e.g. "(Ký, ghi rõ họ tên)" on records


@dataclass(frozen=True)
class DocRecipients:
    """Ô 9a ("Kính gửi") and ô 9b ("Nơi nhận"). `luu` names the drafting unit
    (and copies) after "VT" on the last line: "- Lưu: VT, <luu>."."""

    noi_nhan: list[str] = field(default_factory=list)
    luu: str = ""
    kinh_gui: list[str] | None = None


@dataclass(frozen=True)
class Heading:
    """A heading of the body: level 1 "I. ...", level 2 "1. ...", level 3 "a) ...",
    numbered automatically unless `numbered` is False (Phụ lục I)."""

    text: str
    level: int = 1
    numbered: bool = True


@dataclass(frozen=True)
class Paragraph:
    """A justified body paragraph with the first-line indent."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class LabelledLine:
    """ "Họ và tên: Nguyễn Văn A": the label upright, the value after it."""

    label: str
    value: str
    bold_value: bool = False


@dataclass(frozen=True)
class Table:
    """A simple bordered table; the first row is the header row (bold)."""

    rows: list[list[str]]
    header: bool = True
    widths_cm: list[float] | None = None


Block = Heading | Paragraph | LabelledLine | Table
