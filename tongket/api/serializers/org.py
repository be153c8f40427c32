"""Shapes of units and people in the API. Input serializers validate shape only; the
services check the rules."""

from __future__ import annotations

from rest_framework import serializers

from tongket.api.fields import UnitCodeField
from tongket.org.choices import Gender, UnitKind
from tongket.org.models import Person, PersonRank, Position, Rank, Unit, UnitName


class UnitNameSerializer(serializers.ModelSerializer):
    class Meta:
        model = UnitName
        fields = ["name", "abbreviation", "code", "valid_from", "valid_to"]


class UnitSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True)
    linked_unit = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Unit
        fields = [
            "id",
            "code",
            "name",
            "abbreviation",
            "kind",
            "parent",
            "parent_id",
            "depth",
            "linked_unit",
            "established_on",
            "dissolved_on",
            "description",
            "place",
            "version",
        ]


class UnitDetailSerializer(UnitSerializer):
    names = UnitNameSerializer(many=True, read_only=True)

    class Meta(UnitSerializer.Meta):
        fields = [*UnitSerializer.Meta.fields, "names"]


class UnitCreateSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=32)
    name = serializers.CharField(max_length=255)
    abbreviation = serializers.CharField(
        max_length=64, required=False, allow_blank=True, default=""
    )
    kind = serializers.ChoiceField(choices=UnitKind.choices, default=UnitKind.COMMAND)
    parent = UnitCodeField(required=False, allow_null=True, default=None)
    established_on = serializers.DateField(required=False, allow_null=True, default=None)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    linked_unit = UnitCodeField(required=False, allow_null=True, default=None)


class UnitUpdateSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False)
    kind = serializers.ChoiceField(choices=UnitKind.choices, required=False)
    description = serializers.CharField(required=False, allow_blank=True)
    place = serializers.CharField(required=False, allow_blank=True, max_length=100)
    linked_unit = UnitCodeField(required=False, allow_null=True)
    established_on = serializers.DateField(required=False, allow_null=True)


class RestructureBase(serializers.Serializer):
    effective_date = serializers.DateField()
    decision = serializers.CharField(required=False, allow_blank=True, default="", max_length=255)


class RenameSerializer(RestructureBase):
    name = serializers.CharField(max_length=255)
    abbreviation = serializers.CharField(
        max_length=64, required=False, allow_blank=True, allow_null=True, default=None
    )
    code = serializers.CharField(max_length=32, required=False, allow_blank=True, default="")


class MoveSerializer(RestructureBase):
    new_parent = UnitCodeField()


class MergeSerializer(RestructureBase):
    sources = serializers.ListField(child=UnitCodeField(), min_length=1)
    target = UnitCodeField(required=False, allow_null=True, default=None)
    new_code = serializers.CharField(max_length=32, required=False, allow_blank=True, default="")
    new_name = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    new_abbreviation = serializers.CharField(
        max_length=64, required=False, allow_blank=True, default=""
    )


class SplitPartSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=32)
    name = serializers.CharField(max_length=255)
    abbreviation = serializers.CharField(
        max_length=64, required=False, allow_blank=True, default=""
    )
    kind = serializers.ChoiceField(choices=UnitKind.choices, required=False)


class SplitSerializer(RestructureBase):
    parts = SplitPartSerializer(many=True)
    children_to = serializers.DictField(
        child=serializers.IntegerField(min_value=0),
        required=False,
        default=dict,
        help_text="child unit code → index of the resulting unit",
    )


class DissolveSerializer(RestructureBase):
    pass


class RankSerializer(serializers.ModelSerializer):
    class Meta:
        model = Rank
        fields = ["code", "name", "navy_name", "category", "order"]


class PersonRankSerializer(serializers.ModelSerializer):
    rank = serializers.SlugRelatedField(slug_field="code", read_only=True)
    rank_name = serializers.CharField(source="rank.name", read_only=True)

    class Meta:
        model = PersonRank
        fields = ["rank", "rank_name", "valid_from", "valid_to", "decision"]


class PositionSerializer(serializers.ModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Position
        fields = ["id", "title", "unit", "valid_from", "valid_to", "order"]


class PersonSerializer(serializers.ModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Person
        fields = [
            "id",
            "full_name",
            "gender",
            "birth_year",
            "is_military",
            "unit",
            "email",
            "phone",
            "note",
            "version",
        ]


class PersonDetailSerializer(PersonSerializer):
    ranks = PersonRankSerializer(many=True, read_only=True)
    positions = PositionSerializer(many=True, read_only=True)

    class Meta(PersonSerializer.Meta):
        fields = [*PersonSerializer.Meta.fields, "ranks", "positions"]


class PersonWriteSerializer(serializers.Serializer):
    full_name = serializers.CharField(max_length=200)
    unit = UnitCodeField()
    gender = serializers.ChoiceField(
        choices=Gender.choices, required=False, allow_blank=True, default=""
    )
    birth_year = serializers.IntegerField(required=False, allow_null=True, default=None)
    is_military = serializers.BooleanField(required=False, default=True)
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=32, required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class PersonUpdateSerializer(PersonWriteSerializer):
    version = serializers.IntegerField(required=False)

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False
            if hasattr(field, "default"):
                field.default = serializers.empty


class RankAddSerializer(serializers.Serializer):
    rank = serializers.SlugRelatedField(slug_field="code", queryset=Rank.objects.all())
    valid_from = serializers.DateField()
    decision = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")


class PositionAddSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=255)
    unit = UnitCodeField()
    valid_from = serializers.DateField()
    valid_to = serializers.DateField(required=False, allow_null=True, default=None)
    order = serializers.IntegerField(required=False, default=0, min_value=0)


class ChangeLogSerializer(serializers.Serializer):
    time = serializers.DateTimeField()
    username = serializers.CharField()
    action = serializers.CharField()
    object_repr = serializers.CharField()
    before = serializers.JSONField()
    after = serializers.JSONField()
    note = serializers.CharField()
