"""Shapes of resolutions, their structure, indicators, targets and assignments in the API.

Input serializers validate shape only (types, lengths that fit the columns, choices) and turn
ids and codes into objects through the scoped selectors: an object the caller cannot see
reads as unknown, a 400 naming the field. The services check the rules. Decimal values are
JSON strings ("1234.5000", four decimals) in and out; input also takes JSON numbers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from tongket.api.fields import UnitCodeField
from tongket.core.errors import NotFound
from tongket.org.selectors import unit_resolve, unit_resolve_reach
from tongket.reporting.choices import Basis, PeriodType, ReportState, SectionKind, Tree
from tongket.resolutions import selectors
from tongket.resolutions.choices import (
    AssignmentStatus,
    Classification,
    Direction,
    ItemKind,
    MeasureKind,
    RelationKind,
    ResolutionKind,
    ResolutionStatus,
    SymbolStyle,
    TargetMethod,
    TimeAggregation,
    UnitAggregation,
)
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

# Enum components of the schema, named after their choice set.
ENUM_NAMES = {
    frozenset(choices.values): f"{choices.__name__}Enum"
    for choices in (
        AssignmentStatus,
        Classification,
        Direction,
        ItemKind,
        MeasureKind,
        RelationKind,
        ResolutionKind,
        ResolutionStatus,
        SymbolStyle,
        TargetMethod,
        TimeAggregation,
        UnitAggregation,
        PeriodType,
        ReportState,
        SectionKind,
        Basis,
        Tree,
    )
}
MAX_ID = 2**63 - 1
MAX_INT = 2**31 - 1
YEAR = {"min_value": 1945, "max_value": 2100}


class InlineChoiceField(serializers.ChoiceField):
    """A choice field documented as a named enum of its choice set: the same field names
    (kind, status, direction, method, type) carry different choice sets across resources."""

    def __init__(self, choices: Any, *, enum_name: str | None = None, **kwargs: Any) -> None:
        super().__init__(choices, **kwargs)
        values = frozenset(str(key) for key in self.choices)
        self.enum_name = enum_name or ENUM_NAMES.get(values)


class InlineChoiceFieldExtension(OpenApiSerializerFieldExtension):
    target_class = InlineChoiceField

    def get_name(self) -> str | None:
        return self.target.enum_name  # type: ignore[no-any-return]

    def map_serializer_field(self, auto_schema: Any, direction: Any) -> dict[str, Any]:
        return {"type": "string", "enum": [str(choice) for choice in self.target.choices]}


class ModelSerializer(serializers.ModelSerializer):
    serializer_choice_field = InlineChoiceField


def decimal_field(**kwargs: Any) -> serializers.DecimalField:
    """A value as the models keep it: 20 digits, 4 of them decimals."""
    return serializers.DecimalField(max_digits=20, decimal_places=4, **kwargs)


class ScopedIdField(serializers.IntegerField):
    """An object given by id and fetched by a scoped selector `getter(user, pk)`; one that does
    not exist or lies outside the caller's reach is reported the same way."""

    def __init__(self, *, getter: Callable[[Any, int], Any], unknown: Any, **kwargs: Any) -> None:
        self.getter = getter
        self.unknown = unknown
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> Any:
        pk = super().to_internal_value(data)
        if not 1 <= pk <= MAX_ID:
            raise serializers.ValidationError(self.unknown % {"id": pk})
        try:
            return self.getter(self.context["request"].user, pk)
        except NotFound:
            raise serializers.ValidationError(self.unknown % {"id": pk}) from None

    def to_representation(self, value: Any) -> Any:
        return getattr(value, "pk", value)


def resolution_id_field(**kwargs: Any) -> ScopedIdField:
    return ScopedIdField(
        getter=lambda user, pk: selectors.resolution_get(user=user, pk=pk),
        unknown=_("No resolution you can see has the id %(id)s."),
        **kwargs,
    )


def item_id_field(**kwargs: Any) -> ScopedIdField:
    return ScopedIdField(
        getter=lambda user, pk: selectors.item_get(user=user, pk=pk),
        unknown=_("No objective, task or measure you can see has the id %(id)s."),
        **kwargs,
    )


def indicator_id_field(**kwargs: Any) -> ScopedIdField:
    return ScopedIdField(
        getter=lambda user, pk: selectors.indicator_get(user=user, pk=pk),
        unknown=_("No indicator you can see has the id %(id)s."),
        **kwargs,
    )


def read_code(field: serializers.CharField, data: Any, limit: int) -> str:
    """The text of a code or reference, checked before it is looked up (the length and null
    characters are otherwise checked only after the conversion to an object)."""
    text = serializers.CharField.to_internal_value(field, data)
    if "\x00" in text:
        raise serializers.ValidationError(_("Null characters are not allowed."))
    if len(text) > limit:
        raise serializers.ValidationError(
            _("Ensure this field has no more than %(limit)s characters.") % {"limit": limit}
        )
    return text


@extend_schema_field(OpenApiTypes.STR)
class ResolutionRefField(serializers.CharField):
    """A resolution given by id or by number and symbol (old issuer codes resolve)."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, int) and not isinstance(data, bool):
            data = str(data)
        text = read_code(self, data, 128)
        try:
            return selectors.resolution_find(
                user=self.context["request"].user, ref=text, field=self.field_name
            )
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from None

    def to_representation(self, value: Any) -> Any:
        return getattr(value, "symbol", value)


class FieldCodeField(serializers.SlugRelatedField):
    """A field of work by its code (checked before the look-up)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", Field.objects.filter(is_active=True))
        super().__init__(slug_field="code", **kwargs)

    def to_internal_value(self, data: Any) -> Any:
        return super().to_internal_value(read_code(serializers.CharField(), data, 32))


class ScopedUnitCodeField(UnitCodeField):
    """A unit in the caller's subtrees by its current or former code."""

    def resolve(self, user: Any, code: str) -> Any:
        return unit_resolve(user=user, code=code)

    def to_internal_value(self, data: Any) -> Any:
        code = read_code(self, data, 64)
        try:
            return self.resolve(self.context["request"].user, code)
        except NotFound:
            raise serializers.ValidationError(
                _("No unit has the code %(code)s.") % {"code": code}
            ) from None


class ReachUnitCodeField(ScopedUnitCodeField):
    """A unit in the caller's subtrees or above them (an issuing body, a party, a lead unit),
    by its current or former code."""

    def resolve(self, user: Any, code: str) -> Any:
        return unit_resolve_reach(user=user, code=code)


def unit_code(**kwargs: Any) -> ScopedUnitCodeField:
    return ScopedUnitCodeField(**kwargs)


def reach_unit_code(**kwargs: Any) -> ReachUnitCodeField:
    return ReachUnitCodeField(**kwargs)


class PartialMixin:
    """Every field optional and without a default: only what is sent is changed."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # type: ignore[attr-defined]
            field.required = False
            field.default = serializers.empty


# --- Reading ------------------------------------------------------------------------------


class ResolutionSerializer(ModelSerializer):
    issuing_unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    owner_unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    field = serializers.SlugRelatedField(slug_field="code", read_only=True)
    number_line = serializers.SerializerMethodField()
    horizon = serializers.CharField(source="horizon_label", read_only=True)

    class Meta:
        model = Resolution
        fields = [
            "id",
            "kind",
            "symbol",
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


# --- Writing ------------------------------------------------------------------------------


class ResolutionWriteSerializer(serializers.Serializer):
    kind = InlineChoiceField(choices=ResolutionKind.choices)
    symbol = serializers.CharField(max_length=128, help_text="382-NQ/ĐUQSTW, 15/KH-UBND…")
    issuing_unit = reach_unit_code(help_text="Code of the issuing body (old codes resolve)")
    owner_unit = unit_code(
        required=False,
        allow_null=True,
        default=None,
        help_text="The unit keeping the record (default: the unit of your tracking role)",
    )
    subject = serializers.CharField()
    issued_on = serializers.DateField(required=False, allow_null=True, default=None)
    horizon_from = serializers.IntegerField(**YEAR)
    horizon_to = serializers.IntegerField(**YEAR)
    and_following_years = serializers.BooleanField(default=False)
    field = FieldCodeField(required=False, allow_null=True, default=None)
    status = InlineChoiceField(choices=ResolutionStatus.choices, default=ResolutionStatus.IN_FORCE)
    classification = InlineChoiceField(choices=Classification.choices, default=Classification.NONE)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    on_track_from = serializers.DecimalField(max_digits=6, decimal_places=2, default=90)
    at_risk_from = serializers.DecimalField(max_digits=6, decimal_places=2, default=70)
    approved_only = serializers.BooleanField(default=False)
    confirm_issuer = serializers.BooleanField(
        default=False,
        help_text="Register even though the issuer code in the symbol is not one the body "
        "carried on the issue date (refused with code issuer_mismatch otherwise)",
    )


class ResolutionUpdateSerializer(PartialMixin, serializers.Serializer):
    version = serializers.IntegerField(min_value=1, max_value=MAX_INT)
    symbol = serializers.CharField(max_length=128)
    issuing_unit = reach_unit_code()
    kind = InlineChoiceField(choices=ResolutionKind.choices)
    subject = serializers.CharField()
    issued_on = serializers.DateField(allow_null=True)
    horizon_from = serializers.IntegerField(**YEAR)
    horizon_to = serializers.IntegerField(**YEAR)
    and_following_years = serializers.BooleanField()
    field = FieldCodeField(allow_null=True)
    classification = InlineChoiceField(choices=Classification.choices)
    description = serializers.CharField(allow_blank=True)
    on_track_from = serializers.DecimalField(max_digits=6, decimal_places=2)
    at_risk_from = serializers.DecimalField(max_digits=6, decimal_places=2)
    approved_only = serializers.BooleanField()
    confirm_issuer = serializers.BooleanField()


class StatusSerializer(serializers.Serializer):
    status = InlineChoiceField(choices=ResolutionStatus.choices)
    since = serializers.DateField(required=False, allow_null=True, default=None)


class RelationWriteSerializer(serializers.Serializer):
    kind = InlineChoiceField(choices=RelationKind.choices)
    target = ResolutionRefField(help_text="The other resolution: its id or number and symbol")
    valid_from = serializers.DateField(required=False, allow_null=True, default=None)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


class PartyWriteSerializer(serializers.Serializer):
    unit = reach_unit_code()
    role = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)


class AttachmentWriteSerializer(serializers.Serializer):
    file = serializers.FileField(max_length=200, help_text="PDF or DOCX")
    description = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=255
    )


class ImportSerializer(serializers.Serializer):
    file = serializers.FileField(max_length=200, help_text="The indicators-and-targets workbook")


class ItemWriteSerializer(serializers.Serializer):
    resolution = resolution_id_field()
    kind = InlineChoiceField(choices=ItemKind.choices)
    title = serializers.CharField()
    parent = item_id_field(required=False, allow_null=True, default=None)
    description = serializers.CharField(required=False, allow_blank=True, default="")


class ItemUpdateSerializer(PartialMixin, serializers.Serializer):
    kind = InlineChoiceField(choices=ItemKind.choices)
    title = serializers.CharField()
    description = serializers.CharField(allow_blank=True)


class ItemMoveSerializer(serializers.Serializer):
    direction = InlineChoiceField(choices=[("up", "up"), ("down", "down")], enum_name="MoveEnum")


class IndicatorWriteSerializer(serializers.Serializer):
    resolution = resolution_id_field()
    code = serializers.CharField(max_length=32)
    name = serializers.CharField(max_length=500)
    unit_of_measure = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=64
    )
    measure_kind = InlineChoiceField(choices=MeasureKind.choices, default=MeasureKind.NUMBER)
    direction = InlineChoiceField(choices=Direction.choices, default=Direction.HIGHER)
    unit_aggregation = InlineChoiceField(
        choices=UnitAggregation.choices, default=UnitAggregation.SUM
    )
    time_aggregation = InlineChoiceField(
        choices=TimeAggregation.choices, default=TimeAggregation.SUM
    )
    baseline_value = decimal_field(required=False, allow_null=True, default=None)
    baseline_year = serializers.IntegerField(required=False, allow_null=True, default=None, **YEAR)
    rating_levels = serializers.ListField(
        child=serializers.CharField(max_length=100), required=False, default=list, max_length=20
    )
    min_value = decimal_field(required=False, allow_null=True, default=None)
    max_value = decimal_field(required=False, allow_null=True, default=None)
    decimals = serializers.IntegerField(required=False, default=0, min_value=0, max_value=4)
    item = item_id_field(required=False, allow_null=True, default=None)
    parent_indicator = indicator_id_field(required=False, allow_null=True, default=None)
    description = serializers.CharField(required=False, allow_blank=True, default="")


class IndicatorUpdateSerializer(PartialMixin, IndicatorWriteSerializer):
    version = serializers.IntegerField(min_value=1, max_value=MAX_INT)
    order = serializers.IntegerField(min_value=0, max_value=MAX_INT)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.pop("resolution")


class TargetWriteSerializer(serializers.Serializer):
    """Set a target, or adjust it: the adjustment keeps the old value, the effective date,
    the author and the reason. `version` (of the target when it was read) guards against
    overwriting someone else's change."""

    indicator = indicator_id_field()
    unit = unit_code()
    year = serializers.IntegerField(allow_null=True, help_text="null for the whole horizon", **YEAR)
    value = decimal_field(required=False, allow_null=True, default=None)
    numerator = decimal_field(required=False, allow_null=True, default=None)
    denominator = decimal_field(required=False, allow_null=True, default=None)
    baseline = decimal_field(required=False, allow_null=True)
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    effective_on = serializers.DateField(required=False, allow_null=True, default=None)
    version = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1, max_value=MAX_INT
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=300)


class TargetAdjustSerializer(PartialMixin, TargetWriteSerializer):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("indicator", "unit", "year"):
            self.fields.pop(name)


class CascadeSerializer(serializers.Serializer):
    indicator = indicator_id_field()
    unit = unit_code(help_text="The unit whose target is split to the units directly below")
    year = serializers.IntegerField(allow_null=True, help_text="null for the whole horizon", **YEAR)
    method = InlineChoiceField(
        choices=[
            (TargetMethod.EVEN, TargetMethod.EVEN.label),
            (TargetMethod.PROPORTIONAL, TargetMethod.PROPORTIONAL.label),
            (TargetMethod.MANUAL, TargetMethod.MANUAL.label),
        ],
        enum_name="CascadeMethodEnum",
    )
    base_indicator = indicator_id_field(
        required=False,
        allow_null=True,
        default=None,
        help_text="proportional: the indicator whose targets of the units below give the weights",
    )
    shares = serializers.DictField(
        child=decimal_field(allow_null=True),
        required=False,
        default=dict,
        help_text="manual: unit code → value",
    )
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class PhaseSerializer(serializers.Serializer):
    indicator = indicator_id_field()
    unit = unit_code()
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class AssignmentWriteSerializer(serializers.Serializer):
    item = item_id_field()
    lead_unit = reach_unit_code()
    coordinating_units = serializers.ListField(
        child=reach_unit_code(), required=False, default=list, max_length=200
    )
    deadline = serializers.DateField(required=False, allow_null=True, default=None)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class AssignmentUpdateSerializer(PartialMixin, serializers.Serializer):
    version = serializers.IntegerField(min_value=1, max_value=MAX_INT)
    lead_unit = reach_unit_code()
    coordinating_units = serializers.ListField(child=reach_unit_code(), max_length=200)
    deadline = serializers.DateField(allow_null=True)
    note = serializers.CharField(allow_blank=True)


class AssignmentStatusSerializer(serializers.Serializer):
    status = InlineChoiceField(
        choices=[
            (AssignmentStatus.NOT_STARTED, AssignmentStatus.NOT_STARTED.label),
            (AssignmentStatus.IN_PROGRESS, AssignmentStatus.IN_PROGRESS.label),
            (AssignmentStatus.DONE, AssignmentStatus.DONE.label),
        ],
        enum_name="ReportedAssignmentStatusEnum",
    )
    note = serializers.CharField(required=False, allow_blank=True, allow_null=True, default=None)
    completed_on = serializers.DateField(required=False, allow_null=True, default=None)
