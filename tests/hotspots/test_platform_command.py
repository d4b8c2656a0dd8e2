"""`bcd138 hotspots run`, the tasks and the settings' checks."""

from __future__ import annotations

import datetime
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from bcd138.hotspots.checks import check_hotspot_settings
from bcd138.hotspots.models import Alert, Run, RunStatus, RunTrigger
from bcd138.hotspots.tasks import run_due, run_one
from tests.conftest import World
from tests.hotspots.conftest import Scene, build_scene, make_run

pytestmark = pytest.mark.django_db


def _call(*args: str) -> str:
    out = StringIO()
    call_command("hotspots", "run", *args, stdout=out)
    return out.getvalue()


def test_run_prints_one_line_per_run(scene: Scene) -> None:
    out = _call("--province", "48")
    run = Run.objects.get()
    assert run.status == RunStatus.SUCCEEDED
    assert run.trigger == RunTrigger.SCHEDULE
    assert out.startswith(f"run {run.pk} 48 all: succeeded, cut-off ")
    assert f"{run.events_used} events" in out
    assert "10 top" in out
    assert "1 alerts" in out
    assert out.count("\n") == 1


def test_due_runs_only_provinces_not_run_lately(scene: Scene) -> None:
    _call("--due")
    assert Run.objects.count() == 1
    assert _call("--due").strip() == "nothing to run"
    assert _call("--due", "--province", "48").strip() == "nothing to run"
    Run.objects.update(started_at=Run.objects.get().started_at - datetime.timedelta(8))
    _call("--due")
    assert Run.objects.count() == 2


def test_a_failed_run_exits_with_its_error(world: World) -> None:
    build_scene(world, background=10, forming=False)
    with (
        pytest.raises(CommandError, match="Too few events"),
        translation.override("en"),
    ):
        _call("--province", "48")
    assert Run.objects.get().status == RunStatus.FAILED


def test_bad_options(world: World) -> None:
    with pytest.raises(CommandError, match="no current province"):
        _call("--province", "99")
    with pytest.raises(CommandError, match="--crime-type"):
        _call("--crime-type", "murder")
    assert _call().strip() == "nothing to run"  # no province has events


def test_crime_types_of_the_settings_run_separately(
    scene: Scene, settings: Any
) -> None:
    settings.BCD138_HOTSPOT_CRIME_TYPES = ["theft", "drugs"]
    with (
        pytest.raises(CommandError, match="drugs: Too few events"),
        translation.override("en"),
    ):
        _call("--province", "48")
    by_kind = dict(Run.objects.values_list("crime_type", "status"))
    assert by_kind == {
        "": RunStatus.SUCCEEDED,
        "theft": RunStatus.SUCCEEDED,
        "drugs": RunStatus.FAILED,
    }
    # Alerts are per kind of crime: one for all kinds, one for theft.
    assert sorted(Alert.objects.values_list("crime_type", flat=True)) == ["", "theft"]


def test_enqueue_queues_the_tasks(scene: Scene) -> None:
    out = _call("--province", "48", "--enqueue")
    assert out.startswith("queued ")  # the immediate backend ran it too
    assert Run.objects.get().status == RunStatus.SUCCEEDED
    out = _call("--due", "--enqueue")  # the daily task, which finds nothing due
    assert out.startswith("queued ")
    assert Run.objects.count() == 1


def test_the_tasks(scene: Scene) -> None:
    result = run_one.enqueue(scene.world.province.pk)
    summary = result.return_value
    assert summary is not None
    assert summary["status"] == RunStatus.SUCCEEDED
    assert summary["cells"] == 10
    assert summary["alerts"] == 1
    assert "Mất" not in str(summary)
    due = run_due.enqueue().return_value
    assert due == {"runs": []}  # just ran


def test_settings_checks(settings: Any) -> None:
    assert check_hotspot_settings() == []
    settings.BCD138_HOTSPOT_CELL_METRES = 5
    settings.BCD138_HOTSPOT_TOP_SHARE = "lots"
    settings.BCD138_HOTSPOT_STEP = "day"
    settings.BCD138_HOTSPOT_CRIME_TYPES = ["theft", "murder"]
    ids = sorted(m.id or "" for m in check_hotspot_settings())
    assert ids == ["bcd138.E030", "bcd138.E031", "bcd138.E032", "bcd138.E033"]


def test_the_latest_run_is_shown_after_a_failure(world: World) -> None:
    good = make_run(world.province)
    make_run(world.province, status=RunStatus.FAILED)
    from bcd138.hotspots.services.runs import latest_run

    assert latest_run(province=world.province) == good
