"""The target grid of an indicator: units as rows, years as columns, the whole horizon
beside them; cells saved one by one (htmx) with the cascade and phasing checks refreshed;
splitting a target to the units below and phasing it over the years; a target's history."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongket.core import scopes
from tongket.core.errors import NotFound
from tongket.core.numbers import NotANumber, format_number, parse_number
from tongket.org import policy
from tongket.org import selectors as org_selectors
from tongket.org.models import Unit
from tongket.org.policy import Action
from tongket.resolutions import selectors, services
from tongket.resolutions.choices import TargetMethod
from tongket.resolutions.models import Indicator, Target
from tongket.ui.forms.resolutions import CascadeForm, TargetCellForm
from tongket.ui.views.base import active_unit, call_service
from tongket.ui.views.resolutions.common import act, done, form_page

MAX_LISTED_ISSUES = 12


def _root(request: HttpRequest, indicator: Indicator) -> Unit:
    """The unit whose subtree the grid shows: asked for, else the unit keeping the
    resolution, its issuing body or the unit I am looking from, whichever I cover."""
    pk = request.POST.get("root") or request.GET.get("unit")
    if pk:
        return org_selectors.unit_get(user=request.user, pk=pk)
    resolution = indicator.resolution
    for unit in (resolution.owner_unit, resolution.issuing_unit, active_unit(request)):
        if unit is not None and scopes.covers(request.user, unit):
            return unit
    roots = org_selectors.unit_roots(user=request.user)
    if not roots:
        raise NotFound(_("Unit not found."))
    return roots[0]


def _until(request: HttpRequest) -> int | None:
    text = request.POST.get("until") or request.GET.get("until") or ""
    return int(text) if text.isdigit() else None


def grid_url(indicator: Indicator, root: Unit, until: int | None = None) -> str:
    url = reverse("ui:indicator_targets", args=[indicator.pk]) + f"?unit={root.pk}"
    return url + (f"&until={until}" if until else "")


def _grid(
    request: HttpRequest, indicator: Indicator, root: Unit, year: int | None = None
) -> dict[str, Any]:
    """The selector's grid, with what the page says about it: which rows I may edit, the
    gaps as absolute numbers, and the list of warnings in words. `year` is shown even when
    it lies in the following years not shown yet."""
    until = max(_until(request) or 0, year or 0) or None
    grid = selectors.target_grid(user=request.user, indicator=indicator, root=root, until=until)
    keeper_paths = scopes.scope_paths(request.user, policy.roles(Action.KEEP_RESOLUTIONS))
    issues: list[dict[str, Any]] = []
    phasing: list[dict[str, Any]] = []
    for row in grid["rows"]:
        unit = row["unit"]
        row["editable"] = keeper_paths is None or any(unit.path.startswith(p) for p in keeper_paths)
        if row["phasing"]:
            row["phasing"]["gap"] = abs(row["phasing"]["difference"])
            phasing.append({"unit": unit, **row["phasing"]})
        for cell in row["cells"]:
            if cell["mismatch"]:
                cell["mismatch"]["gap"] = abs(cell["mismatch"]["difference"])
                issues.append({"unit": unit, "year": cell["year"], **cell["mismatch"]})
    grid["issues"] = issues[:MAX_LISTED_ISSUES]
    grid["more_issues"] = max(0, len(issues) - MAX_LISTED_ISSUES)
    grid["phasing_rows"] = phasing[:MAX_LISTED_ISSUES]
    grid["more_phasing"] = max(0, len(phasing) - MAX_LISTED_ISSUES)
    grid["editable"] = any(row["editable"] for row in grid["rows"])
    grid["until"] = until
    resolution = indicator.resolution
    last = grid["years"][-1] if grid["years"] else resolution.horizon_to
    grid["next_year"] = (
        last + 1
        if resolution.horizon_known and last is not None and last < resolution.last_target_year
        else None
    )
    return grid


@login_required
def indicator_targets(request: HttpRequest, pk: int) -> HttpResponse:
    """The grid page."""
    indicator = selectors.indicator_get(user=request.user, pk=pk)
    root = _root(request, indicator)
    grid = _grid(request, indicator, root)
    resolution = indicator.resolution
    return render(
        request,
        "ui/resolutions/targets.html",
        {
            "indicator": indicator,
            "resolution": resolution,
            "root": root,
            "until": _until(request),
            "ancestors": org_selectors.unit_ancestors(user=request.user, unit=root),
            "grid": grid,
            "title": _("Targets of %(code)s") % {"code": indicator.code},
            "indicators": selectors.indicator_list(user=request.user, resolution=resolution),
            "splittable": [row for row in grid["rows"] if row["editable"] and row["has_children"]],
        },
    )


def _find(grid: dict[str, Any], unit_id: int | None, year: int | None) -> tuple[Any, Any]:
    row = next((r for r in grid["rows"] if r["unit"].pk == unit_id), None)
    cell = next((c for c in row["cells"] if c["year"] == year), None) if row else None
    return row, cell


@login_required
@require_POST
def indicator_target_cell(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx: save one cell (unit, year; empty year = the whole horizon) and answer the cell,
    with out-of-band updates of the checks, the row's phasing warning and the cell of the
    unit above for the same year."""
    indicator = selectors.indicator_get(user=request.user, pk=pk)
    unit = org_selectors.unit_get(user=request.user, pk=request.POST.get("unit"))
    root = _root(request, indicator)
    if not unit.path.startswith(root.path):
        root = unit
    year_text = (request.POST.get("year") or "").strip()
    year = int(year_text) if year_text.isdigit() else None
    form = TargetCellForm(request.POST)
    error = ""
    target = selectors.target_list(
        user=request.user, indicator=indicator, unit=unit, year=year
    ).first()
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data["value"] is None:
                if target is not None:
                    services.target_delete(by=request.user, target=target, reason=data["reason"])
            else:
                services.target_set(
                    by=request.user,
                    indicator=indicator,
                    unit=unit,
                    year=year,
                    value=data["value"],
                    reason=data["reason"],
                    version=data["version"],
                )
        except ValidationError as exc:
            error = " ".join(exc.messages)
        except PermissionDenied as exc:
            error = str(exc)
    else:
        error = " ".join(e for errors in form.errors.values() for e in errors)
    grid = _grid(request, indicator, root, year)
    row, cell = _find(grid, unit.pk, year)
    if cell is None:
        raise NotFound(_("This cell is not in the grid."))
    parent_row, parent_cell = _find(grid, unit.parent_id, year)
    return render(
        request,
        "ui/resolutions/_target_cell_response.html",
        {
            "indicator": indicator,
            "root": root,
            "grid": grid,
            "row": row,
            "cell": cell,
            "parent_row": parent_row,
            "parent_cell": parent_cell,
            "error": error,
            "typed": request.POST.get("value", ""),
        },
    )


@login_required
def target_history(request: HttpRequest, pk: int) -> HttpResponse:
    """The adjustments of one target (old value, date, author, reason): a dialog or a page."""
    target = selectors.target_get(user=request.user, pk=pk)
    context = {
        "target": target,
        "indicator": target.indicator,
        "resolution": target.indicator.resolution,
        "adjustments": list(selectors.target_history(target=target)),
        "title": _("History of a target"),
    }
    template = (
        "ui/resolutions/_target_history.html"
        if getattr(request, "htmx", False)
        else "ui/resolutions/target_history.html"
    )
    return render(request, template, context)


def _cascade_parts(
    grid: dict[str, Any], unit: Unit, year: int | None
) -> tuple[Target | None, list[dict[str, Any]]]:
    """The unit's target for the year and its children (active units, as the service splits
    to) with their current targets."""
    _row, cell = _find(grid, unit.pk, year)
    children = []
    for row in grid["rows"]:
        if row["unit"].parent_id == unit.pk and row["unit"].dissolved_on is None:
            _r, child_cell = _find(grid, row["unit"].pk, year)
            children.append(
                {"unit": row["unit"], "target": child_cell["target"] if child_cell else None}
            )
    return (cell["target"] if cell else None), children


@login_required
def indicator_cascade(request: HttpRequest, pk: int) -> HttpResponse:
    """Split a unit's target to the units below: evenly, in proportion to another
    indicator's targets, or by hand (a dialog, or a page without scripts)."""
    indicator = selectors.indicator_get(user=request.user, pk=pk)
    root = _root(request, indicator)
    grid = _grid(request, indicator, root)
    splittable = [row["unit"] for row in grid["rows"] if row["editable"] and row["has_children"]]
    if not splittable:
        raise PermissionDenied(_("No unit of this grid that you set targets for has units below."))
    source = request.POST if request.method == "POST" else request.GET
    bases = [
        i
        for i in selectors.indicator_list(user=request.user, resolution=indicator.resolution)
        if i.pk != indicator.pk
    ]
    initial = {"unit": splittable[0].pk, "method": TargetMethod.EVEN}
    form = CascadeForm(
        source if request.method == "POST" else None,
        units=splittable,
        years=grid["years"],
        bases=bases,
        initial=initial
        | {
            k: source[k]
            for k in ("unit", "year", "method", "base_indicator", "reason")
            if source.get(k)
        },
    )
    unit_pk = source.get("unit") or splittable[0].pk
    unit = next((u for u in splittable if str(u.pk) == str(unit_pk)), splittable[0])
    if "year" in source:
        year_text = str(source.get("year") or "")
        year = int(year_text) if year_text.isdigit() and int(year_text) in grid["years"] else None
    else:
        # Opened without a cell: the unit's whole-horizon target, else its first yearly one.
        row, _cell = _find(grid, unit.pk, None)
        set_years = [c["year"] for c in row["cells"] if c["target"]] if row else []
        year = None if None in set_years or not set_years else set_years[0]
    parent, children = _cascade_parts(grid, unit, year)
    share_errors: dict[int, str] = {}
    shares: dict[int, Decimal | None] = {}
    for child in children:
        text = (source.get(f"share-{child['unit'].pk}") or "").strip()
        child["typed"] = (
            text
            if request.method == "POST"
            else (format_number(child["target"].value) if child["target"] else "")
        )
        if request.method == "POST" and text:
            try:
                shares[child["unit"].pk] = parse_number(text)
            except NotANumber:
                share_errors[child["unit"].pk] = _("Enter a number, e.g. 1.234,5.")
        child["error"] = share_errors.get(child["unit"].pk, "")
    if request.method == "POST" and form.is_valid() and not share_errors:
        data = form.cleaned_data
        base = next((i for i in bases if i.pk == data["base_indicator"]), None)
        results = call_service(
            form,
            services.target_cascade,
            aliases={"shares": "method"},
            by=request.user,
            indicator=indicator,
            unit=unit,
            year=data["year"],
            method=data["method"],
            base_indicator=base,
            shares={k: v for k, v in shares.items() if v is not None} or None,
            reason=data["reason"],
        )
        if results is not None:
            messages.success(
                request,
                _("The target of %(unit)s (%(year)s) was split to %(count)s units below.")
                % {
                    "unit": unit.name,
                    "year": year or _("whole horizon"),
                    "count": len(results),
                },
            )
            return done(request, grid_url(indicator, root, _until(request)))
    if share_errors:
        form.add_error(None, _("Some shares are not numbers; see the units marked below."))
    return form_page(
        request,
        form,
        title=_("Split a target of %(code)s to the units below") % {"code": indicator.code},
        action=reverse("ui:indicator_cascade", args=[indicator.pk]),
        cancel=grid_url(indicator, root, _until(request)),
        submit=_("Split the target"),
        resolution=indicator.resolution,
        extra={
            "cascade": True,
            "indicator": indicator,
            "root": root,
            "until": _until(request),
            "unit": unit,
            "year": year,
            "parent": parent,
            "children": children,
            "additive": indicator.is_additive,
        },
    )


@login_required
@require_POST
def indicator_phase(request: HttpRequest, pk: int) -> HttpResponse:
    """Phase a unit's whole-horizon target over the years of the horizon."""
    indicator = selectors.indicator_get(user=request.user, pk=pk)
    unit = org_selectors.unit_get(user=request.user, pk=request.POST.get("unit"))
    root = _root(request, indicator)
    act(
        request,
        services.target_phase,
        _("The whole-horizon target of %(unit)s was phased over the years.") % {"unit": unit.name},
        by=request.user,
        indicator=indicator,
        unit=unit,
        reason=request.POST.get("reason", ""),
    )
    return done(request, grid_url(indicator, root, _until(request)))
