"""The dashboards over REST: dashboards people compose from favourites, text and the reports
due, the home dashboard a person chooses or their role's default at a unit.

Reads go through the scoped selectors (outside the caller's subtrees: 404), writes through
the services of `tongket.analysis`."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from tongket.analysis import selectors, services
from tongket.analysis.models import Dashboard
from tongket.api.serializers.analysis import (
    DashboardDefaultSerializer,
    DashboardDetailSerializer,
    DashboardHomeQuerySerializer,
    DashboardHomeSerializer,
    DashboardHomeWriteSerializer,
    DashboardItemRemoveSerializer,
    DashboardItemWriteSerializer,
    DashboardOrderSerializer,
    DashboardSerializer,
    DashboardUpdateSerializer,
    DashboardWriteSerializer,
)
from tongket.api.views.org import _valid
from tongket.api.views.resolutions import _fake
from tongket.core.errors import NotFound


@extend_schema(tags=["analysis"])
class DashboardViewSet(viewsets.GenericViewSet):
    """Dashboards people compose from favourites, text and the reports due: yours, and those
    shared with a unit your grants cover. Only the owner changes one; `order` arranges its
    items (what dragging does on the page)."""

    serializer_class = DashboardSerializer
    queryset = Dashboard.objects.none()

    def get_queryset(self) -> Any:
        if _fake(self):
            return Dashboard.objects.none()
        return selectors.dashboard_list(user=self.request.user)

    def _object(self) -> Dashboard:
        return self._dashboard(self.kwargs["pk"])

    def _dashboard(self, pk: Any) -> Dashboard:
        return selectors.dashboard_get(user=self.request.user, pk=pk)

    def _detail(self, dashboard: Dashboard, code: int = status.HTTP_200_OK) -> Response:
        dashboard = selectors.dashboard_get(user=self.request.user, pk=dashboard.pk)
        items = selectors.dashboard_items(dashboard=dashboard)
        return Response(
            DashboardDetailSerializer(dashboard, context={"items": items}).data, status=code
        )

    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(DashboardSerializer(page, many=True).data)

    @extend_schema(responses=DashboardDetailSerializer)
    def retrieve(self, request: Request, pk: str) -> Response:
        return self._detail(self._object())

    @extend_schema(request=DashboardWriteSerializer, responses={201: DashboardDetailSerializer})
    def create(self, request: Request) -> Response:
        dashboard = services.dashboard_create(
            by=request.user, **_valid(DashboardWriteSerializer, request)
        )
        return self._detail(dashboard, status.HTTP_201_CREATED)

    @extend_schema(request=DashboardUpdateSerializer, responses=DashboardDetailSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        dashboard = services.dashboard_update(
            by=request.user, dashboard=self._object(), **_valid(DashboardUpdateSerializer, request)
        )
        return self._detail(dashboard)

    def destroy(self, request: Request, pk: str) -> Response:
        services.dashboard_delete(by=request.user, dashboard=self._object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=DashboardItemWriteSerializer, responses=DashboardDetailSerializer)
    @action(detail=True, methods=["post"])
    def items(self, request: Request, pk: str) -> Response:
        """Add an item at the end: `kind` favourite (with `visualization`, one you can
        read), text (with `text`) or due_reports."""
        dashboard = self._object()
        data = _valid(DashboardItemWriteSerializer, request)
        if data.get("visualization") is not None:
            data["visualization"] = selectors.visualization_get(
                user=request.user, pk=data["visualization"]
            )
        services.dashboard_item_add(by=request.user, dashboard=dashboard, **data)
        return self._detail(dashboard)

    @extend_schema(request=DashboardItemRemoveSerializer, responses=DashboardDetailSerializer)
    @action(detail=True, methods=["post"], url_path="remove-item")
    def remove_item(self, request: Request, pk: str) -> Response:
        dashboard = self._object()
        wanted = _valid(DashboardItemRemoveSerializer, request)["item"]
        item = next(
            (i for i in selectors.dashboard_items(dashboard=dashboard) if i.pk == wanted), None
        )
        if item is None:
            raise NotFound(_("Not found."))
        services.dashboard_item_remove(by=request.user, item=item)
        return self._detail(dashboard)

    @extend_schema(request=DashboardDefaultSerializer, responses=DashboardDetailSerializer)
    @action(detail=True, methods=["post"])
    def default(self, request: Request, pk: str) -> Response:
        """Make the dashboard what the users of its unit holding `role` (empty: everyone)
        open on while they have not chosen one of their own; with `clear`, stop it. For
        whoever keeps the unit's shared dashboards (administrator, tracking officer)."""
        dashboard = self._object()
        data = _valid(DashboardDefaultSerializer, request)
        if data["clear"]:
            services.dashboard_default_clear(
                by=request.user,
                default=selectors.dashboard_default_get(dashboard=dashboard, role=data["role"]),
            )
        else:
            services.dashboard_default_set(by=request.user, dashboard=dashboard, role=data["role"])
        return self._detail(dashboard)

    @extend_schema(
        methods=["GET"],
        parameters=[DashboardHomeQuerySerializer],
        responses=DashboardHomeSerializer,
    )
    @extend_schema(
        methods=["PUT"],
        parameters=[DashboardHomeQuerySerializer],
        request=DashboardHomeWriteSerializer,
        responses=DashboardHomeSerializer,
    )
    @action(detail=False, methods=["get", "put"])
    def home(self, request: Request) -> Response:
        """The dashboard your home page shows: your own choice, else the default of your role
        (or everyone) at the nearest unit up from `unit` and your grants. `PUT` chooses one
        (`dashboard`: an id you can see) or, with null, goes back to the default."""
        query = DashboardHomeQuerySerializer(
            data=request.query_params, context={"request": request}
        )
        query.is_valid(raise_exception=True)
        if request.method == "PUT":
            wanted = _valid(DashboardHomeWriteSerializer, request)["dashboard"]
            chosen = None if wanted is None else self._dashboard(wanted)
            services.dashboard_choose(by=request.user, dashboard=chosen)
        found = selectors.dashboard_home(user=request.user, unit=query.validated_data.get("unit"))
        items = selectors.dashboard_items(dashboard=found.dashboard) if found.dashboard else []
        return Response(DashboardHomeSerializer(found, context={"items": items}).data)

    @extend_schema(request=DashboardOrderSerializer, responses=DashboardDetailSerializer)
    @action(detail=True, methods=["post"])
    def order(self, request: Request, pk: str) -> Response:
        """Arrange the items: every item id once, in the new order."""
        dashboard = services.dashboard_arrange(
            by=request.user,
            dashboard=self._object(),
            order=_valid(DashboardOrderSerializer, request)["order"],
        )
        return self._detail(dashboard)
