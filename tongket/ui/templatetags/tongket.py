"""Template filters for Vietnamese numbers and dates, and small layout helpers."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django import template
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tongket.core.numbers import (
    _separators,
    format_number,
    format_percent,
    input_text,
    is_ambiguous,
)

register = template.Library()


@register.filter
def vnnumber(value: Any, places: int | str = -1) -> str:
    """1234567.8 → "1.234.567,8" in Vietnamese (and "1,234,567.8" in English); "–" for none.
    `places` fixes the decimals; without it at most two are shown, trailing zeros dropped."""
    if value is None or value == "":
        return "–"
    try:
        Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    places = int(places)
    return format_number(value, places if places >= 0 else None)


@register.filter
def action_label(action: str) -> str:
    """A change-log verb in words ("report_submit" → "Report submitted")."""
    from tongket.ui.actions import action_label as label

    return label(action)


@register.filter
def vnexact(value: Any) -> str:
    """A stored figure for an input box: every stored decimal (up to 4), trailing zeros
    dropped, so that saving an untouched box never rounds it; "" for none. Never a form the
    number reader would ask about: 1234 is "1234", not "1.234"."""
    if value is None or value == "":
        return ""
    text = format_number(value, 4)
    decimal = _separators()[1]
    if decimal in text:
        text = text.rstrip("0").rstrip(decimal)
    return input_text(value) if is_ambiguous(text) else text


@register.filter
def pct(value: Any, places: int | str = 1) -> str:
    """85.25 → "85,3 %"; "–" for none."""
    if value is None or value == "":
        return "–"
    return format_percent(value, int(places))


@register.filter
def clamp100(value: Any) -> str:
    """A progress percentage for a bar's width: 0–100."""
    if value is None:
        return "0"
    try:
        number = max(Decimal(0), min(Decimal(100), Decimal(str(value))))
    except (InvalidOperation, ValueError):
        return "0"
    return f"{number:.1f}"


STATUS_ICONS = {
    "exceeded": "arrow-up-circle-fill",
    "met": "check-circle-fill",
    "on_track": "arrow-right-circle-fill",
    "at_risk": "exclamation-triangle-fill",
    "behind": "x-circle-fill",
    "no_data": "dash-circle",
    "no_target": "slash-circle",
}


@register.inclusion_tag("ui/_partials/status_badge.html")
def status_badge(status: str | None, small: bool = False) -> dict[str, Any]:
    """The one status badge used in tables, cards and charts' legends."""
    from tongket.reporting.choices import Status

    status = status or Status.NO_DATA
    try:
        label = Status(status).label
    except ValueError:
        label = status
    css = "none" if status in (Status.NO_DATA, Status.NO_TARGET) else status
    return {
        "status": status,
        "css": css,
        "label": label,
        "icon": STATUS_ICONS.get(status, ""),
        "small": small,
    }


@register.filter
def vndate(value: Any) -> str:
    if isinstance(value, datetime.datetime):
        # Stored in UTC: shown in the configured time zone (Asia/Ho_Chi_Minh by default).
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return "" if value is None else str(value)


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def indent(depth: int) -> str:
    return str(int(depth or 0) * 1.25)


@register.simple_tag
def query_with(query: Any, **changes: Any) -> str:
    """The current query string with some parameters changed (None or "" removes one); for
    links that keep the filters in the URL."""
    from django.http import QueryDict

    params = query.copy() if isinstance(query, QueryDict) else QueryDict(mutable=True)
    params._mutable = True  # type: ignore[attr-defined]
    for key, value in changes.items():
        params.pop(key, None)
        if value not in (None, ""):
            params[key] = str(value)
    if "export" not in changes:
        params.pop("export", None)  # a link never repeats a download
    return params.urlencode(safe="_")


@register.filter
def formula_words(indicator: Any) -> str:
    """How an indicator adds up, in words: over units, over time, and which way is better."""
    from django.utils.translation import gettext as _

    parts = [
        str(indicator.get_unit_aggregation_display()),
        str(indicator.get_time_aggregation_display()).lower(),
        str(indicator.get_direction_display()).lower(),
    ]
    if indicator.measure_kind == "ratio":
        parts.insert(0, _("entered as numerator and denominator"))
    elif indicator.unit_aggregation == "weighted_average":
        parts.insert(0, _("weights entered beside the values"))
    return "; ".join(parts)


@register.filter
def get_item_index(sequence: Any, position: Any) -> Any:
    """The item at a 1-based position (a rating level from its number)."""
    try:
        return sequence[int(position) - 1]
    except (TypeError, ValueError, IndexError):
        return position


# What a finished job's result says, in words (the keys are the job's own names).
_JOB_RESULT_LABELS = {
    "values": _("Values written"),
    "reports": _("Reports"),
    "submitted": _("Reports submitted"),
    "approved": _("Reports approved"),
    "indicators_created": _("Indicators created"),
    "indicators_updated": _("Indicators updated"),
    "targets_set": _("Targets set"),
    "characters": _("Characters read"),
    "converted": _("Text converted"),
}


@register.filter
def job_result_items(result: Any) -> list[tuple[str, Any]]:
    """The items of a job's result to show, labelled; links are shown as buttons elsewhere."""
    if not isinstance(result, dict):
        return []
    return [
        (str(_JOB_RESULT_LABELS.get(key, key.replace("_", " "))), value)
        for key, value in result.items()
        if not key.endswith("_url")
    ]
