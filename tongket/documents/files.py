"""The Word file of a document, as every download, PDF and job takes it.

A draft is never stored: each request renders it with the current renderer, profile and
organisation, so a draft made before a renderer change comes out as the renderer writes
today (its DOCX carries the renderer's version in its `version` core property). An issued
document (numbered, dated, signed) is a record: issuing stores its file with the renderer's
version (`IssuedFile`), and that file is served for the issued draft from then on. One thing
follows the document after issue: its classification. A mark raised (or lifted) since is
stamped anew under the number line of the stored file, as a paper copy is re-marked; the
rest of the file stays byte for byte as issued. A document issued before files were stored
has none and is rendered like a draft until `issued_store_missing` (the management command
`store_issued_files`) stores it."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from docx import Document as Docx
from docx.enum.text import WD_ALIGN_PARAGRAPH

from tongket.documents.choices import CLASSIFICATION_MARKS, DocumentStatus
from tongket.documents.models import Document, DocumentVersion, IssuedFile
from tongket.documents.profiles import rule
from tongket.documents.rendering import render_docx, renderer_version
from tongket.documents.rendering.conventions import document_mark
from tongket.documents.rendering.docx_parts import set_font, spacing


def docx_of(document: Document, version: DocumentVersion | None = None) -> bytes:
    """The DOCX of a draft of the document (its latest when `version` is None): the stored
    file for the draft an issued document was issued with, else rendered now."""
    if version is None:
        version = document.versions.order_by("-number").first()
    if version is None:
        raise ValueError(f"document {document.pk} has no draft")
    if document.is_issued:
        stored = IssuedFile.objects.filter(document=document, draft=version.number).first()
        if stored is not None:
            mark = document_mark(document)
            if mark == stored.mark:
                return bytes(stored.data)
            return restamp(bytes(stored.data), document, mark)
    return render_docx(document, version.content, draft=version.number)


def issued_store(document: Document) -> IssuedFile:
    """Store the file of a document just issued (inside the issuing transaction): its latest
    draft rendered with its number and date, and the renderer's version."""
    version = document.versions.order_by("-number").first()
    if version is None:
        raise ValueError(f"document {document.pk} has no draft")
    data = render_docx(document, version.content, draft=version.number)
    stored, _created = IssuedFile.objects.update_or_create(
        document=document,
        defaults={
            "draft": version.number,
            "renderer": renderer_version(),
            "mark": document_mark(document),
            "data": data,
            "sha256": hashlib.sha256(data).hexdigest(),
        },
    )
    return stored


def issued_without_file() -> QuerySet[Document]:
    """Every issued document with no stored file (issued before files were stored), for the
    system (`store_issued_files`): no user's scope applies."""
    return (
        Document.objects.filter(status=DocumentStatus.ISSUED, issued_file__isnull=True)
        .select_related("issuer", "profile")
        .order_by("pk")
    )


@transaction.atomic
def issued_store_missing(
    *, dry_run: bool = False, each: Callable[[Document], Any] | None = None
) -> list[Document]:
    """Store the file of every issued document that has none, as issuing would have (its
    latest draft, which is the issued one, rendered with its number and date by the current
    renderer); a document with a file is left as it is, so running it again stores nothing.
    All or nothing. `dry_run` stores nothing and says what would be stored; `each` is called
    with each document. The documents stored (or to store)."""
    found = list(issued_without_file().select_for_update(of=("self",)))
    done = []
    for document in found:
        if not document.versions.exists():
            continue  # nothing to render: never a document issued through the services
        if not dry_run:
            issued_store(document)
        done.append(document)
        if each is not None:
            each(document)
    return done


def restamp(data: bytes, document: Document, mark: str) -> bytes:
    """The stored file with its classification stamp (under the number line, in the header
    table's lower left cell) replaced by `mark`'s, as the renderer writes it."""
    rules = document.profile.rules
    marks = rule(rules, "classification.marks") or CLASSIFICATION_MARKS
    docx = Docx(io.BytesIO(data))
    cell = docx.tables[0].cell(1, 0)
    for paragraph in cell.paragraphs[1:]:
        if paragraph.text.strip() in marks.values():
            paragraph._p.getparent().remove(paragraph._p)
    if mark in marks:
        stamp = cell.add_paragraph()
        stamp.alignment = WD_ALIGN_PARAGRAPH.CENTER
        spacing(stamp, before=6)
        set_font(
            stamp.add_run(marks[mark]),
            rule(rules, "font.name") or "Times New Roman",
            rule(rules, "classification.size") or 13,
            bold=True,
        )
    buffer = io.BytesIO()
    docx.save(buffer)
    return buffer.getvalue()
