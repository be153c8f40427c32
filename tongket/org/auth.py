"""Password sign-in slowed per account name and address, and API tokens of accounts that may
not sign in refused.

A wrong password costs nothing the first LOGIN_MAX_FAILURES times for a pair (name typed,
client address). After that the pair must wait before its next attempt, a delay that doubles
with each further failure (1 s, 2 s, 4 s… up to LOGIN_MAX_DELAY_SECONDS); while it waits the
password is not even checked. The pair, not the account: someone guessing from one address
cannot lock the owner (or the administrator) out at another, as the old account lock let
anyone do. Names that do not exist are counted and answered exactly like names that do, so
neither the message nor the delay says which exist. A success clears the pair.

The counts live in the "login" cache (a file cache in the data directory by default, shared
by the server's processes on one machine)."""

from __future__ import annotations

import hashlib
import time
from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.cache import caches
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from tongket.org.models import User
from tongket.org.services import login_succeeded


def _cache() -> Any:
    return caches["login"] if "login" in settings.CACHES else caches["default"]


def client_address(request: HttpRequest | None) -> str:
    """The client's address: the connecting one, or, when that is a proxy of ours (nginx on
    the same machine, TONGKET_TRUSTED_PROXIES), the address the proxy appended last to
    X-Forwarded-For (the one a client cannot forge)."""
    if request is None:
        return ""
    address = request.META.get("REMOTE_ADDR", "")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded and address in settings.TRUSTED_PROXIES:
        return forwarded.split(",")[-1].strip()
    return address


def attempt_key(request: HttpRequest | None, username: str) -> str:
    """The (name, address) pair an attempt counts against, hashed (no name in the cache)."""
    address = client_address(request)
    pair = f"{username.strip().casefold()}|{address}"
    return "login:" + hashlib.sha256(pair.encode()).hexdigest()


def seconds_to_wait(key: str) -> int:
    """How long the pair must still wait before its next attempt (0: it may try now)."""
    _failures, not_before = _cache().get(key, (0, 0.0))
    return max(0, int(not_before - time.time() + 0.999))


def attempt_failed(key: str) -> int:
    """Count a failure of the pair; returns the delay now imposed on it, in seconds."""
    failures, _not_before = _cache().get(key, (0, 0.0))
    failures += 1
    free = settings.LOGIN_MAX_FAILURES
    delay = 0 if failures < free else min(2 ** (failures - free), settings.LOGIN_MAX_DELAY_SECONDS)
    # Kept a day after the last failure: a slow guesser keeps the delay it earned.
    _cache().set(key, (failures, time.time() + delay), timeout=86400)
    return delay


def attempts_cleared(key: str) -> None:
    _cache().delete(key)


def is_locked(user: User) -> bool:
    """An account an administrator has locked until a date (or deactivated)."""
    return not user.is_active or bool(user.locked_until and user.locked_until > timezone.now())


class ThrottledModelBackend(ModelBackend):
    """ModelBackend that makes a (name, address) pair wait after repeated failures."""

    def authenticate(  # type: ignore[override]
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if username is None or password is None:
            return None
        key = attempt_key(request, username)
        wait = seconds_to_wait(key)
        if wait:
            if request is not None:
                request.tongket_wait_seconds = wait  # type: ignore[attr-defined]
            return None
        user = User.objects.filter(username__iexact=username.strip()).first()
        if user is None:
            User().set_password(password)  # same work as a real check: no timing oracle
        elif user.check_password(password) and not is_locked(user):
            attempts_cleared(key)
            login_succeeded(user=user)
            return user
        delay = attempt_failed(key)
        if delay and request is not None:
            request.tongket_wait_seconds = delay  # type: ignore[attr-defined]
        return None


class AccountTokenAuthentication(TokenAuthentication):
    """Token authentication that refuses the token of a locked or inactive account."""

    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        user, token = super().authenticate_credentials(key)
        if is_locked(user):
            raise exceptions.AuthenticationFailed(_("This account is locked."))
        return user, token
