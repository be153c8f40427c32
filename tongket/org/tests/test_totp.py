"""TOTP (RFC 6238) with the standard library: the RFC's own test vectors, the one-step window
either side, and no step accepted twice."""

from __future__ import annotations

import base64
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from tongket.org import totp

# RFC 6238, Appendix B: the SHA-1 seed and the 8-digit codes at these times.
SEED = base64.b32encode(b"12345678901234567890").decode()
VECTORS = [
    (59, "94287082"),
    (1111111109, "07081804"),
    (1111111111, "14050471"),
    (1234567890, "89005924"),
    (2000000000, "69279037"),
    (20000000000, "65353130"),
]


@pytest.mark.parametrize(("at", "code"), VECTORS)
def test_the_rfc_6238_vectors(at, code):
    assert totp.hotp(totp._key(SEED), totp.step_at(at), digits=8) == code
    assert totp.code_at(SEED, at) == code[-6:]


def test_a_code_is_accepted_one_step_either_side_and_no_further():
    at = 1234567890
    step = totp.step_at(at)
    for offset, accepted in ((-2, False), (-1, True), (0, True), (1, True), (2, False)):
        code = totp.code_at(SEED, at + offset * totp.STEP_SECONDS)
        assert (totp.matching_step(SEED, code, at=at) is not None) is accepted, offset
    assert totp.matching_step(SEED, totp.code_at(SEED, at), at=at) == step


def test_a_step_already_used_is_refused():
    at = 1234567890
    code = totp.code_at(SEED, at)
    step = totp.matching_step(SEED, code, at=at)
    assert totp.matching_step(SEED, code, at=at, last_step=step) is None
    # The previous step's code, though within the window, is older than the one used.
    before = totp.code_at(SEED, at - totp.STEP_SECONDS)
    assert totp.matching_step(SEED, before, at=at, last_step=step) is None
    after = totp.code_at(SEED, at + totp.STEP_SECONDS)
    assert totp.matching_step(SEED, after, at=at, last_step=step) == step + 1


def test_codes_typed_with_spaces_match_and_malformed_ones_do_not():
    at = 59
    code = totp.code_at(SEED, at)
    assert totp.matching_step(SEED, f"{code[:3]} {code[3:]}", at=at) is not None
    assert totp.matching_step(SEED, "abcdef", at=at) is None
    assert totp.matching_step(SEED, code[:5], at=at) is None


def test_a_new_secret_is_160_bits_of_base32_and_the_uri_carries_it():
    secret = totp.new_secret()
    assert len(base64.b32decode(secret + "=" * (-len(secret) % 8))) == 20
    assert secret != totp.new_secret()
    uri = totp.provisioning_uri(secret, account="qk2.baocao", issuer="Tổng Kết")
    parts = urlsplit(uri)
    assert (parts.scheme, parts.netloc) == ("otpauth", "totp")
    assert unquote(parts.path) == "/Tổng Kết:qk2.baocao"
    query = parse_qs(parts.query)
    assert query["secret"] == [secret] and query["issuer"] == ["Tổng Kết"]
    assert (query["digits"], query["period"], query["algorithm"]) == (["6"], ["30"], ["SHA1"])


def test_recovery_codes_read_back_however_typed():
    code = totp.new_recovery_code()
    assert len(code) == 11 and code[5] == "-"
    assert totp.recovery_digest(code) == totp.recovery_digest(code.upper().replace("-", " "))
    assert totp.recovery_digest(code) != code
