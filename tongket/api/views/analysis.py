"""The analysis over REST: favourites (pivot tables and charts), the pivot's data for many
indicators × units × periods in one call, unit groups and group sets.

Reads go through the scoped selectors (outside the caller's subtrees: 404), writes through
the services of `tongket.analysis`."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from tongket.analysis import exports, selectors, services
from tongket.analysis.models import (
    UnitGroup,
    UnitGroupMember,
    UnitGroupSet,
    ValidationRule,
    Visualization,
)
from tongket.analysis.pivot import pivot_table
from tongket.analysis.spec import clean_spec
from tongket.analysis.validation import validation_run
from tongket.api.serializers.analysis import (
    GroupDutySerializer,
    GroupFormAssignSerializer,
    GroupRuleEndSerializer,
    GroupTargetSerializer,
    PivotSerializer,
    PivotSpecSerializer,
    UnitGroupDetailSerializer,
    UnitGroupMemberWriteSerializer,
    UnitGroupSerializer,
    UnitGroupSetSerializer,
    UnitGroupSetWriteSerializer,
    UnitGroupUpdateSerializer,
    UnitGroupWriteSerializer,
    ValidationResultSerializer,
    ValidationRuleSerializer,
    ValidationRuleUpdateSerializer,
    ValidationRuleWriteSerializer,
    ValidationRunSerializer,
    VisualizationSerializer,
    VisualizationUpdateSerializer,
    VisualizationWriteSerializer,
)
from tongket.api.views.org import _valid
from tongket.api.views.resolutions import _fake
from tongket.core.errors import DomainError, NotFound
from tongket.core.read_cache import cached_data
from tongket.reporting import selectors as reporting_selectors
from tongket.resolutions import selectors as resolution_selectors

EXPORT = OpenApiParameter(
    "export", str, enum=["xlsx", "csv"], required=False, description="a file instead of JSON"
)


def _pivot_response(request: Request, data: dict[str, Any], name: str = "") -> Any:
    """The pivot as JSON (the shape `PivotSerializer` documents: `Table.as_json` writes it
    in plain JSON types, 1,000 cells without a serializer's cost per field), or exported."""
    export = request.query_params.get("export")
    if export not in ("xlsx", "csv") and request.method == "GET":
        # The table's JSON: a cached read while nothing changed, shared by the users of the
        # same scope and clearance (a favourite's own access is checked before this).
        return Response(
            cached_data(
                request,
                lambda: pivot_table(
                    user=request.user, spec=clean_spec(user=request.user, data=data)
                ).as_json(),
                shared=True,
            )
        )
    table = pivot_table(user=request.user, spec=clean_spec(user=request.user, data=data))
    filename = (name or table.title)[:80].replace("/", "-").replace('"', "")
    if export == "xlsx":
        response = HttpResponse(
            exports.xlsx(table, title=name),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
        return response
    if export == "csv":
        response = HttpResponse(exports.csv_text(table), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        return response
    return Response(table.as_json())


def _spec_of_query(request: Request) -> dict[str, Any]:
    query = request.query_params
    data: dict[str, Any] = {}
    for key in ("indicators", "units", "groups", "periods", "relative", "rows", "columns"):
        values = query.getlist(key)
        if values:
            data[key] = values
    if query.getlist("filters"):
        data["filters"] = query.getlist("filters")
    for key in ("unit_level", "chart", "basis", "tree", "totals"):
        if query.get(key) not in (None, ""):
            data[key] = query.get(key)
    return data


@extend_schema(tags=["analysis"])
class VisualizationViewSet(viewsets.GenericViewSet):
    """Favourites: pivot tables and charts saved by you, or shared with a unit your grants
    cover. Figures are never stored: `data` reads them fresh from the roll-ups in your scope."""

    serializer_class = VisualizationSerializer
    queryset = Visualization.objects.none()

    def get_queryset(self) -> Any:
        if _fake(self):
            return Visualization.objects.none()
        return selectors.visualization_list(
            user=self.request.user, search=self.request.query_params.get("search")
        )

    def _object(self) -> Visualization:
        return selectors.visualization_get(user=self.request.user, pk=self.kwargs["pk"])

    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(VisualizationSerializer(page, many=True).data)

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(VisualizationSerializer(self._object()).data)

    @extend_schema(request=VisualizationWriteSerializer, responses={201: VisualizationSerializer})
    def create(self, request: Request) -> Response:
        """Save a favourite. `spec` is checked against your scope; `shared` with `unit`
        (a unit code your grants cover) offers it to that unit's users."""
        data = _valid(VisualizationWriteSerializer, request)
        if not isinstance(data["spec"], dict):
            raise DomainError(_("The specification must be an object."), field="spec")
        visualization = services.visualization_create(by=request.user, **data)
        return Response(VisualizationSerializer(visualization).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=VisualizationUpdateSerializer, responses=VisualizationSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        """Change a favourite (its owner); `version` as read refuses a stale change."""
        visualization = services.visualization_update(
            by=request.user,
            visualization=self._object(),
            **_valid(VisualizationUpdateSerializer, request),
        )
        return Response(VisualizationSerializer(visualization).data)

    def destroy(self, request: Request, pk: str) -> Response:
        services.visualization_delete(by=request.user, visualization=self._object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        operation_id="v1_visualizations_figures_retrieve",
        parameters=[EXPORT],
        responses=PivotSerializer,
    )
    @action(detail=True, methods=["get"], url_path="data")
    def figures(self, request: Request, pk: str) -> Any:
        """The favourite's table now, in your scope (or `?export=xlsx|csv`)."""
        visualization = self._object()
        return _pivot_response(request, dict(visualization.spec), visualization.name)

    @extend_schema(
        parameters=[PivotSpecSerializer, EXPORT],
        request=PivotSpecSerializer,
        responses=PivotSerializer,
    )
    @action(detail=False, methods=["get", "post"], url_path="data")
    def pivot(self, request: Request) -> Any:
        """Many indicators × units × periods in one call: GET with the spec in the query
        string (comma-separated lists), or POST it as JSON. Every cell carries its value,
        its text in your language's convention and the formula that made it."""
        if request.method == "POST":
            data = request.data
            if not isinstance(data, dict):
                raise DomainError(_("The specification must be an object."), field="spec")
            return _pivot_response(request, dict(data))
        return _pivot_response(request, _spec_of_query(request))


@extend_schema(tags=["analysis"])
class UnitGroupSetViewSet(viewsets.GenericViewSet):
    """Group sets (ways of grouping units: kind, region, border…) in your reach."""

    serializer_class = UnitGroupSetSerializer
    queryset = UnitGroupSet.objects.none()

    def get_queryset(self) -> Any:
        if _fake(self):
            return UnitGroupSet.objects.none()
        return selectors.group_set_list(user=self.request.user).order_by("name", "id")

    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(UnitGroupSetSerializer(page, many=True).data)

    @extend_schema(request=UnitGroupSetWriteSerializer, responses={201: UnitGroupSetSerializer})
    def create(self, request: Request) -> Response:
        """Create a group set kept by `owner_unit` (its administrators, tracking officers)."""
        group_set = services.group_set_create(
            by=request.user, **_valid(UnitGroupSetWriteSerializer, request)
        )
        return Response(UnitGroupSetSerializer(group_set).data, status=status.HTTP_201_CREATED)


class MemberEndSerializer(serializers.Serializer):
    member = serializers.IntegerField()
    valid_to = serializers.DateField()


@extend_schema(tags=["analysis"])
class UnitGroupViewSet(viewsets.GenericViewSet):
    """Unit groups kept by a unit in your reach; members shown only inside your scope,
    dated (`valid_from` inclusive, `valid_to` exclusive)."""

    serializer_class = UnitGroupSerializer
    queryset = UnitGroup.objects.none()

    def get_queryset(self) -> Any:
        if _fake(self):
            return UnitGroup.objects.none()
        group_set = self.request.query_params.get("group_set")
        chosen = (
            selectors.group_set_get(user=self.request.user, pk=group_set) if group_set else None
        )
        return selectors.group_list(user=self.request.user, group_set=chosen)

    def _object(self) -> UnitGroup:
        return selectors.group_get(user=self.request.user, pk=self.kwargs["pk"])

    def _detail(self, group: UnitGroup, code: int = status.HTTP_200_OK) -> Response:
        group = selectors.group_get(user=self.request.user, pk=group.pk)
        members = list(selectors.group_members(user=self.request.user, group=group))
        rules = selectors.group_rules(user=self.request.user, group=group)
        return Response(
            UnitGroupDetailSerializer(group, context={"members": members, "rules": rules}).data,
            status=code,
        )

    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(UnitGroupSerializer(page, many=True).data)

    @extend_schema(responses=UnitGroupDetailSerializer)
    def retrieve(self, request: Request, pk: str) -> Response:
        return self._detail(self._object())

    @extend_schema(request=UnitGroupWriteSerializer, responses={201: UnitGroupDetailSerializer})
    def create(self, request: Request) -> Response:
        """Create a group kept by `owner_unit`, with `units` (codes of your scope)."""
        data = _valid(UnitGroupWriteSerializer, request)
        if data.get("group_set") is not None:
            data["group_set"] = selectors.group_set_get(user=request.user, pk=data["group_set"])
        group = services.group_create(by=request.user, **data)
        return self._detail(group, status.HTTP_201_CREATED)

    @extend_schema(request=UnitGroupUpdateSerializer, responses=UnitGroupDetailSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        group = services.group_update(
            by=request.user, group=self._object(), **_valid(UnitGroupUpdateSerializer, request)
        )
        return self._detail(group)

    def destroy(self, request: Request, pk: str) -> Response:
        services.group_delete(by=request.user, group=self._object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=UnitGroupMemberWriteSerializer, responses=UnitGroupDetailSerializer)
    @action(detail=True, methods=["post"])
    def members(self, request: Request, pk: str) -> Response:
        """Add a unit of your scope to the group from `valid_from` (until `valid_to`)."""
        group = self._object()
        services.group_member_add(
            by=request.user, group=group, **_valid(UnitGroupMemberWriteSerializer, request)
        )
        return self._detail(group)

    @extend_schema(request=MemberEndSerializer, responses=UnitGroupDetailSerializer)
    @action(detail=True, methods=["post"], url_path="end-member")
    def end_member(self, request: Request, pk: str) -> Response:
        """End a membership (`member` id) at `valid_to`; the group's past stays as it was."""
        group = self._object()
        data = _valid(MemberEndSerializer, request)
        try:
            member = selectors.group_members(user=request.user, group=group).get(pk=data["member"])
        except UnitGroupMember.DoesNotExist as error:
            raise NotFound(_("Not found.")) from error
        services.group_member_end(by=request.user, member=member, valid_to=data["valid_to"])
        return self._detail(group)

    @extend_schema(request=GroupFormAssignSerializer, responses=GroupDutySerializer)
    @action(detail=True, methods=["post"], url_path="assign-form")
    def assign_form(self, request: Request, pk: str) -> Response:
        """Ask the group's units (those of your scope from `valid_from`, today when empty) for
        a report form you keep, as a standing rule: a unit of your scope that joins the group
        later is asked too, over its membership, until the rule is ended (`end-rule/`); one
        that leaves is asked no more from the day it leaves. Giving the same form again
        replaces your rule."""
        group = self._object()
        data = _valid(GroupFormAssignSerializer, request)
        form = reporting_selectors.form_by_code(user=request.user, code=data.pop("form"))
        duty = services.form_assign_group(by=request.user, form=form, group=group, **data)
        return Response(
            GroupDutySerializer(
                {"units": [unit.code for unit in duty.units], "rule": duty.rule.pk}
            ).data
        )

    @extend_schema(request=GroupTargetSerializer, responses=GroupDutySerializer)
    @action(detail=True, methods=["post"], url_path="set-target")
    def set_target(self, request: Request, pk: str) -> Response:
        """The same target for each unit of the group in your scope that year (an adjustment
        where it has one), as a standing rule: a unit of your scope that joins the group that
        year gets it too, until the rule is ended (`end-rule/`). One unit where you may not
        set targets refuses them all (403)."""
        group = self._object()
        data = _valid(GroupTargetSerializer, request)
        indicator = resolution_selectors.indicator_get(user=request.user, pk=data.pop("indicator"))
        duty = services.target_set_group(by=request.user, indicator=indicator, group=group, **data)
        return Response(
            GroupDutySerializer(
                {"units": [unit.code for unit in duty.units], "rule": duty.rule.pk}
            ).data
        )

    @extend_schema(request=GroupRuleEndSerializer, responses=UnitGroupDetailSerializer)
    @action(detail=True, methods=["post"], url_path="end-rule")
    def end_rule(self, request: Request, pk: str) -> Response:
        """End a standing rule of the group (`rule` id): units that join afterwards are given
        nothing by it; what it gave stays. Its author, the group's keepers and the keepers
        of its form (or of targets across its scope) may."""
        group = self._object()
        data = _valid(GroupRuleEndSerializer, request)
        rule = selectors.group_rule_get(user=request.user, pk=data["rule"], group=group)
        services.group_rule_end(by=request.user, rule=rule)
        return self._detail(group)


@extend_schema(tags=["analysis"])
class ValidationRuleViewSet(viewsets.GenericViewSet):
    """Validation rules over a report form's indicators ("HC03 ≤ HC02 × 10"): read by whoever
    reads the form, kept by the tracking officers and administrators of the unit collecting
    it. A broken rule of high importance blocks a report's submission; medium and low ones
    until the value carries a comment. `run` checks a unit's subtree over periods."""

    serializer_class = ValidationRuleSerializer
    queryset = ValidationRule.objects.none()

    def get_queryset(self) -> Any:
        if _fake(self):
            return ValidationRule.objects.none()
        code = self.request.query_params.get("form")
        form = reporting_selectors.form_by_code(user=self.request.user, code=code) if code else None
        return selectors.rule_list(user=self.request.user, form=form)

    def _object(self) -> ValidationRule:
        return selectors.rule_get(user=self.request.user, pk=self.kwargs["pk"])

    @extend_schema(parameters=[OpenApiParameter("form", str, required=False)])
    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(ValidationRuleSerializer(page, many=True).data)

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(ValidationRuleSerializer(self._object()).data)

    @extend_schema(request=ValidationRuleWriteSerializer, responses={201: ValidationRuleSerializer})
    def create(self, request: Request) -> Response:
        data = _valid(ValidationRuleWriteSerializer, request)
        data["form"] = reporting_selectors.form_by_code(user=request.user, code=data["form"])
        rule = services.rule_create(by=request.user, **data)
        return Response(ValidationRuleSerializer(rule).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ValidationRuleUpdateSerializer, responses=ValidationRuleSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        rule = services.rule_update(
            by=request.user, rule=self._object(), **_valid(ValidationRuleUpdateSerializer, request)
        )
        return Response(ValidationRuleSerializer(rule).data)

    def destroy(self, request: Request, pk: str) -> Response:
        services.rule_delete(by=request.user, rule=self._object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=ValidationRunSerializer, responses=ValidationResultSerializer)
    @action(detail=False, methods=["post"])
    def run(self, request: Request) -> Response:
        """Check every report of `form` in `unit`'s subtree (your scope) for `periods`."""
        data = _valid(ValidationRunSerializer, request)
        form = reporting_selectors.form_by_code(user=request.user, code=data["form"])
        periods = []
        for code in data["periods"]:
            try:
                periods.append(reporting_selectors.period_get(code=code))
            except NotFound as error:
                raise DomainError(str(error), field="periods") from error
        result = validation_run(user=request.user, form=form, within=data["unit"], periods=periods)
        return Response(ValidationResultSerializer(result).data)
