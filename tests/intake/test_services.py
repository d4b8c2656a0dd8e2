import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from bcd138.core.errors import DomainError
from bcd138.core.models import AuditEntry
from bcd138.intake.models import (
    CrimeReport,
    Decision,
    EventKind,
    ReporterIdentity,
    ReportEvent,
    State,
    SuspensionGround,
)
from bcd138.intake.services import handling, identity
from bcd138.intake.services.reports import digest, report_recompute
from tests.conftest import Personas, World
from tests.intake.conftest import file_report, report_input

pytestmark = pytest.mark.django_db

TZ = datetime.timezone(datetime.timedelta(hours=7))


def at(day: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(day).replace(hour=9, tzinfo=TZ)


@time_machine.travel(at("2026-01-10"), tick=False)
def test_recorded_report_starts_the_20_day_clock(
    world: World, personas: Personas
) -> None:
    report = file_report(
        world, personas.commune_a_officer, occurred_on=datetime.date(2026, 1, 9)
    )
    assert report.state == State.RECEIVED
    assert report.deadline == datetime.date(
        2026, 1, 30
    )  # Điều 147.1; 30/1/2026 a Friday
    event = report.events.get()
    assert event.kind == EventKind.RECEIVED
    assert event.on == datetime.date(2026, 1, 10)
    assert AuditEntry.objects.filter(
        action="report.record", object_id=str(report.pk)
    ).exists()


@time_machine.travel(at("2026-01-10"), tick=False)
def test_workflow_assign_extend_decide(
    world: World, personas: Personas, head_a
) -> None:  # type: ignore[no-untyped-def]
    officer = personas.commune_a_officer
    report = file_report(world, officer, occurred_on=datetime.date(2026, 1, 9))
    handling.report_assign(report, by=head_a, officer=officer)
    report.refresh_from_db()
    assert report.state == State.IN_PROGRESS
    assert report.assignee == officer
    handling.report_notify_procuracy(report, by=officer, reference="12/TB-CAX")
    handling.report_extend(
        report, by=head_a, until=datetime.date(2026, 3, 10), reason="Cần giám định"
    )
    report.refresh_from_db()
    assert report.deadline == datetime.date(2026, 3, 10)
    handling.report_decide(
        report,
        by=head_a,
        decision=Decision.INSTITUTE,
        reason="Có dấu hiệu tội phạm",
        reference="05/QĐ-CAX",
    )
    report.refresh_from_db()
    assert report.state == State.INSTITUTED
    assert report.deadline is None
    kinds = list(report.events.values_list("kind", flat=True))
    assert kinds == [
        "received",
        "assigned",
        "procuracy_notified",
        "head_extended",
        "decided",
    ]


@time_machine.travel(at("2026-01-10"), tick=False)
def test_only_the_head_extends_and_decides(
    world: World, personas: Personas, head_a
) -> None:  # type: ignore[no-untyped-def]
    officer = personas.commune_a_officer
    report = file_report(world, officer)
    with pytest.raises(DomainError) as err:
        handling.report_extend(
            report, by=officer, until=datetime.date(2026, 2, 20), reason="x"
        )
    assert err.value.code == "head_only"
    assert report.events.count() == 1


@time_machine.travel(at("2026-01-10"), tick=False)
def test_another_unit_cannot_act(world: World, personas: Personas) -> None:
    report = file_report(world, personas.commune_a_officer)
    with pytest.raises(PermissionDenied):
        handling.report_note(report, by=personas.commune_b_officer, text="nhìn trộm")
    assert report.events.count() == 1


def test_suspension_before_the_limit_has_run_is_refused(
    world: World, personas: Personas, head_a
) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(at("2026-01-10"), tick=False):
        report = file_report(world, personas.commune_a_officer)
        with pytest.raises(DomainError) as err:
            handling.report_suspend(
                report,
                by=head_a,
                ground=SuspensionGround.EXPERT,
                reason="Chờ giám định",
            )
        assert err.value.code == "law_suspension_before_expiry"
        report.refresh_from_db()
        assert report.state == State.RECEIVED
    with time_machine.travel(at("2026-01-30"), tick=False):
        handling.report_suspend(
            report, by=head_a, ground=SuspensionGround.EXPERT, reason="Chờ giám định"
        )
        report.refresh_from_db()
        assert report.state == State.SUSPENDED
        assert report.deadline is None
    with time_machine.travel(at("2026-03-02"), tick=False):
        handling.report_resume(report, by=head_a, reason="Đã có kết luận giám định")
        report.refresh_from_db()
        assert report.state == State.RECEIVED
        assert report.deadline == datetime.date(2026, 4, 2)  # ≤ 1 month (Điều 149)


@time_machine.travel(at("2026-01-10"), tick=False)
def test_transfer_moves_the_report_and_keeps_the_clock(
    world: World, personas: Personas, head_a
) -> None:  # type: ignore[no-untyped-def]
    report = file_report(world, personas.commune_a_officer)
    handling.report_assign(report, by=head_a, officer=personas.commune_a_officer)
    handling.report_transfer(
        report,
        by=personas.commune_a_officer,
        to_agency=world.police,
        reason="Thuộc thẩm quyền CSĐT",
    )
    report.refresh_from_db()
    assert report.handling_agency == world.police
    assert report.assignee is None
    assert report.state == State.RECEIVED
    assert report.deadline == datetime.date(2026, 1, 30)
    with pytest.raises(PermissionDenied):
        handling.report_note(report, by=personas.commune_a_officer, text="x")


@time_machine.travel(at("2026-01-10"), tick=False)
def test_identity_is_encrypted_and_revealed_only_with_a_reason(
    world: World, personas: Personas, head_a
) -> None:  # type: ignore[no-untyped-def]
    data = {
        "full_name": "Nguyễn Văn Tố",
        "phone": "0905123456",
        "id_number": "049123456789",
    }
    report = file_report(
        world,
        personas.commune_a_officer,
        anonymous=False,
        confidential=True,
        identity=data,
    )
    stored = ReporterIdentity.objects.get(report=report)
    assert "Nguyễn" not in stored.token
    assert "0905123456" not in stored.token
    with pytest.raises(DomainError) as err:
        identity.report_identity_reveal(
            report, by=personas.commune_b_officer, reason="tò mò thôi"
        )
    assert err.value.status == 403
    assert AuditEntry.objects.filter(action="report.identity_refused").exists()
    with pytest.raises(DomainError):
        identity.report_identity_reveal(report, by=head_a, reason="")
    person = identity.report_identity_reveal(
        report, by=head_a, reason="Cần lấy lời khai bổ sung"
    )
    assert person["full_name"] == "Nguyễn Văn Tố"
    entry = AuditEntry.objects.get(action="report.identity_reveal")
    assert entry.reason == "Cần lấy lời khai bổ sung"
    assert "Nguyễn" not in str(entry.changes)
    assert "0905" not in entry.object_repr


@time_machine.travel(at("2026-01-10"), tick=False)
def test_anonymous_report_keeps_no_identity(world: World, personas: Personas) -> None:
    report = file_report(
        world,
        personas.commune_a_officer,
        anonymous=True,
        identity={"full_name": "Ai đó"},
    )
    assert not ReporterIdentity.objects.filter(report=report).exists()
    assert report.confidential is False


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"description": "  "}, "description"),
        ({"occurred_on": datetime.date(2099, 1, 1)}, "date"),
        ({"anonymous": False, "identity": {"phone": "0905"}}, "identity"),
        (
            {
                "anonymous": False,
                "identity": {"full_name": "A", "phone": "1", "id_number": "12ab"},
            },
            "identity",
        ),
    ],
)
def test_bad_input_is_refused_and_nothing_stored(
    world: World, personas: Personas, overrides, code
) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError) as err:
        file_report(world, personas.commune_a_officer, **overrides)
    assert err.value.code == code
    assert not CrimeReport.objects.exists()
    assert not ReportEvent.objects.exists()


def test_legacy_or_province_place_is_refused(world: World, personas: Personas) -> None:
    from bcd138.places.models import Place

    legacy = (
        Place.objects.legacy()
        .communes()
        .filter(current_commune=world.commune_a)
        .first()
    )
    for place in (legacy, world.province):
        with pytest.raises(DomainError) as err:
            file_report(world, personas.commune_a_officer, place=place)
        assert err.value.code == "place"


def test_officer_records_only_for_own_unit(world: World, personas: Personas) -> None:
    from bcd138.intake.services.reports import report_record

    with pytest.raises(DomainError) as err:
        report_record(
            report_input(world),
            by=personas.commune_b_officer,
            unit=world.police_a,
            channel="phone",
        )
    assert err.value.status == 403


@time_machine.travel(at("2026-01-10"), tick=False)
def test_events_are_append_only(world: World, personas: Personas) -> None:
    report = file_report(world, personas.commune_a_officer)
    event = report.events.get()
    with pytest.raises(RuntimeError):
        event.save()
    with pytest.raises(RuntimeError):
        event.delete()


@time_machine.travel(at("2026-01-10"), tick=False)
def test_recompute_is_the_only_truth(world: World, personas: Personas, head_a) -> None:  # type: ignore[no-untyped-def]
    report = file_report(world, personas.commune_a_officer)
    handling.report_assign(report, by=head_a, officer=personas.commune_a_officer)
    CrimeReport.objects.filter(pk=report.pk).update(
        state=State.NOT_INSTITUTED, deadline=None
    )
    report.refresh_from_db()
    report_recompute(report)
    report.refresh_from_db()
    assert report.state == State.IN_PROGRESS
    assert report.deadline == datetime.date(2026, 1, 30)


@time_machine.travel(at("2026-01-10"), tick=False)
def test_receipt_secret_is_stored_as_digest_only(
    world: World, personas: Personas
) -> None:
    from bcd138.intake.services.reports import report_record

    receipt = report_record(
        report_input(world),
        by=personas.commune_a_officer,
        unit=world.police_a,
        channel="phone",
    )
    assert receipt.report.secret_digest == digest(receipt.secret)
    assert receipt.secret not in str(
        CrimeReport.objects.filter(pk=receipt.report.pk).values().get()
    )


@time_machine.travel(at("2026-01-10"), tick=False)
def test_similar_report_is_flagged_not_merged(world: World, personas: Personas) -> None:
    from bcd138.intake.services.duplicates import possible_duplicates

    first = file_report(
        world,
        personas.commune_a_officer,
        description="Bị giật túi xách trước chợ Tam Kỳ lúc sáng nay.",
    )
    second = file_report(
        world,
        personas.commune_a_officer,
        description="Tôi thấy hai người giật túi xách trước chợ Tam Kỳ sáng nay.",
    )
    unrelated = file_report(
        world,
        personas.commune_a_officer,
        description="Nghi có người đánh bạc ở quán nước cuối hẻm.",
    )
    assert first.possible_duplicates == 0
    assert second.possible_duplicates == 1
    assert possible_duplicates(second) == [first]
    assert unrelated.possible_duplicates == 0
    assert CrimeReport.objects.count() == 3


@time_machine.travel(at("2026-01-10"), tick=False)
def test_notice_to_reporter_recorded_and_refused_for_anonymous(
    world: World, personas: Personas
) -> None:
    officer = personas.commune_a_officer
    named = file_report(
        world,
        officer,
        anonymous=False,
        identity={"full_name": "Lê C", "phone": "0905000111"},
    )
    handling.report_notify_reporter(
        named, by=officer, notice="receipt", reference="01/TB"
    )
    named.refresh_from_db()
    assert named.events.filter(
        kind=EventKind.REPORTER_NOTIFIED, reference="receipt"
    ).exists()
    anonymous = file_report(world, officer, anonymous=True)
    with pytest.raises(DomainError) as err:
        handling.report_notify_reporter(anonymous, by=officer, notice="receipt")
    assert err.value.code == "anonymous"


@time_machine.travel(at("2026-01-10"), tick=False)
def test_attention_counts_and_escalation(
    world: World, personas: Personas, head_a
) -> None:  # type: ignore[no-untyped-def]
    from bcd138.agencies.models import Role
    from bcd138.intake.services.queue import reports_attention
    from tests.conftest import make_user

    officer = personas.commune_a_officer
    report = file_report(world, officer)
    handling.report_assign(report, by=head_a, officer=officer)
    file_report(world, officer)
    office = make_user("vanphong", Role.STANDING_OFFICE, world.police, world.province)
    with time_machine.travel(at("2026-01-27"), tick=False):
        mine = reports_attention(user=officer)
        assert mine is not None
        assert (mine.mine_due_soon, mine.unit_overdue, mine.unassigned) == (1, 0, 1)
    with time_machine.travel(at("2026-02-02"), tick=False):
        escalated = reports_attention(user=office)
        assert escalated is not None
        assert escalated.escalated_overdue == 2
        assert reports_attention(user=personas.department_member) is None


def _jpeg() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "JPEG")
    return buffer.getvalue()


def test_failed_submission_leaves_no_file_behind(
    world: World, personas: Personas, settings, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    from bcd138.core import audit
    from bcd138.core.uploads import clean_uploads
    from bcd138.intake.services.reports import report_submit

    files = clean_uploads([SimpleUploadedFile("a.jpg", _jpeg())])

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("disk full")

    monkeypatch.setattr(audit, "record", broken)
    with pytest.raises(RuntimeError):
        report_submit(report_input(world, files=files), idempotency_key="k" * 32)
    assert not CrimeReport.objects.exists()
    media = settings.MEDIA_ROOT
    assert not [p for p in media.rglob("*") if p.is_file()] if media.exists() else True


def test_status_accepts_the_secret_typed_without_dashes(
    world: World, personas: Personas
) -> None:
    from bcd138.intake.services.portal import report_find
    from bcd138.intake.services.reports import report_record

    receipt = report_record(
        report_input(world),
        by=personas.commune_a_officer,
        unit=world.police_a,
        channel="phone",
    )
    found = report_find(
        code=receipt.tracking_code.replace("-", "").lower(),
        secret=" " + receipt.secret.replace("-", "").lower(),
        client="127.0.0.1",
    )
    assert found == receipt.report
