"""What the API answers about resolutions, their structure, indicators, targets and assignments,
and the query parameters of its lists."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from tongket.api.serializers.resolutions.fields import (
    YEAR,
    FieldCodeField,
    InlineChoiceField,
    ModelSerializer,
    indicator_id_field,
    reach_unit_code,
    resolution_id_field,
    unit_code,
)
from tongket.resolutions import selectors
from tongket.resolutions.choices import AssignmentStatus, ResolutionKind, ResolutionStatus
from tongket.resolutions.models import (
    Assignment,
    Field,
    Indicator,
    Item,
    Resolution,
    ResolutionAttachment,
    ResolutionParty,
    Target,
    TargetAdjustment,
)
from tongket.resolutions.symbols import number_line

# --- Reading ------------------------------------------------------------------------------


class ResolutionSerializer(ModelSerializer):
    issuing_unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    owner_unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    field = serializers.SlugRelatedField(slug_field="code", read_only=True)
    number_line = serializers.SerializerMethodField(
        help_text="As the document writes it; the official blank while it has no number"
    )
    reference = serializers.CharField(
        read_only=True, help_text="The symbol, or the kind and state while it has no number"
    )
    horizon = serializers.CharField(
        source="horizon_label", read_only=True, help_text="'not yet determined' when unknown"
    )

    class Meta:
        model = Resolution
        fields = [
            "id",
            "kind",
            "symbol",
            "reference",
            "number_line",
            "style",
            "number",
            "type_code",
            "issuer_code",
            "issuing_unit",
            "owner_unit",
            "issued_on",
            "subject",
            "field",
            "horizon_from",
            "horizon_to",
            "and_following_years",
            "horizon",
            "status",
            "status_since",
            "classification",
            "on_track_from",
            "at_risk_from",
            "approved_only",
            "version",
        ]

    def get_number_line(self, obj: Resolution) -> str:
        return number_line(obj)


class ItemSerializer(ModelSerializer):
    depth = serializers.IntegerField(read_only=True, default=0)
    assignment_count = serializers.IntegerField(read_only=True, default=0)

    class Meta:
        model = Item
        fields = [
            "id",
            "resolution",
            "parent",
            "kind",
            "number",
            "title",
            "description",
            "order",
            "depth",
            "assignment_count",
        ]


class IndicatorSerializer(ModelSerializer):
    class Meta:
        model = Indicator
        fields = [
            "id",
            "resolution",
            "item",
            "code",
            "name",
            "unit_of_measure",
            "measure_kind",
            "direction",
            "unit_aggregation",
            "time_aggregation",
            "baseline_value",
            "baseline_year",
            "rating_levels",
            "min_value",
            "max_value",
            "decimals",
            "parent_indicator",
            "description",
            "order",
            "version",
        ]


class RelationSerializer(serializers.Serializer):
    """A relation seen from one resolution: `outgoing` when this resolution supersedes,
    implements or amends the other one."""

    id = serializers.IntegerField(source="relation.pk")
    kind = serializers.CharField(source="relation.kind")
    outgoing = serializers.BooleanField()
    resolution = serializers.IntegerField(source="other.pk")
    symbol = serializers.CharField(source="other.symbol")
    reference = serializers.CharField(source="other.reference")
    in_effect = serializers.BooleanField(
        source="relation.in_effect",
        help_text="A supersession takes effect when its source is issued",
    )
    subject = serializers.CharField(source="other.subject")
    valid_from = serializers.DateField(source="relation.valid_from")
    note = serializers.CharField(source="relation.note")


class PartySerializer(ModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = ResolutionParty
        fields = ["id", "unit", "unit_name", "role", "order"]


class AttachmentSerializer(ModelSerializer):
    url = serializers.SerializerMethodField(help_text="Download through the API (token auth).")

    class Meta:
        model = ResolutionAttachment
        fields = ["id", "name", "content_type", "size", "description", "uploaded_at", "url"]

    def get_url(self, obj: ResolutionAttachment) -> str:
        path = reverse("resolution-attachment", kwargs={"pk": obj.resolution_id, "file_pk": obj.pk})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class ResolutionDetailSerializer(ResolutionSerializer):
    """The record with its outline (depth-first), indicators, relations (to resolutions the
    caller can see), parties and files. Seven queries."""

    items = serializers.SerializerMethodField()
    indicators = serializers.SerializerMethodField()
    relations = serializers.SerializerMethodField()
    parties = serializers.SerializerMethodField()
    attachments = serializers.SerializerMethodField()
    can_edit = serializers.SerializerMethodField()

    class Meta(ResolutionSerializer.Meta):
        fields = [
            *ResolutionSerializer.Meta.fields,
            "description",
            "can_edit",
            "items",
            "indicators",
            "relations",
            "parties",
            "attachments",
        ]

    def _user(self) -> Any:
        return self.context["request"].user

    @extend_schema_field(ItemSerializer(many=True))
    def get_items(self, obj: Resolution) -> Any:
        rows = []
        for row in selectors.item_tree(resolution=obj):
            row["item"].depth = row["depth"]
            rows.append(row["item"])
        return ItemSerializer(rows, many=True).data

    @extend_schema_field(IndicatorSerializer(many=True))
    def get_indicators(self, obj: Resolution) -> Any:
        return IndicatorSerializer(obj.indicators.order_by("order", "id"), many=True).data

    @extend_schema_field(RelationSerializer(many=True))
    def get_relations(self, obj: Resolution) -> Any:
        rows = selectors.resolution_relations(user=self._user(), resolution=obj)
        return RelationSerializer(rows, many=True).data

    @extend_schema_field(PartySerializer(many=True))
    def get_parties(self, obj: Resolution) -> Any:
        return PartySerializer(obj.parties.select_related("unit"), many=True).data

    @extend_schema_field(AttachmentSerializer(many=True))
    def get_attachments(self, obj: Resolution) -> Any:
        return AttachmentSerializer(obj.attachments.all(), many=True, context=self.context).data

    def get_can_edit(self, obj: Resolution) -> bool:
        return selectors.can_keep(self._user(), obj)


class AdjustmentSerializer(ModelSerializer):
    class Meta:
        model = TargetAdjustment
        fields = ["old_value", "new_value", "effective_on", "reason", "at", "username"]


class TargetSerializer(ModelSerializer):
    indicator_code = serializers.CharField(source="indicator.code", read_only=True)
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Target
        fields = [
            "id",
            "indicator",
            "indicator_code",
            "unit",
            "year",
            "value",
            "numerator",
            "denominator",
            "baseline",
            "method",
            "note",
            "version",
            "updated_at",
        ]


class TargetDetailSerializer(TargetSerializer):
    """A target with its adjustments, latest first (the first one created it)."""

    adjustments = serializers.SerializerMethodField()

    class Meta(TargetSerializer.Meta):
        fields = [*TargetSerializer.Meta.fields, "adjustments"]

    @extend_schema_field(AdjustmentSerializer(many=True))
    def get_adjustments(self, obj: Target) -> Any:
        return AdjustmentSerializer(selectors.target_history(target=obj), many=True).data


class AssignmentSerializer(ModelSerializer):
    resolution = serializers.IntegerField(source="item.resolution_id", read_only=True)
    item_number = serializers.CharField(source="item.number", read_only=True)
    item_title = serializers.CharField(source="item.title", read_only=True)
    lead_unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    coordinating_units = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    effective_status = serializers.SerializerMethodField(
        help_text="The status, or overdue when the deadline has passed and it is not done."
    )

    class Meta:
        model = Assignment
        fields = [
            "id",
            "resolution",
            "item",
            "item_number",
            "item_title",
            "lead_unit",
            "coordinating_units",
            "deadline",
            "status",
            "effective_status",
            "completed_on",
            "note",
            "version",
        ]

    def get_effective_status(self, obj: Assignment) -> str:
        return obj.effective_status()


# --- Query parameters ---------------------------------------------------------------------


class ResolutionQuerySerializer(serializers.Serializer):
    search = serializers.CharField(
        required=False,
        max_length=200,
        help_text="Words of the symbol, subject or issuer (any accents)",
    )
    symbol = serializers.CharField(
        required=False,
        max_length=128,
        help_text="Number and symbol; old issuer codes resolve (382-NQ/QUTW finds 382-NQ/ĐUQSTW)",
    )
    issuer = reach_unit_code(required=False, help_text="Issuing unit code (its subtree too)")
    kind = InlineChoiceField(choices=ResolutionKind.choices, required=False)
    field = FieldCodeField(queryset=Field.objects.all(), required=False, help_text="Field code")
    status = InlineChoiceField(choices=ResolutionStatus.choices, required=False)
    year = serializers.IntegerField(required=False, help_text="The horizon covers it", **YEAR)


class ResolutionFilterSerializer(serializers.Serializer):
    resolution = resolution_id_field(required=False)


class IndicatorQuerySerializer(ResolutionFilterSerializer):
    search = serializers.CharField(required=False, max_length=200)


class TargetQuerySerializer(serializers.Serializer):
    indicator = indicator_id_field(required=False)
    resolution = resolution_id_field(required=False)
    unit = unit_code(required=False)
    year = serializers.RegexField(
        r"^(\d{4}|horizon)$",
        required=False,
        help_text="A year, or horizon for the whole-horizon targets",
    )


class AssignmentQuerySerializer(serializers.Serializer):
    resolution = resolution_id_field(required=False)
    unit = reach_unit_code(required=False, help_text="Led by or coordinated with this unit")
    status = InlineChoiceField(
        choices=AssignmentStatus.choices,
        required=False,
        help_text="overdue: deadline passed and not done",
    )
