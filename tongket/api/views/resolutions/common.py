"""What the resolution views share (and the other API views borrow): query parameters
checked like a body, the XLSX response, the schema generator's fake view."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WORKBOOK_RESPONSE = {(200, XLSX): OpenApiResponse(OpenApiTypes.BINARY, description="XLSX")}


def _query(serializer_class: type, request: Request) -> dict[str, Any]:
    """Query parameters checked like a body: a bad one is a 400 naming it."""
    serializer = serializer_class(data=request.query_params, context={"request": request})
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def _xlsx(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _fake(view: Any) -> bool:
    """The schema generator calls views without a real request."""
    return bool(getattr(view, "swagger_fake_view", False))


def _counts(name: str, keys: list[str]) -> Any:
    return inline_serializer(name, {key: serializers.IntegerField() for key in keys})
