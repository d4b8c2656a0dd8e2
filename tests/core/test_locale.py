import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_vietnamese_is_the_default_even_for_an_english_browser() -> None:
    response = Client().get(reverse("login"), headers={"Accept-Language": "en-US,en"})
    assert response["Content-Language"] == "vi"
    assert "Đăng nhập" in response.text


def test_english_when_the_user_chooses_it() -> None:
    client = Client()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("login"))
    assert response["Content-Language"] == "en"
    assert "Sign in" in response.text


def test_unknown_language_cookie_falls_back_to_vietnamese() -> None:
    client = Client()
    client.cookies["django_language"] = "fr"
    assert client.get(reverse("login"))["Content-Language"] == "vi"
