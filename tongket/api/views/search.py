"""`GET /api/v1/search/`: the search of the pages over REST (tongket.search.selectors)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tongket.api.serializers.search import (
    SearchQuerySerializer,
    SearchResultsSerializer,
    hit_data,
    suggestion_data,
)
from tongket.api.views.resolutions import _query
from tongket.search import selectors


@extend_schema(tags=["search"])
class SearchView(APIView):
    """Full-text search over everything the caller may open: resolutions (with their
    objectives, tasks and measures), indicators (name, unit of measure, definition),
    periodic report narratives, unit review reports, documents (latest draft: dossiers,
    minutes, notices, decisions…), meetings, conclusions, award decisions and the text of
    attached files (of resolutions, reports and nominations). Every word must appear (case
    and diacritics ignored: "nghi quyet hau can" finds "Nghị quyết … hậu cần"); best first.
    A record outside the caller's units or above the caller's clearance is never a hit.

    A query that finds fewer than three hits gets `suggestions` ("did you mean"); one that
    finds nothing is searched again with its slips corrected, unless `exact` is asked, and
    `corrected_query` says so ("tran dia phong khomg" finds "trận địa phòng không"). A
    suggestion's words come only from records the caller may open."""

    @extend_schema(parameters=[SearchQuerySerializer], responses=SearchResultsSerializer)
    def get(self, request: Request) -> Response:
        query = _query(SearchQuerySerializer, request)
        results = selectors.search(
            user=request.user,
            query=query["q"],
            kind=query.get("kind"),
            unit=query.get("unit"),
            date_from=query.get("from"),
            date_to=query.get("to"),
            page=query["page"],
            per_page=query["page_size"],
            correct=not query["exact"],
        )
        data = {
            "query": results.query,
            "corrected_query": results.corrected.text if results.corrected else None,
            "suggestions": [suggestion_data(s) for s in results.suggestions],
            "count": results.total,
            "page": results.page,
            "pages": results.pages,
            "results": [hit_data(hit) for hit in results.hits],
        }
        return Response(SearchResultsSerializer(data).data)
