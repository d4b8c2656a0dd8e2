"""Background tasks of the committee's work, run by `bcd138 worker`.

`escalate_overdue_tasks` is meant to run once a day: `bcd138 programs escalate
--enqueue` (from cron or a systemd timer) queues it for the worker; it is
idempotent, so an extra run changes nothing.
"""

from __future__ import annotations

from typing import Any

from django_tasks import task

from bcd138.programs.services.progress import tasks_escalate_overdue


@task()
def escalate_overdue_tasks() -> dict[str, Any]:
    result = tasks_escalate_overdue()
    return {"escalated": result.escalated, "overdue": result.overdue}
