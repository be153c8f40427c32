"""What the resolution pages share: small forms shown as a page or in a dialog, the way back
to a resolution's tab, actions reported as messages, and the keepers' check."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from tongket.resolutions import selectors
from tongket.resolutions.models import Resolution
from tongket.ui.views.base import run_service as act

__all__ = ["act"]

TABS = ("indicators", "structure", "assignments", "relations", "files", "history")


def detail_url(resolution: Resolution, tab: str = "") -> str:
    url = reverse("ui:resolution_detail", args=[resolution.pk])
    return f"{url}?tab={tab}" if tab in TABS and tab != "indicators" else url


def done(request: HttpRequest, url: str) -> HttpResponse:
    """Go to `url`: a redirect, or for a form posted from a dialog (htmx) a full reload."""
    if getattr(request, "htmx", False):
        return HttpResponseClientRedirect(url)
    return redirect(url)


def require_keeper(request: HttpRequest, resolution: Resolution) -> None:
    """403 for a user who reads the resolution but does not keep it."""
    if not selectors.can_keep(request.user, resolution):
        raise PermissionDenied(
            _("Only the tracking officers keeping this resolution may change it.")
        )


def form_page(
    request: HttpRequest,
    form: forms.Form,
    *,
    title: str,
    action: str,
    cancel: str,
    submit: str,
    resolution: Resolution | None = None,
    crumbs: list[tuple[str, str]] | None = None,
    multipart: bool = False,
    intro: str = "",
    extra: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    """A small form: in a dialog when asked by htmx, else as a page of its own (so that
    every action also works without scripts). Errors show beside the fields and at the top."""
    context = {
        "form": form,
        "title": title,
        "action": action,
        "cancel": cancel,
        "submit": submit,
        "resolution": resolution,
        "crumbs": crumbs or [],
        "multipart": multipart,
        "intro": intro,
        **(extra or {}),
    }
    template = (
        "ui/resolutions/_dialog_form.html"
        if getattr(request, "htmx", False)
        else "ui/resolutions/action_form.html"
    )
    return render(request, template, context, status=status)


def form_view(
    request: HttpRequest,
    form: forms.Form,
    write: Callable[[dict[str, Any]], str | None],
    *,
    after: str,
    **page: Any,
) -> HttpResponse:
    """A small form's view. Posted and valid, `write` runs the service with the form's
    values (`submitted`, `call_service`) and returns what to tell the user, or None when the
    service refused (the refusal is then on the form); the user goes on to `after`.
    Otherwise the form again: `form_page` with `page`."""
    if request.method == "POST" and form.is_valid():
        message = write(form.cleaned_data)
        if message is not None:
            messages.success(request, message)
            return done(request, after)
    return form_page(request, form, **page)


def submitted(form: forms.Form, service: Callable[..., Any], **kwargs: Any) -> bool:
    """Run a service for a valid form; its refusal goes on the form. True when it wrote."""
    from tongket.ui.views.base import call_service

    call_service(form, service, **kwargs)
    return not form.errors
