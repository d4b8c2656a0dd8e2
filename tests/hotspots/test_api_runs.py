"""The API at /api/v1/hotspots/runs: the same people see the same results as on
the map; commune police only their commune's; the standing office starts runs."""

from __future__ import annotations

import json
from typing import Any

from django.utils import timezone

from bcd138.agencies.models import User
from bcd138.hotspots.models import Run, RunStatus
from tests.conftest import Personas, World, client_for
from tests.hotspots.conftest import build_scene
from tests.hotspots.ui_helpers import (
    Stored,
    assert_valid_geojson,
    make_run,
)

API = "/api/v1/hotspots"


def get(user: Any, path: str, **params: Any) -> Any:
    return client_for(user).get(f"{API}{path}", params)


def post(user: Any, path: str, body: dict[str, Any]) -> Any:
    return client_for(user).post(f"{API}{path}", body, content_type="application/json")


def test_runs_refuse_users_without_a_role_and_the_anonymous(
    personas: Personas, stored: Stored
) -> None:
    for path in ("/runs", f"/runs/{stored.run.pk}", f"/runs/{stored.run.pk}/trends"):
        response = get(personas.department_member, path)
        assert response.status_code == 403
        assert response.json()["code"] == "forbidden"
        assert get(None, path).status_code == 401


def test_run_list_and_detail(standing: User, stored: Stored, world: World) -> None:
    failed = make_run(world, status=RunStatus.FAILED, error="no events")
    body = get(standing, "/runs").json()
    assert {r["id"] for r in body["items"]} == {stored.run.pk, failed.pk}
    only = get(standing, "/runs", status="failed").json()["items"]
    assert [r["id"] for r in only] == [failed.pk]
    assert only[0]["error"] == "no events"
    assert get(standing, "/runs", province="01").json()["items"] == []
    assert get(standing, "/runs", province="99").json()["code"] == "place_unknown"
    detail = get(standing, f"/runs/{stored.run.pk}").json()
    assert detail["province"]["code"] == "48"
    assert detail["events_at_centroid"] == 17
    assert detail["step_starts"][0] == "2026-03-23"
    assert len(detail["step_starts"]) == 12
    assert detail["epsg"] == 32649


def test_commune_police_see_the_runs_of_their_province(
    personas: Personas, stored: Stored
) -> None:
    body = get(personas.commune_a_officer, "/runs").json()
    assert [r["id"] for r in body["items"]] == [stored.run.pk]


def test_trends_are_limited_to_the_commune_for_commune_police(
    standing: User, personas: Personas, stored: Stored, world: World
) -> None:
    trends = get(standing, f"/runs/{stored.run.pk}/trends").json()
    assert [t["place"]["code"] for t in trends] == [
        world.commune_a.code,
        world.commune_b.code,
    ]
    first = trends[0]
    assert first["pattern"] == "new_hot"
    assert first["counts"][-1] == 9
    assert first["gi"][-1] == 3.4
    mine = get(personas.commune_a_officer, f"/runs/{stored.run.pk}/trends").json()
    assert [t["place"]["code"] for t in mine] == [world.commune_a.code]


def test_trends_of_a_failed_run_are_409(standing: User, world: World) -> None:
    failed = make_run(world, status=RunStatus.FAILED, error="no events")
    response = get(standing, f"/runs/{failed.pk}/trends")
    assert response.status_code == 409
    assert response.json()["code"] == "run_without_results"


def test_geojson_through_the_api(
    standing: User, personas: Personas, stored: Stored, world: World
) -> None:
    response = get(standing, f"/runs/{stored.run.pk}/geojson")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert_valid_geojson(data)
    assert len(data["features"]) == 4
    mine = json.loads(
        get(personas.commune_a_officer, f"/runs/{stored.run.pk}/geojson").content
    )
    assert_valid_geojson(mine)
    assert {
        f["properties"].get("code") or f["properties"].get("commune_code")
        for f in mine["features"]
    } == {world.commune_a.code}


def test_a_run_of_another_province_is_404(personas: Personas, world: World) -> None:
    from bcd138.places.models import Place

    hanoi = Place.objects.current().provinces().get(code="01")
    other = make_run(world, province=hanoi)
    response = get(personas.province_officer, f"/runs/{other.pk}")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_the_standing_office_starts_a_run(standing: User, world: World) -> None:
    build_scene(world)
    response = post(standing, "/runs", {"province": "48", "crime_type": ""})
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "succeeded", body["error"]
    assert body["trigger"] == "manual"
    assert body["events_used"] > 0
    assert Run.objects.get().requested_by == standing


def test_starting_a_run_is_refused_to_others(personas: Personas, world: World) -> None:
    for user in (personas.province_officer, personas.commune_a_officer):
        response = post(user, "/runs", {"province": "48"})
        assert response.status_code == 403
        assert response.json()["code"] == "forbidden"
    assert post(personas.no_role, "/runs", {"province": "48"}).status_code == 403
    assert not Run.objects.exists()


def test_starting_a_run_while_one_is_running_is_a_conflict(
    standing: User, world: World
) -> None:
    running = make_run(
        world,
        status=RunStatus.RUNNING,
        started_at=timezone.now(),
        finished_at=None,
    )
    response = post(standing, "/runs", {"province": "48", "crime_type": ""})
    assert response.status_code == 409
    assert response.json()["code"] == "run_in_progress"
    assert list(Run.objects.all()) == [running]


def test_starting_a_run_of_an_unknown_province(standing: User) -> None:
    response = post(standing, "/runs", {"province": "99"})
    assert response.status_code == 400
    assert response.json()["code"] == "place_unknown"
