"""Time-based one-time passwords (RFC 6238 over RFC 4226), with the standard library only.

The parameters are the ones every authenticator app reads from an otpauth:// URI without
asking: HMAC-SHA1, 30-second steps, 6 digits. A code is accepted in its own step and the one
before or after (clocks drift; a code typed in the last seconds of its step arrives in the
next), and a step is never accepted twice: the caller keeps the last step used and passes it
in, so a code seen over a shoulder or replayed from a log is refused.

Recovery codes are random, long enough not to be guessed (`new_recovery_code`: about 50
bits), and stored only as their SHA-256: they carry enough entropy that a salt or a slow hash
adds nothing, and checking ten of them stays fast.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import struct
import time
from urllib.parse import quote, urlencode

STEP_SECONDS = 30
DIGITS = 6
WINDOW = 1  # steps accepted either side of the current one
SECRET_BYTES = 20  # 160 bits, the length RFC 4226 recommends for HMAC-SHA1
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread


def new_secret() -> str:
    """A new shared secret, in unpadded base32 (what authenticator apps expect)."""
    return base64.b32encode(secrets.token_bytes(SECRET_BYTES)).decode().rstrip("=")


def _key(secret: str) -> bytes:
    text = secret.replace(" ", "").upper()
    return base64.b32decode(text + "=" * (-len(text) % 8))


def hotp(key: bytes, counter: int, digits: int = DIGITS) -> str:
    """RFC 4226: the code for `counter` (dynamic truncation of HMAC-SHA1)."""
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    (number,) = struct.unpack(">I", digest[offset : offset + 4])
    return str((number & 0x7FFFFFFF) % 10**digits).zfill(digits)


def step_at(at: float | None = None) -> int:
    return int((time.time() if at is None else at) // STEP_SECONDS)


def code_at(secret: str, at: float | None = None) -> str:
    """The code an authenticator shows at time `at` (now by default)."""
    return hotp(_key(secret), step_at(at))


def matching_step(
    secret: str, code: str, *, at: float | None = None, last_step: int | None = None
) -> int | None:
    """The step `code` belongs to, within the window around `at` and after `last_step`;
    None when it matches none (wrong, too old, or already used)."""
    code = "".join(code.split())
    if len(code) != DIGITS or not code.isdigit():
        return None
    key = _key(secret)
    now = step_at(at)
    for step in range(now - WINDOW, now + WINDOW + 1):
        if last_step is not None and step <= last_step:
            continue
        if hmac.compare_digest(hotp(key, step), code):
            return step
    return None


def provisioning_uri(secret: str, *, account: str, issuer: str) -> str:
    """The otpauth:// URI an authenticator app reads (typed in, or scanned as a QR code)."""
    label = quote(f"{issuer}:{account}", safe="")
    query = urlencode(
        {
            "secret": secret,
            "issuer": issuer,
            "algorithm": "SHA1",
            "digits": DIGITS,
            "period": STEP_SECONDS,
        },
        quote_via=quote,
    )
    return f"otpauth://totp/{label}?{query}"


def new_recovery_code() -> str:
    """A one-time recovery code: 10 characters of a 31-letter alphabet (about 50 bits),
    written as two groups of five."""
    raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


def recovery_digest(code: str) -> str:
    """What is stored of a recovery code: the SHA-256 of its letters (case, spaces and the
    dash do not matter when it is typed back)."""
    letters = "".join(ch for ch in code.lower() if ch.isalnum())
    return hashlib.sha256(letters.encode()).hexdigest()
