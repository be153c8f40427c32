"""Correcting a document's frame (the two header lines, place, date, signer with TM./KT./Q.,
recipients, the signers side by side) and recording a document issued outside the system
with the number and date it carries.
"""

from __future__ import annotations

import copy
import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongket.core.errors import DomainError
from tongket.core.services import changelog_record
from tongket.core.text import normalize
from tongket.documents import services
from tongket.documents.choices import Authority, DocumentStatus
from tongket.documents.correction.access import require_corrector, require_version
from tongket.documents.files import issued_store
from tongket.documents.models import Document, NumberRegistry

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
    require_corrector(by, document)
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
    require_version(document, version)
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
    require_corrector(by, document)
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
    require_version(document, version)
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
    issued_store(document)
    changelog_record(
        by=by,
        action="document_issue",
        obj=document,
        after={"symbol": symbol, "issued_on": issued_on.isoformat(), "recorded": True},
        unit_path=document.unit_path,
    )
    return document
