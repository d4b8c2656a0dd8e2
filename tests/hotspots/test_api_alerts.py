"""The API at /api/v1/hotspots/alerts: scoped like the pages, and the follow-up
steps through the services with their refusals as JSON errors."""

from __future__ import annotations

from typing import Any

from bcd138.agencies.models import User
from bcd138.core.models import AuditEntry
from bcd138.hotspots.models import Alert, AlertNote, AlertStatus, NoteKind
from tests.conftest import Personas, World, client_for
from tests.hotspots.ui_helpers import Stored

API = "/api/v1/hotspots/alerts"


def get(user: Any, path: str = "", **params: Any) -> Any:
    return client_for(user).get(f"{API}{path}", params)


def post(user: Any, path: str, body: dict[str, Any] | None = None) -> Any:
    return client_for(user).post(
        f"{API}{path}", body or {}, content_type="application/json"
    )


def ids(response: Any) -> list[int]:
    return [a["id"] for a in response.json()["items"]]


def test_alerts_refuse_users_without_a_role_and_the_anonymous(
    personas: Personas, stored: Stored
) -> None:
    assert get(personas.department_member).status_code == 403
    assert get(None).status_code == 401


def test_alert_list_is_scoped_and_filtered(
    standing: User, personas: Personas, stored: Stored, world: World
) -> None:
    a, b = stored.alert_a, stored.alert_b
    assert set(ids(get(standing))) == {a.pk, b.pk}
    assert ids(get(personas.commune_a_officer)) == [a.pk]
    assert ids(get(standing, reason="top_cells")) == [b.pk]
    assert ids(get(standing, commune=world.commune_a.code)) == [a.pk]
    assert get(standing, commune="99999").json()["code"] == "place_unknown"
    Alert.objects.filter(pk=a.pk).update(status=AlertStatus.CLOSED)
    assert ids(get(standing)) == [b.pk]
    assert ids(get(standing, status="closed")) == [a.pk]
    assert set(ids(get(standing, status="all"))) == {a.pk, b.pk}
    item = get(standing, status="closed").json()["items"][0]
    assert item["commune"]["code"] == world.commune_a.code
    assert item["reasons"] == ["new_hot"]


def test_alert_detail_has_the_evidence_and_notes(
    standing: User, stored: Stored
) -> None:
    body = get(standing, f"/{stored.alert_a.pk}").json()
    assert body["evidence"]["refs"] == ["TG-ABCD-1234", "12/2026/HS"]
    assert body["evidence"]["counts"][-1] == 9
    assert [n["kind"] for n in body["notes"]] == ["raised"]
    assert body["notes"][0]["author"] is None


def test_alert_of_another_commune_is_404_and_audited(
    personas: Personas, stored: Stored
) -> None:
    response = get(personas.commune_a_officer, f"/{stored.alert_b.pk}")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert AuditEntry.objects.filter(action="access.denied").exists()


def test_follow_up_through_the_api(
    personas: Personas, standing: User, stored: Stored
) -> None:
    officer = personas.commune_a_officer
    path = f"/{stored.alert_a.pk}"
    body = post(officer, f"{path}/acknowledge").json()
    assert body["status"] == "acknowledged"
    again = post(officer, f"{path}/acknowledge")
    assert again.status_code == 409
    assert again.json()["code"] == "alert_acknowledged"
    response = post(officer, f"{path}/notes", {"kind": "outreach", "text": "Họp dân"})
    assert response.status_code == 201
    assert response.json()["kind"] == "outreach"
    assert response.json()["author"]["id"] == officer.pk
    body = post(standing, f"{path}/assign", {"assignee": officer.pk}).json()
    assert body["assignee"]["id"] == officer.pk
    body = post(officer, f"{path}/close", {"text": "Đã xử lý"}).json()
    assert body["status"] == "closed"
    assert [n["kind"] for n in body["notes"]] == [
        "raised",
        "acknowledged",
        "outreach",
        "assigned",
        "closed",
    ]
    closed = post(officer, f"{path}/notes", {"kind": "note", "text": "sau"})
    assert closed.status_code == 409
    assert closed.json()["code"] == "alert_closed"


def test_follow_up_refusals(personas: Personas, standing: User, stored: Stored) -> None:
    path = f"/{stored.alert_a.pk}"
    # Provincial police read the alert but do not act on it.
    response = post(personas.province_officer, f"{path}/acknowledge")
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    # Another commune's police do not see it.
    assert post(personas.commune_b_officer, f"{path}/acknowledge").status_code == 404
    # An assignee outside the commune, an unknown one.
    outside = post(
        standing, f"{path}/assign", {"assignee": personas.commune_b_officer.pk}
    )
    assert outside.status_code == 400
    assert outside.json()["code"] == "assignee_outside"
    unknown = post(standing, f"{path}/assign", {"assignee": 999999})
    assert unknown.json()["code"] == "assignee_unknown"
    # An empty note, a kind the officer may not write.
    empty = post(standing, f"{path}/notes", {"kind": "patrol", "text": "  "})
    assert empty.status_code == 400
    assert empty.json()["code"] == "note_empty"
    wrong = post(standing, f"{path}/notes", {"kind": "raised", "text": "x"})
    assert wrong.status_code == 422
    assert post(standing, f"{path}/close", {"text": ""}).json()["code"] == "note_empty"
    stored.alert_a.refresh_from_db()
    assert stored.alert_a.status == AlertStatus.OPEN
    assert stored.alert_a.assignee is None
    assert list(
        AlertNote.objects.filter(alert=stored.alert_a).values_list("kind", flat=True)
    ) == [NoteKind.RAISED]
