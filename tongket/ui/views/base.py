"""Helpers shared by the page views: forms that call services, pagination, the active unit."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse

from tongket.core import scopes
from tongket.org.models import Unit

T = TypeVar("T")
SESSION_UNIT = "tongket_active_unit"


def call_service(
    form: forms.Form,
    service: Callable[..., T],
    aliases: dict[str, str] | None = None,
    **kwargs: Any,
) -> T | None:
    """Run a service; put any DomainError/ValidationError on the form beside its field
    (`aliases` maps a service's field name to the form's)."""
    aliases = aliases or {}
    try:
        return service(**kwargs)
    except PermissionDenied as error:
        form.add_error(None, str(error))
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                field = aliases.get(field, field)
                target = field if field in form.fields else None
                for item in errors:
                    message = " ".join(item.messages)
                    if target is None and field != NON_FIELD_ERRORS:
                        label = field
                        form.add_error(None, f"{label}: {message}")
                    else:
                        form.add_error(target, message)
        else:
            for message in error.messages:
                form.add_error(None, message)
    return None


def paginate(request: HttpRequest, queryset: Any, per_page: int = 50) -> Page:
    paginator = Paginator(queryset, per_page)
    return paginator.get_page(request.GET.get("page"))


def parse_day(value: str | None) -> datetime.date | None:
    """A date from a query string: dd/mm/yyyy or ISO. None if empty or unreadable."""
    if not value:
        return None
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
        try:
            return datetime.datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            continue
    return None


def active_unit(request: HttpRequest) -> Unit | None:
    """The unit whose view I am in: chosen in the top bar, within my grants."""
    user = request.user
    if not user.is_authenticated:
        return None
    cached = getattr(request, "_active_unit", None)
    if cached is not None:
        return cached
    unit = None
    pk = request.session.get(SESSION_UNIT)
    if pk:
        unit = scopes.restrict(Unit.objects.all(), user).filter(pk=pk).first()
    if unit is None:
        # The unit of the first grant, else the first root the user sees.
        first = scopes.grants(user)[:1]
        if first:
            unit = Unit.objects.filter(pk=first[0][2]).first()
        if unit is None:
            from tongket.org.selectors import unit_roots

            roots = unit_roots(user=user)
            unit = roots[0] if roots else None
    request._active_unit = unit  # type: ignore[attr-defined]
    return unit


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def file_response(content: bytes, filename: str, content_type: str = XLSX) -> HttpResponse:
    """A download with a Vietnamese file name (RFC 6266 filename*)."""
    from urllib.parse import quote

    from django.utils.text import slugify

    response = HttpResponse(content, content_type=content_type)
    ascii_name = slugify(filename.rsplit(".", 1)[0]) + "." + filename.rsplit(".", 1)[-1]
    response["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    )
    return response
