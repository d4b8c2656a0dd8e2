"""The fixed values of the NĐ 30/2020 layout (Phụ lục I): font, colour, page
geometry, sizes and spacing, and the fixed texts of the header and the body."""

from __future__ import annotations

from docx.shared import Cm, Mm, Pt, RGBColor

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
