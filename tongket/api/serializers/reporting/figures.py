"""Shapes of figures: the analytics query and its answer (a figure per unit, period and
indicator), and completeness."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from tongket.api.serializers.reporting.fields import FormCodeField, PeriodCodeField, figure_field
from tongket.api.serializers.reporting.report_forms import PeriodSerializer
from tongket.api.serializers.resolutions import InlineChoiceField, unit_code
from tongket.reporting.choices import Basis, Tree


class AnalyticsQuerySerializer(serializers.Serializer):
    indicator = serializers.CharField(max_length=32, help_text="Indicator code")
    resolution = serializers.CharField(
        required=False,
        max_length=128,
        help_text="Id or symbol of the resolution, when the code is used in several",
    )
    unit = unit_code(help_text="Unit code (the figure of its subtree)")
    period = PeriodCodeField()
    children = serializers.BooleanField(
        required=False, default=False, help_text="Also each unit directly below"
    )
    basis = InlineChoiceField(
        choices=Basis.choices,
        required=False,
        help_text="Default: the resolution's rule (approved reports only, or all submitted)",
    )
    tree = InlineChoiceField(
        choices=Tree.choices,
        default=Tree.THEN,
        help_text="then: the tree as it was at the period; today: regrouped on today's tree",
    )


class CompletenessQuerySerializer(serializers.Serializer):
    unit = unit_code()
    period = PeriodCodeField()
    form = FormCodeField(required=False, help_text="Only the reports of this form")
    tree = InlineChoiceField(choices=Tree.choices, default=Tree.THEN)


class CompletenessSerializer(serializers.Serializer):
    """Reports of the subtree for the period: expected, received (at least once), on time
    (first received by the due date), late, missing, overdue (missing after the due date),
    approved, backfill (entered afterwards for a past period: never on time, late nor
    overdue); completeness in per cent of those expected, timeliness and late share in per
    cent of those expected that are not entered afterwards."""

    expected = serializers.IntegerField()
    received = serializers.IntegerField()
    on_time = serializers.IntegerField()
    late = serializers.IntegerField()
    missing = serializers.IntegerField()
    overdue = serializers.IntegerField()
    approved = serializers.IntegerField()
    backfill = serializers.IntegerField()
    completeness = figure_field()
    timeliness = figure_field()
    late_share = figure_field()


class UnitRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class FigureSerializer(serializers.Serializer):
    """An indicator's figure at a unit's subtree, with the formula that made it."""

    unit = UnitRefSerializer()
    value = figure_field(source="row.figure.value")
    numerator = figure_field(source="row.figure.numerator")
    denominator = figure_field(source="row.figure.denominator")
    count = serializers.IntegerField(source="row.figure.count", help_text="Units with a value")
    periods = serializers.ListField(
        child=serializers.CharField(),
        source="row.figure.periods",
        help_text="The periods a year or term was made from",
    )
    target = figure_field(source="row.target")
    target_due = figure_field(
        source="row.target_due", help_text="The share of the target due by the period"
    )
    baseline = figure_field(source="row.baseline")
    progress = figure_field(source="row.progress", help_text="Per cent")
    status = serializers.CharField(source="row.status")
    formula = serializers.CharField(source="row.formula")
    reporting = CompletenessSerializer()


class AnalyticsIndicatorSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    code = serializers.CharField()
    name = serializers.CharField()
    unit_of_measure = serializers.CharField()
    measure_kind = serializers.CharField()
    unit_aggregation = serializers.CharField()
    time_aggregation = serializers.CharField()
    direction = serializers.CharField()
    resolution = serializers.IntegerField(source="resolution_id")
    resolution_symbol = serializers.CharField(source="resolution.symbol")


class AnalyticsSerializer(FigureSerializer):
    indicator = AnalyticsIndicatorSerializer()
    period = PeriodSerializer()
    basis = serializers.CharField()
    tree = serializers.CharField()
    children = FigureSerializer(
        many=True, required=False, help_text="With children=1: each unit directly below"
    )


# --- The analytics answer as plain data ---------------------------------------------------
#
# `AnalyticsSerializer` documents the answer; `analytics_data` writes the same JSON without
# building a serializer's fields for every call (the serializers took a fair share of a
# call's time). A test compares the two on figures with and without children, ratios and
# missing values.

_FIGURE = figure_field()


def _figure(value: Any) -> Any:
    return None if value is None else _FIGURE.to_representation(value)


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _whole(value: Any) -> int | None:
    return None if value is None else int(value)


def _day(value: Any) -> str | None:
    return value.isoformat() if value else None


def _reporting(counts: dict[str, Any]) -> dict[str, Any]:
    return {
        **{key: _whole(counts[key]) for key in _COUNTS},
        **{key: _figure(counts[key]) for key in ("completeness", "timeliness", "late_share")},
    }


_COUNTS = ("expected", "received", "on_time", "late", "missing", "overdue", "approved", "backfill")


def _figure_data(item: dict[str, Any]) -> dict[str, Any]:
    unit, row = item["unit"], item["row"]
    figure = row.figure
    return {
        "unit": None if unit is None else {"code": _text(unit.code), "name": _text(unit.name)},
        "value": _figure(figure.value),
        "numerator": _figure(figure.numerator),
        "denominator": _figure(figure.denominator),
        "count": _whole(figure.count),
        "periods": None if figure.periods is None else [_text(p) for p in figure.periods],
        "target": _figure(row.target),
        "target_due": _figure(row.target_due),
        "baseline": _figure(row.baseline),
        "progress": _figure(row.progress),
        "status": _text(row.status),
        "formula": _text(row.formula),
        "reporting": _reporting(item["reporting"]),
    }


def analytics_data(data: dict[str, Any]) -> dict[str, Any]:
    """`AnalyticsSerializer(data).data`, written directly."""
    indicator, period = data["indicator"], data["period"]
    result = _figure_data(data)
    result["indicator"] = {
        "id": _whole(indicator.pk),
        "code": _text(indicator.code),
        "name": _text(indicator.name),
        "unit_of_measure": _text(indicator.unit_of_measure),
        "measure_kind": _text(indicator.measure_kind),
        "unit_aggregation": _text(indicator.unit_aggregation),
        "time_aggregation": _text(indicator.time_aggregation),
        "direction": _text(indicator.direction),
        "resolution": _whole(indicator.resolution_id),
        "resolution_symbol": _text(indicator.resolution.symbol),
    }
    result["period"] = {
        "id": period.pk,
        "code": period.code,
        "type": period.type,
        "year": period.year,
        "index": period.index,
        "end_year": period.end_year,
        "start": _day(period.start),
        "end": _day(period.end),
        "cutoff": _day(period.cutoff),
        "due_date": _day(period.due_date),
        "months": period.months,
        "is_open": period.is_open,
    }
    result["basis"] = _text(data["basis"])
    result["tree"] = _text(data["tree"])
    if "children" in data:
        result["children"] = [_figure_data(child) for child in data["children"]]
    return result
