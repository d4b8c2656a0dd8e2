import pytest
from django.urls import reverse

from bcd138.core.models import AuditEntry
from tests.conftest import PASSWORD, Personas, World, client_for

pytestmark = pytest.mark.django_db


def test_home_shows_figures_of_the_users_jurisdiction(
    world: World, personas: Personas
) -> None:
    province = client_for(personas.province_officer).get(reverse("home"))
    commune = client_for(personas.commune_a_officer).get(reverse("home"))
    assert province.context["overview"].communes == 94
    assert province.context["overview"].agencies == 5
    assert commune.context["overview"].communes == 1
    assert commune.context["overview"].agencies == 1
    assert world.commune_a.name in commune.text


def test_home_tells_a_user_without_role_what_to_do(personas: Personas) -> None:
    response = client_for(personas.no_role).get(reverse("home"))
    assert response.status_code == 200
    assert response.context["overview"].communes == 0
    assert response.context["overview"].jurisdictions == []


def test_login_locks_out_after_repeated_failures(personas: Personas, settings) -> None:  # type: ignore[no-untyped-def]
    client = client_for(None)
    url = reverse("login")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(url, {"username": "ca.a", "password": "wrong"})
        assert response.status_code == 200
        assert response.context["form"].errors
    locked = client.post(url, {"username": "ca.a", "password": "wrong"})
    assert locked.status_code == 429
    # Even the right password is refused while locked out.
    again = client.post(url, {"username": "ca.a", "password": PASSWORD})
    assert again.status_code == 429
    assert "_auth_user_id" not in client.session


def test_login_with_right_password_goes_home(personas: Personas) -> None:
    client = client_for(None)
    response = client.post(reverse("login"), {"username": "ca.a", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_password_change_checks_old_password_and_audits(personas: Personas) -> None:
    client = client_for(personas.commune_a_officer)
    url = reverse("core:account")
    wrong = client.post(
        url,
        {
            "old_password": "nope-nope-nope",
            "new_password": "Another-Pass-2026",
            "new_password_again": "Another-Pass-2026",
        },
    )
    assert wrong.status_code == 200
    assert not AuditEntry.objects.filter(action="user.password_change").exists()
    ok = client.post(
        url,
        {
            "old_password": PASSWORD,
            "new_password": "Another-Pass-2026",
            "new_password_again": "Another-Pass-2026",
        },
    )
    assert ok.status_code == 302
    personas.commune_a_officer.refresh_from_db()
    assert personas.commune_a_officer.check_password("Another-Pass-2026")
    assert AuditEntry.objects.filter(
        action="user.password_change", actor=personas.commune_a_officer
    ).exists()


def test_token_page_shows_secret_once_and_revokes(personas: Personas) -> None:
    client = client_for(personas.commune_a_officer)
    created = client.post(reverse("core:tokens"), {"name": "sync", "days": 30})
    assert created.status_code == 200
    secret = created.context["new_token"]
    assert secret.startswith("bcd_")
    listing = client.get(reverse("core:tokens"))
    assert secret not in listing.text
    token = personas.commune_a_officer.api_tokens.get()
    client.post(reverse("core:token_revoke", args=[token.pk]))
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_cannot_revoke_someone_elses_token(personas: Personas) -> None:
    from bcd138.agencies import services

    token, _raw = services.api_token_create(user=personas.commune_b_officer, name="b")
    client_for(personas.commune_a_officer).post(
        reverse("core:token_revoke", args=[token.pk])
    )
    token.refresh_from_db()
    assert token.revoked_at is None


def test_audit_log_for_auditor_only(world: World, personas: Personas) -> None:
    allowed = client_for(personas.auditor).get(reverse("core:audit"))
    assert allowed.status_code == 200
    assert "agency.create" in allowed.text
    forbidden = client_for(personas.commune_a_officer).get(reverse("core:audit"))
    assert forbidden.status_code == 403


def test_audit_log_search_filters_and_htmx_partial(
    world: World, personas: Personas
) -> None:
    client = client_for(personas.auditor)
    response = client.get(
        reverse("core:audit"), {"action": "role.grant"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert "<html" not in response.text
    assert "role.grant" in response.text
    assert "agency.create" not in response.text


def test_audit_log_rejects_reversed_dates(personas: Personas) -> None:
    response = client_for(personas.auditor).get(
        reverse("core:audit"), {"since": "2026-02-01", "until": "2026-01-01"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors


def test_error_pages_use_the_house_style(personas: Personas) -> None:
    response = client_for(personas.commune_a_officer).get("/no-such-page/")
    assert response.status_code == 404
    assert "bcd138" in response.text
