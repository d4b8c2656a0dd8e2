"""Encryption of the reporter's identity at rest, with key rotation.

The law protects the identity of a person who denounces a crime, so it is stored
only as a token made here, and the keys live outside the database:

- `BCD138_IDENTITY_KEYS` in the environment: comma-separated Fernet keys, the first
  is the primary (encrypts), the others only decrypt. This is how production runs.
- else `<DATA_DIR>/identity.keys`, one key per line, first = primary; created
  (mode 0600) on first use outside production so the demo works with no setup.
  Production refuses it: a file beside the database is backed up with the
  database, which defeats keeping the key apart from the data.

Why Fernet (AES-128-CBC + HMAC-SHA256, encrypt-then-MAC) and not raw AES-GCM: it is
authenticated, needs no nonce management from us, its tokens are plain text for a
`TextField`, and `MultiFernet.rotate` re-encrypts a token under the primary key
while any older key in the ring still decrypts — rotation without a flag day.

Rotation: put a new key first in the ring (`bcd138 identity_keys generate`), keep
the old ones after it, re-encrypt the stored tokens with `rotate` (counting progress
by the `primary_key_id()` stored beside each token), then drop the old keys.

Nothing here logs, and no exception carries a plaintext or a key.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _

from bcd138.core.errors import DomainError

ENV_VAR = "BCD138_IDENTITY_KEYS"
KEY_FILE_NAME = "identity.keys"


@dataclass(frozen=True)
class Keyring:
    """The keys in use: `keys[0]` is the primary; `source` says where they came from."""

    keys: tuple[str, ...]
    source: str
    fernet: MultiFernet

    @property
    def primary_key_id(self) -> str:
        return key_id(self.keys[0])


class IdentityUndecryptable(DomainError):
    """A stored identity token that no key in the ring opens (or was altered).

    A server-side fault, not the user's: the key that made it is missing from the
    ring, or the stored text was corrupted or tampered with. Hence status 500.
    """

    def __init__(self) -> None:
        super().__init__(
            _(
                "The reporter's identity could not be decrypted: the key that "
                "encrypted it is not configured, or the stored value was altered."
            ),
            code="identity_undecryptable",
            status=500,
        )


_keyring: Keyring | None = None
# Two threads of one worker may both load the ring on first use; the lock keeps
# them from racing to create the demo key file.
_lock = threading.Lock()


def generate_key() -> str:
    """A new random Fernet key, as text."""
    return Fernet.generate_key().decode("ascii")


def key_id(key: str) -> str:
    """A short fingerprint of a key: 8 hex chars of SHA-256 of its raw bytes.

    32 bits of a hash of a 256-bit random key reveal nothing usable about it, and
    are enough to tell the keys of one ring apart.
    """
    raw = base64.urlsafe_b64decode(key.encode("ascii"))
    return hashlib.sha256(raw).hexdigest()[:8]


def primary_key_id() -> str:
    """Fingerprint of the key new tokens are encrypted with; store it beside each."""
    return get_keyring().primary_key_id


def encrypt_json(data: dict[str, Any]) -> str:
    """Encrypt a JSON-serialisable dict under the primary key; returns the token."""
    plaintext = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return get_keyring().fernet.encrypt(plaintext.encode("utf-8")).decode("ascii")


def decrypt_json(token: str) -> dict[str, Any]:
    """Decrypt a token made by `encrypt_json` with any key of the ring."""
    plaintext = _open(token)
    try:
        data = json.loads(plaintext)
    except ValueError:
        # `from None`: a JSONDecodeError quotes the document, i.e. the plaintext.
        raise IdentityUndecryptable from None
    if not isinstance(data, dict):
        raise IdentityUndecryptable
    return data


def rotate(token: str) -> str:
    """Re-encrypt a token under the primary key (it keeps its original timestamp)."""
    try:
        return get_keyring().fernet.rotate(_token_bytes(token)).decode("ascii")
    except InvalidToken:
        raise IdentityUndecryptable from None


def blind_indexes(text: str) -> list[str]:
    """Keyed digests of ``text`` under every key of the ring, the primary first.

    A blind index lets an exact search ("who is Nguyễn Văn A?") find an encrypted
    record without decrypting every one: HMAC-SHA256 keyed by a key derived from
    each identity key, so the digest means nothing without the key. The caller
    folds the text first. Searching compares against every key's digest, so rows
    indexed before a rotation are still found until they are re-indexed.
    """
    return [_blind(key, text) for key in get_keyring().keys]


def blind_index(text: str) -> str:
    """The digest of ``text`` under the primary key (to store)."""
    return blind_indexes(text)[0]


def _blind(key: str, text: str) -> str:
    raw = base64.urlsafe_b64decode(key.encode("ascii"))
    derived = hashlib.sha256(b"bcd138 blind index\0" + raw).digest()
    return hmac.new(derived, text.encode("utf-8"), hashlib.sha256).hexdigest()


def _open(token: str) -> bytes:
    try:
        return get_keyring().fernet.decrypt(_token_bytes(token))
    except InvalidToken:
        raise IdentityUndecryptable from None


def _token_bytes(token: str) -> bytes:
    try:
        return token.encode("ascii")
    except (UnicodeEncodeError, AttributeError):
        raise IdentityUndecryptable from None


# --- the keyring -----------------------------------------------------------------


def get_keyring() -> Keyring:
    """The process's keyring, loaded on first use (settings are read then, not at
    import). Raises ImproperlyConfigured when there are no usable keys."""
    global _keyring
    with _lock:
        if _keyring is None:
            _keyring = _load_keyring()
        return _keyring


def reset_keyring() -> None:
    """Forget the cached keyring (tests; or after changing the keys in-process)."""
    global _keyring
    with _lock:
        _keyring = None


def _load_keyring() -> Keyring:
    env_keys = parse_keys(os.environ.get(ENV_VAR, ""))
    if env_keys:
        return _build(env_keys, f"environment variable {ENV_VAR}")
    if settings.PRODUCTION:
        raise ImproperlyConfigured(
            f"{ENV_VAR} is not set. In production the reporter-identity keys must "
            "come from the environment (comma-separated Fernet keys, the primary "
            "first); the key file in the data directory is for the demo only. "
            "Make a key with `bcd138 identity_keys generate`."
        )
    path = key_file_path()
    _create_key_file(path)
    keys = parse_keys(path.read_text(encoding="ascii"), separator="\n")
    if not keys:
        raise ImproperlyConfigured(f"The identity key file {path} holds no key.")
    return _build(keys, f"file {path}")


def key_file_path() -> Path:
    return Path(settings.DATA_DIR) / KEY_FILE_NAME


def _create_key_file(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        # O_EXCL with mode 0600: the file is never readable by others, not even
        # for a moment, and two processes starting together cannot both write it.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(generate_key() + "\n")


def parse_keys(text: str, separator: str = ",") -> list[str]:
    """Split a key list; blank entries and `#` comment lines are skipped."""
    items = (item.strip() for item in text.split(separator))
    return [item for item in items if item and not item.startswith("#")]


def key_problem(key: str) -> str | None:
    """Why `key` is not a valid Fernet key, or None. Never quotes the key."""
    try:
        raw = base64.urlsafe_b64decode(key.encode("ascii"))
    except (UnicodeEncodeError, binascii.Error, ValueError):
        return "it is not URL-safe base64"
    if len(raw) != 32:
        return f"it decodes to {len(raw)} bytes instead of 32"
    return None


def _build(keys: list[str], source: str) -> Keyring:
    for number, key in enumerate(keys, start=1):
        problem = key_problem(key)
        if problem:
            raise ImproperlyConfigured(
                f"Identity key #{number} from {source} is malformed: {problem}. "
                "A key is 44 characters made by `bcd138 identity_keys generate`."
            )
    return Keyring(
        keys=tuple(keys),
        source=source,
        fernet=MultiFernet([Fernet(key) for key in keys]),
    )


# --- system check ----------------------------------------------------------------


@register(Tags.security, deploy=True)
def check_identity_keys(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Production must take the identity keys from the environment, well-formed."""
    if not settings.PRODUCTION:
        return []
    keys = parse_keys(os.environ.get(ENV_VAR, ""))
    if not keys:
        return [
            Error(
                f"{ENV_VAR} is not set.",
                hint="Set it to one or more Fernet keys (comma-separated, the "
                "primary first) from `bcd138 identity_keys generate`; the key file "
                "in the data directory is for the demo only.",
                id="bcd138.E010",
            )
        ]
    return [
        Error(
            f"Identity key #{number} in {ENV_VAR} is malformed: {problem}.",
            hint="Each key is 44 characters from `bcd138 identity_keys generate`.",
            id="bcd138.E011",
        )
        for number, key in enumerate(keys, start=1)
        if (problem := key_problem(key))
    ]
