"""The building blocks of the API's serializers, shared by every resource: enum components named
after their choice set, scoped id and code fields (an object the caller cannot see reads as
unknown), decimals as the models keep them, partial updates."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from tongket.api.fields import NumberField, UnitCodeField
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
from tongket.resolutions.models import Field

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
    """A value as the models keep it: 20 digits, 4 of them decimals, read by core.numbers."""
    return NumberField(max_digits=20, decimal_places=4, **kwargs)


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
    """Every field optional and without a default: only what is sent is changed. Except the
    `version` of the record as it was read: always required, so that two updates never
    overwrite each other unseen (a stale one answers 409 with the current version)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():  # type: ignore[attr-defined]
            if name == "version" and not field.read_only:
                field.required = True
                continue
            field.required = False
            field.default = serializers.empty
