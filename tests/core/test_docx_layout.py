"""The NĐ 30/2020 layout, checked on the DOCX read back with python-docx (no DB)."""

from __future__ import annotations

import ast
import datetime
import io
from pathlib import Path

import docx
import pytest
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.text.paragraph import Paragraph as DocxParagraph

from bcd138.core import docx_layout as layout

HEADER = layout.DocHeader(
    parent_agency="Công an thành phố Đà Nẵng",
    issuing_agency="Công an phường Tam Kỳ",
    place_name="Đà Nẵng",
    date=datetime.date(2026, 1, 5),
    number=None,
    symbol="BB-CAPTK",
)
BODY: list[layout.Block] = [
    layout.Heading("Kết quả công tác"),
    layout.Heading("Tiếp nhận nguồn tin", level=2),
    layout.Heading("tố giác", level=3),
    layout.Paragraph("Đơn vị đã tiếp nhận 12 nguồn tin."),
    layout.LabelledLine("Họ và tên", "Nguyễn Văn A"),
    layout.Table([["STT", "Nội dung"], ["1", "Trộm cắp"]], widths_cm=[2, 14.5]),
    layout.Heading("Phương hướng"),
    layout.Paragraph("Tiếp tục thực hiện tốt công tác tiếp nhận."),
]


def _reopen(document: DocxDocument) -> DocxDocument:
    return docx.Document(io.BytesIO(layout.document_bytes(document)))


@pytest.fixture(scope="module")
def notice() -> DocxDocument:
    return _reopen(
        layout.render_document(
            header=HEADER,
            title="Báo cáo",
            summary="Kết quả công tác tiếp nhận nguồn tin",
            bases=["Căn cứ Điều 145 Bộ luật Tố tụng hình sự;", "Căn cứ Điều 146."],
            body=BODY,
            signatures=[
                layout.DocSignature(
                    authority_prefix="KT.",
                    position="Trưởng Công an phường",
                    signer_position="Phó Trưởng Công an phường",
                    name="Lê Văn D",
                )
            ],
            recipients=layout.DocRecipients(
                kinh_gui=["Ông Trần Văn E"],
                noi_nhan=["Như trên", "VKSND khu vực 1 (để biết)"],
                luu="HS",
            ),
            confidential_mark="MẬT",
        )
    )


def _all_paragraphs(document: DocxDocument) -> list[DocxParagraph]:
    paragraphs = list(document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                paragraphs += cell.paragraphs
    for section in document.sections:
        paragraphs += section.header.paragraphs
    return paragraphs


def _texts(paragraphs: list[DocxParagraph]) -> list[str]:
    return [p.text for p in paragraphs if p.text]


def _top_texts(document: DocxDocument) -> list[str]:
    return _texts(list(document.paragraphs))


def _header_cells(document: DocxDocument) -> tuple[list[DocxParagraph], ...]:
    left, right = document.tables[0].rows[0].cells
    return list(left.paragraphs), list(right.paragraphs)


def _bottom_border(paragraph: DocxParagraph) -> bool:
    ppr = paragraph._p.pPr
    return ppr is not None and ppr.find(f"{qn('w:pBdr')}/{qn('w:bottom')}") is not None


def _rule_width_cm(paragraph: DocxParagraph, box_cm: float) -> float:
    fmt = paragraph.paragraph_format
    indents = (fmt.left_indent or 0) + (fmt.right_indent or 0)
    return box_cm - indents / Cm(1)


# ---- page ---------------------------------------------------------------------------


def test_page_is_a4_portrait_with_the_decrees_margins(notice: DocxDocument) -> None:
    section = notice.sections[0]
    # Word stores lengths in twentieths of a point: equal to a tenth of a mm.
    expected = {
        "page_width": 210,
        "page_height": 297,
        "top_margin": 20,
        "bottom_margin": 20,
        "left_margin": 30,
        "right_margin": 15,
    }
    for name, mm in expected.items():
        assert abs(getattr(section, name) - Mm(mm)) < Mm(0.1), name
    assert section.orientation == WD_ORIENT.PORTRAIT


def test_every_run_is_times_new_roman_in_every_script_black(
    notice: DocxDocument,
) -> None:
    runs = [run for p in _all_paragraphs(notice) for run in p.runs]
    assert len(runs) > 30
    for run in runs:
        assert run.font.name == "Times New Roman", run.text
        fonts = run._r.get_or_add_rPr().find(qn("w:rFonts"))
        assert fonts.get(qn("w:eastAsia")) == "Times New Roman"
        assert fonts.get(qn("w:cs")) == "Times New Roman"
        assert fonts.get(qn("w:asciiTheme")) is None
        assert str(run.font.color.rgb) == "000000"


def test_styles_default_to_times_new_roman(notice: DocxDocument) -> None:
    normal = notice.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    defaults = notice.styles.element.find(
        f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}"
    )
    assert defaults.get(qn("w:eastAsia")) == "Times New Roman"
    assert defaults.get(qn("w:eastAsiaTheme")) is None


def test_page_numbers_from_page_two_centred_in_the_top_margin(
    notice: DocxDocument,
) -> None:
    section = notice.sections[0]
    assert section.different_first_page_header_footer is True
    assert not section.first_page_header.is_linked_to_previous
    assert "".join(p.text for p in section.first_page_header.paragraphs) == ""
    header = section.header.paragraphs[0]
    assert header.alignment == WD_ALIGN_PARAGRAPH.CENTER
    instructions = [el.text for el in header._p.iter(qn("w:instrText"))]
    assert instructions == [" PAGE "]
    kinds = [el.get(qn("w:fldCharType")) for el in header._p.iter(qn("w:fldChar"))]
    assert kinds == ["begin", "separate", "end"]


# ---- header -------------------------------------------------------------------------


def test_header_is_a_borderless_two_column_table(notice: DocxDocument) -> None:
    table = notice.tables[0]
    assert len(table.columns) == 2
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    assert {el.get(qn("w:val")) for el in borders} == {"nil"}
    widths = [cell.width for cell in table.rows[0].cells]
    assert abs(sum(widths) - Cm(16.5)) < Cm(0.01)


def test_left_column_agencies_number_and_mark(notice: DocxDocument) -> None:
    left, _right = _header_cells(notice)
    parent, agency, rule, number, mark = left
    assert parent.text == "CÔNG AN THÀNH PHỐ ĐÀ NẴNG"
    assert parent.runs[0].font.bold is False
    assert parent.runs[0].font.size == Pt(13)
    assert agency.text == "CÔNG AN PHƯỜNG TAM KỲ"
    assert agency.runs[0].font.bold is True
    assert agency.runs[0].font.size == Pt(13)
    # A line of 1/3 to 1/2 of the agency's name under it (ô 2).
    assert _bottom_border(rule)
    assert rule.text == ""
    name_width = layout.text_width_cm(agency.text, 13, bold=True)
    assert name_width / 3 <= _rule_width_cm(rule, layout.LEFT_COL_CM) <= name_width / 2
    assert number.text == "Số: ....../BB-CAPTK"
    assert number.runs[0].font.size == Pt(13)
    assert mark.text == "MẬT"
    assert mark.runs[0].font.bold is True
    assert mark.runs[0]._r.get_or_add_rPr().find(qn("w:bdr")) is not None


def test_right_column_national_title_motto_line_and_date(
    notice: DocxDocument,
) -> None:
    _left, right = _header_cells(notice)
    title, motto, rule, place_date = right
    assert title.text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert title.runs[0].font.bold is True
    assert title.runs[0].font.size == Pt(13)
    assert motto.text == "Độc lập - Tự do - Hạnh phúc"
    assert motto.runs[0].font.bold is True
    assert motto.runs[0].font.size == Pt(14)
    # The line under the motto is as long as the motto (ô 1).
    assert _bottom_border(rule)
    motto_width = layout.text_width_cm(motto.text, 14, bold=True)
    assert abs(_rule_width_cm(rule, layout.RIGHT_COL_CM) - motto_width) < 0.01
    assert 5.5 < motto_width < 6.5
    assert place_date.text == "Đà Nẵng, ngày 05 tháng 01 năm 2026"
    assert place_date.runs[0].font.italic is True
    assert place_date.runs[0].font.size == Pt(14)
    assert place_date.alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_the_national_title_fits_its_column_on_one_line() -> None:
    width = layout.text_width_cm(layout.NATIONAL_TITLE, 13, bold=True)
    assert width < layout.RIGHT_COL_CM - 0.2  # the cell's margins


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime.date(2026, 1, 5), "Đà Nẵng, ngày 05 tháng 01 năm 2026"),
        (datetime.date(2026, 2, 28), "Đà Nẵng, ngày 28 tháng 02 năm 2026"),
        (datetime.date(2026, 3, 9), "Đà Nẵng, ngày 09 tháng 3 năm 2026"),
        (datetime.date(2025, 12, 10), "Đà Nẵng, ngày 10 tháng 12 năm 2025"),
    ],
)
def test_place_and_date_pad_days_below_10_and_months_1_and_2(
    day: datetime.date, expected: str
) -> None:
    assert layout.format_place_date("Đà Nẵng", day) == expected


@pytest.mark.parametrize(
    ("number", "symbol", "expected"),
    [
        (5, "QĐ-BNV", "Số: 05/QĐ-BNV"),
        (15, "BB-CAPTK", "Số: 15/BB-CAPTK"),
        (None, "TB-CAPTK", "Số: ....../TB-CAPTK"),
        (120, "", "Số: 120"),
    ],
)
def test_number_and_symbol(number: int | None, symbol: str, expected: str) -> None:
    assert layout.format_number(number, symbol) == expected


def test_header_without_parent_agency_starts_with_the_issuer() -> None:
    header = layout.DocHeader(
        issuing_agency="Bộ Công an",
        place_name="Hà Nội",
        date=datetime.date(2026, 4, 1),
        number=3,
        symbol="QĐ-BCA",
    )
    document = _reopen(layout.render_document(header=header, title="Quyết định"))
    left, _right = _header_cells(document)
    assert left[0].text == "BỘ CÔNG AN"
    assert left[0].runs[0].font.bold is True
    assert "Số: 03/QĐ-BCA" in _texts(left)


# ---- title, bases, body -------------------------------------------------------------


def test_title_and_summary(notice: DocxDocument) -> None:
    paragraphs = [p for p in notice.paragraphs if p.text]
    title, summary = paragraphs[0], paragraphs[1]
    assert title.text == "BÁO CÁO"
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert title.runs[0].font.bold is True
    assert title.runs[0].font.size == Pt(14)
    assert summary.text == "Kết quả công tác tiếp nhận nguồn tin"
    assert summary.runs[0].font.bold is True
    elements = [p._p for p in notice.paragraphs]
    following = notice.paragraphs[elements.index(summary._p) + 1]
    assert _bottom_border(following)


def test_kinh_gui_single_recipient_on_one_line(notice: DocxDocument) -> None:
    assert "Kính gửi: Ông Trần Văn E." in _top_texts(notice)


def test_kinh_gui_several_recipients_one_per_line() -> None:
    document = _reopen(
        layout.render_document(
            header=HEADER,
            title="Báo cáo",
            recipients=layout.DocRecipients(kinh_gui=["Bộ Công an", "UBND thành phố"]),
        )
    )
    texts = _top_texts(document)
    start = texts.index("Kính gửi:")
    assert texts[start + 1 : start + 3] == ["- Bộ Công an;", "- UBND thành phố."]


def test_bases_are_italic_and_end_with_semicolons_then_a_full_stop(
    notice: DocxDocument,
) -> None:
    bases = [p for p in notice.paragraphs if p.text.startswith("Căn cứ")]
    assert [p.text for p in bases] == [
        "Căn cứ Điều 145 Bộ luật Tố tụng hình sự;",
        "Căn cứ Điều 146.",
    ]
    assert all(p.runs[0].font.italic for p in bases)


def test_body_paragraphs_justified_indented_spaced(notice: DocxDocument) -> None:
    body = next(p for p in notice.paragraphs if p.text.startswith("Đơn vị đã"))
    fmt = body.paragraph_format
    assert body.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert fmt.first_line_indent == Cm(1.27)
    assert (fmt.space_before or 0) + (fmt.space_after or 0) >= Pt(6)
    assert isinstance(fmt.line_spacing, float)
    assert 1.0 <= fmt.line_spacing <= 1.5
    assert body.runs[0].font.size == Pt(14)


def test_headings_are_numbered_by_level(notice: DocxDocument) -> None:
    texts = _top_texts(notice)
    assert "I. KẾT QUẢ CÔNG TÁC" in texts
    assert "1. Tiếp nhận nguồn tin" in texts
    assert "a) tố giác" in texts
    assert "II. PHƯƠNG HƯỚNG" in texts
    first = next(p for p in notice.paragraphs if p.text == "I. KẾT QUẢ CÔNG TÁC")
    assert first.runs[0].font.bold is True


def test_labelled_line(notice: DocxDocument) -> None:
    line = next(p for p in notice.paragraphs if p.text.startswith("Họ và tên"))
    assert line.text == "Họ và tên: Nguyễn Văn A"


def test_table_has_bold_header_row(notice: DocxDocument) -> None:
    table = notice.tables[1]
    assert table.cell(0, 1).text == "Nội dung"
    assert table.cell(0, 1).paragraphs[0].runs[0].font.bold is True
    assert table.cell(1, 1).paragraphs[0].runs[0].font.bold is False


def test_body_ends_with_the_end_mark(notice: DocxDocument) -> None:
    assert _top_texts(notice)[-1] == "Tiếp tục thực hiện tốt công tác tiếp nhận./."


def test_end_mark_after_a_final_table() -> None:
    document = _reopen(
        layout.render_document(
            header=HEADER, title="Báo cáo", body=[layout.Table([["A"], ["1"]])]
        )
    )
    assert _top_texts(document)[-1] == "./."


# ---- signature and recipients -------------------------------------------------------


def test_signature_block_in_the_right_column(notice: DocxDocument) -> None:
    closing = notice.tables[-1]
    right = closing.rows[0].cells[1].paragraphs
    texts = _texts(right)
    assert texts == [
        "KT. TRƯỞNG CÔNG AN PHƯỜNG",
        "PHÓ TRƯỞNG CÔNG AN PHƯỜNG",
        "Lê Văn D",
    ]
    for paragraph in right:
        for run in paragraph.runs:
            assert run.font.bold is True
            assert run.font.size == Pt(14)
    name = next(p for p in right if p.text == "Lê Văn D")
    assert (name.paragraph_format.space_before or 0) >= Pt(48)  # room to sign


def test_noi_nhan_in_the_left_column(notice: DocxDocument) -> None:
    left = notice.tables[-1].rows[0].cells[0].paragraphs
    label, *items = left
    assert label.text == "Nơi nhận:"
    assert label.runs[0].font.bold is True
    assert label.runs[0].font.italic is True
    assert label.runs[0].font.size == Pt(12)
    assert [p.text for p in items] == [
        "- Như trên;",
        "- VKSND khu vực 1 (để biết);",
        "- Lưu: VT, HS.",
    ]
    for paragraph in items:
        assert paragraph.runs[0].font.size == Pt(11)
        assert paragraph.runs[0].font.bold is False


def test_lưu_line_without_a_unit() -> None:
    document = _reopen(
        layout.render_document(
            header=HEADER,
            title="Thông báo",
            signatures=[layout.DocSignature(position="Trưởng phòng")],
            recipients=layout.DocRecipients(noi_nhan=[]),
        )
    )
    left = document.tables[-1].rows[0].cells[0]
    assert _texts(left.paragraphs) == ["Nơi nhận:", "- Lưu: VT."]


def test_a_record_signed_by_two_puts_the_second_on_the_left() -> None:
    document = _reopen(
        layout.render_document(
            header=HEADER,
            title="Biên bản",
            signatures=[
                layout.DocSignature(
                    position="Người lập biên bản",
                    name="Nguyễn Văn B",
                    note="(Ký, ghi rõ họ tên)",
                ),
                layout.DocSignature(
                    position="Người tố giác", note="(Ký, ghi rõ họ tên)"
                ),
                layout.DocSignature(position="Người chứng kiến"),
            ],
        )
    )
    closing = document.tables[-1]
    left, right = closing.rows[0].cells
    assert _texts(right.paragraphs) == [
        "NGƯỜI LẬP BIÊN BẢN",
        "(Ký, ghi rõ họ tên)",
        "Nguyễn Văn B",
    ]
    assert _texts(left.paragraphs) == ["NGƯỜI TỐ GIÁC", "(Ký, ghi rõ họ tên)"]
    assert _texts(closing.rows[1].cells[0].paragraphs) == ["NGƯỜI CHỨNG KIẾN"]


# ---- helpers and purity -------------------------------------------------------------


def test_with_ending_replaces_the_callers_punctuation() -> None:
    assert layout.with_ending(["a;", "b.", "c"]) == ["a;", "b;", "c."]
    assert layout.with_ending([]) == []


def test_text_width_uses_the_base_letter_of_vietnamese_letters() -> None:
    assert layout.text_width_cm("Đ", 14) == layout.text_width_cm("D", 14)
    assert layout.text_width_cm("ộ", 14) == layout.text_width_cm("o", 14)
    bold = layout.text_width_cm("Hạnh phúc", 14, bold=True)
    assert bold > layout.text_width_cm("Hạnh phúc", 14)


def test_the_layout_module_never_imports_django_or_the_project() -> None:
    files = sorted(Path(layout.__file__).parent.glob("*.py"))
    assert len(files) > 1  # the package's modules, not only its __init__
    imported: set[str] = set()
    for file in files:
        tree = ast.parse(file.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                imported.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module)
    assert not {m for m in imported if m.split(".")[0] in {"django", "bcd138"}}
