"""The places API: signed-in users only; search, resolve, detail, errors as JSON."""

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

pytestmark = pytest.mark.django_db

BASE = "/api/v1/places"


@pytest.fixture
def client() -> Client:
    user = get_user_model().objects.create_user(
        username="tracuu", password="Correct-Horse-138"
    )
    c = Client()
    c.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return c


@pytest.mark.parametrize(
    "url",
    [f"{BASE}/", f"{BASE}/resolve?address=Tam+Ky", f"{BASE}/2025/48"],
)
def test_anonymous_gets_401(url: str) -> None:
    response = Client().get(url)
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_search_is_paginated_and_filters(client: Client) -> None:
    response = client.get(
        f"{BASE}/", {"era": "2025", "level": "commune", "parent": "48", "limit": 10}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 94
    assert len(body["items"]) == 10
    assert {i["parent_code"] for i in body["items"]} == {"48"}


def test_search_by_name_without_diacritics(client: Client) -> None:
    body = client.get(f"{BASE}/", {"q": "phuong an my", "era": "legacy"}).json()
    first = body["items"][0]
    assert first == {
        "code": "20341",
        "name": "Phường An Mỹ",
        "short_name": "An Mỹ",
        "kind": "Phường",
        "level": "commune",
        "era": "legacy",
        "parent_code": "502",
        "latitude": first["latitude"],
        "longitude": first["longitude"],
        "current_province_code": "48",
        "current_commune_code": "20341",
    }
    assert first["latitude"] == pytest.approx(15.57, abs=0.1)


def test_search_pins_its_query_count(
    client: Client, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(6):  # session, user, count, page
        client.get(f"{BASE}/", {"q": "an my", "limit": 50})


def test_resolve_returns_the_unit_and_its_current_unit(client: Client) -> None:
    response = client.get(
        f"{BASE}/resolve",
        {"address": "Phường An Mỹ, Thành phố Tam Kỳ, Tỉnh Quảng Nam"},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "resolved"
    assert (body["place"]["era"], body["place"]["code"]) == ("legacy", "20341")
    assert [(c["code"], c["name"]) for c in body["current"]] == [
        ("20341", "Phường Tam Kỳ")
    ]
    assert body["current"][0]["current_province_code"] == "48"
    assert body["candidates"] == []


def test_resolve_ambiguous_lists_candidates(client: Client) -> None:
    body = client.get(f"{BASE}/resolve", {"address": "Xã An Mỹ"}).json()
    assert body["status"] == "ambiguous"
    assert body["place"] is None
    assert len(body["candidates"]) >= 2


def test_resolve_empty_address_is_400(client: Client) -> None:
    response = client.get(f"{BASE}/resolve", {"address": " , "})
    assert response.status_code == 400
    assert response.json()["code"] == "address_invalid"


def test_resolve_requires_the_address(client: Client) -> None:
    assert client.get(f"{BASE}/resolve").status_code == 422


def test_detail_has_parents_and_current_successors(client: Client) -> None:
    body = client.get(f"{BASE}/legacy/20296").json()
    assert body["name"] == "Xã Hòa Liên"
    assert [p["code"] for p in body["parents"]] == ["497", "48"]
    assert [c["code"] for c in body["current"]] == ["20197", "20194"]
    assert body["valid_to"] == "2025-06-30"


def test_detail_unknown_code_is_404_json(client: Client) -> None:
    response = client.get(f"{BASE}/2025/99999")
    assert response.status_code == 404
    assert response.json()["code"] == "place_unknown"


@pytest.mark.parametrize(
    "url",
    [f"{BASE}/2019/48", f"{BASE}/?era=2019", f"{BASE}/?level=hamlet"],
)
def test_bad_era_or_level_is_422(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 422
    assert response.json()["code"] == "validation"


def test_unknown_parent_code_is_404(client: Client) -> None:
    response = client.get(f"{BASE}/", {"parent": "77777"})
    assert response.status_code == 404
