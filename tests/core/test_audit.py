import pytest
from django.db import DatabaseError, connection, transaction

from bcd138.agencies import services as agencies
from bcd138.core import audit
from bcd138.core.models import AuditEntry
from tests.conftest import Personas, World

pytestmark = pytest.mark.django_db


def test_service_write_records_who_what_where(world: World, personas: Personas) -> None:
    with audit.context(source="web", ip_address="10.1.2.3"):
        agencies.agency_update(world.police_a, by=personas.admin, phone="0235 3851 234")
    entry = AuditEntry.objects.filter(action="agency.update").latest("id")
    assert entry.actor == personas.admin
    assert entry.object_id == str(world.police_a.pk)
    assert entry.place == world.commune_a
    assert entry.ip_address == "10.1.2.3"
    assert entry.source == "web"
    assert entry.changes == {"phone": ["", "0235 3851 234"]}


def test_entry_cannot_be_changed_or_deleted_through_the_model(world: World) -> None:
    entry = AuditEntry.objects.first()
    assert entry is not None
    entry.reason = "rewritten"
    with pytest.raises(RuntimeError):
        entry.save()
    with pytest.raises(RuntimeError):
        entry.delete()


def test_database_refuses_update_and_delete(world: World) -> None:
    entry = AuditEntry.objects.first()
    assert entry is not None
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(reason="rewritten")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
        cur.execute("DELETE FROM core_auditentry")
    entry.refresh_from_db()
    assert entry.reason == ""


def test_revoking_a_role_requires_a_reason(world: World, personas: Personas) -> None:
    from bcd138.core.errors import DomainError

    assignment = personas.commune_a_officer.roles.get()
    with pytest.raises(DomainError) as err:
        agencies.role_revoke(assignment, by=personas.admin, reason=" ")
    assert err.value.code == "reason_required"
    agencies.role_revoke(assignment, by=personas.admin, reason="Transferred")
    entry = AuditEntry.objects.get(action="role.revoke")
    assert entry.reason == "Transferred"
    assert not personas.commune_a_officer.roles.exists()


@pytest.mark.parametrize(
    ("behind_proxy", "expected"), [(False, "127.0.0.9"), (True, "203.0.113.7")]
)
def test_audit_records_client_address(
    world: World,
    personas: Personas,
    settings,
    behind_proxy: bool,
    expected: str,  # type: ignore[no-untyped-def]
) -> None:
    from tests.conftest import client_for

    settings.BEHIND_PROXY = behind_proxy
    client = client_for(personas.commune_a_officer)
    client.post(
        "/account/tokens/",
        {"name": "x", "days": 5},
        REMOTE_ADDR="127.0.0.9",
        HTTP_X_FORWARDED_FOR="203.0.113.7, 10.0.0.1",
    )
    entry = AuditEntry.objects.get(action="api_token.create")
    assert entry.ip_address == expected
    assert entry.source == "web"
