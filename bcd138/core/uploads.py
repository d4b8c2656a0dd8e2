"""Checking and cleaning the files the public attaches to a report.

Rules:
- Limits on the number of files, each file's size and the total are enforced while
  reading: a file is read at most `max_file_bytes + 1` bytes, `.size` is not trusted.
- The type comes from the content (the signature table below), never from the name
  or the browser's content type. Content that matches no accepted type is refused;
  a name whose extension contradicts the content is ignored. The stored name is
  `<sha256 prefix>.<extension of the content>`; the original name is kept only,
  sanitized, for display.
- Photos (JPEG, PNG, WebP, GIF) are decoded and re-encoded by Pillow, which drops
  EXIF (GPS position, device serial numbers, time), XMP, IPTC and text chunks that
  could identify the reporter. The EXIF orientation is applied to the pixels first
  so that photos do not turn sideways. The ICC colour profile is kept: it is colour
  data, not personal, and dropping it would alter the colours of the evidence.
- HEIC/HEIF, video, audio and PDF cannot be rewritten without heavy native tools, so
  they are stored as they came, flagged `metadata_stripped=False` for the UI to warn.

Why a hand-written signature table rather than `filetype` or libmagic: the accepted
set is small and fixed, fifteen signatures are easier to review than a dependency,
and the ISO-BMFF brands (MP4/MOV/3GP/M4A/HEIC) need the care taken here anyway.

Profiles: what is accepted depends on who uploads. `EVIDENCE` (the default) is
photos, video, audio and PDF: the citizen portal and the crime reports use it
and nothing else. `STAFF_DOCUMENTS`, opted into by the officials' own work
(programmes, task reports, movement evidence, proposals for commendation), also
accepts the office documents they write: DOCX, XLSX, PPTX, ODT and ODS,
recognised from the container's main part (`core.office_files`), never from the
name. Macro-enabled documents (DOCM, XLSM, PPTM, OpenDocument Basic), encrypted or
corrupt archives and archives that would expand beyond a bound (entries, total
uncompressed size, checked before anything is read) are refused; nothing is
extracted and the document is stored as it came (`metadata_stripped=False`: its
author and revision history stay in it). A refusal names what the profile accepts.
"""

from __future__ import annotations

import hashlib
import io
import re
import struct
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, ImageSequence

from bcd138.core import office_files
from bcd138.core.errors import DomainError

MB = 1024 * 1024
MAX_FILE_BYTES = 20 * MB
MAX_TOTAL_BYTES = 50 * MB
MAX_FILES = 10
# Pillow's own default bomb threshold (~89.5 megapixels, ~270 MB as RGB): above any
# phone's default photo size, and it bounds the memory one decode can take.
MAX_IMAGE_PIXELS = 89_478_485
DISPLAY_NAME_LENGTH = 120


@dataclass(frozen=True)
class UploadProfile:
    """What a kind of upload accepts: the evidence types, and office documents
    when `office` is set."""

    name: str
    office: bool = False

    def refusal(self, name: str) -> str:
        """Why `name` was refused, naming what this profile accepts."""
        if self.office:
            return _(
                "“%(name)s” is not a photo, video, audio recording, PDF or office "
                "document (DOCX, XLSX, PPTX, ODT, ODS) of a type that can be "
                "accepted."
            ) % {"name": name}
        return _(
            "“%(name)s” is not a photo, video, audio recording or PDF document "
            "of a type that can be accepted."
        ) % {"name": name}


EVIDENCE = UploadProfile("evidence")
STAFF_DOCUMENTS = UploadProfile("staff_documents", office=True)


class UploadLike(Protocol):
    """What `clean_uploads` needs of a file: Django's UploadedFile has it, and
    `.read()` (or else `.chunks()`) for the content."""

    @property
    def name(self) -> str | None: ...

    @property
    def size(self) -> int | None: ...


@dataclass(frozen=True)
class CleanFile:
    content: bytes
    content_type: str
    extension: str
    original_name: str
    size: int
    sha256: str
    metadata_stripped: bool

    @property
    def stored_name(self) -> str:
        """A safe name derived from the content, not from anything the user typed."""
        return f"{self.sha256[:16]}.{self.extension}"


@dataclass(frozen=True)
class FileType:
    content_type: str
    extension: str
    # The Pillow format name for photos we rewrite; None means stored as-is.
    pillow_format: str | None = None


JPEG = FileType("image/jpeg", "jpg", "JPEG")
PNG = FileType("image/png", "png", "PNG")
GIF = FileType("image/gif", "gif", "GIF")
WEBP = FileType("image/webp", "webp", "WEBP")
HEIC = FileType("image/heic", "heic")
HEIF = FileType("image/heif", "heif")
MP4 = FileType("video/mp4", "mp4")
MOV = FileType("video/quicktime", "mov")
THREE_GP = FileType("video/3gpp", "3gp")
M4A = FileType("audio/mp4", "m4a")
WEBM = FileType("video/webm", "webm")
MKV = FileType("video/x-matroska", "mkv")
MP3 = FileType("audio/mpeg", "mp3")
WAV = FileType("audio/wav", "wav")
OGG = FileType("audio/ogg", "ogg")
AMR = FileType("audio/amr", "amr")
PDF = FileType("application/pdf", "pdf")

# Plain prefixes. RIFF, ISO-BMFF (ftyp), EBML and MP3 frames need a closer look.
PREFIXES: tuple[tuple[bytes, FileType], ...] = (
    (b"\xff\xd8\xff", JPEG),
    (b"\x89PNG\r\n\x1a\n", PNG),
    (b"GIF87a", GIF),
    (b"GIF89a", GIF),
    (b"%PDF-", PDF),
    (b"OggS", OGG),
    (b"#!AMR", AMR),  # also matches "#!AMR-WB"
    (b"ID3", MP3),
)

# ISO-BMFF brands (the `ftyp` box of MP4, MOV, 3GP, M4A, HEIC): the major brand
# first, else the first compatible brand that we know.
_BRAND_NAMES: dict[FileType, str] = {
    HEIC: "heic heix heim heis hevc hevx",
    HEIF: "mif1 msf1",
    M4A: "M4A_ M4B_",
    MOV: "qt__",
    MP4: "isom iso2 iso4 iso5 iso6 mp41 mp42 avc1 M4V_ M4VP MSNV mmp4 dash",
}
# Brands are four bytes, padded with spaces ("_" above, for legibility).
BRANDS: dict[bytes, FileType] = {
    brand.replace("_", " ").encode(): kind
    for kind, names in _BRAND_NAMES.items()
    for brand in names.split()
}


def detect_type(head: bytes) -> FileType | None:
    """The accepted type whose signature starts `head` (the first bytes), if any."""
    for prefix, kind in PREFIXES:
        if head.startswith(prefix):
            return kind
    if head[:4] == b"RIFF":
        return {b"WEBP": WEBP, b"WAVE": WAV}.get(head[8:12])
    if head[4:8] == b"ftyp":
        return _ftyp_type(head)
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        # The EBML header names the DocType near the start; WebM is Matroska's subset.
        return WEBM if b"webm" in head[:64] else MKV
    if _is_mpeg_audio_frame(head):
        return MP3
    return None


def _ftyp_type(head: bytes) -> FileType | None:
    (box_size,) = struct.unpack(">I", head[:4])
    end = min(max(box_size, 16), len(head))
    brands = [head[8:12]] + [head[i : i + 4] for i in range(16, end - 3, 4)]
    for brand in brands:
        if brand in BRANDS:
            return BRANDS[brand]
        if brand.startswith((b"3gp", b"3gg", b"3g2", b"3gs")):
            return THREE_GP
    return None


def _is_mpeg_audio_frame(head: bytes) -> bool:
    """An MPEG audio (MP3) frame header without an ID3 tag: 11 sync bits, then
    version, layer, bit rate and sample rate that are not the reserved values.
    A weak signature, so every field is checked; AAC's ADTS (layer 0) is refused."""
    if len(head) < 4 or head[0] != 0xFF or head[1] & 0xE0 != 0xE0:
        return False
    version = (head[1] >> 3) & 0b11
    layer = (head[1] >> 1) & 0b11
    bitrate = head[2] >> 4
    sample_rate = (head[2] >> 2) & 0b11
    return (
        version != 0b01 and layer != 0 and bitrate not in (0, 15) and sample_rate != 3
    )


def clean_uploads(
    files: Sequence[UploadLike],
    *,
    max_file_bytes: int = MAX_FILE_BYTES,
    max_total_bytes: int = MAX_TOTAL_BYTES,
    max_files: int = MAX_FILES,
    max_image_pixels: int = MAX_IMAGE_PIXELS,
    profile: UploadProfile = EVIDENCE,
) -> list[CleanFile]:
    """Check every file (count, sizes, type from content, as `profile` allows)
    and strip the photos' metadata. Raises DomainError on the first file that
    breaks a rule."""
    if len(files) > max_files:
        raise DomainError(
            _("At most %(count)d files can be attached.") % {"count": max_files},
            code="upload_too_many",
        )
    cleaned: list[CleanFile] = []
    total = 0
    for upload in files:
        name = sanitize_name(upload.name)
        data = _read_limited(upload, max_file_bytes, name)
        if len(data) > max_file_bytes:
            raise DomainError(
                _("“%(name)s” is larger than %(limit)s.")
                % {"name": name, "limit": filesizeformat(max_file_bytes)},
                code="upload_too_large",
                status=413,
            )
        total += len(data)
        if total > max_total_bytes:
            raise DomainError(
                _("The attached files together are larger than %(limit)s.")
                % {"limit": filesizeformat(max_total_bytes)},
                code="upload_total_too_large",
                status=413,
            )
        cleaned.append(_clean_one(data, name, max_image_pixels, profile))
    return cleaned


def _read_limited(upload: UploadLike, limit: int, name: str) -> bytes:
    try:
        return bytes(_read_upto(upload, limit + 1))
    except (OSError, ValueError):
        raise DomainError(
            _("“%(name)s” could not be read.") % {"name": name},
            code="upload_unreadable",
        ) from None


def _read_upto(upload: UploadLike, size: int) -> bytearray:
    seek = getattr(upload, "seek", None)
    if callable(seek):
        # A form's validation may already have read the file.
        seek(0)
    buffer = bytearray()
    read = getattr(upload, "read", None)
    if callable(read):
        # read(n) may return less than n before the end, so loop.
        while len(buffer) < size:
            piece = read(size - len(buffer))
            if not piece:
                break
            buffer += piece
        return buffer
    for chunk in _chunks(upload):
        buffer += chunk[: size - len(buffer)]
        if len(buffer) >= size:
            break
    return buffer


def _chunks(upload: UploadLike) -> Iterator[bytes]:
    chunks = getattr(upload, "chunks", None)
    if not callable(chunks):
        raise ValueError("neither read() nor chunks()")
    yield from chunks()


def _clean_one(
    data: bytes, name: str, max_image_pixels: int, profile: UploadProfile
) -> CleanFile:
    kind = detect_type(data[:64])
    if kind is None and profile.office and office_files.is_zip(data[:4]):
        office = office_files.detect_office(data, name)
        kind = FileType(office.content_type, office.extension) if office else None
    if kind is None:
        raise DomainError(profile.refusal(name), code="upload_type_refused", status=415)
    stripped = kind.pillow_format is not None
    if kind.pillow_format is not None:
        data = _rewrite_image(data, kind, name, max_image_pixels)
    return CleanFile(
        content=data,
        content_type=kind.content_type,
        extension=kind.extension,
        original_name=name,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        metadata_stripped=stripped,
    )


# --- photos -----------------------------------------------------------------------


def _rewrite_image(data: bytes, kind: FileType, name: str, max_pixels: int) -> bytes:
    assert kind.pillow_format is not None  # noqa: S101  (only called for photos)
    try:
        with Image.open(io.BytesIO(data), formats=[kind.pillow_format]) as image:
            frames = getattr(image, "n_frames", 1)
            if image.width * image.height * frames > max_pixels:
                raise _bomb(name)
            return _encode(image, kind.pillow_format, data)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        # The warning too: Pillow warns between 1x and 2x its limit, and callers
        # (or tests) may have turned warnings into errors.
        raise _bomb(name) from None
    except (OSError, SyntaxError, ValueError, EOFError, struct.error):
        # Pillow's ways of saying "truncated or corrupt"; never quote the content.
        raise DomainError(
            _("“%(name)s” looks like a photo but could not be read.") % {"name": name},
            code="upload_unreadable",
        ) from None


def _bomb(name: str) -> DomainError:
    return DomainError(
        _("“%(name)s” has too many pixels to be processed.") % {"name": name},
        code="upload_too_large",
        status=413,
    )


def _encode(image: Image.Image, fmt: str, original: bytes) -> bytes:
    icc = image.info.get("icc_profile")
    # Animation is kept where the format has it. A JPEG's further "frames" (MPO
    # previews and depth maps) are dropped: they carry metadata of their own.
    sequence = [image] if fmt == "JPEG" else ImageSequence.Iterator(image)
    frames = [_clean_frame(frame) for frame in sequence]
    options: dict[str, object] = {"icc_profile": icc} if icc else {}
    if fmt == "JPEG":
        # Re-use the original quantisation tables: the same quality as the camera,
        # without the loss and growth of a guessed quality setting.
        qtables = getattr(image, "quantization", None)
        options.update({"qtables": qtables} if qtables else {"quality": 90})
    elif fmt == "WEBP":
        options.update(lossless=_webp_is_lossless(original), quality=90)
    if len(frames) > 1:
        options.update(
            save_all=True,
            append_images=frames[1:],
            duration=[frame.info.get("duration", 100) for frame in frames],
            loop=image.info.get("loop", 0),
        )
    out = io.BytesIO()
    frames[0].save(out, format=fmt, **options)
    return out.getvalue()


# What a frame may keep of Pillow's `info`: how it is shown, nothing about where,
# when or by what it was taken. Anything else left there (exif, xmp, comment, text
# chunks) could be written back by a plugin.
_KEPT_INFO = ("duration", "transparency")


def _clean_frame(frame: Image.Image) -> Image.Image:
    kept: dict[str | tuple[int, int], Any] = {
        key: frame.info[key] for key in _KEPT_INFO if key in frame.info
    }
    # exif_transpose turns the pixels upright and returns a new image (a copy when
    # there is nothing to turn), so the next frame can be read safely.
    upright = ImageOps.exif_transpose(frame) or frame.copy()
    upright.info = kept
    return upright


def _webp_is_lossless(data: bytes) -> bool:
    """Whether the first image chunk of a WebP is lossless (VP8L) or lossy (VP8)."""
    offset = 12
    while offset + 8 <= len(data):
        chunk = data[offset : offset + 4]
        (size,) = struct.unpack("<I", data[offset + 4 : offset + 8])
        if chunk in (b"VP8 ", b"VP8L"):
            return chunk == b"VP8L"
        if chunk == b"ANMF":
            offset += 8 + 16  # an animation frame holds its image chunks inside
            continue
        offset += 8 + size + (size & 1)
    return False


# --- names ------------------------------------------------------------------------

_SPACES = re.compile(r"\s+")


def sanitize_name(name: str | None) -> str:
    """The file's own name, safe to display: no folders, no control or bidi
    characters (RIGHT-TO-LEFT OVERRIDE can disguise `gpj.exe` as `exe.jpg`), no
    leading dots, at most DISPLAY_NAME_LENGTH characters with the extension kept."""
    text = unicodedata.normalize("NFC", name or "")
    # The last non-empty part: browsers may send a full Windows or Unix path.
    text = next((p for p in reversed(re.split(r"[/\\]", text)) if p.strip()), "")
    text = "".join(c for c in text if not unicodedata.category(c).startswith("C"))
    text = _SPACES.sub(" ", text).strip().lstrip(". ")
    if not text:
        return _("unnamed file")
    if len(text) > DISPLAY_NAME_LENGTH:
        stem, dot, ext = text.rpartition(".")
        ext = dot + ext if dot and 0 < len(ext) <= 10 else ""
        stem = stem if ext else text
        text = stem[: DISPLAY_NAME_LENGTH - len(ext) - 1].rstrip() + "…" + ext
    return text


def clean_uploads_configured(
    files: Sequence[UploadLike], *, profile: UploadProfile = EVIDENCE
) -> list[CleanFile]:
    """`clean_uploads` with the limits the deployment configured
    (BCD138_UPLOAD_MAX_FILE_MB, BCD138_UPLOAD_MAX_TOTAL_MB)."""
    from django.conf import settings

    return clean_uploads(
        files,
        max_file_bytes=settings.BCD138_UPLOAD_MAX_FILE_MB * MB,
        max_total_bytes=settings.BCD138_UPLOAD_MAX_TOTAL_MB * MB,
        profile=profile,
    )


def clean_staff_uploads(files: Sequence[UploadLike]) -> list[CleanFile]:
    """The officials' own documents: evidence types and office documents."""
    return clean_uploads_configured(files, profile=STAFF_DOCUMENTS)
