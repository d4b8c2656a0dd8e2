"""Administrative documents in the format of Nghị định 30/2020/NĐ-CP, as DOCX.

PURE: dataclasses in, a python-docx `Document` out; no Django, no database, so
the intake documents and the annual review report share one layout and it is
tested without a database. The cell numbers ("ô 1", "ô 7a") in the comments are
those of the layout grid of NĐ 30/2020 Phụ lục I.

What the layout fixes, and why:
- A4 portrait, margins 20/20/30/15 mm (Phụ lục I: top and bottom 20–25,
  left 30–35, right 15–20; the smallest allowed, so a record fits one page).
- Times New Roman everywhere, black (Phụ lục I), set on every run *and* on
  the styles, including the East Asian and complex-script slots of `w:rFonts`:
  Word picks the font of a run by the script of each character, and without the
  `w:eastAsia` slot some Vietnamese letters fall back to a theme font.
- The header is a borderless 2-column table (Phụ lục I, ô 1–4); the lines
  under the issuing agency, the motto and the summary are bottom borders of short
  empty paragraphs, narrowed by indents: no drawing objects, so they survive
  editing in Word and LibreOffice alike.
- Page numbers: centred in the top margin, not on page 1 (Phụ lục I), by a
  "different first page" header holding nothing and a default header holding a
  PAGE field.

Line lengths are computed from the text width, summed from the advance widths of
Times New Roman's letters (kerning ignored: a fraction of a millimetre).
"""

from __future__ import annotations

import datetime
import io
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor
from docx.table import Table as DocxTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run

FONT = "Times New Roman"
BLACK = RGBColor(0, 0, 0)
MOTTO = "Độc lập - Tự do - Hạnh phúc"
NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
END_MARK = "./."
PLACEHOLDER_NUMBER = "......"

# Page geometry (Phụ lục I).
PAGE_WIDTH = Mm(210)
PAGE_HEIGHT = Mm(297)
MARGIN_TOP = Mm(20)
MARGIN_BOTTOM = Mm(20)
MARGIN_LEFT = Mm(30)
MARGIN_RIGHT = Mm(15)
TEXT_WIDTH_CM = 16.5  # 210 - 30 - 15 mm
# The header columns: the right one must hold the national title at 13 pt bold
# on one line (9.6 cm, plus the cell margins); the left one takes the rest, where
# a long agency name wraps, as it does on paper.
LEFT_COL_CM = 6.6
RIGHT_COL_CM = TEXT_WIDTH_CM - LEFT_COL_CM

BODY_SIZE = 14  # body 13–14 (Phụ lục I); 14 is police practice
FIRST_LINE_INDENT = Cm(1.27)  # 1 cm or 1.27 cm (Phụ lục I)
PARAGRAPH_SPACING = Pt(6)  # at least 6 pt (Phụ lục I)
LINE_SPACING = 1.15  # single to 1.5 lines (Phụ lục I)
SIGNATURE_SPACE = Pt(64)  # room for a handwritten signature and the seal

# Advance widths of Times New Roman in thousandths of an em (the metrics of the
# PostScript Times, which TNR shares), regular and bold, for A-Z and a-z; a
# Vietnamese letter takes the width of its base letter.
_UPPER = {
    False: (722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889,
            722, 722, 556, 722, 667, 556, 611, 722, 722, 944, 722, 722, 611),
    True: (722, 667, 722, 722, 667, 611, 778, 778, 389, 500, 778, 667, 944,
           722, 778, 611, 778, 722, 556, 667, 722, 722, 1000, 722, 722, 667),
}  # fmt: skip
_LOWER = {
    False: (444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778,
            500, 500, 500, 500, 333, 389, 278, 500, 500, 722, 500, 500, 444),
    True: (500, 556, 444, 556, 444, 333, 500, 556, 278, 333, 556, 278, 833,
           556, 500, 556, 556, 444, 389, 333, 556, 500, 722, 500, 500, 444),
}  # fmt: skip
_SPACE = 250
_OTHER = 500  # digits are 500; punctuation is narrower, rare in a header
_CM_PER_PT = 2.54 / 72


# ---- the model ------------------------------------------------------------------


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


# ---- formatting helpers -----------------------------------------------------------


def format_place_date(place: str, date: datetime.date) -> str:
    """ "Đà Nẵng, ngày 05 tháng 01 năm 2026": days below 10 and months 1–2 are
    padded with 0 (Phụ lục I); months 3–12 are not ("tháng 3")."""
    month = f"{date.month:02d}" if date.month < 3 else str(date.month)
    return f"{place}, ngày {date.day:02d} tháng {month} năm {date.year}"


def format_number(number: int | None, symbol: str) -> str:
    """ "Số: 05/BB-CAP" (numbers below 10 padded, Phụ lục I); without a
    number, dots for the clerk who takes it from the register."""
    shown = PLACEHOLDER_NUMBER if number is None else f"{number:02d}"
    return f"Số: {shown}/{symbol}" if symbol else f"Số: {shown}"


def text_width_cm(text: str, size_pt: float, *, bold: bool = False) -> float:
    """Printed width of `text` in Times New Roman of `size_pt` points."""
    thousandths = 0
    for char in text:
        base = unicodedata.normalize("NFD", char)[0]
        base = {"Đ": "D", "đ": "d"}.get(base, base)
        if "A" <= base <= "Z":
            thousandths += _UPPER[bold][ord(base) - ord("A")]
        elif "a" <= base <= "z":
            thousandths += _LOWER[bold][ord(base) - ord("a")]
        elif base.isspace():
            thousandths += _SPACE
        else:
            thousandths += _OTHER
    return thousandths / 1000 * size_pt * _CM_PER_PT


def with_ending(
    lines: Sequence[str], *, between: str = ";", last: str = "."
) -> list[str]:
    """Each line ends with `between`, the last with `last`; any end punctuation
    the caller wrote is replaced (Phụ lục I)."""
    cleaned = [line.rstrip().rstrip(";.,") for line in lines]
    return [
        line + (last if index == len(cleaned) - 1 else between)
        for index, line in enumerate(cleaned)
    ]


# ---- low-level writers ------------------------------------------------------------


# Children that must follow an element we insert, in the order of the schema
# (ECMA-376 Part 1, 17.3.1.26 pPr, 17.3.2.28 rPr, 17.4.60 tblPr): Word refuses a
# file whose elements are out of order.
_AFTER_PBDR = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
    "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN",
    "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
    "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
    "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
    "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip
_AFTER_PPR_RPR = ("w:sectPr", "w:pPrChange")
_AFTER_BDR = (
    "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang",
    "w:eastAsianLayout", "w:specVanish", "w:oMath",
)  # fmt: skip
_AFTER_TBLBORDERS = ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook")
_AFTER_TBLCELLMAR = ("w:tblLook", "w:tblCaption", "w:tblDescription")


def _set_fonts(rpr: Any) -> None:
    """Times New Roman in every script slot of a `w:rPr`, with the theme fonts
    removed: in Word a theme attribute wins over the explicit one."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)  # rFonts is the first child but for rStyle
    for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{slot}"), FONT)
    for theme in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{theme}"), None)


def _run(
    paragraph: DocxParagraph,
    text: str,
    *,
    size: float = BODY_SIZE,
    bold: bool = False,
    italic: bool = False,
) -> Run:
    run = paragraph.add_run(text)
    _set_fonts(run._r.get_or_add_rPr())
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    run.font.color.rgb = BLACK
    return run


def _para(
    container: DocxDocument | _Cell,
    *,
    align: WD_ALIGN_PARAGRAPH | None = WD_ALIGN_PARAGRAPH.CENTER,
    before: float = 0,
    after: float = 0,
    indent: bool = False,
    line_spacing: float = 1.0,
) -> DocxParagraph:
    paragraph = container.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.alignment = align
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    fmt.line_spacing = line_spacing
    if indent:
        fmt.first_line_indent = FIRST_LINE_INDENT
    return paragraph


def _first_para(cell: _Cell) -> DocxParagraph:
    """A new cell already holds one empty paragraph; reuse it for the first line."""
    paragraph: DocxParagraph = cell.paragraphs[0]
    fmt = paragraph.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing = 1.0
    return paragraph


def _rule(container: DocxDocument | _Cell, *, width_cm: float, box_cm: float) -> None:
    """A solid line `width_cm` long, centred in a box `box_cm` wide: the bottom
    border of an empty, 1 pt high paragraph whose indents narrow it."""
    side = max((box_cm - width_cm) / 2, 0)
    paragraph = _para(container, before=2)
    fmt = paragraph.paragraph_format
    fmt.left_indent = Cm(side)
    fmt.right_indent = Cm(side)
    fmt.line_spacing = Pt(1)
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    borders.append(_line("w:bottom", size=6))  # eighths of a point: 0.75 pt
    ppr.insert_element_before(borders, *_AFTER_PBDR)
    # The paragraph mark's own size is the line height Word actually uses.
    mark = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "2")
    mark.append(size)
    ppr.insert_element_before(mark, *_AFTER_PPR_RPR)


def _line(tag: str, *, size: int) -> Any:
    element = OxmlElement(tag)
    element.set(qn("w:val"), "single")
    element.set(qn("w:sz"), str(size))
    element.set(qn("w:space"), "1")
    element.set(qn("w:color"), "000000")
    return element


def _boxed(run: Run) -> None:
    """A frame around the text of a run (circulation and secrecy marks)."""
    run._r.get_or_add_rPr().insert_element_before(_line("w:bdr", size=8), *_AFTER_BDR)


def _borderless(table: DocxTable) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr.insert_element_before(borders, *_AFTER_TBLBORDERS)
    # Narrow cell margins, so the header columns hold their lines unbroken.
    margins = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:w"), "57")  # twentieths of a point: 0.1 cm
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    tbl_pr.insert_element_before(margins, *_AFTER_TBLCELLMAR)


def _grid(table: DocxTable, widths_cm: Sequence[float]) -> None:
    """Fixed column widths, written both to the grid and to every cell: Word reads
    the cells, LibreOffice the grid."""
    table.autofit = False
    for column, width in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)


def _two_columns(document: DocxDocument, rows: int = 1) -> DocxTable:
    table: DocxTable = document.add_table(rows=rows, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _borderless(table)
    _grid(table, (LEFT_COL_CM, RIGHT_COL_CM))
    return table


# ---- the parts --------------------------------------------------------------------


def _setup_page(document: DocxDocument) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width = PAGE_WIDTH
    section.page_height = PAGE_HEIGHT
    section.top_margin = MARGIN_TOP
    section.bottom_margin = MARGIN_BOTTOM
    section.left_margin = MARGIN_LEFT
    section.right_margin = MARGIN_RIGHT
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)


def _setup_styles(document: DocxDocument) -> None:
    """Times New Roman 14 black as the default of the document and of every
    style, so text a clerk types later inherits it too."""
    rpr_default = document.styles.element.find(
        f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}"
    )
    if rpr_default is not None:
        _set_fonts(rpr_default)
    for style in document.styles:
        font = getattr(style, "font", None)
        if font is None:
            continue
        font.color.rgb = BLACK
        _set_fonts(style.element.get_or_add_rPr())
    normal = document.styles["Normal"]
    normal.font.size = Pt(BODY_SIZE)


def _page_numbers(document: DocxDocument) -> None:
    """Page 1 carries no number; the others a PAGE field centred in the top
    margin, 14 pt upright (Phụ lục I)."""
    section = document.sections[0]
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False
    header = section.header
    header.is_linked_to_previous = False
    paragraph = header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    begin = _run(paragraph, "")
    fld = OxmlElement("w:fldChar")
    fld.set(qn("w:fldCharType"), "begin")
    begin._r.append(fld)
    instruction = _run(paragraph, "")
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = " PAGE "
    instruction._r.append(text)
    separate = _run(paragraph, "")
    fld = OxmlElement("w:fldChar")
    fld.set(qn("w:fldCharType"), "separate")
    separate._r.append(fld)
    _run(paragraph, "2")  # shown until the field is updated
    end = _run(paragraph, "")
    fld = OxmlElement("w:fldChar")
    fld.set(qn("w:fldCharType"), "end")
    end._r.append(fld)


def _header(
    document: DocxDocument, header: DocHeader, confidential_mark: str | None
) -> None:
    """Ô 1–4 (Phụ lục I), with the secrecy or circulation mark under
    the number (ô 10a / ô 11)."""
    left, right = _two_columns(document).rows[0].cells
    # Left: parent agency (13, upright, not bold), issuing agency (13, bold), a
    # line 1/3–1/2 of its width, then "Số: ..." (13).
    agency = header.issuing_agency.upper()
    if header.parent_agency:
        _run(_first_para(left), header.parent_agency.upper(), size=13)
        _run(_para(left), agency, size=13, bold=True)
    else:
        _run(_first_para(left), agency, size=13, bold=True)
    longest_line = min(text_width_cm(agency, 13, bold=True), LEFT_COL_CM)
    _rule(left, width_cm=max(longest_line * 0.4, 1.5), box_cm=LEFT_COL_CM)
    _run(_para(left, before=6), format_number(header.number, header.symbol), size=13)
    if confidential_mark:
        _boxed(_run(_para(left, before=6), confidential_mark.upper(), bold=True))
    # Right: national title (13, bold), motto (14, bold) with a line as long as
    # itself, then place and date (14, italic) level with "Số".
    _run(_first_para(right), NATIONAL_TITLE, size=13, bold=True)
    _run(_para(right), MOTTO, size=14, bold=True)
    _rule(right, width_cm=text_width_cm(MOTTO, 14, bold=True), box_cm=RIGHT_COL_CM)
    _run(
        _para(right, before=6),
        format_place_date(header.place_name, header.date),
        size=14,
        italic=True,
    )


def _title(document: DocxDocument, title: str, summary: str | None) -> None:
    """Ô 5a: the type in capitals, bold 14; the summary bold 14 with a short line
    under it (Phụ lục I)."""
    _run(_para(document, before=18), title.upper(), bold=True)
    if summary:
        _run(_para(document), summary, bold=True)
        width = text_width_cm(summary, BODY_SIZE, bold=True)
        _rule(
            document,
            width_cm=max(min(width, TEXT_WIDTH_CM) / 3, 2.0),
            box_cm=TEXT_WIDTH_CM,
        )


def _kinh_gui(document: DocxDocument, recipients: list[str]) -> None:
    """Ô 9a: one recipient on the line of "Kính gửi:", several one per line with
    "-" and ";", the last ending with "." (Phụ lục I)."""
    if len(recipients) == 1:
        paragraph = _para(document, before=12)
        _run(paragraph, f"Kính gửi: {recipients[0].rstrip('.;')}.")
        return
    paragraph = _para(document, before=12, align=WD_ALIGN_PARAGRAPH.LEFT)
    paragraph.paragraph_format.left_indent = Cm(2.5)
    _run(paragraph, "Kính gửi:")
    for line in with_ending(recipients):
        item = _para(document, align=WD_ALIGN_PARAGRAPH.LEFT)
        item.paragraph_format.left_indent = Cm(4.5)
        _run(item, f"- {line}")


def _bases(document: DocxDocument, bases: list[str]) -> None:
    """The legal bases: italic, one per line, ";" after each and "." after the
    last (Phụ lục I)."""
    for index, line in enumerate(with_ending(bases)):
        _run(
            _para(
                document,
                align=WD_ALIGN_PARAGRAPH.JUSTIFY,
                before=12 if index == 0 else 6,
                indent=True,
                line_spacing=LINE_SPACING,
            ),
            line,
            italic=True,
        )


_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


def _body(document: DocxDocument, blocks: list[Block]) -> None:
    counters = [0, 0, 0]
    for index, block in enumerate(blocks):
        last = index == len(blocks) - 1
        if isinstance(block, Heading):
            _heading(document, block, counters)
        elif isinstance(block, Paragraph):
            text = _ended(block.text) if last else block.text
            _run(_body_para(document), text, bold=block.bold, italic=block.italic)
        elif isinstance(block, LabelledLine):
            paragraph = _body_para(document)
            _run(paragraph, f"{block.label}: ")
            value = _ended(block.value) if last else block.value
            _run(paragraph, value, bold=block.bold_value)
        else:
            _table(document, block)
    if not blocks or not isinstance(blocks[-1], Paragraph | LabelledLine):
        _run(_body_para(document), END_MARK)


def _ended(text: str) -> str:
    """The body ends with "./." (Phụ lục I), in place of the full stop."""
    stripped = text.rstrip()
    if stripped.endswith(END_MARK):
        return stripped
    return stripped.rstrip(".;,") + END_MARK


def _body_para(document: DocxDocument) -> DocxParagraph:
    return _para(
        document,
        align=WD_ALIGN_PARAGRAPH.JUSTIFY,
        before=PARAGRAPH_SPACING.pt,
        indent=True,
        line_spacing=LINE_SPACING,
    )


def _heading(document: DocxDocument, block: Heading, counters: list[int]) -> None:
    """ "I. ..." capitals bold; "1. ..." bold; "a) ..." upright (Phụ lục I)."""
    level = min(max(block.level, 1), 3)
    counters[level - 1] += 1
    for deeper in range(level, 3):
        counters[deeper] = 0
    count = counters[level - 1]
    text = block.text
    if level == 1:
        text = text.upper()
        prefix = f"{_ROMAN[count - 1] if count <= len(_ROMAN) else count}. "
    elif level == 2:
        prefix = f"{count}. "
    else:
        prefix = f"{chr(ord('a') + (count - 1) % 26)}) "
    _run(
        _body_para(document),
        (prefix if block.numbered else "") + text,
        bold=level < 3,
    )


def _table(document: DocxDocument, block: Table) -> None:
    if not block.rows:
        return
    columns = max(len(row) for row in block.rows)
    table = document.add_table(rows=len(block.rows), cols=columns)
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths = block.widths_cm or [TEXT_WIDTH_CM / columns] * columns
    _grid(table, widths)
    for row_index, row in enumerate(block.rows):
        header_row = block.header and row_index == 0
        for column, text in enumerate(row):
            paragraph = _first_para(table.cell(row_index, column))
            if not header_row:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
            _run(paragraph, text, size=13, bold=header_row)


def _signature(cell: _Cell, signature: DocSignature, *, first: bool) -> None:
    """Ô 7a–7c: prefix and position in capitals bold 14, room for the signature,
    the full name bold 14 (Phụ lục I)."""
    position = signature.position.upper()
    if signature.authority_prefix:
        position = f"{signature.authority_prefix.strip()} {position}"
    top = _first_para(cell)
    if not first:
        top.paragraph_format.space_before = Pt(18)
    _run(top, position, bold=True)
    if signature.signer_position:
        _run(_para(cell), signature.signer_position.upper(), bold=True)
    if signature.note:
        _run(_para(cell), signature.note, italic=True)
    name = _para(cell, before=SIGNATURE_SPACE.pt)
    _run(name, signature.name, bold=True)


def _noi_nhan(cell: _Cell, recipients: DocRecipients) -> None:
    """Ô 9b: "Nơi nhận:" bold italic 12, the list upright 11, each line "- ...;",
    the last "- Lưu: VT, <unit>." (Phụ lục I)."""
    label = _first_para(cell)
    label.alignment = WD_ALIGN_PARAGRAPH.LEFT
    _run(label, "Nơi nhận:", size=12, bold=True, italic=True)
    storage = "Lưu: VT" + (
        f", {recipients.luu.strip().rstrip('.')}" if recipients.luu.strip() else ""
    )
    lines = with_ending([*recipients.noi_nhan, storage])
    for line in lines:
        item = _para(cell, align=WD_ALIGN_PARAGRAPH.LEFT)
        _run(item, f"- {line}", size=11)


def _closing(
    document: DocxDocument,
    signatures: Sequence[DocSignature],
    recipients: DocRecipients | None,
) -> None:
    """The signer on the right; on the left "Nơi nhận" or, on a record signed by
    two people, the second signer. Further signers fill further rows."""
    if not signatures and recipients is None:
        return
    rest = list(signatures[1:])
    left: DocSignature | DocRecipients | None = recipients
    if left is None and rest:
        left = rest.pop(0)
    rows = [(left, signatures[0] if signatures else None)]
    while rest:
        rows.append((rest.pop(0), rest.pop(0) if rest else None))
    _para(document, before=6)  # the gap between the body and the signatures
    table = _two_columns(document, rows=len(rows))
    for row, pair in enumerate(rows):
        for column, part in enumerate(pair):
            cell = table.cell(row, column)
            if isinstance(part, DocSignature):
                _signature(cell, part, first=row == 0)
            elif isinstance(part, DocRecipients):
                _noi_nhan(cell, part)


def render_document(
    *,
    header: DocHeader,
    title: str,
    summary: str | None = None,
    bases: Sequence[str] = (),
    body: Sequence[Block] = (),
    signatures: Sequence[DocSignature] = (),
    recipients: DocRecipients | None = None,
    confidential_mark: str | None = None,
) -> DocxDocument:
    """A complete document in the NĐ 30/2020 format, ready to save."""
    document = Document()
    _setup_page(document)
    _setup_styles(document)
    # The blank template starts with no paragraph; the header table comes first.
    _header(document, header, confidential_mark)
    _title(document, title, summary)
    if recipients is not None and recipients.kinh_gui:
        _kinh_gui(document, recipients.kinh_gui)
    _bases(document, list(bases))
    _body(document, list(body))
    _closing(document, signatures, recipients)
    _page_numbers(document)
    return document


def document_bytes(document: DocxDocument) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
