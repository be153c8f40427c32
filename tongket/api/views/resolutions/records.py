"""Resolutions over REST: the record, its issue and status, relations, parties,
attachments, the indicators workbook and the history."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from tongket.api.serializers.org import ChangeLogSerializer
from tongket.api.serializers.resolutions import (
    AttachmentSerializer,
    AttachmentWriteSerializer,
    ImportSerializer,
    IssueSerializer,
    PartySerializer,
    PartyWriteSerializer,
    RelationSerializer,
    RelationWriteSerializer,
    ResolutionDetailSerializer,
    ResolutionQuerySerializer,
    ResolutionSerializer,
    ResolutionUpdateSerializer,
    ResolutionWriteSerializer,
    StatusSerializer,
)
from tongket.api.views.org import _valid
from tongket.api.views.resolutions.common import WORKBOOK_RESPONSE, _counts, _fake, _query, _xlsx
from tongket.core.errors import NotFound
from tongket.core.selectors import changelog_for_object
from tongket.core.uploads import check_upload
from tongket.resolutions import selectors, services
from tongket.resolutions.models import Resolution

# --- Resolutions --------------------------------------------------------------------------


@extend_schema(tags=["resolutions"])
class ResolutionViewSet(viewsets.GenericViewSet):
    """Resolutions and every followed document (directives, programmes, plans…) reaching
    you: issued or kept in your subtrees or above them, or with a party there."""

    serializer_class = ResolutionSerializer
    queryset = Resolution.objects.none()
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self) -> Any:
        if _fake(self):
            return Resolution.objects.none()
        return selectors.resolution_list(
            user=self.request.user, **_query(ResolutionQuerySerializer, self.request)
        )

    def _object(self) -> Resolution:
        return selectors.resolution_get(user=self.request.user, pk=self.kwargs["pk"])

    def _detail(self, resolution: Resolution, code: int = status.HTTP_200_OK) -> Response:
        context = {"request": self.request}
        return Response(ResolutionDetailSerializer(resolution, context=context).data, status=code)

    @extend_schema(parameters=[ResolutionQuerySerializer])
    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(ResolutionSerializer(page, many=True).data)

    @extend_schema(responses=ResolutionDetailSerializer)
    def retrieve(self, request: Request, pk: str) -> Response:
        return self._detail(self._object())

    @extend_schema(request=ResolutionWriteSerializer, responses={201: ResolutionDetailSerializer})
    def create(self, request: Request) -> Response:
        resolution = services.resolution_create(
            by=request.user, **_valid(ResolutionWriteSerializer, request)
        )
        return self._detail(resolution, status.HTTP_201_CREATED)

    @extend_schema(request=ResolutionUpdateSerializer, responses=ResolutionDetailSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        resolution = self._object()
        data = _valid(ResolutionUpdateSerializer, request)
        return self._detail(
            services.resolution_update(by=request.user, resolution=resolution, **data)
        )

    @extend_schema(request=ResolutionUpdateSerializer, responses=ResolutionDetailSerializer)
    def update(self, request: Request, pk: str) -> Response:
        """Only the fields sent change (as PATCH)."""
        return self.partial_update(request, pk)

    @extend_schema(request=IssueSerializer, responses=ResolutionDetailSerializer)
    @action(detail=True, methods=["post"])
    def issue(self, request: Request, pk: str) -> Response:
        """Give a draft or a document mentioned its number and symbol (and issue date): it is
        in force, and its waiting supersessions take effect."""
        resolution = self._object()
        data = _valid(IssueSerializer, request)
        return self._detail(
            services.resolution_issue(by=request.user, resolution=resolution, **data)
        )

    @extend_schema(request=StatusSerializer, responses=ResolutionSerializer)
    @action(detail=True, methods=["post"], url_path="status", url_name="status")
    def set_status(self, request: Request, pk: str) -> Response:
        resolution = self._object()
        data = _valid(StatusSerializer, request)
        resolution = services.resolution_set_status(by=request.user, resolution=resolution, **data)
        return Response(ResolutionSerializer(resolution).data)

    @extend_schema(request=RelationWriteSerializer, responses={201: RelationSerializer})
    @action(detail=True, methods=["post"])
    def relations(self, request: Request, pk: str) -> Response:
        """Record that this resolution supersedes, implements or amends another."""
        resolution = self._object()
        data = _valid(RelationWriteSerializer, request)
        relation = services.relation_add(by=request.user, source=resolution, **data)
        row = {"relation": relation, "other": relation.target, "outgoing": True}
        return Response(RelationSerializer(row).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={204: None})
    @action(
        detail=True,
        methods=["delete"],
        url_path=r"relations/(?P<relation_pk>[0-9]+)",
        url_name="relation",
    )
    def relation_remove(self, request: Request, pk: str, relation_pk: str) -> Response:
        relation = self._object().relations_out.filter(pk=int(relation_pk)).first()
        if relation is None:
            raise NotFound(_("Not found."))
        services.relation_remove(by=request.user, relation=relation)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=PartyWriteSerializer, responses={201: PartySerializer})
    @action(detail=True, methods=["post"])
    def parties(self, request: Request, pk: str) -> Response:
        """Add a signing party (a coordination programme has several)."""
        resolution = self._object()
        data = _valid(PartyWriteSerializer, request)
        party = services.party_add(by=request.user, resolution=resolution, **data)
        return Response(PartySerializer(party).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={204: None})
    @action(
        detail=True,
        methods=["delete"],
        url_path=r"parties/(?P<party_pk>[0-9]+)",
        url_name="party",
    )
    def party_remove(self, request: Request, pk: str, party_pk: str) -> Response:
        party = self._object().parties.filter(pk=int(party_pk)).select_related("unit").first()
        if party is None:
            raise NotFound(_("Not found."))
        services.party_remove(by=request.user, party=party)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        request={"multipart/form-data": AttachmentWriteSerializer},
        responses={201: AttachmentSerializer},
    )
    @action(detail=True, methods=["post"])
    def attachments(self, request: Request, pk: str) -> Response:
        """Attach a PDF or DOCX (checked by content, not by name)."""
        resolution = self._object()
        data = _valid(AttachmentWriteSerializer, request)
        attachment = services.attachment_add(by=request.user, resolution=resolution, **data)
        return Response(
            AttachmentSerializer(attachment, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )

    def _attachment(self, file_pk: str) -> Any:
        attachment = self._object().attachments.filter(pk=int(file_pk)).first()
        if attachment is None:
            raise NotFound(_("Not found."))
        return attachment

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    @action(
        detail=True,
        methods=["get"],
        url_path=r"attachments/(?P<file_pk>[0-9]+)",
        url_name="attachment",
    )
    def attachment(self, request: Request, pk: str, file_pk: str) -> FileResponse:
        """Download a file of the resolution."""
        attachment = self._attachment(file_pk)
        try:
            handle = attachment.file.open("rb")
        except OSError as error:
            raise NotFound(_("The file is missing from the storage.")) from error
        return FileResponse(
            handle,
            as_attachment=True,
            filename=attachment.name,
            content_type=attachment.content_type,
        )

    @extend_schema(request=None, responses={204: None})
    @attachment.mapping.delete
    def attachment_remove(self, request: Request, pk: str, file_pk: str) -> Response:
        services.attachment_remove(by=request.user, attachment=self._attachment(file_pk))
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(responses=WORKBOOK_RESPONSE)
    @action(detail=True, methods=["get"])
    def export(self, request: Request, pk: str) -> HttpResponse:
        """The indicators and the targets you may read, as the workbook that re-imports."""
        resolution = self._object()
        content = services.export_workbook(user=request.user, resolution=resolution)
        return _xlsx(content, f"chi-tieu-{resolution.pk}.xlsx")

    @extend_schema(responses=WORKBOOK_RESPONSE)
    @action(detail=True, methods=["get"], url_path="import-template", url_name="import-template")
    def import_template(self, request: Request, pk: str) -> HttpResponse:
        """The empty workbook to fill (drop-down lists and a guide)."""
        resolution = self._object()
        content = services.export_workbook(user=request.user, resolution=resolution, template=True)
        return _xlsx(content, f"mau-chi-tieu-{resolution.pk}.xlsx")

    @extend_schema(
        request={"multipart/form-data": ImportSerializer},
        responses={
            200: _counts(
                "IndicatorImportCounts",
                ["indicators_created", "indicators_updated", "targets_set"],
            )
        },
    )
    @action(detail=True, methods=["post"], url_path="import", url_name="import")
    def import_workbook(self, request: Request, pk: str) -> Response:
        """Import the indicators-and-targets workbook at once, all or nothing: a file with
        any bad row is refused (400, `errors.rows` listing sheet, row, column and message
        of every bad row) and nothing is written."""
        resolution = self._object()
        upload = _valid(ImportSerializer, request)["file"]
        check_upload(upload, allowed=("xlsx",))
        counts = services.indicators_import(by=request.user, resolution=resolution, file=upload)
        return Response(counts)

    @extend_schema(responses=ChangeLogSerializer(many=True))
    @action(detail=True, methods=["get"])
    def history(self, request: Request, pk: str) -> Response:
        page = self.paginate_queryset(changelog_for_object(obj=self._object()))
        return self.get_paginated_response(
            ChangeLogSerializer(page, many=True, context=self.get_serializer_context()).data
        )
