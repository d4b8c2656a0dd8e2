"""The hot-spot map page, a commune's panel, the GeoJSON download, the boundary
file and "run now": who sees what, and the empty and failed states."""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from bcd138.agencies.models import User
from bcd138.hotspots.models import Run, RunStatus, RunTrigger
from tests.conftest import Personas, World, client_for, english
from tests.hotspots.conftest import build_scene
from tests.hotspots.ui_helpers import (
    CUTOFF,
    Stored,
    assert_valid_geojson,
    make_run,
)

MAP = reverse("hotspots:map")


def payload(response: Any) -> dict[str, Any]:
    data: dict[str, Any] = response.context["payload"]
    # What the browser receives is the same, serialised by json_script.
    json.dumps(data)
    return data


def features(data: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [f for f in data["geojson"]["features"] if f["properties"]["kind"] == kind]


# ---- the map ---------------------------------------------------------------------


def test_map_shows_the_province_to_the_standing_office(
    standing: User, stored: Stored, world: World
) -> None:
    response = english(standing).get(MAP)
    assert response.status_code == 200
    html = response.content.decode()
    assert "vendor/leaflet/leaflet.js" in html
    assert 'id="hotspot-data"' in html
    assert 'id="hotspot-config"' in html
    data = payload(response)
    communes = {f["properties"]["code"] for f in features(data, "commune")}
    assert communes == {world.commune_a.code, world.commune_b.code}
    assert {f["properties"]["rank"] for f in features(data, "cell")} == {1, 2}
    forming = {
        f["properties"]["code"]: f["properties"]["forming"]
        for f in features(data, "commune")
    }
    # Commune A's own events make its new hot spot a forming one; B is
    # persistent.
    assert forming == {world.commune_a.code: True, world.commune_b.code: False}
    assert data["alerts"] == {
        str(world.commune_a.pk): stored.alert_a.pk,
        str(world.commune_b.pk): stored.alert_b.pk,
    }
    # Every other commune of the province is drawn as a quiet centroid,
    # Đặc khu Hoàng Sa among them, like any commune.
    quiet = {c["name"] for c in data["quiet"]}
    assert "Đặc khu Hoàng Sa" in quiet
    assert response.context["run"] == stored.run
    assert [row["trend"].place for row in response.context["trends"]] == [
        world.commune_a,
        world.commune_b,
    ]
    assert "events placed at the commune centroid: 17" in html
    assert 'data-testid="run-now"' in html  # the standing office may run it


def test_map_legend_names_the_patterns_present_and_the_forming_ones(
    standing: User, stored: Stored
) -> None:
    response = english(standing).get(MAP)
    codes = [code for code, _label, _colour in response.context["legend"]]
    assert codes == ["new_hot", "consecutive_hot", "intensifying_hot", "persistent_hot"]
    assert "Persistent hot spot" in response.content.decode()


def test_map_commune_police_see_only_their_commune(
    personas: Personas, stored: Stored, world: World
) -> None:
    response = english(personas.commune_a_officer).get(MAP)
    assert response.status_code == 200
    data = payload(response)
    assert [f["properties"]["code"] for f in features(data, "commune")] == [
        world.commune_a.code
    ]
    cells = features(data, "cell")
    assert [c["properties"]["commune_code"] for c in cells] == [world.commune_a.code]
    assert [c["place_id"] for c in data["quiet"]] == []
    assert data["alerts"] == {str(world.commune_a.pk): stored.alert_a.pk}
    html = response.content.decode()
    assert world.commune_b.name not in html
    assert [row["trend"].place for row in response.context["trends"]] == [
        world.commune_a
    ]
    assert "Your commune only" in html
    assert 'data-testid="run-now"' not in html


def test_map_refuses_users_without_a_hotspot_role(
    personas: Personas, stored: Stored
) -> None:
    for user in (
        personas.procuracy_liaison,
        personas.department_member,
        personas.no_role,
    ):
        assert client_for(user).get(MAP).status_code == 403


def test_map_sends_anonymous_visitors_to_sign_in(stored: Stored) -> None:
    response = Client().get(MAP)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_map_without_a_run_explains_and_offers_run_now(
    standing: User, personas: Personas
) -> None:
    response = english(standing).get(MAP)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="no-run"' in html
    assert "No analysis yet" in html
    assert 'data-testid="run-now"' in html
    data = payload(response)
    assert data["geojson"]["features"] == []
    assert len(data["quiet"]) == 94  # every commune of Đà Nẵng at its centroid
    # Commune police get the explanation without the button.
    response = english(personas.commune_a_officer).get(MAP)
    assert 'data-testid="no-run"' in response.content.decode()
    assert 'data-testid="run-now"' not in response.content.decode()


def test_map_after_a_failed_run_shows_the_error_and_the_previous_results(
    standing: User, stored: Stored, world: World
) -> None:
    failed = make_run(
        world,
        status=RunStatus.FAILED,
        started_at=CUTOFF + datetime.timedelta(days=7),
        data_cutoff=CUTOFF + datetime.timedelta(days=7),
        error="too few events to analyse: 3 (all kinds) in the last 12 weeks",
    )
    response = english(standing).get(MAP)
    html = response.content.decode()
    assert response.context["latest"] == failed
    assert 'data-testid="failed-run"' in html
    assert "too few events to analyse" in html
    assert "The results of the previous successful analysis are shown below." in html
    assert response.context["run"] == stored.run
    assert features(payload(response), "commune")


def test_map_with_only_a_failed_run_says_there_is_nothing_earlier(
    standing: User, world: World
) -> None:
    make_run(world, status=RunStatus.FAILED, error="no events")
    html = english(standing).get(MAP).content.decode()
    assert 'data-testid="failed-run"' in html
    assert "There are no earlier results to show." in html
    assert 'data-testid="no-run"' in html


def test_map_selects_an_earlier_run_and_a_kind_of_crime(
    standing: User, stored: Stored, world: World
) -> None:
    earlier = make_run(
        world,
        started_at=CUTOFF - datetime.timedelta(days=7),
        data_cutoff=CUTOFF - datetime.timedelta(days=7),
    )
    theft = make_run(world, crime_type="theft")
    client = english(standing)
    assert client.get(MAP).context["run"] == stored.run
    assert client.get(MAP, {"run": earlier.pk}).context["run"] == earlier
    response = client.get(MAP, {"kind": "theft"})
    assert response.context["run"] == theft
    assert ("theft", "Theft") in response.context["kinds"]
    # A run of another kind named with the wrong kind falls back to the latest.
    assert client.get(MAP, {"run": theft.pk}).context["run"] == stored.run
    assert client.get(MAP, {"kind": "nonsense"}).context["kind"] == ""


def test_map_has_no_tile_layer_by_default(standing: User, stored: Stored) -> None:
    response = english(standing).get(MAP)
    config = response.context["config"]
    assert config["tileUrl"] == ""
    assert config["boundaryUrl"] == ""
    html = response.content.decode()
    assert "tile.openstreetmap" not in html
    assert "{z}" not in html


@override_settings(
    BCD138_MAP_TILE_URL="https://tiles.example.gov.vn/{z}/{x}/{y}.png",
    BCD138_MAP_TILE_ATTRIBUTION="© Cục Bản đồ",
)
def test_map_uses_the_configured_tile_layer(standing: User, stored: Stored) -> None:
    response = english(standing).get(MAP)
    config = response.context["config"]
    assert config["tileUrl"] == "https://tiles.example.gov.vn/{z}/{x}/{y}.png"
    assert config["tileAttribution"] == "© Cục Bản đồ"
    assert "tiles.example.gov.vn" in response.content.decode()


def test_map_page_queries_are_bounded(
    standing: User, stored: Stored, django_assert_max_num_queries: Any
) -> None:
    client = english(standing)
    with django_assert_max_num_queries(30):
        assert client.get(MAP).status_code == 200


# ---- one commune -----------------------------------------------------------------


def place_url(run: Run, place: Any) -> str:
    return reverse("hotspots:place", args=[run.pk, place.pk])


def test_place_panel_shows_the_statistics_and_the_alert(
    standing: User, stored: Stored, world: World
) -> None:
    client = english(standing)
    response = client.get(
        place_url(stored.run, world.commune_a), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert world.commune_a.name in html
    assert "New hot spot" in html
    assert html.count("<rect") == 12  # one bar per step
    assert "bcd-hs-bar-hot" in html  # the significant hot steps stand out
    assert "3.40" in html
    assert "0.82" in html
    assert "rising" in html
    assert reverse("hotspots:alert", args=[stored.alert_a.pk]) in html


def test_place_panel_in_vietnamese_uses_the_decimal_comma(
    standing: User, stored: Stored, world: World
) -> None:
    response = client_for(standing).get(
        place_url(stored.run, world.commune_a), HTTP_HX_REQUEST="true"
    )
    assert "3,40" in response.content.decode()


def test_place_panel_of_a_quiet_commune(
    standing: User, stored: Stored, world: World
) -> None:
    quiet = world.province.children.exclude(
        pk__in=[world.commune_a.pk, world.commune_b.pk]
    ).first()
    assert quiet is not None
    response = english(standing).get(
        place_url(stored.run, quiet), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "No events in the period" in response.content.decode()


def test_place_panel_without_htmx_opens_the_map_on_it(
    standing: User, stored: Stored, world: World
) -> None:
    response = english(standing).get(place_url(stored.run, world.commune_a))
    assert response.status_code == 302
    assert f"place={world.commune_a.pk}" in response["Location"]
    page = english(standing).get(response["Location"])
    assert page.context["place"]["place"] == world.commune_a
    assert 'data-testid="place"' in page.content.decode()


def test_place_panel_of_another_commune_is_404_for_commune_police(
    personas: Personas, stored: Stored, world: World
) -> None:
    client = english(personas.commune_a_officer)
    own = client.get(place_url(stored.run, world.commune_a), HTTP_HX_REQUEST="true")
    assert own.status_code == 200
    other = client.get(place_url(stored.run, world.commune_b), HTTP_HX_REQUEST="true")
    assert other.status_code == 404


def test_place_panel_refuses_outsiders(
    personas: Personas, stored: Stored, world: World
) -> None:
    response = client_for(personas.department_member).get(
        place_url(stored.run, world.commune_a), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 403


# ---- GeoJSON ---------------------------------------------------------------------


def geojson_of(client: Client, run: Run) -> dict[str, Any]:
    response = client.get(reverse("hotspots:run_geojson", args=[run.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    assert response["Content-Disposition"].startswith("attachment;")
    assert ".geojson" in response["Content-Disposition"]
    data: dict[str, Any] = json.loads(response.content)
    return data


def test_geojson_is_valid_and_holds_the_province(
    standing: User, stored: Stored, world: World
) -> None:
    data = geojson_of(client_for(standing), stored.run)
    assert_valid_geojson(data)
    kinds = sorted(f["properties"]["kind"] for f in data["features"])
    assert kinds == ["cell", "cell", "commune", "commune"]
    assert data["metadata"]["events_at_centroid"] == 17
    commune_a = next(
        f
        for f in data["features"]
        if f["properties"].get("code") == world.commune_a.code
    )
    assert commune_a["properties"]["pattern"] == "new_hot"
    assert commune_a["properties"]["counts"][-1] == 9
    cell = next(f for f in data["features"] if f["properties"]["kind"] == "cell")
    # The square's corners surround the stored centre, about 250 m apart.
    (ring,) = cell["geometry"]["coordinates"]
    lon, lat = cell["properties"]["centre"]
    assert ring[0][0] < lon < ring[1][0]
    assert ring[0][1] < lat < ring[2][1]
    assert 0.002 < ring[1][0] - ring[0][0] < 0.003


def test_geojson_of_commune_police_holds_only_their_commune(
    personas: Personas, stored: Stored, world: World
) -> None:
    data = geojson_of(client_for(personas.commune_a_officer), stored.run)
    assert_valid_geojson(data)
    codes = {
        f["properties"].get("code") or f["properties"].get("commune_code")
        for f in data["features"]
    }
    assert codes == {world.commune_a.code}
    assert world.commune_b.name not in json.dumps(data, ensure_ascii=False)


def test_geojson_refuses_outsiders_and_unknown_runs(
    personas: Personas, stored: Stored
) -> None:
    url = reverse("hotspots:run_geojson", args=[stored.run.pk])
    assert client_for(personas.procuracy_liaison).get(url).status_code == 403
    missing = reverse("hotspots:run_geojson", args=[stored.run.pk + 1000])
    assert client_for(personas.province_officer).get(missing).status_code == 404


def test_geojson_of_a_failed_run_is_404(standing: User, world: World) -> None:
    failed = make_run(world, status=RunStatus.FAILED, error="no events")
    url = reverse("hotspots:run_geojson", args=[failed.pk])
    assert client_for(standing).get(url).status_code == 404


# ---- the boundary file -----------------------------------------------------------


def test_boundary_is_404_when_none_is_configured(standing: User) -> None:
    assert client_for(standing).get(reverse("hotspots:boundary")).status_code == 404


def test_boundary_file_is_served_and_announced(
    standing: User, stored: Stored, tmp_path: Any, settings: Any
) -> None:
    path = tmp_path / "boundary.geojson"
    outline = {
        "type": "Feature",
        "properties": {"name": "Đà Nẵng"},
        "geometry": {
            "type": "Polygon",
            "coordinates": [[[108, 15], [109, 15], [109, 16], [108, 16], [108, 15]]],
        },
    }
    path.write_text(json.dumps(outline), encoding="utf-8")
    settings.BCD138_MAP_BOUNDARY_FILE = str(path)
    client = english(standing)
    assert client.get(MAP).context["config"]["boundaryUrl"] == reverse(
        "hotspots:boundary"
    )
    response = client.get(reverse("hotspots:boundary"))
    assert response.status_code == 200
    assert response.json()["properties"]["name"] == "Đà Nẵng"


def test_boundary_file_that_is_broken_is_ignored(
    standing: User, tmp_path: Any, settings: Any
) -> None:
    path = tmp_path / "broken.geojson"
    path.write_text("{not json", encoding="utf-8")
    settings.BCD138_MAP_BOUNDARY_FILE = str(path)
    assert client_for(standing).get(reverse("hotspots:boundary")).status_code == 404


# ---- run now ---------------------------------------------------------------------


def test_run_now_by_the_standing_office_shows_the_new_run(
    standing: User, world: World
) -> None:
    build_scene(world)
    client = english(standing)
    response = client.post(
        reverse("hotspots:run_start"), {"province": "48", "kind": ""}
    )
    assert response.status_code == 302
    run = Run.objects.get()
    assert run.status == RunStatus.SUCCEEDED, run.error
    assert run.trigger == RunTrigger.MANUAL
    assert run.requested_by == standing
    assert f"run={run.pk}" in response["Location"]
    page = client.get(response["Location"])
    assert "The analysis ran; its results are shown." in page.content.decode()


def test_run_now_that_fails_says_why(standing: User, world: World) -> None:
    # No events at all in the province: the run fails, and says why.
    response = english(standing).post(
        reverse("hotspots:run_start"), {"province": "48", "kind": ""}, follow=True
    )
    body = response.content.decode()
    assert "The analysis failed: Too few events to analyse" in body
    assert Run.objects.get().status == RunStatus.FAILED


def test_run_now_while_one_is_running_says_so(standing: User, world: World) -> None:
    make_run(
        world,
        status=RunStatus.RUNNING,
        started_at=timezone.now(),
        finished_at=None,
    )
    response = english(standing).post(
        reverse("hotspots:run_start"), {"province": "48", "kind": ""}, follow=True
    )
    assert response.status_code == 200
    assert "is already running" in response.content.decode()
    assert Run.objects.count() == 1


def test_run_now_is_refused_to_others(personas: Personas, world: World) -> None:
    url = reverse("hotspots:run_start")
    for user in (
        personas.province_officer,
        personas.commune_a_officer,
        personas.no_role,
    ):
        assert client_for(user).post(url, {"province": "48"}).status_code == 403
    assert not Run.objects.exists()


def test_run_now_only_by_post(standing: User) -> None:
    assert client_for(standing).get(reverse("hotspots:run_start")).status_code == 405


# ---- navigation ------------------------------------------------------------------


def test_navigation_shows_hot_spots_to_their_roles_only(
    standing: User, personas: Personas
) -> None:
    home = reverse("home")
    assert MAP in english(standing).get(home).content.decode()
    assert MAP in english(personas.commune_a_officer).get(home).content.decode()
    assert MAP not in english(personas.department_member).get(home).content.decode()
