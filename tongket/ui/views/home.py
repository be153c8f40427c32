"""Tổng quan: the home page. It shows the dashboard the user opens on (their own choice, or
the default of their role at the nearest unit up: `analysis.selectors.dashboard_home`), its
tiles computed in the user's own scope; without one, or with `?overview=1`, the generic
overview of the units they are granted."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from tongket.analysis import selectors as analysis_selectors
from tongket.org import selectors
from tongket.ui.views.analysis_dashboards import page_tiles
from tongket.ui.views.base import active_unit


@login_required
def home(request: HttpRequest) -> HttpResponse:
    unit = active_unit(request)
    found = analysis_selectors.dashboard_home(user=request.user, unit=unit)
    context = {"title": _("Overview"), "unit": unit, "home": found}
    if found.dashboard is not None and not request.GET.get("overview"):
        context["tiles"] = page_tiles(user=request.user, dashboard=found.dashboard)
        context["dashboard_shown"] = True
        return render(request, "ui/home.html", context)
    context.update(
        grants=selectors.grants_of(user=request.user),
        changes=selectors.recent_changes(user=request.user),
        events=selectors.recent_events(user=request.user),
    )
    if unit is not None:
        context["counts"] = selectors.unit_counts(unit=unit)
        context["children"] = selectors.unit_children(user=request.user, unit=unit)
    return render(request, "ui/home.html", context)
