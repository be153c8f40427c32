"""Reading from a PostgreSQL replica (scale-out).

When TONGKET_REPLICA_DATABASE_URL is set (production settings), reads go to the "replica"
alias and writes to the primary, except where a replica's lag would show a user an older
state than the one they just made:

- inside a transaction (every service runs in one) every read stays on the primary;
- sessions, users and API tokens are always read on the primary (read on every request,
  right after a login or a password change);
- a request that writes (POST, PUT, PATCH, DELETE) reads from the primary, and so do the
  same browser's requests for the next few seconds (`PrimaryAfterWriteMiddleware` sets a
  short-lived cookie), so the page shown after a save shows the save.

Roll-ups are written on the primary in the same transaction as the report they come from,
so a dashboard read on the replica is never half-updated, only a few milliseconds late.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.db import connections
from django.http import HttpRequest, HttpResponse

_primary: ContextVar[bool] = ContextVar("tongket_read_primary", default=False)
COOKIE = "tk_rp"
PIN_SECONDS = 10
SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}
ALWAYS_PRIMARY = {("sessions", "session"), ("org", "user"), ("authtoken", "token")}


class ReplicaRouter:
    def db_for_read(self, model: Any, **hints: Any) -> str:
        meta = model._meta
        if (
            _primary.get()
            or connections["default"].in_atomic_block
            or (meta.app_label, meta.model_name) in ALWAYS_PRIMARY
        ):
            return "default"
        return "replica"

    def db_for_write(self, model: Any, **hints: Any) -> str:
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == "default"


class PrimaryAfterWriteMiddleware:
    """Reads of a writing request, and of the same browser's next requests for a few
    seconds, go to the primary."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        writes = request.method not in SAFE_METHODS
        token = _primary.set(writes or COOKIE in request.COOKIES)
        try:
            response = self.get_response(request)
        finally:
            _primary.reset(token)
        if writes:
            response.set_cookie(
                COOKIE,
                "1",
                max_age=PIN_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=request.is_secure(),
            )
        return response
