"""Checking and cleaning the public's attachments: type from content, limits,
photo metadata stripped, names sanitized. Every file is built in the test."""

import io
import struct
import wave
import zlib
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image, ImageSequence
from PIL.PngImagePlugin import PngInfo

from bcd138.core.errors import DomainError
from bcd138.core.uploads import (
    CleanFile,
    clean_uploads,
    detect_type,
    sanitize_name,
)

GPS_IFD = 0x8825
ORIENTATION = 0x0112
RED, BLUE = (255, 0, 0), (0, 0, 255)
SECRET_XMP = b"<x:xmpmeta>reporter-home-xmp</x:xmpmeta>"


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    # The messages are compared as English text; the catalogue translates them.
    with translation.override("en"):
        yield


def identifying_exif(orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0xA431] = "SERIAL-123456"  # BodySerialNumber
    exif[GPS_IFD] = {1: "N", 2: (16.0, 4.0, 12.0), 3: "E", 4: (108.0, 13.0, 5.0)}
    return exif


def two_colour_image(width: int = 64, height: int = 32) -> Image.Image:
    """Red on the left half, blue on the right, to see which way it turned."""
    image = Image.new("RGB", (width, height), BLUE)
    image.paste(RED, (0, 0, width // 2, height))
    return image


def jpeg_with_gps(orientation: int = 6) -> bytes:
    out = io.BytesIO()
    two_colour_image().save(
        out,
        "JPEG",
        quality=95,
        exif=identifying_exif(orientation),
        comment=b"taken at home",
        xmp=SECRET_XMP,
    )
    return out.getvalue()


def png_bytes(text: str = "") -> bytes:
    info = PngInfo()
    if text:
        info.add_text("Comment", text)
    out = io.BytesIO()
    two_colour_image().save(out, "PNG", pnginfo=info, exif=identifying_exif())
    return out.getvalue()


def webp_bytes() -> bytes:
    out = io.BytesIO()
    two_colour_image().save(out, "WEBP", exif=identifying_exif(), quality=90)
    return out.getvalue()


def gif_bytes(frames: int = 3) -> bytes:
    colours = [RED, BLUE, (0, 160, 0), (250, 250, 0)][:frames]
    images = [Image.new("RGB", (16, 16), colour) for colour in colours]
    out = io.BytesIO()
    images[0].save(
        out,
        "GIF",
        save_all=True,
        append_images=images[1:],
        duration=120,
        loop=0,
        comment=b"taken at home",
    )
    return out.getvalue()


def wav_bytes() -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as audio:
        audio.setnchannels(1)
        audio.setsampwidth(2)
        audio.setframerate(8000)
        audio.writeframes(b"\x00\x00" * 800)
    return out.getvalue()


PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def ftyp(major: bytes, *compatible: bytes) -> bytes:
    body = major + b"\x00\x00\x02\x00" + b"".join(compatible)
    return struct.pack(">I", 8 + len(body)) + b"ftyp" + body + b"\x00" * 64


def png_chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data)
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def png_bomb() -> bytes:
    """A 100-byte PNG that claims 50,000 x 50,000 pixels (2.5 gigapixels)."""
    header = struct.pack(">IIBBBBB", 50_000, 50_000, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + png_chunk(b"IEND", b"")
    )


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def clean_one(name: str, content: bytes, **limits: int) -> CleanFile:
    (cleaned,) = clean_uploads([upload(name, content)], **limits)
    return cleaned


def refused(files: list[Any], **limits: int) -> DomainError:
    with pytest.raises(DomainError) as caught:
        clean_uploads(files, **limits)
    return caught.value


# --- photos --------------------------------------------------------------------


def test_jpeg_loses_gps_exif_xmp_and_comment() -> None:
    original = jpeg_with_gps()
    assert b"SERIAL-123456" in original
    cleaned = clean_one("IMG_0001.JPG", original)
    assert cleaned.content_type == "image/jpeg"
    assert cleaned.extension == "jpg"
    assert cleaned.metadata_stripped
    image = Image.open(io.BytesIO(cleaned.content))
    exif = image.getexif()
    assert not exif.get_ifd(GPS_IFD)
    assert len(exif) == 0
    assert not {"exif", "xmp", "comment"} & set(image.info)
    for secret in (b"SERIAL-123456", b"PhoneMaker", b"reporter-home", b"at home"):
        assert secret not in cleaned.content


def test_jpeg_orientation_is_applied_to_the_pixels() -> None:
    cleaned = clean_one("sideways.jpg", jpeg_with_gps(orientation=6))
    image = Image.open(io.BytesIO(cleaned.content)).convert("RGB")
    # Orientation 6 means "turn 90° clockwise to view": the 64x32 photo stands up
    # and its left (red) half becomes the top.
    assert image.size == (32, 64)
    red, _, blue = image.getpixel((16, 8))  # type: ignore[misc]
    assert red > 200 > blue
    red, _, blue = image.getpixel((16, 56))  # type: ignore[misc]
    assert blue > 200 > red


def test_png_loses_exif_and_text_chunks_but_keeps_pixels() -> None:
    original = png_bytes(text="Nhà tôi ở Hải Châu")
    cleaned = clean_one("screenshot.png", original)
    assert cleaned.content_type == "image/png"
    assert cleaned.metadata_stripped
    image = Image.open(io.BytesIO(cleaned.content))
    assert len(image.getexif()) == 0
    assert "Comment" not in image.info
    assert b"PhoneMaker" not in cleaned.content
    assert image.convert("RGB").getpixel((0, 0)) == RED


def test_webp_loses_exif() -> None:
    cleaned = clean_one("photo.webp", webp_bytes())
    assert cleaned.content_type == "image/webp"
    image = Image.open(io.BytesIO(cleaned.content))
    assert len(image.getexif()) == 0
    assert b"PhoneMaker" not in cleaned.content


def test_animated_gif_keeps_its_frames_and_loses_the_comment() -> None:
    original = gif_bytes(frames=3)
    assert Image.open(io.BytesIO(original)).n_frames == 3  # type: ignore[attr-defined]
    assert b"at home" in original
    cleaned = clean_one("clip.gif", original)
    assert cleaned.content_type == "image/gif"
    image = Image.open(io.BytesIO(cleaned.content))
    assert sum(1 for _ in ImageSequence.Iterator(image)) == 3
    assert image.info["duration"] == 120
    assert b"at home" not in cleaned.content


def test_decompression_bomb_is_refused() -> None:
    error = refused([upload("bomb.png", png_bomb())])
    assert error.code == "upload_too_large"
    assert "bomb.png" in error.message


def test_image_over_the_pixel_limit_is_refused() -> None:
    error = refused([upload("big.png", png_bytes())], max_image_pixels=1000)
    assert error.code == "upload_too_large"


def test_truncated_photo_is_unreadable() -> None:
    error = refused([upload("cut.jpg", jpeg_with_gps()[:300])])
    assert error.code == "upload_unreadable"


# --- types from content --------------------------------------------------------


@pytest.mark.parametrize(
    ("head", "content_type", "extension"),
    [
        (ftyp(b"isom", b"isom", b"mp41"), "video/mp4", "mp4"),
        (ftyp(b"mp42", b"mp42", b"isom"), "video/mp4", "mp4"),
        (ftyp(b"qt  ", b"qt  "), "video/quicktime", "mov"),
        (ftyp(b"3gp5", b"3gp5", b"isom"), "video/3gpp", "3gp"),
        (ftyp(b"M4A ", b"M4A ", b"mp42"), "audio/mp4", "m4a"),
        (ftyp(b"heic", b"mif1", b"heic"), "image/heic", "heic"),
        (ftyp(b"heix", b"mif1"), "image/heic", "heic"),
        (ftyp(b"mif1", b"mif1", b"miaf"), "image/heif", "heif"),
        (ftyp(b"xxxx", b"zzzz", b"mp42"), "video/mp4", "mp4"),
        (b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x84webm", "video/webm", "webm"),
        (b"\x1a\x45\xdf\xa3\xa3\x42\x82\x88matroska", "video/x-matroska", "mkv"),
        (b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\x00" * 32, "audio/mpeg", "mp3"),
        (b"\xff\xfb\x90\x64" + b"\x00" * 32, "audio/mpeg", "mp3"),
        (b"OggS\x00\x02" + b"\x00" * 32, "audio/ogg", "ogg"),
        (b"#!AMR\n" + b"\x00" * 32, "audio/amr", "amr"),
        (b"#!AMR-WB\n" + b"\x00" * 32, "audio/amr", "amr"),
        (b"RIFF\x24\x00\x00\x00WAVEfmt ", "audio/wav", "wav"),
        (PDF, "application/pdf", "pdf"),
    ],
)
def test_media_types_are_recognised_from_content_and_stored_as_is(
    head: bytes, content_type: str, extension: str
) -> None:
    cleaned = clean_one("whatever.bin", head)
    assert (cleaned.content_type, cleaned.extension) == (content_type, extension)
    assert cleaned.content == head
    assert not cleaned.metadata_stripped


def test_real_wav_and_pdf_are_accepted() -> None:
    audio, document = clean_uploads(
        [upload("ghi âm.wav", wav_bytes()), upload("đơn.pdf", PDF)]
    )
    assert audio.content_type == "audio/wav"
    assert document.content_type == "application/pdf"
    assert audio.original_name == "ghi âm.wav"


@pytest.mark.parametrize(
    "content",
    [
        b"<!DOCTYPE html><html><script>alert(1)</script></html>",
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 64,  # a Windows .exe
        b"\x7fELF\x02\x01\x01" + b"\x00" * 64,
        b"PK\x03\x04" + b"\x00" * 64,  # a zip (or .docx)
        b"\xff\xf1\x50\x80" + b"\x00" * 32,  # AAC ADTS, not MPEG layer III
        b"RIFF\x24\x00\x00\x00AVI LIST",
        ftyp(b"crx ", b"crx "),  # a Canon raw photo in an ISO-BMFF box
    ],
)
def test_content_of_no_accepted_type_is_refused_whatever_its_name(
    content: bytes,
) -> None:
    error = refused([upload("holiday.jpg", content)])
    assert error.code == "upload_type_refused"
    assert "holiday.jpg" in error.message


def test_png_named_pdf_is_accepted_as_png() -> None:
    cleaned = clean_one("đơn tố giác.pdf", png_bytes())
    assert cleaned.content_type == "image/png"
    assert cleaned.extension == "png"
    assert cleaned.original_name == "đơn tố giác.pdf"
    assert cleaned.stored_name == f"{cleaned.sha256[:16]}.png"


def test_clean_file_describes_the_stored_content() -> None:
    import hashlib

    cleaned = clean_one("a.pdf", PDF)
    assert cleaned.size == len(PDF)
    assert cleaned.sha256 == hashlib.sha256(PDF).hexdigest()


def test_empty_file_is_refused() -> None:
    assert refused([upload("empty.jpg", b"")]).code == "upload_type_refused"


# --- limits --------------------------------------------------------------------


def test_file_over_the_size_limit_is_refused_whatever_it_claims() -> None:
    big = upload("video.mp4", ftyp(b"isom") + b"\x00" * 200)
    big.size = 10  # a lie from the client must not matter
    error = refused([big], max_file_bytes=100)
    assert error.code == "upload_too_large"
    assert error.status == 413
    assert "video.mp4" in error.message


def test_file_of_exactly_the_limit_is_accepted() -> None:
    assert clean_one("a.pdf", PDF, max_file_bytes=len(PDF)).size == len(PDF)


def test_total_over_the_limit_is_refused() -> None:
    files = [upload(f"{n}.pdf", PDF) for n in range(3)]
    error = refused(files, max_total_bytes=len(PDF) * 2 + 1)
    assert error.code == "upload_total_too_large"
    assert len(clean_uploads(files[:2], max_total_bytes=len(PDF) * 2)) == 2


def test_too_many_files_are_refused_before_reading_any() -> None:
    files = [upload(f"{n}.pdf", PDF) for n in range(11)]
    assert refused(files).code == "upload_too_many"
    assert all(f.tell() == 0 for f in files)
    assert len(clean_uploads(files[:10])) == 10


class Endless:
    """A file that never ends: reading must stop at the limit."""

    name = "endless.mp4"
    size = 1

    def __init__(self) -> None:
        self.served = 0

    def read(self, size: int = -1) -> bytes:
        assert size > 0, "read() without a limit"
        piece = (ftyp(b"isom") * 1000)[: min(size, 7)]
        self.served += len(piece)
        return piece


def test_reading_stops_one_byte_past_the_limit() -> None:
    endless = Endless()
    assert refused([endless], max_file_bytes=1000).code == "upload_too_large"
    assert endless.served == 1001


class ChunksOnly:
    name = "chunks.pdf"
    size = None

    def __init__(self, content: bytes) -> None:
        self.content = content

    def chunks(self) -> Iterator[bytes]:
        for start in range(0, len(self.content), 10):
            yield self.content[start : start + 10]


def test_a_file_with_only_chunks_is_read() -> None:
    (cleaned,) = clean_uploads([ChunksOnly(PDF)])
    assert cleaned.content == PDF
    assert refused([ChunksOnly(PDF)], max_file_bytes=20).code == "upload_too_large"


class Broken:
    name = "broken.jpg"
    size = 10

    def read(self, size: int = -1) -> bytes:
        raise OSError("connection reset")


def test_unreadable_file_is_refused_cleanly() -> None:
    error = refused([Broken()])
    assert error.code == "upload_unreadable"
    assert "connection reset" not in error.message


# --- names ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd.png", "passwd.png"),
        ("C:\\Users\\An\\Ảnh\\ảnh chụp.jpg", "ảnh chụp.jpg"),
        ("..\\..\\boot.ini", "boot.ini"),
        ("a\x00b\nc\td.png", "abcd.png"),
        ("bao\u202egpj.exe", "baogpj.exe"),
        (".htaccess", "htaccess"),
        ("  many   spaces .pdf ", "many spaces .pdf"),
        ("a/", "a"),
        ("", "unnamed file"),
        (None, "unnamed file"),
        ("../..", "unnamed file"),
        ("Nha\u0300 to\u0302i.jpg", "Nhà tôi.jpg"),  # decomposed (macOS) to composed
    ],
)
def test_names_are_sanitized_for_display(name: str | None, expected: str) -> None:
    assert sanitize_name(name) == expected


def test_very_long_names_are_cut_keeping_the_extension() -> None:
    name = sanitize_name("ả" * 500 + ".jpeg")
    assert len(name) <= 120
    assert name.endswith("….jpeg")
    no_extension = sanitize_name("x" * 500)
    assert len(no_extension) <= 120


def test_error_names_the_file_by_its_sanitized_name() -> None:
    error = refused([upload("../../tmp/x\x07y.jpg", b"<html></html>")])
    assert "xy.jpg" in error.message
    assert "../" not in error.message
    assert "\x07" not in error.message


def test_detect_type_needs_only_the_first_bytes() -> None:
    assert detect_type(jpeg_with_gps()[:64]) is not None
    assert detect_type(b"") is None
