"""The "look up a place" page: login required; shows the resolution."""

import pytest
from django.contrib.auth import get_user_model
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def client() -> Client:
    user = get_user_model().objects.create_user(
        username="tracuu", password="Correct-Horse-138"
    )
    c = Client()
    c.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return c


def _needs_base() -> None:
    try:
        get_template("base.html")
    except TemplateDoesNotExist:
        pytest.skip("base.html is not written yet")


def test_anonymous_is_sent_to_login() -> None:
    response = Client().get(reverse("places:search"), {"q": "Tam Kỳ"})
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_post_is_not_allowed(client: Client) -> None:
    assert client.post(reverse("places:search")).status_code == 405


def test_htmx_request_gets_the_resolution_partial(client: Client) -> None:
    response = client.get(
        reverse("places:search"),
        {"q": "12 Trần Phú, P. An Mỹ, TP Tam Kỳ, Quảng Nam"},
        **HTMX,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="resolved"' in html
    assert "Phường An Mỹ, Thành phố Tam Kỳ, Tỉnh Quảng Nam" in html
    assert "Phường Tam Kỳ, Thành phố Đà Nẵng" in html
    assert "<html" not in html


def test_ambiguous_name_lists_candidates_as_links(client: Client) -> None:
    response = client.get(reverse("places:search"), {"q": "Xã An Mỹ"}, **HTMX)
    html = response.content.decode()
    assert 'data-testid="ambiguous"' in html
    assert "Huyện Tuy An" in html
    assert "?q=" in html


def test_garbage_shows_an_error_not_a_500(client: Client) -> None:
    response = client.get(reverse("places:search"), {"q": ";;;"}, **HTMX)
    assert response.status_code == 200
    assert 'data-testid="error"' in response.content.decode()


def test_unknown_text_is_not_found(client: Client) -> None:
    response = client.get(reverse("places:search"), {"q": "qwertyuiop"}, **HTMX)
    assert 'data-testid="not-found"' in response.content.decode()


def test_full_page_renders(client: Client) -> None:
    _needs_base()
    response = client.get(reverse("places:search"), {"q": "Phường Tam Kỳ, Đà Nẵng"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="q"' in html
    assert 'data-testid="resolved"' in html


def test_full_page_without_query(client: Client) -> None:
    _needs_base()
    response = client.get(reverse("places:search"))
    assert response.status_code == 200
    assert 'data-testid="resolved"' not in response.content.decode()
