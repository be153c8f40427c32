"""Periods (type, code, window, cut-off, due date, open or closed) and the rule table that
sets windows and due dates per issuing body."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongket.reporting import selectors, services
from tongket.reporting.choices import PeriodType
from tongket.reporting.models import PeriodRule
from tongket.reporting.periods import parse_period_code, period_codes
from tongket.reporting.services.periods import can_set_open, dates_for
from tongket.ui.forms.reporting import PeriodAddForm, PeriodFilterForm, PeriodRuleForm
from tongket.ui.views.base import call_service, paginate
from tongket.ui.views.reporting.common import is_keeper

PER_PAGE = 30


def _rule_rows(rules: list[PeriodRule]) -> list[dict[str, Any]]:
    """The rule table as a matrix: one row per issuing body (the default first), one cell
    per type of period; a default missing from the table is the state regime (15th, two
    working days)."""
    bodies: dict[Any, dict[str, Any]] = {}
    for rule in rules:
        row = bodies.setdefault(rule.issuer_id, {"issuer": rule.issuer, "notes": [], "cells": {}})
        row["cells"][rule.period_type] = rule
        if rule.note and rule.note not in row["notes"]:
            row["notes"].append(rule.note)
    default = bodies.pop(None, {"issuer": None, "notes": [], "cells": {}})
    for value, _label in PeriodType.choices:
        default["cells"].setdefault(
            value, PeriodRule(period_type=value, window_start_day=15, due_working_days=2)
        )
    rows = [default, *bodies.values()]
    for row in rows:
        row["cells"] = [row["cells"].get(value) for value, _label in PeriodType.choices]
    return rows


def _context(request: HttpRequest, **forms: Any) -> dict[str, Any]:
    user = request.user
    filters = PeriodFilterForm(request.GET or None)
    periods = selectors.period_list()
    if filters.is_valid():
        data = filters.cleaned_data
        periods = selectors.period_list(type=data["type"] or None, year=data["year"])
        if data["open"]:
            periods = periods.filter(is_open=data["open"] == "1")
    return {
        "title": _("Periods"),
        "filters": filters,
        "page": paginate(request, periods.order_by("-sort_key"), PER_PAGE),
        "query": request.GET.copy(),
        "types": PeriodType.choices,
        "rule_rows": _rule_rows(selectors.period_rules(user=user)),
        "keeper": is_keeper(user),
        "top_keeper": can_set_open(user),
        "rule_form": forms.get("rule_form") or PeriodRuleForm(prefix="rule", user=user),
        "add_form": forms.get("add_form") or PeriodAddForm(prefix="add"),
        "today": timezone.localdate(),
    }


@login_required
def period_list(request: HttpRequest) -> HttpResponse:
    return render(request, "ui/reporting/periods.html", _context(request))


@login_required
@require_POST
def period_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    if not can_set_open(request.user):
        # Refused before the period is looked up: an id that names no period is refused
        # alike (the same message, the same page to go back to).
        messages.error(
            request,
            _("Periods are shared by every body: only the top level opens and closes them."),
        )
        return _back(request)
    period = selectors.period_get(pk=pk)
    is_open = request.POST.get("open") == "1"
    try:
        services.period_set_open(by=request.user, period=period, is_open=is_open)
    except (ValidationError, PermissionDenied) as error:
        for message in getattr(error, "messages", [str(error)]):
            messages.error(request, message)
    else:
        if is_open:
            messages.success(
                request, _("Period %(code)s is open for data entry.") % {"code": period.code}
            )
        else:
            messages.success(
                request,
                _("Period %(code)s is closed: its reports can no longer change.")
                % {"code": period.code},
            )
    return _back(request)


def _back(request: HttpRequest) -> HttpResponse:
    """Back to the page of periods the toggle was sent from (`next`), else to the list."""
    target = request.POST.get("next") or ""
    if target.startswith("/periods/"):
        return redirect(target)
    return redirect("ui:period_list")


@login_required
@require_POST
def period_create(request: HttpRequest) -> HttpResponse:
    form = PeriodAddForm(request.POST, prefix="add")
    if form.is_valid():
        if not is_keeper(request.user):
            form.add_error(None, _("Only tracking officers add periods."))
        else:
            period = call_service(
                form,
                services.period_ensure,
                aliases={"period": "code"},
                by=request.user,
                code=form.cleaned_data["code"],
            )
            if period is not None:
                messages.success(
                    request,
                    _("Period %(code)s: %(start)s – %(end)s, due %(due)s.")
                    % {
                        "code": period.code,
                        "start": period.start.strftime("%d/%m/%Y"),
                        "end": period.end.strftime("%d/%m/%Y"),
                        "due": period.due_date.strftime("%d/%m/%Y"),
                    },
                )
                return redirect("ui:period_list")
    return render(request, "ui/reporting/periods.html", _context(request, add_form=form))


@login_required
@require_POST
def period_rule_save(request: HttpRequest) -> HttpResponse:
    form = PeriodRuleForm(request.POST, prefix="rule", user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        rule = call_service(
            form,
            services.period_rule_set,
            by=request.user,
            issuer=data["issuer"],
            period_type=data["period_type"],
            window_start_day=data["window_start_day"],
            due_working_days=data["due_working_days"],
            note=data["note"],
        )
        if rule is not None:
            messages.success(
                request,
                _("Rule saved for %(body)s, %(type)s. Periods opened from now on follow it.")
                % {
                    "body": rule.issuer.name if rule.issuer else _("every body (default)"),
                    "type": rule.get_period_type_display().lower(),
                },
            )
            return redirect("ui:period_list")
    return render(request, "ui/reporting/periods.html", _context(request, rule_form=form))


@login_required
def period_rule_preview(request: HttpRequest) -> HttpResponse:
    """htmx: what the rule being typed gives for the periods of this year."""
    form = PeriodRuleForm(request.GET, prefix="rule", user=request.user)
    form.fields["issuer"].required = False
    rows: list[dict[str, Any]] = []
    problem = ""
    data: dict[str, Any] = {}
    for name in ("period_type", "window_start_day", "due_working_days"):
        field = form.fields[name]
        try:
            data[name] = field.clean(form.data.get(f"rule-{name}"))
        except ValidationError as error:
            problem = f"{field.label}: {' '.join(error.messages)}"
            break
    if not problem:
        rule = PeriodRule(
            period_type=data["period_type"],
            window_start_day=data["window_start_day"],
            due_working_days=data["due_working_days"],
        )
        year = timezone.localdate().year
        for code in period_codes(data["period_type"], year)[:6]:
            rows.append({"code": code, **dates_for(parse_period_code(code), rule)})
    return render(request, "ui/reporting/_rule_preview.html", {"rows": rows, "problem": problem})
