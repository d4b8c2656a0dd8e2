"""Victims and seized property: recorded by the investigating body while the case
is open, the victim's identity encrypted, audited without a name; through the
service, the API and the case page."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
import time_machine
from django.test import Client

from bcd138.agencies import services as agency_services
from bcd138.agencies.models import User
from bcd138.cases.models import Case, EventKind, SeizedItem, Victim
from bcd138.cases.services.charges import ChargeInput
from bcd138.cases.services.people import case_seized_add, case_victim_add
from bcd138.cases.services.steps import StepInput, case_charge_accused, case_step
from bcd138.core import crypto
from bcd138.core.errors import DomainError
from bcd138.core.models import AuditEntry
from tests.cases.conftest import Justice, open_case
from tests.conftest import Personas, World, client_for

pytestmark = pytest.mark.django_db

D = datetime.date
NAME = "Lê Thị Hoa Bí Mật"
TODAY = "2026-02-02 09:00 +07:00"  # the case: offence 05/01, instituted 12/01
BASE = "/api/v1/cases"


@pytest.fixture(autouse=True)
def _today() -> Any:
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def case(world: World, justice: Justice) -> Case:
    return open_case(world, justice.investigator)


def _victim(case: Case, by: Any, **overrides: Any) -> Victim:
    values: dict[str, Any] = {
        "kind": "person",
        "harm": "Mất xe máy trị giá 25 triệu đồng",
        "identity": {"full_name": NAME, "contact": "0905123456"},
    }
    values.update(overrides)
    return case_victim_add(case, by=by, **values)


def _seized(case: Case, by: Any, **overrides: Any) -> SeizedItem:
    values: dict[str, Any] = {
        "description": "Xe mô tô Honda Wave, biển số 43E1-123.45",
        "quantity": "01 chiếc",
        "value_vnd": 25_000_000,
        "seized_on": D(2026, 1, 13),
    }
    values.update(overrides)
    return case_seized_add(case, by=by, **values)


def _close(case: Case, by: User) -> None:
    step = StepInput(
        kind=EventKind.TERMINATED,
        on=D(2026, 1, 20),
        reference="3/QĐ-ĐCVA",
        reason="Bị hại rút yêu cầu khởi tố",
    )
    case_step(case, by=by, step=step)
    case.refresh_from_db()
    assert case.closed_on is not None


def _audit_text(action: str) -> str:
    entry = AuditEntry.objects.get(action=action)
    return json.dumps(
        [entry.reason, entry.changes, entry.object_repr], ensure_ascii=False
    )


def _nothing_recorded() -> None:
    assert not Victim.objects.exists()
    assert not SeizedItem.objects.exists()
    assert not AuditEntry.objects.filter(
        action__in=["case.victim_added", "case.seized_added"]
    ).exists()


# ---------------------------------------------------------------------------
# The services


def test_investigator_adds_a_victim_encrypted_and_audited_without_the_name(
    justice: Justice, case: Case
) -> None:
    victim = _victim(case, justice.investigator)
    raw = Victim.objects.values_list("token", flat=True).get(pk=victim.pk)
    assert NAME not in raw
    assert "0905123456" not in raw
    assert crypto.decrypt_json(raw) == {"full_name": NAME, "contact": "0905123456"}
    assert victim.harm == "Mất xe máy trị giá 25 triệu đồng"
    entry = AuditEntry.objects.get(action="case.victim_added")
    assert entry.actor == justice.investigator
    assert entry.object_id == str(case.pk)
    assert NAME not in _audit_text("case.victim_added")
    assert "Hoa" not in _audit_text("case.victim_added")


def test_unit_head_adds_a_seized_item_audited(justice: Justice, case: Case) -> None:
    item = _seized(case, justice.head, quantity="  01 chiếc ", value_vnd=None)
    assert item.case_id == case.pk
    assert item.quantity == "01 chiếc"
    assert item.value_vnd is None
    assert item.seized_on == D(2026, 1, 13)
    entry = AuditEntry.objects.get(action="case.seized_added")
    assert entry.changes == {"seized_item": item.pk}


def test_police_still_add_while_the_procuracy_holds_the_file(
    justice: Justice, personas: Personas, case: Case
) -> None:
    by, vks = justice.investigator, personas.procuracy_liaison
    case_charge_accused(
        case,
        by=by,
        identity={"full_name": "Nguyễn Văn An"},
        charges=[ChargeInput("173", 1)],
        step=StepInput(kind="accused_charged", on=D(2026, 1, 14), reference="1/QĐ"),
    )
    for kind, on, who in (
        ("investigation_concluded", D(2026, 1, 15), by),
        ("file_sent_to_procuracy", D(2026, 1, 16), by),
        ("file_received_by_procuracy", D(2026, 1, 19), vks),
    ):
        case_step(case, by=who, step=StepInput(kind=kind, on=on, reference="2/KL"))
    case.refresh_from_db()
    assert case.holder == "procuracy"
    _seized(case, by)
    _victim(case, by)
    assert case.seized.count() == case.victims.count() == 1


@pytest.mark.parametrize(
    "who", ["procuracy_liaison", "commune_a_officer", "standing_office", "court"]
)
def test_others_than_the_investigating_body_are_refused(
    justice: Justice, personas: Personas, case: Case, who: str
) -> None:
    user = {
        "procuracy_liaison": personas.procuracy_liaison,
        "commune_a_officer": personas.commune_a_officer,
        "standing_office": justice.standing_office,
        "court": justice.court_liaison,
    }[who]
    for add in (_victim, _seized):
        with pytest.raises(DomainError) as refused:
            add(case, user)
        assert refused.value.status == 403
        assert refused.value.code == "not_investigating_body"
    _nothing_recorded()


def test_closed_case_refuses_both(justice: Justice, case: Case) -> None:
    _close(case, justice.investigator)
    for add in (_victim, _seized):
        with pytest.raises(DomainError) as refused:
            add(case, justice.investigator)
        assert refused.value.code == "case_closed"
        assert refused.value.status == 400
    _nothing_recorded()


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"seized_on": D(2026, 2, 3)}, "seized_on"),  # tomorrow
        ({"seized_on": D(2026, 1, 4)}, "seized_on"),  # before the offence
        ({"seized_on": None}, "seized_on"),
        ({"value_vnd": -1}, "value_vnd"),
        ({"value_vnd": 10**19}, "value_vnd"),
        ({"description": "   "}, "description"),
        ({"description": "x" * 251}, "description"),
        ({"quantity": "x" * 61}, "quantity"),
    ],
)
def test_seized_item_with_bad_input_is_refused(
    justice: Justice, case: Case, overrides: dict[str, Any], code: str
) -> None:
    with pytest.raises(DomainError) as refused:
        _seized(case, justice.investigator, **overrides)
    assert refused.value.code == code
    _nothing_recorded()


def test_seized_on_the_day_of_the_offence_and_today_are_accepted(
    justice: Justice, case: Case
) -> None:
    _seized(case, justice.investigator, seized_on=D(2026, 1, 5), value_vnd=0)
    _seized(case, justice.investigator, seized_on=D(2026, 2, 2))
    assert case.seized.count() == 2


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"kind": "animal"}, "kind"),
        ({"harm": "x" * 251}, "harm"),
        ({"identity": {"full_name": "A"}}, "full_name"),
        ({"identity": {"full_name": NAME, "id_number": "1"}}, "identity"),
    ],
)
def test_victim_with_bad_input_is_refused(
    justice: Justice, case: Case, overrides: dict[str, Any], code: str
) -> None:
    with pytest.raises(DomainError) as refused:
        _victim(case, justice.investigator, **overrides)
    assert refused.value.code == code
    _nothing_recorded()


# ---------------------------------------------------------------------------
# The API


def _api(user: User) -> Client:
    _token, raw = agency_services.api_token_create(user=user, name="test")
    return Client(headers={"Authorization": f"Bearer {raw}"})


def _post(client: Client, url: str, body: Any) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json")


VICTIM_BODY = {
    "kind": "organisation",
    "harm": "Thiệt hại 40 triệu đồng",
    "identity": {"full_name": NAME, "contact": "Số 5 Lê Lợi"},
}
SEIZED_BODY = {
    "description": "Điện thoại di động iPhone",
    "quantity": "02 chiếc",
    "value_vnd": 30_000_000,
    "seized_on": "2026-01-14",
}


def test_api_adds_a_victim_without_giving_the_identity_back(
    justice: Justice, case: Case
) -> None:
    response = _post(
        _api(justice.investigator), f"{BASE}/{case.pk}/victims", VICTIM_BODY
    )
    assert response.status_code == 201, response.content
    victim = Victim.objects.get()
    assert response.json() == {
        "id": victim.pk,
        "kind": "organisation",
        "harm": "Thiệt hại 40 triệu đồng",
    }
    assert NAME not in response.text
    assert crypto.decrypt_json(victim.token)["full_name"] == NAME


def test_api_adds_a_seized_item(justice: Justice, case: Case) -> None:
    response = _post(
        _api(justice.investigator), f"{BASE}/{case.pk}/seized", SEIZED_BODY
    )
    assert response.status_code == 201, response.content
    item = SeizedItem.objects.get()
    assert response.json() == {"id": item.pk, **SEIZED_BODY}
    detail = _api(justice.investigator).get(f"{BASE}/{case.pk}").json()
    assert [s["id"] for s in detail["seized"]] == [item.pk]


@pytest.mark.parametrize(
    ("who", "status", "code"),
    [
        ("procuracy_liaison", 403, "not_investigating_body"),
        ("commune_a_officer", 403, "not_investigating_body"),
        ("commune_b_officer", 404, "not_found"),  # the case is outside its reach
    ],
)
def test_api_refuses_others(
    personas: Personas, case: Case, who: str, status: int, code: str
) -> None:
    client = _api(getattr(personas, who))
    for path, body in (("victims", VICTIM_BODY), ("seized", SEIZED_BODY)):
        response = _post(client, f"{BASE}/{case.pk}/{path}", body)
        assert response.status_code == status, response.content
        assert response.json()["code"] == code
    _nothing_recorded()


def test_api_refuses_a_closed_case_and_bad_input(justice: Justice, case: Case) -> None:
    client = _api(justice.investigator)
    url = f"{BASE}/{case.pk}/seized"
    negative = _post(client, url, {**SEIZED_BODY, "value_vnd": -5})
    assert (negative.status_code, negative.json()["code"]) == (400, "value_vnd")
    future = _post(client, url, {**SEIZED_BODY, "seized_on": "2026-03-01"})
    assert (future.status_code, future.json()["code"]) == (400, "seized_on")
    kind = _post(client, f"{BASE}/{case.pk}/victims", {**VICTIM_BODY, "kind": "x"})
    assert kind.status_code == 422
    _close(case, justice.investigator)
    closed = _post(client, url, SEIZED_BODY)
    assert (closed.status_code, closed.json()["code"]) == (400, "case_closed")
    _nothing_recorded()


# ---------------------------------------------------------------------------
# The case page


def _en(user: Any) -> Client:
    client = client_for(user)
    client.cookies["django_language"] = "en"
    return client


def test_case_page_offers_the_forms_to_the_investigating_body_only(
    justice: Justice, personas: Personas, case: Case
) -> None:
    page = client_for(justice.investigator).get(f"/cases/{case.pk}/")
    assert 'data-testid="add-victim"' in page.text
    assert 'data-testid="add-seized"' in page.text
    for user in (personas.procuracy_liaison, personas.commune_a_officer):
        other = client_for(user).get(f"/cases/{case.pk}/")
        assert other.status_code == 200
        assert 'data-testid="add-victim"' not in other.text
        assert 'data-testid="add-seized"' not in other.text
    _close(case, justice.investigator)
    closed = client_for(justice.investigator).get(f"/cases/{case.pk}/")
    assert 'data-testid="add-victim"' not in closed.text


def test_page_adds_a_victim_by_htmx_without_showing_the_name(
    justice: Justice, case: Case
) -> None:
    client = _en(justice.investigator)
    response = client.post(
        f"/cases/{case.pk}/victims/",
        {
            "victim-kind": "person",
            "victim-full_name": NAME,
            "victim-contact": "0905123456",
            "victim-harm": "Mất ví",
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "Saved." in response.text
    assert "Mất ví" in response.text
    assert NAME not in response.text
    assert case.victims.count() == 1
    # The identities page, which reveals with a reason, shows the name.
    shown = client.post(f"/cases/{case.pk}/identities/", {"reason": "Lấy lời khai"})
    assert NAME in shown.text


def test_page_adds_a_seized_item_by_htmx(justice: Justice, case: Case) -> None:
    response = _en(justice.investigator).post(
        f"/cases/{case.pk}/seized/",
        {
            "seized-description": "Dao gấp",
            "seized-quantity": "01 con",
            "seized-value_vnd": "",
            "seized-seized_on": "2026-01-13",
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "Saved." in response.text
    assert "Dao gấp" in response.text
    assert case.seized.get().value_vnd is None


def test_page_shows_the_services_refusal_beside_the_field_and_keeps_the_values(
    justice: Justice, case: Case
) -> None:
    response = _en(justice.investigator).post(
        f"/cases/{case.pk}/seized/",
        {
            "seized-description": "Xe mô tô Honda Wave",
            "seized-quantity": "01 chiếc",
            "seized-value_vnd": "25000000",
            "seized-seized_on": "2026-01-02",
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200  # htmx swaps only 2xx
    assert "Property cannot be seized before the offence (05/01/2026)." in (
        response.text
    )
    assert 'id="id_seized-seized_on-error"' in response.text
    assert "Xe mô tô Honda Wave" in response.text  # nothing lost
    assert 'id="add-seized" class="collapse show' in response.text
    _nothing_recorded()


def test_page_without_htmx_answers_a_bad_form_with_400(
    justice: Justice, case: Case
) -> None:
    response = _en(justice.investigator).post(
        f"/cases/{case.pk}/victims/", {"victim-kind": "person", "victim-full_name": ""}
    )
    assert response.status_code == 400
    assert "Check the fields marked below." in response.text
    _nothing_recorded()


def test_page_refuses_others_and_a_closed_case(
    justice: Justice, personas: Personas, case: Case
) -> None:
    body = {"seized-description": "Dao", "seized-seized_on": "2026-01-13"}
    url = f"/cases/{case.pk}/seized/"
    liaison = _en(personas.procuracy_liaison).post(url, body)
    assert liaison.status_code == 403
    assert "Only the investigating body records" in liaison.text
    assert _en(personas.commune_b_officer).post(url, body).status_code == 404
    _close(case, justice.investigator)
    closed = _en(justice.investigator).post(url, body, HTTP_HX_REQUEST="true")
    assert closed.status_code == 200
    assert 'data-testid="action-error"' in closed.text
    assert "nothing more can be recorded" in closed.text
    _nothing_recorded()
