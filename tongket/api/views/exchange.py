"""Data values in DHIS2's dataValueSets format, out (JSON or CSV) and in (all or nothing,
through the same import checks as spreadsheets). Codes identify everything (DHIS2's
idScheme=CODE); see `tongket.analysis.dhis2`."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tongket.analysis import dhis2
from tongket.api.fields import UnitCodeField
from tongket.api.serializers.reporting import ImportCountsSerializer, ImportQuerySerializer
from tongket.api.views.reporting import CSVParser
from tongket.api.views.resolutions import _query
from tongket.core.errors import DomainError, NotFound
from tongket.reporting import selectors as reporting_selectors


class DataValueSetQuerySerializer(serializers.Serializer):
    form = serializers.CharField(help_text="the report form's code (DHIS2: dataSet)")
    period = serializers.CharField(
        help_text="period codes, comma-separated, ours (2024-H1) or DHIS2's (2024S1)"
    )
    unit = UnitCodeField(required=False, help_text="only this unit's subtree")
    output = serializers.ChoiceField(
        choices=[("json", "json"), ("csv", "csv")], required=False, default="json"
    )


class Dhis2DataValueSerializer(serializers.Serializer):
    """One value of a DHIS2 dataValueSet, identified by codes (idScheme=CODE)."""

    dataElement = serializers.CharField(help_text="the indicator's code")
    period = serializers.CharField(help_text="DHIS2's period (2024, 2024S1, 2024Q3, 202407)")
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
        periods = []
        for code in query["period"].split(","):
            if not code.strip():
                continue
            try:
                periods.append(reporting_selectors.period_get(code=dhis2.period_from_dhis2(code)))
            except NotFound as error:
                raise DomainError(str(error), field="period") from error
        data = dhis2.data_value_set(
            user=request.user, form=form, periods=periods, within=query.get("unit")
        )
        if query["output"] == "csv":
            response = HttpResponse(dhis2.csv_text(data), content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="{form.code}.csv"'
            return response
        return Response(data)

    @extend_schema(
        tags=["data-value-sets"],
        parameters=[ImportQuerySerializer],
        request={
            "application/json": Dhis2DataValueSetSerializer,
            "text/csv": {"type": "string", "description": "DHIS2 CSV with its header line"},
        },
        responses=ImportCountsSerializer,
    )
    def post(self, request: Request) -> Response:
        params = _query(ImportQuerySerializer, request)
        form = params.get("form")
        if isinstance(request.data, bytes):
            values, sheet = dhis2.values_of_csv(request.data), "CSV"
        else:
            values, sheet = dhis2.values_of_json(request.data), dhis2.SHEET
            code = request.data.get("dataSet") if isinstance(request.data, dict) else None
            if form is None and code:
                form = reporting_selectors.form_by_code(user=request.user, code=str(code))
        rows = dhis2.rows_of(values, sheet)
        if not rows:
            raise DomainError(_("The set holds no value."), field="dataValues")
        counts = dhis2.data_value_set_import(
            by=request.user, rows=rows, form=form, then=params.get("then", ""), sheet=sheet
        )
        return Response(ImportCountsSerializer(counts).data)
