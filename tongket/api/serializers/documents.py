"""Shapes of documents, their numbered drafts and the comments on them in the API."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from tongket.api.serializers.resolutions import (
    ENUM_NAMES,
    MAX_INT,
    InlineChoiceField,
    ModelSerializer,
)
from tongket.api.serializers.reviews import no_null_characters
from tongket.documents.choices import Authority, CommentStatus, DocumentKind, DocumentStatus
from tongket.documents.models import Document, DocumentComment, DocumentVersion
from tongket.reviews.choices import DossierRole
from tongket.reviews.models import CampaignDocument

ENUM_NAMES.update(
    {
        frozenset(choices.values): f"{choices.__name__}Enum"
        for choices in (Authority, CommentStatus, DocumentKind, DocumentStatus)
    }
)


class DocumentSerializer(ModelSerializer):
    issuer = serializers.SlugRelatedField(slug_field="code", read_only=True)
    profile = serializers.CharField(source="profile.code", read_only=True)

    class Meta:
        model = Document
        fields = [
            "id",
            "kind",
            "title",
            "subject",
            "issuer",
            "profile",
            "type_code",
            "number",
            "symbol",
            "issuer_code",
            "header_upper",
            "header_issuer",
            "place",
            "dated_on",
            "issued_on",
            "status",
            "authority",
            "authority_body",
            "signer_title",
            "signer_name",
            "recipients",
            "version",
            "updated_at",
        ]


class SignerSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    name = serializers.CharField(max_length=200, allow_blank=True, default="")


class FrameWriteSerializer(serializers.Serializer):
    """A correction of the frame: only the fields given change. `signers` (minutes: the
    secretary and the chair) replaces the people signing side by side, in a new draft."""

    version = serializers.IntegerField(
        min_value=1, max_value=MAX_INT, help_text="The document's version as read (409 if stale)"
    )
    header_upper = serializers.CharField(max_length=200, required=False, allow_blank=True)
    header_issuer = serializers.CharField(max_length=200, required=False, allow_blank=True)
    issuer_code = serializers.CharField(max_length=32, required=False)
    subject = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    place = serializers.CharField(max_length=100, required=False, allow_blank=True)
    dated_on = serializers.DateField(required=False, allow_null=True)
    authority = InlineChoiceField(choices=Authority.choices, required=False, allow_blank=True)
    authority_body = serializers.CharField(max_length=200, required=False, allow_blank=True)
    signer_title = serializers.CharField(max_length=200, required=False, allow_blank=True)
    signer_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    recipients = serializers.ListField(
        child=serializers.CharField(max_length=300), required=False, max_length=100
    )
    signers = SignerSerializer(many=True, required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        no_null_characters(attrs)
        return attrs


class RecordIssuedSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, max_value=MAX_INT)
    number = serializers.IntegerField(min_value=1, max_value=99999)
    issued_on = serializers.DateField()


class UploadWriteSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, max_value=MAX_INT)
    file = serializers.FileField(help_text="The DOCX downloaded from the document, edited")


class UploadResultSerializer(serializers.Serializer):
    base = serializers.IntegerField(help_text="The draft the file was read against")
    draft = serializers.IntegerField(allow_null=True, help_text="The new draft; null: no change")
    changed = serializers.ListField(child=serializers.CharField(), help_text="Section keys")
    ignored = serializers.ListField(
        child=serializers.CharField(), help_text="What the file changes that is not taken"
    )


class CampaignDocumentSerializer(serializers.Serializer):
    """A document of a campaign: its plan (role `plan`) or a document of its draft dossier."""

    id = serializers.IntegerField(source="document.pk")
    campaign = serializers.IntegerField(source="campaign_id")
    role = InlineChoiceField(choices=DossierRole.choices)
    kind = serializers.CharField(source="document.kind")
    subject = serializers.CharField(source="document.subject")
    issuer = serializers.CharField(source="document.issuer.code")
    status = serializers.CharField(source="document.status")
    symbol = serializers.CharField(source="document.symbol")
    issued_on = serializers.DateField(source="document.issued_on", allow_null=True)
    version = serializers.IntegerField(source="document.version")


class CampaignDocumentDetailSerializer(CampaignDocumentSerializer):
    draft = serializers.SerializerMethodField(help_text="The current draft number (lần N)")
    content = serializers.SerializerMethodField(help_text="The current draft's blocks")

    def _current(self, obj: CampaignDocument) -> DocumentVersion | None:
        return obj.document.versions.order_by("-number").first()

    def get_draft(self, obj: CampaignDocument) -> int | None:
        current = self._current(obj)
        return current.number if current else None

    def get_content(self, obj: CampaignDocument) -> list[dict[str, Any]]:
        current = self._current(obj)
        return current.content if current else []


class DraftSerializer(ModelSerializer):
    created_by = serializers.CharField(source="created_by.username", default=None, read_only=True)

    class Meta:
        model = DocumentVersion
        fields = ["number", "note", "created_at", "created_by"]


class DraftDetailSerializer(DraftSerializer):
    class Meta(DraftSerializer.Meta):
        fields = [*DraftSerializer.Meta.fields, "content"]


class DraftWriteSerializer(serializers.Serializer):
    content = serializers.ListField(
        child=serializers.DictField(),
        help_text='Blocks: {"key", "heading", "level", "text", "table", "proposal"…}',
        max_length=1000,
    )
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)
    version = serializers.IntegerField(
        min_value=1,
        max_value=MAX_INT,
        required=False,
        allow_null=True,
        default=None,
        help_text="The document's version as read: a stale save is refused (code conflict)",
    )
    edited_keys = serializers.ListField(
        child=serializers.CharField(max_length=80), required=False, default=list, max_length=1000
    )

    def validate_content(self, value: list[dict[str, Any]]) -> list[dict[str, Any]]:
        no_null_characters(value)
        for block in value:
            if not isinstance(block.get("key", ""), str):
                raise serializers.ValidationError(_("Each block's key is text."))
        return value


class DiffQuerySerializer(serializers.Serializer):
    old = serializers.IntegerField(
        min_value=1, max_value=MAX_INT, required=False, help_text="Default: the draft before"
    )
    new = serializers.IntegerField(
        min_value=1, max_value=MAX_INT, required=False, help_text="Default: the current draft"
    )


class DiffLineSerializer(serializers.Serializer):
    kind = InlineChoiceField(
        choices=[("removed", "removed"), ("added", "added"), ("same", "same")],
        enum_name="DiffLineKindEnum",
    )
    text = serializers.CharField()


class DiffSectionSerializer(serializers.Serializer):
    key = serializers.CharField()
    heading = serializers.CharField()
    lines = DiffLineSerializer(many=True)


class DiffSerializer(serializers.Serializer):
    old = serializers.IntegerField()
    new = serializers.IntegerField()
    sections = DiffSectionSerializer(many=True)


class CommentSerializer(ModelSerializer):
    version = serializers.IntegerField(source="version.number", read_only=True)
    replied_by = serializers.CharField(source="replied_by.username", default=None, read_only=True)

    class Meta:
        model = DocumentComment
        fields = [
            "id",
            "document",
            "version",
            "section_key",
            "author_name",
            "text",
            "required",
            "status",
            "reply",
            "replied_by",
            "replied_at",
            "created_at",
        ]


class CommentWriteSerializer(serializers.Serializer):
    text = serializers.CharField()
    section_key = serializers.CharField(required=False, allow_blank=True, default="", max_length=80)
    required = serializers.BooleanField(default=False, help_text="Must be resolved before adoption")


class CommentAnswerSerializer(serializers.Serializer):
    status = InlineChoiceField(
        choices=[
            (CommentStatus.ACCEPTED, CommentStatus.ACCEPTED.label),
            (CommentStatus.REJECTED, CommentStatus.REJECTED.label),
        ],
        enum_name="CommentAnswerEnum",
    )
    reply = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Required when rejecting"
    )


class CampaignDocumentQuerySerializer(serializers.Serializer):
    campaign = serializers.IntegerField(min_value=1, max_value=MAX_INT, required=False)
