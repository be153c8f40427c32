"""Reports over REST and their workflow: the unit's reporters fill and submit; an approver of
the unit directly above returns, approves and reopens."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from tongket.api.serializers.org import ChangeLogSerializer
from tongket.api.serializers.reporting import (
    ReasonSerializer,
    ReminderSerializer,
    ReportDetailSerializer,
    ReportQuerySerializer,
    ReportSaveSerializer,
    ReportSerializer,
    VersionSerializer,
)
from tongket.api.views.org import _valid
from tongket.api.views.resolutions import _fake, _query
from tongket.core.selectors import changelog_for_object
from tongket.reporting import selectors, services
from tongket.reporting.models import Report
from tongket.reporting.services.reports import Entry

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
