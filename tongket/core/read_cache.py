"""Reads served again without being worked out again, and never stale.

A read worth caching (a dashboard page, the analytics API, the pivot's data) is stored under
a key made of everything its answer depends on:

- the user, and for pages the session's contents (the active unit, a pending form state);
  or, for reads that depend on nothing of the user but their scope (the analytics API),
  the scope's signature and the clearance: users whose grants reach exactly the same units
  with the same roles, cleared for the same marks, share them, and nobody is ever served
  what they could not read themselves;
- the language, the path and the query string, and today's date (what is due or overdue);
- the data generation (`core.freshness`), which moves after every committed write: a cached
  answer is never served once anything it could rest on changed.

Entries also expire after `TONGKET_READ_CACHE_SECONDS` (a bound, not the freshness rule);
0 turns the cache off. The store is the `reads` cache, in each server process's memory: with
several processes or machines each keeps its own copy, and all stop serving it at the same
write, since the generation is read from the database (docs/operations.md, "Scale-out").
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation

from tongket.core import classification, freshness, scopes

# Response headers kept with a cached answer.
KEPT_HEADERS = ("Content-Type", "Content-Language", "Content-Disposition")


def _seconds() -> int:
    return int(getattr(settings, "TONGKET_READ_CACHE_SECONDS", 0) or 0)


def read_key(
    request: HttpRequest, *, session: bool = False, shared: bool = False, part: str = ""
) -> str | None:
    """The key of this read, or None when it must not be cached (the cache is off, nobody is
    signed in, not a GET, or a page with messages waiting to be shown). `shared`: the read
    depends on the user's scope and clearance only, and is shared by users with the same.
    `part`: which read of the address (a page's body), with whatever it was worked out from
    that the address does not say (the unit and period chosen for the user)."""
    if not _seconds() or request.method != "GET":
        return None
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    who = (
        f"scope:{scopes.signature(user)}:{','.join(classification.cleared_marks(user))}"
        if shared
        else f"user:{user.pk}"
    )
    parts = [
        who,
        translation.get_language() or "",
        request.get_full_path(),
        timezone.localdate().isoformat(),
        str(freshness.current()),
        part,
    ]
    if session:
        if len(get_messages(request)):
            return None
        stored = getattr(request, "session", None)
        if stored is not None:
            parts.append(stored.session_key or "")
            parts.append(repr(sorted((str(k), repr(v)) for k, v in stored.items())))
    digest = hashlib.blake2b("\x1f".join(parts).encode(), digest_size=20).hexdigest()
    return f"read:{digest}"


def cached_response(
    request: HttpRequest, make: Callable[[], HttpResponse], *, session: bool = False
) -> HttpResponse:
    """The answer `make` gives, served from the cache while nothing changed. Only a complete
    200 answer is kept; anything else is returned as made."""
    key = read_key(request, session=session)
    if key is None:
        return make()
    store = caches["reads"]
    hit = store.get(key)
    if hit is not None:
        content, headers = hit
        response = HttpResponse(content)
        for name, value in headers:
            response[name] = value
        response["X-Tongket-Read"] = "cached"
        return response
    response = make()
    if response.status_code == 200 and not response.streaming and not response.cookies:
        if hasattr(response, "render") and not getattr(response, "is_rendered", True):
            response.render()
        headers = [(name, response[name]) for name in KEPT_HEADERS if name in response]
        store.set(key, (response.content, headers), _seconds())
    return response


def cached_data(
    request: HttpRequest, make: Callable[[], Any], *, shared: bool = False, part: str = ""
) -> Any:
    """The data `make` returns (plain, picklable: what a serializer's `.data` holds), served
    from the cache while nothing changed: for API views, which render it themselves.
    `shared` and `part` as for `read_key`."""
    key = read_key(request, shared=shared, part=part)
    if key is None:
        return make()
    store = caches["reads"]
    hit = store.get(key)
    if hit is not None:
        return hit
    data = make()
    store.set(key, data, _seconds())
    return data
