"""The intake over REST: `POST /api/v1/intake/` with a pasted text or an uploaded file
(multipart) answers the facts read from it, matched against the registry; it writes nothing.
`POST /api/v1/intake/report-figures/` reads a unit's report text for the indicators of a
periodic report's form and answers the cells it fills (writes nothing);
`POST /api/v1/intake/report-figures/apply/` saves the accepted cells all at once. Reads and
rules live in tongket.intake (services.intake_read, filling)."""

from __future__ import annotations

import unicodedata
from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tongket.api.serializers.intake import (
    IntakeCapabilitiesSerializer,
    IntakeFactsSerializer,
    IntakeReadSerializer,
    ReportFiguresApplySerializer,
    ReportFiguresReadSerializer,
    ReportFiguresSerializer,
)
from tongket.api.serializers.reporting import ReportDetailSerializer
from tongket.api.views.org import _valid
from tongket.core.legacy_text import NAMES
from tongket.intake.extraction import accepted_file_types
from tongket.intake.filling import (
    Proposal,
    report_figures_fill,
    report_figures_read,
    require_fillable,
)
from tongket.intake.services import MAX_CHARACTERS, conversion_summary, intake_read, text_in
from tongket.reporting import selectors as reporting_selectors
from tongket.reporting.services.reports import Entry


@extend_schema(tags=["intake"])
class IntakeView(APIView):
    """Read a text (a conference news item, a unit report, an official document) or a file
    (DOCX, PDF with a text layer, TXT, HTML) into facts: resolutions, meetings, people, units,
    award counts and conclusions, each with its character span, a confidence and the record
    it matches (null: new). Legacy encodings (TCVN3, VNI, VISCII) are converted first."""

    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(responses=IntakeCapabilitiesSerializer)
    def get(self, request: Request) -> Response:
        """What this server reads: file types (PDF and old .doc need tools installed), the
        legacy encodings it converts and the longest text it takes."""
        data = {
            "file_types": accepted_file_types(),
            "encodings": list(NAMES),
            "max_characters": MAX_CHARACTERS,
        }
        return Response(IntakeCapabilitiesSerializer(data).data)

    @extend_schema(request=IntakeReadSerializer, responses=IntakeFactsSerializer)
    def post(self, request: Request) -> Response:
        data = _valid(IntakeReadSerializer, request)
        facts = intake_read(
            by=request.user,
            text=data.get("text") or "",
            upload=data.get("file"),
            published=data.get("published"),
        )
        return Response(IntakeFactsSerializer(facts).data)


def _cell(proposal: Proposal, text: str) -> dict[str, Any]:
    read, indicator = proposal.read, proposal.indicator
    entry = proposal.entry
    assert entry is not None
    return {
        "indicator": indicator.pk,
        "code": indicator.code,
        "name": indicator.name,
        "measure_kind": indicator.measure_kind,
        "value": entry.value,
        "numerator": entry.numerator,
        "denominator": entry.denominator,
        "level": read.label or None,
        "shown": proposal.shown,
        "written_before": read.before,
        "found_by": read.found_by,
        "confidence": read.confidence,
        "source": {
            "start": read.start,
            "end": read.end,
            "quote": text[read.start : read.end],
            "mention": list(read.mention),
            "snippet": read.snippet,
            "highlight": list(read.highlight),
        },
    }


def _unread(proposal: Proposal) -> dict[str, Any]:
    read, indicator = proposal.read, proposal.indicator
    return {
        "indicator": indicator.pk,
        "code": indicator.code,
        "name": indicator.name,
        "problem": read.problem,
        "mention": list(read.mention),
        "snippet": read.snippet,
    }


@extend_schema(tags=["intake"])
class ReportFiguresView(APIView):
    """Read a unit's report (pasted text or file) for the indicators of a periodic report's
    form: each cell it fills with its value (a ratio's numerator and denominator, a
    milestone's 1 or 0, a rating's level from 1), the words it was read from and a
    confidence; the indicators mentioned without a figure that could be taken, and why.
    Writes nothing. Only the unit's reporters, on a report that can still change."""

    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(request=ReportFiguresReadSerializer, responses=ReportFiguresSerializer)
    def post(self, request: Request) -> Response:
        data = _valid(ReportFiguresReadSerializer, request)
        report = reporting_selectors.report_get(user=request.user, pk=data["report"])
        require_fillable(request.user, report)
        text, conversion = text_in(text=data.get("text") or "", upload=data.get("file"))
        text = unicodedata.normalize("NFC", text)  # the spans index the NFC text
        proposals = report_figures_read(by=request.user, report=report, text=text)
        body = {
            "report": report.pk,
            "version": report.version,
            "text": text,
            "cells": [_cell(p, text) for p in proposals if p.is_read],
            "unread": [_unread(p) for p in proposals if not p.is_read],
            "conversion": conversion_summary(conversion),
        }
        return Response(ReportFiguresSerializer(body).data)


@extend_schema(tags=["intake"])
class ReportFiguresApplyView(APIView):
    """Save the accepted cells of a report read from a text (as proposed or corrected)
    together through the report's save: each checked against its indicator and none saved
    when one is wrong (400 naming it), a report saved since `version` refused (409). Only
    the unit's reporters, on a report that can still change."""

    @extend_schema(request=ReportFiguresApplySerializer, responses=ReportDetailSerializer)
    def post(self, request: Request) -> Response:
        data = _valid(ReportFiguresApplySerializer, request)
        report = reporting_selectors.report_get(user=request.user, pk=data["report"])
        cells = {
            cell["indicator"]: Entry(cell["value"], cell["numerator"], cell["denominator"])
            for cell in data["cells"]
        }
        report = report_figures_fill(
            by=request.user, report=report, cells=cells, version=data["version"]
        )
        report = reporting_selectors.report_get(user=request.user, pk=report.pk)
        return Response(ReportDetailSerializer(report, context={"request": request}).data)
