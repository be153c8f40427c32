"""Serializers of the analysis: favourites (visualizations), the pivot's data, unit groups."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from tongket.analysis.choices import ChartType, Importance, ItemKind, ItemWidth, Operator
from tongket.analysis.models import (
    Dashboard,
    DashboardItem,
    GroupRule,
    UnitGroup,
    UnitGroupMember,
    UnitGroupSet,
    ValidationRule,
    Visualization,
)
from tongket.api.fields import NumberField, UnitCodeField
from tongket.org.choices import Role


class VisualizationSerializer(serializers.ModelSerializer):
    owner = serializers.CharField(source="owner.username", read_only=True)
    unit = serializers.CharField(source="unit.code", read_only=True, default=None)

    class Meta:
        model = Visualization
        fields = [
            "id",
            "name",
            "description",
            "chart_type",
            "spec",
            "owner",
            "unit",
            "shared",
            "created_at",
            "updated_at",
            "version",
        ]


class VisualizationWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    spec = serializers.JSONField(
        help_text="indicators (ids), units (ids), unit_level (self|children), groups (ids), "
        "periods (codes), relative (this_year, last_4_half_years, horizon…), rows, columns, "
        "filters (indicator|unit|period), chart, basis, tree, totals"
    )
    shared = serializers.BooleanField(required=False, default=False)
    unit = UnitCodeField(required=False, allow_null=True, default=None)


class VisualizationUpdateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200, required=False)
    description = serializers.CharField(required=False, allow_blank=True)
    spec = serializers.JSONField(required=False)
    shared = serializers.BooleanField(required=False)
    unit = UnitCodeField(required=False, allow_null=True)
    version = serializers.IntegerField(required=False)


class PivotSpecSerializer(serializers.Serializer):
    """The pivot asked in the query string (lists as repeated keys or comma-separated)."""

    indicators = serializers.CharField(help_text="indicator ids, comma-separated")
    units = serializers.CharField(required=False, help_text="unit ids, comma-separated")
    unit_level = serializers.CharField(required=False)
    groups = serializers.CharField(required=False)
    periods = serializers.CharField(required=False, help_text="period codes, comma-separated")
    relative = serializers.CharField(required=False)
    rows = serializers.CharField(required=False)
    columns = serializers.CharField(required=False)
    filters = serializers.CharField(required=False)
    chart = serializers.ChoiceField(choices=ChartType.choices, required=False)
    basis = serializers.CharField(required=False)
    tree = serializers.CharField(required=False)
    totals = serializers.BooleanField(required=False, default=True)


class CellSerializer(serializers.Serializer):
    value = serializers.FloatField(allow_null=True)
    text = serializers.CharField()
    formula = serializers.CharField()
    status = serializers.CharField()
    decimals = serializers.IntegerField()


class HeaderSerializer(serializers.Serializer):
    label = serializers.CharField()
    short = serializers.CharField()
    keys = serializers.DictField(child=serializers.IntegerField())


class PivotSerializer(serializers.Serializer):
    """A pivot's answer: headers, cells (rows × columns) with formula, totals, the spec."""

    title = serializers.CharField()
    chart = serializers.CharField()
    layout = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))
    dimensions = serializers.DictField(
        child=serializers.CharField(), help_text="each dimension's name in your language"
    )
    filters = serializers.ListField(child=serializers.DictField())
    rows = HeaderSerializer(many=True)
    columns = HeaderSerializer(many=True)
    cells = serializers.ListField(child=CellSerializer(many=True))
    row_totals = serializers.ListField(child=CellSerializer(allow_null=True))
    column_totals = serializers.ListField(child=CellSerializer(allow_null=True))
    spec = serializers.DictField()


class UnitGroupSetSerializer(serializers.ModelSerializer):
    owner_unit = serializers.CharField(source="owner_unit.code", read_only=True)

    class Meta:
        model = UnitGroupSet
        fields = ["id", "code", "name", "description", "owner_unit"]


class UnitGroupSetWriteSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=32)
    name = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    owner_unit = UnitCodeField()


class UnitGroupMemberSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit.code", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = UnitGroupMember
        fields = ["id", "unit", "unit_name", "valid_from", "valid_to"]


class UnitGroupSerializer(serializers.ModelSerializer):
    owner_unit = serializers.CharField(source="owner_unit.code", read_only=True)
    group_set = serializers.CharField(source="group_set.code", read_only=True, default=None)

    class Meta:
        model = UnitGroup
        fields = ["id", "code", "name", "description", "group_set", "owner_unit", "version"]


class GroupRuleSerializer(serializers.ModelSerializer):
    """A standing rule of a group in force: what it gives each unit, within which scope (the
    codes of the units at the roots of its author's scope then; empty when `everywhere`),
    who set it and how many units it was applied to."""

    form = serializers.CharField(source="form.code", read_only=True, default=None)
    indicator = serializers.IntegerField(source="indicator_id", read_only=True)
    within = serializers.SerializerMethodField()
    set_by = serializers.CharField(source="created_by.username", read_only=True, default=None)
    units_given = serializers.IntegerField(source="given", read_only=True, default=0)

    class Meta:
        model = GroupRule
        fields = [
            "id",
            "kind",
            "form",
            "valid_from",
            "valid_to",
            "indicator",
            "year",
            "value",
            "numerator",
            "denominator",
            "everywhere",
            "within",
            "set_by",
            "created_at",
            "units_given",
        ]

    def get_within(self, rule: GroupRule) -> list[str]:
        return [unit.code for unit in rule.scope_roots.all()]


class UnitGroupDetailSerializer(UnitGroupSerializer):
    members = serializers.SerializerMethodField()
    rules = serializers.SerializerMethodField()

    class Meta(UnitGroupSerializer.Meta):
        fields = [*UnitGroupSerializer.Meta.fields, "members", "rules"]

    def get_members(self, group: UnitGroup) -> list[dict[str, Any]]:
        return UnitGroupMemberSerializer(self.context.get("members", []), many=True).data

    @extend_schema_field(GroupRuleSerializer(many=True))
    def get_rules(self, group: UnitGroup) -> list[dict[str, Any]]:
        """The group's standing rules in force that give what you may read."""
        return GroupRuleSerializer(self.context.get("rules", []), many=True).data


class UnitGroupWriteSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=32)
    name = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    owner_unit = UnitCodeField()
    group_set = serializers.IntegerField(required=False, allow_null=True, default=None)
    units = serializers.ListField(child=UnitCodeField(), required=False, default=list)
    valid_from = serializers.DateField(required=False, allow_null=True, default=None)


class UnitGroupUpdateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200, required=False)
    description = serializers.CharField(required=False, allow_blank=True)
    version = serializers.IntegerField(required=False)


class UnitGroupMemberWriteSerializer(serializers.Serializer):
    unit = UnitCodeField()
    valid_from = serializers.DateField(required=False, allow_null=True, default=None)
    valid_to = serializers.DateField(required=False, allow_null=True, default=None)


class GroupFormAssignSerializer(serializers.Serializer):
    form = serializers.CharField(help_text="the report form's code (one you keep)")
    valid_from = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="the group's members of this day (today when empty) are asked from then",
    )
    valid_to = serializers.DateField(required=False, allow_null=True, default=None)


class GroupTargetSerializer(serializers.Serializer):
    indicator = serializers.IntegerField(help_text="the indicator's id")
    year = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text="the year; empty: the whole horizon of the resolution",
    )
    value = NumberField(max_digits=20, decimal_places=4, required=False, allow_null=True)
    numerator = NumberField(max_digits=20, decimal_places=4, required=False, allow_null=True)
    denominator = NumberField(max_digits=20, decimal_places=4, required=False, allow_null=True)
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class GroupDutySerializer(serializers.Serializer):
    """The units a form or a target went to now (the group's members in your scope), and the
    standing rule made: units of your scope that join the group later get the same."""

    units = serializers.ListField(child=serializers.CharField(), help_text="their codes")
    rule = serializers.IntegerField(help_text="the standing rule's id (end it with end-rule/)")


class GroupRuleEndSerializer(serializers.Serializer):
    rule = serializers.IntegerField(help_text="the id of a standing rule of the group")


class ValidationRuleSerializer(serializers.ModelSerializer):
    form = serializers.CharField(source="form.code", read_only=True)

    class Meta:
        model = ValidationRule
        fields = [
            "id",
            "form",
            "code",
            "name",
            "left",
            "operator",
            "right",
            "importance",
            "message",
            "is_active",
            "version",
        ]


class ValidationRuleWriteSerializer(serializers.Serializer):
    form = serializers.CharField(help_text="the report form's code")
    code = serializers.CharField(max_length=32)
    name = serializers.CharField(max_length=200)
    left = serializers.CharField(max_length=500)
    operator = serializers.ChoiceField(choices=Operator.choices)
    right = serializers.CharField(max_length=500)
    importance = serializers.ChoiceField(choices=Importance.choices, default=Importance.MEDIUM)
    message = serializers.CharField(max_length=500)
    is_active = serializers.BooleanField(required=False, default=True)


class ValidationRuleUpdateSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=32, required=False)
    name = serializers.CharField(max_length=200, required=False)
    left = serializers.CharField(max_length=500, required=False)
    operator = serializers.ChoiceField(choices=Operator.choices, required=False)
    right = serializers.CharField(max_length=500, required=False)
    importance = serializers.ChoiceField(choices=Importance.choices, required=False)
    message = serializers.CharField(max_length=500, required=False)
    is_active = serializers.BooleanField(required=False)
    version = serializers.IntegerField(required=False)


class ValidationRunSerializer(serializers.Serializer):
    form = serializers.CharField(help_text="the report form's code")
    unit = UnitCodeField(help_text="the unit whose subtree is checked")
    periods = serializers.ListField(child=serializers.CharField(), min_length=1, max_length=40)


class ViolationSerializer(serializers.Serializer):
    rule = serializers.CharField(source="rule.code")
    importance = serializers.CharField(source="rule.importance")
    blocks = serializers.BooleanField()
    report = serializers.IntegerField(source="report.pk")
    unit = serializers.CharField(source="report.unit.code")
    period = serializers.CharField(source="report.period.code")
    left = serializers.DecimalField(max_digits=32, decimal_places=6)
    right = serializers.DecimalField(max_digits=32, decimal_places=6)
    message = serializers.CharField(source="text")


class ValidationResultSerializer(serializers.Serializer):
    reports = serializers.IntegerField()
    truncated = serializers.BooleanField()
    rules = serializers.SerializerMethodField()
    violations = ViolationSerializer(many=True)

    def get_rules(self, result: dict[str, Any]) -> list[str]:
        return [rule.code for rule in result["rules"]]


class DashboardItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = DashboardItem
        fields = ["id", "kind", "visualization", "text", "width", "position"]


class DashboardSerializer(serializers.ModelSerializer):
    owner = serializers.CharField(source="owner.username", read_only=True)
    unit = serializers.CharField(source="unit.code", read_only=True, default=None)
    default_for = serializers.SerializerMethodField(
        help_text=(
            "The roles whose users of `unit` (and the units below without a default of "
            "their own) open on this dashboard; an empty string stands for everyone at the "
            "unit. Set with POST .../default/."
        )
    )

    class Meta:
        model = Dashboard
        fields = [
            "id",
            "name",
            "owner",
            "unit",
            "shared",
            "default_for",
            "created_at",
            "updated_at",
            "version",
        ]

    def get_default_for(self, dashboard: Dashboard) -> list[str]:
        # Prefetched by selectors.dashboard_list.
        return sorted(
            default.role
            for default in dashboard.defaults.all()
            if dashboard.shared and default.unit_id == dashboard.unit_id
        )


class DashboardDetailSerializer(DashboardSerializer):
    items = serializers.SerializerMethodField()

    class Meta(DashboardSerializer.Meta):
        fields = [*DashboardSerializer.Meta.fields, "items"]

    def get_items(self, dashboard: Dashboard) -> list[dict[str, Any]]:
        return DashboardItemSerializer(self.context.get("items", []), many=True).data


class DashboardWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    shared = serializers.BooleanField(required=False, default=False)
    unit = UnitCodeField(required=False, allow_null=True, default=None)


class DashboardUpdateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200, required=False)
    shared = serializers.BooleanField(required=False)
    unit = UnitCodeField(required=False, allow_null=True)
    version = serializers.IntegerField(required=False)


class DashboardItemWriteSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ItemKind.choices)
    visualization = serializers.IntegerField(required=False, allow_null=True, default=None)
    text = serializers.CharField(required=False, allow_blank=True, default="")
    width = serializers.ChoiceField(choices=ItemWidth.choices, default=ItemWidth.HALF)


class DashboardOrderSerializer(serializers.Serializer):
    order = serializers.ListField(child=serializers.IntegerField(), max_length=100)


class DashboardDefaultSerializer(serializers.Serializer):
    role = serializers.ChoiceField(
        choices=[("", "everyone"), *Role.choices],
        required=False,
        allow_blank=True,
        default="",
        help_text="The role whose users of the dashboard's unit open on it; empty: everyone.",
    )
    clear = serializers.BooleanField(
        required=False, default=False, help_text="Stop it being that role's default."
    )


class DashboardHomeSerializer(serializers.Serializer):
    """The dashboard your home page shows: your own choice while you may still see it, else
    the default of your role (or everyone) at the nearest unit up; null when neither."""

    dashboard = serializers.SerializerMethodField(
        help_text="The dashboard with its items, or null (the home page shows the overview)."
    )
    chosen = serializers.SerializerMethodField(
        help_text="True when it is your own choice (PUT), false when it is a default."
    )
    default_unit = serializers.CharField(
        source="default.unit.code",
        default=None,
        read_only=True,
        help_text="The unit whose default it is (null for your own choice).",
    )
    default_role = serializers.CharField(
        source="default.role",
        default=None,
        read_only=True,
        help_text="The role it is the default for; empty: everyone at the unit.",
    )

    def get_dashboard(self, home: Any) -> dict[str, Any] | None:
        if home.dashboard is None:
            return None
        return DashboardDetailSerializer(home.dashboard, context=self.context).data

    def get_chosen(self, home: Any) -> bool:
        return home.dashboard is not None and home.default is None


class DashboardHomeQuerySerializer(serializers.Serializer):
    unit = UnitCodeField(
        required=False,
        help_text="The unit whose view you are in (the page's unit switcher): its default is "
        "looked at first. Default: your grants' units.",
    )


class DashboardHomeWriteSerializer(serializers.Serializer):
    dashboard = serializers.IntegerField(
        allow_null=True,
        help_text="A dashboard you can see, for your home page; null: back to your default.",
    )


class DashboardItemRemoveSerializer(serializers.Serializer):
    item = serializers.IntegerField()
