"""Checking uploaded files: what they really are (by their first bytes, not their name) and
how large they are. Used by every service that stores a file."""

from __future__ import annotations

import zipfile
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from tongket.core.errors import DomainError

# kind → (content type, extensions)
KINDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "pdf": ("application/pdf", (".pdf",)),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (".docx",),
    ),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        (".xlsx",),
    ),
    "png": ("image/png", (".png",)),
    "jpeg": ("image/jpeg", (".jpg", ".jpeg")),
}
DOCUMENTS = ("pdf", "docx")
DOCUMENTS_AND_IMAGES = ("pdf", "docx", "png", "jpeg")


def _sniff(head: bytes, upload: Any) -> str | None:
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"PK\x03\x04"):
        try:
            upload.seek(0)
            names = set(zipfile.ZipFile(upload).namelist())
        except (zipfile.BadZipFile, OSError):
            return None
        finally:
            upload.seek(0)
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
    return None


def check_upload(upload: Any, *, allowed: tuple[str, ...], field: str = "file") -> str:
    """The content type of an acceptable upload; DomainError naming `field` otherwise."""
    if upload is None:
        raise DomainError(_("Choose a file."), field=field)
    limit_mb = settings.MAX_UPLOAD_MB
    size = getattr(upload, "size", None) or 0
    if size > limit_mb * 1024 * 1024:
        raise DomainError(
            _("The file %(name)s is larger than %(limit)s MB.")
            % {"name": upload.name, "limit": limit_mb},
            field=field,
        )
    if size == 0:
        raise DomainError(_("The file %(name)s is empty.") % {"name": upload.name}, field=field)
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    kind = _sniff(head, upload)
    if kind not in allowed:
        names = ", ".join(k.upper() for k in allowed)
        raise DomainError(
            _("The file %(name)s is not one of the accepted types (%(types)s).")
            % {"name": upload.name, "types": names},
            field=field,
        )
    return KINDS[kind][0]
