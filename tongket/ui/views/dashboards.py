"""Dashboards of a resolution at a unit: indicator cards with progress and status, trends,
children compared, completeness heat map, drill-down, XLSX export, print view.

Every figure comes from the scoped selectors (roll-ups: a handful of queries whatever the
size of the tree)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from tongket.core.classification import mark_of
from tongket.core.read_cache import cached_data, cached_response
from tongket.core.workbook import excel_number, new_workbook, workbook_bytes, write_sheet
from tongket.org import selectors as org_selectors
from tongket.org.models import Unit
from tongket.reporting import selectors
from tongket.reporting.choices import Basis, PeriodType, Status, Tree
from tongket.reporting.models import Period
from tongket.resolutions import selectors as resolution_selectors
from tongket.resolutions.models import Indicator, Resolution
from tongket.ui.templatetags.tongket import clamp100, pct, query_with, vnnumber
from tongket.ui.views.base import active_unit, file_response

TREND_WINDOW = 20


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Dashboards home: the resolutions my unit reports on, each opening its dashboard."""
    unit = active_unit(request)
    resolutions = selectors.resolutions_reported_by(user=request.user, unit=unit) if unit else []
    if len(resolutions) == 1:
        return redirect(
            reverse("ui:dashboard_resolution", args=[resolutions[0].pk]) + f"?unit={unit.pk}"
        )
    return render(
        request,
        "ui/dashboards/index.html",
        {"title": _("Dashboards"), "unit": unit, "resolutions": resolutions},
    )


def _unit_for(request: HttpRequest, resolution: Resolution) -> Unit:
    """The unit asked for, else my active unit, else the unit keeping the resolution."""
    pk = request.GET.get("unit")
    if pk:
        return org_selectors.unit_get(user=request.user, pk=pk)
    unit = active_unit(request)
    if unit is not None:
        return unit
    return org_selectors.unit_get(user=request.user, pk=resolution.owner_unit_id)


def _state(request: HttpRequest, resolution: Resolution) -> dict[str, Any]:
    """What the dashboard shows, all from the query string (so it can be shared)."""
    unit = _unit_for(request, resolution)
    periods = selectors.resolution_periods(resolution=resolution)
    by_code = {p.code: p for p in periods}
    period = by_code.get((request.GET.get("period") or "").upper())
    if period is None:
        period = selectors.latest_reported_period(
            user=request.user, resolution=resolution, unit=unit
        ) or (periods[-1] if periods else None)
    basis = request.GET.get("basis") or (
        Basis.APPROVED if resolution.approved_only else Basis.SUBMITTED
    )
    if basis not in Basis.values:
        basis = Basis.SUBMITTED
    # The forms say which line their figures roll up along; the tree as it was otherwise.
    forms = list(resolution.report_forms.all())
    form_lines = {form.line for form in forms}
    default = form_lines.pop() if len(form_lines) == 1 else ""
    default = default if default in Tree.values else Tree.THEN
    tree = request.GET.get("tree") if request.GET.get("tree") in Tree.values else default
    return {
        "unit": unit,
        "periods": periods,
        "period": period,
        "basis": basis,
        "tree": tree,
        "forms": forms,
    }


def _build(
    request: HttpRequest, resolution: Resolution, state: dict[str, Any] | None = None
) -> dict[str, Any]:
    state = dict(state or _state(request, resolution))
    forms = state.pop("forms")
    unit, period, basis, tree = state["unit"], state["period"], state["basis"], state["tree"]
    indicators = selectors.resolution_indicators(user=request.user, resolution=resolution)
    context: dict[str, Any] = {
        "resolution": resolution,
        "indicators": indicators,
        **state,
        "bases": Basis.choices,
        "trees": Tree.choices,
    }
    if period is None or not indicators:
        return context
    children = selectors.children_at(user=request.user, unit=unit, period=period, tree=tree)
    # The unit's figures and its children's in one read.
    child_rows = selectors.figures_for_units(
        user=request.user,
        units=[unit, *children],
        period=period,
        indicators=indicators,
        basis=basis,
        tree=tree,
    )
    rows = child_rows.pop(unit.pk)
    same_type = [p for p in state["periods"] if p.type == period.type]
    if period in same_type:
        window = same_type[
            max(0, same_type.index(period) - TREND_WINDOW + 1) : same_type.index(period) + 1
        ]
    else:
        window = same_type[-TREND_WINDOW:]
    trend_rows = selectors.trends(
        user=request.user, unit=unit, indicators=indicators, periods=window, basis=basis, tree=tree
    )
    completeness = selectors.completeness(
        user=request.user, unit=unit, period=period, forms=forms, tree=tree
    )
    form_periods = [
        p
        for p in state["periods"]
        if p.type != PeriodType.YEAR or all(f.period_type == PeriodType.YEAR for f in forms)
    ]
    today = timezone.localdate()
    # Periods not yet due would only show empty cells.
    heat_periods = [p for p in form_periods if p.due_date <= today][-12:]
    heat = selectors.completeness_map(
        user=request.user, unit=unit, periods=heat_periods, forms=forms
    )
    # Units below that neither report nor have figures (a party committee, an office that
    # is not asked) would only add empty rows.
    reporting_ids = {u.pk for u in heat["children"]}
    children = [
        child
        for child in children
        if child.pk in reporting_ids or any(r.value is not None for r in child_rows[child.pk])
    ]
    counts = {status: 0 for status in Status.values}
    for row in rows:
        counts[row.status] += 1
    context.update(
        {
            "rows": rows,
            "children": children,
            "child_rows": child_rows,
            "completeness": completeness,
            "heat": heat,
            "status_counts": [(Status(s), counts[s]) for s in Status.values],
            "charts": _chart_data(indicators, rows, children, child_rows, trend_rows, heat),
        }
    )
    return context


def _num(value: Decimal | None) -> float | None:
    return None if value is None else float(round(value, 4))


def _chart_data(indicators, rows, children, child_rows, trend_rows, heat) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """What the charts draw (embedded as JSON: no inline script)."""
    labels = {s: str(Status(s).label) for s in Status.values}
    return {
        "labels": {
            "value": _("Achieved"),
            "target": _("Target"),
            "completeness": _("Reports received (%)"),
            "noData": _("No data"),
        },
        "statusLabels": labels,
        "indicators": [
            {
                "id": indicator.pk,
                "code": indicator.code,
                "name": indicator.name,
                "uom": indicator.unit_of_measure,
                "trend": [
                    {
                        "period": row.extra["period"].code,
                        "value": _num(row.value),
                        "target": _num(row.target_due),
                        "status": row.status,
                    }
                    for row in trend_rows.get(indicator.pk, [])
                ],
                "children": [
                    {
                        "unit": child.pk,
                        "name": child.abbreviation or child.name,
                        "value": _num(child_rows[child.pk][index].value),
                        "target": _num(child_rows[child.pk][index].target_due),
                        "status": child_rows[child.pk][index].status,
                    }
                    for child in children
                ],
            }
            for index, indicator in enumerate(indicators)
        ],
        "heat": {
            "units": [{"id": u.pk, "name": u.abbreviation or u.name} for u in heat["children"]],
            "periods": [p.code for p in heat["periods"]],
            "cells": [
                [
                    pi,
                    ui,
                    _num(heat["cells"][(u.pk, p.pk)]["completeness"])
                    if (u.pk, p.pk) in heat["cells"]
                    else None,
                ]
                for ui, u in enumerate(heat["children"])
                for pi, p in enumerate(heat["periods"])
            ],
        },
    }


@login_required
def dashboard_resolution(request: HttpRequest, pk: int) -> HttpResponse:
    if request.GET.get("export") == "xlsx":
        resolution = resolution_selectors.resolution_get(user=request.user, pk=pk)
        return _export(_build(request, resolution))
    # Leaders open the same dashboard again and again: the page is a cached read, never
    # served once anything changed (tongket.core.read_cache).
    return cached_response(request, lambda: _resolution_page(request, pk), session=True)


def _resolution_page(request: HttpRequest, pk: int) -> HttpResponse:
    resolution = resolution_selectors.resolution_get(user=request.user, pk=pk)
    state = _state(request, resolution)
    query = request.GET.copy()
    context: dict[str, Any] = {
        "resolution": resolution,
        **{name: value for name, value in state.items() if name != "forms"},
        "ancestors": org_selectors.unit_ancestors(user=request.user, unit=state["unit"]),
        "title": _("Dashboard"),
        "query": query,
    }

    def body() -> str:
        full = _build(request, resolution, state)
        full["query"] = query
        if "rows" in full:
            full.update(_shown(full, query))
        return render_to_string("ui/dashboards/_resolution_body.html", full)

    # The body rests on the scope, the clearance and what was chosen (the unit may be the
    # user's active one, the period the latest with data): shared by users of the same.
    period = state["period"]
    unit_pk, period_pk = state["unit"].pk, period.pk if period else ""
    chosen = f"dashboard:{unit_pk}:{period_pk}:{state['basis']}:{state['tree']}"
    # Our own template's output, escaped where it renders.
    context["body"] = mark_safe(cached_data(request, body, shared=True, part=chosen))
    return render(request, "ui/dashboards/resolution.html", context)


def _figure_text(indicator: Indicator, value: Decimal | None) -> str:
    """A figure as the page writes it: a ratio in per cent, else in the indicator's decimals
    ("–" for none)."""
    if indicator.measure_kind == "ratio":
        return pct(value)
    return vnnumber(value, indicator.decimals)


def _shown(context: dict[str, Any], query: QueryDict) -> dict[str, Any]:
    """The cards' and the children's table's texts, written once here rather than by filters
    in the template's loops (a 50-indicator dashboard has thousands of cells)."""
    cards = [
        {
            "row": row,
            "value": _figure_text(row.indicator, row.value),
            "target": "" if row.target_due is None else _figure_text(row.indicator, row.target_due),
            "progress": "" if row.progress is None else pct(row.progress, 0),
            "width": clamp100(row.progress),
        }
        for row in context["rows"]
    ]
    child_rows = context["child_rows"]
    child_table = [
        (
            child,
            query_with(query, unit=child.pk),
            [
                (cell.status, _figure_text(cell.indicator, cell.value))
                for cell in child_rows[child.pk]
            ],
        )
        for child in context["children"]
    ]
    return {"cards": cards, "child_table": child_table}


@login_required
def dashboard_unit(request: HttpRequest, pk: int) -> HttpResponse:
    """A unit's dashboards: the resolutions its subtree reports on."""
    unit = org_selectors.unit_get(user=request.user, pk=pk)
    resolutions = selectors.resolutions_reported_by(user=request.user, unit=unit)
    chosen = request.GET.get("resolution")
    if chosen:
        resolution = resolution_selectors.resolution_get(user=request.user, pk=chosen)
    elif resolutions:
        resolution = resolutions[0]
    else:
        return render(
            request,
            "ui/dashboards/index.html",
            {"title": _("Dashboards"), "unit": unit, "resolutions": []},
        )
    return redirect(reverse("ui:dashboard_resolution", args=[resolution.pk]) + f"?unit={unit.pk}")


def _export(context: dict[str, Any]) -> HttpResponse:
    """What is on screen, as a workbook: the indicators, the children, the reporting."""
    workbook = new_workbook()
    period: Period | None = context.get("period")
    unit: Unit = context["unit"]
    rows = context.get("rows", [])
    write_sheet(
        workbook,
        "Chỉ tiêu",
        [
            "Mã",
            "Chỉ tiêu",
            "Đơn vị tính",
            "Thực hiện",
            "Chỉ tiêu kỳ",
            "Tiến độ (%)",
            "Đánh giá",
            "Cách tính",
        ],
        [
            [
                r.indicator.code,
                r.indicator.name,
                r.indicator.unit_of_measure,
                excel_number(r.value),
                excel_number(r.target_due),
                excel_number(None if r.progress is None else round(r.progress, 1)),
                str(Status(r.status).label),
                r.formula,
            ]
            for r in rows
        ],
        widths={"Chỉ tiêu": 60, "Cách tính": 50, "Đánh giá": 16},
        number_columns=("Thực hiện", "Chỉ tiêu kỳ", "Tiến độ (%)"),
    )
    indicators = context.get("indicators", [])
    child_rows = context.get("child_rows", {})
    write_sheet(
        workbook,
        "Đơn vị trực thuộc",
        ["Đơn vị", *[i.code for i in indicators]],
        [
            [child.name, *[excel_number(r.value) for r in child_rows.get(child.pk, [])]]
            for child in context.get("children", [])
        ],
        widths={"Đơn vị": 40},
    )
    done = context.get("completeness") or {}
    write_sheet(
        workbook,
        "Tình hình báo cáo",
        ["Phải báo cáo", "Đã nhận", "Đúng hạn", "Muộn", "Chưa nộp", "Quá hạn", "Nhập bù"],
        [
            [
                done.get(k)
                for k in (
                    "expected",
                    "received",
                    "on_time",
                    "late",
                    "missing",
                    "overdue",
                    "backfill",
                )
            ]
        ]
        if done
        else [],
    )
    resolution = context["resolution"]
    name = f"Bảng theo dõi {resolution.symbol} {unit.code} {period.code if period else ''}.xlsx"
    return file_response(workbook_bytes(workbook, mark=mark_of(resolution)), name.replace("/", "-"))
