"""Data values in DHIS2's dataValueSets format, out (JSON or CSV) and in (all or nothing,
through the same import checks as spreadsheets), and the exchange mappings that let a set
name units, indicators and forms by a partner's identifiers. Our codes identify everything
by default (DHIS2's idScheme=CODE); with `mapping`, the partner's (UID). See
`tongket.analysis.dhis2` and `tongket.analysis.exchange`."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tongket.analysis import dhis2, exchange, selectors, services
from tongket.analysis.choices import MappingKind
from tongket.analysis.models import ExchangeMapping, ExchangeMappingRow
from tongket.api.fields import UnitCodeField
from tongket.api.serializers.reporting import ImportCountsSerializer, ImportQuerySerializer
from tongket.api.serializers.resolutions.fields import InlineChoiceField
from tongket.api.views.org import _valid
from tongket.api.views.reporting import CSVParser
from tongket.api.views.resolutions import _fake, _query
from tongket.core.errors import DomainError, NotFound
from tongket.reporting import selectors as reporting_selectors

SCHEME_HELP = (
    "CODE: our codes; UID: the mapping's identifiers (the default with a mapping). "
    "Overrides idScheme for this kind of object"
)


def _scheme_field(help_text: str) -> serializers.ChoiceField:
    return InlineChoiceField(
        [(exchange.CODE, exchange.CODE), (exchange.UID, exchange.UID)],
        enum_name="IdSchemeEnum",
        required=False,
        help_text=help_text,
    )


class SchemesSerializer(serializers.Serializer):
    """DHIS2's identifier schemes, and the mapping that gives the partner's identifiers."""

    mapping = serializers.IntegerField(
        required=False, help_text="an exchange mapping you may see (/api/v1/exchange-mappings/)"
    )
    idScheme = _scheme_field("CODE (our codes) or UID (the mapping's identifiers) for all")
    orgUnitIdScheme = _scheme_field(SCHEME_HELP)
    dataElementIdScheme = _scheme_field(SCHEME_HELP)
    dataSetIdScheme = _scheme_field(SCHEME_HELP)


def _identifiers(request: Request, query: dict[str, Any]) -> exchange.Identifiers:
    mapping = None
    if query.get("mapping") is not None:
        mapping = selectors.mapping_get(user=request.user, pk=query["mapping"])
    return exchange.identifiers(
        user=request.user,
        mapping=mapping,
        id_scheme=query.get("idScheme", ""),
        org_unit_id_scheme=query.get("orgUnitIdScheme", ""),
        data_element_id_scheme=query.get("dataElementIdScheme", ""),
        data_set_id_scheme=query.get("dataSetIdScheme", ""),
    )


class DataValueSetQuerySerializer(SchemesSerializer):
    form = serializers.CharField(help_text="the report form's code (DHIS2: dataSet)")
    period = serializers.CharField(
        help_text="period codes, comma-separated, ours (2024-H1) or DHIS2's (2024S1), or "
        "the mapping's ids of periods"
    )
    unit = UnitCodeField(required=False, help_text="only this unit's subtree")
    output = serializers.ChoiceField(
        choices=[("json", "json"), ("csv", "csv")], required=False, default="json"
    )


class Dhis2DataValueSerializer(serializers.Serializer):
    """One value of a DHIS2 dataValueSet, identified by codes (idScheme=CODE)."""

    dataElement = serializers.CharField(help_text="the indicator's code")
    period = serializers.CharField(
        help_text="DHIS2's period (2024, 2024S1, 2024Q3, 202407), or the mapping's id of one"
    )
    orgUnit = serializers.CharField(help_text="the unit's code (a former code is read too)")
    categoryOptionCombo = serializers.CharField(
        required=False,
        help_text="NUM or DEN for a ratio's numerator and denominator, DEN for a weighted "
        "average's weight; absent (or default, or DHIS2's default combo) for the value itself",
    )
    value = serializers.CharField(help_text="the number, as text")
    comment = serializers.CharField(required=False, allow_blank=True)
    lastUpdated = serializers.DateTimeField(
        read_only=True, help_text="when the report was last changed (export only)"
    )


class Dhis2DataValueSetSerializer(serializers.Serializer):
    """A DHIS2 dataValueSet: a form's values."""

    dataSet = serializers.CharField(
        required=False,
        help_text="the report form's code; on import, inferred from the codes when absent",
    )
    dataValues = Dhis2DataValueSerializer(many=True)


class DataValueSetImportQuerySerializer(ImportQuerySerializer, SchemesSerializer):
    dryRun = serializers.BooleanField(
        required=False,
        default=False,
        help_text="check and count everything, write nothing (DHIS2's dryRun)",
    )


class DataValueSetView(APIView):
    """`GET`: the values of a form's reports in your scope for the periods, as a DHIS2
    dataValueSet (`output=csv` for DHIS2's CSV). `POST`: a dataValueSet (JSON, or CSV with
    DHIS2's header line) imported all or nothing: a bad value refuses the set, 400 with
    `errors.rows` (row = position in dataValues, or CSV line). A ratio is its NUM and DEN
    values (categoryOptionCombo), a weighted average its value and weight (DEN)."""

    parser_classes = [JSONParser, CSVParser]

    @extend_schema(
        tags=["data-value-sets"],
        parameters=[DataValueSetQuerySerializer],
        responses={
            (200, "application/json"): Dhis2DataValueSetSerializer,
            (200, "text/csv"): OpenApiResponse(
                response=OpenApiTypes.STR, description="DHIS2 CSV with its header line"
            ),
        },
    )
    def get(self, request: Request) -> Any:
        query = _query(DataValueSetQuerySerializer, request)
        form = reporting_selectors.form_by_code(user=request.user, code=query["form"])
        ids = _identifiers(request, query)
        periods = []
        for code in query["period"].split(","):
            if not code.strip():
                continue
            try:
                periods.append(reporting_selectors.period_get(code=ids.period_in(code)))
            except NotFound as error:
                raise DomainError(str(error), field="period") from error
        data = exchange.export_set(
            user=request.user, form=form, periods=periods, within=query.get("unit"), ids=ids
        )
        if query["output"] == "csv":
            response = HttpResponse(dhis2.csv_text(data), content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="{form.code}.csv"'
            return response
        return Response(data)

    @extend_schema(
        tags=["data-value-sets"],
        parameters=[DataValueSetImportQuerySerializer],
        request={
            "application/json": Dhis2DataValueSetSerializer,
            "text/csv": {"type": "string", "description": "DHIS2 CSV with its header line"},
        },
        responses=ImportCountsSerializer,
    )
    def post(self, request: Request) -> Response:
        params = _query(DataValueSetImportQuerySerializer, request)
        ids = _identifiers(request, params)
        data_set = None
        if isinstance(request.data, bytes):
            values, sheet = dhis2.values_of_csv(request.data), "CSV"
        else:
            values, sheet = dhis2.values_of_json(request.data), dhis2.SHEET
            data_set = request.data.get("dataSet") if isinstance(request.data, dict) else None
        counts = exchange.import_set(
            by=request.user,
            values=values,
            sheet=sheet,
            ids=ids,
            form=params.get("form"),
            data_set=data_set,
            then=params.get("then", ""),
            dry_run=params.get("dryRun", False),
        )
        return Response(ImportCountsSerializer(counts).data)


class MappingRowSerializer(serializers.ModelSerializer):
    """One of the partner's identifiers and the object of ours it names."""

    kind = InlineChoiceField(MappingKind.choices, enum_name="MappingKindEnum", read_only=True)
    code = serializers.SerializerMethodField(
        help_text="our code of the unit, indicator, form or period"
    )
    name = serializers.SerializerMethodField()
    resolution = serializers.SerializerMethodField(
        help_text="an indicator's resolution's symbol (empty for other kinds)"
    )

    class Meta:
        model = ExchangeMappingRow
        fields = [
            "id",
            "kind",
            "external_id",
            "code",
            "name",
            "numerator_combo",
            "denominator_combo",
            "resolution",
        ]

    def get_code(self, row: ExchangeMappingRow) -> str:
        return str(row.target.code)

    def get_name(self, row: ExchangeMappingRow) -> str:
        return row.target_name

    def get_resolution(self, row: ExchangeMappingRow) -> str:
        return row.indicator.resolution.symbol if row.indicator is not None else ""


class MappingSerializer(serializers.ModelSerializer):
    owner_unit = serializers.CharField(source="owner_unit.code", read_only=True)

    class Meta:
        model = ExchangeMapping
        fields = ["id", "name", "description", "owner_unit", "created_at", "version"]


class MappingDetailSerializer(MappingSerializer):
    rows = serializers.SerializerMethodField()

    class Meta(MappingSerializer.Meta):
        fields = [*MappingSerializer.Meta.fields, "rows"]

    @extend_schema_field(MappingRowSerializer(many=True))
    def get_rows(self, mapping: ExchangeMapping) -> Any:
        return MappingRowSerializer(self.context["rows"], many=True).data


class MappingWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    owner_unit = UnitCodeField(help_text="the unit that keeps it (you keep its mappings)")


class MappingUpdateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200, required=False)
    description = serializers.CharField(required=False, allow_blank=True)
    version = serializers.IntegerField(required=False)


class MappingRowWriteSerializer(serializers.Serializer):
    external_id = serializers.CharField(max_length=200, help_text="their identifier")
    kind = InlineChoiceField(MappingKind.choices, enum_name="MappingKindEnum")
    code = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="our code; an indicator's may be SYMBOL:CODE (15/KH-BTL:QK2-HC01)",
    )
    resolution = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text="the indicator's resolution's symbol, needed when several resolutions you "
        "read use its code (a bare code is refused, the resolutions listed)",
    )
    object = serializers.IntegerField(
        required=False, help_text="or the id of our unit, indicator, form or period"
    )
    numerator_combo = serializers.CharField(required=False, allow_blank=True, max_length=200)
    denominator_combo = serializers.CharField(required=False, allow_blank=True, max_length=200)


class MappingRowsWriteSerializer(serializers.Serializer):
    rows = MappingRowWriteSerializer(many=True)
    replace = serializers.BooleanField(
        required=False, default=False, help_text="put these rows in place of all the others"
    )


class MappingRowsLoadedSerializer(serializers.Serializer):
    added = serializers.IntegerField()
    removed = serializers.IntegerField()


class MappingRowRemoveSerializer(serializers.Serializer):
    row = serializers.IntegerField()


class ExchangeMappingViewSet(viewsets.GenericViewSet):
    """Exchange mappings kept by a unit in your reach (its subtree and the units above): a
    partner's identifiers for our units, indicators and forms, used by
    `/api/v1/data-value-sets/?mapping=`. Rows are shown only for objects you may see; a
    unit's administrators and tracking officers keep its mappings."""

    serializer_class = MappingSerializer
    queryset = ExchangeMapping.objects.none()
    parser_classes = [JSONParser, CSVParser]

    def get_queryset(self) -> Any:
        if _fake(self):
            return ExchangeMapping.objects.none()
        return selectors.mapping_list(user=self.request.user)

    def _object(self) -> ExchangeMapping:
        return selectors.mapping_get(user=self.request.user, pk=self.kwargs["pk"])

    def _detail(self, mapping: ExchangeMapping, code: int = status.HTTP_200_OK) -> Response:
        mapping = selectors.mapping_get(user=self.request.user, pk=mapping.pk)
        rows = list(selectors.mapping_rows(user=self.request.user, mapping=mapping))
        return Response(MappingDetailSerializer(mapping, context={"rows": rows}).data, status=code)

    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(MappingSerializer(page, many=True).data)

    @extend_schema(responses=MappingDetailSerializer)
    def retrieve(self, request: Request, pk: str) -> Response:
        return self._detail(self._object())

    @extend_schema(request=MappingWriteSerializer, responses={201: MappingDetailSerializer})
    def create(self, request: Request) -> Response:
        """Create a mapping kept by `owner_unit`."""
        mapping = services.mapping_create(
            by=request.user, **_valid(MappingWriteSerializer, request)
        )
        return self._detail(mapping, status.HTTP_201_CREATED)

    @extend_schema(request=MappingUpdateSerializer, responses=MappingDetailSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        mapping = services.mapping_update(
            by=request.user, mapping=self._object(), **_valid(MappingUpdateSerializer, request)
        )
        return self._detail(mapping)

    def destroy(self, request: Request, pk: str) -> Response:
        services.mapping_delete(by=request.user, mapping=self._object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(methods=["GET"], request=None, responses=MappingRowSerializer(many=True))
    @extend_schema(
        methods=["POST"],
        request={
            "application/json": MappingRowsWriteSerializer,
            "text/csv": {
                "type": "string",
                "description": "lines external_id,kind,our_code[,numerator_combo,"
                "denominator_combo,resolution]; a header line's names decide the columns",
            },
        },
        responses=MappingRowsLoadedSerializer,
    )
    @action(detail=True, methods=["get", "post"])
    def rows(self, request: Request, pk: str) -> Response:
        """`GET`: the rows you may see. `POST`: add rows all or nothing (JSON `rows`, or a CSV
        body `external_id,kind,our_code`; `?replace=true` or `replace` puts them in place of
        the others): 400 with `errors.rows` naming every bad line, nothing written. An
        indicator code that several resolutions use needs the resolution's symbol (`resolution`,
        or `SYMBOL:CODE` as the code), as in the CSV upload."""
        mapping = self._object()
        if request.method == "GET":
            rows = selectors.mapping_rows(user=request.user, mapping=mapping)
            return Response(MappingRowSerializer(rows, many=True).data)
        if isinstance(request.data, bytes):
            loaded = services.exchange.mapping_rows_of_csv(request.data)
            replace = request.query_params.get("replace") in ("1", "true", "True")
            sheet = "CSV"
        else:
            data = _valid(MappingRowsWriteSerializer, request)
            loaded = list(enumerate(data["rows"], start=1))
            replace, sheet = data["replace"], "rows"
        counts = services.mapping_rows_load(
            by=request.user, mapping=mapping, rows=loaded, replace=replace, sheet=sheet
        )
        return Response(MappingRowsLoadedSerializer(counts).data)

    @extend_schema(request=MappingRowRemoveSerializer, responses=MappingDetailSerializer)
    @action(detail=True, methods=["post"], url_path="remove-row")
    def remove_row(self, request: Request, pk: str) -> Response:
        """Remove one row (`row` id) of the mapping."""
        mapping = self._object()
        data = _valid(MappingRowRemoveSerializer, request)
        row = selectors.mapping_row_get(user=request.user, pk=data["row"])
        if row.mapping_id != mapping.pk:
            raise NotFound(_("Not found."))
        services.mapping_row_remove(by=request.user, row=row)
        return self._detail(mapping)
