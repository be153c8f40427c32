"""Values over REST: listed, and imported in bulk (JSON, CSV or a workbook) through the same
all-or-nothing import as the pages."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.parsers import BaseParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from tongket.api.serializers.reporting import (
    DataValueQuerySerializer,
    DataValueRowSerializer,
    DataValueSerializer,
    ImportCountsSerializer,
    ImportQuerySerializer,
)
from tongket.api.views.resolutions import _fake, _query
from tongket.core.errors import DomainError, RowErrors
from tongket.core.uploads import check_upload
from tongket.core.workbook import Problems, cell_text
from tongket.reporting import selectors, services
from tongket.reporting.models import DataValue
from tongket.reporting.services.imports import (
    C_CODE,
    C_DEN,
    C_NOTE,
    C_NUM,
    C_PERIOD,
    C_UNIT,
    C_VALUE,
    SHEET,
    read_csv_rows,
    read_workbook_rows,
)

# JSON keys of a value to import → the columns of the import file.
COLUMNS = {
    "unit": C_UNIT,
    "indicator": C_CODE,
    "period": C_PERIOD,
    "value": C_VALUE,
    "numerator": C_NUM,
    "denominator": C_DEN,
    "comment": C_NOTE,
}


class CSVParser(BaseParser):
    """A CSV body (text/csv) handed on as bytes: the import reads it (UTF-8, with or without
    BOM; comma or semicolon separated)."""

    media_type = "text/csv"

    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> bytes:
        return stream.read() if stream is not None else b""


# --- Periods ------------------------------------------------------------------------------


# --- Values -------------------------------------------------------------------------------


def _json_rows(data: Any) -> list[tuple[int, dict[str, Any]]]:
    """The rows of a JSON import as the import reads a sheet: (row number, cells by column);
    a row of the wrong shape is a row error (row = its position in the list, from 1)."""
    items = data.get("values") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise serializers.ValidationError(
            {"values": [_("Send a list of values (or a CSV body with text/csv).")]}
        )
    problems = Problems()
    rows: list[tuple[int, dict[str, Any]]] = []
    for number, item in enumerate(items, start=1):
        row = DataValueRowSerializer(data=item)
        if not row.is_valid():
            errors = row.errors if isinstance(row.errors, dict) else {}
            if not errors:
                problems.add("JSON", number, None, _("Each value is an object."))
            for key, messages in errors.items():
                problems.add("JSON", number, COLUMNS.get(key), " ".join(map(str, messages)))
            continue
        rows.append((number, {COLUMNS[key]: value for key, value in row.validated_data.items()}))
    if problems:
        raise RowErrors(problems.rows)
    return rows


def _csv_rows(content: bytes) -> list[tuple[int, dict[str, Any]]]:
    problems = Problems()
    rows = list(read_csv_rows(content, problems))
    if problems:
        raise RowErrors(problems.rows)
    return rows


def _file_rows(upload: Any) -> tuple[list[tuple[int, dict[str, Any]]], str]:
    """The rows of an uploaded CSV or XLSX file and the name of its sheet."""
    if not upload.name.lower().endswith(".csv"):
        check_upload(upload, allowed=("xlsx",))
        problems = Problems()
        rows = list(read_workbook_rows(upload, problems))
        if problems:
            raise RowErrors(problems.rows)
        return rows, SHEET
    if upload.size > settings.MAX_UPLOAD_MB * 1024 * 1024:
        raise DomainError(
            _("The file %(name)s is larger than %(limit)s MB.")
            % {"name": upload.name, "limit": settings.MAX_UPLOAD_MB},
            field="file",
        )
    return _csv_rows(upload.read()), "CSV"


@extend_schema(tags=["data-values"])
class DataValueViewSet(viewsets.GenericViewSet):
    """The values units reported (their own figures, one per report and indicator)."""

    serializer_class = DataValueSerializer
    queryset = DataValue.objects.none()
    parser_classes = [JSONParser, CSVParser, MultiPartParser]

    def get_queryset(self) -> Any:
        if _fake(self):
            return DataValue.objects.none()
        params = _query(DataValueQuerySerializer, self.request)
        return selectors.value_list(user=self.request.user, **params)

    @extend_schema(parameters=[DataValueQuerySerializer])
    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(DataValueSerializer(page, many=True).data)

    @extend_schema(
        parameters=[ImportQuerySerializer],
        request={
            "application/json": DataValueRowSerializer(many=True),
            "text/csv": {
                "type": "string",
                "description": "Header: Mã đơn vị, Mã chỉ tiêu, Kỳ, Giá trị (and optionally "
                "Tử số, Mẫu số, Ghi chú)",
            },
            "multipart/form-data": {
                "type": "object",
                "properties": {"file": {"type": "string", "format": "binary"}},
            },
        },
        responses=ImportCountsSerializer,
    )
    def create(self, request: Request) -> Response:
        """Create or update many values at once, all or nothing, through the same import as
        the pages: reports are created where the unit is asked for the form in the period,
        values stored, and with `then` the reports submitted (and approved). A bad row
        refuses the whole request: 400 with `errors.rows` (sheet, row, column, message)."""
        params = _query(ImportQuerySerializer, request)
        if isinstance(request.data, bytes):
            rows, sheet = _csv_rows(request.data), "CSV"
        elif "file" in request.FILES:
            rows, sheet = _file_rows(request.FILES["file"])
        else:
            rows, sheet = _json_rows(request.data), "JSON"
        form = params.get("form")
        if form is None:
            form = selectors.form_infer(
                user=request.user,
                unit_codes={cell_text(c.get(C_UNIT)) for _n, c in rows} - {""},
                indicator_codes={cell_text(c.get(C_CODE)) for _n, c in rows} - {""},
            )
        with transaction.atomic():  # a refused file leaves no period it named behind
            counts = services.values_import(
                by=request.user,
                form=form,
                rows=rows,
                sheet=sheet,
                then=params.get("then", ""),
                total=len(rows),
            )
        return Response(ImportCountsSerializer({**counts, "form": form.code}).data)
