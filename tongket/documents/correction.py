"""Correcting a document as people do: its frame (the two header lines, place, date, signer
with TM./KT./Q., recipients), its text section by section, and the Word file a person edited
and uploads back as a new draft (its text kept, its changes shown by the diff).

A document of a review's dossier is corrected by the campaign's drafting team
(`tongket.reviews.services`); any other document by whoever may make it: the host of the
meeting for minutes, notices and invitations, the deciding or proposing unit for award
documents, the unit writing its review report (`CORRECTORS`, through `org.policy`).

Reading an edited file back: the draft the file was made from is rendered again with each
body paragraph tagged by its block and role (`Renderer.owned`); the file's paragraphs are
aligned with those (difflib), so that a changed, added or removed paragraph falls to the
section it sits in. The frame printed in the file (header, title, signature, recipients)
and the generated tables and charts are not taken from the file: what differs there is
named in `Upload.ignored`, to be corrected on the frame form.
"""

from __future__ import annotations

import copy
import datetime
import difflib
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from docx import Document as Docx
from docx.oxml.ns import qn

from tongket.core import scopes
from tongket.core.errors import Conflict, DomainError
from tongket.core.services import changelog_record
from tongket.core.text import normalize
from tongket.core.uploads import check_upload
from tongket.documents import services
from tongket.documents.choices import Authority, DocumentKind, DocumentStatus
from tongket.documents.models import Document, DocumentVersion, NumberRegistry
from tongket.documents.rendering.renderer import MARK, Renderer
from tongket.org.policy import Action, roles

# Who corrects a document that belongs to no review campaign, by its kind.
CORRECTORS: dict[str, Action] = {
    DocumentKind.MINUTES: Action.HOST_MEETINGS,
    DocumentKind.CONCLUSION_NOTICE: Action.HOST_MEETINGS,
    DocumentKind.INVITATION: Action.HOST_MEETINGS,
    DocumentKind.AWARD_DECISION: Action.DECIDE_AWARDS,
    DocumentKind.AWARD_PROPOSAL: Action.PROPOSE_AWARDS,
    DocumentKind.UNIT_REVIEW_REPORT: Action.FILL_REVIEW_REPORTS,
    DocumentKind.REVIEW_REPORT: Action.KEEP_REVIEWS,
    DocumentKind.SUBMISSION: Action.KEEP_REVIEWS,
    DocumentKind.DRAFT_RESOLUTION: Action.KEEP_REVIEWS,
    DocumentKind.PLAN: Action.KEEP_REVIEWS,
    DocumentKind.COORDINATION_PROGRAMME: Action.KEEP_RESOLUTIONS,
    DocumentKind.REPORT: Action.KEEP_RESOLUTIONS,
    DocumentKind.OTHER: Action.KEEP_RESOLUTIONS,
}
FRAME_FIELDS = (
    "header_upper",
    "header_issuer",
    "issuer_code",
    "subject",
    "place",
    "dated_on",
    "authority",
    "authority_body",
    "signer_title",
    "signer_name",
    "recipients",
)
# "I. ", "I- ", "1. ", "1.1. ", "a) ", "Điều 3. " before a heading or an article's first line.
_HEADING_LABEL = re.compile(r"^\s*(?:[IVXLC]+|\d+(?:\.\d+)*|[a-zđ])\s*[.)-]\s*")
_ARTICLE_LABEL = re.compile(r"^\s*Điều\s+\d+\s*[.:]\s*", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
# How alike an edited paragraph stays to the one it replaces (difflib's ratio).
MIN_LIKENESS = 0.35


def in_campaign(document: Document) -> bool:
    """True for a document of a review's dossier (corrected through the campaign)."""
    return hasattr(document, "campaign_link")


def may_correct(user: Any, document: Document) -> bool:
    """Whether `user` may correct this document outside a campaign."""
    action = CORRECTORS.get(document.kind, Action.KEEP_RESOLUTIONS)
    return not document.is_issued and scopes.covers(user, document.issuer, roles(action))


def _require_corrector(user: Any, document: Document) -> None:
    if in_campaign(document):
        raise PermissionDenied(
            _("A draft of a review's dossier is corrected by the campaign's drafting team.")
        )
    action = CORRECTORS.get(document.kind, Action.KEEP_RESOLUTIONS)
    scopes.require_role(user, document.issuer, roles(action), _("correct this document"))
    services.require_draft(document)


def _require_version(document: Document, version: Any) -> None:
    if version in (None, ""):
        raise DomainError(
            _("The document's version is missing: reload the page and try again."),
            field="version",
        )
    if int(version) != document.version:
        raise Conflict(
            _(
                "Someone else changed this document while you were editing. Reload the page "
                "to see it, then make your change again."
            ),
            current_version=document.version,
        )


# --- the frame -------------------------------------------------------------------------


@transaction.atomic
def frame_correct(
    *,
    by: Any,
    document: Document,
    version: Any,
    signers: list[dict[str, str]] | None = None,
    **fields: Any,
) -> Document:
    """Correct the document's frame. `signers` replaces the names and titles of the people
    signing side by side (minutes: the secretary and the chair) in a new draft."""
    _require_corrector(by, document)
    return frame_apply(by=by, document=document, version=version, signers=signers, **fields)


@transaction.atomic
def frame_apply(
    *,
    by: Any,
    document: Document,
    version: Any,
    signers: list[dict[str, str]] | None = None,
    **fields: Any,
) -> Document:
    """The frame correction itself, for a caller that has checked who may make it (the
    campaign's service for a dossier document)."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    services.require_draft(document)
    _require_version(document, version)
    return _frame_save(by=by, document=document, signers=signers, **fields)


def _frame_save(
    *, by: Any, document: Document, signers: list[dict[str, str]] | None, **fields: Any
) -> Document:
    unknown = set(fields) - set(FRAME_FIELDS)
    if unknown:
        raise DomainError(
            _("These fields cannot be changed here: %(fields)s")
            % {"fields": ", ".join(sorted(unknown))}
        )
    authority = fields.get("authority")
    if authority and authority not in Authority.values:
        raise DomainError(_("Choose a signature authority from the list."), field="authority")
    if (
        authority
        and authority != Authority.NONE
        and not normalize(fields.get("authority_body", document.authority_body))
    ):
        raise DomainError(
            _("Name the body signed for (the “TM.”, “KT.” or “Q.” line)."),
            field="authority_body",
        )
    recipients = fields.get("recipients")
    if recipients is not None:
        if isinstance(recipients, str):
            recipients = recipients.splitlines()
        fields["recipients"] = [
            normalize(line).lstrip("-").strip().rstrip(";.").strip()
            for line in recipients
            if normalize(line).lstrip("-").strip().rstrip(";.").strip()
        ]
    if fields:
        document = services.document_update(by=by, document=document, **fields)
    if signers is not None:
        current = services.current_version(document)
        content = copy.deepcopy(current.content)
        block = next((b for b in content if b.get("signers")), None)
        if block is None:
            raise DomainError(
                _("This document has one signer: correct the signer's fields instead."),
                field="signers",
            )
        if len(signers) != len(block["signers"]):
            raise DomainError(
                _("Give every signer of the document, %(n)s in all.")
                % {"n": len(block["signers"])},
                field="signers",
            )
        changed = False
        for old, new in zip(block["signers"], signers, strict=True):
            for name in ("title", "name"):
                value = normalize(new.get(name, old.get(name, "")) or "")
                if value != old.get(name, ""):
                    old[name] = value
                    changed = True
        if changed:
            services.document_version_save(
                by=by, document=document, content=content, note=_("Signers corrected")
            )
            document.refresh_from_db()
    return document


@transaction.atomic
def record_issued(
    *,
    by: Any,
    document: Document,
    version: Any,
    number: int,
    issued_on: datetime.date,
) -> Document:
    """Record that the document was issued outside the system (signed on paper, entered
    afterwards) with the number and the date it carries; the issuer's registry moves past
    the number so that the next document issued here does not take it again. Whoever may
    correct the document; a campaign's document goes through the campaign's service (the
    plan: `reviews.services.campaign_plan_record`), which calls `issued_apply`."""
    _require_corrector(by, document)
    return issued_apply(
        by=by, document=document, version=version, number=number, issued_on=issued_on
    )


@transaction.atomic
def issued_apply(
    *,
    by: Any,
    document: Document,
    version: Any,
    number: int,
    issued_on: datetime.date,
) -> Document:
    """The recording itself (`record_issued`), for a caller that has checked who may make
    it. Refused for an issued document, a stale version, a future date or a number the
    issuer already gave in that year or term."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    services.require_draft(document)
    _require_version(document, version)
    if not number or int(number) < 1:
        raise DomainError(_("Write the number the document carries."), field="number")
    if issued_on > timezone.localdate():
        raise DomainError(_("The issue date cannot be in the future."), field="issued_on")
    style = document.profile.style
    key = services.period_key_of(style, issued_on)
    number = int(number)
    taken = Document.objects.filter(
        issuer=document.issuer, type_code=document.type_code, period_key=key, number=number
    ).exclude(pk=document.pk)
    symbol = services.symbol_of(
        number=number,
        type_code=document.type_code,
        issuer_code=document.issuer_code or services.issuer_code_of(document.issuer, on=issued_on),
        style=style,
    )
    if taken.exists():
        raise DomainError(
            _("Number %(symbol)s is already held by another document of %(issuer)s.")
            % {"symbol": symbol, "issuer": document.issuer.name},
            field="number",
        )
    registry = (
        NumberRegistry.objects.select_for_update()
        .filter(issuer=document.issuer, type_code=document.type_code, period_key=key)
        .first()
    )
    if registry is not None and registry.last_number < number:
        registry.last_number = number
        registry.save(update_fields=["last_number"])
    elif registry is None:
        NumberRegistry.objects.create(
            issuer=document.issuer,
            type_code=document.type_code,
            scheme=services.scheme_of(style),
            period_key=key,
            last_number=number,
        )
    document.number = number
    document.symbol = symbol
    document.period_key = key
    document.issued_on = issued_on
    document.status = DocumentStatus.ISSUED
    document.version += 1
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError as error:
        raise DomainError(
            _("Number %(symbol)s is already held by another document of %(issuer)s.")
            % {"symbol": symbol, "issuer": document.issuer.name},
            field="number",
        ) from error
    changelog_record(
        by=by,
        action="document_issue",
        obj=document,
        after={"symbol": symbol, "issued_on": issued_on.isoformat(), "recorded": True},
        unit_path=document.unit_path,
    )
    return document


# --- the text ----------------------------------------------------------------------------


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
    _require_corrector(by, document)
    _require_version(document, version)
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


# --- a Word file edited and uploaded back ------------------------------------------------


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
        _require_corrector(by, document)
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
