"""The intake over REST: `POST /api/v1/intake/` with a pasted text or an uploaded file
(multipart) answers the facts read from it, matched against the registry; it writes nothing.
Reads and rules live in tongket.intake (services.intake_read)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tongket.api.serializers.intake import (
    IntakeCapabilitiesSerializer,
    IntakeFactsSerializer,
    IntakeReadSerializer,
)
from tongket.api.views.org import _valid
from tongket.core.legacy_text import NAMES
from tongket.intake.extraction import accepted_file_types
from tongket.intake.services import MAX_CHARACTERS, intake_read


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
