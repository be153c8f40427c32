"""Periods and report forms over REST: the calendar, and the forms with their indicators,
sections, assigned units and opened periods."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from tongket.api.serializers.org import ChangeLogSerializer
from tongket.api.serializers.reporting import (
    FormAssignSerializer,
    FormQuerySerializer,
    FormUnassignSerializer,
    FormUpdateSerializer,
    FormWriteSerializer,
    OpenPeriodSerializer,
    PeriodQuerySerializer,
    PeriodSerializer,
    ReportFormDetailSerializer,
    ReportFormSerializer,
    SectionWriteSerializer,
)
from tongket.api.views.org import _valid
from tongket.api.views.resolutions import _fake, _query
from tongket.core.errors import DomainError, NotFound
from tongket.core.selectors import changelog_for_object
from tongket.reporting import selectors, services
from tongket.reporting.models import Period, ReportForm
from tongket.reporting.periods import parse_period_code


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
            # Named as the schema names the route's {pk} ("id"), so that it is this
            # parameter that is described and not a second one beside it.
            OpenApiParameter(
                "id",
                str,
                OpenApiParameter.PATH,
                description="The period's code (2022, 2022-H1, 2022-Q3, 2022-07, 2022-9M, "
                "2020-2025) or its id; four digits read as a year.",
                pattern=r"^[0-9A-Za-z-]+$",
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
