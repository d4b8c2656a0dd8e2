"""Office documents built in the tests: the smallest DOCX, XLSX, PPTX, ODT and ODS
that a reader would open, and their harmful variants (macros, encryption)."""

from __future__ import annotations

import io
import zipfile

OOXML = "application/vnd.openxmlformats-officedocument"
MAIN = {
    "docx": ("word/document.xml", f"{OOXML}.wordprocessingml.document.main+xml"),
    "xlsx": ("xl/workbook.xml", f"{OOXML}.spreadsheetml.sheet.main+xml"),
    "pptx": ("ppt/presentation.xml", f"{OOXML}.presentationml.presentation.main+xml"),
}
MACRO_MAIN = {
    "docx": "application/vnd.ms-word.document.macroEnabled.main+xml",
    "xlsx": "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    "pptx": "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml",
}
ODF = {
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}


def zip_of(parts: list[tuple[str, bytes]], stored_first: bool = False) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for i, (name, data) in enumerate(parts):
            kind = zipfile.ZIP_STORED if stored_first and i == 0 else None
            archive.writestr(name, data, compress_type=kind)
    return out.getvalue()


def ooxml(
    kind: str = "docx",
    *,
    main_type: str | None = None,
    extra: list[tuple[str, bytes]] | None = None,
    with_main: bool = True,
) -> bytes:
    """A Word, Excel or PowerPoint document (`kind`: docx, xlsx, pptx)."""
    part, content_type = MAIN[kind]
    types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override ContentType="{main_type or content_type}" PartName="/{part}"/>'
        "</Types>"
    ).encode()
    parts = [("[Content_Types].xml", types), ("_rels/.rels", b"<Relationships/>")]
    if with_main:
        parts.append((part, "<document>Báo cáo tiến độ</document>".encode()))
    return zip_of(parts + (extra or []))


def odf(
    kind: str = "odt",
    *,
    extra: list[tuple[str, bytes]] | None = None,
    manifest: bytes = b"<manifest:manifest/>",
) -> bytes:
    """An OpenDocument text or spreadsheet (`kind`: odt, ods)."""
    parts = [
        ("mimetype", ODF[kind].encode()),
        ("content.xml", b"<office:document-content/>"),
        ("META-INF/manifest.xml", manifest),
    ]
    return zip_of(parts + (extra or []), stored_first=True)


def encrypted(data: bytes) -> bytes:
    """The archive with its entries flagged as encrypted (the flag is what a
    reader goes by; the content need not really be)."""
    patched = bytearray(data)
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = patched.find(signature)
        while start != -1:
            patched[start + offset] |= 0x01
            start = patched.find(signature, start + 4)
    return bytes(patched)
