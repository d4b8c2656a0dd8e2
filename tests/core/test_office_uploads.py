"""Office documents in the staff profile: recognised from the container's main
part, refused with macros, encryption, corruption or a bomb's size; never in the
evidence profile the public uses."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from bcd138.core import office_files
from bcd138.core.errors import DomainError
from bcd138.core.uploads import (
    EVIDENCE,
    STAFF_DOCUMENTS,
    CleanFile,
    UploadProfile,
    clean_uploads,
)
from tests.office_files import MACRO_MAIN, encrypted, odf, ooxml, zip_of

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def clean(
    data: bytes, name: str = "bao-cao.docx", profile: UploadProfile = STAFF_DOCUMENTS
) -> CleanFile:
    return clean_uploads([SimpleUploadedFile(name, data)], profile=profile)[0]


def refused(data: bytes, name: str = "bao-cao.docx", **kw: Any) -> DomainError:
    with pytest.raises(DomainError) as error:
        clean(data, name, **kw)
    return error.value


@pytest.mark.parametrize(
    ("data", "content_type", "extension"),
    [
        (ooxml("docx"), office_files.DOCX.content_type, "docx"),
        (ooxml("xlsx"), office_files.XLSX.content_type, "xlsx"),
        (ooxml("pptx"), office_files.PPTX.content_type, "pptx"),
        (odf("odt"), office_files.ODT.content_type, "odt"),
        (odf("ods"), office_files.ODS.content_type, "ods"),
    ],
)
def test_staff_profile_accepts_office_documents_by_content(
    data: bytes, content_type: str, extension: str
) -> None:
    # The name says PDF: the content decides, and the document is kept as it came.
    result = clean(data, name="ten-sai.pdf")
    assert (result.content_type, result.extension) == (content_type, extension)
    assert result.content == data
    assert result.stored_name.endswith(f".{extension}")
    assert result.metadata_stripped is False
    assert result.original_name == "ten-sai.pdf"


def test_evidence_profile_refuses_office_documents_with_its_own_message() -> None:
    error = refused(ooxml("docx"), profile=EVIDENCE)
    assert error.code == "upload_type_refused"
    assert error.status == 415
    assert error.message == (
        "“bao-cao.docx” is not a photo, video, audio recording or PDF document "
        "of a type that can be accepted."
    )


def test_default_profile_is_the_evidence_profile() -> None:
    with pytest.raises(DomainError) as error:
        clean_uploads([SimpleUploadedFile("a.xlsx", ooxml("xlsx"))])
    assert error.value.code == "upload_type_refused"


def test_staff_refusal_names_what_the_profile_accepts() -> None:
    error = refused(b"MZ\x90\x00 an executable", name="setup.exe")
    assert error.code == "upload_type_refused"
    for accepted in ("photo", "video", "audio", "PDF", "DOCX", "XLSX", "PPTX", "ODT"):
        assert accepted in error.message
    assert "“setup.exe”" in error.message


def test_staff_profile_still_accepts_the_evidence_types() -> None:
    assert clean(PDF, name="scan.pdf").content_type == "application/pdf"


@pytest.mark.parametrize("kind", ["docx", "xlsx", "pptx"])
def test_macro_enabled_content_type_is_refused(kind: str) -> None:
    error = refused(ooxml(kind, main_type=MACRO_MAIN[kind]), name=f"bang.{kind}")
    assert error.code == "upload_macros_refused"
    assert error.status == 415
    assert "macros" in error.message


def test_a_vba_project_in_a_document_declared_plain_is_refused() -> None:
    data = ooxml("docx", extra=[("word/vbaProject.bin", b"\xd0\xcf\x11\xe0macro")])
    assert refused(data).code == "upload_macros_refused"


def test_a_vba_default_content_type_is_refused() -> None:
    types = (
        '<Types><Default Extension="bin" '
        'ContentType="application/vnd.ms-office.vbaProject"/>'
        '<Override PartName="/xl/workbook.xml" '
        f'ContentType="{office_files.XLSX.content_type}.main+xml"/></Types>'
    )
    data = zip_of([("[Content_Types].xml", types.encode()), ("xl/workbook.xml", b"")])
    assert refused(data, name="so-lieu.xlsx").code == "upload_macros_refused"


def test_opendocument_with_basic_macros_is_refused() -> None:
    data = odf("ods", extra=[("Basic/Standard/Module1.xml", b"<script/>")])
    assert refused(data, name="bang.ods").code == "upload_macros_refused"


@pytest.mark.parametrize("data", [encrypted(ooxml("docx")), encrypted(odf("odt"))])
def test_encrypted_archive_is_refused(data: bytes) -> None:
    error = refused(data)
    assert error.code == "upload_encrypted"
    assert "password" in error.message


def test_opendocument_encrypted_by_its_manifest_is_refused() -> None:
    manifest = b"<manifest:file-entry><manifest:encryption-data/></manifest:file-entry>"
    data = odf("odt", manifest=manifest)
    assert refused(data, name="mat.odt").code == "upload_encrypted"


def test_corrupt_archive_is_refused_as_unreadable() -> None:
    data = ooxml("docx")
    error = refused(data[: len(data) // 2])
    assert error.code == "upload_unreadable"
    assert "could not be read" in error.message


def test_a_plain_zip_is_not_an_office_document() -> None:
    data = zip_of([("readme.txt", "xin chào".encode())])
    assert refused(data, name="tai-lieu.zip").code == "upload_type_refused"


def test_declared_type_without_its_main_part_is_refused() -> None:
    assert refused(ooxml("docx", with_main=False)).code == "upload_type_refused"


def test_main_part_under_another_type_is_refused() -> None:
    # A Word part declared as a spreadsheet: the container does not say what it is.
    data = ooxml("docx", main_type=f"{office_files.XLSX.content_type}.main+xml")
    assert refused(data).code == "upload_type_refused"


def test_too_many_entries_refused_before_reading(monkeypatch: Any) -> None:
    monkeypatch.setattr(office_files, "MAX_ENTRIES", 5)
    many = [(f"word/media/image{i}.png", b"x") for i in range(6)]
    error = refused(ooxml("docx", extra=many))
    assert error.code == "upload_too_large"
    assert error.status == 413


def test_zip_bomb_refused_by_its_declared_size(monkeypatch: Any) -> None:
    monkeypatch.setattr(office_files, "MAX_UNCOMPRESSED_BYTES", 1024 * 1024)
    # Two megabytes of zeros deflate to a few kilobytes.
    data = ooxml("docx", extra=[("word/media/zeros.bin", bytes(2 * 1024 * 1024))])
    assert len(data) < 20_000
    error = refused(data)
    assert error.code == "upload_too_large"
    assert "once opened" in error.message


def test_oversized_content_types_part_is_not_read_whole(monkeypatch: Any) -> None:
    monkeypatch.setattr(office_files, "MAX_PART_BYTES", 64)
    assert refused(ooxml("docx")).code == "upload_unreadable"
