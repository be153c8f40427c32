"""Tổng quan: the overview of the units I am granted."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from tongket.org import selectors
from tongket.ui.views.base import active_unit


@login_required
def home(request: HttpRequest) -> HttpResponse:
    unit = active_unit(request)
    context = {
        "title": _("Overview"),
        "unit": unit,
        "grants": selectors.grants_of(user=request.user),
        "changes": selectors.recent_changes(user=request.user),
        "events": selectors.recent_events(user=request.user),
    }
    if unit is not None:
        context["counts"] = selectors.unit_counts(unit=unit)
        context["children"] = selectors.unit_children(user=request.user, unit=unit)
    return render(request, "ui/home.html", context)
