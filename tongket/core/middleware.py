"""The edge of every request, in one place:

- `HealthMiddleware`: /healthz (database and job worker), before sessions and sign-in;
- `InputTextMiddleware` and the API parsers below: typed text is cleaned of control
  characters once, for every page and every API call (query strings and forms here, API
  bodies in the parsers), so that no field lets a NUL or a vertical tab reach the database
  or a document;
- `DomainErrorMiddleware`: a NotFound becomes a 404, a storage failure a 503 with a message,
  and under /api/ every error is JSON in the documented shape;
- `LocaleMiddleware`: Vietnamese unless the user chose otherwise;
- `CompressionMiddleware`: pages and API answers gzip-compressed for clients that accept it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from http import HTTPStatus

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.middleware.gzip import GZipMiddleware
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext as _
from rest_framework import parsers

from tongket.core.errors import NotFound, is_storage_error
from tongket.core.text import strip_controls, strip_controls_deep

logger = logging.getLogger("django.request")


STORAGE_PAGE = (
    '<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>{title} · Tổng Kết'
    '</title><link rel="stylesheet" href="/static/css/app.css"></head><body>'
    '<main class="app-content"><h1>{title}</h1><p>{message}</p>'
    '<p><a href="/">Tổng quan</a></p></main></body></html>'
)


def storage_message() -> str:
    return str(
        _(
            "The file could not be saved: the server's storage is full or not writable. "
            "Nothing was changed. Please tell the administrator."
        )
    )


def is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def api_error(status: int, detail: str, code: str | None = None) -> JsonResponse:
    """An API error in the documented shape (tongket.api.errors)."""
    body: dict[str, object] = {"detail": detail, "errors": {}}
    if code:
        body["code"] = code
    return JsonResponse(body, status=status)


class DomainErrorMiddleware:
    """A NotFound raised in a page is a 404; a storage failure is a 503 with a message that
    says the file could not be saved (not a bare 500); under /api/ every error is JSON in
    the documented shape, also a 404 of an unknown address and an unexpected 500."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            is_api(request)
            and response.status_code >= 400
            and not response.get("Content-Type", "").startswith("application/json")
            and not getattr(response, "streaming", False)
        ):
            messages = {
                404: _("Not found."),
                405: _("Method not allowed."),
                500: _("An unexpected error occurred. It has been logged."),
            }
            try:
                phrase = HTTPStatus(response.status_code).phrase
            except ValueError:
                phrase = "Error"
            return api_error(response.status_code, str(messages.get(response.status_code, phrase)))
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, NotFound):
            if is_api(request):
                return api_error(404, str(exception) or str(_("Not found.")))
            raise Http404(str(exception)) from exception
        if is_storage_error(exception):
            logger.error("Storage error on %s", request.path, exc_info=exception)
            if is_api(request):
                return api_error(503, storage_message(), "storage")
            page = format_html(
                STORAGE_PAGE, title=_("The file could not be saved"), message=storage_message()
            )
            return HttpResponse(page, status=503)
        if is_api(request) and not isinstance(exception, Http404):
            logger.error("Server error on %s", request.path, exc_info=exception)
            return api_error(500, str(_("An unexpected error occurred. It has been logged.")))
        return None


# Formats that are compressed already (DOCX and XLSX are ZIP archives): gzip would spend a
# core's time for nothing, so they are sent as they are.
COMPRESSED_TYPES = (
    "application/vnd.openxmlformats-officedocument.",
    "application/zip",
    "application/pdf",
    "application/gzip",
    "image/",
    "font/",
)


class CompressionMiddleware(GZipMiddleware):
    """Django's gzip compression of pages and API answers (the demo's pages shrink 3 to 5
    times, see docs/benchmarks.md), except formats already compressed. Static files never reach it: whitenoise,
    above it, answers them with its own precompressed copies.

    BREACH (guessing a secret in a compressed page from its size) is mitigated because Django
    masks the CSRF token anew in every response, so the page carries no constant secret to
    guess; session cookies travel in headers, which gzip does not compress."""

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if response.get("Content-Type", "").startswith(COMPRESSED_TYPES):
            return response
        return super().process_response(request, response)  # type: ignore[no-any-return]


class LocaleMiddleware:
    """Vietnamese unless the user chose otherwise with the language switch (a cookie).

    Django's own middleware would follow the browser's Accept-Language, and office machines
    often run English browsers: the product is Vietnamese first."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language  # type: ignore[attr-defined]
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        response.headers.setdefault("Vary", "Cookie")
        return response


def _cleaned(data: QueryDict) -> QueryDict:
    """`data` with control characters removed from its keys and values (itself if clean)."""
    if not any(
        strip_controls(key) != key or any(strip_controls(v) != v for v in values)
        for key, values in data.lists()
    ):
        return data
    cleaned = QueryDict(mutable=True, encoding=data.encoding)
    for key, values in data.lists():
        cleaned.setlist(strip_controls(key), [strip_controls(v) for v in values])
    cleaned._mutable = False
    return cleaned


class InputTextMiddleware:
    """Removes control characters (NUL, vertical tab, escape…; tab and line breaks stay) from
    the query string and the posted form of every request, before any view reads them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            request.GET = _cleaned(request.GET)
            if request.method == "POST" and request.content_type in (
                "application/x-www-form-urlencoded",
                "multipart/form-data",
            ):
                request.POST = _cleaned(request.POST)
        except (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent):
            # Django's limits (DATA_UPLOAD_MAX_NUMBER_FIELDS…) are met while reading the form
            # here, before the API's error handling: the API answers them in its own shape.
            if not is_api(request):
                raise
            return api_error(400, str(_("The request has too many fields or is too large.")))
        return self.get_response(request)


class CleanJSONParser(parsers.JSONParser):
    """The API's JSON bodies, every text without control characters."""

    def parse(self, stream, media_type=None, parser_context=None):  # type: ignore[no-untyped-def]
        return strip_controls_deep(super().parse(stream, media_type, parser_context))


class CleanFormParser(parsers.FormParser):
    def parse(self, stream, media_type=None, parser_context=None):  # type: ignore[no-untyped-def]
        return _cleaned(super().parse(stream, media_type, parser_context))


class CleanMultiPartParser(parsers.MultiPartParser):
    def parse(self, stream, media_type=None, parser_context=None):  # type: ignore[no-untyped-def]
        result = super().parse(stream, media_type, parser_context)
        return parsers.DataAndFiles(_cleaned(result.data), result.files)


class HealthMiddleware:
    """/healthz, answered before sessions and authentication (cheap enough for a load
    balancer probing every few seconds): one `SELECT 1` and a look at the job worker's
    process. 200 when the database answers, 503 otherwise; the worker is "running", "down"
    (`tongket serve` is restarting it) or "external" (run apart, not watched here)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path != "/healthz":
            return self.get_response(request)
        from django.db import DatabaseError, connection

        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
            database = "ok"
        except DatabaseError:
            logger.warning("Health check: the database does not answer", exc_info=True)
            database = "down"
        body = {"database": database, "worker": worker_state()}
        return JsonResponse(body, status=200 if database == "ok" else 503)


def worker_state() -> str:
    """The job worker supervised by `tongket serve`: "running", "down" or "external"."""
    import os
    from pathlib import Path

    pid_file = Path(settings.DATA_DIR) / "worker.pid"
    try:
        pid = int(pid_file.read_text().strip())
    except FileNotFoundError:
        return "external" if not (Path(settings.DATA_DIR) / "serve.pid").exists() else "down"
    except ValueError:
        return "down"
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return "down"
    except PermissionError:
        return "running"
    return "running"
