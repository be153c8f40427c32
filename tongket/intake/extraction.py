"""The text of an uploaded file: DOCX (paragraphs and table cells), PDF with a text layer
(through `pdftotext` when the server has it), HTML, plain text in any of the encodings
`tongket.core.legacy_text` knows; old .doc files through LibreOffice when it is installed.
Legacy encodings are converted here, paragraph by paragraph, and the conversion is reported.
"""

from __future__ import annotations

import html
import io
import re
import shutil
import subprocess
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from tongket.core.errors import DomainError
from tongket.core.legacy_text import Conversion, decode_bytes, to_unicode
from tongket.core.word_tables import rows_of_cells

_BLOCK_TAGS = {
    "p",
    "div",
    "br",
    "li",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "td",
    "th",
    "section",
    "article",
    "header",
    "footer",
    "title",
}


class _TextOfHtml(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in ("script", "style", "noscript", "nav"):
            self._skip += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "noscript", "nav"):
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_text(markup: str) -> str:
    parser = _TextOfHtml()
    parser.feed(markup)
    parser.close()
    text = html.unescape("".join(parser.parts))
    return re.sub(r"\n\s*\n+", "\n", text).strip()


def _docx_text(data: bytes) -> str:
    from docx import Document

    document = Document(io.BytesIO(data))
    lines = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in rows_of_cells(table):
            seen: list[str] = []
            for cell in row:
                if cell.text not in seen:  # merged cells repeat their text
                    seen.append(cell.text)
            lines.append(" | ".join(seen))
    return "\n".join(lines)


def _run(command: list[str]) -> None:
    try:
        subprocess.run(command, check=True, capture_output=True, timeout=60)  # noqa: S603
    except (OSError, subprocess.SubprocessError) as error:
        raise DomainError(
            _("The file could not be read (%(error)s).") % {"error": type(error).__name__},
            field="file",
        ) from error


def _pdf_text(data: bytes) -> str:
    tool = shutil.which("pdftotext")
    if tool is None:
        raise DomainError(
            _(
                "This server cannot read PDF files (pdftotext is not installed). Paste the "
                "text, or upload the DOCX."
            ),
            field="file",
        )
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "in.pdf"
        source.write_bytes(data)
        target = Path(folder) / "out.txt"
        _run([tool, "-enc", "UTF-8", str(source), str(target)])
        text = target.read_text(encoding="utf-8", errors="replace")
    if not text.strip():
        raise DomainError(
            _("The PDF has no text layer (a scanned image?). Paste the text instead."),
            field="file",
        )
    return text


def _office_to_docx(data: bytes, suffix: str) -> bytes:
    tool = shutil.which("soffice") or shutil.which("libreoffice")
    if tool is None:
        raise DomainError(
            _(
                "This server cannot read old %(kind)s files (LibreOffice is not installed). Save the file as DOCX."
            )
            % {"kind": suffix},
            field="file",
        )
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / f"in{suffix}"
        source.write_bytes(data)
        _run([tool, "--headless", "--convert-to", "docx", "--outdir", folder, str(source)])
        return (Path(folder) / "in.docx").read_bytes()


def accepted_file_types() -> list[str]:
    """The kinds of file this server can read (PDF and old .doc depend on installed tools)."""
    kinds = ["docx", "txt", "html"]
    if shutil.which("pdftotext"):
        kinds.append("pdf")
    if shutil.which("soffice") or shutil.which("libreoffice"):
        kinds.append("doc")
    return kinds


def file_text(upload: Any) -> tuple[str, Conversion]:
    """The text of an upload and what was converted; DomainError naming "file" otherwise."""
    if upload is None:
        raise DomainError(_("Choose a file."), field="file")
    limit = settings.MAX_UPLOAD_MB * 1024 * 1024
    if (getattr(upload, "size", 0) or 0) > limit:
        raise DomainError(
            _("The file %(name)s is larger than %(limit)s MB.")
            % {"name": upload.name, "limit": settings.MAX_UPLOAD_MB},
            field="file",
        )
    upload.seek(0)
    data = upload.read()
    if not data:
        raise DomainError(_("The file %(name)s is empty.") % {"name": upload.name}, field="file")
    name = (getattr(upload, "name", "") or "").lower()
    suffix = Path(name).suffix
    if data.startswith(b"%PDF-"):
        conversion = to_unicode(_pdf_text(data))
    elif data.startswith(b"PK\x03\x04"):
        try:
            conversion = to_unicode(_docx_text(data))
        except Exception as error:  # a zip that is no Word document
            raise DomainError(
                _("The file %(name)s is not a Word (DOCX) document.") % {"name": upload.name},
                field="file",
            ) from error
    elif data.startswith(b"\xd0\xcf\x11\xe0"):  # the old binary Office format
        conversion = to_unicode(_docx_text(_office_to_docx(data, suffix or ".doc")))
    else:
        conversion = decode_bytes(data)
        if suffix in (".html", ".htm") or re.search(
            r"(?i)<(?:html|body|p|div)\b", conversion.text[:2000]
        ):
            inner = to_unicode(html_text(conversion.text))
            conversion = Conversion(
                inner.text,
                tuple(dict.fromkeys(conversion.encodings + inner.encodings)),
                conversion.paragraphs + inner.paragraphs,
            )
        elif "\x00" in conversion.text:
            raise DomainError(
                _("The file %(name)s is not a text, Word, PDF or HTML file.")
                % {"name": upload.name},
                field="file",
            )
    return conversion.text, conversion
