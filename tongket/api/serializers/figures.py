"""The batch analytics endpoint: many indicators × units × periods in one call. The query
(lists of ids and codes, bounded before anything is read) and the answer (one cell per
indicator, unit and period, with the fields of the single-figure analytics)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from tongket.api.serializers.reporting import (
    AnalyticsIndicatorSerializer,
    PeriodSerializer,
    figure_field,
)
from tongket.api.serializers.resolutions import InlineChoiceField, ResolutionRefField
from tongket.reporting.choices import Basis, Tree
from tongket.reporting.periods import parse_period_code
from tongket.reporting.selectors.grid import (
    MAX_CELLS,
    MAX_INDICATORS,
    MAX_PERIODS,
    MAX_UNITS,
    basis_of,
)

# Longest id read as a number (beyond it no row can have it, and the database's integers end).
ID_DIGITS = 15
LIMITS = {"indicator": MAX_INDICATORS, "unit": MAX_UNITS, "period": MAX_PERIODS}


def _items(values: list[str]) -> list[str]:
    """The items of a repeated parameter, each also comma-separated, once each, in order."""
    found: list[str] = []
    for value in values:
        for part in value.split(","):
            part = part.strip()
            if part and part not in found:
                found.append(part)
    return found


class ItemsField(serializers.ListField):
    """A repeated query parameter whose errors name the parameter itself (not `unit.0`)."""

    def to_internal_value(self, data: Any) -> Any:
        # Split on commas first: each code is checked against the length limit, not the
        # whole comma-separated value (a 20-period trend is longer than one period code).
        if isinstance(data, list | tuple):
            data = _items([str(value) for value in data]) or list(data)
        try:
            return super().to_internal_value(data)
        except serializers.ValidationError as error:
            detail = error.detail
            items = detail.values() if isinstance(detail, dict) else [detail]
            messages = [
                str(message)
                for item in items
                for message in (item if isinstance(item, list) else [item])
            ]
            raise serializers.ValidationError(messages) from None


def _list(limit: int, help_text: str) -> serializers.ListField:
    return ItemsField(
        child=serializers.CharField(max_length=limit, allow_blank=True),
        min_length=1,
        help_text=help_text,
    )


class FiguresQuerySerializer(serializers.Serializer):
    indicator = _list(
        32,
        f"Indicator ids or codes; repeat the parameter or separate by commas (at most "
        f"{MAX_INDICATORS}). A code used by several resolutions needs `resolution`.",
    )
    resolution = ResolutionRefField(
        required=False, help_text="Id or symbol of the resolution the indicator codes are read in"
    )
    unit = _list(
        64,
        f"Unit codes, current or former (the figure of each one's subtree); repeated or "
        f"comma-separated (at most {MAX_UNITS})",
    )
    period = _list(
        16,
        f"Period codes (2022, 2022-H1, 2022-Q3, 2022-07, 2020-2025); repeated or "
        f"comma-separated (at most {MAX_PERIODS})",
    )
    basis = InlineChoiceField(
        choices=Basis.choices,
        required=False,
        help_text="Default: each indicator's resolution's rule (approved reports only, or all "
        "submitted)",
    )
    tree = InlineChoiceField(
        choices=Tree.choices,
        default=Tree.THEN,
        help_text="then: the tree as it was at the period; today: regrouped on today's tree",
    )

    def validate_indicator(self, value: list[str]) -> list[str]:
        items = _items(value)
        for item in items:
            if item.isdigit() and len(item) > ID_DIGITS:
                raise serializers.ValidationError(_("“%(id)s” is not an id.") % {"id": item})
        return self._some(items, _("Choose at least one indicator."))

    def validate_unit(self, value: list[str]) -> list[str]:
        return self._some(_items(value), _("Choose at least one unit."))

    def validate_period(self, value: list[str]) -> list[str]:
        items = _items(value)
        for item in items:
            try:
                parse_period_code(item)
            except DjangoValidationError as error:
                raise serializers.ValidationError(error.messages) from None
        return self._some(items, _("Choose at least one period."))

    def _some(self, items: list[str], message: str) -> list[str]:
        if not items:
            raise serializers.ValidationError(message)
        return items

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        """Bounded before anything is read: each list, then the cells they make."""
        for name, limit in LIMITS.items():
            if len(attrs[name]) > limit:
                raise serializers.ValidationError(
                    {name: [_("At most %(n)s at once.") % {"n": limit}]}
                )
        sizes = {name: len(attrs[name]) for name in LIMITS}
        cells = sizes["indicator"] * sizes["unit"] * sizes["period"]
        if cells > MAX_CELLS:
            largest = max(sizes, key=lambda name: sizes[name])
            raise serializers.ValidationError(
                {
                    largest: [
                        _(
                            "%(n)s cells (indicators × units × periods) is more than one call "
                            "answers (%(max)s): ask for fewer."
                        )
                        % {"n": cells, "max": MAX_CELLS}
                    ]
                }
            )
        return attrs


class FiguresIndicatorSerializer(AnalyticsIndicatorSerializer):
    basis = serializers.SerializerMethodField(
        help_text="The reports the figures count: the `basis` asked, else the resolution's rule"
    )

    @extend_schema_field(OpenApiTypes.STR)
    def get_basis(self, indicator: Any) -> str:
        return str(self.context.get("basis") or basis_of(indicator))


class FiguresUnitSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    code = serializers.CharField()
    name = serializers.CharField()


class FigureCellSerializer(serializers.Serializer):
    """One indicator's figure at one unit's subtree for one period."""

    indicator = serializers.IntegerField(source="row.indicator.pk", help_text="Indicator id")
    unit = serializers.CharField(source="unit.code", help_text="Unit code")
    period = serializers.CharField(source="period.code", help_text="Period code")
    value = figure_field(source="row.figure.value")
    numerator = figure_field(source="row.figure.numerator")
    denominator = figure_field(source="row.figure.denominator")
    count = serializers.IntegerField(
        source="row.figure.count", help_text="Units with a value (the units that reported it)"
    )
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


class FiguresSerializer(serializers.Serializer):
    tree = serializers.CharField()
    indicators = FiguresIndicatorSerializer(many=True)
    units = FiguresUnitSerializer(many=True)
    periods = PeriodSerializer(many=True)
    cells = FigureCellSerializer(
        many=True,
        help_text="Every indicator × unit × period, in that order (indicators outermost, "
        "periods innermost)",
    )
