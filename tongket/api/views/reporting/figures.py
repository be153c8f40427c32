"""An indicator's figures and the completeness of reporting over REST."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tongket.api.serializers.reporting import (
    AnalyticsQuerySerializer,
    AnalyticsSerializer,
    CompletenessQuerySerializer,
    CompletenessSerializer,
    analytics_data,
)
from tongket.api.views.resolutions import _query
from tongket.core.read_cache import cached_data
from tongket.reporting import selectors
from tongket.resolutions import selectors as resolution_selectors


@extend_schema(tags=["analytics"])
class AnalyticsView(APIView):
    """An indicator's figure at a unit's subtree for a period, fresh from the roll-ups: the
    value (with numerator and denominator for a ratio), the target and the share due by the
    period, progress in per cent, the status, the formula that made the figure, and the
    reporting it rests on. `children=1` adds the same for each unit directly below."""

    @extend_schema(parameters=[AnalyticsQuerySerializer], responses=AnalyticsSerializer)
    def get(self, request: Request) -> Response:
        return Response(cached_data(request, lambda: self._data(request), shared=True))

    def _data(self, request: Request) -> object:
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
        return analytics_data(data)


@extend_schema(tags=["analytics"])
class CompletenessView(APIView):
    """Completeness and timeliness of reporting in a unit's subtree for a period."""

    @extend_schema(parameters=[CompletenessQuerySerializer], responses=CompletenessSerializer)
    def get(self, request: Request) -> Response:
        return Response(cached_data(request, lambda: self._data(request), shared=True))

    def _data(self, request: Request) -> object:
        query = _query(CompletenessQuerySerializer, request)
        form = query.get("form")
        counts = selectors.completeness(
            user=request.user,
            unit=query["unit"],
            period=query["period"],
            forms=[form] if form is not None else None,
            tree=query["tree"],
        )
        return CompletenessSerializer(counts).data
