"""Sign-in with a second factor: set up on the account page (key and otpauth:// URI shown as
text, confirmed with a code, recovery codes shown once); then the password alone signs in
nobody, in the pages or in the API through the session; the code or a recovery code does.
With REQUIRE_TOTP_FOR_ADMINS an administrator without one is sent to set it up; API tokens
are not concerned."""

from __future__ import annotations

import re
import time

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tongket.org import selectors, totp

pytestmark = pytest.mark.django_db
PASSWORD = "tongket-demo"


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def enrol(client: Client) -> tuple[str, list[str]]:
    """Set up the second factor through the account page; the key and the recovery codes."""
    page = client.post("/account/second-factor/", follow=True).content.decode()
    secret = re.search(r'data-testid="totp-secret">([A-Z2-7 ]+)<', page).group(1).replace(" ", "")
    uri = re.search(r'data-testid="otpauth-uri">([^<]+)<', page).group(1)
    assert uri.startswith("otpauth://totp/") and f"secret={secret}" in uri.replace("&amp;", "&")
    response = client.post("/account/second-factor/confirm/", {"code": totp.code_at(secret)})
    codes = re.findall(
        r"<li class=\"col-6 col-md-4\">([a-z2-9]{5}-[a-z2-9]{5})</li>", response.content.decode()
    )
    return secret, codes


def next_code(secret: str) -> str:
    """The code of the next step (the current one was spent confirming)."""
    return totp.code_at(secret, time.time() + totp.STEP_SECONDS)


def test_enrolment_on_the_account_page_then_sign_in_asks_for_the_code(client, users):
    user = users["qk2.baocao"]
    client.force_login(user)
    page = client.get("/account/")
    assert page.status_code == 200 and 'action="/account/second-factor/"' in page.content.decode()
    secret, codes = enrol(client)
    assert selectors.second_factor_on(user=user)
    assert len(codes) == 10
    # Shown once: the account page no longer lists them.
    assert codes[0] not in client.get("/account/").content.decode()
    client.post("/logout/")

    fresh = Client(REMOTE_ADDR="192.0.2.10")
    response = fresh.post("/login/", {"username": "qk2.baocao", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/login/code/"
    # The password alone signs in nobody: not the pages, not the API through the session.
    assert not signed_in(fresh)
    assert fresh.get("/").status_code == 302
    assert fresh.get("/api/v1/units/").status_code in (401, 403)
    wrong = fresh.post("/login/code/", {"code": "000000"})
    assert wrong.status_code == 200 and not signed_in(fresh)
    done = fresh.post("/login/code/", {"code": next_code(secret)})
    assert done.status_code == 302 and signed_in(fresh)
    assert fresh.get("/api/v1/units/").status_code == 200


def test_a_recovery_code_signs_in_once(client, users):
    client.force_login(users["qk2.baocao"])
    _secret, codes = enrol(client)
    for expected in (True, False):
        fresh = Client(REMOTE_ADDR="192.0.2.11")
        fresh.post("/login/", {"username": "qk2.baocao", "password": PASSWORD})
        fresh.post("/login/code/", {"code": codes[3]})
        assert signed_in(fresh) is expected


def test_too_many_wrong_codes_ask_for_the_password_again(client, users):
    client.force_login(users["qk2.baocao"])
    secret, _codes = enrol(client)
    fresh = Client(REMOTE_ADDR="192.0.2.12")
    fresh.post("/login/", {"username": "qk2.baocao", "password": PASSWORD})
    for _ in range(5):
        response = fresh.post("/login/code/", {"code": "000000"})
    assert response.status_code == 302 and response["Location"] == "/login/"
    # The right code is no use now: the password step must be done again.
    fresh.post("/login/code/", {"code": next_code(secret)})
    assert not signed_in(fresh)


def test_the_code_step_cannot_be_reached_without_the_password(users):
    fresh = Client()
    response = fresh.post("/login/code/", {"code": "123456"})
    assert response.status_code == 302 and response["Location"] == "/login/"
    assert not signed_in(fresh)


def test_without_a_second_factor_the_password_signs_in_as_before(users):
    fresh = Client(REMOTE_ADDR="192.0.2.13")
    fresh.post("/login/", {"username": "qk2.baocao", "password": PASSWORD})
    assert signed_in(fresh)


def test_administrators_without_it_are_sent_to_set_it_up_when_required(client, users, settings):
    """Given REQUIRE_TOTP_FOR_ADMINS, an administrator without a second factor is sent from
    every page to the account page (the API through the session is refused), a reporter is
    not; once set up, the pages open; an API token keeps working throughout."""
    settings.REQUIRE_TOTP_FOR_ADMINS = True
    admin = users["admin"]
    token = Token.objects.create(user=admin)
    client.force_login(admin)
    response = client.get("/resolutions/")
    assert response.status_code == 302 and response["Location"] == "/account/"
    assert client.get("/account/").status_code == 200
    assert client.get("/api/v1/units/").status_code == 403
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.get("/api/v1/units/").status_code == 200
    reporter = Client()
    reporter.force_login(users["qk2.baocao"])
    assert reporter.get("/resolutions/").status_code == 200
    enrol(client)
    assert client.get("/resolutions/").status_code == 200


def test_without_the_setting_administrators_are_not_forced(client, users, settings):
    settings.REQUIRE_TOTP_FOR_ADMINS = False
    client.force_login(users["admin"])
    assert client.get("/resolutions/").status_code == 200


def test_an_administrator_turns_off_the_second_factor_of_a_user_who_lost_the_phone(client, users):
    user = users["qk2.baocao"]
    client.force_login(user)
    enrol(client)
    client.force_login(users["admin"])
    page = client.get(f"/admin/users/{user.pk}/")
    assert 'value="second_factor_off"' in page.content.decode()
    response = client.post(f"/admin/users/{user.pk}/", {"form": "second_factor_off"})
    assert response.status_code == 302
    assert not selectors.second_factor_on(user=user)


def test_signing_in_again_does_not_reset_the_count_of_wrong_codes(
    client, users, settings, monkeypatch
):
    """Given someone with the password who spent the allowed wrong codes, when they sign in
    with the password again, then even the right code waits its delay (a right password does
    not clear the count of wrong codes); once the delay has passed, the right code signs in."""
    from tongket.org import auth

    settings.LOGIN_MAX_FAILURES = 3
    client.force_login(users["qk2.baocao"])
    secret, _codes = enrol(client)
    now = [time.time()]
    monkeypatch.setattr(auth.time, "time", lambda: now[0])
    fresh = Client(REMOTE_ADDR="192.0.2.14")
    fresh.post("/login/", {"username": "qk2.baocao", "password": PASSWORD})
    for _ in range(5):
        fresh.post("/login/code/", {"code": "000000"})
    fresh.post("/login/", {"username": "qk2.baocao", "password": PASSWORD})
    refused = fresh.post("/login/code/", {"code": next_code(secret)})
    assert refused.status_code == 200 and not signed_in(fresh)
    now[0] += 60  # past the delay, within the 5 minutes the password step holds
    fresh.post("/login/code/", {"code": next_code(secret)})
    assert signed_in(fresh)
