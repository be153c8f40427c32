"""Helpers shared by the page views: forms and buttons that call services, who holds a role,
pagination, the active unit."""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from tongket.core import scopes
from tongket.org.models import Unit

T = TypeVar("T")
SESSION_UNIT = "tongket_active_unit"


def _row_error(field: str, message: str, formsets: dict[str, Any]) -> str | None:
    """Put an error the service named `prefix-N-field` or `prefix-N` on that row of
    `formsets` (beside the field when the row has it) and return it as people read it above
    the form ("Conclusion 1: …"); None when `field` names no row of theirs."""
    for prefix, given in formsets.items():
        found = re.fullmatch(rf"{re.escape(prefix)}-(\d+)(?:-(\w+))?", field)
        if found is not None:
            return _on_row(given, int(found[1]), found[2], message)
    return None


def _on_row(given: Any, index: int, part: str | None, message: str) -> str:
    """`message` on row `index` of `given` (a formset, or the list of its forms the service
    was given), named by the row form's `row_label` and its place in the formset."""
    is_set = isinstance(given, forms.BaseFormSet)
    rows = list(given.forms if is_set else given)
    row = rows[index] if index < len(rows) else None
    position = index + 1
    if row is not None:
        row.add_error(part if part in row.fields else None, message)
        place = (row.prefix or "").rpartition("-")[2]
        position = int(place) + 1 if place.isdigit() else position
    kind = given.form if is_set else (type(rows[0]) if rows else None)
    label = getattr(kind, "row_label", None) or _("Row %(number)s")
    return f"{label % {'number': position}}: {message}"


def call_service(
    form: forms.Form,
    service: Callable[..., T],
    aliases: dict[str, str] | None = None,
    formsets: dict[str, Any] | None = None,
    **kwargs: Any,
) -> T | None:
    """Run a service; put any DomainError/ValidationError on the form beside its field
    (`aliases` maps a service's field name to the form's).

    `formsets` are the page's lists of rows by prefix: an error the service names
    `prefix-N-field` or `prefix-N` goes on that row (beside its field when it has one) and,
    above the form, is named in words by the row form's `row_label` ("Conclusion 1: …"),
    never by the service's field name. N counts the rows the service was given: pass the
    formset when it was given every row, else the list of the row forms it was given, in its
    order (the rows ticked, say)."""
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
                    on_row = _row_error(field, message, formsets or {}) if target is None else None
                    if on_row is not None:
                        form.add_error(None, on_row)
                    elif target is None and field != NON_FIELD_ERRORS:
                        form.add_error(None, f"{field}: {message}")
                    else:
                        form.add_error(target, message)
        else:
            for message in error.messages:
                form.add_error(None, message)
    return None


def call_form_service(
    form: forms.Form,
    service: Callable[..., T],
    /,
    aliases: dict[str, str] | None = None,
    formsets: dict[str, Any] | None = None,
    **kwargs: Any,
) -> T | None:
    """`call_service` for services that take an argument named `form` (a report form, an
    award form), which would clash with `call_service`'s own first argument."""
    return call_service(
        form, functools.partial(service, **kwargs), aliases=aliases, formsets=formsets
    )


def run_service(
    request: HttpRequest, service: Callable[..., Any], success: str, **kwargs: Any
) -> Any:
    """Run a service from a button (no form): its refusal, or `success`, goes to the page's
    messages. Returns the service's result (True when it returns nothing), None when it
    refused."""
    try:
        result = service(**kwargs)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return None
    except PermissionDenied as error:
        messages.error(request, str(error))
        return None
    if success:
        messages.success(request, success)
    return result if result is not None else True


def refusal(error: Exception) -> dict[str, list[str]]:
    """A service's refusal as {field: [messages]} ("" for the whole)."""
    if isinstance(error, PermissionDenied):
        return {"": [str(error)]}
    assert isinstance(error, ValidationError)
    if hasattr(error, "error_dict"):
        return {
            field: [m for e in errors for m in e.messages]
            for field, errors in error.error_dict.items()
        }
    return {"": list(error.messages)}


def has_role(user: Any, roles: tuple[str, ...]) -> bool:
    """Whether the user holds one of `roles` anywhere (for showing a page's main action)."""
    return scopes.is_unrestricted(user) or bool(scopes.scope_paths(user, roles))


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
