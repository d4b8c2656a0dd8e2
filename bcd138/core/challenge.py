"""A self-hosted proof-of-work challenge for public forms (no third-party CAPTCHA).

The server signs a challenge bound to the form's idempotency key; the browser
finds a nonce such that SHA-256("<challenge>:<nonce>") starts with `bits` zero
bits (about 2**bits hashes, a fraction of a second in a browser) and sends it
back. A script that wants to file thousands of reports pays that cost for each,
on top of the rate limits; a person does not notice it. Needs JavaScript; the
form says so in a <noscript>.
"""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.core import signing

SALT = "bcd138.challenge"
MAX_AGE_SECONDS = 2 * 3600


def challenge_issue(*, bound_to: str) -> str:
    payload = {
        "b": bound_to,
        "r": secrets.token_hex(8),
        "d": settings.BCD138_CHALLENGE_BITS,
    }
    return signing.dumps(payload, salt=SALT, compress=False)


def _leading_zero_bits(digest: bytes) -> int:
    bits = 0
    for byte in digest:
        if byte == 0:
            bits += 8
            continue
        return bits + (8 - byte.bit_length())
    return bits


def challenge_solve(challenge: str, *, limit: int = 50_000_000) -> str:
    """Find a nonce (for tests, benchmarks and scripted clients of the API)."""
    bits = signing.loads(challenge, salt=SALT)["d"]
    for nonce in range(limit):
        digest = hashlib.sha256(f"{challenge}:{nonce}".encode()).digest()
        if _leading_zero_bits(digest) >= bits:
            return str(nonce)
    raise ValueError("no nonce found")


def challenge_verify(challenge: str, nonce: str, *, bound_to: str) -> bool:
    try:
        payload = signing.loads(challenge, salt=SALT, max_age=MAX_AGE_SECONDS)
    except signing.BadSignature:
        return False
    if payload.get("b") != bound_to or len(nonce) > 20:
        return False
    digest = hashlib.sha256(f"{challenge}:{nonce}".encode()).digest()
    return _leading_zero_bits(digest) >= int(payload.get("d", 0))
