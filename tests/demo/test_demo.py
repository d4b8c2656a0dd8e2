import json
from pathlib import Path

import pytest

from bcd138.agencies.models import Agency, AgencyKind, Role, User
from bcd138.core.models import AuditEntry
from bcd138.demo.services import demo_load

pytestmark = pytest.mark.django_db


def test_demo_builds_da_nang_and_is_idempotent(tmp_path: Path) -> None:
    path = tmp_path / "demo-accounts.json"
    first = demo_load(accounts_path=path)
    assert Agency.objects.filter(kind=AgencyKind.COMMUNE_POLICE).count() == 94
    assert first.committees == 3
    assert {a.role for a in first.accounts} >= {str(r.label) for r in Role}
    audit_rows = AuditEntry.objects.count()
    second = demo_load(accounts_path=path)
    assert (second.agencies, second.members, second.users) == (
        first.agencies,
        first.members,
        first.users,
    )
    assert AuditEntry.objects.count() == audit_rows
    assert [a.password for a in second.accounts] == [a.password for a in first.accounts]


def test_demo_passwords_are_random_per_data_dir_and_work(tmp_path: Path) -> None:
    result = demo_load(accounts_path=tmp_path / "a.json")
    stored = json.loads((tmp_path / "a.json").read_text())
    assert (tmp_path / "a.json").stat().st_mode & 0o077 == 0
    for account in result.accounts:
        assert stored[account.username] == account.password
        assert User.objects.get(username=account.username).check_password(
            account.password
        )
    other = demo_load(accounts_path=tmp_path / "b.json")
    assert [a.password for a in other.accounts] != [a.password for a in result.accounts]
