"""Low-level python-docx writers: runs and paragraphs in Times New Roman black,
the short rules drawn as paragraph borders, framed runs, borderless and
fixed-width tables. Elements are inserted in the order of the schema."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table as DocxTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run

from .style import BLACK, BODY_SIZE, FIRST_LINE_INDENT, FONT, LEFT_COL_CM, RIGHT_COL_CM

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
