"""Writing one document to DOCX in its format profile (python-docx).

Layout (DOMAIN.md §1): A4 portrait, the profile's margins and font; the header as a borderless
two-column table (the upper body and the issuer on the left with a short rule or a star, the
national title and motto on the right with their rules; the number line, the classification
mark and the place-and-date line below); the kind's name and the subject centred; the body
with its numbered headings, tables and charts; for decisions the grounds, the enacting word
and the articles; the signature block and the recipients as another borderless table kept with
the last paragraph; annexes on pages of their own; page numbers centred in the top margin from
the second page on.

Content blocks (a draft's `content`, a list of dicts):
- a section: "key", "heading", "level" (0–2), "unnumbered", "text" (paragraphs split on new
  lines), "table", "tables", "charts";
- "addressee": the "Kính gửi: …" line under the subject;
- "grounds": the "Căn cứ …" lines of a decision; "enacting": the enacting word;
- "article": the article's number, with its "text";
- "signers": the people signing side by side (minutes: the secretary and the chair), each
  {"title", "name", "authority", "body"};
- "annex": {"title", "subtitle", "text", "table"} printed after the signature on a new page,
  under the line naming the document it goes with.
"""

from __future__ import annotations

import io
import zipfile

from tongket.documents.rendering import version as renderer_version
from tongket.documents.rendering.body import BodyWriter
from tongket.documents.rendering.closing import ClosingWriter
from tongket.documents.rendering.conventions import (
    CODE,
    MARK,
    ROMAN,
    code_width_cm,
    document_mark,
    fit_codes,
    formal_date,
    subject_case,
)
from tongket.documents.rendering.frame import FrameWriter

__all__ = [
    "CODE",
    "MARK",
    "ROMAN",
    "Renderer",
    "code_width_cm",
    "document_mark",
    "fit_codes",
    "formal_date",
    "subject_case",
]


class Renderer(FrameWriter, BodyWriter, ClosingWriter):
    """Writes one document; `rules` are the profile's. The parts: `base` (state, page),
    `frame` (header, title), `body`, `closing` (signature, recipients, annexes)."""

    def render(self) -> bytes:
        self.build()
        buffer = io.BytesIO()
        self.docx.save(buffer)
        return _undated(buffer.getvalue())

    def build(self) -> None:
        self.page()
        self.header()
        self.title()
        self.body()
        self.signature()
        self.annexes()
        # Which renderer made the file: a draft is always rendered now, with the current one;
        # an issued document's file is the one stored when it was issued (`documents.files`).
        self.docx.core_properties.version = renderer_version.RENDERER_VERSION
        if self.document.pk and self.draft:
            # Read back when the file comes home edited: which document, from which draft.
            self.docx.core_properties.identifier = f"{MARK}{self.document.pk}:{self.draft}"


# Zip's first day: every part of a file we make is dated so.
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def _undated(data: bytes) -> bytes:
    """The package with every part dated `ZIP_EPOCH` instead of the second it was written, so
    that the same document renders to the same bytes whenever it is rendered (a file stored
    on issue and rendered again compare equal, byte for byte)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            part = zipfile.ZipInfo(info.filename, date_time=ZIP_EPOCH)
            part.compress_type = zipfile.ZIP_DEFLATED
            part.external_attr = info.external_attr
            target.writestr(part, source.read(info))
    return out.getvalue()
