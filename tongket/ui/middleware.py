"""The second factor required of administrators (`settings.REQUIRE_TOTP_FOR_ADMINS`).

An administrator signed in without one is sent to their account page to set it up, and
every other page answers with that redirect until it is on. The account page's own actions,
sign-out, language and static files stay open. An API request made with the browser's
session is refused (403) the same way; a request with an API token is not concerned (tokens
are made on the server by an administrator: docs/operations.md).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from tongket.org import selectors

OPEN_NAMES = (
    "ui:account",
    "ui:second_factor_start",
    "ui:second_factor_finish",
    "ui:recovery_codes_new",
    "ui:logout",
    "set_language",
)


class SecondFactorRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.REQUIRE_TOTP_FOR_ADMINS and self._blocked(request):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"detail": _("Set up the second factor on your account page first.")},
                    status=403,
                )
            return redirect("ui:account")
        return self.get_response(request)

    def _blocked(self, request: HttpRequest) -> bool:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return False
        if request.path.startswith(settings.STATIC_URL or "/static/"):
            return False
        if request.path.startswith("/api/") and request.headers.get("Authorization"):
            return False
        if request.path in {reverse(name) for name in OPEN_NAMES}:
            return False
        return selectors.second_factor_required(user=user) and not selectors.second_factor_on(
            user=user
        )
