"""Periodic reporting over REST: periods, report forms, reports and their workflow, values
(listed, and imported in bulk as JSON or CSV), an indicator's figures and the completeness
of reporting.

Reads go through the scoped selectors (outside the caller's subtrees: 404), writes through
the services. The workflow follows the roles: the unit's reporters fill and submit; an
approver of the unit directly above returns, approves and reopens.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import BaseParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tongket.api.serializers.org import ChangeLogSerializer
from tongket.api.serializers.reporting import (
    AnalyticsQuerySerializer,
    AnalyticsSerializer,
    CompletenessQuerySerializer,
    CompletenessSerializer,
    DataValueQuerySerializer,
    DataValueRowSerializer,
    DataValueSerializer,
    FormAssignSerializer,
    FormQuerySerializer,
    FormUnassignSerializer,
    FormUpdateSerializer,
    FormWriteSerializer,
    ImportCountsSerializer,
    ImportQuerySerializer,
    OpenPeriodSerializer,
    PeriodQuerySerializer,
    PeriodSerializer,
    ReasonSerializer,
    ReminderSerializer,
    ReportDetailSerializer,
    ReportFormDetailSerializer,
    ReportFormSerializer,
    ReportQuerySerializer,
    ReportSaveSerializer,
    ReportSerializer,
    SectionWriteSerializer,
    VersionSerializer,
)
from tongket.api.views.org import _valid
from tongket.api.views.resolutions import _fake, _query
from tongket.core.errors import DomainError, NotFound, RowErrors
from tongket.core.selectors import changelog_for_object
from tongket.core.uploads import check_upload
from tongket.core.workbook import Problems, cell_text
from tongket.reporting import selectors, services
from tongket.reporting.models import DataValue, Period, Report, ReportForm
from tongket.reporting.periods import parse_period_code
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
from tongket.reporting.services.reports import Entry
from tongket.resolutions import selectors as resolution_selectors

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


@extend_schema(tags=["periods"])
class PeriodViewSet(viewsets.GenericViewSet):
    """The calendar of reporting periods, shared by every body: data window, cut-off, due
    date, open or closed."""

    serializer_class = PeriodSerializer
    queryset = Period.objects.none()
    lookup_value_regex = r"[0-9A-Za-z-]+"

    def get_queryset(self) -> Any:
        if _fake(self):
            return Period.objects.none()
        return selectors.period_list(**_query(PeriodQuerySerializer, self.request))

    @extend_schema(parameters=[PeriodQuerySerializer])
    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(PeriodSerializer(page, many=True).data)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "pk",
                str,
                OpenApiParameter.PATH,
                description="The period's code (2022, 2022-H1, 2022-Q3, 2022-07, 2022-9M, "
                "2020-2025) or its id; four digits read as a year.",
            )
        ]
    )
    def retrieve(self, request: Request, pk: str) -> Response:
        if pk.isdigit() and len(pk) != 4:
            period = selectors.period_get(pk=pk)
        else:
            try:
                period = selectors.period_get(code=parse_period_code(pk).code)
            except DomainError as error:
                raise NotFound(_("Not found.")) from error
        return Response(PeriodSerializer(period).data)


# --- Report forms -------------------------------------------------------------------------


@extend_schema(tags=["report-forms"])
class ReportFormViewSet(viewsets.GenericViewSet):
    """Kinds of periodic report: the indicators and narrative sections they ask, of which
    units, per which type of period; collected by the owner unit's tracking officers."""

    serializer_class = ReportFormSerializer
    queryset = ReportForm.objects.none()

    def get_queryset(self) -> Any:
        if _fake(self):
            return ReportForm.objects.none()
        return selectors.form_list(
            user=self.request.user, **_query(FormQuerySerializer, self.request)
        )

    def _object(self) -> ReportForm:
        return selectors.form_get(user=self.request.user, pk=self.kwargs["pk"])

    def _detail(self, form: ReportForm, code: int = status.HTTP_200_OK) -> Response:
        data = ReportFormDetailSerializer(form, context={"request": self.request}).data
        return Response(data, status=code)

    @extend_schema(parameters=[FormQuerySerializer])
    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(ReportFormSerializer(page, many=True).data)

    @extend_schema(responses=ReportFormDetailSerializer)
    def retrieve(self, request: Request, pk: str) -> Response:
        return self._detail(self._object())

    @extend_schema(request=FormWriteSerializer, responses={201: ReportFormDetailSerializer})
    def create(self, request: Request) -> Response:
        data = _valid(FormWriteSerializer, request)
        sections = data.pop("sections")
        if sections is not None:
            data["sections"] = [(s["key"], s["title"], s["kind"]) for s in sections]
        form = services.form_create(by=request.user, **data)
        return self._detail(form, status.HTTP_201_CREATED)

    @extend_schema(request=FormUpdateSerializer, responses=ReportFormDetailSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        form = self._object()
        data = _valid(FormUpdateSerializer, request)
        return self._detail(services.form_update(by=request.user, form=form, **data))

    @extend_schema(request=FormUpdateSerializer, responses=ReportFormDetailSerializer)
    def update(self, request: Request, pk: str) -> Response:
        return self.partial_update(request, pk)

    @extend_schema(
        request=OpenPeriodSerializer,
        responses=inline_serializer(
            "OpenedPeriod",
            {"period": serializers.CharField(), "reports_created": serializers.IntegerField()},
        ),
    )
    @action(detail=True, methods=["post"], url_path="open-period", url_name="open-period")
    def open_period(self, request: Request, pk: str) -> Response:
        """Open a period for the form: the report each unit asked owes is created (once)."""
        form = self._object()
        data = _valid(OpenPeriodSerializer, request)
        with transaction.atomic():  # a refusal leaves no new period behind
            period = services.period_ensure(by=request.user, code=data["period"])
            created = services.form_open_period(
                by=request.user, form=form, period=period, backfill=data["backfill"]
            )
        return Response({"period": period.code, "reports_created": created})

    @extend_schema(request=FormAssignSerializer, responses=ReportFormDetailSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request: Request, pk: str) -> Response:
        """Ask these units for the form (reports are created at once for its open periods)."""
        form = self._object()
        services.form_assign(by=request.user, form=form, **_valid(FormAssignSerializer, request))
        return self._detail(form)

    @extend_schema(request=FormUnassignSerializer, responses=ReportFormDetailSerializer)
    @action(detail=True, methods=["post"])
    def unassign(self, request: Request, pk: str) -> Response:
        """Stop asking a unit (its untouched drafts go; the rest stay)."""
        form = self._object()
        services.form_unassign(
            by=request.user, form=form, **_valid(FormUnassignSerializer, request)
        )
        return self._detail(form)

    @extend_schema(request=SectionWriteSerializer, responses=ReportFormDetailSerializer)
    @action(detail=True, methods=["post"])
    def sections(self, request: Request, pk: str) -> Response:
        """Add a narrative section, or change the one with this key."""
        form = self._object()
        services.form_section_set(
            by=request.user, form=form, **_valid(SectionWriteSerializer, request)
        )
        return self._detail(form)

    @extend_schema(responses=ChangeLogSerializer(many=True))
    @action(detail=True, methods=["get"])
    def history(self, request: Request, pk: str) -> Response:
        page = self.paginate_queryset(changelog_for_object(obj=self._object()))
        return self.get_paginated_response(
            ChangeLogSerializer(page, many=True, context=self.get_serializer_context()).data
        )


# --- Reports ------------------------------------------------------------------------------


def _entries(report: Report, rows: list[dict[str, Any]]) -> dict[int, Entry]:
    """Entries by indicator id; an indicator is given by its id or by its code on the form."""
    indicators = selectors.form_indicators(form=report.form)
    entries: dict[int, Entry] = {}
    for row in rows:
        ref = row["indicator"].strip()
        found = [i for i in indicators if str(i.pk) == ref] or [
            i for i in indicators if i.code.casefold() == ref.replace(" ", "").casefold()
        ]
        if len(found) != 1:
            raise serializers.ValidationError(
                {"values": [_("The form has no single indicator %(ref)s.") % {"ref": ref}]}
            )
        indicator = found[0]
        if indicator.pk in entries:
            raise serializers.ValidationError(
                {"values": [_("%(code)s is given twice.") % {"code": indicator.code}]}
            )
        entries[indicator.pk] = Entry(
            row["value"], row["numerator"], row["denominator"], row["comment"]
        )
    return entries


@extend_schema(tags=["reports"])
class ReportViewSet(viewsets.GenericViewSet):
    """Reports of the units in your subtrees: draft → submitted → returned → submitted →
    approved (→ reopened for correction). An approved or submitted report is locked."""

    serializer_class = ReportSerializer
    queryset = Report.objects.none()

    def get_queryset(self) -> Any:
        if _fake(self):
            return Report.objects.none()
        return selectors.report_list(
            user=self.request.user, **_query(ReportQuerySerializer, self.request)
        )

    def _object(self) -> Report:
        return selectors.report_get(user=self.request.user, pk=self.kwargs["pk"])

    def _detail(self, report: Report) -> Response:
        return Response(ReportDetailSerializer(report, context={"request": self.request}).data)

    @extend_schema(parameters=[ReportQuerySerializer])
    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(ReportSerializer(page, many=True).data)

    @extend_schema(responses=ReportDetailSerializer)
    def retrieve(self, request: Request, pk: str) -> Response:
        return self._detail(self._object())

    @extend_schema(request=ReportSaveSerializer, responses=ReportDetailSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        """Save values and narrative of a draft or returned report (the unit's reporters)."""
        report = self._object()
        data = _valid(ReportSaveSerializer, request)
        report = services.report_save(
            by=request.user,
            report=report,
            entries=_entries(report, data["values"]),
            narrative=data["narrative"],
            version=data["version"],
        )
        return self._detail(selectors.report_get(user=request.user, pk=report.pk))

    @extend_schema(request=ReportSaveSerializer, responses=ReportDetailSerializer)
    def update(self, request: Request, pk: str) -> Response:
        return self.partial_update(request, pk)

    def _act(self, service: Any, serializer_class: type) -> Response:
        report = self._object()
        report = service(
            by=self.request.user, report=report, **_valid(serializer_class, self.request)
        )
        return self._detail(selectors.report_get(user=self.request.user, pk=report.pk))

    @extend_schema(request=VersionSerializer, responses=ReportDetailSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str) -> Response:
        """Send the report up (the unit's reporters). Refused while required values are
        missing or a value far from the unit's history has no comment."""
        return self._act(services.report_submit, VersionSerializer)

    @extend_schema(request=ReasonSerializer, responses=ReportDetailSerializer)
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_report(self, request: Request, pk: str) -> Response:
        """Send a submitted report back with a reason (an approver of the unit above)."""
        return self._act(services.report_return, ReasonSerializer)

    @extend_schema(request=VersionSerializer, responses=ReportDetailSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str) -> Response:
        """Accept a submitted report (an approver of the unit above): it is locked."""
        return self._act(services.report_approve, VersionSerializer)

    @extend_schema(request=ReasonSerializer, responses=ReportDetailSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request: Request, pk: str) -> Response:
        """Unlock an approved report for correction, with a reason (an approver above)."""
        return self._act(services.report_reopen, ReasonSerializer)

    @extend_schema(request=None, responses=ReminderSerializer)
    @action(detail=True, methods=["post"])
    def remind(self, request: Request, pk: str) -> Response:
        """Remind the unit's reporters of a report not yet received."""
        reminder = services.report_remind(by=request.user, report=self._object())
        return Response(ReminderSerializer(reminder).data)

    @extend_schema(responses=ChangeLogSerializer(many=True))
    @action(detail=True, methods=["get"])
    def history(self, request: Request, pk: str) -> Response:
        page = self.paginate_queryset(changelog_for_object(obj=self._object()))
        return self.get_paginated_response(
            ChangeLogSerializer(page, many=True, context=self.get_serializer_context()).data
        )


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


# --- Figures ------------------------------------------------------------------------------


@extend_schema(tags=["analytics"])
class AnalyticsView(APIView):
    """An indicator's figure at a unit's subtree for a period, fresh from the roll-ups: the
    value (with numerator and denominator for a ratio), the target and the share due by the
    period, progress in per cent, the status, the formula that made the figure, and the
    reporting it rests on. `children=1` adds the same for each unit directly below."""

    @extend_schema(parameters=[AnalyticsQuerySerializer], responses=AnalyticsSerializer)
    def get(self, request: Request) -> Response:
        query = _query(AnalyticsQuerySerializer, request)
        resolution = None
        if query.get("resolution"):
            resolution = resolution_selectors.resolution_find(
                user=request.user, ref=query["resolution"]
            )
        indicator = resolution_selectors.indicator_find(
            user=request.user, code=query["indicator"], resolution=resolution
        )
        overview = selectors.indicator_overview(
            user=request.user,
            indicator=indicator,
            unit=query["unit"],
            period=query["period"],
            basis=query.get("basis"),
            tree=query["tree"],
            children=query["children"],
        )
        data = {**overview, "indicator": indicator, "period": query["period"]}
        return Response(AnalyticsSerializer(data).data)


@extend_schema(tags=["analytics"])
class CompletenessView(APIView):
    """Completeness and timeliness of reporting in a unit's subtree for a period."""

    @extend_schema(parameters=[CompletenessQuerySerializer], responses=CompletenessSerializer)
    def get(self, request: Request) -> Response:
        query = _query(CompletenessQuerySerializer, request)
        form = query.get("form")
        counts = selectors.completeness(
            user=request.user,
            unit=query["unit"],
            period=query["period"],
            forms=[form] if form is not None else None,
            tree=query["tree"],
        )
        return Response(CompletenessSerializer(counts).data)
