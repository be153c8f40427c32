"""What the API takes in for resolutions, their structure, indicators, targets and assignments:
shape only; the services check the rules."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from tongket.api.fields import NumberField
from tongket.api.serializers.org import PartnerUnitCodeField
from tongket.api.serializers.resolutions.fields import (
    MAX_INT,
    YEAR,
    FieldCodeField,
    InlineChoiceField,
    PartialMixin,
    ResolutionRefField,
    decimal_field,
    indicator_id_field,
    item_id_field,
    reach_unit_code,
    resolution_id_field,
    unit_code,
)
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

# --- Writing ------------------------------------------------------------------------------


class ResolutionWriteSerializer(serializers.Serializer):
    kind = InlineChoiceField(choices=ResolutionKind.choices)
    symbol = serializers.CharField(
        max_length=128,
        required=False,
        allow_blank=True,
        default="",
        help_text="382-NQ/ĐUQSTW, 15/KH-UBND…; empty for a draft or a document mentioned "
        "whose number is not known yet (status draft or mentioned)",
    )
    style = InlineChoiceField(
        choices=SymbolStyle.choices,
        required=False,
        allow_null=True,
        default=None,
        help_text="Without a symbol: how its blank number line is written (default: the "
        "issuing body's line)",
    )
    issuing_unit = reach_unit_code(help_text="Code of the issuing body (old codes resolve)")
    owner_unit = unit_code(
        required=False,
        allow_null=True,
        default=None,
        help_text="The unit keeping the record (default: the unit of your tracking role)",
    )
    subject = serializers.CharField()
    issued_on = serializers.DateField(required=False, allow_null=True, default=None)
    horizon_from = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="null: not yet determined", **YEAR
    )
    horizon_to = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="null: not yet determined", **YEAR
    )
    and_following_years = serializers.BooleanField(default=False)
    field = FieldCodeField(required=False, allow_null=True, default=None)
    status = InlineChoiceField(choices=ResolutionStatus.choices, default=ResolutionStatus.IN_FORCE)
    classification = InlineChoiceField(choices=Classification.choices, default=Classification.NONE)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    on_track_from = NumberField(max_digits=6, decimal_places=2, default=90)
    at_risk_from = NumberField(max_digits=6, decimal_places=2, default=70)
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
    horizon_from = serializers.IntegerField(allow_null=True, **YEAR)
    horizon_to = serializers.IntegerField(allow_null=True, **YEAR)
    and_following_years = serializers.BooleanField()
    field = FieldCodeField(allow_null=True)
    classification = InlineChoiceField(choices=Classification.choices)
    description = serializers.CharField(allow_blank=True)
    on_track_from = NumberField(max_digits=6, decimal_places=2)
    at_risk_from = NumberField(max_digits=6, decimal_places=2)
    approved_only = serializers.BooleanField()
    confirm_issuer = serializers.BooleanField()


class IssueSerializer(serializers.Serializer):
    symbol = serializers.CharField(max_length=128, help_text="The number and symbol it got")
    issued_on = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Required for a draft; a document mentioned may stay undated",
    )
    version = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1, max_value=MAX_INT
    )
    confirm_issuer = serializers.BooleanField(default=False)


class StatusSerializer(serializers.Serializer):
    status = InlineChoiceField(choices=ResolutionStatus.choices)
    since = serializers.DateField(required=False, allow_null=True, default=None)


class RelationWriteSerializer(serializers.Serializer):
    kind = InlineChoiceField(choices=RelationKind.choices)
    target = ResolutionRefField(help_text="The other resolution: its id or number and symbol")
    valid_from = serializers.DateField(required=False, allow_null=True, default=None)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


class PartyWriteSerializer(serializers.Serializer):
    unit = PartnerUnitCodeField(help_text="The party's code (any unit, also of another branch)")
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
