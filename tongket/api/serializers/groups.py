"""Shapes of named bodies (Ban Chỉ đạo, Tổ Biên tập…) and their members in the API."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from tongket.api.serializers.org import PartnerUnitCodeField, RegistryPersonField
from tongket.api.serializers.resolutions import (
    ENUM_NAMES,
    InlineChoiceField,
    ModelSerializer,
    PartialMixin,
    unit_code,
)
from tongket.org.choices import GroupKind, GroupRole
from tongket.org.models import BodyGroup, BodyGroupMember

ENUM_NAMES.update(
    {frozenset(choices.values): f"{choices.__name__}Enum" for choices in (GroupKind, GroupRole)}
)


class BodyGroupMemberSerializer(ModelSerializer):
    person_name = serializers.CharField(source="person.full_name", read_only=True, default=None)
    position_unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    holder = serializers.SerializerMethodField(
        help_text="Id of the person named, or of whoever holds the seat on the day (null: vacant)"
    )
    holder_name = serializers.SerializerMethodField()

    class Meta:
        model = BodyGroupMember
        fields = [
            "id",
            "person",
            "person_name",
            "position_unit",
            "position_title",
            "role",
            "title",
            "holder",
            "holder_name",
        ]

    def get_holder(self, obj: BodyGroupMember) -> int | None:
        holder = getattr(obj, "holder", None) or obj.person
        return holder.pk if holder else None

    def get_holder_name(self, obj: BodyGroupMember) -> str | None:
        holder = getattr(obj, "holder", None) or obj.person
        return holder.full_name if holder else None


class BodyGroupSerializer(ModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    member_count = serializers.IntegerField(read_only=True, default=0)

    class Meta:
        model = BodyGroup
        fields = [
            "id",
            "kind",
            "name",
            "unit",
            "unit_name",
            "decision",
            "established_on",
            "dissolved_on",
            "note",
            "member_count",
            "version",
        ]


class BodyGroupDetailSerializer(BodyGroupSerializer):
    members = serializers.SerializerMethodField()

    class Meta(BodyGroupSerializer.Meta):
        fields = [*BodyGroupSerializer.Meta.fields, "members"]

    def get_members(self, obj: BodyGroup) -> Any:
        members = self.context.get("members")
        if members is None:
            members = list(obj.members.select_related("person", "position_unit"))
        return BodyGroupMemberSerializer(members, many=True).data


class BodyGroupQuerySerializer(serializers.Serializer):
    unit = unit_code(required=False, help_text="Bodies set up by this unit or below it (code)")
    kind = InlineChoiceField(choices=GroupKind.choices, required=False)
    search = serializers.CharField(required=False, help_text="Words of the name")


class BodyGroupWriteSerializer(serializers.Serializer):
    unit = unit_code(help_text="The unit that sets the body up (its code)")
    kind = InlineChoiceField(choices=GroupKind.choices)
    name = serializers.CharField(max_length=255)
    decision = serializers.CharField(max_length=255, required=False, allow_blank=True)
    established_on = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True)


class BodyGroupUpdateSerializer(PartialMixin, serializers.Serializer):
    kind = InlineChoiceField(choices=GroupKind.choices)
    name = serializers.CharField(max_length=255)
    decision = serializers.CharField(max_length=255, allow_blank=True)
    established_on = serializers.DateField(allow_null=True)
    dissolved_on = serializers.DateField(allow_null=True, help_text="The body ended its work")
    note = serializers.CharField(allow_blank=True)
    version = serializers.IntegerField(min_value=1, max_value=2**31 - 1)


class BodyGroupMemberWriteSerializer(serializers.Serializer):
    person = RegistryPersonField(
        required=False, allow_null=True, help_text="A person of any branch (id)"
    )
    position_unit = PartnerUnitCodeField(
        required=False, allow_null=True, help_text="Or a seat: the unit of the position (code)"
    )
    position_title = serializers.CharField(
        max_length=255, required=False, allow_blank=True, help_text="…and its title"
    )
    role = InlineChoiceField(choices=GroupRole.choices, required=False)
    title = serializers.CharField(max_length=200, required=False, allow_blank=True)


class BodyGroupMemberRemoveSerializer(serializers.Serializer):
    member = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
