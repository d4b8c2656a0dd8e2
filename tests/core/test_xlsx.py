"""XLSX exports: real files that openpyxl reads back, formulas neutralised."""

from __future__ import annotations

import datetime
import io

import pytest
from openpyxl import load_workbook

from bcd138.core import xlsx
from bcd138.core.errors import DomainError


def test_workbook_round_trips_dates_numbers_and_neutralises_formulas() -> None:
    data = xlsx.workbook_bytes(
        [
            xlsx.Sheet(
                "Mô hình",
                ["Tên", "Ngày", "Số", "Có"],
                [
                    ['=HYPERLINK("http://x")', datetime.date(2026, 1, 5), 12, True],
                    ["Camera an ninh", None, 3.5, False],
                ],
            )
        ]
    )
    ws = load_workbook(io.BytesIO(data)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == ("Tên", "Ngày", "Số", "Có")
    assert rows[1][0] == '\'=HYPERLINK("http://x")'
    assert rows[1][1].date() == datetime.date(2026, 1, 5)
    assert rows[1][2] == 12
    assert rows[2][1] is None or rows[2][1] == ""
    assert ws.title == "Mô hình"


def test_too_many_rows_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsx, "MAX_ROWS", 2)
    with pytest.raises(DomainError) as err:
        xlsx.workbook_bytes([xlsx.Sheet("x", ["a"], [[1], [2], [3]])])
    assert err.value.code == "export_too_large"


def test_response_is_an_attachment_with_the_xlsx_type() -> None:
    response = xlsx.xlsx_response("tasks", [xlsx.Sheet("x", ["a"], [[1]])])
    assert response["Content-Type"] == xlsx.CONTENT_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="tasks.xlsx"'
    assert load_workbook(io.BytesIO(response.content)).active["A2"].value == 1
