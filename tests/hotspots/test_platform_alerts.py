"""Following up an alert: acknowledge, assign, notes, close, and the refusals."""

from __future__ import annotations

import pytest

from bcd138.core.errors import DomainError
from bcd138.core.models import AuditEntry
from bcd138.hotspots.models import Alert, AlertNote, AlertStatus, NoteKind
from bcd138.hotspots.services.alerts import (
    alert_acknowledge,
    alert_assign,
    alert_close,
    alert_note_add,
)
from tests.conftest import World
from tests.hotspots.conftest import People, make_alert

pytestmark = pytest.mark.django_db


def _kinds(alert: Alert) -> list[str]:
    return list(AlertNote.objects.filter(alert=alert).values_list("kind", flat=True))


def test_the_commune_police_follow_an_alert_through(
    world: World, people: People
) -> None:
    alert = make_alert(world, world.commune_a)
    alert_acknowledge(user=people.police_a, alert=alert)
    assert alert.status == AlertStatus.ACKNOWLEDGED
    alert_assign(user=people.head_a, alert=alert, assignee=people.police_a)
    alert.refresh_from_db()
    assert alert.assignee_id == people.police_a.pk
    note = alert_note_add(
        user=people.police_a, alert=alert, kind=NoteKind.PATROL, text="  Tuần tra  "
    )
    assert note.text == "Tuần tra"
    assert note.author_id == people.police_a.pk
    alert_note_add(
        user=people.police_a,
        alert=alert,
        kind=NoteKind.CASE_OPENED,
        text="Khởi tố vụ án 05/2026",
    )
    alert_close(user=people.standing, alert=alert, text="Đã ổn định")
    alert.refresh_from_db()
    assert alert.status == AlertStatus.CLOSED
    assert alert.closed_at is not None
    assert _kinds(alert) == [
        NoteKind.RAISED,
        NoteKind.ACKNOWLEDGED,
        NoteKind.ASSIGNED,
        NoteKind.PATROL,
        NoteKind.CASE_OPENED,
        NoteKind.CLOSED,
    ]
    actions = set(
        AuditEntry.objects.filter(action__startswith="hotspots.alert_").values_list(
            "action", flat=True
        )
    )
    assert actions == {
        "hotspots.alert_acknowledge",
        "hotspots.alert_assign",
        "hotspots.alert_note",
        "hotspots.alert_close",
    }


def test_a_closed_alert_takes_nothing_more(world: World, people: People) -> None:
    alert = make_alert(world, world.commune_a)
    alert_close(user=people.police_a, alert=alert, text="Xong")
    for act in (
        lambda: alert_acknowledge(user=people.police_a, alert=alert),
        lambda: alert_assign(
            user=people.police_a, alert=alert, assignee=people.police_a
        ),
        lambda: alert_note_add(
            user=people.police_a, alert=alert, kind=NoteKind.NOTE, text="x"
        ),
        lambda: alert_close(user=people.police_a, alert=alert, text="x"),
    ):
        with pytest.raises(DomainError) as caught:
            act()
        assert caught.value.code == "alert_closed"
    assert _kinds(alert) == [NoteKind.RAISED, NoteKind.CLOSED]


def test_outsiders_may_not_act(world: World, people: People) -> None:
    alert = make_alert(world, world.commune_a)
    for user in (people.police_b, people.provincial, people.leader, people.outsider):
        with pytest.raises(DomainError) as caught:
            alert_acknowledge(user=user, alert=alert)
        assert (caught.value.code, caught.value.status) == ("forbidden", 403)
    with pytest.raises(DomainError):
        alert_note_add(user=people.no_role, alert=alert, kind=NoteKind.NOTE, text="x")
    assert _kinds(alert) == [NoteKind.RAISED]


def test_the_assignee_must_be_of_the_commune_or_the_standing_office(
    world: World, people: People
) -> None:
    alert = make_alert(world, world.commune_a)
    for assignee in (people.police_b, people.provincial, people.outsider):
        with pytest.raises(DomainError) as caught:
            alert_assign(user=people.standing, alert=alert, assignee=assignee)
        assert caught.value.code == "assignee_outside"
    people.police_a.is_active = False
    people.police_a.save()
    with pytest.raises(DomainError):
        alert_assign(user=people.standing, alert=alert, assignee=people.police_a)
    alert_assign(user=people.standing, alert=alert, assignee=people.head_a)
    alert_assign(user=people.police_a, alert=alert, assignee=people.standing)
    alert.refresh_from_db()
    assert alert.assignee_id == people.standing.pk


def test_notes_and_acknowledging_are_checked(world: World, people: People) -> None:
    alert = make_alert(world, world.commune_a)
    with pytest.raises(DomainError) as caught:
        alert_note_add(user=people.police_a, alert=alert, kind=NoteKind.NOTE, text=" ")
    assert caught.value.code == "note_empty"
    with pytest.raises(DomainError) as caught:
        alert_note_add(
            user=people.police_a, alert=alert, kind=NoteKind.RAISED, text="x"
        )
    assert caught.value.code == "note_kind"
    with pytest.raises(DomainError) as caught:
        alert_note_add(
            user=people.police_a, alert=alert, kind=NoteKind.NOTE, text="x" * 4001
        )
    assert caught.value.code == "note_too_long"
    with pytest.raises(DomainError) as caught:
        alert_close(user=people.police_a, alert=alert, text="")
    assert caught.value.code == "note_empty"
    alert_acknowledge(user=people.police_a, alert=alert)
    with pytest.raises(DomainError) as caught:
        alert_acknowledge(user=people.standing, alert=alert)
    assert caught.value.code == "alert_acknowledged"
    for kind in (NoteKind.OUTREACH, NoteKind.NOTE):
        alert_note_add(user=people.standing, alert=alert, kind=kind, text="ok")
