"""A Word file a person edited and uploads back as a new draft (its text kept, its changes shown
by the diff).

The draft the file was made from is rendered again with each body paragraph tagged by its
block and role (`Renderer.owned`); the file's paragraphs are aligned with those (difflib), so
that a changed, added or removed paragraph falls to the section it sits in. The frame printed
in the file (header, title, signature, recipients) and the generated tables and charts are not
taken from the file: what differs there is named in `Upload.ignored`, to be corrected on the
frame form.
"""

from __future__ import annotations

import copy
import difflib
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from docx import Document as Docx
from docx.oxml.ns import qn

from tongket.core.errors import Conflict, DomainError
from tongket.core.uploads import check_upload
from tongket.documents import services
from tongket.documents.correction.access import require_corrector
from tongket.documents.correction.text import editable, text_correct
from tongket.documents.models import Document, DocumentVersion
from tongket.documents.rendering.renderer import MARK, Renderer

# "I. ", "I- ", "1. ", "1.1. ", "a) ", "Điều 3. " before a heading or an article's first line.
_HEADING_LABEL = re.compile(r"^\s*(?:[IVXLC]+|\d+(?:\.\d+)*|[a-zđ])\s*[.)-]\s*")
_ARTICLE_LABEL = re.compile(r"^\s*Điều\s+\d+\s*[.:]\s*", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
# How alike an edited paragraph stays to the one it replaces (difflib's ratio).
MIN_LIKENESS = 0.35


@dataclass
class Upload:
    """What an uploaded Word file changes: the new content, the sections it changes, what
    in the file is not taken (with where to correct it), and the draft it was made from."""

    content: list[dict[str, Any]]
    changed: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    base: int | None = None


@dataclass
class _Line:
    text: str
    key: str | None
    role: str


def _clean(text: str) -> str:
    return unicodedata.normalize("NFC", _SPACES.sub(" ", text)).strip()


def _paragraph_text(element: Any) -> str:
    """A paragraph's text with tracked changes accepted: inserted text in, deleted and
    moved-away text out; tabs and breaks as spaces."""
    parts = []
    for node in element.iter(qn("w:t"), qn("w:tab"), qn("w:br")):
        if any(
            ancestor.tag in (qn("w:del"), qn("w:moveFrom")) for ancestor in node.iterancestors()
        ):
            continue
        parts.append(node.text or "" if node.tag == qn("w:t") else " ")
    return _clean("".join(parts))


def _table_text(table: Any) -> str:
    return _clean(" | ".join(_paragraph_text(p) for p in table.iter(qn("w:p"))))


def _read(data: bytes) -> tuple[list[str], list[str], str]:
    """The body paragraphs (outside tables), the tables' texts and the identifier of a
    DOCX file."""
    try:
        docx = Docx(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise DomainError(_("This file is not a Word (DOCX) document."), field="file") from error
    body = docx.element.body
    paragraphs = [_paragraph_text(p) for p in body.iterchildren(qn("w:p"))]
    tables = [_table_text(t) for t in body.iterchildren(qn("w:tbl"))]
    return [p for p in paragraphs if p], tables, docx.core_properties.identifier or ""


def _rendered(
    document: Document, content: list[dict[str, Any]]
) -> tuple[list[_Line], list[str], int]:
    """The draft as the renderer writes it: each body paragraph with its block and role,
    the tables' texts, and which tables are the header and the signature."""
    renderer = Renderer(document, content, {})
    renderer.build()
    owners = {id(element): owner for element, owner in renderer.owned}
    body = renderer.docx.element.body
    lines = []
    for element in body.iterchildren(qn("w:p")):
        text = _paragraph_text(element)
        if not text:
            continue
        owner = owners.get(id(element))
        lines.append(_Line(text, owner[0] if owner else None, owner[1] if owner else "frame"))
    tables = [_table_text(t) for t in body.iterchildren(qn("w:tbl"))]
    return lines, tables, len(tables)


def _strip_label(text: str, role: str) -> str:
    if role == "heading":
        return _HEADING_LABEL.sub("", text, count=1)
    if role == "article":
        return _ARTICLE_LABEL.sub("", text, count=1)
    return text


def _assign(old: list[_Line], new: list[str]) -> tuple[list[_Line], bool]:
    """Each paragraph of the file with the block and role it belongs to (None: the frame);
    and whether the file changes the frame printed around the body (title, captions)."""
    matcher = difflib.SequenceMatcher(None, [line.text for line in old], new, autojunk=False)
    assigned: list[_Line] = []
    frame_changed = False

    def home(before: int, after: int) -> tuple[str, str] | None:
        """Where a paragraph added between old[before] and old[after] goes: the section
        written just before it, else the one just after it (text of a section that has
        text, never of an addressee line or the enacting word)."""
        previous = old[before] if 0 <= before < len(old) else None
        following = old[after] if 0 <= after < len(old) else None
        for line in (previous, following):
            if line is None or line.key is None or line.role in ("addressee", "enacting"):
                continue
            role = line.role if line.role in ("grounds", "annex") else "text"
            return line.key, role
        return None

    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for offset in range(i2 - i1):
                line = old[i1 + offset]
                assigned.append(_Line(new[j1 + offset], line.key, line.role))
            continue
        pairs = _pair([line.text for line in old[i1:i2]], new[j1:j2])
        matched = {i1 + i for i in pairs if i is not None}
        if any(old[i].key is None for i in range(i1, i2) if i not in matched) or any(
            old[i1 + i].key is None for i in pairs if i is not None
        ):
            frame_changed = True
        last = i1 - 1
        for offset, text in enumerate(new[j1:j2]):
            index = pairs[offset]
            if index is not None:
                source = old[i1 + index]
                last = i1 + index
                assigned.append(_Line(text, source.key, source.role))
                continue
            following = next((i1 + i for i in pairs[offset:] if i is not None), i2)
            place = home(last, following)
            if place is None:
                frame_changed = True
                assigned.append(_Line(text, None, "frame"))
            else:
                assigned.append(_Line(text, place[0], place[1]))
    return assigned, frame_changed


def _pair(old: list[str], new: list[str]) -> list[int | None]:
    """For each new paragraph of a changed stretch, the old paragraph it is an edit of (in
    order, the most alike; None: a paragraph added)."""
    rows, cols = len(old), len(new)
    like = [[difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() for b in new] for a in old]
    score = [[0.0] * (cols + 1) for _ in range(rows + 1)]
    for i in range(1, rows + 1):
        for j in range(1, cols + 1):
            best = max(score[i - 1][j], score[i][j - 1])
            if like[i - 1][j - 1] >= MIN_LIKENESS:
                best = max(best, score[i - 1][j - 1] + like[i - 1][j - 1])
            score[i][j] = best
    pairs: list[int | None] = [None] * cols
    i, j = rows, cols
    while i and j:
        if like[i - 1][j - 1] >= MIN_LIKENESS and score[i][j] == (
            score[i - 1][j - 1] + like[i - 1][j - 1]
        ):
            pairs[j - 1] = i - 1
            i, j = i - 1, j - 1
        elif score[i][j] == score[i - 1][j]:
            i -= 1
        else:
            j -= 1
    return pairs


def _lines(text: str) -> list[str]:
    return [_clean(line) for line in text.split("\n") if line.strip()]


def _merge(
    content: list[dict[str, Any]], assigned: list[_Line]
) -> tuple[list[dict[str, Any]], list[str]]:
    """The content with each block's text, heading and lines taken from the file; a block
    whose printed text the file leaves as it was is kept exactly as stored."""
    by_key: dict[str, list[_Line]] = {}
    for line in assigned:
        if line.key is not None:
            by_key.setdefault(line.key, []).append(line)
    merged = copy.deepcopy(content)
    changed = []
    for block in merged:
        key = str(block.get("key") or "")
        if not key or not (editable(block) or block.get("annex")):
            continue
        lines = by_key.get(key, [])
        if block.get("annex"):
            texts = [line.text for line in lines if line.role == "annex"]
            if texts != _lines(block["annex"].get("text") or ""):
                block["annex"]["text"] = "\n".join(texts)
                changed.append(key)
            continue
        if block.get("grounds") is not None:
            texts = [line.text for line in lines if line.role == "grounds"]
            if texts != [_clean(line) for line in block["grounds"] if line.strip()]:
                block["grounds"] = texts
                changed.append(key)
            continue
        if block.get("addressee") is not None:
            texts = [line.text for line in lines if line.role == "addressee"]
            if texts and " ".join(texts) != _clean(block["addressee"]):
                block["addressee"] = " ".join(texts)
                changed.append(key)
            continue
        texts = []
        title = None
        for line in lines:
            if line.role == "heading" and block.get("heading") and title is None:
                title = _strip_label(line.text, "heading")
            elif line.role == "article":
                texts.append(_strip_label(line.text, "article"))
            else:
                texts.append(line.text)
        texts = [text for text in texts if text]
        block_changed = False
        if texts != _lines(block.get("text") or ""):
            block["text"] = "\n".join(texts)
            block_changed = True
        if title and title.upper() != _clean(str(block["heading"])).upper():
            block["heading"] = title
            block_changed = True
        if block_changed:
            changed.append(key)
    return merged, changed


def read_upload(*, document: Document, data: bytes) -> Upload:
    """The new content an edited Word file of `document` makes, against the draft it was
    made from (named in the file) or the current draft."""
    paragraphs, tables, identifier = _read(data)
    base_number = None
    if identifier.startswith(MARK):
        try:
            pk, number = (int(part) for part in identifier[len(MARK) :].split(":"))
        except ValueError:
            pk, number = document.pk, 0
        if pk != document.pk:
            raise DomainError(
                _("This Word file is of another document: upload it on that document's page."),
                field="file",
            )
        base_number = number or None
    current = services.current_version(document)
    base = current
    if base_number is not None and base_number != current.number:
        base = document.versions.filter(number=base_number).first() or current
        if base.number != current.number:
            raise Conflict(
                _(
                    "This file was made from draft %(old)s, and draft %(new)s has been saved "
                    "since. Download the current draft, make your changes in it and upload "
                    "it again."
                )
                % {"old": base.number, "new": current.number},
                field="file",
                current_version=document.version,
            )
    old, old_tables, _count = _rendered(document, base.content)
    assigned, frame_changed = _assign(old, paragraphs)
    content, changed = _merge(base.content, assigned)
    ignored = []
    if frame_changed:
        ignored.append(
            _(
                "Changes to the title, the subject, or the captions of tables and charts are "
                "not taken from the file."
            )
        )
    if old_tables and tables and old_tables[0] != tables[0]:
        ignored.append(
            _(
                "Changes to the header (issuing body, number, place and date) are not taken "
                "from the file: correct them in the document's frame."
            )
        )
    signature = [i for i, text in enumerate(old_tables) if "Nơi nhận" in text]
    if signature and (
        len(tables) != len(old_tables)
        or any(old_tables[i] != tables[i] for i in signature if i < len(tables))
    ):
        ignored.append(
            _(
                "Changes to the signature block and the recipients are not taken from the "
                "file: correct them in the document's frame."
            )
        )
    data_tables = [i for i in range(1, len(old_tables)) if i not in signature and i < len(tables)]
    if any(old_tables[i] != tables[i] for i in data_tables):
        ignored.append(
            _("Tables of figures are generated from the data: their changes are not taken.")
        )
    return Upload(content=content, changed=changed, ignored=ignored, base=base.number)


def upload_save(
    *, by: Any, document: Document, upload: Any, version: Any, save: Any = None
) -> tuple[DocumentVersion | None, Upload]:
    """Read an edited Word file and save what it changes as a new draft (none when it
    changes no section). `save` is the campaign's draft service for a dossier document;
    `text_correct` otherwise."""
    if save is None:
        require_corrector(by, document)
    check_upload(upload, allowed=("docx",))
    upload.seek(0)
    result = read_upload(document=document, data=upload.read())
    if not result.changed:
        return None, result
    name = getattr(upload, "name", "") or "DOCX"
    note = _("Uploaded from Word: %(name)s") % {"name": name.rsplit("/", 1)[-1]}
    if save is None:
        saved = text_correct(
            by=by,
            document=document,
            content=result.content,
            version=version,
            note=note,
            edited_keys=set(result.changed),
        )
    else:
        saved = save(
            by=by,
            document=document,
            content=result.content,
            note=note,
            version=version,
            edited_keys=set(result.changed),
        )
    return saved, result
