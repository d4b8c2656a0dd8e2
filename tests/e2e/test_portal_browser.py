"""The public portal in a real browser: a citizen files a report and follows it.

Debian's Chromium (/usr/bin/chromium, installed by .ci/run) is driven by
Playwright; Playwright's own browser downloads are never used. The server is
`bcd138 demo` in a subprocess with its own data directory (SQLite), because
pytest-django's live_server needs a transactional test database that is flushed
between tests, and the audit log's append-only triggers forbid that flush.
"""

from __future__ import annotations

import io
import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.utils import translation
from PIL import ExifTags, Image
from playwright.sync_api import Page, expect, sync_playwright

from bcd138.intake.models import State
from bcd138.intake.services.portal import PUBLIC_STATE

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESCRIPTION = "Hai thanh niên đi xe máy giật túi xách của tôi trước cổng chợ Hàn."
MESSAGE = "Tôi nhớ thêm: xe máy màu đỏ, biển số bắt đầu bằng 43."
STARTUP_SECONDS = 120


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_served(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"bcd138 demo exited:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=5) as answer:  # noqa: S310  (our http URL)
                if answer.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.3)
    pytest.fail(
        f"bcd138 demo did not answer in {STARTUP_SECONDS} s:\n{log.read_text()}"
    )


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """The demo on a free port, with its own SQLite database; (URL, data dir)."""
    data_dir = tmp_path / "data"
    port = free_port()
    environ = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SECRET_KEY"}
    }
    # A few hundred hashes in the browser instead of 65,000: the check is the same.
    environ.update(BCD138_DATA_DIR=str(data_dir), BCD138_CHALLENGE_BITS="8")
    log = tmp_path / "server.log"
    with log.open("wb") as out:
        server = subprocess.Popen(  # noqa: S603  (our own command, fixed arguments)
            [sys.executable, "-m", "bcd138", "demo", "--port", str(port)],
            env=environ,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        url = f"http://127.0.0.1:{port}"
        wait_until_served(f"{url}/to-giac/", server, log)
        yield url, data_dir
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.fixture
def page(tmp_path: Path) -> Iterator[Page]:
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium is missing at {CHROMIUM}: install Debian's package "
            "(apt-get install chromium), as .ci/run does. Playwright's own browser "
            "downloads are not used."
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        context = browser.new_context(locale="vi-VN")
        context.set_default_timeout(15_000)
        try:
            yield context.new_page()
        finally:
            context.close()
            browser.close()


def photo_with_gps() -> bytes:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (16.0, 4.0, 12.0),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (108.0, 13.0, 5.0),
    }
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(out, "JPEG", exif=exif)
    return out.getvalue()


def file_report(page: Page, url: str) -> tuple[str, str, str]:
    """Fill and send the form as a citizen; return (code, secret, commune id)."""
    page.goto(f"{url}/to-giac/")
    page.check("#id_kind_0")  # a denunciation
    page.select_option("#id_crime_type", "robbery")
    page.fill("#id_description", DESCRIPTION)
    province = page.locator("#id_province option", has_text="Đà Nẵng")
    page.select_option("#id_province", province.get_attribute("value"))
    # htmx swaps in the province's communes.
    option = page.locator("#id_commune option", has_text="Phường Hải Châu")
    expect(option).to_be_attached()
    commune = option.get_attribute("value") or ""
    page.select_option("#id_commune", commune)
    page.set_input_files(
        "#id_attachments",
        files=[
            {"name": "anh.jpg", "mimeType": "image/jpeg", "buffer": photo_with_gps()}
        ],
    )
    expect(page.locator("#id_anonymous_0")).to_be_checked()  # anonymous by default
    expect(page.locator("#portal-identity")).to_be_hidden()
    page.click("#portal-form [data-portal-submit]")
    code = page.get_by_test_id("code")
    expect(code).to_be_visible()
    return code.inner_text(), page.get_by_test_id("secret").inner_text(), commune


def follow_report(page: Page, url: str, code: str, secret: str) -> None:
    """Open the case with the code and secret, check its state, write a message."""
    page.goto(f"{url}/to-giac/tra-cuu/")
    page.fill("#id_code", code)
    page.fill("#id_secret", secret)
    page.click("[data-portal-submit]")
    with translation.override("vi"):
        received = str(PUBLIC_STATE[State.RECEIVED])
    expect(page.get_by_test_id("state")).to_have_text(received)
    expect(page.locator("h1")).to_contain_text(code)
    page.fill("#id_body", MESSAGE)
    page.click("form[action$='/tin-nhan/'] [data-portal-submit]")
    expect(page.locator(".portal-thread .portal-msg-you")).to_contain_text(MESSAGE)


def stored(data_dir: Path, code: str) -> dict[str, object]:
    """What the server's database holds about the report, read-only."""
    db = sqlite3.connect(f"file:{data_dir / 'bcd138.sqlite3'}?mode=ro", uri=True)
    try:
        report_id, anonymous, place_id, channel = db.execute(
            "SELECT id, anonymous, place_id, channel FROM intake_crimereport"
            " WHERE tracking_code = ?",
            [code],
        ).fetchone()
        files = db.execute(
            "SELECT file, metadata_stripped FROM intake_attachment"
            " WHERE report_id = ? AND message_id IS NULL",
            [report_id],
        ).fetchall()
        identities = db.execute(
            "SELECT count(*) FROM intake_reporteridentity WHERE report_id = ?",
            [report_id],
        ).fetchone()[0]
        messages = [
            row[0]
            for row in db.execute(
                "SELECT body FROM intake_reportmessage WHERE report_id = ?",
                [report_id],
            )
        ]
    finally:
        db.close()
    return {
        "anonymous": bool(anonymous),
        "place": str(place_id),
        "channel": channel,
        "files": files,
        "identities": identities,
        "messages": messages,
    }


def test_citizen_files_a_report_with_a_photo_and_follows_it(
    served: tuple[str, Path], page: Page, tmp_path: Path
) -> None:
    url, data_dir = served
    try:
        code, secret, commune = file_report(page, url)
        follow_report(page, url, code, secret)
    except Exception:
        page.screenshot(path=str(tmp_path / "failure.png"), full_page=True)
        raise
    report = stored(data_dir, code)
    assert report["anonymous"] is True
    assert report["identities"] == 0
    assert report["channel"] == "portal"
    assert report["place"] == commune
    assert report["messages"] == [MESSAGE]
    [(name, metadata_stripped)] = report["files"]  # type: ignore[misc]
    assert metadata_stripped
    with Image.open(data_dir / "media" / name) as photo:
        assert not photo.getexif().get_ifd(ExifTags.IFD.GPSInfo)
