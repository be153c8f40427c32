"""Pages of composed dashboards: my dashboards and those shared with my units, with the one my
home page shows (my own choice, or the default of my role at the nearest unit up) which I can
copy to make my own; one dashboard's tiles (favourites computed in my scope, text, my reports
due), which its owner fills, removes and arranges by dragging (or with the move buttons), and
which the keeper of its unit's shared dashboards marks as the default for a role."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tongket.analysis import selectors, services
from tongket.analysis.choices import ItemKind, ItemWidth
from tongket.analysis.tiles import Tile, dashboard_tiles
from tongket.core import scopes
from tongket.org import policy
from tongket.org.choices import Role
from tongket.org.policy import Action
from tongket.ui.forms.fields import StyledForm
from tongket.ui.views.base import active_unit, call_service, refusal, run_service


class DashboardForm(StyledForm):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    shared = forms.BooleanField(label=gettext_lazy("Share with the users of"), required=False)


class DefaultForm(StyledForm):
    role = forms.ChoiceField(
        label=gettext_lazy("Open on it by default for"),
        choices=[("", gettext_lazy("Everyone at the unit")), *Role.choices],
        required=False,
    )


class ItemForm(StyledForm):
    kind = forms.ChoiceField(label=gettext_lazy("Shows"), choices=ItemKind.choices)
    visualization = forms.TypedChoiceField(
        label=gettext_lazy("Saved table or chart"), required=False, coerce=int, empty_value=None
    )
    text = forms.CharField(
        label=gettext_lazy("Text"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    width = forms.TypedChoiceField(
        label=gettext_lazy("Width"), choices=ItemWidth.choices, coerce=int
    )

    def __init__(self, *args: Any, favourites: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["visualization"].choices = [("", "—")] + [(v.pk, v.name) for v in favourites]


def page_tiles(*, user: Any, dashboard: Any) -> list[Tile]:
    """The dashboard's tiles computed for `user`, each chart's data under its own
    `json_script` id (the dashboard's page and the home page)."""
    tiles = dashboard_tiles(user=user, dashboard=dashboard)
    for tile in tiles:
        tile.json_id = f"tile-data-{tile.item.pk}"  # type: ignore[attr-defined]
        tile.chart = tile.table.as_json() if tile.table else None  # type: ignore[attr-defined]
    return tiles


@login_required
def dashboard_list(request: HttpRequest) -> HttpResponse:
    unit = active_unit(request)
    form = DashboardForm()
    if request.method == "POST":
        form = DashboardForm(request.POST)
        if form.is_valid():
            made = call_service(
                form,
                services.dashboard_create,
                by=request.user,
                name=form.cleaned_data["name"],
                shared=form.cleaned_data["shared"],
                unit=unit,
            )
            if made is not None:
                return redirect("ui:analysis_dashboard", pk=made.pk)
    return render(
        request,
        "ui/analysis/dashboards.html",
        {
            "title": _("My dashboards"),
            "dashboards": selectors.dashboard_list(user=request.user),
            "home": selectors.dashboard_home(user=request.user, unit=unit),
            "form": form,
            "unit": unit,
        },
    )


@login_required
def dashboard_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The tiles; its owner adds an item with a POST."""
    dashboard = selectors.dashboard_get(user=request.user, pk=pk)
    is_owner = dashboard.owner_id == request.user.pk
    favourites = list(selectors.visualization_list(user=request.user))
    form = ItemForm(favourites=favourites)
    if request.method == "POST":
        if not is_owner:
            raise PermissionDenied(_("Only the person who made this dashboard may change it."))
        form = ItemForm(request.POST, favourites=favourites)
        if form.is_valid():
            data = form.cleaned_data
            chosen = next((v for v in favourites if v.pk == data["visualization"]), None)
            if call_service(
                form,
                services.dashboard_item_add,
                by=request.user,
                dashboard=dashboard,
                kind=data["kind"],
                visualization=chosen,
                text=data["text"],
                width=data["width"],
            ):
                return redirect("ui:analysis_dashboard", pk=dashboard.pk)
    tiles = page_tiles(user=request.user, dashboard=dashboard)
    keeps = (
        dashboard.shared
        and dashboard.unit is not None
        and scopes.covers(request.user, dashboard.unit, policy.roles(Action.KEEP_SHARED_DASHBOARDS))
    )
    return render(
        request,
        "ui/analysis/dashboard.html",
        {
            "title": dashboard.name,
            "dashboard": dashboard,
            "tiles": tiles,
            "is_owner": is_owner,
            "form": form,
            "defaults": selectors.dashboard_defaults(dashboard=dashboard),
            "home": selectors.dashboard_home(user=request.user, unit=active_unit(request)),
            "keeps_defaults": keeps,
            "default_form": DefaultForm() if keeps else None,
        },
    )


@login_required
@require_POST
def dashboard_order(request: HttpRequest, pk: int) -> HttpResponse:
    """The new order of the tiles: a JSON list of item ids (dragging), or one item moved a
    step up or down (the buttons, without script)."""
    dashboard = selectors.dashboard_get(user=request.user, pk=pk)
    items = [item.pk for item in selectors.dashboard_items(dashboard=dashboard)]
    if request.content_type == "application/json":
        try:
            order = [int(pk) for pk in json.loads(request.body or b"[]")]
        except (ValueError, TypeError):
            return JsonResponse({"detail": _("Give the item ids in their new order.")}, status=400)
        try:
            services.dashboard_arrange(by=request.user, dashboard=dashboard, order=order)
        except (ValidationError, PermissionDenied) as error:
            problems = refusal(error)
            first = next(iter(problems.values()))[0]
            return JsonResponse(
                {"detail": first}, status=403 if isinstance(error, PermissionDenied) else 400
            )
        return JsonResponse({"order": order})
    moved = request.POST.get("item")
    step = -1 if request.POST.get("direction") == "up" else 1
    if moved and moved.isdigit() and int(moved) in items:
        index = items.index(int(moved))
        target = max(0, min(len(items) - 1, index + step))
        items.insert(target, items.pop(index))
        run_service(
            request,
            services.dashboard_arrange,
            "",
            by=request.user,
            dashboard=dashboard,
            order=items,
        )
    return redirect("ui:analysis_dashboard", pk=dashboard.pk)


@login_required
@require_POST
def dashboard_delete(request: HttpRequest, pk: int) -> HttpResponse:
    dashboard = selectors.dashboard_get(user=request.user, pk=pk)
    if run_service(
        request,
        services.dashboard_delete,
        _("Dashboard deleted."),
        by=request.user,
        dashboard=dashboard,
    ):
        return redirect("ui:analysis_dashboards")
    return redirect("ui:analysis_dashboard", pk=dashboard.pk)


@login_required
@require_POST
def dashboard_item_remove(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.dashboard_item_get(user=request.user, pk=pk)
    run_service(request, services.dashboard_item_remove, "", by=request.user, item=item)
    return redirect("ui:analysis_dashboard", pk=item.dashboard_id)


@login_required
@require_POST
def dashboard_default(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark the dashboard as its unit's default for a role (or everyone), or, with `clear`,
    stop it being that role's default."""
    dashboard = selectors.dashboard_get(user=request.user, pk=pk)
    form = DefaultForm(request.POST)
    role = form.cleaned_data["role"] if form.is_valid() else None
    if role is None:
        messages.error(request, _("Choose a role, or everyone."))
    elif request.POST.get("clear"):
        default = selectors.dashboard_default_get(dashboard=dashboard, role=role)
        run_service(
            request,
            services.dashboard_default_clear,
            _("It is no longer the default."),
            by=request.user,
            default=default,
        )
    else:
        # A refusal (403 of the service) goes to the page's messages, as for every button.
        run_service(
            request,
            services.dashboard_default_set,
            _("Its unit's users open on it now."),
            by=request.user,
            dashboard=dashboard,
            role=role,
        )
    return redirect("ui:analysis_dashboard", pk=dashboard.pk)


@login_required
@require_POST
def dashboard_choose(request: HttpRequest, pk: int) -> HttpResponse:
    """My home page shows this dashboard from now on; with `drop`, the default of my role
    and unit again. Then the home page, to see it."""
    dashboard = selectors.dashboard_get(user=request.user, pk=pk)
    chosen = None if request.POST.get("drop") else dashboard
    run_service(
        request,
        services.dashboard_choose,
        _("Your home page shows this dashboard now.")
        if chosen
        else _("Your home page shows your unit's default now."),
        by=request.user,
        dashboard=chosen,
    )
    return redirect("ui:home")


@login_required
@require_POST
def dashboard_copy(request: HttpRequest, pk: int) -> HttpResponse:
    """A copy of my own, which I open on from now on."""
    dashboard = selectors.dashboard_get(user=request.user, pk=pk)
    copy = run_service(
        request,
        services.dashboard_copy,
        _("Copied: this one is yours to change."),
        by=request.user,
        dashboard=dashboard,
        choose=True,
    )
    if copy is None:
        return redirect("ui:analysis_dashboard", pk=dashboard.pk)
    return redirect("ui:analysis_dashboard", pk=copy.pk)
