"""Background tasks through the real database queue and the `worker` command.

The task here exists for the test: it proves the wiring (settings, queue table,
worker) that the forecasting and notification tasks of later modules rely on.
"""

from typing import Any

import pytest
from django.core.management import call_command
from django_tasks import task

from bcd138.core import audit
from bcd138.core.models import AuditEntry

pytestmark = pytest.mark.django_db


@task()
def record_marker(label: str) -> int:
    return audit.record("test.marker", reason=label).pk


def test_immediate_backend_runs_at_enqueue() -> None:
    result = record_marker.enqueue("inline")
    assert AuditEntry.objects.get(pk=result.return_value).reason == "inline"


def test_worker_runs_queued_task_from_the_database(
    settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # The worker drops "old" connections each time it wakes; here the only
    # connection is the test's, inside its transaction, and dropping it would
    # end the test (on PostgreSQL, whenever the suite has run long enough).
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections",
        lambda: None,
    )
    result = record_marker.enqueue("queued")
    assert not AuditEntry.objects.filter(action="test.marker").exists()
    call_command("worker", batch=True)
    result.refresh()
    assert result.status == "SUCCESSFUL"
    entry = AuditEntry.objects.get(action="test.marker")
    assert entry.reason == "queued"
    assert result.return_value == entry.pk
