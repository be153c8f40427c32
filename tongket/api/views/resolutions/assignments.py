"""Assignments over REST: tasks given to a lead unit, and their progress."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from tongket.api.serializers.resolutions import (
    AssignmentQuerySerializer,
    AssignmentSerializer,
    AssignmentStatusSerializer,
    AssignmentUpdateSerializer,
    AssignmentWriteSerializer,
)
from tongket.api.views.org import _valid
from tongket.api.views.resolutions.common import _fake, _query
from tongket.resolutions import selectors, services
from tongket.resolutions.models import Assignment

# --- Assignments --------------------------------------------------------------------------


@extend_schema(tags=["assignments"])
class AssignmentViewSet(viewsets.GenericViewSet):
    """Tasks given to a lead unit with coordinating units and a deadline."""

    serializer_class = AssignmentSerializer
    queryset = Assignment.objects.none()

    def get_queryset(self) -> Any:
        if _fake(self):
            return Assignment.objects.none()
        return selectors.assignment_list(
            user=self.request.user, **_query(AssignmentQuerySerializer, self.request)
        )

    def _object(self) -> Assignment:
        return selectors.assignment_get(user=self.request.user, pk=self.kwargs["pk"])

    @extend_schema(parameters=[AssignmentQuerySerializer])
    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(AssignmentSerializer(page, many=True).data)

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(AssignmentSerializer(self._object()).data)

    @extend_schema(request=AssignmentWriteSerializer, responses={201: AssignmentSerializer})
    def create(self, request: Request) -> Response:
        assignment = services.assignment_create(
            by=request.user, **_valid(AssignmentWriteSerializer, request)
        )
        return Response(AssignmentSerializer(assignment).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=AssignmentUpdateSerializer, responses=AssignmentSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        assignment = self._object()
        data = _valid(AssignmentUpdateSerializer, request)
        assignment = services.assignment_update(by=request.user, assignment=assignment, **data)
        return Response(AssignmentSerializer(assignment).data)

    @extend_schema(request=AssignmentUpdateSerializer, responses=AssignmentSerializer)
    def update(self, request: Request, pk: str) -> Response:
        return self.partial_update(request, pk)

    @extend_schema(responses={204: None})
    def destroy(self, request: Request, pk: str) -> Response:
        services.assignment_delete(by=request.user, assignment=self._object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=AssignmentStatusSerializer, responses=AssignmentSerializer)
    @action(detail=True, methods=["post"], url_path="status", url_name="status")
    def set_status(self, request: Request, pk: str) -> Response:
        """Report progress: the lead unit's people or the keepers of the resolution."""
        assignment = self._object()
        data = _valid(AssignmentStatusSerializer, request)
        assignment = services.assignment_set_status(by=request.user, assignment=assignment, **data)
        return Response(AssignmentSerializer(assignment).data)
