"""Importing the values of a report form from a workbook or CSV file (a background job with
its progress page), and the template workbook to fill."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from tongket.core.classification import mark_of
from tongket.core.jobs import job_start
from tongket.core.workbook import excel_number, new_workbook, workbook_bytes, write_sheet
from tongket.org import selectors as org_selectors
from tongket.reporting import selectors
from tongket.reporting.services.imports import (
    C_CODE,
    C_DEN,
    C_NOTE,
    C_NUM,
    C_PERIOD,
    C_UNIT,
    C_VALUE,
    SHEET,
)
from tongket.resolutions.choices import MeasureKind, UnitAggregation
from tongket.ui.forms.reporting import ValuesImportForm
from tongket.ui.views.base import XLSX, file_response

JOB_KIND = "reporting.import_values"


@login_required
def values_import(request: HttpRequest, pk: int) -> HttpResponse:
    report_form = selectors.form_get(user=request.user, pk=pk)
    posted = request.method == "POST"
    form = ValuesImportForm(request.POST if posted else None, request.FILES if posted else None)
    if request.method == "POST" and form.is_valid():
        job = job_start(
            by=request.user,
            kind=JOB_KIND,
            title=_("Import of values into %(form)s") % {"form": report_form.code},
            unit_path=report_form.owner_unit.path,
            params={"form": report_form.pk, "then": form.cleaned_data["then"]},
            file=form.cleaned_data["file"],
        )
        back = reverse("ui:form_detail", args=[report_form.pk])
        return redirect(reverse("ui:job_detail", args=[job.pk]) + "?" + urlencode({"back": back}))
    return render(
        request,
        "ui/reporting/import.html",
        {
            "form": form,
            "report_form": report_form,
            "title": _("Import values"),
            "columns": [C_UNIT, C_CODE, C_PERIOD, C_VALUE, C_NUM, C_DEN, C_NOTE],
            "sheet": SHEET,
            "period": selectors.template_period(form=report_form),
            "jobs": selectors.import_jobs(user=request.user, form=report_form),
        },
    )


def _how_to_fill(indicator: Any) -> str:
    if indicator.measure_kind == MeasureKind.RATIO:
        return "Điền Tử số và Mẫu số (không điền Giá trị)"
    if indicator.measure_kind == MeasureKind.MILESTONE:
        return "Giá trị: 1 = đạt, 0 = chưa đạt"
    if indicator.measure_kind == MeasureKind.RATING:
        levels = indicator.rating_levels or []
        return "Giá trị: " + ", ".join(f"{i} = {level}" for i, level in enumerate(levels, 1))
    if indicator.unit_aggregation == UnitAggregation.WEIGHTED_AVERAGE:
        return "Điền Giá trị và trọng số vào cột Mẫu số"
    return "Điền Giá trị"


@login_required
def values_template(request: HttpRequest, pk: int) -> HttpResponse:
    """A workbook to fill: one row per unit asked (in the user's scope, still editable) and
    indicator of the form, for the latest open period, with the figures already entered; a
    second sheet says how to fill each indicator."""
    user = request.user
    report_form = selectors.form_get(user=user, pk=pk)
    period = selectors.template_period(form=report_form)
    indicators = selectors.form_indicators(form=report_form)
    rows: list[list[Any]] = []
    if period is not None:
        reports = {
            r.unit_id: r
            for r in selectors.report_list(
                user=user, form=report_form, period=period
            ).prefetch_related("values")
        }
        units = [
            a.unit
            for a in report_form.assignments.select_related("unit").order_by("unit__sort_key")
            if a.unit.dissolved_on is None
        ]
        visible = {
            u.pk for u in org_selectors.unit_list(user=user).filter(pk__in=[u.pk for u in units])
        }
        for unit in units:
            report = reports.get(unit.pk)
            if unit.pk not in visible or (report is not None and not report.is_editable):
                continue
            stored = {v.indicator_id: v for v in report.values.all()} if report else {}
            for indicator in indicators:
                value = stored.get(indicator.pk)
                ratio = indicator.measure_kind == MeasureKind.RATIO
                rows.append(
                    [
                        unit.code,
                        indicator.code,
                        period.code,
                        None if ratio or value is None else excel_number(value.value),
                        excel_number(value.numerator) if value else None,
                        excel_number(value.denominator) if value else None,
                        value.comment if value else "",
                    ]
                )
    workbook = new_workbook()
    write_sheet(
        workbook,
        SHEET,
        [C_UNIT, C_CODE, C_PERIOD, C_VALUE, C_NUM, C_DEN, C_NOTE],
        rows,
        widths={C_UNIT: 16, C_CODE: 14, C_PERIOD: 10, C_NOTE: 40},
        number_columns=(C_VALUE, C_NUM, C_DEN),
    )
    write_sheet(
        workbook,
        "Chỉ tiêu",
        ["Mã chỉ tiêu", "Tên chỉ tiêu", "Đơn vị tính", "Cách điền"],
        [[i.code, i.name, i.unit_of_measure, _how_to_fill(i)] for i in indicators],
        widths={"Tên chỉ tiêu": 60, "Cách điền": 50},
    )
    suffix = f" {period.code}" if period else ""
    return file_response(
        workbook_bytes(workbook, mark=mark_of(report_form)),
        f"Số liệu {report_form.code}{suffix}.xlsx",
        XLSX,
    )
