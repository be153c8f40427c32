"""Writing documents: taking numbers, saving format profiles, drafts (versions), comments
and their answers, issuing.

Callers: the services of the apps a document belongs to (reviews, meetings, awards), which
decide who may act on it; these functions keep the invariants (numbers never given twice,
an issued document never changes, a profile never misses a rule).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tongket.core import scopes
from tongket.core.errors import DomainError
from tongket.core.services import changelog_record, snapshot
from tongket.core.text import normalize
from tongket.documents.choices import (
    TITLES,
    TYPE_CODES,
    CommentStatus,
    DocumentStatus,
    NumberingScheme,
    Style,
)
from tongket.documents.files import issued_store
from tongket.documents.heading import issuer_code_default
from tongket.documents.models import (
    Document,
    DocumentComment,
    DocumentVersion,
    FormatProfile,
    NumberRegistry,
)
from tongket.documents.profiles import missing_rules
from tongket.org import policy
from tongket.org.models import Unit
from tongket.org.policy import Action

TERM_YEARS = 5


def term_of(day: datetime.date, first_year: int = 2020) -> str:
    """The five-year term a date falls in ("2020-2025"), counted from a congress year."""
    offset = (day.year - first_year) % TERM_YEARS
    start = day.year - offset
    return f"{start}-{start + TERM_YEARS}"


def profile_for(*, style: str, on: datetime.date | None = None) -> FormatProfile:
    """The profile of a style in force on a date (the latest one)."""
    day = on or timezone.localdate()
    profile = (
        FormatProfile.objects.filter(style=style, valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day))
        .order_by("-valid_from")
        .first()
    )
    if profile is None:
        raise DomainError(
            _("No format profile for %(style)s documents is in force on %(day)s.")
            % {"style": Style(style).label, "day": day.strftime("%d/%m/%Y")},
            field="profile",
        )
    return profile


@transaction.atomic
def format_profile_save(
    *,
    by: Any,
    code: str,
    name: str,
    style: str,
    valid_from: datetime.date,
    rules: dict[str, Any],
    valid_to: datetime.date | None = None,
    legal_basis: str = "",
) -> FormatProfile:
    """Create or change a profile version (administrators of a root unit). Refused when a
    rule is missing, naming it, or when the dates overlap another version of the style."""
    roots = Unit.objects.filter(parent__isnull=True)
    if not scopes.is_unrestricted(by) and not any(
        scopes.covers(by, root, policy.roles(Action.KEEP_FORMAT_PROFILES)) for root in roots
    ):
        raise DomainError(_("Only an administrator may change format profiles."))
    if style not in Style.values:
        raise DomainError(_("Choose a style."), field="style")
    missing = missing_rules(rules)
    if missing:
        raise DomainError(
            _("The profile misses these rules: %(rules)s.") % {"rules": ", ".join(missing)},
            field="rules",
        )
    if valid_to and valid_to <= valid_from:
        raise DomainError(_("The end date must be after the start date."), field="valid_to")
    profile = FormatProfile.objects.filter(code=code).first()
    before = snapshot(profile) if profile else None
    overlapping = FormatProfile.objects.filter(style=style).exclude(code=code)
    overlapping = overlapping.filter(Q(valid_to__isnull=True) | Q(valid_to__gt=valid_from))
    if valid_to:
        overlapping = overlapping.filter(valid_from__lt=valid_to)
    clash = overlapping.filter(valid_from=valid_from).first()
    if clash:
        raise DomainError(
            _("%(other)s already starts on that date.") % {"other": clash.name},
            field="valid_from",
        )
    profile = profile or FormatProfile(code=code)
    profile.name = normalize(name)
    profile.style = style
    profile.valid_from = valid_from
    profile.valid_to = valid_to
    profile.rules = rules
    profile.legal_basis = normalize(legal_basis)
    profile.save()
    changelog_record(
        by=by, action="format_profile_save", obj=profile, before=before, after=snapshot(profile)
    )
    return profile


def period_key_of(style: str, on: datetime.date) -> str:
    return term_of(on) if style == Style.PARTY else str(on.year)


def scheme_of(style: str) -> str:
    """Party numbers restart with the term, State numbers with the year."""
    return NumberingScheme.PER_TERM if style == Style.PARTY else NumberingScheme.PER_YEAR


def number_take(*, issuer: Unit, type_code: str, style: str, on: datetime.date) -> int:
    """The next number of the issuer's documents of this type in the year (State) or term
    (Party) of `on`. Runs inside the caller's transaction and locks the registry row, so two
    documents issued at the same moment get two numbers."""
    scheme = scheme_of(style)
    key = period_key_of(style, on)
    registry = (
        NumberRegistry.objects.select_for_update()
        .filter(issuer=issuer, type_code=type_code, period_key=key)
        .first()
    )
    if registry is None:
        try:
            with transaction.atomic():
                NumberRegistry.objects.create(
                    issuer=issuer, type_code=type_code, scheme=scheme, period_key=key
                )
        except IntegrityError:
            pass  # created by a concurrent request; lock it below
        registry = NumberRegistry.objects.select_for_update().get(
            issuer=issuer, type_code=type_code, period_key=key
        )
    registry.last_number += 1
    registry.save(update_fields=["last_number"])
    return registry.last_number


def symbol_of(*, number: int, type_code: str, issuer_code: str, style: str) -> str:
    """ "382-NQ/ĐU" (Party) or "15/BC-UBND" (State); numbers below 10 with a leading zero."""
    digits = f"{number:02d}"
    if style == Style.PARTY:
        return f"{digits}-{type_code}/{issuer_code}"
    return f"{digits}/{type_code}-{issuer_code}"


def issuer_code_of(unit: Unit, on: datetime.date | None = None) -> str:
    """The issuer code a new document of `unit` starts with (see `documents.heading`)."""
    return issuer_code_default(unit, on=on)


def document_draft(
    *,
    kind: str,
    issuer: Unit,
    style: str,
    subject: str = "",
    dated_on: datetime.date | None = None,
    issuer_code: str = "",
    place: str = "",
    recipients: list[str] | None = None,
    authority: str = "",
    authority_body: str = "",
    signer_title: str = "",
    signer_name: str = "",
    classification: str = "none",
) -> Document:
    """An unsaved document with its frame filled in: what `document_create` stores, and
    what a preview (a unit's review report, an award proposal) renders without storing."""
    try:
        profile = profile_for(style=style, on=dated_on)
    except DomainError:
        # Dated before the first profile of the style took effect: the earliest one.
        profile = FormatProfile.objects.filter(style=style).order_by("valid_from").first()
        if profile is None:
            raise
    return Document(
        kind=kind,
        title=TITLES.get(kind, ""),
        subject=normalize(subject),
        issuer=issuer,
        profile=profile,
        type_code=TYPE_CODES.get(kind, "CV"),
        issuer_code=normalize(issuer_code) or issuer_code_default(issuer, on=dated_on),
        dated_on=dated_on,
        place=normalize(place),
        recipients=list(recipients or []),
        authority=authority,
        authority_body=normalize(authority_body),
        signer_title=normalize(signer_title),
        signer_name=normalize(signer_name),
        classification=classification,
        unit_path=issuer.path,
    )


@transaction.atomic
def document_create(
    *,
    by: Any,
    kind: str,
    issuer: Unit,
    style: str,
    dated_on: datetime.date | None = None,
    issuer_code: str = "",
    subject: str = "",
    content: list[dict[str, Any]] | None = None,
    place: str = "",
    recipients: list[str] | None = None,
    authority: str = "",
    authority_body: str = "",
    signer_title: str = "",
    signer_name: str = "",
    note: str = "",
    classification: str = "none",
) -> Document:
    """A new draft document with its first version (dự thảo lần 1). The caller (the service
    of the campaign, meeting or award the document belongs to) checks who may draft and
    passes the mark of that source (`core.classification.mark_of`)."""
    document = document_draft(
        kind=kind,
        issuer=issuer,
        style=style,
        subject=subject,
        dated_on=dated_on,
        issuer_code=issuer_code,
        place=place,
        recipients=recipients,
        authority=authority,
        authority_body=authority_body,
        signer_title=signer_title,
        signer_name=signer_name,
        classification=classification,
    )
    document.save()
    DocumentVersion.objects.create(
        document=document,
        number=1,
        content=content or [],
        note=note,
        created_by=by if getattr(by, "pk", None) else None,
    )
    changelog_record(
        by=by,
        action="document_create",
        obj=document,
        after=snapshot(document),
        unit_path=issuer.path,
    )
    return document


def current_version(document: Document) -> DocumentVersion:
    return document.versions.order_by("-number").first()  # type: ignore[return-value]


def require_draft(document: Document) -> None:
    if document.is_issued:
        raise DomainError(
            _("%(document)s has been issued: it can no longer change.")
            % {"document": document.symbol},
            code="issued",
        )


@transaction.atomic
def document_version_save(
    *,
    by: Any,
    document: Document,
    content: list[dict[str, Any]],
    note: str = "",
    version: int | None = None,
    edited_keys: set[str] | None = None,
) -> DocumentVersion:
    """Save a new draft (lần N+1). `version` is the document's version when the page was
    loaded (a stale save is refused, nothing lost); blocks in `edited_keys` are marked as
    edited by a person (regenerating keeps their text)."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    require_draft(document)
    if version is not None and int(version) != document.version:
        raise DomainError(
            _(
                "Someone else saved a new draft while you were editing. Reload the page to "
                "see it, then edit again."
            ),
            code="conflict",
        )
    if edited_keys:
        for block in content:
            if block.get("key") in edited_keys:
                block["edited"] = True
    last = document.versions.aggregate(m=Max("number"))["m"] or 0
    saved = DocumentVersion.objects.create(
        document=document,
        number=last + 1,
        content=content,
        note=normalize(note)[:300],
        created_by=by if getattr(by, "pk", None) else None,
    )
    document.version += 1
    document.save(update_fields=["version", "updated_at"])
    changelog_record(
        by=by,
        action="document_version",
        obj=document,
        after={"draft": saved.number, "note": saved.note},
        unit_path=document.unit_path,
    )
    return saved


@transaction.atomic
def document_update(*, by: Any, document: Document, **fields: Any) -> Document:
    """Change the document's frame: subject, place, date, issuer code, recipients,
    signature. The issuer code is one word ("ĐU", "UBND"): a code with a space is refused."""
    allowed = {
        "header_upper",
        "header_issuer",
        "subject",
        "place",
        "recipients",
        "authority",
        "authority_body",
        "signer_title",
        "signer_name",
        "issuer_code",
        "dated_on",
    }
    unknown = set(fields) - allowed
    if unknown:
        raise DomainError(
            _("These fields cannot be changed here: %(fields)s")
            % {"fields": ", ".join(sorted(unknown))}
        )
    require_draft(document)
    code = fields.get("issuer_code")
    if code is not None and (not normalize(code) or " " in normalize(code)):
        raise DomainError(
            _("Write the issuer's code in the symbol as one word, such as ĐU or UBND."),
            field="issuer_code",
        )
    before = snapshot(document)
    for name, value in fields.items():
        setattr(document, name, normalize(value) if isinstance(value, str) else value)
    document.version += 1
    document.save()
    changelog_record(
        by=by,
        action="document_update",
        obj=document,
        before=before,
        after=snapshot(document),
        unit_path=document.unit_path,
    )
    return document


@transaction.atomic
def comment_add(
    *,
    by: Any,
    document: Document,
    text: str,
    section_key: str = "",
    required: bool = False,
) -> DocumentComment:
    """A comment on a section of the current draft (the caller checks who may comment)."""
    require_draft(document)
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Write the comment."), field="text")
    version = current_version(document)
    keys = {block.get("key") for block in version.content}
    if section_key and section_key not in keys:
        raise DomainError(_("The draft has no such section."), field="section_key")
    comment = DocumentComment.objects.create(
        document=document,
        version=version,
        section_key=section_key,
        author=by if getattr(by, "pk", None) else None,
        author_name=getattr(by, "display_name", lambda: getattr(by, "username", ""))(),
        text=text,
        required=required,
    )
    changelog_record(
        by=by,
        action="comment_add",
        obj=document,
        after={"comment": comment.pk, "section": section_key, "text": text[:200]},
        unit_path=document.unit_path,
    )
    return comment


@transaction.atomic
def comment_answer(
    *, by: Any, comment: DocumentComment, status: str, reply: str = ""
) -> DocumentComment:
    """The drafting team accepts or rejects a comment with a reply (the caller checks who)."""
    if status not in (CommentStatus.ACCEPTED, CommentStatus.REJECTED):
        raise DomainError(_("Accept or reject the comment."), field="status")
    reply = (reply or "").strip()
    if status == CommentStatus.REJECTED and not reply:
        raise DomainError(_("Say why the comment is not taken in."), field="reply")
    require_draft(comment.document)
    before = snapshot(comment, ["status", "reply"])
    comment.status = status
    comment.reply = reply
    comment.replied_by = by if getattr(by, "pk", None) else None
    comment.replied_at = timezone.now()
    comment.save(update_fields=["status", "reply", "replied_by", "replied_at"])
    changelog_record(
        by=by,
        action="comment_answer",
        obj=comment.document,
        before=before,
        after=snapshot(comment, ["status", "reply"]),
        unit_path=comment.document.unit_path,
    )
    return comment


@transaction.atomic
def document_issue(
    *, by: Any, document: Document, issued_on: datetime.date | None = None
) -> Document:
    """Give the document its number from the issuer's registry and its date: it is issued
    and frozen, its Word file stored as issued (`documents.files`)."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    require_draft(document)
    day = issued_on or timezone.localdate()
    if day > timezone.localdate():
        raise DomainError(_("The issue date cannot be in the future."), field="issued_on")
    style = document.profile.style
    document.number = number_take(
        issuer=document.issuer, type_code=document.type_code, style=style, on=day
    )
    if not document.issuer_code:
        document.issuer_code = issuer_code_default(document.issuer, on=day)
    document.symbol = symbol_of(
        number=document.number,
        type_code=document.type_code,
        issuer_code=document.issuer_code,
        style=style,
    )
    document.period_key = period_key_of(style, day)
    document.issued_on = day
    document.status = DocumentStatus.ISSUED
    document.version += 1
    document.save()
    # The file as issued is kept: later renderer or profile changes never alter it.
    issued_store(document)
    changelog_record(
        by=by,
        action="document_issue",
        obj=document,
        after={"symbol": document.symbol, "issued_on": day.isoformat()},
        unit_path=document.unit_path,
    )
    return document
