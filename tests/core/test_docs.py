"""The docs are checked against the code (datasette's habit): every setting the
settings module reads is listed in .env.example and docs/configuration.md, and
every API path is in docs/api.md."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def settings_read() -> set[str]:
    source = (ROOT / "bcd138" / "settings.py").read_text()
    names = set(re.findall(r'env_(?:str|bool|int|list)\("([A-Z0-9_]+)"', source))
    # Settings read outside settings.py, at the point of use.
    crypto = (ROOT / "bcd138" / "core" / "crypto.py").read_text()
    names |= set(re.findall(r'ENV_VAR = "([A-Z0-9_]+)"', crypto))
    return names


def test_settings_module_reads_settings() -> None:
    assert {"SECRET_KEY", "DATABASE_URL", "BCD138_DATA_DIR"} <= settings_read()


@pytest.mark.parametrize("doc", [".env.example", "docs/configuration.md"])
def test_every_setting_is_documented(doc: str) -> None:
    text = (ROOT / doc).read_text()
    missing = {name for name in settings_read() if name not in text}
    assert not missing, f"{doc} does not mention {sorted(missing)}"


def test_every_api_path_is_documented(client) -> None:  # type: ignore[no-untyped-def]
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    text = (ROOT / "docs" / "api.md").read_text()
    missing = {p for p in paths if p.removeprefix("/api/v1") not in text}
    assert not missing, f"docs/api.md does not mention {sorted(missing)}"
