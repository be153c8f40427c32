"""Relations between resolutions (supersedes, implements, amends) and the issue of a record
registered before its number.

Supersession has an authority: a resolution is superseded only by one of its own issuer (or
of the issuer's successor after a merge, split or rename, or of the committee or command
linked to it) or of a body above the issuer (in the tree or in any of its lines), and only
once that resolution takes effect (is issued). A lower body reviewing a higher body's
resolution ends in its own resolution that *implements* it: the higher one stays in force
for everyone else.

Callers: tracking officers (and administrators) of the unit that keeps the source record;
the review workflow (acting as the system after checking the officer's rights).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tongket.core.errors import DomainError, NotFound
from tongket.core.services import changelog_record, snapshot
from tongket.core.text import normalize
from tongket.org.choices import RestructuringRole
from tongket.org.models import RestructuringParticipant, Unit, UnitLine
from tongket.resolutions.choices import RelationKind, ResolutionStatus
from tongket.resolutions.models import Resolution, ResolutionRelation
from tongket.resolutions.selectors import resolution_reach_q
from tongket.resolutions.services.records import (
    UNNUMBERED_STATUSES,
    _apply_symbol,
    _check_fields,
    _check_symbol_free,
    _index,
    require_keeper,
)
from tongket.resolutions.symbols import issuer_mismatch, parse_symbol

# A source in one of these statuses has not taken effect: its supersessions wait.
NOT_IN_EFFECT = (ResolutionStatus.DRAFT,)
MAX_STEPS = 30


def _same_body(unit: Unit) -> set[int]:
    """The unit with the committee or command linked to it (they issue as one body) and
    every unit it became through a rename, merge or split (its successors), transitively."""
    found = {unit.pk}
    frontier = [unit.pk]
    for _step in range(MAX_STEPS):
        if not frontier:
            break
        linked = set(
            Unit.objects.filter(Q(pk__in=frontier) | Q(linked_unit__in=frontier)).values_list(
                "pk", "linked_unit_id"
            )
        )
        more = {pk for pair in linked for pk in pair if pk is not None}
        events = RestructuringParticipant.objects.filter(
            unit_id__in=frontier, role=RestructuringRole.SOURCE
        ).values("event_id")
        more |= set(
            RestructuringParticipant.objects.filter(
                event_id__in=events, role=RestructuringRole.TARGET
            ).values_list("unit_id", flat=True)
        )
        frontier = list(more - found)
        found |= more
    return found


def _superiors(unit_ids: set[int]) -> set[int]:
    """Every body above the units, in the tree and in any line, at any date."""
    found: set[int] = set()
    for unit in Unit.objects.filter(pk__in=unit_ids):
        found.update(unit.ancestor_ids[:-1])
    frontier = set(unit_ids) | found
    for _step in range(MAX_STEPS):
        above = set(
            UnitLine.objects.filter(unit_id__in=frontier, superior__isnull=False).values_list(
                "superior_id", flat=True
            )
        )
        for unit in Unit.objects.filter(pk__in=above - found):
            above.update(unit.ancestor_ids[:-1])
        new = above - found
        if not new:
            break
        found |= new
        frontier = new
    return found - set(unit_ids)


def may_supersede(source_issuer: Unit, target_issuer: Unit) -> bool:
    """May a resolution of `source_issuer` supersede one of `target_issuer`? Yes when it is
    the same body (or its linked committee or command, or its successor) or a body above."""
    if source_issuer.pk == target_issuer.pk:
        return True
    bodies = _same_body(target_issuer)
    if source_issuer.pk in bodies:
        return True
    return source_issuer.pk in _superiors(bodies)


def _takes_effect(source: Resolution) -> bool:
    return source.status not in NOT_IN_EFFECT


def _apply(by: Any, relation: ResolutionRelation) -> None:
    """The link takes effect: the target is marked superseded, its earlier status kept."""
    target = Resolution.objects.select_for_update().get(pk=relation.target_id)
    relation.in_effect = True
    relation.target_status_before = target.status
    relation.target_status_since_before = target.status_since
    relation.valid_from = relation.valid_from or relation.source.issued_on
    relation.save(
        update_fields=[
            "in_effect",
            "target_status_before",
            "target_status_since_before",
            "valid_from",
        ]
    )
    if target.status == ResolutionStatus.SUPERSEDED:
        return
    before = snapshot(target, ["status", "status_since"])
    target.status = ResolutionStatus.SUPERSEDED
    target.status_since = relation.valid_from or timezone.localdate()
    target.version += 1
    target.save(update_fields=["status", "status_since", "version", "updated_at"])
    changelog_record(
        by=by,
        action="resolution_superseded",
        obj=target,
        before=before,
        after=snapshot(target, ["status", "status_since"]),
        unit_path=target.owner_unit.path,
        note=relation.source.reference,
    )


def apply_pending(by: Any, source: Resolution) -> None:
    """Once `source` takes effect, its waiting `supersedes` links take effect too."""
    if not _takes_effect(source):
        return
    waiting = source.relations_out.filter(kind=RelationKind.SUPERSEDES, in_effect=False)
    for relation in waiting.select_related("source", "target"):
        _apply(by, relation)


@transaction.atomic
def relation_add(
    *,
    by: Any,
    source: Resolution,
    target: Resolution,
    kind: str,
    valid_from: datetime.date | None = None,
    note: str = "",
) -> ResolutionRelation:
    """`source` supersedes / implements / amends `target`. Superseding is refused unless the
    source's issuer may supersede the target's (its own body, successor or a body above);
    it marks the target superseded from `valid_from` (default: the source's issue date) once
    the source is issued, not while it is a draft."""
    require_keeper(by, source)
    if not Resolution.objects.filter(resolution_reach_q(by), pk=target.pk).exists():
        raise NotFound(_("Resolution not found."))
    if kind not in RelationKind.values:
        raise DomainError(_("Choose a relation."), field="kind")
    if source.pk == target.pk:
        raise DomainError(_("A resolution cannot relate to itself."), field="target")
    if kind == RelationKind.SUPERSEDES:
        if ResolutionRelation.objects.filter(
            source=target, target=source, kind=RelationKind.SUPERSEDES
        ).exists():
            raise DomainError(
                _("%(other)s already supersedes this resolution.") % {"other": target.reference},
                field="target",
            )
        if not may_supersede(source.issuing_unit, target.issuing_unit):
            raise DomainError(
                _(
                    "%(issuer)s cannot supersede a resolution of %(other)s: only its issuer, "
                    "the issuer's successor or a body above it can. Record that this "
                    "resolution implements it instead; it stays in force for everyone else."
                )
                % {"issuer": source.issuing_unit.name, "other": target.issuing_unit.name},
                field="kind",
            )
    if ResolutionRelation.objects.filter(source=source, target=target, kind=kind).exists():
        raise DomainError(_("This relation is already recorded."), field="target")
    relation = ResolutionRelation.objects.create(
        source=source,
        target=target,
        kind=kind,
        valid_from=valid_from or source.issued_on,
        note=normalize(note),
    )
    changelog_record(
        by=by,
        action="relation_add",
        obj=source,
        after={
            "relation": kind,
            "target": target.reference,
            "valid_from": str(relation.valid_from),
        },
        unit_path=source.owner_unit.path,
    )
    if kind == RelationKind.SUPERSEDES and _takes_effect(source):
        _apply(by, relation)
    return relation


@transaction.atomic
def relation_remove(*, by: Any, relation: ResolutionRelation) -> None:
    """Delete the link. A `supersedes` link in effect gives the target back its status from
    before it, unless another link in effect still supersedes it."""
    require_keeper(by, relation.source)
    changelog_record(
        by=by,
        action="relation_remove",
        obj=relation.source,
        before={"relation": relation.kind, "target": relation.target.reference},
        unit_path=relation.source.owner_unit.path,
    )
    restore = relation.kind == RelationKind.SUPERSEDES and relation.in_effect
    status_before = relation.target_status_before or ResolutionStatus.IN_FORCE
    since_before = relation.target_status_since_before
    target_id = relation.target_id
    relation.delete()
    if not restore:
        return
    target = Resolution.objects.select_for_update().get(pk=target_id)
    still = ResolutionRelation.objects.filter(
        target=target, kind=RelationKind.SUPERSEDES, in_effect=True
    ).exists()
    if still or target.status != ResolutionStatus.SUPERSEDED:
        return
    before = snapshot(target, ["status", "status_since"])
    target.status = status_before
    target.status_since = since_before
    target.version += 1
    target.save(update_fields=["status", "status_since", "version", "updated_at"])
    changelog_record(
        by=by,
        action="resolution_status",
        obj=target,
        before=before,
        after=snapshot(target, ["status", "status_since"]),
        unit_path=target.owner_unit.path,
    )


@transaction.atomic
def resolution_issue(
    *,
    by: Any,
    resolution: Resolution,
    symbol: str,
    issued_on: datetime.date | None = None,
    version: int | None = None,
    confirm_issuer: bool = False,
) -> Resolution:
    """Complete a record registered before its number (a draft, or a document mentioned):
    it gets its number and symbol and, when known, its issue date, and is in force. Its
    waiting `supersedes` links take effect. A mentioned document may stay undated."""
    from tongket.org.services.units import check_version

    require_keeper(by, resolution, _("issue resolutions"))
    resolution = Resolution.objects.select_for_update().get(pk=resolution.pk)
    check_version(resolution, version)
    if resolution.status not in UNNUMBERED_STATUSES:
        raise DomainError(
            _("%(resolution)s is already issued.") % {"resolution": resolution.reference},
            field="symbol",
        )
    if not (symbol or "").strip():
        raise DomainError(_("Enter the number and symbol."), field="symbol")
    if resolution.status == ResolutionStatus.DRAFT and issued_on is None:
        raise DomainError(_("Enter the issue date."), field="issued_on")
    before = snapshot(resolution)
    parsed = parse_symbol(symbol)
    _apply_symbol(resolution, parsed)
    resolution.issued_on = issued_on or resolution.issued_on
    resolution.status = ResolutionStatus.IN_FORCE
    resolution.status_since = resolution.issued_on
    _check_fields(resolution, by)
    if not confirm_issuer:
        warning = issuer_mismatch(parsed, resolution.issuing_unit, resolution.issued_on)
        if warning:
            raise DomainError(warning, field="symbol", code="issuer_mismatch")
    _check_symbol_free(resolution)
    _index(resolution)
    resolution.version += 1
    resolution.save()
    changelog_record(
        by=by,
        action="resolution_issue",
        obj=resolution,
        before=before,
        after=snapshot(resolution),
        unit_path=resolution.owner_unit.path,
    )
    apply_pending(by, resolution)
    return resolution


@transaction.atomic
def resolution_set_status(
    *, by: Any, resolution: Resolution, status: str, since: datetime.date | None = None
) -> Resolution:
    """Set the status by hand. In force needs a number (`resolution_issue` gives one to a
    record registered without); leaving draft lets its waiting supersessions take effect."""
    require_keeper(by, resolution)
    if status not in ResolutionStatus.values:
        raise DomainError(_("Choose a status."), field="status")
    if status == ResolutionStatus.IN_FORCE and not resolution.symbol:
        raise DomainError(
            _("Enter its number and symbol (Issue) before marking it in force."), field="status"
        )
    before = snapshot(resolution, ["status", "status_since"])
    resolution.status = status
    resolution.status_since = since or timezone.localdate()
    resolution.version += 1
    resolution.save(update_fields=["status", "status_since", "version", "updated_at"])
    changelog_record(
        by=by,
        action="resolution_status",
        obj=resolution,
        before=before,
        after=snapshot(resolution, ["status", "status_since"]),
        unit_path=resolution.owner_unit.path,
    )
    apply_pending(by, resolution)
    return resolution
