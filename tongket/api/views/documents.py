"""Documents over REST: the documents of a campaign's draft dossier with their numbered
drafts (dự thảo lần N), the differences between two drafts, the comments and their answers;
every document rendered as DOCX, and as PDF where LibreOffice is installed.

Reads go through the scoped selectors (outside the caller's reach: 404); drafts and comments
are written through tongket.reviews.services (the drafting team edits and answers; members of
the steering committee and the team comment)."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from tongket.api.serializers.documents import (
    CampaignDocumentDetailSerializer,
    CampaignDocumentQuerySerializer,
    CampaignDocumentSerializer,
    CommentAnswerSerializer,
    CommentSerializer,
    CommentWriteSerializer,
    DiffQuerySerializer,
    DiffSerializer,
    DocumentSerializer,
    DraftDetailSerializer,
    DraftSerializer,
    DraftWriteSerializer,
    FrameWriteSerializer,
    RecordIssuedSerializer,
    UploadResultSerializer,
    UploadWriteSerializer,
)
from tongket.api.views.org import _valid
from tongket.api.views.resolutions import _fake, _query
from tongket.documents import correction, files, selectors
from tongket.documents.models import Document, DocumentComment
from tongket.documents.rendering import docx_to_pdf
from tongket.documents.services import current_version
from tongket.reviews import selectors as review_selectors
from tongket.reviews import services as review_services
from tongket.reviews.choices import DossierRole
from tongket.reviews.models import CampaignDocument

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DOCX_RESPONSE = {(200, DOCX): OpenApiResponse(OpenApiTypes.BINARY, description="DOCX")}
PDF_RESPONSE = {
    (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="PDF"),
    409: OpenApiResponse(description="LibreOffice is not installed on the server"),
}


class Unavailable(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "unavailable"


def docx_of(document: Document) -> bytes:
    """The current draft rendered now, or the file stored when the document was issued."""
    return files.docx_of(document)


def file_response(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def docx_download(document: Document) -> HttpResponse:
    return file_response(docx_of(document), DOCX, f"van-ban-{document.pk}.docx")


@extend_schema(tags=["documents"])
class DocumentViewSet(viewsets.GenericViewSet):
    """Documents issued or drafted by units of your subtrees (and the dossiers of the
    campaigns you may read), rendered in their format profile."""

    serializer_class = DocumentSerializer
    queryset = Document.objects.none()

    def get_queryset(self) -> Any:
        if _fake(self):
            return Document.objects.none()
        return selectors.document_list(user=self.request.user).order_by("-updated_at", "-id")

    def _object(self) -> Document:
        return selectors.document_get(user=self.request.user, pk=self.kwargs["pk"])

    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(DocumentSerializer(page, many=True).data)

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(DocumentSerializer(self._object()).data)

    @extend_schema(responses=DOCX_RESPONSE)
    @action(detail=True, methods=["get"])
    def docx(self, request: Request, pk: str) -> HttpResponse:
        """The current draft (or the issued text) as a Word file in its format profile."""
        return docx_download(self._object())

    @extend_schema(request=FrameWriteSerializer, responses=DocumentSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        """Correct the frame of a draft: header lines, issuer code, subject, place, date,
        signature authority and signer, recipients (or the signers side by side). A dossier
        document is corrected by the campaign's drafting team, any other by whoever may make
        it; `version` is required (409 with the current version when stale)."""
        document = self._object()
        data = _valid(FrameWriteSerializer, request)
        if "signers" in data:
            data["signers"] = [dict(signer) for signer in data["signers"]]
        if correction.in_campaign(document):
            saved = review_services.dossier_frame_save(by=request.user, document=document, **data)
        else:
            saved = correction.frame_correct(by=request.user, document=document, **data)
        return Response(DocumentSerializer(saved).data)

    @extend_schema(request=DraftWriteSerializer, responses={201: DraftDetailSerializer})
    @action(detail=True, methods=["post"])
    def drafts(self, request: Request, pk: str) -> Response:
        """Save a new draft of the document's text (blocks as the current draft has them);
        `version` is required."""
        document = self._object()
        data = _valid(DraftWriteSerializer, request)
        data["edited_keys"] = set(data["edited_keys"]) or None
        if correction.in_campaign(document):
            saved = review_services.dossier_save(by=request.user, document=document, **data)
        else:
            saved = correction.text_correct(by=request.user, document=document, **data)
        return Response(DraftDetailSerializer(saved).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request={"multipart/form-data": UploadWriteSerializer},
        responses={200: UploadResultSerializer, 201: UploadResultSerializer},
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser, JSONParser])
    def upload(self, request: Request, pk: str) -> Response:
        """Upload back the Word file downloaded from this document and edited: its text
        changes become the next draft (201), or nothing when it changes no text (200).
        Header, signature and figures tables are not taken from the file (`ignored`)."""
        document = self._object()
        data = _valid(UploadWriteSerializer, request)
        save = review_services.dossier_save if correction.in_campaign(document) else None
        saved, result = correction.upload_save(
            by=request.user,
            document=document,
            upload=data["file"],
            version=data["version"],
            save=save,
        )
        body = {
            "base": result.base,
            "draft": saved.number if saved else None,
            "changed": result.changed,
            "ignored": [str(message) for message in result.ignored],
        }
        return Response(
            UploadResultSerializer(body).data,
            status=status.HTTP_201_CREATED if saved else status.HTTP_200_OK,
        )

    @extend_schema(request=RecordIssuedSerializer, responses=DocumentSerializer)
    @action(detail=True, methods=["post"])
    def issued(self, request: Request, pk: str) -> Response:
        """Record the number and date a document issued on paper carries: any document
        outside a campaign (whoever may correct it), or a campaign's plan (its tracking
        officers); not a dossier document: the campaign issues those."""
        document = self._object()
        if correction.in_campaign(document):
            if document.campaign_link.role != DossierRole.PLAN:
                raise exceptions.PermissionDenied(
                    _("A review's documents are issued with the campaign.")
                )
            saved = review_services.campaign_plan_record(
                by=request.user,
                campaign=document.campaign_link.campaign,
                **_valid(RecordIssuedSerializer, request),
            )
            return Response(DocumentSerializer(saved).data)
        data = _valid(RecordIssuedSerializer, request)
        saved = correction.record_issued(by=request.user, document=document, **data)
        return Response(DocumentSerializer(saved).data)

    @extend_schema(responses=PDF_RESPONSE)
    @action(detail=True, methods=["get"])
    def pdf(self, request: Request, pk: str) -> HttpResponse:
        """The same as PDF, converted by LibreOffice headless; 409 where it is not installed
        (download the DOCX instead)."""
        document = self._object()
        pdf = docx_to_pdf(docx_of(document))
        if pdf is None:
            raise Unavailable(
                _(
                    "PDF is not available: LibreOffice is not installed on the server. "
                    "Download the DOCX file instead."
                )
            )
        return file_response(pdf, "application/pdf", f"van-ban-{document.pk}.pdf")


@extend_schema(tags=["campaign-documents"])
class CampaignDocumentViewSet(viewsets.GenericViewSet):
    """The documents of the draft dossiers (review report, submission, draft resolution) of
    the campaigns reaching you, by the document's id."""

    serializer_class = CampaignDocumentSerializer
    queryset = CampaignDocument.objects.none()

    def get_queryset(self) -> Any:
        if _fake(self):
            return CampaignDocument.objects.none()
        return review_selectors.campaign_document_list(
            user=self.request.user, **_query(CampaignDocumentQuerySerializer, self.request)
        )

    def _object(self) -> CampaignDocument:
        return review_selectors.campaign_document_get(user=self.request.user, pk=self.kwargs["pk"])

    @extend_schema(parameters=[CampaignDocumentQuerySerializer])
    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(CampaignDocumentSerializer(page, many=True).data)

    @extend_schema(responses=CampaignDocumentDetailSerializer)
    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(CampaignDocumentDetailSerializer(self._object()).data)

    @extend_schema(responses=DraftSerializer(many=True))
    @action(detail=True, methods=["get"])
    def versions(self, request: Request, pk: str) -> Response:
        """The numbered drafts, latest first."""
        link = self._object()
        page = self.paginate_queryset(selectors.versions(document=link.document))
        return self.get_paginated_response(DraftSerializer(page, many=True).data)

    @extend_schema(request=DraftWriteSerializer, responses={201: DraftDetailSerializer})
    @versions.mapping.post
    def versions_create(self, request: Request, pk: str) -> Response:
        """Save a new draft (the drafting team, while drafting or in consultation; an
        adopted or issued document cannot change)."""
        link = self._object()
        data = _valid(DraftWriteSerializer, request)
        data["edited_keys"] = set(data["edited_keys"]) or None
        saved = review_services.dossier_save(by=request.user, document=link.document, **data)
        return Response(DraftDetailSerializer(saved).data, status=status.HTTP_201_CREATED)

    @extend_schema(parameters=[DiffQuerySerializer], responses=DiffSerializer)
    @action(detail=True, methods=["get"])
    def diff(self, request: Request, pk: str) -> Response:
        """What changed between two drafts (default: the one before and the current one),
        section by section, line by line."""
        link = self._object()
        query = _query(DiffQuerySerializer, request)
        current = current_version(link.document)
        new_number = query.get("new", current.number)
        old_number = query.get("old", max(new_number - 1, 1))
        old = selectors.version_get(document=link.document, number=old_number)
        new = selectors.version_get(document=link.document, number=new_number)
        sections = selectors.version_diff(old=old, new=new)
        return Response(
            DiffSerializer({"old": old.number, "new": new.number, "sections": sections}).data
        )

    @extend_schema(responses=CommentSerializer(many=True))
    @action(detail=True, methods=["get"])
    def comments(self, request: Request, pk: str) -> Response:
        link = self._object()
        page = self.paginate_queryset(selectors.comments(document=link.document))
        return self.get_paginated_response(CommentSerializer(page, many=True).data)

    @extend_schema(request=CommentWriteSerializer, responses={201: CommentSerializer})
    @comments.mapping.post
    def comments_create(self, request: Request, pk: str) -> Response:
        """Comment on a section of the current draft (members of the steering committee and
        the drafting team); `required` comments must be answered before adoption."""
        link = self._object()
        data = _valid(CommentWriteSerializer, request)
        comment = review_services.dossier_comment(by=request.user, document=link.document, **data)
        return Response(CommentSerializer(comment).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["campaign-documents"])
class DocumentCommentViewSet(viewsets.GenericViewSet):
    """A comment on a dossier document, answered by the drafting team."""

    serializer_class = CommentSerializer
    queryset = DocumentComment.objects.none()

    def _object(self) -> DocumentComment:
        return review_selectors.dossier_comment_get(user=self.request.user, pk=self.kwargs["pk"])

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(CommentSerializer(self._object()).data)

    @extend_schema(request=CommentAnswerSerializer, responses=CommentSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request: Request, pk: str) -> Response:
        """Accept or reject the comment, with a reply (required when rejecting)."""
        comment = self._object()
        data = _valid(CommentAnswerSerializer, request)
        comment = review_services.dossier_comment_answer(by=request.user, comment=comment, **data)
        return Response(CommentSerializer(comment).data)
