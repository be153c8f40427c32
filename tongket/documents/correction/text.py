"""Correcting a document's text section by section, as a new draft."""

from __future__ import annotations

import copy
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from tongket.core.errors import DomainError
from tongket.core.text import normalize
from tongket.documents import services
from tongket.documents.correction.access import require_corrector, require_version
from tongket.documents.models import Document, DocumentVersion


@transaction.atomic
def text_correct(
    *,
    by: Any,
    document: Document,
    content: list[dict[str, Any]],
    version: Any,
    note: str = "",
    edited_keys: set[str] | None = None,
) -> DocumentVersion:
    """A new draft of a document outside a campaign, by whoever may correct it."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    require_corrector(by, document)
    require_version(document, version)
    return services.document_version_save(
        by=by,
        document=document,
        content=content,
        note=note,
        version=int(version),
        edited_keys=edited_keys,
    )


def section_replace(
    content: list[dict[str, Any]], key: str, text: str, heading: str | None = None
) -> list[dict[str, Any]]:
    """A copy of `content` with one section's text (and heading) replaced."""
    replaced = copy.deepcopy(content)
    found = False
    for block in replaced:
        if block.get("key") == key:
            found = True
            if block.get("grounds") is not None:
                block["grounds"] = [line.strip() for line in text.splitlines() if line.strip()]
            elif block.get("addressee") is not None:
                block["addressee"] = " ".join(text.split())
            else:
                block["text"] = "\n".join(
                    line.strip() for line in text.replace("\r\n", "\n").split("\n")
                ).strip()
            if heading is not None and block.get("heading"):
                block["heading"] = normalize(heading)
    if not found:
        raise DomainError(_("No such section in this draft."), field="section")
    return replaced


def block_text(block: dict[str, Any]) -> str:
    """The editable text of a block, as the section form shows it."""
    if block.get("grounds") is not None:
        return "\n".join(block["grounds"])
    if block.get("addressee") is not None:
        return str(block["addressee"])
    return str(block.get("text") or "")


def editable(block: dict[str, Any]) -> bool:
    """Whether a block has text a person writes (not a generated table, chart or frame)."""
    return not (block.get("signers") or block.get("enacting") or block.get("annex"))
