"""Rendering a document to DOCX in its format profile, and to PDF with LibreOffice where it
is installed."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from tongket.documents.rendering import version
from tongket.documents.rendering.renderer import Renderer, formal_date, subject_case

__all__ = [
    "Renderer",
    "docx_to_pdf",
    "formal_date",
    "libreoffice",
    "render_docx",
    "renderer_version",
    "subject_case",
]


def renderer_version() -> str:
    """The version the renderer writes into the files it makes now."""
    return version.RENDERER_VERSION


def render_docx(
    document: Any,
    content: list[dict[str, Any]],
    charts: dict[str, bytes] | None = None,
    *,
    draft: int | None = None,
) -> bytes:
    """The document as DOCX; `draft` (the version's number) is written into the file so
    that an edited copy uploaded back is read against the draft it was made from."""
    return Renderer(document, content, charts or {}, draft=draft).render()


def libreoffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(data: bytes) -> bytes | None:
    """The PDF of a DOCX by LibreOffice headless; None when LibreOffice is not installed."""
    binary = libreoffice()
    if binary is None:
        return None
    with tempfile.TemporaryDirectory(prefix="tongket-pdf-") as folder:
        source = Path(folder) / "document.docx"
        source.write_bytes(data)
        profile = Path(folder) / "profile"
        subprocess.run(  # noqa: S603 - fixed arguments, our own temporary files
            [
                binary,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                folder,
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        return (Path(folder) / "document.pdf").read_bytes()
