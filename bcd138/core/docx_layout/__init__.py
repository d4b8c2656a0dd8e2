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
The package, by concern:
- `style`: the fixed values of the layout: font, colour, page geometry, sizes,
  fixed texts;
- `model`: the dataclasses a caller fills (header, signatures, recipients, body
  blocks);
- `formatting`: the texts built from them (number, place and date, line endings)
  and the measurement of printed text;
- `drawing`: the low-level python-docx writers (runs, paragraphs, rules, tables);
- `render`: the parts of the document in order, and `render_document`.
"""

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
from .render import document_bytes, render_document
from .style import (
    BLACK,
    BODY_SIZE,
    END_MARK,
    FIRST_LINE_INDENT,
    FONT,
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
    PLACEHOLDER_NUMBER,
    RIGHT_COL_CM,
    SIGNATURE_SPACE,
    TEXT_WIDTH_CM,
)

__all__ = [
    "BLACK",
    "BODY_SIZE",
    "END_MARK",
    "FIRST_LINE_INDENT",
    "FONT",
    "LEFT_COL_CM",
    "LINE_SPACING",
    "MARGIN_BOTTOM",
    "MARGIN_LEFT",
    "MARGIN_RIGHT",
    "MARGIN_TOP",
    "MOTTO",
    "NATIONAL_TITLE",
    "PAGE_HEIGHT",
    "PAGE_WIDTH",
    "PARAGRAPH_SPACING",
    "PLACEHOLDER_NUMBER",
    "RIGHT_COL_CM",
    "SIGNATURE_SPACE",
    "TEXT_WIDTH_CM",
    "Block",
    "DocHeader",
    "DocRecipients",
    "DocSignature",
    "Heading",
    "LabelledLine",
    "Paragraph",
    "Table",
    "document_bytes",
    "format_number",
    "format_place_date",
    "render_document",
    "text_width_cm",
    "with_ending",
]
