"""The texts the layout builds (number, place and date, line endings) and the
printed width of a text, from which line lengths are computed."""

from __future__ import annotations

import datetime
import unicodedata
from collections.abc import Sequence

from .style import PLACEHOLDER_NUMBER

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
