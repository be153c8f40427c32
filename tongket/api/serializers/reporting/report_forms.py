"""Shapes of periods and report forms: what the API answers and what it takes in (a form,
its sections, the opening of a period, the units assigned)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from tongket.api.serializers.resolutions import (
    MAX_INT,
    InlineChoiceField,
    ModelSerializer,
    PartialMixin,
    indicator_id_field,
    resolution_id_field,
    unit_code,
)
from tongket.core import scopes
from tongket.org.choices import Line
from tongket.reporting.choices import DeliveryMethod, PeriodType, SectionKind
from tongket.reporting.models import Period, ReportForm
from tongket.reporting.selectors.regime import form_regime

DELIVERY_HELP = (
    "How the reports are sent and received (Nghị định 09/2019/NĐ-CP, Article 7): on paper, as "
    "an electronic document, through a reporting information system; one or more"
)


def delivery_methods_field(**kwargs: Any) -> serializers.ListField:
    return serializers.ListField(
        child=InlineChoiceField(choices=DeliveryMethod.choices, enum_name="DeliveryMethodEnum"),
        max_length=len(DeliveryMethod.choices),
        help_text=DELIVERY_HELP,
        **kwargs,
    )


# The reporting regime's stored texts (the rest is read from the form, see `regime`):
# name -> (max_length, help_text).
REGIME_TEXTS = {
    "regime_document": (300, "The document that sets the reporting regime"),
    "outline_code": (100, "The outline template's designation (empty: the narrative sections)"),
    "data_form_code": (100, "The data forms' designation (empty: the form's template workbook)"),
}


def regime_text_field(name: str, **kwargs: Any) -> serializers.CharField:
    max_length, help_text = REGIME_TEXTS[name]
    if kwargs.get("read_only"):
        return serializers.CharField(help_text=help_text, **kwargs)
    return serializers.CharField(
        max_length=max_length, allow_blank=True, help_text=help_text, **kwargs
    )


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
    delivery_methods = delivery_methods_field(read_only=True)
    regime_document = regime_text_field("regime_document", read_only=True)
    outline_code = regime_text_field("outline_code", read_only=True)
    data_form_code = regime_text_field("data_form_code", read_only=True)

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
            "delivery_methods",
            "regime_document",
            "outline_code",
            "data_form_code",
            "version",
        ]


class RegimeItemSerializer(serializers.Serializer):
    key = serializers.CharField(
        help_text="document, name, content, reporters, receiver, delivery, closing, "
        "frequency, deadline, outline, data_forms"
    )
    term = serializers.CharField(help_text="The decree's words for this content")
    label = serializers.CharField()
    value = serializers.CharField()
    derived = serializers.BooleanField(help_text="Read from the form rather than stored")


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
    regime = serializers.SerializerMethodField(
        help_text="The State reporting regime (Nghị định 09/2019/NĐ-CP, Article 7), in order"
    )

    class Meta(ReportFormSerializer.Meta):
        fields = [
            *ReportFormSerializer.Meta.fields,
            "indicators",
            "sections",
            "assignments",
            "regime",
        ]

    @extend_schema_field(RegimeItemSerializer(many=True))
    def get_regime(self, obj: ReportForm) -> Any:
        links, sections = self._parts(obj)
        items = form_regime(
            user=self.context["request"].user,
            form=obj,
            sections=[section.title for section in sections],
            indicator_codes=[link.indicator.code for link in links],
        )
        return RegimeItemSerializer(items, many=True).data

    def _parts(self, obj: ReportForm) -> tuple[list[Any], list[Any]]:
        """The form's indicator links and sections, read once for the fields and the regime."""
        cache = self.__dict__.setdefault("_parts_cache", {})
        if obj.pk not in cache:
            cache[obj.pk] = (
                list(obj.form_indicators.select_related("indicator").order_by("order", "id")),
                list(obj.sections.order_by("order", "id")),
            )
        return cache[obj.pk]  # type: ignore[no-any-return]

    @extend_schema_field(FormIndicatorSerializer(many=True))
    def get_indicators(self, obj: ReportForm) -> Any:
        return FormIndicatorSerializer(self._parts(obj)[0], many=True).data

    @extend_schema_field(FormSectionSerializer(many=True))
    def get_sections(self, obj: ReportForm) -> Any:
        return FormSectionSerializer(self._parts(obj)[1], many=True).data

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
    delivery_methods = delivery_methods_field(required=False, allow_null=True, default=None)
    regime_document = regime_text_field("regime_document", required=False, default="")
    outline_code = regime_text_field("outline_code", required=False, default="")
    data_form_code = regime_text_field("data_form_code", required=False, default="")


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
    delivery_methods = delivery_methods_field()
    regime_document = regime_text_field("regime_document")
    outline_code = regime_text_field("outline_code")
    data_form_code = regime_text_field("data_form_code")


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
