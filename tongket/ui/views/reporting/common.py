"""What the reporting pages share: who may do what (read off the grants, no queries), how a
figure is shown and typed back."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from tongket.core import scopes
from tongket.core.numbers import format_number, input_text
from tongket.org import policy
from tongket.org.policy import Action
from tongket.reporting.models import Report
from tongket.resolutions import figures
from tongket.resolutions.choices import MeasureKind, UnitAggregation
from tongket.ui.views.base import call_form_service as call
from tongket.ui.views.base import has_role
from tongket.ui.views.base import refusal as error_messages

__all__ = ["call", "error_messages", "has_role"]


def is_keeper(user: Any) -> bool:
    return has_role(user, policy.roles(Action.KEEP_REPORTING))


def can_remind(user: Any, report: Report) -> bool:
    """The one-click reminder: approvers, tracking officers and administrators covering the
    unit, for a report not received yet (or returned)."""
    if report.first_submitted_at is not None and report.state != "returned":
        return False
    if report.is_backfill:
        return False  # entered afterwards: no deadline to chase
    return scopes.covers(user, report.unit, policy.roles(Action.SEND_REMINDERS))


def back_to(request: HttpRequest, default: str) -> HttpResponse:
    """Redirect to the page named in `next` (same site only), else `default`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(default)


# --- Figures --------------------------------------------------------------------------------


def entry_text(value: Decimal | None) -> str:
    """A stored figure as it is typed back into an input: every decimal kept (a rounded
    figure re-posted with a comment would change the value), no thousands separator, the
    decimal mark of the language, and never the ambiguous "1,234" (core.numbers.input_text)."""
    return input_text(value)


def base_strings(stored: Any) -> dict[str, str]:
    """A stored value's figures as the base the next save is checked against: plain
    decimals written by the page, never typed."""

    def plain(value: Decimal | None) -> str:
        return "" if value is None else format(value, "f")

    if stored is None:
        return {"value": "", "numerator": "", "denominator": ""}
    return {
        "value": plain(stored.value),
        "numerator": plain(stored.numerator),
        "denominator": plain(stored.denominator),
    }


def figure_text(indicator: Any, value: Any) -> str:
    """A figure of the indicator as people read it: 85,3 %, 1.234, Đạt, Khá; "–" for none."""
    return figures.figure_text(indicator, value, reached=_("Reached"), not_reached=_("Not reached"))


def value_parts(indicator: Any, stored: Any) -> tuple[str, str]:
    """A stored value as people read it, and the figures it is made of: ("85,0 %",
    "34 / 40") for a ratio, ("62.000", "weight 600") for a weighted average."""
    if stored is None or stored.value is None:
        return "–", ""
    text = figure_text(indicator, stored.value)
    if indicator.measure_kind == MeasureKind.RATIO and stored.denominator:
        return text, f"{format_number(stored.numerator)} / {format_number(stored.denominator)}"
    if indicator.unit_aggregation == UnitAggregation.WEIGHTED_AVERAGE and stored.denominator:
        return text, _("weight %(weight)s") % {"weight": format_number(stored.denominator)}
    return text, ""


def value_text(indicator: Any, stored: Any) -> str:
    """A stored value with its parts on one line: "85,0 % (34 / 40)"."""
    text, parts = value_parts(indicator, stored)
    return f"{text} ({parts})" if parts else text


def kind_hint(indicator: Any) -> str:
    """What the grid asks for this indicator, in a few words."""
    if indicator.measure_kind == MeasureKind.RATIO:
        return _("numerator / denominator")
    if indicator.measure_kind == MeasureKind.MILESTONE:
        return _("reached or not")
    if indicator.measure_kind == MeasureKind.RATING:
        return _("rating")
    if indicator.unit_aggregation == UnitAggregation.WEIGHTED_AVERAGE:
        return _("value × weight")
    return ""


def days_between(later: datetime.date, earlier: datetime.date) -> int:
    return (later - earlier).days


def timeliness(report: Report) -> dict[str, Any]:
    """On time or late (by how many days), or overdue, or not yet due; a report entered
    afterwards (nhập bù) is none of these, only `backfill`."""
    today = timezone.localdate()
    if report.is_backfill:
        return {"received": report.first_submitted_at is not None, "backfill": True}
    if report.first_submitted_at is not None:
        day = timezone.localtime(report.first_submitted_at).date()
        late = days_between(day, report.due_date)
        return {"received": True, "on_time": late <= 0, "days_late": max(late, 0)}
    overdue = days_between(today, report.due_date)
    return {
        "received": False,
        "overdue": overdue > 0,
        "days_overdue": max(overdue, 0),
        "days_left": max(-overdue, 0),
    }
