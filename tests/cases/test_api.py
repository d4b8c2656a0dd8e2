"""The criminal-case API: who sees and acts on what, the steps, the identities,
the Penal Code.

Decision pinned here: a signed-in user with no case role (a department member)
gets 403 on the list, as on the page, rather than an empty list; a case outside
one's reach is 404 (its existence is not told).
"""

import datetime
import json
from typing import Any, get_args

import pytest
import time_machine
from django.test import Client

from bcd138.agencies import services as agency_services
from bcd138.agencies.models import Role, User
from bcd138.cases.api.schemas import OutcomeIn
from bcd138.cases.models import Accused, Case
from bcd138.cases.services.charges import ChargeInput
from bcd138.cases.services.steps import OUTCOMES
from bcd138.core.models import AuditEntry
from bcd138.intake.models import CrimeReport, State
from tests.cases.conftest import Justice, open_case
from tests.conftest import Personas, World, make_user
from tests.intake.conftest import file_report

pytestmark = pytest.mark.django_db

BASE = "/api/v1/cases"
LAW = "/api/v1/law"
NAME = "Trần Văn Bí Mật"
ID_NUMBER = "048099001122"


def travel(day: str) -> Any:
    return time_machine.travel(f"{day} 09:00 +07:00", tick=False)


def token_client(user: User) -> Client:
    _token, raw = agency_services.api_token_create(user=user, name="test")
    return Client(headers={"Authorization": f"Bearer {raw}"})


def post(client: Client, url: str, body: Any) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json")


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.content
    return response.json()


def refused(response: Any, status: int, code: str) -> None:
    assert response.status_code == status, response.content
    assert response.json()["code"] == code, response.content


def numbers(response: Any) -> list[str]:
    return [c["number"] for c in ok(response)["items"]]


@pytest.fixture
def case(world: World, justice: Justice) -> Case:
    """Instituted 12/01/2026 by the city police, in commune A; Điều 173.1."""
    with travel("2026-01-20"):
        return open_case(world, justice.investigator)


def charge_accused(client: Client, case: Case, **overrides: Any) -> Any:
    body = {
        "identity": {"full_name": NAME, "id_number": ID_NUMBER},
        "charges": [{"article": "173", "clause": 1}],
        "on": "2026-01-20",
        "reference": "5/QĐ-KTBC",
    }
    body.update(overrides)
    return post(client, f"{BASE}/{case.pk}/accused", body)


def step(client: Client, case: Case, kind: str, on: str, **body: Any) -> Any:
    return post(client, f"{BASE}/{case.pk}/steps", {"kind": kind, "on": on, **body})


def send_to_court(case: Case, justice: Justice, personas: Personas) -> None:
    """From institution to the file sent to the court, through the API."""
    police = token_client(justice.investigator)
    liaison = token_client(personas.procuracy_liaison)
    ok(charge_accused(police, case), 201)
    ok(
        step(police, case, "investigation_concluded", "2026-02-10", reference="7/KL"),
        201,
    )
    ok(step(police, case, "file_sent_to_procuracy", "2026-02-11"), 201)
    ok(step(liaison, case, "file_received_by_procuracy", "2026-02-12"), 201)
    ok(step(liaison, case, "indicted", "2026-02-20", reference="3/CT-VKS"), 201)
    court = justice.court.pk
    ok(step(liaison, case, "file_sent_to_court", "2026-02-21", to_agency=court), 201)


# ---- who sees what ------------------------------------------------------------


def test_anonymous_gets_401(case: Case) -> None:
    client = Client()
    for url in (f"{BASE}/", f"{BASE}/{case.pk}", f"{LAW}/articles?q=173"):
        refused(client.get(url), 401, "unauthenticated")
    refused(
        post(client, f"{BASE}/{case.pk}/steps", {"kind": "x"}), 401, "unauthenticated"
    )


@travel("2026-02-01")
def test_list_per_persona(
    case: Case, justice: Justice, personas: Personas, world: World
) -> None:
    for user in (
        justice.investigator,
        justice.head,
        personas.procuracy_liaison,
        justice.standing_office,
        personas.commune_a_officer,  # the case started in commune A
    ):
        assert numbers(token_client(user).get(f"{BASE}/")) == ["01/2026/VA"], user
    for user in (personas.commune_b_officer, justice.court_liaison):
        assert numbers(token_client(user).get(f"{BASE}/")) == [], user
    for user in (personas.department_member, personas.auditor, personas.no_role):
        refused(token_client(user).get(f"{BASE}/"), 403, "forbidden")


@travel("2026-02-01")
def test_list_item_shape(case: Case, justice: Justice, world: World) -> None:
    item = ok(token_client(justice.investigator).get(f"{BASE}/"))["items"][0]
    assert item["id"] == case.pk
    assert item["category"] == "less_serious"
    assert (item["stage"], item["phase"], item["holder"]) == (
        "investigation",
        "running",
        "police",
    )
    assert item["holding_agency"] == {"id": world.police.pk, "name": world.police.name}
    assert item["investigating_body"]["id"] == world.police.pk
    assert item["place"] == {"code": "20341", "name": "Phường Tam Kỳ", "era": "2025"}
    assert item["current_commune"]["code"] == "20341"
    assert item["instituted_on"] == "2026-01-12"
    assert item["deadline"] == "2026-03-12"
    assert item["days_left"] == 39
    assert item["overdue"] is False
    assert item["solved"] is False
    assert item["solved_on"] is None


@travel("2026-02-01")
def test_detail_per_persona(case: Case, justice: Justice, personas: Personas) -> None:
    url = f"{BASE}/{case.pk}"
    police = ok(token_client(justice.investigator).get(url))
    assert police["may_reveal"] is True
    assert "accused_charged" in police["allowed_steps"]
    liaison = ok(token_client(personas.procuracy_liaison).get(url))
    assert liaison["may_reveal"] is True
    assert "indicted" not in liaison["allowed_steps"]  # the police hold the file
    office = ok(token_client(justice.standing_office).get(url))
    assert office["may_reveal"] is True
    assert office["allowed_steps"] == []
    commune = ok(token_client(personas.commune_a_officer).get(url))
    assert commune["may_reveal"] is False
    assert commune["allowed_steps"] == []
    for user in (
        personas.commune_b_officer,
        justice.court_liaison,
        personas.department_member,
    ):
        refused(token_client(user).get(url), 404, "not_found")
    denied = AuditEntry.objects.filter(action="access.denied", object_id=str(case.pk))
    assert denied.count() == 3


@travel("2026-03-01")
def test_court_liaison_sees_the_case_only_once_sent_to_its_court(
    case: Case, justice: Justice, personas: Personas
) -> None:
    court = token_client(justice.court_liaison)
    police = token_client(justice.investigator)
    ok(charge_accused(police, case), 201)
    refused(court.get(f"{BASE}/{case.pk}"), 404, "not_found")
    liaison = token_client(personas.procuracy_liaison)
    ok(
        step(police, case, "investigation_concluded", "2026-02-10", reference="7/KL"),
        201,
    )
    ok(step(police, case, "file_sent_to_procuracy", "2026-02-11"), 201)
    ok(step(liaison, case, "file_received_by_procuracy", "2026-02-12"), 201)
    ok(step(liaison, case, "indicted", "2026-02-20", reference="3/CT-VKS"), 201)
    assert numbers(court.get(f"{BASE}/")) == []
    body = {"to_agency": justice.court.pk}
    ok(step(liaison, case, "file_sent_to_court", "2026-02-21", **body), 201)
    assert numbers(court.get(f"{BASE}/")) == ["01/2026/VA"]
    detail = ok(court.get(f"{BASE}/{case.pk}"))
    assert detail["court"] == {"id": justice.court.pk, "name": justice.court.name}
    assert detail["allowed_steps"] == ["file_received_by_court"]


# ---- the list: filters and queries --------------------------------------------


@pytest.fixture
def three_cases(world: World, justice: Justice, case: Case) -> dict[str, Case]:
    with travel("2026-01-20"):
        robbery = open_case(
            world,
            justice.investigator,
            number="02/2026/VA",
            title="Cướp tài sản tại Hải Châu",
            place=world.commune_b,
            charges=[ChargeInput("168", 2)],
        )
        old = open_case(
            world,
            justice.investigator,
            number="03/2025/VA",
            title="Trộm cắp xe máy năm 2025",
            occurred_on=datetime.date(2025, 10, 1),
            instituted_on=datetime.date(2025, 10, 2),
        )
    return {"theft": case, "robbery": robbery, "old": old}


def test_list_filters(
    three_cases: dict[str, Case], justice: Justice, world: World, personas: Personas
) -> None:
    client = token_client(justice.investigator)

    def listed(**query: Any) -> set[str]:
        return set(numbers(client.get(f"{BASE}/", query)))

    with travel("2026-02-01"):
        assert listed() == {"01/2026/VA", "02/2026/VA", "03/2025/VA"}
        assert listed(category="very_serious") == {"02/2026/VA"}
        assert listed(commune="20242") == {"02/2026/VA"}
        assert listed(commune_id=world.commune_a.pk) == {"01/2026/VA", "03/2025/VA"}
        assert listed(agency=world.police.pk, q="Điều 168") == {"02/2026/VA"}
        assert listed(q="xe máy") == {"03/2025/VA"}
        assert listed(instituted_from="2026-01-01") == {"01/2026/VA", "02/2026/VA"}
        assert listed(instituted_to="2025-12-31") == {"03/2025/VA"}
        assert listed(due="overdue") == {"03/2025/VA"}
        assert listed(solved="true") == set()
        assert listed(stage="prosecution") == set()
        refused(client.get(f"{BASE}/", {"commune": "99999"}), 400, "place_unknown")
        refused(client.get(f"{BASE}/", {"commune_id": 0}), 400, "place_unknown")
        refused(client.get(f"{BASE}/", {"agency": 0}), 400, "agency")
        for bad in ({"instituted_from": "01/02/2026"}, {"stage": "x"}, {"due": "y"}):
            refused(client.get(f"{BASE}/", bad), 422, "validation")


@travel("2026-02-01")
def test_list_by_accused_name_for_roles_that_may(
    case: Case, justice: Justice, personas: Personas
) -> None:
    police = token_client(justice.investigator)
    ok(charge_accused(police, case), 201)
    assert numbers(police.get(f"{BASE}/", {"name": "tran van bi mat"})) == [
        "01/2026/VA"
    ]
    assert numbers(police.get(f"{BASE}/", {"name": "Nguyễn Văn Khác"})) == []
    # Commune police see the case but not who is accused in it.
    commune = token_client(personas.commune_a_officer)
    assert numbers(commune.get(f"{BASE}/")) == ["01/2026/VA"]
    assert numbers(commune.get(f"{BASE}/", {"name": NAME})) == []
    searches = AuditEntry.objects.filter(action="case.name_search")
    assert searches.count() == 3
    assert NAME not in json.dumps(list(searches.values()), default=str)
    department = token_client(personas.department_member)
    refused(department.get(f"{BASE}/", {"name": NAME}), 403, "forbidden")


def test_list_query_count_does_not_grow_with_rows(
    three_cases: dict[str, Case],
    justice: Justice,
    django_assert_num_queries: Any,
) -> None:
    client = token_client(justice.investigator)
    with travel("2026-02-01"):
        client.get(f"{BASE}/")  # the token's last use is recorded once a minute
        # token and user, grants, count, page
        with django_assert_num_queries(4):
            response = client.get(f"{BASE}/", {"stage": "all"})
    assert ok(response)["count"] == 3


# ---- one case -------------------------------------------------------------------


@travel("2026-03-01")
def test_detail_query_count_does_not_grow_with_events(
    case: Case, justice: Justice, personas: Personas, django_assert_num_queries: Any
) -> None:
    police = token_client(justice.investigator)
    court = token_client(justice.court_liaison)
    send_to_court(case, justice, personas)
    for client in (police, court):
        client.get(f"{BASE}/{case.pk}")  # the token's last use: once a minute
        # token, grants, case, place, accused, victims, seized, events, charges,
        # calendar; allowed_steps: events, calendar
        with django_assert_num_queries(12):
            ok(client.get(f"{BASE}/{case.pk}"))


@travel("2026-03-01")
def test_detail_has_charges_events_and_the_time_limits(
    case: Case, justice: Justice, personas: Personas
) -> None:
    police = token_client(justice.investigator)
    charges = [{"article": "171", "clause": 2}]
    created = ok(charge_accused(police, case, charges=charges), 201)
    assert created["accused"]["ordinal"] == 1
    assert created["event"]["kind"] == "accused_charged"
    assert created["case"]["category"] == "very_serious"
    body = ok(police.get(f"{BASE}/{case.pk}"))
    assert body["category"] == "very_serious"
    assert body["deadline"] == "2026-05-12"
    assert body["solved"] is True
    assert body["solved_on"] == "2026-01-20"
    assert body["procuracy"]["id"] == case.procuracy_id
    assert body["court"] is None
    assert body["max_deadline"] is not None
    assert body["extension_request_by"] is not None
    charges = {(c["accused"], c["article"], c["clause"]) for c in body["charges"]}
    assert charges == {(None, "173", 1), (1, "171", 2)}
    assert body["charges"][0]["title"].startswith("Tội")
    assert body["accused"] == [{"id": created["accused"]["id"], "ordinal": 1}]
    assert body["victims"] == []
    assert body["seized"] == []
    assert [e["kind"] for e in body["events"]] == ["instituted", "accused_charged"]
    first = body["events"][0]
    assert first["reference"] == "12/QĐ-CSĐT"
    assert first["agency"]["id"] == case.investigating_body_id
    assert first["to_agency"]["id"] == case.procuracy_id
    history = body["limit_history"]
    assert [h["kind"] for h in history][:1] == ["instituted"]
    assert history[-1]["deadline_after"] == "2026-05-12"


@travel("2026-02-01")
def test_the_accused_name_never_appears_outside_the_reveal(
    case: Case, justice: Justice, personas: Personas
) -> None:
    police = token_client(justice.investigator)
    texts = [charge_accused(police, case).content.decode()]
    for user in (
        justice.investigator,
        justice.standing_office,
        personas.procuracy_liaison,
        personas.commune_a_officer,
    ):
        client = token_client(user)
        texts.append(client.get(f"{BASE}/").content.decode())
        texts.append(client.get(f"{BASE}/{case.pk}").content.decode())
    for text in texts:
        for secret in (NAME, ID_NUMBER):
            assert secret not in text
            assert json.dumps(secret)[1:-1] not in text  # JSON escapes non-ASCII
    assert Accused.objects.get(case=case).name_index  # it was stored, encrypted


@travel("2026-02-01")
def test_reveal_returns_the_identities_and_is_audited(
    case: Case, justice: Justice, personas: Personas
) -> None:
    ok(charge_accused(token_client(justice.investigator), case), 201)
    url = f"{BASE}/{case.pk}/identities/reveal"
    response = post(
        token_client(justice.investigator), url, {"reason": "Lập cáo trạng"}
    )
    body = ok(response)
    assert body["accused"][0]["full_name"] == NAME
    assert body["accused"][0]["id_number"] == ID_NUMBER
    assert body["accused"][0]["ordinal"] == 1
    assert "no-store" in response["Cache-Control"]
    entry = AuditEntry.objects.get(action="case.identity_reveal")
    assert entry.actor == justice.investigator
    assert entry.reason == "Lập cáo trạng"
    assert NAME not in json.dumps(entry.changes)
    short = post(token_client(justice.investigator), url, {"reason": "xem"})
    refused(short, 400, "reason")
    commune = post(token_client(personas.commune_a_officer), url, {"reason": "Tò mò"})
    refused(commune, 403, "identity_forbidden")
    assert NAME not in commune.content.decode()
    assert AuditEntry.objects.filter(action="case.identity_refused").count() == 1
    outsider = post(token_client(personas.commune_b_officer), url, {"reason": "Tò mò"})
    refused(outsider, 404, "not_found")
    assert AuditEntry.objects.filter(action="case.identity_reveal").count() == 1


# ---- opening ----------------------------------------------------------------------


def open_body(world: World, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "number": "10/2026/VA",
        "title": "Trộm cắp tài sản tại chợ Tam Kỳ",
        "investigating_body": world.police.pk,
        "procuracy": world.procuracy.pk,
        "occurred_on": "2026-01-05",
        "commune": "20341",
        "instituted_on": "2026-01-12",
        "reference": "20/QĐ-CSĐT",
        "charges": [{"article": "173", "clause": 1}],
    }
    body.update(overrides)
    return body


@travel("2026-02-01")
def test_open_a_case(world: World, justice: Justice, personas: Personas) -> None:
    client = token_client(justice.investigator)
    body = ok(post(client, f"{BASE}/", open_body(world)), 201)
    assert body["number"] == "10/2026/VA"
    assert body["deadline"] == "2026-03-12"
    assert [e["kind"] for e in body["events"]] == ["instituted"]
    assert AuditEntry.objects.filter(action="case.instituted").count() == 1
    again = post(client, f"{BASE}/", open_body(world))
    refused(again, 400, "number_taken")
    commune = token_client(personas.commune_a_officer)
    refused(post(commune, f"{BASE}/", open_body(world, number="11")), 403, "forbidden")
    for field, value, code in (
        ("investigating_body", 0, "investigating_body"),
        ("procuracy", 0, "procuracy"),
        ("procuracy", world.police.pk, "procuracy"),
        ("commune", "99999", "place_unknown"),
        ("instituted_on", "2026-12-01", "date"),
        ("charges", [{"article": "173", "clause": 9}], "law_clause_unknown"),
        ("charges", [{"article": "999", "clause": 1}], "law_article_unknown"),
    ):
        response = post(client, f"{BASE}/", open_body(world, **{field: value}))
        refused(response, 400, code)
    refused(post(client, f"{BASE}/", open_body(world, charges=[])), 422, "validation")
    refused(post(client, f"{BASE}/", {"number": "x"}), 422, "validation")
    assert Case.objects.count() == 1


@travel("2026-02-01")
def test_open_a_case_from_a_report(world: World, personas: Personas) -> None:
    head_a = make_user("truong.a", Role.UNIT_HEAD, world.police_a, world.commune_a)
    with travel("2026-01-10"):
        report = file_report(world, personas.commune_a_officer)
    body = open_body(world, investigating_body=world.police_a.pk, report=report.pk)
    created = ok(post(token_client(head_a), f"{BASE}/", body), 201)
    assert created["report"] == report.pk
    report.refresh_from_db()
    assert report.state == State.INSTITUTED
    # A report leads to one case at most.
    again = open_body(world, number="12", investigating_body=world.police_a.pk)
    again["report"] = report.pk
    refused(post(token_client(head_a), f"{BASE}/", again), 400, "report_state")
    other = token_client(personas.commune_b_officer)
    refused(post(other, f"{BASE}/", again), 404, "not_found")
    assert CrimeReport.objects.count() == 1


# ---- steps --------------------------------------------------------------------------


@travel("2026-03-01")
def test_a_step_by_a_body_not_holding_the_file_is_403(
    case: Case, justice: Justice, personas: Personas
) -> None:
    police = token_client(justice.investigator)
    liaison = token_client(personas.procuracy_liaison)
    ok(charge_accused(police, case), 201)
    ok(
        step(police, case, "investigation_concluded", "2026-02-10", reference="7/KL"),
        201,
    )
    ok(step(police, case, "file_sent_to_procuracy", "2026-02-11"), 201)
    ok(step(liaison, case, "file_received_by_procuracy", "2026-02-12"), 201)
    before = case.events.count()
    late = step(police, case, "investigation_suspended", "2026-02-13", reference="1")
    refused(late, 403, "not_holder")
    commune = token_client(personas.commune_a_officer)
    refused(
        step(commune, case, "indicted", "2026-02-13", reference="1"), 403, "forbidden"
    )
    other = token_client(personas.commune_b_officer)
    refused(
        step(other, case, "indicted", "2026-02-13", reference="1"), 404, "not_found"
    )
    assert case.events.count() == before


@travel("2026-03-01")
def test_indictment_before_the_file_reached_the_procuracy_is_refused(
    case: Case, justice: Justice, personas: Personas
) -> None:
    police = token_client(justice.investigator)
    liaison = token_client(personas.procuracy_liaison)
    ok(charge_accused(police, case), 201)
    refused(
        step(liaison, case, "indicted", "2026-02-05", reference="3"), 403, "not_holder"
    )
    ok(
        step(police, case, "investigation_concluded", "2026-02-10", reference="7/KL"),
        201,
    )
    ok(step(police, case, "file_sent_to_procuracy", "2026-02-11"), 201)
    # In transit: the police are still responsible; the procuracy must receive it.
    refused(
        step(liaison, case, "indicted", "2026-02-12", reference="3"), 403, "not_holder"
    )
    assert case.events.count() == 4
    ok(step(liaison, case, "file_received_by_procuracy", "2026-02-12"), 201)
    done = ok(step(liaison, case, "indicted", "2026-02-20", reference="3/CT"), 201)
    assert done["event"]["agency"]["id"] == case.procuracy_id
    assert done["case"]["holder"] == "procuracy"


@travel("2026-03-10")
def test_an_extension_requested_too_late_is_refused(
    case: Case, personas: Personas
) -> None:
    liaison = token_client(personas.procuracy_liaison)
    body = {"until": "2026-04-12", "reference": "9/QĐ-VKS"}
    # The limit ends 12/03; the request had to arrive by 02/03 (Điều 172.2).
    late = step(
        liaison,
        case,
        "investigation_extended",
        "2026-03-09",
        requested_on="2026-03-05",
        **body,
    )
    refused(late, 400, "request_too_late")
    assert "02/03/2026" in late.json()["detail"]
    assert case.events.count() == 1
    done = step(
        liaison,
        case,
        "investigation_extended",
        "2026-03-09",
        requested_on="2026-03-01",
        **body,
    )
    assert ok(done, 201)["case"]["deadline"] == "2026-04-12"


@travel("2026-02-01")
def test_step_body_errors_are_4xx_json(case: Case, justice: Justice) -> None:
    police = token_client(justice.investigator)
    refused(step(police, case, "no_such_step", "2026-01-20"), 422, "validation")
    refused(step(police, case, "indicted", "20/01/2026"), 422, "validation")
    refused(step(police, case, "judgment", "2026-01-20"), 400, "kind")
    late = step(police, case, "investigation_suspended", "2026-12-01", reference="1")
    refused(late, 400, "date")
    refused(
        step(police, case, "file_sent_to_procuracy", "2026-01-20", to_agency=0),
        400,
        "to_agency",
    )
    refused(
        step(police, case, "investigation_suspended", "2026-01-20"), 400, "reference"
    )
    refused(
        step(police, case, "investigation_concluded", "2026-01-20", reference="1"),
        400,
        "no_accused",
    )
    missing = post(police, f"{BASE}/999999/steps", {"kind": "indicted"})
    refused(missing, 404, "not_found")
    assert case.events.count() == 1


@travel("2026-02-01")
def test_an_unknown_clause_is_refused_and_nothing_changes(
    case: Case, justice: Justice
) -> None:
    police = token_client(justice.investigator)
    bad = charge_accused(police, case, charges=[{"article": "173", "clause": 9}])
    refused(bad, 400, "law_clause_unknown")
    assert not Accused.objects.exists()
    change = {
        "accused": None,
        "charges": [{"article": "173", "clause": 7}],
        "reference": "2",
    }
    refused(
        post(police, f"{BASE}/{case.pk}/charges", change), 400, "law_clause_unknown"
    )
    assert case.events.count() == 1


@travel("2026-02-01")
def test_change_charges_and_correct_a_step(case: Case, justice: Justice) -> None:
    police = token_client(justice.investigator)
    accused = ok(charge_accused(police, case), 201)["accused"]["id"]
    change = {
        "accused": accused,
        "charges": [{"article": "173", "clause": 2}],
        "on": "2026-01-25",
        "reference": "6/QĐ-TĐ",
    }
    done = ok(post(police, f"{BASE}/{case.pk}/charges", change), 201)
    assert done["event"]["kind"] == "charges_changed"
    assert done["event"]["accused"] == accused
    assert done["case"]["category"] == "serious"
    refused(post(police, f"{BASE}/{case.pk}/charges", change), 400, "charges")
    refused(
        post(police, f"{BASE}/{case.pk}/charges", {**change, "accused": 0}),
        400,
        "accused",
    )
    first = case.events.get(kind="instituted")
    body = {"corrects": first.pk, "reason": "Sai số quyết định: 12/QĐ-CSĐT"}
    fixed = ok(post(police, f"{BASE}/{case.pk}/corrections", body), 201)
    assert fixed["event"]["corrects"] == first.pk
    refused(
        post(police, f"{BASE}/{case.pk}/corrections", {**body, "corrects": 0}),
        400,
        "corrects",
    )
    detail = ok(police.get(f"{BASE}/{case.pk}"))
    ended = {(c["clause"], c["ended"]) for c in detail["charges"] if c["accused"]}
    assert ended == {(1, True), (2, False)}


@travel("2026-04-01")
def test_judgment_and_appeal_by_the_court(
    case: Case, justice: Justice, personas: Personas
) -> None:
    send_to_court(case, justice, personas)
    court = token_client(justice.court_liaison)
    accused = case.accused.get().pk
    ok(step(court, case, "file_received_by_court", "2026-02-23"), 201)
    ok(step(court, case, "brought_to_trial", "2026-03-02", reference="4/QĐXX"), 201)
    url = f"{BASE}/{case.pk}/judgment"
    refused(
        post(court, url, {"outcomes": [], "on": "2026-03-20", "reference": "1"}),
        422,
        "validation",
    )
    body = {
        "outcomes": [{"accused": accused, "outcome": "convicted", "sentence": "2 năm"}],
        "on": "2026-03-20",
        "reference": "15/2026/HS-ST",
    }
    refused(post(token_client(justice.investigator), url, body), 403, "not_holder")
    judged = ok(post(court, url, body), 201)
    # The schema's outcomes are the service's.
    field = OutcomeIn.model_fields["outcome"]
    assert set(get_args(field.annotation)) == set(OUTCOMES)
    assert judged["event"]["details"]["outcomes"][0]["outcome"] == "convicted"
    assert judged["case"]["stage"] == "closed"
    appeal = {"on": "2026-03-25", "reason": "Bị cáo kháng cáo xin giảm nhẹ"}
    appealed = ok(post(court, f"{BASE}/{case.pk}/appeal", appeal), 201)
    assert appealed["event"]["kind"] == "appealed"


# ---- a unit's overdue list ----------------------------------------------------------


def test_overdue_list_of_a_unit(
    three_cases: dict[str, Case], justice: Justice, world: World, personas: Personas
) -> None:
    url = f"{BASE}/overdue"
    with travel("2026-02-01"):
        for user in (justice.investigator, justice.head, justice.standing_office):
            got = numbers(token_client(user).get(url, {"agency": world.police.pk}))
            assert got == ["03/2025/VA"], user
        liaison = token_client(personas.procuracy_liaison)
        assert numbers(liaison.get(url, {"agency": world.procuracy.pk})) == []
        for user in (
            personas.procuracy_liaison,
            personas.commune_a_officer,
            personas.department_member,
        ):
            response = token_client(user).get(url, {"agency": world.police.pk})
            refused(response, 403, "forbidden")
        client = token_client(justice.investigator)
        refused(client.get(url, {"agency": 0}), 400, "agency")
        refused(client.get(url), 422, "validation")


# ---- the token and CSRF -------------------------------------------------------------


@travel("2026-02-01")
def test_session_writes_need_the_csrf_token_and_tokens_do_not(
    case: Case, justice: Justice
) -> None:
    session = Client(enforce_csrf_checks=True)
    session.force_login(
        justice.investigator, backend="django.contrib.auth.backends.ModelBackend"
    )
    assert session.get(f"{BASE}/{case.pk}").status_code == 200
    without = charge_accused(session, case)
    assert without.status_code in (401, 403)
    assert not Accused.objects.exists()
    ok(charge_accused(token_client(justice.investigator), case), 201)
    assert Accused.objects.count() == 1


# ---- the Penal Code ------------------------------------------------------------------


@travel("2026-02-01")
def test_law_article_search_by_number_and_words(personas: Personas) -> None:
    client = token_client(personas.department_member)  # any signed-in user
    by_number = ok(client.get(f"{LAW}/articles", {"q": "Điều 173"}))
    assert by_number["items"][0]["number"] == "173"
    assert by_number["items"][0]["title"].startswith("Tội trộm cắp")
    for words in ("trộm cắp", "trom cap"):
        found = ok(client.get(f"{LAW}/articles", {"q": words}))
        assert "173" in [a["number"] for a in found["items"]], words
    everything = ok(client.get(f"{LAW}/articles", {"limit": 5}))
    assert everything["count"] > 300
    assert len(everything["items"]) == 5
    refused(
        client.get(f"{LAW}/articles", {"on": "2010-01-01"}),
        400,
        "law_catalogue_before_2018",
    )
    refused(client.get(f"{LAW}/articles", {"on": "hôm qua"}), 422, "validation")


@travel("2026-02-01")
def test_law_article_with_its_clauses_and_chapter(personas: Personas) -> None:
    client = token_client(personas.commune_a_officer)
    body = ok(client.get(f"{LAW}/articles/173", {"on": "2026-01-01"}))
    assert body["number"] == "173"
    assert body["is_offence"] is True
    assert body["chapter"]["number"] == "XVI"
    assert body["chapter"]["title"]
    assert isinstance(body["chapter"]["social_order"], bool)
    clauses = {c["khoan"]: c for c in body["clauses"]}
    assert clauses[1]["category"] == "less_serious"
    assert clauses[2]["category"] == "serious"
    assert body["code_in_force_from"] <= "2026-01-01"
    refused(client.get(f"{LAW}/articles/999"), 404, "law_article_unknown")


def test_openapi_builds_and_lists_the_case_paths(client: Client) -> None:
    response = client.get("/api/v1/openapi.json")
    paths = ok(response)["paths"]
    expected = {
        "/api/v1/cases/",
        "/api/v1/cases/overdue",
        "/api/v1/cases/{case_id}",
        "/api/v1/cases/{case_id}/identities/reveal",
        "/api/v1/law/articles",
        "/api/v1/law/articles/{number}",
    } | {
        f"/api/v1/cases/{{case_id}}/{action}"
        for action in (
            "steps",
            "accused",
            "charges",
            "judgment",
            "appeal",
            "corrections",
        )
    }
    assert expected <= set(paths)
    assert paths["/api/v1/cases/"]["get"]["security"]
