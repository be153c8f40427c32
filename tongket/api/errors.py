"""JSON errors that name the field: {"detail": "...", "errors": {"field": ["message"]}}.

A record saved by someone else since it was read answers 409 (code "conflict") with its
current `version` when known: {"detail", "errors", "code": "conflict", "version": 7}. A
missing `version` on an update answers 400 naming the field.

A record that looks like records already kept (a person registered under the same name)
answers 409 (code "duplicates") listing them, until the request confirms a new one:
{"detail", "errors": {"full_name": [...]}, "code": "duplicates", "matches": [{"id", "code",
"label", "unit", "unit_name", "same_unit", "same_rank"}, ...]}.

A rule broken in a service (DomainError) also carries its code when it has one ("conflict"
for a record saved by someone else since it was read, "locked", "state", "issuer_mismatch"):
{"detail": "...", "errors": {...}, "code": "conflict"}. An import refused as a whole
(RowErrors) lists every bad row: {"detail": "...", "errors": {"rows": [{"sheet", "row",
"column", "message"}, ...]}, "code": "rows"}."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import (
    NON_FIELD_ERRORS,
    PermissionDenied,
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
    ValidationError,
)
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_handler

from tongket.core.errors import Conflict, LikelyDuplicates, NotFound, RowErrors


def _django_errors(error: ValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {
            ("non_field_errors" if field == NON_FIELD_ERRORS else field): [
                " ".join(item.messages) for item in items
            ]
            for field, items in error.error_dict.items()
        }
    return {"non_field_errors": list(error.messages)}


def _code(error: ValidationError) -> str | None:
    """The code of the first error that has one (Django keeps codes on each error)."""
    if hasattr(error, "error_dict"):
        items = [item for group in error.error_dict.values() for item in group]
    else:
        items = list(error.error_list)
    return next((str(item.code) for item in items if getattr(item, "code", None)), None)


def _flatten(detail: Any) -> dict[str, list[str]]:
    if isinstance(detail, dict):
        result: dict[str, list[str]] = {}
        for key, value in detail.items():
            if isinstance(value, dict):
                for sub, messages in _flatten(value).items():
                    result[f"{key}.{sub}"] = messages
            elif isinstance(value, list):
                flat: list[str] = []
                for item in value:
                    if isinstance(item, dict):
                        for sub, messages in _flatten(item).items():
                            result[f"{key}.{sub}"] = messages
                    else:
                        flat.append(str(item))
                if flat:
                    result[key] = flat
            else:
                result[key] = [str(value)]
        return result
    if isinstance(detail, list):
        return {"non_field_errors": [str(item) for item in detail]}
    return {"non_field_errors": [str(detail)]}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, NotFound | Http404):
        exc = exceptions.NotFound(str(exc) or _("Not found."))
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, RequestDataTooBig | TooManyFieldsSent | TooManyFilesSent):
        # Django's upload limits, met while the body is parsed: the client's fault, not ours.
        exc = exceptions.ParseError(_("The request has too many fields or is too large."))
    elif isinstance(exc, RowErrors):
        return Response(
            {"detail": str(exc.messages[0]), "errors": {"rows": exc.rows}, "code": "rows"},
            status=status.HTTP_400_BAD_REQUEST,
        )
    elif isinstance(exc, ValidationError):
        errors = _django_errors(exc)
        first = next(iter(errors.values()))[0] if errors else _("Invalid input.")
        body: dict[str, Any] = {"detail": first, "errors": errors}
        code = _code(exc)
        if code:
            body["code"] = code
        if code == "conflict":
            if isinstance(exc, Conflict) and exc.current_version is not None:
                body["version"] = exc.current_version
            return Response(body, status=status.HTTP_409_CONFLICT)
        if isinstance(exc, LikelyDuplicates):
            body["matches"] = exc.matches
            return Response(body, status=status.HTTP_409_CONFLICT)
        return Response(body, status=status.HTTP_400_BAD_REQUEST)
    response = drf_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = _flatten(exc.detail)
        first = next(iter(errors.values()))[0] if errors else _("Invalid input.")
        response.data = {"detail": first, "errors": errors}
    elif isinstance(response.data, dict) and "detail" in response.data:
        response.data = {"detail": str(response.data["detail"]), "errors": {}}
    return response
