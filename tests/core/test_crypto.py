"""Encryption of reporters' identities: round trip, rotation, key sources, checks."""

import stat
from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from bcd138.core import crypto
from bcd138.core.crypto import (
    IdentityUndecryptable,
    check_identity_keys,
    decrypt_json,
    encrypt_json,
    generate_key,
    key_id,
    primary_key_id,
    reset_keyring,
    rotate,
)

IDENTITY = {"name": "Nguyễn Văn An", "phone": "0905123456", "address": "Hải Châu"}


@pytest.fixture(autouse=True)
def _isolated_keys(
    settings: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Iterator[None]:
    monkeypatch.delenv(crypto.ENV_VAR, raising=False)
    settings.DATA_DIR = tmp_path
    settings.PRODUCTION = False
    reset_keyring()
    yield
    reset_keyring()


def use_keys(monkeypatch: pytest.MonkeyPatch, *keys: str) -> None:
    monkeypatch.setenv(crypto.ENV_VAR, ",".join(keys))
    reset_keyring()


def test_round_trip_keeps_unicode_and_hides_plaintext(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    use_keys(monkeypatch, generate_key())
    token = encrypt_json(IDENTITY)
    assert isinstance(token, str)
    assert "0905123456" not in token
    assert decrypt_json(token) == IDENTITY


def test_old_token_decrypts_after_new_primary_and_rotate_moves_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    old, new = generate_key(), generate_key()
    use_keys(monkeypatch, old)
    old_id = primary_key_id()
    token = encrypt_json(IDENTITY)

    use_keys(monkeypatch, new, old)
    assert primary_key_id() == key_id(new) != old_id
    assert decrypt_json(token) == IDENTITY
    rotated = rotate(token)
    assert rotated != token

    use_keys(monkeypatch, new)
    assert decrypt_json(rotated) == IDENTITY
    with pytest.raises(IdentityUndecryptable):
        decrypt_json(token)


def test_primary_key_id_is_a_short_fingerprint_not_the_key(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    key = generate_key()
    use_keys(monkeypatch, key)
    fingerprint = primary_key_id()
    assert len(fingerprint) == 8
    int(fingerprint, 16)
    assert fingerprint not in key


@pytest.mark.parametrize(
    "spoil",
    [
        lambda t: t[:-4] + ("AAAA" if t[-4:] != "AAAA" else "BBBB"),
        lambda t: t[:20],
        lambda t: "không phải token",
        lambda t: "",
    ],
)
def test_tampered_token_is_refused_without_plaintext(
    monkeypatch: pytest.MonkeyPatch, spoil: Any
) -> None:
    use_keys(monkeypatch, generate_key())
    token = encrypt_json(IDENTITY)
    with pytest.raises(IdentityUndecryptable) as caught:
        decrypt_json(spoil(token))
    assert caught.value.code == "identity_undecryptable"
    assert caught.value.status == 500
    text = f"{caught.value} {caught.value!r} {caught.value.__cause__!r}"
    assert "Nguyễn" not in text
    assert "0905123456" not in text
    with pytest.raises(IdentityUndecryptable):
        rotate(spoil(token))


def test_token_of_non_object_json_is_refused_without_quoting_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    use_keys(monkeypatch, generate_key())
    ring = crypto.get_keyring()
    token = ring.fernet.encrypt(b'["0905123456"]').decode()
    with pytest.raises(IdentityUndecryptable) as caught:
        decrypt_json(token)
    assert "0905123456" not in str(caught.value)
    broken = ring.fernet.encrypt(b'{"phone": "0905123456"').decode()
    with pytest.raises(IdentityUndecryptable) as caught:
        decrypt_json(broken)
    assert caught.value.__suppress_context__
    assert "0905123456" not in str(caught.value)


def test_environment_keys_take_precedence_over_the_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    file_key, env_key = generate_key(), generate_key()
    (tmp_path / crypto.KEY_FILE_NAME).write_text(file_key + "\n")
    use_keys(monkeypatch, env_key)
    assert primary_key_id() == key_id(env_key)
    assert "environment" in crypto.get_keyring().source


def test_key_file_is_created_0600_outside_production_and_reused(
    tmp_path: Path,
) -> None:
    path = tmp_path / crypto.KEY_FILE_NAME
    assert not path.exists()
    token = encrypt_json(IDENTITY)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(path.read_text().split()) == 1
    reset_keyring()
    assert decrypt_json(token) == IDENTITY
    assert crypto.get_keyring().source == f"file {path}"


def test_key_file_reads_every_line_with_the_first_as_primary(tmp_path: Path) -> None:
    first, second = generate_key(), generate_key()
    (tmp_path / crypto.KEY_FILE_NAME).write_text(f"# demo keys\n{first}\n\n{second}\n")
    ring = crypto.get_keyring()
    assert ring.keys == (first, second)
    assert primary_key_id() == key_id(first)


def test_production_without_environment_keys_is_refused(
    settings: Any, tmp_path: Path
) -> None:
    settings.PRODUCTION = True
    with pytest.raises(ImproperlyConfigured, match=crypto.ENV_VAR):
        encrypt_json(IDENTITY)
    assert not (tmp_path / crypto.KEY_FILE_NAME).exists()
    # A demo key file left in the data directory does not count either.
    (tmp_path / crypto.KEY_FILE_NAME).write_text(generate_key() + "\n")
    with pytest.raises(ImproperlyConfigured):
        encrypt_json(IDENTITY)


def test_production_with_environment_keys_works(
    settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.PRODUCTION = True
    use_keys(monkeypatch, generate_key())
    assert decrypt_json(encrypt_json(IDENTITY)) == IDENTITY


@pytest.mark.parametrize("bad", ["not-a-key", "QUJD", "ö" * 44])
def test_malformed_key_is_a_clear_error_that_does_not_quote_it(
    monkeypatch: pytest.MonkeyPatch, bad: str
) -> None:
    use_keys(monkeypatch, generate_key(), bad)
    with pytest.raises(ImproperlyConfigured, match="#2") as caught:
        encrypt_json(IDENTITY)
    assert "malformed" in str(caught.value)
    assert bad not in str(caught.value)


def test_check_passes_outside_production() -> None:
    assert check_identity_keys() == []


def test_check_requires_environment_keys_in_production(
    settings: Any, tmp_path: Path
) -> None:
    settings.PRODUCTION = True
    (tmp_path / crypto.KEY_FILE_NAME).write_text(generate_key() + "\n")
    assert [m.id for m in check_identity_keys()] == ["bcd138.E010"]


def test_check_reports_each_malformed_key(
    settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.PRODUCTION = True
    monkeypatch.setenv(crypto.ENV_VAR, f"{generate_key()},short,{generate_key()}")
    messages = check_identity_keys()
    assert [m.id for m in messages] == ["bcd138.E011"]
    assert "#2" in messages[0].msg
    assert "short" not in messages[0].msg


def test_check_accepts_good_environment_keys(
    settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.PRODUCTION = True
    monkeypatch.setenv(crypto.ENV_VAR, f"{generate_key()}, {generate_key()}")
    assert check_identity_keys() == []


def test_check_is_registered_for_deploy() -> None:
    from django.core.checks import registry

    assert check_identity_keys in registry.registry.get_checks(
        include_deployment_checks=True
    )


def test_status_command_describes_keys_without_printing_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    primary, older = generate_key(), generate_key()
    use_keys(monkeypatch, primary, older)
    out = StringIO()
    call_command("identity_keys", "status", stdout=out)
    text = out.getvalue()
    assert "Keys: 2" in text
    assert key_id(primary) in text
    assert key_id(older) in text
    assert crypto.ENV_VAR in text
    assert primary not in text
    assert older not in text


def test_status_command_fails_cleanly_in_production_without_keys(
    settings: Any,
) -> None:
    from django.core.management.base import CommandError

    settings.PRODUCTION = True
    with pytest.raises(CommandError, match=crypto.ENV_VAR):
        call_command("identity_keys", "status", stdout=StringIO())


def test_generate_command_prints_a_usable_key(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out = StringIO()
    call_command("identity_keys", "generate", stdout=out, stderr=StringIO())
    key = out.getvalue().strip()
    assert crypto.key_problem(key) is None
    use_keys(monkeypatch, key)
    assert decrypt_json(encrypt_json(IDENTITY)) == IDENTITY
