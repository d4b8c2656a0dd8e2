import json
from pathlib import Path

import pytest

from bcd138.agencies.models import Agency, AgencyKind, Role, User
from bcd138.core.models import AuditEntry
from bcd138.demo.services import demo_load

pytestmark = pytest.mark.django_db


def test_demo_builds_da_nang_and_is_idempotent(tmp_path: Path) -> None:
    path = tmp_path / "demo-accounts.json"
    first = demo_load(accounts_path=path, report_count=20)
    assert Agency.objects.filter(kind=AgencyKind.COMMUNE_POLICE).count() == 94
    assert first.committees == 3
    assert {a.role for a in first.accounts} >= {str(r.label) for r in Role}
    audit_rows = AuditEntry.objects.count()
    second = demo_load(accounts_path=path, report_count=20)
    assert (second.agencies, second.members, second.users) == (
        first.agencies,
        first.members,
        first.users,
    )
    assert AuditEntry.objects.count() == audit_rows
    assert [a.password for a in second.accounts] == [a.password for a in first.accounts]


def test_demo_passwords_are_random_per_data_dir_and_work(tmp_path: Path) -> None:
    result = demo_load(accounts_path=tmp_path / "a.json", report_count=0)
    stored = json.loads((tmp_path / "a.json").read_text())
    assert (tmp_path / "a.json").stat().st_mode & 0o077 == 0
    for account in result.accounts:
        assert stored[account.username] == account.password
        assert User.objects.get(username=account.username).check_password(
            account.password
        )
    other = demo_load(accounts_path=tmp_path / "b.json", report_count=0)
    assert [a.password for a in other.accounts] != [a.password for a in result.accounts]


def test_demo_year_of_reports_shows_every_situation(tmp_path: Path, settings) -> None:  # type: ignore[no-untyped-def]
    import datetime

    from django.utils import timezone

    from bcd138.intake.models import CrimeReport, ReporterIdentity, State

    settings.DATA_DIR = tmp_path
    settings.MEDIA_ROOT = tmp_path / "media"
    demo_load(accounts_path=tmp_path / "a.json", report_count=150)
    reports = CrimeReport.objects.all()
    assert reports.count() == 150
    states = set(reports.values_list("state", flat=True))
    assert {
        State.RECEIVED,
        State.IN_PROGRESS,
        State.INSTITUTED,
        State.NOT_INSTITUTED,
    } <= states
    assert State.SUSPENDED in states
    assert reports.filter(deadline__lt=timezone.localdate()).exists()  # some overdue
    assert reports.filter(events__kind="head_extended").exists()
    assert reports.filter(events__kind="transferred").exists()
    assert reports.filter(anonymous=True).exists()
    assert ReporterIdentity.objects.exists()
    oldest = reports.order_by("received_at").first()
    assert oldest is not None
    assert timezone.localdate(
        oldest.received_at
    ) <= timezone.localdate() - datetime.timedelta(days=300)
    assert len(set(reports.values_list("channel", flat=True))) >= 5
