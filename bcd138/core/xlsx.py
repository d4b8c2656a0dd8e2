"""Spreadsheet exports (XLSX) of list pages, with openpyxl's write-only mode.

Rules: one header row in bold, frozen; dates as real dates (Excel shows them as
dd/mm/yyyy); text cells that start with a formula character are prefixed with an
apostrophe so that a value typed by a user is never run as a formula (CSV/XLSX
injection); the file is built in memory — exports are of filtered lists, bounded by
``MAX_ROWS`` (checked before anything is written).
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from bcd138.core.errors import DomainError

MAX_ROWS = 100_000
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Sheet:
    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence[Any]]


def _value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, (int, float, datetime.date)):
        return value
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def workbook_bytes(sheets: Sequence[Sheet]) -> bytes:
    tables = [list(islice(sheet.rows, MAX_ROWS + 1)) for sheet in sheets]
    if any(len(rows) > MAX_ROWS for rows in tables):
        raise DomainError(
            _("Too many rows to export (more than %(max)s); narrow the filter.")
            % {"max": MAX_ROWS},
            code="export_too_large",
        )
    book = Workbook(write_only=True)
    bold = Font(bold=True)
    for sheet, rows in zip(sheets, tables, strict=True):
        ws = book.create_sheet(title=sheet.title[:31])
        ws.freeze_panes = "A2"
        header = []
        for text in sheet.headers:
            cell = WriteOnlyCell(ws, value=str(text))
            cell.font = bold
            header.append(cell)
        ws.append(header)
        for row in rows:
            ws.append([_date_cell(ws, v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _date_cell(ws: Any, value: Any) -> Any:
    value = _value(value)
    if isinstance(value, datetime.date):
        if not isinstance(value, datetime.datetime):
            value = datetime.datetime.combine(value, datetime.time())
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = "DD/MM/YYYY"
        return cell
    return value


def xlsx_response(filename: str, sheets: Sequence[Sheet]) -> HttpResponse:
    """An attachment download of ``sheets`` named ``filename`` (.xlsx added)."""
    response = HttpResponse(workbook_bytes(sheets), content_type=CONTENT_TYPE)
    name = filename if filename.endswith(".xlsx") else f"{filename}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response
