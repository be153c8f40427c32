"""Sign-in slowed per (name, address) instead of an account lock anyone could trigger: five
anonymous wrong passwords used to lock any account, the administrator's too, and the lock
message told which names exist; a locked account's API token kept working."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tongket.org import auth
from tongket.org.models import User

pytestmark = pytest.mark.django_db
PASSWORD = "tongket-demo"


def sign_in(address: str, username: str, password: str) -> tuple[Client, str]:
    """Post the sign-in form from `address`; the client and the form's error, if any."""
    client = Client(REMOTE_ADDR=address)
    response = client.post("/login/", {"username": username, "password": password})
    if response.status_code != 200:
        return client, ""
    return client, " ".join(response.context["form"].non_field_errors())


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_failures_from_one_address_never_lock_the_owner_out_elsewhere(users, settings):
    """Given twenty wrong passwords for the administrator from one address, when the
    administrator signs in from another, then it succeeds and the account is not locked."""
    settings.LOGIN_MAX_FAILURES = 5
    for _ in range(20):
        sign_in("203.0.113.9", "admin", "sai")
    client, _page = sign_in("10.1.1.1", "admin", PASSWORD)
    assert signed_in(client)
    assert User.objects.get(username="admin").locked_until is None


def test_the_pair_waits_a_growing_delay_then_may_try_again(users, settings, monkeypatch):
    """Given the failures allowed from one address, when it tries again at once, then it is
    refused without checking the password and told how long to wait; the delay doubles
    with each further failure; once it has passed, the right password signs in."""
    settings.LOGIN_MAX_FAILURES = 3
    now = [1_000_000.0]
    monkeypatch.setattr(auth.time, "time", lambda: now[0])
    for _ in range(2):
        client, page = sign_in("198.51.100.7", "qk2.baocao", "sai")
    wrong_password = page
    assert wrong_password
    client, page = sign_in("198.51.100.7", "qk2.baocao", "sai")  # third: 1 s from now on
    client, page = sign_in("198.51.100.7", "qk2.baocao", PASSWORD)
    assert not signed_in(client) and page != wrong_password and "1" in page
    now[0] += 1.5
    sign_in("198.51.100.7", "qk2.baocao", "sai")  # fourth: 2 s
    key = auth.attempt_key(type("R", (), {"META": {"REMOTE_ADDR": "198.51.100.7"}})(), "qk2.baocao")
    assert auth.seconds_to_wait(key) == 2
    now[0] += 2.5
    client, _page = sign_in("198.51.100.7", "QK2.baocao", PASSWORD)
    assert signed_in(client)
    assert auth.seconds_to_wait(key) == 0


def test_known_and_unknown_names_are_answered_alike(users, settings):
    """Given failures for an existing name and for a name that does not exist, when each
    pair reaches the limit, then both pages carry the same message."""
    settings.LOGIN_MAX_FAILURES = 2
    pages = {}
    for name in ("qk2.baocao", "khong.co.ai"):
        _client, first = sign_in("192.0.2.1", name, "sai")
        sign_in("192.0.2.1", name, "sai")
        _client, third = sign_in("192.0.2.1", name, "sai")
        pages[name] = (first, third)
    assert pages["qk2.baocao"] == pages["khong.co.ai"]
    assert pages["qk2.baocao"][0] != pages["qk2.baocao"][1]


def test_the_token_of_a_locked_or_inactive_account_is_refused(users):
    user = users["qk2.baocao"]
    token, _ = Token.objects.get_or_create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert client.get("/api/v1/units/").status_code == 200
    User.objects.filter(pk=user.pk).update(
        locked_until=timezone.now() + datetime.timedelta(hours=1)
    )
    assert client.get("/api/v1/units/").status_code == 401
    User.objects.filter(pk=user.pk).update(locked_until=None, is_active=False)
    assert client.get("/api/v1/units/").status_code == 401


def test_behind_our_proxy_the_forwarded_client_counts_and_elsewhere_it_is_ignored(settings):
    """Given nginx on this machine, the client is the address it appended last; a client
    connecting directly cannot pick its address by sending the header itself."""
    settings.TRUSTED_PROXIES = ["127.0.0.1"]

    def request(remote: str, forwarded: str):  # type: ignore[no-untyped-def]
        return type("R", (), {"META": {"REMOTE_ADDR": remote, "HTTP_X_FORWARDED_FOR": forwarded}})()

    assert auth.client_address(request("127.0.0.1", "6.6.6.6, 203.0.113.5")) == "203.0.113.5"
    assert auth.client_address(request("198.51.100.2", "203.0.113.5")) == "198.51.100.2"
    assert auth.attempt_key(request("127.0.0.1", "203.0.113.5"), "admin") != auth.attempt_key(
        request("127.0.0.1", "203.0.113.6"), "admin"
    )
