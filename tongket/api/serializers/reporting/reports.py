"""Shapes of reports: a report and its data entry grid, the query, the values and narrative
saved, and the version (and reason) a workflow step carries."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from tongket.api.serializers.reporting.fields import FormCodeField, PeriodCodeField, figure_field
from tongket.api.serializers.reporting.report_forms import FormSectionSerializer
from tongket.api.serializers.resolutions import (
    MAX_INT,
    InlineChoiceField,
    ModelSerializer,
    decimal_field,
    resolution_id_field,
    unit_code,
)
from tongket.reporting import selectors
from tongket.reporting.choices import ReportState
from tongket.reporting.models import Report
from tongket.reporting.services.reports import can_approve, can_fill


class ReportSerializer(ModelSerializer):
    form = serializers.SlugRelatedField(slug_field="code", read_only=True)
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    period = serializers.SlugRelatedField(slug_field="code", read_only=True)
    is_backfill = serializers.BooleanField(
        read_only=True,
        help_text="Entered afterwards (nhập bù) for a past period: never reminded nor late",
    )

    class Meta:
        model = Report
        fields = [
            "id",
            "form",
            "unit",
            "unit_name",
            "period",
            "state",
            "due_date",
            "is_backfill",
            "first_submitted_at",
            "submitted_at",
            "approved_at",
            "returned_at",
            "return_reason",
            "version",
        ]


class EntryRowSerializer(serializers.Serializer):
    """One indicator of the report: the value now, the unit's target for the year (and the
    share due by this period), its values in the previous period and a year before."""

    indicator = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    unit_of_measure = serializers.CharField()
    measure_kind = serializers.CharField()
    rating_levels = serializers.ListField(child=serializers.CharField())
    required = serializers.BooleanField()
    value = figure_field()
    numerator = figure_field()
    denominator = figure_field()
    comment = serializers.CharField()
    target = figure_field()
    target_due = figure_field()
    horizon_target = figure_field()
    previous_period = serializers.CharField(allow_null=True)
    previous_value = figure_field()
    last_year_period = serializers.CharField(allow_null=True)
    last_year_value = figure_field()


class NarrativeSectionSerializer(FormSectionSerializer):
    text = serializers.CharField()


def entry_rows(report: Report) -> list[dict[str, Any]]:
    """The data entry grid of a report as plain rows."""
    rows = []
    for row in selectors.report_entry_rows(report=report):
        indicator, stored = row["indicator"], row["value"]
        previous, last_year = row["previous"], row["last_year"]
        rows.append(
            {
                "indicator": indicator.pk,
                "code": indicator.code,
                "name": indicator.name,
                "unit_of_measure": indicator.unit_of_measure,
                "measure_kind": indicator.measure_kind,
                "rating_levels": indicator.rating_levels or [],
                "required": row["required"],
                "value": stored.value if stored else None,
                "numerator": stored.numerator if stored else None,
                "denominator": stored.denominator if stored else None,
                "comment": stored.comment if stored else "",
                "target": row["target"],
                "target_due": row["target_due"],
                "horizon_target": row["horizon_target"],
                "previous_period": row["previous_period"].code if row["previous_period"] else None,
                "previous_value": previous.value if previous else None,
                "last_year_period": (
                    row["last_year_period"].code if row["last_year_period"] else None
                ),
                "last_year_value": last_year.value if last_year else None,
            }
        )
    return rows


class ReportDetailSerializer(ReportSerializer):
    """The report with its values (one row per indicator of the form) and narrative, and
    what the caller may do with it."""

    form_name = serializers.CharField(source="form.name", read_only=True)
    narrative = serializers.SerializerMethodField()
    values = serializers.SerializerMethodField()
    can_fill = serializers.SerializerMethodField()
    can_approve = serializers.SerializerMethodField()

    class Meta(ReportSerializer.Meta):
        fields = [
            *ReportSerializer.Meta.fields,
            "form_name",
            "can_fill",
            "can_approve",
            "values",
            "narrative",
        ]

    @extend_schema_field(NarrativeSectionSerializer(many=True))
    def get_narrative(self, obj: Report) -> Any:
        text = obj.narrative or {}
        rows = [
            {
                "key": section.key,
                "title": section.title,
                "kind": section.kind,
                "guidance": section.guidance,
                "order": section.order,
                "text": text.get(section.key, ""),
            }
            for section in obj.form.sections.order_by("order", "id")
        ]
        return NarrativeSectionSerializer(rows, many=True).data

    @extend_schema_field(EntryRowSerializer(many=True))
    def get_values(self, obj: Report) -> Any:
        return EntryRowSerializer(entry_rows(obj), many=True).data

    def get_can_fill(self, obj: Report) -> bool:
        return can_fill(self.context["request"].user, obj) and obj.is_editable

    def get_can_approve(self, obj: Report) -> bool:
        return can_approve(self.context["request"].user, obj)


class ReportQuerySerializer(serializers.Serializer):
    period = PeriodCodeField(required=False)
    form = FormCodeField(required=False)
    unit = unit_code(required=False)
    state = InlineChoiceField(choices=ReportState.choices, required=False)
    resolution = resolution_id_field(required=False)


class EntryWriteSerializer(serializers.Serializer):
    indicator = serializers.CharField(
        max_length=32, help_text="The indicator's id or its code on the form"
    )
    value = decimal_field(required=False, allow_null=True, default=None)
    numerator = decimal_field(required=False, allow_null=True, default=None)
    denominator = decimal_field(
        required=False, allow_null=True, default=None, help_text="Or the weight"
    )
    comment = serializers.CharField(required=False, allow_blank=True, allow_null=True, default=None)


class ReportSaveSerializer(serializers.Serializer):
    """Save the draft: each entry sets its indicator's value (a ratio by numerator and
    denominator, a weighted average with its weight in `denominator`; absent is empty) and,
    when given, its comment; `narrative` sets the sections given. `version` is the report's
    when it was read (required): a report saved by someone else since is refused with 409
    (code conflict)."""

    version = serializers.IntegerField(min_value=1, max_value=MAX_INT)
    values = EntryWriteSerializer(many=True, required=False, default=list)
    narrative = serializers.DictField(
        child=serializers.CharField(allow_blank=True), required=False, allow_null=True, default=None
    )


class VersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1, max_value=MAX_INT
    )


class ReasonSerializer(VersionSerializer):
    reason = serializers.CharField()


class ReminderSerializer(serializers.Serializer):
    kind = serializers.CharField()
    sent_at = serializers.DateTimeField()
    recipients = serializers.IntegerField()
    emails = serializers.IntegerField()
