"""The alert pages: the list with its filters, one alert with its evidence, and
the follow-up steps through the services, allowed and refused."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from bcd138.agencies.models import Role, User
from bcd138.core.models import AuditEntry
from bcd138.hotspots.models import Alert, AlertNote, AlertStatus, NoteKind
from tests.conftest import Personas, World, client_for, english, make_user
from tests.hotspots.ui_helpers import Stored

ALERTS = reverse("hotspots:alerts")


def listed(response: Any) -> list[Alert]:
    return [row["alert"] for row in response.context["rows"]]


def act(
    client: Client, alert: Alert, action: str, data: dict[str, Any] | None = None
) -> Any:
    url = reverse("hotspots:alert_act", args=[alert.pk, action])
    return client.post(url, data or {}, follow=True)


# ---- the list --------------------------------------------------------------------


def test_alert_list_shows_the_province_to_the_standing_office(
    standing: User, stored: Stored
) -> None:
    response = english(standing).get(ALERTS)
    assert response.status_code == 200
    assert set(listed(response)) == {stored.alert_a, stored.alert_b}
    html = response.content.decode()
    assert "New hot spot" in html
    assert "Entered the top forecast cells" in html
    assert "3\xa0days ago" in html or "3 days ago" in html


def test_alert_list_of_commune_police_holds_their_commune_only(
    personas: Personas, stored: Stored
) -> None:
    response = english(personas.commune_a_officer).get(ALERTS)
    assert listed(response) == [stored.alert_a]
    assert stored.alert_b.commune.name not in response.content.decode()


def test_alert_list_filters(standing: User, stored: Stored, world: World) -> None:
    client = english(standing)
    assert listed(client.get(ALERTS, {"reason": "top_cells"})) == [stored.alert_b]
    assert listed(client.get(ALERTS, {"commune": world.commune_a.pk})) == [
        stored.alert_a
    ]
    Alert.objects.filter(pk=stored.alert_a.pk).update(status=AlertStatus.CLOSED)
    assert listed(client.get(ALERTS)) == [stored.alert_b]
    assert listed(client.get(ALERTS, {"status": "closed"})) == [stored.alert_a]
    assert len(listed(client.get(ALERTS, {"status": "all"}))) == 2
    # htmx asks for the results only.
    partial = client.get(ALERTS, {"status": "all"}, HTTP_HX_REQUEST="true")
    assert "<html" not in partial.content.decode()


def test_alert_list_empty_states(standing: User, stored: Stored, world: World) -> None:
    client = english(standing)
    html = client.get(ALERTS, {"status": "closed"}).content.decode()
    assert 'data-testid="empty"' in html
    assert "No alert matches these filters." in html
    AlertNote.objects.all().delete()
    Alert.objects.all().delete()
    html = client.get(ALERTS).content.decode()
    assert "No hot-spot alert yet." in html


def test_alert_list_refuses_outsiders(personas: Personas, stored: Stored) -> None:
    assert client_for(personas.department_member).get(ALERTS).status_code == 403
    assert client_for(personas.no_role).get(ALERTS).status_code == 403


def test_alert_list_queries_do_not_grow_with_the_rows(
    standing: User, stored: Stored, django_assert_max_num_queries: Any
) -> None:
    client = english(standing)
    with django_assert_max_num_queries(20):
        client.get(ALERTS)


# ---- one alert -------------------------------------------------------------------


def test_alert_page_shows_the_evidence_and_history(
    standing: User, stored: Stored
) -> None:
    response = english(standing).get(
        reverse("hotspots:alert", args=[stored.alert_a.pk])
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="evidence"' in html
    assert html.count("<rect") == 12
    assert "TG-ABCD-1234" in html
    assert "12/2026/HS" in html
    assert "Alert raised" in html
    assert "See on the map" in html
    # The standing office of the province acts.
    for action in ("acknowledge", "note", "assign", "close"):
        assert reverse("hotspots:alert_act", args=[stored.alert_a.pk, action]) in html


def test_alert_page_links_the_codes_the_user_may_open(
    standing: User, stored: Stored
) -> None:
    # No report or case carries these codes here: they are shown, not linked.
    response = english(standing).get(
        reverse("hotspots:alert", args=[stored.alert_a.pk])
    )
    assert response.context["evidence"]["refs"] == [
        ("TG-ABCD-1234", None),
        ("12/2026/HS", None),
    ]


def test_alert_page_of_another_commune_is_404_and_audited(
    personas: Personas, stored: Stored
) -> None:
    url = reverse("hotspots:alert", args=[stored.alert_b.pk])
    assert client_for(personas.commune_a_officer).get(url).status_code == 404
    assert AuditEntry.objects.filter(action="access.denied").exists()


def test_alert_page_for_a_reader_who_may_not_act(
    personas: Personas, stored: Stored
) -> None:
    # Provincial police see the province's alerts; the follow-up is the
    # standing office's and the commune police's.
    response = english(personas.province_officer).get(
        reverse("hotspots:alert", args=[stored.alert_a.pk])
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "/act/" not in html
    assert "follow this alert up" in html


# ---- the steps -------------------------------------------------------------------


def test_commune_police_acknowledge_note_and_close_their_alert(
    personas: Personas, stored: Stored
) -> None:
    client = english(personas.commune_a_officer)
    alert = stored.alert_a
    response = act(client, alert, "acknowledge")
    assert "The alert is acknowledged." in response.content.decode()
    alert.refresh_from_db()
    assert alert.status == AlertStatus.ACKNOWLEDGED
    response = act(
        client, alert, "note", {"note-kind": "patrol", "note-text": "Tuần tra tối 16/6"}
    )
    assert "The note is added." in response.content.decode()
    assert AlertNote.objects.filter(alert=alert, kind=NoteKind.PATROL).exists()
    assert "Tuần tra tối 16/6" in response.content.decode()
    response = act(client, alert, "close", {"close-text": "Hết điểm nóng"})
    alert.refresh_from_db()
    assert alert.status == AlertStatus.CLOSED
    html = response.content.decode()
    assert "/act/" not in html  # nothing more to do on a closed alert


def test_standing_office_assigns_to_an_officer_of_the_commune(
    standing: User, personas: Personas, stored: Stored
) -> None:
    client = english(standing)
    alert = stored.alert_a
    page = client.get(reverse("hotspots:alert", args=[alert.pk]))
    officers = list(page.context["assign_form"].fields["assignee"].queryset)
    assert personas.commune_a_officer in officers
    assert standing in officers
    assert personas.commune_b_officer not in officers
    act(client, alert, "assign", {"assign-assignee": personas.commune_a_officer.pk})
    alert.refresh_from_db()
    assert alert.assignee == personas.commune_a_officer
    assert AlertNote.objects.filter(alert=alert, kind=NoteKind.ASSIGNED).exists()


def test_assigning_outside_the_commune_is_refused(
    standing: User, personas: Personas, stored: Stored
) -> None:
    response = act(
        english(standing),
        stored.alert_a,
        "assign",
        {"assign-assignee": personas.commune_b_officer.pk},
    )
    stored.alert_a.refresh_from_db()
    assert stored.alert_a.assignee is None
    assert "Officer" in response.content.decode()  # the form's error names the field


def test_acting_on_a_closed_alert_shows_the_services_refusal(
    standing: User, stored: Stored
) -> None:
    Alert.objects.filter(pk=stored.alert_a.pk).update(status=AlertStatus.CLOSED)
    response = act(
        english(standing),
        stored.alert_a,
        "note",
        {"note-kind": "note", "note-text": "x"},
    )
    assert "This alert is closed" in response.content.decode()
    assert not AlertNote.objects.filter(kind=NoteKind.NOTE).exists()


def test_an_empty_note_is_a_form_error(standing: User, stored: Stored) -> None:
    response = act(
        english(standing),
        stored.alert_a,
        "note",
        {"note-kind": "patrol", "note-text": ""},
    )
    assert response.status_code == 200
    assert not AlertNote.objects.filter(kind=NoteKind.PATROL).exists()
    assert "alert-danger" in response.content.decode()


def test_readers_who_may_not_act_are_refused(
    personas: Personas, stored: Stored
) -> None:
    url = reverse("hotspots:alert_act", args=[stored.alert_a.pk, "acknowledge"])
    assert client_for(personas.province_officer).post(url).status_code == 403
    # Another commune's police do not even see it.
    assert client_for(personas.commune_b_officer).post(url).status_code == 404
    assert client_for(personas.department_member).post(url).status_code == 403
    stored.alert_a.refresh_from_db()
    assert stored.alert_a.status == AlertStatus.OPEN


def test_unknown_step_is_404(standing: User, stored: Stored) -> None:
    url = reverse("hotspots:alert_act", args=[stored.alert_a.pk, "explode"])
    assert client_for(standing).post(url).status_code == 404


def test_a_unit_head_of_the_commune_may_act(world: World, stored: Stored) -> None:
    head = make_user("truongca", Role.UNIT_HEAD, world.police_a, world.commune_a)
    act(english(head), stored.alert_a, "acknowledge")
    stored.alert_a.refresh_from_db()
    assert stored.alert_a.status == AlertStatus.ACKNOWLEDGED


# ---- the overview ----------------------------------------------------------------


def test_overview_shows_the_open_alerts(
    standing: User, personas: Personas, stored: Stored
) -> None:
    html = english(standing).get(reverse("home")).content.decode()
    assert 'data-testid="hotspot-attention"' in html
    overview = (
        english(personas.commune_a_officer).get(reverse("home")).context["overview"]
    )
    assert overview.hotspot_attention == {"total": 1, "unacknowledged": 1, "mine": 0}
    html = english(personas.department_member).get(reverse("home")).content.decode()
    assert 'data-testid="hotspot-attention"' not in html


def test_overview_is_quiet_without_open_alerts(standing: User, world: World) -> None:
    html = english(standing).get(reverse("home")).content.decode()
    assert 'data-testid="hotspot-attention"' not in html
