import datetime

import pytest
import time_machine
from django.test import Client

from bcd138.agencies import services
from bcd138.agencies.models import ApiToken
from tests.conftest import Personas, World, client_for

pytestmark = pytest.mark.django_db


def bearer(raw: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {raw}"}


def test_me_lists_roles(personas: Personas, world: World) -> None:
    body = client_for(personas.commune_a_officer).get("/api/v1/me").json()
    assert body["username"] == "ca.a"
    assert body["roles"] == [
        {
            "role": "commune_police",
            "agency_id": world.police_a.pk,
            "jurisdiction_id": world.commune_a.pk,
            "jurisdiction_level": "commune",
        }
    ]


def test_token_lifecycle(personas: Personas) -> None:
    client = client_for(personas.province_officer)
    created = client.post(
        "/api/v1/tokens/",
        {"name": "etl", "days": 7},
        content_type="application/json",
    )
    assert created.status_code == 201
    raw = created.json()["token"]
    stored = ApiToken.objects.get(pk=created.json()["id"])
    assert raw not in (stored.digest, stored.prefix)
    anon = Client()
    assert anon.get("/api/v1/me", headers=bearer(raw)).json()["username"] == "catp"
    listed = client.get("/api/v1/tokens/").json()
    assert [t["name"] for t in listed] == ["etl"]
    assert "token" not in listed[0]
    revoked = client.delete(f"/api/v1/tokens/{stored.pk}")
    assert revoked.status_code == 200
    refused = anon.get("/api/v1/me", headers=bearer(raw))
    assert refused.status_code == 401
    assert refused.json()["code"] == "unauthenticated"


def test_expired_token_is_refused(personas: Personas) -> None:
    _token, raw = services.api_token_create(
        user=personas.province_officer, name="short", days=1
    )
    with time_machine.travel(
        datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(days=2)
    ):
        response = Client().get("/api/v1/me", headers=bearer(raw))
    assert response.status_code == 401


def test_unknown_token_is_refused(personas: Personas) -> None:
    assert Client().get("/api/v1/me", headers=bearer("bcd_nonsense")).status_code == 401


def test_token_of_deactivated_user_is_refused(personas: Personas) -> None:
    _token, raw = services.api_token_create(user=personas.province_officer, name="x")
    personas.province_officer.is_active = False
    personas.province_officer.save()
    assert Client().get("/api/v1/me", headers=bearer(raw)).status_code == 401


def test_token_create_rejects_bad_input(personas: Personas) -> None:
    client = client_for(personas.province_officer)
    blank = client.post(
        "/api/v1/tokens/", {"name": " "}, content_type="application/json"
    )
    assert blank.status_code == 400
    assert blank.json()["code"] == "token_name"
    long = client.post(
        "/api/v1/tokens/",
        {"name": "x", "days": 9999},
        content_type="application/json",
    )
    assert long.status_code == 400
    assert not ApiToken.objects.exists()


def test_revoking_unknown_token_is_404(personas: Personas) -> None:
    response = client_for(personas.province_officer).delete("/api/v1/tokens/999999")
    assert response.status_code == 404


def test_committees_are_scoped(world: World, personas: Personas) -> None:
    from bcd138.agencies.models import CommitteeLevel
    from bcd138.core.access import SYSTEM

    services.committee_create(
        by=SYSTEM,
        name="BCĐ 138 phường Hải Châu",
        level=CommitteeLevel.COMMUNE,
        place=world.commune_b,
        standing_agency=world.police_b,
    )
    assert (
        client_for(personas.commune_a_officer).get("/api/v1/agencies/committees").json()
        == []
    )
    assert (
        len(
            client_for(personas.commune_b_officer)
            .get("/api/v1/agencies/committees")
            .json()
        )
        == 1
    )


def test_openapi_schema_is_served(personas: Personas) -> None:
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/me" in paths
    assert "/api/v1/tokens/" in paths


def test_api_docs_page_uses_bundled_assets(personas: Personas) -> None:
    import re

    response = client_for(personas.province_officer).get("/api/v1/docs")
    assert response.status_code == 200
    external = re.findall(r"""(?:src|href)=["'](https?://[^"']+)""", response.text)
    assert external == []
    assert "/static/ninja/" in response.text


def test_token_client_writes_without_csrf_but_session_needs_it(
    personas: Personas,
) -> None:
    _token, raw = services.api_token_create(user=personas.province_officer, name="w")
    program = Client(enforce_csrf_checks=True)
    created = program.post(
        "/api/v1/tokens/",
        {"name": "second"},
        content_type="application/json",
        headers=bearer(raw),
    )
    assert created.status_code == 201
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(
        personas.province_officer, backend="django.contrib.auth.backends.ModelBackend"
    )
    forged = browser.post(
        "/api/v1/tokens/", {"name": "forged"}, content_type="application/json"
    )
    assert forged.status_code == 403
    assert not ApiToken.objects.filter(name="forged").exists()
