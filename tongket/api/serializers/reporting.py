"""Shapes of periods, report forms, reports, values and figures in the API.

Units, forms and periods are given by code (a unit's former codes resolve), other objects by
id. Decimal values are JSON strings with four decimals ("85.3000"), in and out, the way the
models keep them; figures computed from them (sums, ratios, progress in per cent) are rounded
half up to four decimals. Null means no data.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from tongket.api.serializers.resolutions import (
    MAX_INT,
    InlineChoiceField,
    ModelSerializer,
    PartialMixin,
    ScopedIdField,
    decimal_field,
    indicator_id_field,
    read_code,
    resolution_id_field,
    unit_code,
)
from tongket.core import scopes
from tongket.core.errors import NotFound
from tongket.org.choices import Line
from tongket.reporting import selectors
from tongket.reporting.choices import Basis, PeriodType, ReportState, SectionKind, Tree
from tongket.reporting.models import DataValue, Period, Report, ReportForm
from tongket.reporting.periods import parse_period_code
from tongket.reporting.services.reports import can_approve, can_fill


def figure_field(**kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=40, decimal_places=4, rounding=ROUND_HALF_UP, allow_null=True, **kwargs
    )


@extend_schema_field(OpenApiTypes.STR)
class PeriodCodeField(serializers.CharField):
    """A period by its code (2022, 2022-H1, 2022-Q3, 2022-07, 2022-9M, 2020-2025)."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, int) and not isinstance(data, bool):
            data = str(data)
        text = read_code(self, data, 16)
        try:
            spec = parse_period_code(text, field=self.field_name)
            return selectors.period_get(code=spec.code)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from None
        except NotFound:
            raise serializers.ValidationError(
                _("No period has the code %(code)s.") % {"code": text}
            ) from None

    def to_representation(self, value: Any) -> Any:
        return getattr(value, "code", value)


@extend_schema_field(OpenApiTypes.STR)
class FormCodeField(serializers.CharField):
    """A report form in the caller's reach by its code."""

    def to_internal_value(self, data: Any) -> Any:
        text = read_code(self, data, 32)
        try:
            return selectors.form_by_code(user=self.context["request"].user, code=text)
        except NotFound:
            raise serializers.ValidationError(
                _("No report form has the code %(code)s.") % {"code": text}
            ) from None

    def to_representation(self, value: Any) -> Any:
        return getattr(value, "code", value)


@extend_schema_field({"oneOf": [{"type": "number"}, {"type": "string"}], "nullable": True})
class CellField(serializers.Field):
    """A cell of an import: a JSON number, a text in either convention ("1.234,5",
    "1,234.5") or null, read by the import like a spreadsheet cell."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_null", True)
        kwargs.setdefault("default", None)
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, bool) or not isinstance(data, int | float | str):
            raise serializers.ValidationError(_("Enter a number."))
        if isinstance(data, str) and ("\x00" in data or len(data) > 64):
            raise serializers.ValidationError(_("Enter a number."))
        return data

    def to_representation(self, value: Any) -> Any:
        return value


# --- Periods and forms --------------------------------------------------------------------


class PeriodSerializer(ModelSerializer):
    class Meta:
        model = Period
        fields = [
            "id",
            "code",
            "type",
            "year",
            "index",
            "end_year",
            "start",
            "end",
            "cutoff",
            "due_date",
            "months",
            "is_open",
        ]


class PeriodQuerySerializer(serializers.Serializer):
    type = InlineChoiceField(choices=PeriodType.choices, required=False)
    year = serializers.IntegerField(
        required=False, min_value=1945, max_value=2100, help_text="Periods covering this year"
    )


class ReportFormSerializer(ModelSerializer):
    owner_unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    line = InlineChoiceField(
        choices=[("", "organisation tree"), *Line.choices],
        enum_name="FormLineEnum",
        read_only=True,
        help_text="The line the figures roll up along (empty: the organisation tree)",
    )
    resolution_symbol = serializers.CharField(
        source="resolution.symbol", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = ReportForm
        fields = [
            "id",
            "code",
            "name",
            "owner_unit",
            "resolution",
            "resolution_symbol",
            "period_type",
            "line",
            "description",
            "is_active",
            "version",
        ]


class FormIndicatorSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="indicator.pk")
    code = serializers.CharField(source="indicator.code")
    name = serializers.CharField(source="indicator.name")
    resolution = serializers.IntegerField(source="indicator.resolution_id")
    unit_of_measure = serializers.CharField(source="indicator.unit_of_measure")
    measure_kind = serializers.CharField(source="indicator.measure_kind")
    required = serializers.BooleanField()
    order = serializers.IntegerField()


class FormSectionSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    kind = serializers.CharField()
    guidance = serializers.CharField()
    order = serializers.IntegerField()


class FormAssignmentSerializer(serializers.Serializer):
    unit = serializers.CharField(source="unit.code")
    unit_name = serializers.CharField(source="unit.name")
    valid_from = serializers.DateField()
    valid_to = serializers.DateField()


class ReportFormDetailSerializer(ReportFormSerializer):
    """The form with its indicators, narrative sections and the units asked for it (those in
    the caller's subtrees)."""

    indicators = serializers.SerializerMethodField()
    sections = serializers.SerializerMethodField()
    assignments = serializers.SerializerMethodField()

    class Meta(ReportFormSerializer.Meta):
        fields = [*ReportFormSerializer.Meta.fields, "indicators", "sections", "assignments"]

    @extend_schema_field(FormIndicatorSerializer(many=True))
    def get_indicators(self, obj: ReportForm) -> Any:
        links = obj.form_indicators.select_related("indicator").order_by("order", "id")
        return FormIndicatorSerializer(links, many=True).data

    @extend_schema_field(FormSectionSerializer(many=True))
    def get_sections(self, obj: ReportForm) -> Any:
        return FormSectionSerializer(obj.sections.order_by("order", "id"), many=True).data

    @extend_schema_field(FormAssignmentSerializer(many=True))
    def get_assignments(self, obj: ReportForm) -> Any:
        user = self.context["request"].user
        rows = scopes.restrict(obj.assignments.select_related("unit"), user, "unit__path").order_by(
            "unit__path"
        )
        return FormAssignmentSerializer(rows, many=True).data


class FormQuerySerializer(serializers.Serializer):
    resolution = resolution_id_field(required=False)


class SectionWriteSerializer(serializers.Serializer):
    key = serializers.CharField(max_length=40, help_text="letters, digits, hyphens")
    title = serializers.CharField(max_length=200)
    kind = InlineChoiceField(choices=SectionKind.choices, default=SectionKind.FREE)
    guidance = serializers.CharField(required=False, allow_blank=True, default="")
    order = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=0, max_value=32767
    )


class FormSectionItemSerializer(serializers.Serializer):
    key = serializers.CharField(max_length=40, help_text="letters, digits, hyphens")
    title = serializers.CharField(max_length=200)
    kind = InlineChoiceField(choices=SectionKind.choices, default=SectionKind.FREE)


class FormWriteSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=32)
    name = serializers.CharField(max_length=300)
    owner_unit = unit_code(help_text="The unit that collects the form")
    period_type = InlineChoiceField(choices=PeriodType.choices)
    resolution = resolution_id_field(required=False, allow_null=True, default=None)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    line = InlineChoiceField(
        choices=[("", "organisation tree"), *Line.choices],
        enum_name="FormLineEnum",
        required=False,
        default="",
        help_text="The line the figures roll up along (empty: the organisation tree)",
    )
    indicators = serializers.ListField(
        child=indicator_id_field(), required=False, default=list, max_length=500
    )
    sections = FormSectionItemSerializer(
        many=True,
        required=False,
        allow_null=True,
        default=None,
        help_text="Narrative sections (default: results, shortcomings, causes, proposals)",
    )


class FormUpdateSerializer(PartialMixin, serializers.Serializer):
    version = serializers.IntegerField(min_value=1, max_value=MAX_INT)
    name = serializers.CharField(max_length=300)
    description = serializers.CharField(allow_blank=True)
    is_active = serializers.BooleanField()
    line = InlineChoiceField(
        choices=[("", "organisation tree"), *Line.choices],
        enum_name="FormLineEnum",
        help_text="The line the figures roll up along (empty: the organisation tree)",
    )
    indicators = serializers.ListField(child=indicator_id_field(), max_length=500)


class OpenPeriodSerializer(serializers.Serializer):
    period = serializers.CharField(
        max_length=16, help_text="Period code; the period is created from the rules if missing"
    )
    backfill = serializers.BooleanField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Entered afterwards (nhập bù): never reminded, never late. Null: so when the "
        "due date has passed; true: also marks the form's reports of the period not received "
        "yet; false: as if opened in its time.",
    )


class FormAssignSerializer(serializers.Serializer):
    units = serializers.ListField(child=unit_code(), min_length=1, max_length=2000)
    valid_from = serializers.DateField(required=False, allow_null=True, default=None)
    valid_to = serializers.DateField(required=False, allow_null=True, default=None)


class FormUnassignSerializer(serializers.Serializer):
    unit = unit_code()


# --- Reports ------------------------------------------------------------------------------


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


# --- Values -------------------------------------------------------------------------------


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


# --- Figures ------------------------------------------------------------------------------


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
