"""The web shell: vendored assets, no external URLs, the pages every user sees."""

import json
import re
from pathlib import Path
from typing import Any

import pytest
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import resolve, reverse

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "bcd138"
VENDOR = PACKAGE / "static" / "vendor"

VENDORED_FILES = [
    "bootstrap/LICENSE",
    "bootstrap/css/bootstrap.min.css",
    "bootstrap/js/bootstrap.bundle.min.js",
    "bootstrap-icons/LICENSE",
    "bootstrap-icons/bootstrap-icons.min.css",
    "bootstrap-icons/fonts/bootstrap-icons.woff2",
    "bootstrap-icons/fonts/bootstrap-icons.woff",
    "htmx/LICENSE",
    "htmx/htmx.min.js",
]

# Hosts a page may name: the machine itself. Anything else would make a browser
# reach the internet, which the deployments here cannot and must not do.
LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]"}
# The licence's own address may appear in a licence header comment.
ALLOWED_URLS = {"http://www.apache.org/licenses/LICENSE-2.0"}
URL_RE = re.compile(r"""https?://[^\s"'<>)]+""")


def _shell_sources() -> list[Path]:
    files = [p for p in (PACKAGE / "templates").rglob("*") if p.is_file()]
    for folder in ("css", "js"):
        files += [p for p in (PACKAGE / "static" / folder).rglob("*") if p.is_file()]
    return sorted(files)


def _is_external(url: str) -> bool:
    if url in ALLOWED_URLS:
        return False
    host = url.split("://", 1)[1].split("/", 1)[0]
    return host.rsplit(":", 1)[0] not in LOCAL_HOSTS and host not in LOCAL_HOSTS


@pytest.mark.parametrize("relative", VENDORED_FILES)
def test_vendored_asset_exists_and_is_not_empty(relative: str) -> None:
    path = VENDOR / relative
    assert path.is_file(), f"missing {path}: run scripts/vendor-assets.sh"
    assert path.stat().st_size > 0


def test_vendored_htmx_is_version_2() -> None:
    # htmx 4 renamed the request headers django-htmx reads; the project pins 2.x.
    source = (VENDOR / "htmx" / "htmx.min.js").read_text()
    match = re.search(r"""version:\s*["'](\d+)\.(\d+)\.(\d+)["']""", source)
    assert match, "no version string found in htmx.min.js"
    assert match.group(1) == "2"


def test_package_json_pins_exact_versions_that_match_the_vendored_files() -> None:
    package = json.loads((ROOT / "package.json").read_text())
    pins = package["devDependencies"]
    assert set(pins) == {"bootstrap", "bootstrap-icons", "htmx.org", "leaflet"}
    for name, version in pins.items():
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), f"{name} is not pinned exactly"
    assert pins["htmx.org"].startswith("2.")
    htmx = (VENDOR / "htmx" / "htmx.min.js").read_text()
    assert f'version:"{pins["htmx.org"]}"' in htmx
    bootstrap = (VENDOR / "bootstrap" / "css" / "bootstrap.min.css").read_text()
    assert f"v{pins['bootstrap']} " in bootstrap[:300]
    icons = (VENDOR / "bootstrap-icons" / "bootstrap-icons.min.css").read_text()
    assert f"v{pins['bootstrap-icons']} " in icons[:300]
    leaflet = (VENDOR / "leaflet" / "leaflet.js").read_text()
    assert f"Leaflet {pins['leaflet']}, " in leaflet[:200]


def test_vendored_icon_font_is_loaded_from_the_vendored_folder() -> None:
    css = (VENDOR / "bootstrap-icons" / "bootstrap-icons.min.css").read_text()
    sources = re.findall(r"""url\(["']?([^"')]+)""", css)
    assert sources
    assert all(src.startswith("fonts/") for src in sources), sources


def test_shell_sources_are_found() -> None:
    names = {p.name for p in _shell_sources()}
    assert {"base.html", "login.html", "bcd138.css", "bcd138.js"} <= names


@pytest.mark.parametrize(
    "path", _shell_sources(), ids=lambda p: str(p.relative_to(PACKAGE))
)
def test_templates_and_static_name_no_external_host(path: Path) -> None:
    urls = URL_RE.findall(path.read_text(encoding="utf-8"))
    assert [url for url in urls if _is_external(url)] == []


def test_500_page_renders_without_request_or_database() -> None:
    # handler500 renders it with no context processors: the database may be down.
    html = render_to_string("500.html")
    assert "vendor/bootstrap/css/bootstrap.min.css" in html
    assert "500" in html


@pytest.mark.django_db
def test_login_page_renders_form_with_vendored_assets(client: Client) -> None:
    response = client.get(reverse("login"), {"next": "/agencies/"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="username"' in html
    assert 'name="password"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'name="next" value="/agencies/"' in html
    assert "/static/vendor/bootstrap/css/bootstrap.min.css" in html
    assert "/static/vendor/htmx/htmx.min.js" in html
    assert 'id="content"' in html


@pytest.mark.django_db
def test_login_failure_shows_the_error(client: Client) -> None:
    response = client.post(
        reverse("login"), {"username": "nobody", "password": "wrong-password"}
    )
    assert response.status_code == 200
    assert 'class="alert alert-danger"' in response.content.decode()


@pytest.mark.django_db
def test_unknown_page_uses_the_project_404(client: Client) -> None:
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "bcd-error-code" in response.content.decode()


@pytest.fixture
def superuser(django_user_model: Any) -> Any:
    return django_user_model.objects.create_superuser(
        username="admin138", password="a-long-password-138", full_name="Nguyễn Văn An"
    )


@pytest.mark.django_db
def test_signed_in_shell_shows_user_menu_and_marks_the_current_section(
    rf: RequestFactory, superuser: Any
) -> None:
    request = rf.get("/agencies/committees/")
    request.user = superuser
    request.resolver_match = resolve("/agencies/committees/")
    html = render_to_string("404.html", request=request)
    assert "Nguyễn Văn An" in html
    assert f'action="{reverse("logout")}"' in html
    assert f'href="{reverse("core:tokens")}"' in html
    committees = reverse("agencies:committees")
    # Reference pages sit in the "More" menu, which is marked active with them.
    assert (
        f'class="dropdown-item active" aria-current="page" href="{committees}"' in html
    )
    agencies = reverse("agencies:list")
    assert f'class="dropdown-item" href="{agencies}"' in html
    assert 'class="nav-link dropdown-toggle active"' in html
    assert html.count('aria-current="page"') == 1


@pytest.mark.django_db
def test_day_to_day_sections_are_in_the_bar_and_marked_current(
    rf: RequestFactory, superuser: Any
) -> None:
    request = rf.get("/cases/")
    request.user = superuser
    request.resolver_match = resolve("/cases/")
    html = render_to_string("404.html", request=request)
    cases = reverse("cases:list")
    assert f'class="nav-link active" aria-current="page" href="{cases}"' in html
    for name in (
        "intake:queue",
        "programs:dashboard",
        "movement:overview",
        "awards:list",
    ):
        assert f'class="nav-link" href="{reverse(name)}"' in html
    assert 'class="nav-link dropdown-toggle"' in html
