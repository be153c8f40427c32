"""Reading documents through the issuer's scope; differences between drafts."""

from __future__ import annotations

import difflib
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from tongket.core import scopes
from tongket.core.classification import clearance_q, require_cleared
from tongket.core.errors import NotFound
from tongket.core.reach import campaigns_reached
from tongket.documents.choices import CommentStatus
from tongket.documents.models import Document, DocumentComment, DocumentVersion


def document_list(*, user: Any) -> QuerySet[Document]:
    return (
        scopes.restrict(Document.objects.select_related("issuer", "profile"), user, "unit_path")
        .filter(clearance_q(user, Document))
        .annotate(open_comments=Count("comments", filter=Q(comments__status=CommentStatus.OPEN)))
    )


def document_get(*, user: Any, pk: Any) -> Document:
    """A document whose issuer is in the user's scope, or that belongs to a review campaign
    the user may read; NotFound otherwise."""
    try:
        document = Document.objects.select_related("issuer", "profile").get(pk=int(pk))
    except (Document.DoesNotExist, ValueError, TypeError) as error:
        raise NotFound(_("Document not found.")) from error
    require_cleared(user, document, _("Document not found."))
    paths = scopes.scope_paths(user)
    if paths is None or any(document.unit_path.startswith(p) for p in paths):
        return document
    link = getattr(document, "campaign_link", None)
    if link is not None and campaigns_reached(user).filter(pk=link.campaign_id).exists():
        return document
    raise NotFound(_("Document not found."))


def versions(*, document: Document) -> QuerySet[DocumentVersion]:
    return document.versions.select_related("created_by").order_by("-number")


def version_get(*, document: Document, number: Any) -> DocumentVersion:
    try:
        return document.versions.get(number=int(number))
    except (DocumentVersion.DoesNotExist, ValueError, TypeError) as error:
        raise NotFound(_("No such draft.")) from error


def comments(*, document: Document) -> QuerySet[DocumentComment]:
    return document.comments.select_related("author", "replied_by", "version").order_by(
        "created_at", "id"
    )


def _block_text(block: dict[str, Any]) -> list[str]:
    lines = []
    if block.get("heading"):
        lines.append(f"## {block['heading']}")
    lines += [line for line in (block.get("text") or "").split("\n") if line.strip()]
    table = block.get("table")
    if table:
        lines.append(" | ".join(str(c) for c in table.get("columns", [])))
        lines += [
            " | ".join("" if v is None else str(v) for v in row) for row in table.get("rows", [])
        ]
    return lines


def version_diff(*, old: DocumentVersion, new: DocumentVersion) -> list[dict[str, Any]]:
    """Per section: what changed between two drafts, line by line, for reading (lines
    removed, added, unchanged)."""
    old_blocks = {b.get("key"): b for b in old.content}
    new_blocks = {b.get("key"): b for b in new.content}
    keys = list(dict.fromkeys([*old_blocks, *new_blocks]))
    sections = []
    for key in keys:
        before = _block_text(old_blocks.get(key, {}))
        after = _block_text(new_blocks.get(key, {}))
        if before == after:
            continue
        lines = []
        for line in difflib.ndiff(before, after):
            tag, text = line[:1], line[2:]
            if tag == "?":
                continue
            lines.append({"kind": {"-": "removed", "+": "added"}.get(tag, "same"), "text": text})
        heading = (new_blocks.get(key) or old_blocks.get(key) or {}).get("heading") or key
        sections.append({"key": key, "heading": heading, "lines": lines})
    return sections


def comment_get(*, user: Any, pk: Any) -> DocumentComment:
    """A comment on a document the user may read."""
    try:
        comment = DocumentComment.objects.select_related("document").get(pk=int(pk))
    except (DocumentComment.DoesNotExist, ValueError, TypeError) as error:
        raise NotFound(_("Comment not found.")) from error
    try:
        comment.document = document_get(user=user, pk=comment.document_id)
    except NotFound as error:
        # Answered as a comment that does not exist (not "document not found").
        raise NotFound(_("Comment not found.")) from error
    return comment
