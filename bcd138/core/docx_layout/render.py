"""The parts of a document in order (page, styles, header, title, recipients,
bases, body, signatures, page numbers) and `render_document`, which draws them."""

from __future__ import annotations

import io
from collections.abc import Sequence

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph

from .drawing import (
    _boxed,
    _first_para,
    _grid,
    _para,
    _rule,
    _run,
    _set_fonts,
    _two_columns,
)
from .formatting import format_number, format_place_date, text_width_cm, with_ending
from .model import (
    Block,
    DocHeader,
    DocRecipients,
    DocSignature,
    Heading,
    LabelledLine,
    Paragraph,
    Table,
)
from .style import (
    BLACK,
    BODY_SIZE,
    END_MARK,
    LEFT_COL_CM,
    LINE_SPACING,
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    MOTTO,
    NATIONAL_TITLE,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    PARAGRAPH_SPACING,
    RIGHT_COL_CM,
    SIGNATURE_SPACE,
    TEXT_WIDTH_CM,
)


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
