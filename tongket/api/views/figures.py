"""Figures of many indicators × units × periods in one call, fresh from the roll-ups.

One scoped read (`reporting.selectors.figures_grid`): a unit outside the caller's subtrees,
or an indicator they cannot read (no resolution reaching them, or one marked above their
clearance), answers 404 for the whole call; a malformed id or code, a period not in the
calendar or a call above its bounds answers 400 naming the parameter."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tongket.api.serializers.figures import FiguresQuerySerializer, FiguresSerializer
from tongket.api.views.resolutions import _query
from tongket.core.read_cache import cached_data
from tongket.org import selectors as org_selectors
from tongket.reporting import selectors
from tongket.reporting.selectors.grid import MAX_CELLS
from tongket.resolutions import selectors as resolution_selectors


@extend_schema(tags=["analytics"])
class FiguresView(APIView):
    __doc__ = f"""Many indicators × units × periods in one call (the batch form of
    `/api/v1/analytics/`): each cell carries the figure of the indicator for the unit's
    subtree and the period (with numerator and denominator for a ratio), the number of units
    that reported it, the target and the share due by the period, progress in per cent, the
    status and the formula. The number of database queries does not depend on the number of
    cells (on the tree as it was, the default). At most {MAX_CELLS} cells per call.
    Completeness is not included: ask `/api/v1/completeness/` for it."""

    @extend_schema(parameters=[FiguresQuerySerializer], responses=FiguresSerializer)
    def get(self, request: Request) -> Response:
        return Response(cached_data(request, lambda: self._data(request), shared=True))

    def _data(self, request: Request) -> object:
        query = _query(FiguresQuerySerializer, request)
        periods = selectors.periods_get(codes=query["period"])
        indicators = resolution_selectors.indicators_find(
            user=request.user, refs=query["indicator"], resolution=query.get("resolution")
        )
        units = org_selectors.units_resolve(user=request.user, codes=query["unit"])
        basis = query.get("basis")
        rows = selectors.figures_grid(
            user=request.user,
            indicators=indicators,
            units=units,
            periods=periods,
            basis=basis,
            tree=query["tree"],
        )
        cells = [
            {"row": rows[(indicator.pk, unit.pk, period.pk)], "unit": unit, "period": period}
            for indicator in indicators
            for unit in units
            for period in periods
        ]
        data = {
            "tree": query["tree"],
            "indicators": indicators,
            "units": units,
            "periods": periods,
            "cells": cells,
        }
        return FiguresSerializer(data, context={"basis": basis}).data
