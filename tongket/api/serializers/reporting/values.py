"""Shapes of data values: a stored value, the query and the rows of the values table, and
an import's query and counts."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from tongket.api.serializers.reporting.fields import CellField, FormCodeField, PeriodCodeField
from tongket.api.serializers.resolutions import (
    InlineChoiceField,
    ModelSerializer,
    ScopedIdField,
    indicator_id_field,
    unit_code,
)
from tongket.reporting import selectors
from tongket.reporting.models import DataValue


class DataValueSerializer(ModelSerializer):
    indicator_code = serializers.CharField(source="indicator.code", read_only=True)
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    period = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = DataValue
        fields = [
            "id",
            "report",
            "indicator",
            "indicator_code",
            "unit",
            "period",
            "value",
            "numerator",
            "denominator",
            "comment",
            "met",
            "updated_at",
        ]


class DataValueQuerySerializer(serializers.Serializer):
    report = ScopedIdField(
        getter=lambda user, pk: selectors.report_get(user=user, pk=pk),
        unknown=_("No report you can see has the id %(id)s."),
        required=False,
    )
    indicator = indicator_id_field(required=False)
    unit = unit_code(required=False)
    period = PeriodCodeField(required=False)


class DataValueRowSerializer(serializers.Serializer):
    """One value to import: codes of the unit (former codes too), the indicator (on the form)
    and the period."""

    unit = serializers.CharField(max_length=64)
    indicator = serializers.CharField(max_length=64)
    period = serializers.CharField(max_length=16)
    value = CellField()
    numerator = CellField()
    denominator = CellField(help_text="Or the weight of a weighted average")
    comment = serializers.CharField(
        required=False, allow_blank=True, allow_null=True, default="", max_length=5000
    )


class ImportQuerySerializer(serializers.Serializer):
    form = FormCodeField(
        required=False,
        help_text="The report form; inferred when exactly one form asks the indicators of "
        "the units",
    )
    then = InlineChoiceField(
        choices=[("submit", "submit"), ("approve", "approve")],
        enum_name="ThenEnum",
        required=False,
        help_text="Submit (and approve) the reports the values went into",
    )


class ImportCountsSerializer(serializers.Serializer):
    form = serializers.CharField()
    values = serializers.IntegerField()
    reports = serializers.IntegerField()
    submitted = serializers.IntegerField()
    approved = serializers.IntegerField()
