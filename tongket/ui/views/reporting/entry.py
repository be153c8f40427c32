"""Autosave of the data entry grid, cell by cell, and of the narrative, section by section.

The inputs are never replaced while the user types: an answer carries only the row's status
(saved, the warning asking for a comment, the error beside the field, a conflict), the
values the page now shows as its base, and the report's new version, as out-of-band swaps.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from tongket.core.errors import NotFound
from tongket.core.selectors import changelog_for_object
from tongket.reporting import selectors, services
from tongket.reporting.models import Report
from tongket.reporting.services.reports import Entry, can_fill
from tongket.resolutions.choices import MeasureKind, UnitAggregation
from tongket.ui.forms.reporting import NarrativeForm, ValueForm
from tongket.ui.views.reporting.common import (
    base_strings,
    entry_text,
    error_messages,
    value_text,
)
from tongket.ui.views.reporting.reports import grid_rows


def _answer(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    """An autosave's answer, marked as such: the page treats an answer without the mark (a
    login page after the session ended, an error page) as "not saved"."""
    response = render(request, template, context)
    response["X-Autosave"] = "1"
    return response


FIELD_LABELS = {
    "value": gettext_lazy("Value"),
    "numerator": gettext_lazy("Numerator"),
    "denominator": gettext_lazy("Denominator"),
    "weight": gettext_lazy("Weight"),
    "comment": gettext_lazy("Comment"),
}


def _is_conflict(error: ValidationError) -> bool:
    items = (
        [e for errors in error.error_dict.values() for e in errors]
        if hasattr(error, "error_dict")
        else error.error_list
    )
    return any(getattr(item, "code", None) == "conflict" for item in items)


def _label(field: str) -> str:
    return str(FIELD_LABELS.get(field, ""))


def _typed(form: ValueForm, name: str, base: Decimal | None) -> Decimal | None:
    """The figure typed in `name`; the stored figure itself when the input still shows it
    as the page wrote it (so that a rounding never changes a value nobody touched)."""
    raw = (form.data.get(name) or "").strip()
    if base is not None and raw == entry_text(base):
        return base
    return form.cleaned_data.get(name)


def _base(form: ValueForm, name: str) -> Decimal | None:
    """The base figures are written by the page itself, as plain decimals."""
    raw = (form.data.get(f"base_{name}") or "").strip()
    if not raw:
        return None
    try:
        return Decimal(raw)
    except InvalidOperation:
        return None


def _row(report: Report, indicator_id: int) -> dict[str, Any] | None:
    return next((r for r in grid_rows(report) if r["indicator"].pk == indicator_id), None)


@login_required
@require_http_methods(["GET", "POST"])
def report_value(request: HttpRequest, pk: int) -> HttpResponse:
    """GET ?indicator=: the row as stored now (after a conflict, "use the stored value").
    POST: autosave of one row through services.value_save."""
    report = selectors.report_get(user=request.user, pk=pk)
    editable = can_fill(request.user, report) and report.is_editable and report.period.is_open
    if request.method == "GET":
        try:
            indicator_id = int(request.GET.get("indicator", ""))
        except ValueError:
            return redirect("ui:report_detail", pk=report.pk)
        row = _row(report, indicator_id)
        if row is None:
            return redirect("ui:report_detail", pk=report.pk)
        return _answer(
            request,
            "ui/reporting/_entry_row.html",
            {"report": report, "row": row, "editable": editable},
        )
    form = ValueForm(request.POST)
    indicator = selectors.form_link(
        report=report, indicator_id=form.data.get("indicator")
    ).indicator
    context: dict[str, Any] = {"report": report, "indicator": indicator}
    if not form.is_valid():
        context["errors"] = [
            f"{_label(field)}: {message}" if _label(field) else message
            for field, messages in form.errors.items()
            for message in messages
        ]
        context["invalid"] = " ".join(form.errors)
        return _answer(request, "ui/reporting/_entry_saved.html", context)
    base = Entry(
        value=_base(form, "value"),
        numerator=_base(form, "numerator"),
        denominator=_base(form, "denominator"),
    )
    weighted = (
        indicator.measure_kind == MeasureKind.NUMBER
        and indicator.unit_aggregation == UnitAggregation.WEIGHTED_AVERAGE
    )
    ratio = indicator.measure_kind == MeasureKind.RATIO
    entry = Entry(
        value=None if ratio else _typed(form, "value", base.value),
        numerator=_typed(form, "numerator", base.numerator) if ratio else None,
        denominator=(
            _typed(form, "denominator", base.denominator)
            if ratio
            else _typed(form, "weight", base.denominator)
            if weighted
            else None
        ),
        comment=form.cleaned_data["comment"],
    )
    try:
        stored, warning, report = services.value_save(
            by=request.user, report=report, indicator=indicator, entry=entry, base=base
        )
    except ValidationError as error:
        if _is_conflict(error):
            return _conflict(request, report, indicator, context)
        found = error_messages(error)
        invalid = [("weight" if weighted and f == "denominator" else f) for f in found if f]
        context["errors"] = [
            (f"{_label(f)}: {m}" if _label(f) and not m.startswith(indicator.code) else m)
            for f, messages in found.items()
            for m in messages
        ]
        context["invalid"] = " ".join(invalid)
        return _answer(request, "ui/reporting/_entry_saved.html", context)
    except PermissionDenied as error:
        context["errors"] = [str(error)]
        return _answer(request, "ui/reporting/_entry_saved.html", context)
    context.update(
        {
            "report": report,
            "saved": True,
            "stored": stored,
            "warning": warning,
            "commented": bool(stored and stored.comment),
            "base": base_strings(stored),
            "calc": value_text(indicator, stored) if ratio and stored else "",
            **selectors.report_counts(report=report),
            "editable": editable,
        }
    )
    return _answer(request, "ui/reporting/_entry_saved.html", context)


def _conflict(
    request: HttpRequest, report: Report, indicator: Any, context: dict[str, Any]
) -> HttpResponse:
    """Someone else saved this cell since the page was loaded: say what is stored now and by
    whom; the user's input stays in place, and the base moves to the stored value so that
    "keep mine" replaces it knowingly."""
    stored = selectors.report_value(report=report, indicator=indicator)
    last = (
        changelog_for_object(obj=report)
        .filter(action="value_save", after__indicator=indicator.code)
        .first()
    )
    context.update(
        {
            "conflict": True,
            "stored_text": value_text(indicator, stored),
            "changed_by": last.username if last else "",
            "changed_at": last.time if last else None,
            "base": base_strings(stored),
        }
    )
    return _answer(request, "ui/reporting/_entry_saved.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def report_narrative(request: HttpRequest, pk: int) -> HttpResponse:
    """GET ?key=: the section as stored now. POST: autosave of one section; the textarea is
    left as typed, only its status and base change."""
    report = selectors.report_get(user=request.user, pk=pk)
    editable = can_fill(request.user, report) and report.is_editable and report.period.is_open
    sections = {s.key: s for s in report.form.sections.all()}
    if request.method == "GET":
        section = sections.get(request.GET.get("key", ""))
        if section is None:
            return redirect("ui:report_detail", pk=report.pk)
        item = {"section": section, "text": (report.narrative or {}).get(section.key, "")}
        return _answer(
            request,
            "ui/reporting/_section.html",
            {"report": report, "item": item, "editable": editable},
        )
    form = NarrativeForm(request.POST)
    if not form.is_valid() or form.cleaned_data["key"] not in sections:
        raise NotFound(_("No such section."))
    key = form.cleaned_data["key"]
    context: dict[str, Any] = {"report": report, "key": key}
    try:
        report = services.narrative_save(
            by=request.user,
            report=report,
            key=key,
            text=form.cleaned_data["text"],
            base=form.cleaned_data["base"],
        )
    except ValidationError as error:
        if _is_conflict(error):
            report.refresh_from_db()
            context.update(
                {"conflict": True, "stored": (report.narrative or {}).get(key, ""), "base": None}
            )
            context["base"] = context["stored"]
        else:
            context["errors"] = [m for ms in error_messages(error).values() for m in ms]
        return _answer(request, "ui/reporting/_section_saved.html", context)
    except PermissionDenied as error:
        context["errors"] = [str(error)]
        return _answer(request, "ui/reporting/_section_saved.html", context)
    context.update({"report": report, "saved": True, "base": (report.narrative or {}).get(key, "")})
    return _answer(request, "ui/reporting/_section_saved.html", context)
