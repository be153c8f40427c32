"""Every document the system can print: the documents it holds (each at its current draft)
and the ones it drafts from a record on request (a unit's review report, a review plan, a
conference's invitation, minutes and conclusion notice, an award proposal).

Each app that drafts documents offers `document_previews()`, yielding (label, unsaved or
saved document, content) without writing anything; the checker walks them all."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from typing import Any

from tongket.documents.models import Document

SOURCES = (
    "tongket.reviews.documents",
    "tongket.meetings.documents",
    "tongket.awards.documents",
)


def held() -> Iterator[tuple[str, Document, list[dict[str, Any]]]]:
    from tongket.documents.services import current_version

    for document in Document.objects.select_related("issuer", "profile").order_by("pk"):
        version = current_version(document)
        if version is None:
            continue
        label = f"#{document.pk} {document.get_kind_display()} – {document.issuer.name}"
        yield label, document, version.content


def previews() -> Iterator[tuple[str, Any, list[dict[str, Any]]]]:
    for name in SOURCES:
        module = importlib.import_module(name)
        yield from module.document_previews()


def every_document() -> Iterator[tuple[str, Any, list[dict[str, Any]]]]:
    yield from held()
    yield from previews()
