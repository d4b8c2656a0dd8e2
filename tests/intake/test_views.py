import datetime

import pytest
import time_machine
from django.urls import reverse

from bcd138.core.models import AuditEntry
from bcd138.intake.models import CrimeReport, State
from tests.conftest import Personas, World, client_for
from tests.intake.conftest import file_report

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 1, 10, 9, tzinfo=datetime.UTC)


@pytest.fixture
def report(world: World, personas: Personas) -> CrimeReport:
    with time_machine.travel(NOW, tick=False):
        return file_report(world, personas.commune_a_officer)


def test_queue_shows_own_units_reports_only(
    world: World, personas: Personas, report: CrimeReport
) -> None:
    own = client_for(personas.commune_a_officer).get(reverse("intake:queue"))
    other = client_for(personas.commune_b_officer).get(reverse("intake:queue"))
    assert own.status_code == 200
    assert report.tracking_code in own.text
    assert other.status_code == 200
    assert report.tracking_code not in other.text


def test_queue_refuses_roles_without_reports(personas: Personas) -> None:
    assert (
        client_for(personas.department_member).get(reverse("intake:queue")).status_code
        == 403
    )
    assert client_for(None).get(reverse("intake:queue")).status_code == 302


def test_procuracy_liaison_sees_but_cannot_act(
    world: World, personas: Personas, report: CrimeReport
) -> None:
    client = client_for(personas.procuracy_liaison)
    assert client.get(reverse("intake:detail", args=[report.pk])).status_code == 200
    response = client.post(
        reverse("intake:act", args=[report.pk, "note"]), {"text": "xem"}
    )
    assert response.status_code == 403
    assert report.events.count() == 1


def test_other_unit_gets_404_and_the_attempt_is_audited(
    world: World, personas: Personas, report: CrimeReport
) -> None:
    client = client_for(personas.commune_b_officer)
    assert client.get(reverse("intake:detail", args=[report.pk])).status_code == 404
    response = client.post(
        reverse("intake:act", args=[report.pk, "note"]), {"text": "x"}
    )
    assert response.status_code == 404
    assert report.events.count() == 1
    assert (
        AuditEntry.objects.filter(
            action="access.denied", actor=personas.commune_b_officer
        ).count()
        == 2
    )


def test_admin_does_not_expose_reports(personas: Personas, report: CrimeReport) -> None:
    response = client_for(personas.admin).get(
        f"/admin/intake/crimereport/{report.pk}/change/"
    )
    assert response.status_code == 404


def test_detail_shows_the_time_limit_and_history(
    personas: Personas, report: CrimeReport
) -> None:
    with time_machine.travel(NOW + datetime.timedelta(days=2), tick=False):
        response = client_for(personas.commune_a_officer).get(
            reverse("intake:detail", args=[report.pk])
        )
    assert response.status_code == 200
    assert "30/01/2026" in response.text
    assert response.context["may_act"] is True
    assert response.context["may_reveal"] is False


def test_act_with_invalid_step_shows_the_laws_reason(
    personas: Personas, report: CrimeReport, head_a
) -> None:  # type: ignore[no-untyped-def]
    client = client_for(head_a)
    with time_machine.travel(NOW + datetime.timedelta(days=1), tick=False):
        response = client.post(
            reverse("intake:act", args=[report.pk, "suspend"]),
            {"ground": "expert", "reason": "Chờ giám định"},
            follow=True,
        )
    assert response.status_code == 200
    messages = [str(m) for m in response.context["messages"]]
    assert len(messages) == 1
    assert "30/01/2026" in messages[0]  # from when suspension becomes lawful
    report.refresh_from_db()
    assert report.state == State.RECEIVED


def test_head_assigns_through_the_page(
    personas: Personas, report: CrimeReport, head_a
) -> None:  # type: ignore[no-untyped-def]
    client = client_for(head_a)
    with time_machine.travel(NOW + datetime.timedelta(days=1), tick=False):
        response = client.post(
            reverse("intake:act", args=[report.pk, "assign"]),
            {"officer": personas.commune_a_officer.pk},
        )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.assignee == personas.commune_a_officer
    assert report.state == State.IN_PROGRESS


def test_assigning_an_officer_of_another_unit_is_refused(
    personas: Personas, report: CrimeReport, head_a
) -> None:  # type: ignore[no-untyped-def]
    client = client_for(head_a)
    client.post(
        reverse("intake:act", args=[report.pk, "assign"]),
        {"officer": personas.commune_b_officer.pk},
    )
    report.refresh_from_db()
    assert report.assignee is None


def test_duty_desk_records_a_phone_report(world: World, personas: Personas) -> None:
    client = client_for(personas.commune_a_officer)
    page = client.get(reverse("intake:record"))
    assert page.status_code == 200
    data = {
        "unit": world.police_a.pk,
        "channel": "phone",
        "received_at": "2026-11-27T08:30",
        "kind": "report",
        "crime_type": "theft",
        "description": "Người dân báo mất xe máy tại bãi giữ xe chợ.",
        "commune": world.commune_a.pk,
        "anonymous": "1",
    }
    response = client.post(reverse("intake:record"), data)
    assert response.status_code == 200, response.context["form"].errors
    receipt = response.context["receipt"]
    assert receipt.report.channel == "phone"
    assert receipt.secret in response.text


def test_duty_desk_closed_to_other_roles(personas: Personas) -> None:
    assert (
        client_for(personas.procuracy_liaison).get(reverse("intake:record")).status_code
        == 403
    )


def test_identity_reveal_page_is_not_cached_and_audited(
    world: World, personas: Personas, head_a
) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        report = file_report(
            world,
            personas.commune_a_officer,
            anonymous=False,
            identity={"full_name": "Trần Thị B", "phone": "0911000111"},
        )
    client = client_for(head_a)
    response = client.post(
        reverse("intake:identity", args=[report.pk]), {"reason": "Mời lên làm việc"}
    )
    assert response.status_code == 200
    assert "Trần Thị B" in response.text
    assert response["Cache-Control"] == "no-store"
    assert AuditEntry.objects.filter(
        action="report.identity_reveal", actor=head_a
    ).exists()
    refused = client_for(personas.commune_a_officer).post(
        reverse("intake:identity", args=[report.pk]), {"reason": "xem thử"}, follow=True
    )
    assert "Trần Thị B" not in refused.text


def test_queue_filters_and_query_count(
    world: World, personas: Personas, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        for _ in range(3):
            file_report(world, personas.commune_a_officer)
    client = client_for(personas.commune_a_officer)
    client.get(reverse("intake:queue"))
    with django_assert_max_num_queries(12):
        response = client.get(
            reverse("intake:queue"), {"state": "received", "sort": "deadline"}
        )
    assert response.context["page"].paginator.count == 3
    with time_machine.travel(NOW + datetime.timedelta(days=40), tick=False):
        overdue = client.get(reverse("intake:queue"), {"due": "overdue"})
    assert overdue.context["page"].paginator.count == 3


def test_attachment_is_served_to_the_unit_only_and_audited(
    world: World, personas: Personas
) -> None:
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from bcd138.core.uploads import clean_uploads

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    files = clean_uploads([SimpleUploadedFile("anh.png", buffer.getvalue())])
    with time_machine.travel(NOW, tick=False):
        report = file_report(world, personas.commune_a_officer, files=files)
    attachment = report.attachments.get()
    url = reverse("intake:attachment", args=[report.pk, attachment.pk])
    own = client_for(personas.commune_a_officer).get(url)
    assert own.status_code == 200
    assert own["Content-Type"] == "image/png"
    assert own["Cache-Control"] == "private, no-store"
    assert AuditEntry.objects.filter(action="report.attachment_view").count() == 1
    other = client_for(personas.commune_b_officer).get(url)
    assert other.status_code == 404
    assert AuditEntry.objects.filter(action="report.attachment_view").count() == 1
