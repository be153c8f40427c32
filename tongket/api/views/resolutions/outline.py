"""The outline of a resolution (objectives, tasks and measures) and its indicators over
REST."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from tongket.api.serializers.resolutions import (
    IndicatorQuerySerializer,
    IndicatorSerializer,
    IndicatorUpdateSerializer,
    IndicatorWriteSerializer,
    ItemMoveSerializer,
    ItemSerializer,
    ItemUpdateSerializer,
    ItemWriteSerializer,
    ResolutionFilterSerializer,
)
from tongket.api.views.org import _valid
from tongket.api.views.resolutions.common import _fake, _query
from tongket.resolutions import selectors, services
from tongket.resolutions.models import Indicator, Item

# --- Objectives, tasks and measures -------------------------------------------------------


@extend_schema(tags=["objectives"])
class ObjectiveViewSet(viewsets.GenericViewSet):
    """The outline of a resolution: objectives, tasks and measures, depth-first in order."""

    serializer_class = ItemSerializer
    queryset = Item.objects.none()

    def _object(self) -> Item:
        return selectors.item_get(user=self.request.user, pk=self.kwargs["pk"])

    @extend_schema(parameters=[ResolutionFilterSerializer])
    def list(self, request: Request) -> Response:
        items = selectors.item_list(
            user=request.user, **_query(ResolutionFilterSerializer, request)
        )
        page = self.paginate_queryset(items)  # type: ignore[arg-type]
        return self.get_paginated_response(ItemSerializer(page, many=True).data)

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(ItemSerializer(self._object()).data)

    @extend_schema(request=ItemWriteSerializer, responses={201: ItemSerializer})
    def create(self, request: Request) -> Response:
        item = services.item_create(by=request.user, **_valid(ItemWriteSerializer, request))
        return Response(ItemSerializer(item).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ItemUpdateSerializer, responses=ItemSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        item = self._object()
        data = _valid(ItemUpdateSerializer, request)
        return Response(
            ItemSerializer(services.item_update(by=request.user, item=item, **data)).data
        )

    @extend_schema(request=ItemUpdateSerializer, responses=ItemSerializer)
    def update(self, request: Request, pk: str) -> Response:
        return self.partial_update(request, pk)

    @extend_schema(responses={204: None})
    def destroy(self, request: Request, pk: str) -> Response:
        """Remove the item and its sub-items (refused while indicators or assignments hang
        on them)."""
        services.item_delete(by=request.user, item=self._object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=ItemMoveSerializer, responses=ItemSerializer)
    @action(detail=True, methods=["post"])
    def move(self, request: Request, pk: str) -> Response:
        """Move up or down among its siblings (the outline numbers follow)."""
        item = self._object()
        direction = _valid(ItemMoveSerializer, request)["direction"]
        item = services.item_move(by=request.user, item=item, offset=-1 if direction == "up" else 1)
        return Response(ItemSerializer(item).data)


# --- Indicators ---------------------------------------------------------------------------


@extend_schema(tags=["indicators"])
class IndicatorViewSet(viewsets.GenericViewSet):
    """Indicators (chỉ tiêu) of the resolutions reaching you."""

    serializer_class = IndicatorSerializer
    queryset = Indicator.objects.none()

    def get_queryset(self) -> Any:
        if _fake(self):
            return Indicator.objects.none()
        return selectors.indicator_list(
            user=self.request.user, **_query(IndicatorQuerySerializer, self.request)
        )

    def _object(self) -> Indicator:
        return selectors.indicator_get(user=self.request.user, pk=self.kwargs["pk"])

    @extend_schema(parameters=[IndicatorQuerySerializer])
    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(IndicatorSerializer(page, many=True).data)

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(IndicatorSerializer(self._object()).data)

    @extend_schema(request=IndicatorWriteSerializer, responses={201: IndicatorSerializer})
    def create(self, request: Request) -> Response:
        indicator = services.indicator_create(
            by=request.user, **_valid(IndicatorWriteSerializer, request)
        )
        return Response(IndicatorSerializer(indicator).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=IndicatorUpdateSerializer, responses=IndicatorSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        indicator = self._object()
        data = _valid(IndicatorUpdateSerializer, request)
        updated = services.indicator_update(by=request.user, indicator=indicator, **data)
        return Response(IndicatorSerializer(updated).data)

    @extend_schema(request=IndicatorUpdateSerializer, responses=IndicatorSerializer)
    def update(self, request: Request, pk: str) -> Response:
        return self.partial_update(request, pk)

    @extend_schema(responses={204: None})
    def destroy(self, request: Request, pk: str) -> Response:
        """Remove an indicator no value was reported for (its targets go with it)."""
        services.indicator_delete(by=request.user, indicator=self._object())
        return Response(status=status.HTTP_204_NO_CONTENT)
