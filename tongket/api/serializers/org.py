"""Shapes of units and people in the API. Input serializers validate shape only; the
services check the rules."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from tongket.api.fields import UnitCodeField
from tongket.core.errors import NotFound
from tongket.core.history import HistoryEntry, present
from tongket.org import lines, partners, selectors
from tongket.org.choices import Gender, Line, UnitKind
from tongket.org.models import (
    Person,
    PersonRank,
    Position,
    Rank,
    RoleGrant,
    Unit,
    UnitLine,
    UnitName,
    User,
)


class PartnerUnitCodeField(serializers.CharField):
    """Any unit of the registry by its current or former code: a party of a programme, the
    assignee of a task, a participating unit of another branch. Naming it opens none of its
    data."""

    def to_internal_value(self, data: Any) -> Any:
        code = super().to_internal_value(data)
        if "\x00" in code:
            raise serializers.ValidationError(_("Null characters are not allowed."))
        try:
            return partners.partner_unit(code=code)
        except NotFound:
            raise serializers.ValidationError(
                _("No unit has the code %(code)s.") % {"code": code}
            ) from None

    def to_representation(self, value: Any) -> Any:
        return getattr(value, "code", value)


class RegistryPersonField(serializers.IntegerField):
    """Any person of the shared registry by id (a chair or guest of another branch)."""

    def to_internal_value(self, data: Any) -> Any:
        pk = super().to_internal_value(data)
        try:
            if not 1 <= pk <= 2**63 - 1:
                raise NotFound(pk)
            return partners.registry_person(code=pk)
        except NotFound:
            raise serializers.ValidationError(
                _("No person has the id %(id)s.") % {"id": pk}
            ) from None

    def to_representation(self, value: Any) -> Any:
        return getattr(value, "pk", value)


class UnitLineSerializer(serializers.ModelSerializer):
    """A unit's place in a line: its superior there, direct or not, over a date range."""

    superior = serializers.SlugRelatedField(slug_field="code", read_only=True)
    superior_name = serializers.CharField(source="superior.name", read_only=True, default=None)

    class Meta:
        model = UnitLine
        fields = ["id", "line", "superior", "superior_name", "primary", "valid_from", "valid_to"]


class UnitLineWriteSerializer(serializers.Serializer):
    line = serializers.ChoiceField(choices=Line.choices)
    superior = PartnerUnitCodeField(allow_null=True, help_text="The superior's code; null: top")
    valid_from = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="Null: since the unit exists"
    )
    primary = serializers.BooleanField(default=True, help_text="The direct superior")


class UnitLineEndSerializer(serializers.Serializer):
    link = serializers.IntegerField(min_value=1, max_value=2**63 - 1, help_text="Its id")
    valid_to = serializers.DateField()


class UnitNameSerializer(serializers.ModelSerializer):
    class Meta:
        model = UnitName
        fields = ["name", "abbreviation", "code", "valid_from", "valid_to"]


class UnitSerializer(serializers.ModelSerializer):
    """A unit, with its superiors by line today (`superiors`: line → codes, the direct
    superior first), the body it leads (`leads`, for a Party committee) and the committee that
    leads it (`led_by`)."""

    parent = serializers.SlugRelatedField(slug_field="code", read_only=True)
    linked_unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    superiors = serializers.SerializerMethodField()
    leads = serializers.SerializerMethodField()
    led_by = serializers.SerializerMethodField()

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
            "home_line",
            "superiors",
            "leads",
            "led_by",
            "version",
        ]

    def get_superiors(self, obj: Unit) -> dict[str, list[str]]:
        rows = getattr(obj, "current_lines", None)
        if rows is None:
            return {line: [u.code for u in found] for line, found in lines.superiors(obj).items()}
        found: dict[str, list[str]] = {}
        for row in sorted(rows, key=lambda r: (r.line, not r.primary)):
            if row.superior is not None:
                found.setdefault(row.line, []).append(row.superior.code)
        return found

    def get_leads(self, obj: Unit) -> str | None:
        led = obj.led_unit
        return led.code if led is not None else None

    def get_led_by(self, obj: Unit) -> str | None:
        committee = obj.leading_committee
        return committee.code if committee is not None else None


class UnitDetailSerializer(UnitSerializer):
    """A unit with its names over time and every dated place in a line (`lines`)."""

    names = UnitNameSerializer(many=True, read_only=True)
    lines = UnitLineSerializer(many=True, read_only=True, source="line_links")

    class Meta(UnitSerializer.Meta):
        fields = [*UnitSerializer.Meta.fields, "organisation_name", "header_name", "names", "lines"]


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
    home_line = serializers.ChoiceField(
        choices=Line.choices, required=False, allow_blank=True, default=""
    )
    organisation_name = serializers.CharField(
        max_length=255, required=False, allow_blank=True, default=""
    )
    header_name = serializers.CharField(
        max_length=255, required=False, allow_blank=True, default=""
    )
    superior_in_line = PartnerUnitCodeField(required=False, allow_null=True, default=None)


class UnitUpdateSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False)
    kind = serializers.ChoiceField(choices=UnitKind.choices, required=False)
    description = serializers.CharField(required=False, allow_blank=True)
    place = serializers.CharField(required=False, allow_blank=True, max_length=100)
    linked_unit = UnitCodeField(required=False, allow_null=True)
    established_on = serializers.DateField(required=False, allow_null=True)
    home_line = serializers.ChoiceField(choices=Line.choices, required=False)
    organisation_name = serializers.CharField(required=False, allow_blank=True, max_length=255)
    header_name = serializers.CharField(required=False, allow_blank=True, max_length=255)


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


class PersonCreateSerializer(PersonWriteSerializer):
    confirm_namesake = serializers.BooleanField(
        required=False,
        default=False,
        help_text=(
            "True: register a new person even though the registry holds people of the same "
            "name (a namesake; the same rule as the registration page). Without it such a "
            "request answers 409 (code duplicates) listing them in `matches`."
        ),
    )
    confirm_new = serializers.BooleanField(
        required=False, default=False, help_text="The former name of `confirm_namesake`."
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs["confirm_new"] = bool(attrs.pop("confirm_namesake", False) or attrs["confirm_new"])
        return attrs


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
    unit = PartnerUnitCodeField(
        help_text="Code of any unit, also of another branch (a guest's post)."
    )
    valid_from = serializers.DateField()
    valid_to = serializers.DateField(required=False, allow_null=True, default=None)
    order = serializers.IntegerField(required=False, default=0, min_value=0)


class PersonMergeSerializer(serializers.Serializer):
    drop = RegistryPersonField(help_text="Id of the duplicate record merged into this one.")


class ChangeSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="The key as stored in `before` and `after`.")
    label = serializers.CharField(help_text="The field's name in words.")
    old = serializers.CharField(allow_null=True, help_text="The old value in words.")
    new = serializers.CharField(allow_null=True, help_text="The new value in words.")


class ChangeLogListSerializer(serializers.ListSerializer):
    """Presents the whole page of rows at once (`core.history.present`), so that the names
    of the objects the rows point at are read in one query per model."""

    def to_representation(self, data: Any) -> list[Any]:
        request = self.context.get("request")
        rows = [row.row if isinstance(row, HistoryEntry) else row for row in data]
        entries = present(rows, user=getattr(request, "user", None))
        return [self.child.to_representation(entry) for entry in entries]  # type: ignore[union-attr]


class ChangeLogSerializer(serializers.Serializer):
    """A change-log row: as stored (`action`, `before`, `after`) and in words (`label`,
    `detail`, `changes`)."""

    time = serializers.DateTimeField()
    username = serializers.CharField()
    action = serializers.CharField()
    label = serializers.CharField(help_text="The action in words.")
    object_repr = serializers.CharField()
    before = serializers.JSONField()
    after = serializers.JSONField()
    detail = serializers.CharField(help_text="A summary of the values, for some actions.")
    changes = ChangeSerializer(many=True, help_text="The fields that changed, in words.")
    note = serializers.CharField()

    class Meta:
        list_serializer_class = ChangeLogListSerializer

    def to_representation(self, instance: Any) -> Any:
        if not isinstance(instance, HistoryEntry):
            request = self.context.get("request")
            instance = present([instance], user=getattr(request, "user", None))[0]
        return super().to_representation(instance)


class ScopedPersonField(serializers.IntegerField):
    """A person of the caller's scope by id; one outside it reads as unknown."""

    def to_internal_value(self, data: Any) -> Any:
        pk = super().to_internal_value(data)
        try:
            if not 1 <= pk <= 2**63 - 1:
                raise NotFound(pk)
            return selectors.person_get(user=self.context["request"].user, pk=pk)
        except NotFound:
            raise serializers.ValidationError(
                _("No person has the id %(id)s.") % {"id": pk}
            ) from None

    def to_representation(self, value: Any) -> Any:
        return getattr(value, "pk", value)


class RoleGrantSerializer(serializers.ModelSerializer):
    """A role held on a unit (and its subtree; with `line`, its subordinates in that line;
    with `reaches_led`, the body a Party committee leads)."""

    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = RoleGrant
        fields = ["id", "role", "unit", "unit_name", "line", "reaches_led"]


class UserSerializer(serializers.ModelSerializer):
    """A login with the registry person it belongs to and its role grants: `full_name` (the
    person's name, else the login's own), `roles` (every role it holds, once each) and
    `grants` (each role on its unit, with the line the grant reaches along)."""

    full_name = serializers.SerializerMethodField()
    roles = serializers.SerializerMethodField()
    person = serializers.PrimaryKeyRelatedField(read_only=True)
    person_name = serializers.CharField(source="person.full_name", read_only=True, default=None)
    grants = RoleGrantSerializer(many=True, read_only=True)

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "full_name",
            "first_name",
            "last_name",
            "email",
            "is_active",
            "clearance",
            "roles",
            "person",
            "person_name",
            "grants",
            "version",
        ]

    def get_full_name(self, obj: User) -> str:
        return obj.display_name()

    def get_roles(self, obj: User) -> list[str]:
        return sorted({grant.role for grant in obj.grants.all()})


class UserPersonSerializer(serializers.Serializer):
    person = ScopedPersonField(
        allow_null=True,
        help_text="Id of the person (in your scope) this login belongs to; null unlinks.",
    )
    version = serializers.IntegerField(help_text="The user's version as read.")
