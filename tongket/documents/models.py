"""Outgoing documents: format profiles, number registries, documents with their versions and
the comments made on them."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tongket.documents.choices import (
    Authority,
    CommentStatus,
    DocumentKind,
    DocumentStatus,
    NumberingScheme,
    Style,
)


class FormatProfile(models.Model):
    """A versioned set of presentation rules (Hướng dẫn 36-HD/VPTW for Party documents,
    Nghị định 30/2020/NĐ-CP for State ones), valid over [valid_from, valid_to).

    `rules` holds margins, fonts and sizes, header texts, the number and date lines, the
    signature and recipients blocks; `documents.profiles.REQUIRED_RULES` lists what must be
    there, and `format_profile_save` refuses a profile missing one."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    style = models.CharField(_("style"), max_length=8, choices=Style.choices)
    legal_basis = models.CharField(_("legal basis"), max_length=200, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    rules = models.JSONField(_("rules"), default=dict)

    class Meta:
        verbose_name = _("format profile")
        verbose_name_plural = _("format profiles")
        ordering = ["style", "-valid_from"]

    def __str__(self) -> str:
        return self.name


class NumberRegistry(models.Model):
    """The running number of one issuer's documents of one type in one year (State) or term
    (Party). `last_number` only grows; numbers are taken under a row lock, so two requests
    at the same moment never get the same number."""

    issuer = models.ForeignKey(
        "org.Unit", verbose_name=_("issuer"), on_delete=models.PROTECT, related_name="registries"
    )
    type_code = models.CharField(_("type code"), max_length=16)
    scheme = models.CharField(_("numbering"), max_length=10, choices=NumberingScheme.choices)
    period_key = models.CharField(_("year or term"), max_length=16)
    last_number = models.PositiveIntegerField(_("last number given"), default=0)

    class Meta:
        verbose_name = _("number registry")
        verbose_name_plural = _("number registries")
        ordering = ["issuer_id", "type_code", "period_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "type_code", "period_key"], name="unique_number_registry"
            )
        ]

    def __str__(self) -> str:
        return f"{self.issuer_id} {self.type_code} {self.period_key}: {self.last_number}"


class Document(models.Model):
    """A document the system renders: a review report, a submission, a draft resolution,
    minutes, a conclusion notice, an award decision.

    Its text lives in numbered versions (dự thảo lần N); `current` is the latest. Once issued
    (number, date) it cannot change. `unit_path` is the issuer's path: the scope."""

    kind = models.CharField(_("kind"), max_length=24, choices=DocumentKind.choices)
    title = models.CharField(_("title"), max_length=100, blank=True)
    subject = models.TextField(_("subject"), blank=True)
    issuer = models.ForeignKey(
        "org.Unit", verbose_name=_("issuer"), on_delete=models.PROTECT, related_name="documents"
    )
    profile = models.ForeignKey(
        FormatProfile, verbose_name=_("format"), on_delete=models.PROTECT, related_name="+"
    )
    type_code = models.CharField(_("type code"), max_length=16)
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    # The year (State) or term (Party) the number belongs to: numbers restart with it.
    period_key = models.CharField(max_length=16, blank=True, editable=False)
    symbol = models.CharField(_("number and symbol"), max_length=128, blank=True)
    # The code of the issuer in the symbol ("ĐU" in "29-NQ/ĐU", "UBND" in "15/BC-UBND"):
    # stored, never rebuilt from the unit's abbreviation at render time.
    issuer_code = models.CharField(_("issuer code in the symbol"), max_length=32, blank=True)
    # The two header lines as corrected by a person (blank: drawn from the organisation's
    # lines on the document's date, `documents.heading`).
    header_upper = models.CharField(_("upper header line"), max_length=200, blank=True)
    header_issuer = models.CharField(_("issuer header line"), max_length=200, blank=True)
    # The date the draft is written for (the meeting's day for its minutes); the issue date
    # replaces it once issued. Empty: the date line is left blank for the signer.
    dated_on = models.DateField(_("dated"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=100, blank=True)
    issued_on = models.DateField(_("issue date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=DocumentStatus.choices, default=DocumentStatus.DRAFT
    )
    authority = models.CharField(
        _("signature authority"), max_length=20, choices=Authority.choices, blank=True
    )
    authority_body = models.CharField(_("on behalf of"), max_length=200, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=200, blank=True)
    signer_name = models.CharField(_("signer's name"), max_length=200, blank=True)
    recipients = models.JSONField(_("recipients"), default=list, blank=True)
    classification = models.CharField(_("classification"), max_length=16, default="none")
    unit_path = models.CharField(max_length=255, db_index=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "type_code", "period_key", "number"],
                condition=Q(number__isnull=False),
                name="unique_document_number",
            )
        ]

    def __str__(self) -> str:
        return self.symbol or f"{self.get_kind_display()} ({_('draft')})"

    @property
    def is_issued(self) -> bool:
        return self.status == DocumentStatus.ISSUED

    @property
    def date(self) -> datetime.date | None:
        """The date on the document: its issue date, else the date it is written for."""
        return self.issued_on or self.dated_on


class DocumentVersion(models.Model):
    """One numbered draft (dự thảo lần N) of a document's content.

    `content` is a list of blocks: {"key", "heading", "level", "text", "edited", "table",
    "chart"}; `edited` marks text a person changed (regenerating keeps it)."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("draft number"))
    content = models.JSONField(_("content"), default=list)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("draft")
        verbose_name_plural = _("drafts")
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="unique_draft_number")
        ]

    def __str__(self) -> str:
        return f"{self.document_id} lần {self.number}"


class DocumentComment(models.Model):
    """A comment (ý kiến đóng góp) on a section of a draft, answered by the drafting team
    (accepted or rejected, with a reply). `required` comments must be resolved before
    adoption."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="comments")
    version = models.ForeignKey(DocumentVersion, on_delete=models.PROTECT, related_name="comments")
    section_key = models.CharField(_("section"), max_length=80, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_name = models.CharField(max_length=200, blank=True)
    text = models.TextField(_("comment"))
    required = models.BooleanField(_("must be resolved before adoption"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=CommentStatus.choices, default=CommentStatus.OPEN
    )
    reply = models.TextField(_("reply"), blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    replied_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["document", "status"])]

    def __str__(self) -> str:
        return f"{self.document_id}/{self.section_key}: {self.text[:40]}"


class IssuedFile(models.Model):
    """The Word file of an issued document as it was issued (numbered and dated): stored by
    issuing, served from then on for the issued draft, whatever the renderer, the format
    profile's rules or the organisation's names become (only its classification stamp
    follows the document's mark). Drafts are never stored: they are rendered on each request
    with the current renderer (`documents.files`)."""

    document = models.OneToOneField(
        Document, on_delete=models.CASCADE, related_name="issued_file", editable=False
    )
    draft = models.PositiveIntegerField(_("draft number"), editable=False)
    renderer = models.CharField(_("renderer version"), max_length=40, editable=False)
    # The classification stamped in the file: a mark raised (or lifted) later is stamped
    # anew on the stored file when it is served; nothing else of it changes.
    mark = models.CharField(max_length=16, default="none", editable=False)
    data = models.BinaryField(_("file"), editable=False)
    sha256 = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("issued file")
        verbose_name_plural = _("issued files")

    def __str__(self) -> str:
        return f"{self.document_id} lần {self.draft} ({self.renderer})"
