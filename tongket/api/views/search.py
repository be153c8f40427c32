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
)
from tongket.api.views.resolutions import _query
from tongket.search import selectors


@extend_schema(tags=["search"])
class SearchView(APIView):
    """Full-text search over everything the caller may open: resolutions, periodic report
    narratives, unit review reports, documents (latest draft), meetings, conclusions, award
    decisions and the text of attached files. Every word must appear (case and diacritics
    ignored: "nghi quyet hau can" finds "Nghị quyết … hậu cần"); best first. A record outside
    the caller's units or above the caller's clearance is never a hit."""

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
        )
        data = {
            "query": results.query,
            "count": results.total,
            "page": results.page,
            "pages": results.pages,
            "results": [hit_data(hit) for hit in results.hits],
        }
        return Response(SearchResultsSerializer(data).data)
