"""Registering resolutions: the record, its status and relations, its parties, its files.

Callers: tracking officers (and administrators) of the unit that keeps the record.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tongket.core import scopes
from tongket.core.errors import DomainError, NotFound
from tongket.core.services import changelog_record, snapshot
from tongket.core.text import normalize, search_key, sort_key
from tongket.core.uploads import DOCUMENTS, check_upload
from tongket.org import policy
from tongket.org.models import Unit
from tongket.org.policy import Action
from tongket.org.services.units import check_version
from tongket.resolutions.choices import (
    CLASSIFICATION_LEVEL,
    Classification,
    ResolutionKind,
    ResolutionStatus,
    SymbolStyle,
)
from tongket.resolutions.models import (
    Field,
    Resolution,
    ResolutionAttachment,
    ResolutionParty,
)
from tongket.resolutions.selectors import resolution_reach_q
from tongket.resolutions.services.marks import dependents_mark_follow
from tongket.resolutions.symbols import (  # noqa: F401 (kept at their old import path)
    Symbol,
    issuer_codes_on,
    issuer_mismatch,
    parse_symbol,
)

EDITABLE = (
    "kind",
    "subject",
    "issued_on",
    "field",
    "horizon_from",
    "horizon_to",
    "and_following_years",
    "classification",
    "description",
    "on_track_from",
    "at_risk_from",
    "approved_only",
)


def require_keeper(by: Any, resolution: Resolution, action: str = "") -> None:
    """404 when the resolution does not reach `by`; 403 without a keeper's role."""
    if not Resolution.objects.filter(resolution_reach_q(by), pk=resolution.pk).exists():
        raise NotFound(_("Resolution not found."))
    scopes.require_role(
        by,
        resolution.owner_unit,
        policy.roles(Action.KEEP_RESOLUTIONS),
        action or _("edit resolutions"),
    )


def _check_fields(resolution: Resolution, by: Any) -> None:
    if resolution.kind not in ResolutionKind.values:
        raise DomainError(_("Choose a kind of document."), field="kind")
    resolution.subject = normalize(resolution.subject)
    if not resolution.subject:
        raise DomainError(_("Enter the subject (trích yếu)."), field="subject")
    resolution.description = (resolution.description or "").strip()
    # Either end of the horizon may be unknown ("chưa xác định"): it stays empty.
    for name in ("horizon_from", "horizon_to"):
        year = getattr(resolution, name)
        if year is not None and not 1945 <= int(year) <= 2100:
            raise DomainError(_("Enter a year between 1945 and 2100."), field=name)
    start, end = resolution.horizon_from, resolution.horizon_to
    if start is not None and end is not None and end < start:
        raise DomainError(_("The horizon cannot end before it starts."), field="horizon_to")
    if resolution.and_following_years and end is None:
        raise DomainError(
            _("'And the following years' needs the last year of the horizon."),
            field="horizon_to",
        )
    if resolution.issued_on and resolution.issued_on > timezone.localdate():
        raise DomainError(_("The issue date cannot be in the future."), field="issued_on")
    if resolution.issued_on and end is not None and resolution.issued_on.year > end:
        raise DomainError(
            _("The horizon ends before the resolution was issued."), field="horizon_to"
        )
    # In force needs a number; a document mentioned, a draft (and one that ended before its
    # number was learnt) may lack it.
    if not resolution.symbol and resolution.status == ResolutionStatus.IN_FORCE:
        raise DomainError(
            _(
                "Enter the number and symbol, or register the document as a draft or as "
                "mentioned (number not yet known)."
            ),
            field="symbol",
        )
    if resolution.status == ResolutionStatus.DRAFT and resolution.issued_on:
        raise DomainError(
            _("A draft has no issue date yet: it is dated when it is issued."),
            field="issued_on",
        )
    if resolution.classification not in Classification.values:
        raise DomainError(_("Choose a classification."), field="classification")
    level = CLASSIFICATION_LEVEL[Classification(resolution.classification)]
    user_level = (
        3
        if scopes.is_unrestricted(by)
        else CLASSIFICATION_LEVEL.get(getattr(by, "clearance", "none"), 0)
    )
    if level > user_level:
        raise DomainError(
            _("Your clearance does not allow registering a document with this mark."),
            field="classification",
        )
    if not (0 <= resolution.at_risk_from <= resolution.on_track_from <= 100):
        raise DomainError(
            _("The thresholds must satisfy 0 ≤ at risk ≤ on track ≤ 100."), field="at_risk_from"
        )


def _index(resolution: Resolution) -> None:
    resolution.search_key = " ".join(
        search_key(v) for v in (resolution.symbol, resolution.subject, resolution.issuer_code) if v
    )
    resolution.sort_key = sort_key(resolution.subject)[:400]


# Statuses a record may have before its number is known.
UNNUMBERED_STATUSES = (ResolutionStatus.DRAFT, ResolutionStatus.MENTIONED)

# The type code (loại văn bản) a kind of document writes in its number.
KIND_TYPE_CODES = {
    ResolutionKind.RESOLUTION: "NQ",
    ResolutionKind.DIRECTIVE: "CT",
    ResolutionKind.CONCLUSION: "KL",
    ResolutionKind.REGULATION: "QĐ",
    ResolutionKind.COORDINATION_PROGRAMME: "CTr",
    ResolutionKind.PLAN: "KH",
    ResolutionKind.PROJECT: "ĐA",
    ResolutionKind.DECISION: "QĐ",
    ResolutionKind.OTHER: "",
}


def _apply_blank_symbol(resolution: Resolution, style: str | None) -> None:
    """A record without its number: the parts of the blank number line ("Số      -NQ/ĐUQSTW")
    from its kind and issuing body; the style from the body's line unless given."""
    from tongket.documents.services import issuer_code_of
    from tongket.org.choices import Line

    if style not in SymbolStyle.values:
        style = (
            SymbolStyle.PARTY
            if resolution.issuing_unit.home_line == Line.PARTY
            else SymbolStyle.STATE
        )
    resolution.style = style
    resolution.symbol = ""
    resolution.number = None
    resolution.type_code = KIND_TYPE_CODES.get(ResolutionKind(resolution.kind), "")
    resolution.issuer_code = issuer_code_of(resolution.issuing_unit)[:64]
    resolution.symbol_year = None


def _apply_symbol(resolution: Resolution, symbol: Symbol) -> None:
    resolution.style = symbol.style
    resolution.symbol = symbol.text
    resolution.number = symbol.number
    resolution.type_code = symbol.type_code
    resolution.issuer_code = symbol.issuer_code
    resolution.symbol_year = symbol.year


def _check_symbol_free(resolution: Resolution) -> None:
    if not resolution.symbol:
        return
    clash = Resolution.objects.filter(
        issuing_unit=resolution.issuing_unit, symbol=resolution.symbol
    ).exclude(pk=resolution.pk)
    if clash.exists():
        raise DomainError(
            _("%(unit)s already has a document %(symbol)s.")
            % {"unit": resolution.issuing_unit.name, "symbol": resolution.symbol},
            field="symbol",
        )


@transaction.atomic
def resolution_create(
    *,
    by: Any,
    kind: str,
    symbol: str = "",
    issuing_unit: Unit,
    owner_unit: Unit | None = None,
    subject: str,
    horizon_from: int | None = None,
    horizon_to: int | None = None,
    style: str | None = None,
    issued_on: datetime.date | None = None,
    and_following_years: bool = False,
    field: Field | None = None,
    status: str = ResolutionStatus.IN_FORCE,
    classification: str = Classification.NONE,
    description: str = "",
    confirm_issuer: bool = False,
    is_illustrative: bool = False,
    on_track_from: Any = 90,
    at_risk_from: Any = 70,
    approved_only: bool = False,
) -> Resolution:
    """Register a followed document. `owner_unit` (default: the unit of the caller's first
    keeper grant) keeps the record; the issuing body must reach the caller. When the
    symbol's issuer code is not one the body carried on the issue date the call is refused
    unless `confirm_issuer`.

    Without a symbol the record is a draft or a document only mentioned (status draft or
    mentioned): kind, issuer and subject are enough; `style` (else the issuer's line) says
    how its blank number line is written. Unknown horizon years stay empty."""
    if issuing_unit is None:
        raise DomainError(_("Choose the issuing body."), field="issuing_unit")
    if (
        not scopes.covers(by, issuing_unit)
        and not Unit.objects.filter(scopes.reach_q(by), pk=issuing_unit.pk).exists()
    ):
        raise NotFound(_("Unit not found."))
    if owner_unit is None:
        owner_unit = _default_owner(by, issuing_unit)
    scopes.require_role(
        by, owner_unit, policy.roles(Action.KEEP_RESOLUTIONS), _("register resolutions")
    )
    symbol = (symbol or "").strip()
    parsed = parse_symbol(symbol) if symbol else None
    if status not in ResolutionStatus.values:
        raise DomainError(_("Choose a status."), field="status")
    resolution = Resolution(
        kind=kind,
        issuing_unit=issuing_unit,
        owner_unit=owner_unit,
        subject=subject,
        issued_on=issued_on,
        horizon_from=horizon_from,
        horizon_to=horizon_to,
        and_following_years=and_following_years,
        field=field,
        status=status,
        status_since=issued_on,
        classification=classification,
        description=description,
        is_illustrative=is_illustrative,
        on_track_from=on_track_from,
        at_risk_from=at_risk_from,
        approved_only=approved_only,
    )
    if kind not in ResolutionKind.values:
        raise DomainError(_("Choose a kind of document."), field="kind")
    if parsed is None:
        _apply_blank_symbol(resolution, style)
    else:
        _apply_symbol(resolution, parsed)
    _check_fields(resolution, by)
    if parsed is not None and not confirm_issuer:
        warning = issuer_mismatch(parsed, issuing_unit, issued_on)
        if warning:
            raise DomainError(warning, field="symbol", code="issuer_mismatch")
    _check_symbol_free(resolution)
    _index(resolution)
    try:
        with transaction.atomic():
            resolution.save()
    except IntegrityError as error:
        raise DomainError(
            _("%(unit)s already has a document %(symbol)s.")
            % {"unit": issuing_unit.name, "symbol": resolution.reference},
            field="symbol",
        ) from error
    changelog_record(
        by=by,
        action="resolution_create",
        obj=resolution,
        after=snapshot(resolution),
        unit_path=owner_unit.path,
    )
    return resolution


def _default_owner(by: Any, issuing_unit: Unit) -> Unit:
    for role, _path, unit_id in scopes.grants(by):
        if role in policy.roles(Action.KEEP_RESOLUTIONS):
            return Unit.objects.get(pk=unit_id)
    return issuing_unit


@transaction.atomic
def resolution_update(
    *,
    by: Any,
    resolution: Resolution,
    version: int | None = None,
    symbol: str | None = None,
    issuing_unit: Unit | None = None,
    confirm_issuer: bool = False,
    **changes: Any,
) -> Resolution:
    """Change the record. Only the fields in EDITABLE, the symbol and the issuing body; a
    target year outside a shortened horizon is refused."""
    require_keeper(by, resolution)
    resolution = Resolution.objects.select_for_update().get(pk=resolution.pk)
    check_version(resolution, version)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise DomainError(
            _("These fields cannot be changed here: %(fields)s")
            % {"fields": ", ".join(sorted(unknown))}
        )
    before = snapshot(resolution)
    for name, value in changes.items():
        setattr(resolution, name, value)
    if issuing_unit is not None and issuing_unit.pk != resolution.issuing_unit_id:
        if not Unit.objects.filter(scopes.reach_q(by), pk=issuing_unit.pk).exists():
            raise NotFound(_("Unit not found."))
        resolution.issuing_unit = issuing_unit
    if symbol is not None and symbol.strip():
        _apply_symbol(resolution, parse_symbol(symbol))
    elif (symbol is not None and resolution.symbol) or (
        issuing_unit is not None and not resolution.symbol
    ):
        if resolution.status not in UNNUMBERED_STATUSES:
            raise DomainError(_("An issued document keeps its number and symbol."), field="symbol")
        _apply_blank_symbol(resolution, resolution.style)
    _check_fields(resolution, by)
    if (
        (symbol is not None or issuing_unit is not None)
        and resolution.symbol
        and not confirm_issuer
    ):
        warning = issuer_mismatch(
            parse_symbol(resolution.symbol), resolution.issuing_unit, resolution.issued_on
        )
        if warning:
            raise DomainError(warning, field="symbol", code="issuer_mismatch")
    _check_symbol_free(resolution)
    yearly = resolution.indicators.filter(targets__year__isnull=False)
    outside = (
        yearly.filter(
            Q(targets__year__lt=resolution.horizon_from)
            | Q(targets__year__gt=resolution.last_target_year)
        )
        if resolution.horizon_known
        else yearly
    )
    if outside.exists():
        raise DomainError(
            _("Some targets fall outside the new horizon; change or remove them first."),
            field="horizon_to",
        )
    _index(resolution)
    resolution.version += 1
    resolution.save()
    changelog_record(
        by=by,
        action="resolution_update",
        obj=resolution,
        before=before,
        after=snapshot(resolution),
        unit_path=resolution.owner_unit.path,
    )
    dependents_mark_follow(by=by, resolution=resolution, before=before.get("classification"))
    return resolution


@transaction.atomic
def party_add(*, by: Any, resolution: Resolution, unit: Unit, role: str = "") -> ResolutionParty:
    """Add a signing party to a coordination programme (or any multi-party document). The
    party may be any unit of the registry, also of another branch (the district Party
    committees of a programme with the provincial military Party committee): naming it opens
    none of its data to the keeper."""
    require_keeper(by, resolution)
    if unit is None or not Unit.objects.filter(pk=unit.pk).exists():
        raise NotFound(_("Unit not found."))
    if resolution.parties.filter(unit=unit).exists():
        raise DomainError(_("%(unit)s is already a party.") % {"unit": unit.name}, field="unit")
    party = ResolutionParty.objects.create(
        resolution=resolution,
        unit=unit,
        role=normalize(role),
        order=resolution.parties.count(),
    )
    changelog_record(
        by=by,
        action="party_add",
        obj=resolution,
        after={"unit": unit.code, "role": party.role},
        unit_path=resolution.owner_unit.path,
    )
    return party


@transaction.atomic
def party_remove(*, by: Any, party: ResolutionParty) -> None:
    require_keeper(by, party.resolution)
    changelog_record(
        by=by,
        action="party_remove",
        obj=party.resolution,
        before={"unit": party.unit.code, "role": party.role},
        unit_path=party.resolution.owner_unit.path,
    )
    party.delete()


@transaction.atomic
def attachment_add(
    *, by: Any, resolution: Resolution, file: Any, description: str = ""
) -> ResolutionAttachment:
    """Attach a PDF or DOCX (checked by content, not by name; size limited)."""
    require_keeper(by, resolution)
    content_type = check_upload(file, allowed=DOCUMENTS)
    attachment = ResolutionAttachment(
        resolution=resolution,
        name=normalize(file.name)[:255],
        content_type=content_type,
        size=file.size,
        description=normalize(description)[:255],
        uploaded_by=by if getattr(by, "pk", None) else None,
    )
    attachment.file.save(file.name, file, save=False)
    attachment.save()
    changelog_record(
        by=by,
        action="attachment_add",
        obj=resolution,
        after={"file": attachment.name, "size": attachment.size},
        unit_path=resolution.owner_unit.path,
    )
    return attachment


@transaction.atomic
def attachment_remove(*, by: Any, attachment: ResolutionAttachment) -> None:
    require_keeper(by, attachment.resolution)
    changelog_record(
        by=by,
        action="attachment_remove",
        obj=attachment.resolution,
        before={"file": attachment.name},
        unit_path=attachment.resolution.owner_unit.path,
    )
    stored = attachment.file
    attachment.delete()
    transaction.on_commit(lambda: stored.delete(save=False))
