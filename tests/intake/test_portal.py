"""The public portal, as an anonymous citizen: filing, the receipt, following.

Every test uses an anonymous `Client`; the form is fetched first, as a browser
would, and the proof of work is solved with `challenge_solve`.
"""

from __future__ import annotations

import datetime
import io
import re
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from bcd138.agencies.models import Role
from bcd138.core import crypto
from bcd138.core.challenge import challenge_solve, challenge_verify
from bcd138.core.models import AuditEntry
from bcd138.intake.models import (
    Attachment,
    CrimeReport,
    ReporterIdentity,
    ReportMessage,
    Sender,
)
from bcd138.intake.services import handling
from bcd138.intake.services.reports import digest
from bcd138.places.models import Place
from tests.conftest import Personas, World, make_user
from tests.office_files import ooxml

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825
DESCRIPTION = "Hai người đi xe máy giật túi xách của tôi trước cổng chợ."


def english_client() -> Client:
    """A citizen who chose English: the assertions below read English text; the
    Vietnamese default is tested in tests/core/test_locale.py."""
    client = Client()
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture(autouse=True)
def _portal_settings(settings: Any) -> None:
    # A few hundred hashes instead of 65 000: the check is the same.
    settings.BCD138_CHALLENGE_BITS = 8
    settings.BCD138_SUBMIT_RATE_PER_HOUR = 50
    settings.BCD138_STATUS_RATE_PER_HOUR = 50


def jpeg_with_gps() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[GPS_IFD] = {1: "N", 2: (16.0, 4.0, 12.0), 3: "E", 4: (108.0, 13.0, 5.0)}
    out = io.BytesIO()
    Image.new("RGB", (24, 16), (200, 30, 30)).save(out, "JPEG", exif=exif)
    return out.getvalue()


def photo(name: str = "anh.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, jpeg_with_gps(), content_type="image/jpeg")


def form_tokens(client: Client) -> dict[str, str]:
    response = client.get(reverse("portal:submit"))
    assert response.status_code == 200
    form = response.context["form"]
    key, challenge = form["idempotency_key"].value(), form["challenge"].value()
    return {"idempotency_key": key, "challenge": challenge}


def payload(client: Client, world: World, **overrides: Any) -> dict[str, Any]:
    tokens = form_tokens(client)
    data: dict[str, Any] = {
        **tokens,
        "nonce": challenge_solve(tokens["challenge"]),
        "kind": "denunciation",
        "crime_type": "robbery",
        "description": DESCRIPTION,
        "occurred_on": (timezone.localdate() - datetime.timedelta(days=1)).isoformat(),
        "occurred_time": "khoảng 21 giờ",
        "province": str(world.province.pk),
        "commune": str(world.commune_a.pk),
        "address_line": "Trước cổng chợ",
        "people_involved": "",
        "anonymous": "1",
        "website": "",
    }
    data.update(overrides)
    return data


def submit(client: Client, data: dict[str, Any]) -> Any:
    return client.post(reverse("portal:submit"), data)


def receipt_of(response: Any) -> tuple[str, str]:
    code = re.search(r'data-testid="code">([^<]+)<', response.text)
    secret = re.search(r'data-testid="secret">([^<]+)<', response.text)
    assert code
    assert secret
    return code.group(1), secret.group(1)


def files_on_disk(settings: Any) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def nothing_stored(settings: Any) -> bool:
    return (
        not CrimeReport.objects.exists()
        and not Attachment.objects.exists()
        and not files_on_disk(settings)
    )


# ---- the form ---------------------------------------------------------------


def test_form_is_public_and_protected(world: World) -> None:
    response = english_client().get(reverse("portal:submit"))
    assert response.status_code == 200
    html = response.text
    form = response.context["form"]
    assert len(form["idempotency_key"].value()) == 32
    assert 'name="challenge"' in html
    assert 'data-bits="8"' in html
    assert 'name="website"' in html
    assert 'tabindex="-1"' in html
    assert "<noscript>" in html
    assert "113" in html
    assert 'accept="image/*,video/*,audio/*,application/pdf"' in html
    # A citizen does not send a recommendation to prosecute.
    assert 'value="recommendation"' not in html
    provinces = form.fields["province"].choices[1:]
    assert len(provinces) == 34
    assert f'<option value="{world.province.pk}">' in html


def test_communes_of_a_province_in_order(world: World) -> None:
    url = reverse("portal:communes")
    response = english_client().get(url, {"province": world.province.pk})
    assert response.status_code == 200
    assert f'value="{world.commune_a.pk}"' in response.text
    assert f'value="{world.commune_b.pk}"' in response.text
    names = re.findall(r'<option value="\d+">([^<]+)</option>', response.text)
    expected = Place.objects.current().communes().filter(parent=world.province)
    assert len(names) == expected.count()


def test_communes_refuses_bad_or_legacy_ids(world: World) -> None:
    url = reverse("portal:communes")
    legacy = Place.objects.legacy().provinces().first()
    assert legacy is not None
    client = english_client()
    assert client.get(url, {"province": "abc"}).status_code == 400
    assert client.get(url, {"province": legacy.pk}).status_code == 400
    assert client.get(url, {"province": world.commune_a.pk}).status_code == 400
    empty = client.get(url, {"province": ""})
    assert empty.status_code == 200
    assert empty.text.count("<option") == 1


def test_communes_query_count(world: World, django_assert_num_queries: Any) -> None:
    client = english_client()
    with django_assert_num_queries(2):
        client.get(reverse("portal:communes"), {"province": world.province.pk})


# ---- filing -----------------------------------------------------------------


def test_anonymous_report_with_photo_is_filed_and_receipt_shown_once(
    world: World, settings: Any
) -> None:
    client = english_client()
    response = submit(client, payload(client, world, attachments=photo()))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    report = CrimeReport.objects.get()
    assert report.anonymous is True
    assert report.channel == "portal"
    assert report.handling_agency == world.police_a
    assert not ReporterIdentity.objects.exists()
    code, secret = receipt_of(response)
    assert code == report.tracking_code
    assert report.secret_digest == digest(secret)
    assert world.police_a.name in response.text
    assert reverse("portal:status") in response.text
    # The photo is stored without its EXIF (GPS position, maker).
    attachment = Attachment.objects.get()
    assert attachment.metadata_stripped
    with attachment.file.open("rb") as stored, Image.open(stored) as image:
        assert len(image.getexif()) == 0
    assert len(files_on_disk(settings)) == 1


def test_identified_report_keeps_identity_encrypted(world: World) -> None:
    client = english_client()
    data = payload(
        client,
        world,
        anonymous="0",
        full_name="Trần Thị Bảo Mật",
        phone="0905123456",
        id_number="048123456789",
        confidential="on",
    )
    response = submit(client, data)
    assert response.status_code == 200
    report = CrimeReport.objects.get()
    assert report.anonymous is False
    assert report.confidential is True
    identity = ReporterIdentity.objects.get(report=report)
    assert "Bảo Mật" not in identity.token
    assert "0905123456" not in identity.token
    assert crypto.decrypt_json(identity.token)["full_name"] == "Trần Thị Bảo Mật"


def test_anonymous_report_ignores_identity_fields(world: World) -> None:
    client = english_client()
    submit(client, payload(client, world, full_name="Không Được Giữ"))
    assert CrimeReport.objects.get().anonymous is True
    assert not ReporterIdentity.objects.exists()


def test_double_submission_files_one_report_and_shows_same_receipt(
    world: World,
) -> None:
    client = english_client()
    data = payload(client, world)
    first = submit(client, data)
    second = submit(client, data)
    assert first.status_code == second.status_code == 200
    assert CrimeReport.objects.count() == 1
    assert receipt_of(first) == receipt_of(second)


def test_honeypot_is_refused_and_nothing_stored(world: World, settings: Any) -> None:
    client = english_client()
    response = submit(
        client, payload(client, world, website="http://spam", attachments=photo())
    )
    assert response.status_code == 400
    assert nothing_stored(settings)


@pytest.mark.parametrize(
    "change",
    [
        {"nonce": ""},
        {"nonce": "not-a-nonce"},
        {"challenge": "forged:challenge"},
        {"idempotency_key": "another-key-of-thirty-two-chars!"},
    ],
)
def test_bad_or_missing_challenge_is_refused(
    world: World, settings: Any, change: dict[str, str]
) -> None:
    client = english_client()
    data = payload(client, world, attachments=photo())
    data.update(change)
    # A given nonce solves an 8-bit challenge one time in 256: draw a fresh
    # challenge until this one does not, so the test cannot pass by luck.
    while "nonce" in change and challenge_verify(
        data["challenge"], change["nonce"], bound_to=data["idempotency_key"]
    ):
        data = payload(client, world, attachments=photo())
        data.update(change)
    response = submit(client, data)
    assert response.status_code == 400
    assert "expired" in response.text
    assert nothing_stored(settings)
    # The form comes back with the entries and a fresh challenge to solve.
    assert DESCRIPTION in response.text
    form = response.context["form"]
    assert form["challenge"].value() != data["challenge"]


def test_missing_challenge_fields_are_refused(world: World, settings: Any) -> None:
    client = english_client()
    data = payload(client, world)
    for name in ("challenge", "nonce", "idempotency_key"):
        del data[name]
    assert submit(client, data).status_code == 400
    assert nothing_stored(settings)


def test_form_shown_again_can_be_sent_with_its_new_challenge(world: World) -> None:
    client = english_client()
    data = payload(client, world, description="")
    response = submit(client, data)
    assert response.status_code == 400
    form = response.context["form"]
    assert form["idempotency_key"].value() == data["idempotency_key"]
    challenge = form["challenge"].value()
    data.update(
        description=DESCRIPTION, challenge=challenge, nonce=challenge_solve(challenge)
    )
    assert submit(client, data).status_code == 200
    assert CrimeReport.objects.count() == 1


def test_disguised_file_is_refused_and_nothing_stored(
    world: World, settings: Any
) -> None:
    client = english_client()
    fake = SimpleUploadedFile(
        "anh.jpg", b"<html><script>alert(1)</script></html>", "image/jpeg"
    )
    response = submit(client, payload(client, world, attachments=[photo(), fake]))
    assert response.status_code == 400
    assert 'id="id_attachments_error"' in response.text
    assert 'aria-invalid="true"' in response.text
    assert "choose them again" in response.text
    assert nothing_stored(settings)


def test_office_document_is_refused_on_the_portal(world: World, settings: Any) -> None:
    # Office documents are for the officials' own work (the staff profile); the
    # public attaches photos, video, audio and PDF only.
    client = english_client()
    docx = SimpleUploadedFile("to-giac.docx", ooxml("docx"))
    response = submit(client, payload(client, world, attachments=[docx]))
    assert response.status_code == 400
    assert "is not a photo, video, audio recording or PDF document" in response.text
    assert "DOCX" not in response.text
    assert nothing_stored(settings)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"occurred_on": "2999-01-01"}, "occurred_on"),
        ({"description": ""}, "description"),
        ({"description": "ngắn"}, "description"),
        ({"kind": "recommendation"}, "kind"),
    ],
)
def test_bad_entries_are_shown_on_their_fields(
    world: World, settings: Any, change: dict[str, str], field: str
) -> None:
    client = english_client()
    response = submit(client, payload(client, world, **change))
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert f'id="id_{field}_error"' in response.text
    assert nothing_stored(settings)


def test_commune_of_another_province_is_refused(world: World, settings: Any) -> None:
    other = Place.objects.current().provinces().exclude(pk=world.province.pk).first()
    assert other is not None
    client = english_client()
    response = submit(client, payload(client, world, province=str(other.pk)))
    assert response.status_code == 400
    assert response.context["form"].errors["commune"]
    assert nothing_stored(settings)


def test_legacy_commune_is_refused(world: World, settings: Any) -> None:
    legacy = Place.objects.legacy().communes().first()
    assert legacy is not None
    client = english_client()
    response = submit(client, payload(client, world, commune=str(legacy.pk)))
    assert response.status_code == 400
    assert response.context["form"].errors["commune"]
    assert nothing_stored(settings)


def test_entries_are_kept_when_shown_again(world: World) -> None:
    client = english_client()
    response = submit(client, payload(client, world, occurred_on="2999-01-01"))
    html = response.text
    assert DESCRIPTION in html
    assert f'<option value="{world.commune_a.pk}" selected>' in html
    assert 'value="2999-01-01"' in html


def test_submissions_are_rate_limited(world: World, settings: Any) -> None:
    settings.BCD138_SUBMIT_RATE_PER_HOUR = 2
    client = english_client()
    for _ in range(2):
        assert submit(client, payload(client, world)).status_code == 200
    response = submit(client, payload(client, world))
    assert response.status_code == 429
    assert "113" in response.text
    assert CrimeReport.objects.count() == 2


# ---- following --------------------------------------------------------------


@pytest.fixture
def filed(world: World) -> tuple[CrimeReport, str]:
    client = english_client()
    response = submit(client, payload(client, world))
    code, secret = receipt_of(response)
    return CrimeReport.objects.get(tracking_code=code), secret


def open_case(client: Client, code: str, secret: str) -> Any:
    return client.post(reverse("portal:status"), {"code": code, "secret": secret})


def test_status_opens_the_case_page(
    world: World, personas: Personas, filed: tuple[CrimeReport, str]
) -> None:
    report, secret = filed
    officer = make_user(
        "ca.tenthat",
        Role.COMMUNE_POLICE,
        world.police_a,
        world.commune_a,
        full_name="Lê Văn Cán Bộ",
    )
    handling.report_message_to_reporter(report, by=officer, body="Mời anh lên trụ sở.")
    client = english_client()
    # Lower case and without the dash, as people type it.
    response = open_case(client, report.tracking_code.lower().replace("-", ""), secret)
    assert response.status_code == 303
    assert response["Location"] == reverse("portal:case")
    assert secret not in response["Location"]
    page = client.get(reverse("portal:case"))
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    html = page.text
    assert report.tracking_code in html
    assert "Mời anh lên trụ sở." in html
    assert "Lê Văn Cán Bộ" not in html
    assert "ca.tenthat" not in html
    assert page.context["state"]
    assert page.context["state"] in html
    assert report.deadline is not None
    assert report.deadline.strftime("%d/%m/%Y") in html


def test_case_page_needs_the_code_and_secret(filed: tuple[CrimeReport, str]) -> None:
    response = english_client().get(reverse("portal:case"))
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:status")


def test_wrong_secret_and_unknown_code_get_the_same_answer(
    filed: tuple[CrimeReport, str],
) -> None:
    report, secret = filed
    client = english_client()
    wrong = open_case(client, report.tracking_code, "AAAA-BBBB-CCCC-DDDD")
    unknown = open_case(client, "ZZZZZ-ZZZZZ", secret)
    assert wrong.status_code == unknown.status_code == 400
    errors = [r.context["form"].non_field_errors() for r in (wrong, unknown)]
    assert errors[0] == errors[1]
    assert 'id="status-error"' in wrong.text
    assert 'aria-describedby="status-error id_code_helptext"' in wrong.text
    # The secret typed is not sent back in the page.
    assert "AAAA-BBBB-CCCC-DDDD" not in wrong.text
    assert secret not in unknown.text
    assert "portal_report" not in client.session
    refused = AuditEntry.objects.filter(action="report.status_refused")
    assert refused.count() == 1
    assert refused.get().object_id == str(report.pk)


def test_status_lookups_are_rate_limited(
    settings: Any, filed: tuple[CrimeReport, str]
) -> None:
    settings.BCD138_STATUS_RATE_PER_HOUR = 2
    report, secret = filed
    client = english_client()
    for _ in range(2):
        open_case(client, report.tracking_code, "AAAA-BBBB-CCCC-DDDD")
    # Even the right secret is refused once the limit is reached.
    response = open_case(client, report.tracking_code, secret)
    assert response.status_code == 429
    assert "portal_report" not in client.session


def test_status_form_is_never_read_from_the_query_string(
    filed: tuple[CrimeReport, str],
) -> None:
    report, secret = filed
    client = english_client()
    url = reverse("portal:status")
    response = client.get(url, {"code": report.tracking_code, "secret": secret})
    assert response.status_code == 200
    assert "portal_report" not in client.session


def test_reporter_sends_a_message_with_a_file(filed: tuple[CrimeReport, str]) -> None:
    report, secret = filed
    client = english_client()
    open_case(client, report.tracking_code, secret)
    response = client.post(
        reverse("portal:message"), {"body": "Tôi có thêm ảnh.", "attachments": photo()}
    )
    assert response.status_code == 303
    assert response["Location"].startswith(reverse("portal:case"))
    message = ReportMessage.objects.get(report=report)
    assert message.sender == Sender.REPORTER
    assert message.body == "Tôi có thêm ảnh."
    assert message.attachments.get().metadata_stripped
    page = client.get(response["Location"])
    assert "Tôi có thêm ảnh." in page.text


def test_empty_message_is_refused(filed: tuple[CrimeReport, str]) -> None:
    report, secret = filed
    client = english_client()
    open_case(client, report.tracking_code, secret)
    response = client.post(reverse("portal:message"), {"body": "  "})
    assert response.status_code == 400
    assert not ReportMessage.objects.exists()


def test_message_needs_an_open_case(filed: tuple[CrimeReport, str]) -> None:
    response = english_client().post(reverse("portal:message"), {"body": "Xin chào"})
    assert response.status_code == 303
    assert not ReportMessage.objects.exists()


def test_messages_are_rate_limited(
    settings: Any, filed: tuple[CrimeReport, str]
) -> None:
    report, secret = filed
    settings.BCD138_SUBMIT_RATE_PER_HOUR = 1
    client = english_client()
    open_case(client, report.tracking_code, secret)
    assert client.post(reverse("portal:message"), {"body": "một"}).status_code == 303
    assert client.post(reverse("portal:message"), {"body": "hai"}).status_code == 429
    assert ReportMessage.objects.count() == 1


def test_leave_closes_the_case(filed: tuple[CrimeReport, str]) -> None:
    report, secret = filed
    client = english_client()
    open_case(client, report.tracking_code, secret)
    assert client.get(reverse("portal:case")).status_code == 200
    response = client.post(reverse("portal:leave"))
    assert response.status_code == 303
    assert "portal_report" not in client.session
    assert client.get(reverse("portal:case")).status_code == 302


def test_case_closes_after_30_idle_minutes(filed: tuple[CrimeReport, str]) -> None:
    report, secret = filed
    client = english_client()
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        open_case(client, report.tracking_code, secret)
    with time_machine.travel(start + datetime.timedelta(minutes=29), tick=False):
        assert client.get(reverse("portal:case")).status_code == 200
    # Activity at minute 29 keeps it open until minute 59.
    with time_machine.travel(start + datetime.timedelta(minutes=58), tick=False):
        assert client.get(reverse("portal:case")).status_code == 200
    with time_machine.travel(start + datetime.timedelta(minutes=89), tick=False):
        response = client.get(reverse("portal:case"))
    assert response.status_code == 302
    assert "portal_report" not in client.session


def test_no_url_of_the_flow_carries_the_secret(world: World) -> None:
    client = english_client()
    response = submit(client, payload(client, world))
    code, secret = receipt_of(response)
    locations = []
    for step in (
        open_case(client, code, secret),
        client.post(reverse("portal:message"), {"body": "Thêm thông tin"}),
        client.post(reverse("portal:leave")),
    ):
        assert step.status_code == 303
        locations.append(step["Location"])
    for location in locations:
        assert secret not in location
        assert secret.replace("-", "") not in location
    assert not any(
        secret in url for url in re.findall(r'href="([^"]+)"', response.text)
    )


def test_position_of_the_events_is_kept_when_given(world: World, settings: Any) -> None:
    client = english_client()
    response = submit(
        client, payload(client, world, latitude="15.5723", longitude="108.4741")
    )
    assert response.status_code == 200
    report = CrimeReport.objects.get()
    assert (report.latitude, report.longitude) == (15.5723, 108.4741)


def test_impossible_position_is_refused(world: World, settings: Any) -> None:
    client = english_client()
    response = submit(client, payload(client, world, latitude="123", longitude="1"))
    assert response.status_code == 400
    assert "The position is not valid." in response.text
    assert nothing_stored(settings)


def test_anonymous_report_is_not_linked_to_the_client_address(
    world: World, settings: Any
) -> None:
    from bcd138.core.models import AuditEntry

    client = english_client()
    data = payload(client, world)
    response = client.post(reverse("portal:submit"), data, REMOTE_ADDR="198.51.100.23")
    assert response.status_code == 200
    report = CrimeReport.objects.get()
    entries = AuditEntry.objects.filter(object_id=str(report.pk))
    assert entries.exists()
    assert not entries.exclude(ip_address=None).exists()
