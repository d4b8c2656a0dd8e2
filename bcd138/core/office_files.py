"""Recognising office documents (DOCX, XLSX, PPTX, ODT, ODS) from their content.

Used by `core.uploads` for the staff profile only. An office document is a ZIP
container; what it is comes from its main part, never from its name:
- Office Open XML: `[Content_Types].xml` declares the main part's type, and the
  part is there (`word/document.xml`, `xl/workbook.xml`, `ppt/presentation.xml`);
- OpenDocument: the `mimetype` entry names the type (text or spreadsheet), and
  `content.xml` is there.
Refused: macro-enabled documents (a `vbaProject.bin`, a macro-enabled content
type, OpenDocument `Basic/` or `Scripts/`), encrypted or corrupt archives, and
archives too big to be safe to open: the entry count and the declared total
uncompressed size are bounded before anything is read, and the little that is
read (the content types, the mimetype, the manifest) is read with a limit, so a
lying header cannot make it expand. Nothing is extracted; the file is stored as
it came.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from bcd138.core.errors import DomainError

ZIP_SIGNATURE = b"PK\x03\x04"
MB = 1024 * 1024
# A long report is a few hundred parts and tens of MB once unpacked; an archive
# declaring more is not a document officials write, and may be a zip bomb.
MAX_ENTRIES = 2000
MAX_UNCOMPRESSED_BYTES = 200 * MB
# The parts read to recognise the type: small in any real document.
MAX_PART_BYTES = 1 * MB


@dataclass(frozen=True)
class OfficeType:
    content_type: str
    extension: str


DOCX = OfficeType(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"
)
XLSX = OfficeType(
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"
)
PPTX = OfficeType(
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "pptx",
)
ODT = OfficeType("application/vnd.oasis.opendocument.text", "odt")
ODS = OfficeType("application/vnd.oasis.opendocument.spreadsheet", "ods")

# Office Open XML: the main part and the content type it must be declared with.
_OOXML_MAIN: tuple[tuple[str, str, OfficeType], ...] = (
    ("/word/document.xml", f"{DOCX.content_type}.main+xml", DOCX),
    ("/xl/workbook.xml", f"{XLSX.content_type}.main+xml", XLSX),
    ("/ppt/presentation.xml", f"{PPTX.content_type}.main+xml", PPTX),
)
_ODF_TYPES = {ODT.content_type: ODT, ODS.content_type: ODS}

_ELEMENT = re.compile(rb"<(?:\w+:)?(Override|Default)\b([^>]*)>")
_ATTRIBUTE = re.compile(rb"""(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def is_zip(head: bytes) -> bool:
    return head.startswith(ZIP_SIGNATURE)


def detect_office(data: bytes, name: str) -> OfficeType | None:
    """The office type of a ZIP container, None if it is no accepted document.
    Raises DomainError for an archive that must be refused whatever it holds."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = _checked_entries(archive, name)
            names = {info.filename for info in entries}
            if "[Content_Types].xml" in names:
                return _ooxml_type(archive, names, name)
            if "mimetype" in names:
                return _odf_type(archive, names, name)
            return None
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        EOFError,
        OSError,
        # zipfile's words for an encrypted entry or an unknown compression:
        RuntimeError,
        NotImplementedError,
        ValueError,
    ):
        raise _unreadable(name) from None


def _checked_entries(archive: zipfile.ZipFile, name: str) -> list[zipfile.ZipInfo]:
    entries = archive.infolist()
    if len(entries) > MAX_ENTRIES:
        raise DomainError(
            _("“%(name)s” holds too many parts to be checked.") % {"name": name},
            code="upload_too_large",
            status=413,
        )
    if sum(info.file_size for info in entries) > MAX_UNCOMPRESSED_BYTES:
        raise DomainError(
            _("“%(name)s” would take more than %(limit)s once opened.")
            % {"name": name, "limit": filesizeformat(MAX_UNCOMPRESSED_BYTES)},
            code="upload_too_large",
            status=413,
        )
    if any(info.flag_bits & 0x1 for info in entries):
        raise _encrypted(name)
    return entries


def _read(archive: zipfile.ZipFile, part: str, name: str) -> bytes:
    with archive.open(part) as stream:
        data = stream.read(MAX_PART_BYTES + 1)
    if len(data) > MAX_PART_BYTES:
        raise _unreadable(name)
    return data


def _ooxml_type(
    archive: zipfile.ZipFile, names: set[str], name: str
) -> OfficeType | None:
    declared = _content_types(_read(archive, "[Content_Types].xml", name))
    lowered = {n.lower() for n in names}
    macros = any(n.rsplit("/", 1)[-1].startswith("vbaproject") for n in lowered)
    if macros or any(_is_macro_type(t) for t in declared.values()):
        raise _macros(name)
    for part, content_type, kind in _OOXML_MAIN:
        if declared.get(part.lower()) == content_type and part[1:] in names:
            return kind
    return None


def _content_types(xml: bytes) -> dict[str, str]:
    """Part name (lower case; `*.ext` for a default) → declared content type."""
    declared: dict[str, str] = {}
    for element, attributes in _ELEMENT.findall(xml):
        values = {
            key.decode(): (double or single).decode("utf-8", "replace")
            for key, double, single in _ATTRIBUTE.findall(attributes)
        }
        key = (
            values.get("PartName", "")
            if element == b"Override"
            else "*." + values.get("Extension", "")
        )
        declared[key.lower()] = values.get("ContentType", "").strip().lower()
    return declared


def _is_macro_type(content_type: str) -> bool:
    return "macroenabled" in content_type or "vbaproject" in content_type


def _odf_type(
    archive: zipfile.ZipFile, names: set[str], name: str
) -> OfficeType | None:
    mimetype = _read(archive, "mimetype", name).decode("ascii", "replace").strip()
    kind = _ODF_TYPES.get(mimetype)
    if kind is None or "content.xml" not in names:
        return None
    if any(n.startswith(("Basic/", "Scripts/")) for n in names):
        raise _macros(name)
    if "META-INF/manifest.xml" in names:
        manifest = _read(archive, "META-INF/manifest.xml", name)
        if b"encryption-data" in manifest:
            raise _encrypted(name)
    return kind


def _unreadable(name: str) -> DomainError:
    return DomainError(
        _("“%(name)s” looks like an office document but could not be read.")
        % {"name": name},
        code="upload_unreadable",
    )


def _encrypted(name: str) -> DomainError:
    return DomainError(
        _(
            "“%(name)s” is protected by a password and cannot be checked: remove "
            "the password and attach it again."
        )
        % {"name": name},
        code="upload_encrypted",
        status=415,
    )


def _macros(name: str) -> DomainError:
    return DomainError(
        _(
            "“%(name)s” contains macros, which are not accepted: save it as a "
            "document without macros (DOCX, XLSX, PPTX) or as PDF."
        )
        % {"name": name},
        code="upload_macros_refused",
        status=415,
    )
