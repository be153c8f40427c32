"""Targets over REST: set, adjusted, removed, cascaded and phased."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from tongket.api.serializers.resolutions import (
    CascadeSerializer,
    PhaseSerializer,
    TargetAdjustSerializer,
    TargetDetailSerializer,
    TargetQuerySerializer,
    TargetSerializer,
    TargetWriteSerializer,
)
from tongket.api.views.org import _valid
from tongket.api.views.resolutions.common import _fake, _query
from tongket.core.errors import NotFound
from tongket.org.selectors import unit_resolve
from tongket.resolutions import selectors, services
from tongket.resolutions.models import Target

# --- Targets ------------------------------------------------------------------------------


@extend_schema(tags=["targets"])
class TargetViewSet(viewsets.GenericViewSet):
    """Targets of the units in your subtrees, per year or for the whole horizon. Every change
    is kept as an adjustment (old value, effective date, author, reason)."""

    serializer_class = TargetSerializer
    queryset = Target.objects.none()

    def get_queryset(self) -> Any:
        if _fake(self):
            return Target.objects.none()
        params = _query(TargetQuerySerializer, self.request)
        year = params.pop("year", "any")
        if year != "any":
            year = None if year == "horizon" else int(year)
        return selectors.target_list(user=self.request.user, year=year, **params).order_by(
            "indicator_id", "unit__path", "year"
        )

    def _object(self) -> Target:
        return selectors.target_get(user=self.request.user, pk=self.kwargs["pk"])

    @extend_schema(parameters=[TargetQuerySerializer])
    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(TargetSerializer(page, many=True).data)

    @extend_schema(responses=TargetDetailSerializer)
    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(TargetDetailSerializer(self._object()).data)

    @extend_schema(
        request=TargetWriteSerializer,
        responses={201: TargetDetailSerializer, 200: TargetDetailSerializer},
    )
    def create(self, request: Request) -> Response:
        """Set the target of (indicator, unit, year): 201 when new, 200 when it adjusted an
        existing one."""
        data = _valid(TargetWriteSerializer, request)
        existed = selectors.target_list(
            user=request.user, indicator=data["indicator"], unit=data["unit"], year=data["year"]
        ).exists()
        target = services.target_set(by=request.user, **data)
        code = status.HTTP_200_OK if existed else status.HTTP_201_CREATED
        return Response(TargetDetailSerializer(target).data, status=code)

    @extend_schema(request=TargetAdjustSerializer, responses=TargetDetailSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        """Adjust the target (value, reason, effective date; `version` guards)."""
        target = self._object()
        data = _valid(TargetAdjustSerializer, request)
        target = services.target_set(
            by=request.user,
            indicator=target.indicator,
            unit=target.unit,
            year=target.year,
            **data,
        )
        return Response(TargetDetailSerializer(target).data)

    @extend_schema(request=TargetAdjustSerializer, responses=TargetDetailSerializer)
    def update(self, request: Request, pk: str) -> Response:
        return self.partial_update(request, pk)

    @extend_schema(
        parameters=[OpenApiParameter("reason", str, description="Why (kept in the history)")],
        responses={204: None},
    )
    def destroy(self, request: Request, pk: str) -> Response:
        target = self._object()
        reason = request.query_params.get("reason", "")[:1000]
        services.target_delete(by=request.user, target=target, reason=reason)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=CascadeSerializer, responses=TargetSerializer(many=True))
    @action(detail=False, methods=["post"])
    def cascade(self, request: Request) -> Response:
        """Split a unit's target to the units directly below: evenly, in proportion to
        another indicator's targets, or by hand (`shares`: unit code → value)."""
        data = _valid(CascadeSerializer, request)
        shares = {}
        for code, value in data.pop("shares").items():
            try:
                shares[unit_resolve(user=request.user, code=code).pk] = value
            except NotFound:
                raise serializers.ValidationError(
                    {"shares": [_("No unit has the code %(code)s.") % {"code": code}]}
                ) from None
        targets = services.target_cascade(by=request.user, shares=shares or None, **data)
        return Response(TargetSerializer(targets, many=True).data)

    @extend_schema(request=PhaseSerializer, responses=TargetSerializer(many=True))
    @action(detail=False, methods=["post"])
    def phase(self, request: Request) -> Response:
        """Phase a unit's whole-horizon target over the years of the horizon."""
        targets = services.target_phase(by=request.user, **_valid(PhaseSerializer, request))
        return Response(TargetSerializer(targets, many=True).data)
