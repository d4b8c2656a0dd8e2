"""Background tasks of the hot-spot analysis, run by `bcd138 worker`.

`run_due` is meant to run once a day: `bcd138 hotspots run --due --enqueue` (from
cron or a systemd timer) queues it for the worker; it analyses only the provinces
whose last run is BCD138_HOTSPOT_EVERY_DAYS old, so an extra run changes nothing.
`run_one` runs one province now (an officer's request, or `run --enqueue`).
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django_tasks import task

from bcd138.hotspots.models import Run, RunTrigger
from bcd138.hotspots.services.runs import run_province, runs_run_due
from bcd138.places.models import Place


def run_summary(run: Run) -> dict[str, Any]:
    return {
        "run": run.pk,
        "province": run.province.code,
        "crime_type": run.crime_type,
        "status": run.status,
        "data_cutoff": run.data_cutoff.isoformat(),
        "events": run.events_used,
        "cells": run.cells.count(),
        "alerts": int((run.parameters or {}).get("alerts", 0)),
        "error": run.error,
    }


@task()
def run_due() -> dict[str, Any]:
    runs = runs_run_due(timezone.now())
    return {"runs": [run_summary(r) for r in runs]}


@task()
def run_one(
    province_id: int,
    crime_type: str = "",
    trigger: str = RunTrigger.SCHEDULE,
    requested_by_id: int | None = None,
) -> dict[str, Any]:
    from bcd138.agencies.models import User

    province = Place.objects.get(pk=province_id)
    user = None
    if requested_by_id is not None:
        user = User.objects.filter(pk=requested_by_id).first()
    run = run_province(
        province=province, crime_type=crime_type, trigger=trigger, requested_by=user
    )
    return run_summary(run)
