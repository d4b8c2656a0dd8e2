"""The crime-information API: who may do what, the queue, the steps, the public side.

Decision pinned here: a signed-in user with no reports role (a department member)
gets 403 on the queue, as on the page, rather than an empty list.
"""

import datetime
import json
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.utils import translation

from bcd138.agencies import services as agency_services
from bcd138.agencies.models import User
from bcd138.core.challenge import challenge_solve, challenge_verify
from bcd138.core.models import AuditEntry
from bcd138.intake.models import CrimeReport, ReporterIdentity, State
from bcd138.intake.services.portal import public_state
from bcd138.intake.services.reports import digest
from tests.conftest import Personas, World, client_for
from tests.intake.conftest import file_report

pytestmark = pytest.mark.django_db

BASE = "/api/v1/reports"
PUBLIC = "/api/v1/public/reports"
TZ = datetime.timezone(datetime.timedelta(hours=7))
NOW = datetime.datetime(2026, 1, 10, 9, tzinfo=TZ)
REPORTER = "Lê Thị Bảo Mật"
PHONE = "0905123456"
ID_NUMBER = "048123456789"


def at(day: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(day).replace(hour=9, tzinfo=TZ)


def post(client: Client, url: str, body: Any) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json")


@pytest.fixture(autouse=True)
def _cheap_challenge(settings: Any) -> None:
    settings.BCD138_CHALLENGE_BITS = 6


@pytest.fixture
def report(world: World, personas: Personas) -> CrimeReport:
    """An identified, confidential report in commune A."""
    with time_machine.travel(NOW, tick=False):
        return file_report(
            world,
            personas.commune_a_officer,
            anonymous=False,
            confidential=True,
            identity={"full_name": REPORTER, "phone": PHONE, "id_number": ID_NUMBER},
        )


def record_body(world: World, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "unit": world.police_a.pk,
        "channel": "phone",
        "received_at": "2026-01-10T08:30:00+07:00",
        "kind": "denunciation",
        "crime_type": "fraud",
        "description": "Có người gọi điện giả danh công an yêu cầu chuyển tiền.",
        "commune": "20341",
        "address_line": "12 Phan Bội Châu",
        "occurred_on": "2026-01-09",
        "anonymous": False,
        "identity": {"full_name": REPORTER, "phone": PHONE},
        "confidential": True,
        "external_ref": "PHONE-0001",
    }
    body.update(overrides)
    return body


# ---- who may do what --------------------------------------------------------


def test_anonymous_gets_401_on_every_officer_endpoint(report: CrimeReport) -> None:
    client = Client()
    for url in (f"{BASE}/", f"{BASE}/counts", f"{BASE}/{report.pk}"):
        response = client.get(url)
        assert response.status_code == 401, url
        assert response.json()["code"] == "unauthenticated"
    for url in (
        f"{BASE}/",
        f"{BASE}/import?unit=1",
        f"{BASE}/{report.pk}/steps/note",
    ):
        assert post(client, url, {"text": "x"}).status_code == 401, url


def test_queue_shows_own_units_reports_only(
    personas: Personas, report: CrimeReport
) -> None:
    own = client_for(personas.commune_a_officer).get(f"{BASE}/").json()
    assert [r["tracking_code"] for r in own["items"]] == [report.tracking_code]
    assert own["count"] == 1
    other = client_for(personas.commune_b_officer).get(f"{BASE}/")
    assert other.status_code == 200
    assert other.json() == {"items": [], "count": 0}
    liaison = client_for(personas.procuracy_liaison).get(f"{BASE}/").json()
    assert liaison["count"] == 1


def test_queue_refuses_roles_without_reports(
    personas: Personas, report: CrimeReport
) -> None:
    client = client_for(personas.department_member)
    for url in (f"{BASE}/", f"{BASE}/counts"):
        response = client.get(url)
        assert response.status_code == 403
        assert response.json()["code"] == "forbidden"
    assert client.get(f"{BASE}/{report.pk}").status_code == 404


def test_other_unit_gets_404_and_the_attempt_is_audited(
    personas: Personas, report: CrimeReport
) -> None:
    client = client_for(personas.commune_b_officer)
    response = client.get(f"{BASE}/{report.pk}")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    step = post(client, f"{BASE}/{report.pk}/steps/note", {"text": "nhìn trộm"})
    assert step.status_code == 404
    assert report.events.count() == 1
    denied = AuditEntry.objects.filter(
        action="access.denied", actor=personas.commune_b_officer
    )
    assert denied.count() == 2


def test_procuracy_liaison_reads_but_a_step_is_403(
    personas: Personas, report: CrimeReport
) -> None:
    client = client_for(personas.procuracy_liaison)
    detail = client.get(f"{BASE}/{report.pk}")
    assert detail.status_code == 200
    assert detail.json()["may_act"] is False
    step = post(client, f"{BASE}/{report.pk}/steps/note", {"text": "kiểm sát"})
    assert step.status_code == 403
    assert step.json()["code"] == "forbidden"
    assert report.events.count() == 1
    assert AuditEntry.objects.filter(
        action="report.act_refused", actor=personas.procuracy_liaison
    ).exists()


def test_a_head_only_step_by_an_officer_is_403_with_its_code(
    personas: Personas, report: CrimeReport
) -> None:
    client = client_for(personas.commune_a_officer)
    with time_machine.travel(NOW, tick=False):
        response = post(
            client,
            f"{BASE}/{report.pk}/steps/extend",
            {"until": "2026-02-20", "reason": "Cần giám định"},
        )
    assert response.status_code == 403
    assert response.json()["code"] == "head_only"


def test_session_writes_need_the_csrf_token_and_tokens_do_not(
    world: World, personas: Personas
) -> None:
    officer = personas.commune_a_officer
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer, backend="django.contrib.auth.backends.ModelBackend")
    with time_machine.travel(NOW, tick=False):
        refused = post(client, f"{BASE}/", record_body(world))
        assert refused.status_code in (401, 403)
        assert not CrimeReport.objects.exists()
        _token, raw = agency_services.api_token_create(user=officer, name="desk")
        created = Client().post(
            f"{BASE}/",
            json.dumps(record_body(world)),
            content_type="application/json",
            headers={"Authorization": f"Bearer {raw}"},
        )
    assert created.status_code == 201


# ---- the queue --------------------------------------------------------------


@pytest.fixture
def queue_reports(world: World, personas: Personas, head_a: User) -> dict[str, Any]:
    officer = personas.commune_a_officer
    with time_machine.travel(at("2025-12-01"), tick=False):
        late = file_report(
            world,
            officer,
            description="Trộm xe máy ở bãi giữ xe.",
            occurred_on=datetime.date(2025, 11, 30),
        )
    with time_machine.travel(NOW, tick=False):
        fraud = file_report(
            world,
            officer,
            crime_type="fraud",
            kind="report",
            description="Lừa đảo chuyển khoản qua mạng xã hội.",
        )
        drugs = file_report(
            world, officer, crime_type="drugs", description="Mua bán ma túy ở quán."
        )
        client = client_for(head_a)
        post(client, f"{BASE}/{drugs.pk}/steps/assign", {"officer": officer.pk})
        decided = file_report(world, officer, description="Đánh nhau gây thương tích.")
        for step, body in (
            ("assign", {"officer": officer.pk}),
            (
                "decide",
                {"decision": "not_institute", "reason": "Không", "reference": "1/QĐ"},
            ),
        ):
            assert (
                post(client, f"{BASE}/{decided.pk}/steps/{step}", body).status_code
                == 200
            )
    return {"late": late, "fraud": fraud, "drugs": drugs, "decided": decided}


def codes(response: Any) -> set[str]:
    assert response.status_code == 200, response.content
    return {r["tracking_code"] for r in response.json()["items"]}


def test_queue_filters(personas: Personas, queue_reports: dict[str, Any]) -> None:
    r = {k: v.tracking_code for k, v in queue_reports.items()}
    client = client_for(personas.commune_a_officer)
    with time_machine.travel(NOW, tick=False):

        def get(**params: str) -> set[str]:
            return codes(client.get(f"{BASE}/", params))

        assert get() == {r["late"], r["fraud"], r["drugs"]}  # open ones
        assert get(state="all") == set(r.values())
        assert get(state="not_instituted") == {r["decided"]}
        assert get(kind="report") == {r["fraud"]}
        assert get(crime_type="drugs") == {r["drugs"]}
        assert get(channel="in_person", state="all") == set(r.values())
        assert get(channel="phone") == set()
        assert get(commune="20341") == {r["late"], r["fraud"], r["drugs"]}
        assert get(commune="20242") == set()
        assert get(due="overdue") == {r["late"]}
        assert get(due="week") == set()
        assert get(assignee="me") == {r["drugs"]}
        assert get(assignee="none") == {r["late"], r["fraud"]}
        assert get(q=r["fraud"].lower()) == {r["fraud"]}
        assert get(q="ma túy") == {r["drugs"]}
        newest = client.get(f"{BASE}/", {"sort": "received"}).json()["items"]
        assert newest[-1]["tracking_code"] == r["late"]
        by_deadline = client.get(f"{BASE}/").json()["items"]
        assert by_deadline[0]["tracking_code"] == r["late"]
        assert by_deadline[0]["overdue"] is True
        assert by_deadline[0]["days_left"] < 0
        page = client.get(f"{BASE}/", {"limit": 1, "offset": 1}).json()
        assert page["count"] == 3
        assert len(page["items"]) == 1
        bad = client.get(f"{BASE}/", {"state": "lost"})
        assert bad.status_code == 422
        assert bad.json()["code"] == "validation"
        unknown = client.get(f"{BASE}/", {"commune": "99999"})
        assert unknown.status_code == 400
        assert unknown.json()["code"] == "place_unknown"


def test_counts_per_state(personas: Personas, queue_reports: dict[str, Any]) -> None:
    body = client_for(personas.commune_a_officer).get(f"{BASE}/counts").json()
    assert body["received"] == 2
    assert body["in_progress"] == 1
    assert body["not_instituted"] == 1
    assert body["instituted"] == 0
    assert set(body) == set(State.values)


def test_queue_query_count_does_not_grow_with_rows(
    personas: Personas,
    queue_reports: dict[str, Any],
    django_assert_num_queries: Any,
) -> None:
    client = client_for(personas.commune_a_officer)
    client.get(f"{BASE}/")  # warm the session
    # session, user, grants, count, page
    with django_assert_num_queries(5):
        response = client.get(f"{BASE}/", {"state": "all"})
    assert response.json()["count"] == 4


# ---- one report -------------------------------------------------------------


def test_detail_has_history_time_limit_and_flags(
    personas: Personas, report: CrimeReport
) -> None:
    with time_machine.travel(at("2026-01-12"), tick=False):
        body = client_for(personas.commune_a_officer).get(f"{BASE}/{report.pk}").json()
    assert body["tracking_code"] == report.tracking_code
    assert body["deadline"] == "2026-01-30"
    assert body["days_left"] == 18
    assert body["overdue"] is False
    assert body["confidential"] is True
    assert body["anonymous"] is False
    assert body["may_act"] is True
    assert body["place_code"] == "20341"
    assert [e["kind"] for e in body["events"]] == ["received"]
    event = body["events"][0]
    assert event["agency"] == "Công an phường Tam Kỳ"
    assert event["actor"] == "ca.a"
    assert body["attachments"] == []
    assert body["messages"] == []
    assert "secret" not in json.dumps(body)


# ---- recording --------------------------------------------------------------


def test_record_answers_the_code_and_the_secret_once(
    world: World, personas: Personas
) -> None:
    client = client_for(personas.commune_a_officer)
    with time_machine.travel(NOW, tick=False):
        response = post(client, f"{BASE}/", record_body(world))
    assert response.status_code == 201, response.content
    body = response.json()
    report = CrimeReport.objects.get(pk=body["id"])
    assert body["tracking_code"] == report.tracking_code
    assert report.secret_digest == digest(body["secret"])
    assert body["state"] == "received"
    assert body["deadline"] == "2026-01-30"
    assert report.channel == "phone"
    assert report.external_ref == "PHONE-0001"
    assert report.received_at == datetime.datetime(
        2026, 1, 10, 1, 30, tzinfo=datetime.UTC
    )
    assert ReporterIdentity.objects.filter(report=report).exists()
    detail = client.get(f"{BASE}/{report.pk}").json()
    assert "secret" not in detail


def test_record_refusals(world: World, personas: Personas) -> None:
    with time_machine.travel(NOW, tick=False):
        outsider = post(
            client_for(personas.commune_b_officer), f"{BASE}/", record_body(world)
        )
        assert outsider.status_code == 403
        assert outsider.json()["code"] == "forbidden"
        client = client_for(personas.commune_a_officer)
        cases = {
            "channel": (record_body(world, channel="portal"), 400, "channel"),
            "commune": (record_body(world, commune="99999"), 400, "place_unknown"),
            "short": (record_body(world, description="ngắn"), 400, "description"),
            "future": (
                record_body(world, received_at="2026-02-10T08:00:00+07:00"),
                400,
                "date",
            ),
            "schema": (record_body(world, kind="rumour"), 422, "validation"),
        }
        for name, (body, status, code) in cases.items():
            response = post(client, f"{BASE}/", body)
            assert (response.status_code, response.json()["code"]) == (
                status,
                code,
            ), name
    assert not CrimeReport.objects.exists()


def test_information_about_another_area_is_received_not_refused(
    world: World, personas: Personas
) -> None:
    """BLTTHS Điều 145.1: the unit may not refuse; it records, then transfers."""
    with time_machine.travel(NOW, tick=False):
        client = client_for(personas.commune_a_officer)
        response = post(client, f"{BASE}/", record_body(world, commune="20242"))
    assert response.status_code == 201
    report = CrimeReport.objects.get()
    assert report.place == world.commune_b
    assert report.handling_agency == world.police_a


# ---- the steps --------------------------------------------------------------


def test_full_workflow_through_the_api(
    world: World, personas: Personas, head_a: User
) -> None:
    officer = personas.commune_a_officer
    desk, head = client_for(officer), client_for(head_a)
    with time_machine.travel(NOW, tick=False):
        created = post(desk, f"{BASE}/", record_body(world))
        pk = created.json()["id"]
        url = f"{BASE}/{pk}/steps"
        assigned = post(head, f"{url}/assign", {"officer": officer.pk})
        assert assigned.status_code == 200, assigned.content
        assert assigned.json()["event"]["to_user"] == "ca.a"
        assert assigned.json()["report"]["state"] == "in_progress"
        notified = post(desk, f"{url}/notify_procuracy", {"reference": "12/TB-CAX"})
        assert notified.json()["event"]["reference"] == "12/TB-CAX"
    with time_machine.travel(at("2026-01-20"), tick=False):
        extended = post(
            head,
            f"{url}/extend",
            {"until": "2026-03-10", "reason": "Cần giám định", "reference": "3/QĐ"},
        )
        assert extended.status_code == 200, extended.content
        assert extended.json()["report"]["deadline"] == "2026-03-10"
    with time_machine.travel(at("2026-02-25"), tick=False):
        decided = post(
            head,
            f"{url}/decide",
            {
                "decision": "institute",
                "reason": "Có dấu hiệu tội phạm",
                "reference": "05/QĐ-CAX",
            },
        )
        assert decided.status_code == 200, decided.content
        assert decided.json()["report"]["state"] == "instituted"
        assert decided.json()["report"]["deadline"] is None
        body = desk.get(f"{BASE}/{pk}").json()
    assert [e["kind"] for e in body["events"]] == [
        "received",
        "assigned",
        "procuracy_notified",
        "head_extended",
        "decided",
    ]
    assert body["events"][-1]["decision"] == "institute"


def test_a_legal_refusal_is_400_with_the_laws_code(
    personas: Personas, report: CrimeReport, head_a: User
) -> None:
    with time_machine.travel(NOW, tick=False):
        response = post(
            client_for(head_a),
            f"{BASE}/{report.pk}/steps/suspend",
            {"ground": "expert", "reason": "Chờ giám định"},
        )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "law_suspension_before_expiry"
    assert "30/01/2026" in body["detail"]
    assert report.events.count() == 1


def test_step_body_errors_are_422(personas: Personas, report: CrimeReport) -> None:
    client = client_for(personas.commune_a_officer)
    response = post(client, f"{BASE}/{report.pk}/steps/suspend", {"ground": "rain"})
    assert response.status_code == 422
    fields = {tuple(e["loc"])[-1] for e in response.json()["detail"]}
    assert {"ground", "reason"} <= fields


def test_every_step_is_reachable(
    world: World, personas: Personas, head_a: User
) -> None:
    officer = personas.commune_a_officer
    desk, head = client_for(officer), client_for(head_a)

    def step(client: Client, pk: int, action: str, body: dict[str, Any]) -> Any:
        response = post(client, f"{BASE}/{pk}/steps/{action}", body)
        assert response.status_code == 200, (action, response.content)
        return response.json()

    with time_machine.travel(NOW, tick=False):
        one = file_report(world, officer)
        two = file_report(
            world, officer, description="Một tin báo khác về vụ giật túi."
        )
        step(desk, one.pk, "note", {"text": "Đã xác minh hiện trường"})
        step(desk, one.pk, "note", {"text": "Kiểm tra ban đầu", "preliminary": True})
        linked = step(
            desk, two.pk, "link", {"other_code": one.tracking_code, "reason": "trùng"}
        )
        assert linked["event"]["reference"] == one.tracking_code
        sent = step(desk, one.pk, "message", {"body": "Chúng tôi đã nhận tin."})
        assert sent["event"] is None
        assert sent["message"]["sender"] == "officer"
        step(desk, one.pk, "request_extension", {"reason": "Cần thêm thời gian"})
    with time_machine.travel(at("2026-01-15"), tick=False):
        step(
            desk,
            one.pk,
            "procuracy_extend",
            {"until": "2026-03-20", "reference": "7/QĐ-VKS"},
        )
    with time_machine.travel(at("2026-01-30"), tick=False):
        suspended = step(
            head, two.pk, "suspend", {"ground": "documents", "reason": "Chờ tài liệu"}
        )
        assert suspended["report"]["state"] == "suspended"
        step(head, two.pk, "annul", {"reference": "2/QĐ-VKS"})
    with time_machine.travel(at("2026-03-20"), tick=False):
        step(head, one.pk, "suspend", {"ground": "expert", "reason": "Chờ giám định"})
    with time_machine.travel(at("2026-03-25"), tick=False):
        resumed = step(head, one.pk, "resume", {"reason": "Đã có kết luận"})
        assert resumed["report"]["state"] == "in_progress" or resumed["report"][
            "state"
        ] == ("received")
        moved = step(
            desk,
            two.pk,
            "transfer",
            {"to_agency": world.police_b.pk, "reason": "Thuộc địa bàn phường Hải Châu"},
        )
        # The report left commune A: its officer no longer sees it.
        assert moved["report"] is None
        assert moved["event"]["to_agency"] == "Công an phường Hải Châu"
    kinds = list(one.events.values_list("kind", flat=True))
    assert kinds == [
        "received",
        "note",
        "preliminary_checked",
        "procuracy_extension_requested",
        "procuracy_extended",
        "suspended",
        "resumed",
    ]
    two.refresh_from_db()
    assert two.handling_agency == world.police_b
    assert (
        client_for(personas.commune_b_officer).get(f"{BASE}/{two.pk}").status_code
        == 200
    )


def test_assign_and_transfer_refuse_people_and_units_out_of_reach(
    world: World, personas: Personas, report: CrimeReport, head_a: User
) -> None:
    head = client_for(head_a)
    with time_machine.travel(NOW, tick=False):
        outsider = post(
            head,
            f"{BASE}/{report.pk}/steps/assign",
            {"officer": personas.commune_b_officer.pk},
        )
        assert (outsider.status_code, outsider.json()["code"]) == (400, "assignee")
        nobody = post(head, f"{BASE}/{report.pk}/steps/assign", {"officer": 999999})
        assert nobody.json()["detail"] == outsider.json()["detail"]
        procuracy = post(
            head,
            f"{BASE}/{report.pk}/steps/transfer",
            {"to_agency": world.procuracy.pk, "reason": "Không thuộc thẩm quyền"},
        )
        assert (procuracy.status_code, procuracy.json()["code"]) == (400, "to_agency")
        unknown = post(
            head,
            f"{BASE}/{report.pk}/steps/link",
            {"other_code": "ZZZZZ-ZZZZZ", "reason": "trùng"},
        )
        assert (unknown.status_code, unknown.json()["code"]) == (400, "link")
    assert report.events.count() == 1


# ---- bulk import through the API --------------------------------------------

IMPORT_ROWS = [
    {
        "external_ref": "VNEID-1",
        "received_at": "2026-01-09T20:15:00+07:00",
        "kind": "tố giác",
        "crime_type": "fraud",
        "description": "Bị lừa chuyển tiền qua ứng dụng giả mạo ngân hàng.",
        "commune_code": "20341",
        "anonymous": "1",
    },
    {
        "external_ref": "VNEID-2",
        "received_at": "not a date",
        "kind": "tin báo",
        "description": "Có người lạ theo dõi nhà tôi nhiều đêm liền.",
        "commune_code": "20341",
    },
]


def test_import_json_rows_and_dry_run(world: World, personas: Personas) -> None:
    client = client_for(personas.commune_a_officer)
    url = f"{BASE}/import?unit={world.police_a.pk}"
    with time_machine.travel(NOW, tick=False):
        dry = post(client, f"{url}&dry_run=true", IMPORT_ROWS)
        assert dry.status_code == 200, dry.content
        assert dry.json()["created"] == 1
        assert dry.json()["dry_run"] is True
        assert not CrimeReport.objects.exists()
        done = post(client, url, IMPORT_ROWS).json()
        again = post(client, url, IMPORT_ROWS).json()
    assert done["created"] == 1
    assert done["rejected"] == [
        {
            "row": 2,
            "errors": {"received_at": done["rejected"][0]["errors"]["received_at"]},
        }
    ]
    assert again["created"] == 0
    assert again["duplicates"] == 1
    assert CrimeReport.objects.get().channel == "import"


def test_import_csv_upload(world: World, personas: Personas) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    text = (
        "external_ref;received_at;kind;description;commune_code\n"
        "A-1;10/01/2026 08:00;tố giác;Bị trộm điện thoại trong quán cà phê.;20341\n"
    )
    upload = SimpleUploadedFile("export.csv", ("\ufeff" + text).encode(), "text/csv")
    with time_machine.travel(NOW, tick=False):
        response = client_for(personas.commune_a_officer).post(
            f"{BASE}/import?unit={world.police_a.pk}&channel=agency", {"file": upload}
        )
    assert response.status_code == 200, response.content
    assert response.json()["created"] == 1
    assert CrimeReport.objects.get().channel == "agency"


def test_import_refusals(world: World, personas: Personas) -> None:
    with time_machine.travel(NOW, tick=False):
        other_unit = post(
            client_for(personas.commune_b_officer),
            f"{BASE}/import?unit={world.police_a.pk}",
            IMPORT_ROWS,
        )
        assert (other_unit.status_code, other_unit.json()["code"]) == (
            403,
            "forbidden",
        )
        liaison = post(
            client_for(personas.procuracy_liaison),
            f"{BASE}/import?unit={world.police_a.pk}",
            IMPORT_ROWS,
        )
        assert liaison.status_code == 403
        client = client_for(personas.commune_a_officer)
        url = f"{BASE}/import?unit={world.police_a.pk}"
        not_a_list = post(client, url, {"rows": IMPORT_ROWS})
        assert (not_a_list.status_code, not_a_list.json()["code"]) == (400, "json")
        portal = post(client, f"{url}&channel=portal", IMPORT_ROWS)
        assert (portal.status_code, portal.json()["code"]) == (400, "channel")
        no_file = client.post(url, {"other": "x"})
        assert (no_file.status_code, no_file.json()["code"]) == (400, "file")
    assert not CrimeReport.objects.exists()


# ---- the public side --------------------------------------------------------


def public_body(client: Client, **overrides: Any) -> dict[str, Any]:
    form = client.get(f"{PUBLIC}/challenge").json()
    body: dict[str, Any] = {
        "kind": "denunciation",
        "crime_type": "robbery",
        "description": "Hai người đi xe máy giật túi xách của tôi trước chợ.",
        "commune": "20341",
        "occurred_on": "2026-01-09",
        "anonymous": False,
        "identity": {"full_name": REPORTER, "phone": PHONE, "id_number": ID_NUMBER},
        "idempotency_key": form["idempotency_key"],
        "challenge": form["challenge"],
        "nonce": challenge_solve(form["challenge"]),
    }
    body.update(overrides)
    return body


def test_challenge_is_bound_to_a_fresh_key(world: World) -> None:
    client = Client()
    first = client.get(f"{PUBLIC}/challenge")
    assert first.status_code == 200
    assert "no-store" in first["Cache-Control"]
    body = first.json()
    assert set(body) == {"idempotency_key", "challenge", "bits"}
    assert body["bits"] == 6
    assert (
        client.get(f"{PUBLIC}/challenge").json()["idempotency_key"]
        != (body["idempotency_key"])
    )


def test_public_submit_and_its_repeat(world: World, personas: Personas) -> None:
    # CSRF is enforced as in a browser: the public endpoints do not need it.
    client = Client(enforce_csrf_checks=True)
    with time_machine.travel(NOW, tick=False):
        body = public_body(client)
        first = post(client, f"{PUBLIC}/", body)
        assert first.status_code == 201, first.content
        again = post(client, f"{PUBLIC}/", body)
    assert again.status_code == 200
    assert again.json() == first.json()
    receipt = first.json()
    assert set(receipt) == {"tracking_code", "secret", "received_at", "unit"}
    assert receipt["unit"] == "Công an phường Tam Kỳ"
    assert "no-store" in first["Cache-Control"]
    report = CrimeReport.objects.get()
    assert report.channel == "portal"
    assert report.secret_digest == digest(receipt["secret"])


def test_public_submit_refusals(world: World, settings: Any) -> None:
    client = Client()
    with time_machine.travel(NOW, tick=False):
        body = public_body(client)
        # A nonce that does not solve this challenge (a fixed one would solve a
        # 6-bit challenge one time in 64).
        body["nonce"] = next(
            str(n)
            for n in range(1000)
            if not challenge_verify(
                body["challenge"], str(n), bound_to=body["idempotency_key"]
            )
        )
        wrong_nonce = post(client, f"{PUBLIC}/", body)
        assert (wrong_nonce.status_code, wrong_nonce.json()["code"]) == (
            400,
            "challenge",
        )
        other_key = public_body(client)
        other_key["idempotency_key"] = "k" * 32
        mismatched = post(client, f"{PUBLIC}/", other_key)
        assert mismatched.json()["code"] == "challenge"
        prosecution = post(
            client, f"{PUBLIC}/", public_body(client, kind="recommendation")
        )
        assert prosecution.status_code == 422
        unknown = post(client, f"{PUBLIC}/", public_body(client, commune="99999"))
        assert (unknown.status_code, unknown.json()["code"]) == (400, "place_unknown")
        # Three counted above (a 422 never reaches the counter): a fourth is over.
        settings.BCD138_SUBMIT_RATE_PER_HOUR = 3
        limited = post(client, f"{PUBLIC}/", public_body(client))
        assert limited.status_code == 429
        assert limited.json()["code"] == "rate"
    assert not CrimeReport.objects.exists()


def test_public_status_and_messages_by_code_and_secret(
    world: World, personas: Personas
) -> None:
    client = Client(enforce_csrf_checks=True)
    with time_machine.travel(NOW, tick=False):
        receipt = post(client, f"{PUBLIC}/", public_body(client)).json()
        lookup = {"code": receipt["tracking_code"].lower(), "secret": receipt["secret"]}
        sent = post(client, f"{PUBLIC}/messages", {**lookup, "body": "Tôi có ảnh."})
        assert sent.status_code == 201
        report = CrimeReport.objects.get()
        officer = client_for(personas.commune_a_officer)
        reply = post(
            officer, f"{BASE}/{report.pk}/steps/message", {"body": "Mời anh chị đến."}
        )
        assert reply.status_code == 200
        status = post(client, f"{PUBLIC}/status", lookup)
    assert status.status_code == 200
    assert "no-store" in status["Cache-Control"]
    body = status.json()
    assert body["tracking_code"] == receipt["tracking_code"]
    with translation.override("vi"):  # the API speaks Vietnamese by default
        assert body["state"] == public_state(CrimeReport.objects.get())
    assert body["received_on"] == "2026-01-10"
    assert body["deadline"] == "2026-01-30"
    assert [(m["from_reporter"], m["body"]) for m in body["messages"]] == [
        (True, "Tôi có ảnh."),
        (False, "Mời anh chị đến."),
    ]
    assert "ca.a" not in status.content.decode()
    assert "secret" not in body


def test_wrong_secret_gets_the_unknown_code_answer(world: World) -> None:
    client = Client()
    with time_machine.travel(NOW, tick=False):
        receipt = post(client, f"{PUBLIC}/", public_body(client)).json()
        wrong_secret = post(
            client,
            f"{PUBLIC}/status",
            {"code": receipt["tracking_code"], "secret": "AAAA-BBBB-CCCC-DDDD"},
        )
        unknown_code = post(
            client,
            f"{PUBLIC}/status",
            {"code": "ZZZZZ-ZZZZZ", "secret": receipt["secret"]},
        )
        message = post(
            client,
            f"{PUBLIC}/messages",
            {"code": receipt["tracking_code"], "secret": "nope", "body": "x"},
        )
    assert wrong_secret.status_code == unknown_code.status_code == 404
    assert wrong_secret.json() == unknown_code.json() == message.json()
    assert wrong_secret.json()["code"] == "tracking"
    assert not CrimeReport.objects.get().messages.exists()


def test_public_lookups_are_rate_limited(world: World, settings: Any) -> None:
    settings.BCD138_STATUS_RATE_PER_HOUR = 2
    client = Client()
    lookup = {"code": "ZZZZZ-ZZZZZ", "secret": "AAAA-BBBB-CCCC-DDDD"}
    with time_machine.travel(NOW, tick=False):
        answers = [post(client, f"{PUBLIC}/status", lookup) for _i in range(3)]
    assert [a.status_code for a in answers] == [404, 404, 429]
    assert answers[-1].json()["code"] == "rate"


# ---- the identity never leaves ---------------------------------------------


def test_the_reporters_identity_never_appears_in_any_response(
    world: World, personas: Personas, head_a: User, report: CrimeReport
) -> None:
    desk = client_for(personas.commune_a_officer)
    texts = []
    with time_machine.travel(NOW, tick=False):
        created = post(desk, f"{BASE}/", record_body(world))
        texts.append(created.content.decode())
        public = Client()
        receipt = post(public, f"{PUBLIC}/", public_body(public))
        texts.append(receipt.content.decode())
        lookup = {
            "code": receipt.json()["tracking_code"],
            "secret": receipt.json()["secret"],
        }
        texts.append(post(public, f"{PUBLIC}/status", lookup).content.decode())
        assigned = post(
            client_for(head_a),
            f"{BASE}/{report.pk}/steps/assign",
            {"officer": personas.commune_a_officer.pk},
        )
        texts.append(assigned.content.decode())
        for user in (personas.commune_a_officer, head_a, personas.procuracy_liaison):
            client = client_for(user)
            texts.append(client.get(f"{BASE}/", {"state": "all"}).content.decode())
            for pk in CrimeReport.objects.values_list("pk", flat=True):
                texts.append(client.get(f"{BASE}/{pk}").content.decode())
    assert len(texts) > 10
    for text in texts:
        for secret_value in (REPORTER, PHONE, ID_NUMBER):
            assert secret_value not in text
            # JSON may escape non-ASCII: look for the escaped form too.
            assert json.dumps(secret_value)[1:-1] not in text


def test_openapi_lists_the_new_paths(client: Client) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    expected = {
        "/api/v1/reports/",
        "/api/v1/reports/counts",
        "/api/v1/reports/import",
        "/api/v1/reports/{report_id}",
        "/api/v1/public/reports/challenge",
        "/api/v1/public/reports/",
        "/api/v1/public/reports/status",
        "/api/v1/public/reports/messages",
    } | {
        f"/api/v1/reports/{{report_id}}/steps/{action}"
        for action in (
            "assign",
            "notify_procuracy",
            "note",
            "extend",
            "request_extension",
            "procuracy_extend",
            "suspend",
            "annul",
            "resume",
            "decide",
            "transfer",
            "link",
            "message",
        )
    }
    assert expected <= set(paths)
    # The public operations need no authentication; the officers' ones do.
    assert "security" not in paths["/api/v1/public/reports/status"]["post"]
    assert paths["/api/v1/reports/"]["get"]["security"]
