"""Nominations: their proposal, dossier and submission, the awards council's vote, rejection,
forwarding to a higher authority and approval, and the withdrawal of a draft.

Callers: commendation officers (cán bộ thi đua – khen thưởng) of the proposing unit for
the proposal, dossier, submission and withdrawal; those of the deciding authority for the
council's vote, approval, rejection and forwarding.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongket.awards.choices import CheckLevel, FileKind, NominationState, NomineeKind
from tongket.awards.models import AwardForm, Nomination, NominationFile
from tongket.awards.services.catalogue import (
    OPEN_STATES,
    _require_officer,
    authority_may_give,
    higher_authority,
)
from tongket.awards.services.eligibility import achievement_text, checks
from tongket.core import scopes
from tongket.core.errors import DomainError, NotFound
from tongket.core.services import changelog_record, snapshot
from tongket.core.text import normalize
from tongket.core.uploads import DOCUMENTS_AND_IMAGES, check_upload
from tongket.org.models import Person, Unit
from tongket.org.policy import Action
from tongket.org.services.units import check_version


def _lock(nomination: Nomination) -> Nomination:
    return (
        Nomination.objects.select_for_update(of=("self",))
        .select_related(
            "form", "decider", "proposing_unit", "nominee_unit", "nominee_person", "campaign"
        )
        .get(pk=nomination.pk)
    )


@transaction.atomic
def nomination_create(
    *,
    by: Any,
    proposing_unit: Unit,
    form: AwardForm,
    year: int,
    nominee_unit: Unit | None = None,
    nominee_person: Person | None = None,
    decider: Unit | None = None,
    campaign: Any = None,
    resolution: Any = None,
    emulation_period: str = "",
    achievement: str | None = None,
    is_illustrative: bool = False,
) -> Nomination:
    """Propose a collective or an individual. The achievement summary is pre-filled from the
    nominee's results when not given. A nominee outside the proposing unit's subtree is
    refused."""
    _require_officer(by, proposing_unit)
    if (nominee_unit is None) == (nominee_person is None):
        raise DomainError(_("Choose either a collective or an individual."), field="nominee_unit")
    if nominee_unit is not None:
        if not nominee_unit.path.startswith(proposing_unit.path):
            raise DomainError(
                _("%(unit)s is not part of %(proposer)s.")
                % {"unit": nominee_unit.name, "proposer": proposing_unit.name},
                field="nominee_unit",
            )
    if nominee_person is not None and not scopes.covers(by, nominee_person.unit):
        raise DomainError(_("Choose a person of your units."), field="nominee_person")
    decider = decider or proposing_unit
    if not proposing_unit.path.startswith(decider.path):
        raise DomainError(
            _("The deciding authority must be the proposing unit or above it."), field="decider"
        )
    if not 1945 <= int(year) <= timezone.localdate().year + 1:
        raise DomainError(_("Enter a plausible year."), field="year")
    nomination = Nomination(
        proposing_unit=proposing_unit,
        decider=decider,
        form=form,
        nominee_kind=NomineeKind.COLLECTIVE if nominee_unit else NomineeKind.INDIVIDUAL,
        nominee_unit=nominee_unit,
        nominee_person=nominee_person,
        year=int(year),
        campaign=campaign,
        resolution=resolution,
        emulation_period=normalize(emulation_period),
        is_illustrative=is_illustrative,
        created_by=by if getattr(by, "pk", None) else None,
    )
    nomination.achievement = (achievement or "").strip() or achievement_text(nomination)
    found = [
        c for c in checks(nomination, reader=by) if c.code in ("duplicate", "position", "kind")
    ]
    errors = [c for c in found if c.level == CheckLevel.ERROR]
    if errors:
        field = {"duplicate": "nominee_unit", "position": "nominee_person", "kind": "form"}[
            errors[0].code
        ]
        raise DomainError(errors[0].message, field=field, code=errors[0].code)
    nomination.save()
    changelog_record(
        by=by,
        action="nomination_create",
        obj=nomination,
        after=snapshot(nomination),
        unit_path=proposing_unit.path,
    )
    return nomination


@transaction.atomic
def nomination_update(
    *,
    by: Any,
    nomination: Nomination,
    version: int | None = None,
    achievement: str | None = None,
    note: str | None = None,
    decider: Unit | None = None,
) -> Nomination:
    nomination = _lock(nomination)
    _require_officer(by, nomination.proposing_unit)
    check_version(nomination, version)
    if nomination.state != NominationState.DRAFT:
        raise DomainError(_("Only a draft nomination can change."))
    before = snapshot(nomination)
    if achievement is not None:
        nomination.achievement = achievement.strip()
    if note is not None:
        nomination.note = note.strip()
    if decider is not None:
        if not nomination.proposing_unit.path.startswith(decider.path):
            raise DomainError(
                _("The deciding authority must be the proposing unit or above it."), field="decider"
            )
        nomination.decider = decider
    nomination.version += 1
    nomination.save()
    changelog_record(
        by=by,
        action="nomination_update",
        obj=nomination,
        before=before,
        after=snapshot(nomination),
        unit_path=nomination.proposing_unit.path,
    )
    return nomination


@transaction.atomic
def nomination_file_add(*, by: Any, nomination: Nomination, kind: str, file: Any) -> NominationFile:
    """A file of the dossier: PDF, DOCX or an image, within the size limit."""
    nomination = _lock(nomination)
    _require_officer(by, nomination.proposing_unit)
    if nomination.state not in (NominationState.DRAFT, NominationState.SUBMITTED):
        raise DomainError(_("The dossier is closed."))
    if kind not in FileKind.values:
        raise DomainError(_("Choose the kind of file."), field="kind")
    content_type = check_upload(file, allowed=DOCUMENTS_AND_IMAGES)
    stored = NominationFile(
        nomination=nomination,
        kind=kind,
        name=normalize(file.name)[:255],
        content_type=content_type,
        size=file.size,
        uploaded_by=by if getattr(by, "pk", None) else None,
    )
    stored.file.save(file.name, file, save=False)
    stored.save()
    changelog_record(
        by=by,
        action="nomination_file_add",
        obj=nomination,
        after={"file": stored.name, "kind": kind},
        unit_path=nomination.proposing_unit.path,
    )
    return stored


@transaction.atomic
def nomination_submit(*, by: Any, nomination: Nomination) -> Nomination:
    """Submit after the checks: any check at the error level refuses, naming it."""
    nomination = _lock(nomination)
    _require_officer(by, nomination.proposing_unit)
    if nomination.state != NominationState.DRAFT:
        raise DomainError(_("Only a draft nomination can be submitted."))
    errors = [c for c in checks(nomination, reader=by) if c.level == CheckLevel.ERROR]
    if errors:
        raise DomainError({"checks": [c.message for c in errors]})  # type: ignore[arg-type]
    nomination.state = NominationState.SUBMITTED
    nomination.submitted_at = timezone.now()
    nomination.version += 1
    nomination.save()
    changelog_record(
        by=by,
        action="nomination_submit",
        obj=nomination,
        after={"state": nomination.state},
        unit_path=nomination.decider.path,
    )
    return nomination


def _require_decider(by: Any, nomination: Nomination) -> None:
    if not scopes.covers(by, nomination.decider):
        raise NotFound(_("Nomination not found."))
    _require_officer(by, nomination.decider, Action.DECIDE_AWARDS)


@transaction.atomic
def nomination_council_review(
    *,
    by: Any,
    nomination: Nomination,
    votes_for: int,
    votes_total: int,
    on: datetime.date | None = None,
    minutes: Any = None,
) -> Nomination:
    """The awards council's vote (secret ballot for the highest forms), with its minutes."""
    nomination = _lock(nomination)
    _require_decider(by, nomination)
    if nomination.state not in (NominationState.SUBMITTED, NominationState.FORWARDED):
        raise DomainError(_("The council reviews submitted or forwarded nominations."))
    if votes_total is None or votes_total <= 0:
        raise DomainError(_("Enter the number of members voting."), field="votes_total")
    if votes_for is None or not 0 <= votes_for <= votes_total:
        raise DomainError(
            _("The votes for must be between 0 and the members voting."), field="votes_for"
        )
    day = on or timezone.localdate()
    if day > timezone.localdate():
        raise DomainError(_("The date cannot be in the future."), field="on")
    nomination.votes_for, nomination.votes_total, nomination.council_date = (
        votes_for,
        votes_total,
        day,
    )
    nomination.state = NominationState.COUNCIL_REVIEWED
    nomination.version += 1
    nomination.save()
    if minutes is not None:
        content_type = check_upload(minutes, allowed=DOCUMENTS_AND_IMAGES, field="minutes")
        stored = NominationFile(
            nomination=nomination,
            kind=FileKind.COUNCIL_MINUTES,
            name=minutes.name[:255],
            content_type=content_type,
            size=minutes.size,
            uploaded_by=by if getattr(by, "pk", None) else None,
        )
        stored.file.save(minutes.name, minutes, save=False)
        stored.save()
    changelog_record(
        by=by,
        action="nomination_council",
        obj=nomination,
        after={"votes_for": votes_for, "votes_total": votes_total, "date": day.isoformat()},
        unit_path=nomination.decider.path,
    )
    return nomination


@transaction.atomic
def nomination_reject(*, by: Any, nomination: Nomination, reason: str) -> Nomination:
    nomination = _lock(nomination)
    _require_decider(by, nomination)
    if nomination.state not in OPEN_STATES:
        raise DomainError(_("Only a nomination under review can be rejected."))
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Say why."), field="reason")
    nomination.state = NominationState.REJECTED
    nomination.note = reason
    nomination.version += 1
    nomination.save()
    changelog_record(
        by=by,
        action="nomination_reject",
        obj=nomination,
        note=reason,
        after={"state": nomination.state},
        unit_path=nomination.decider.path,
    )
    return nomination


@transaction.atomic
def nomination_forward(*, by: Any, nomination: Nomination, to: Unit) -> Nomination:
    """Propose to a higher authority: the nomination leaves the body's queue for the
    higher authority's, and counts as proposed to higher."""
    nomination = _lock(nomination)
    _require_decider(by, nomination)
    if nomination.state not in (*OPEN_STATES, NominationState.DRAFT):
        raise DomainError(_("This nomination can no longer be forwarded."))
    if not nomination.decider.path.startswith(to.path) or to.pk == nomination.decider_id:
        raise DomainError(_("Forward to an authority above."), field="to")
    if not authority_may_give(to, nomination.form, timezone.localdate()):
        raise DomainError(
            _("%(unit)s may not give %(form)s either.")
            % {"unit": to.name, "form": nomination.form.name},
            field="to",
        )
    before = snapshot(nomination, ["decider", "state"])
    nomination.forwarded_from = nomination.decider
    nomination.decider = to
    nomination.state = NominationState.FORWARDED
    nomination.version += 1
    nomination.save()
    changelog_record(
        by=by,
        action="nomination_forward",
        obj=nomination,
        before=before,
        after=snapshot(nomination, ["decider", "state"]),
        unit_path=to.path,
    )
    return nomination


@transaction.atomic
def nomination_approve(*, by: Any, nomination: Nomination) -> Nomination:
    """Approve a reviewed nomination (it is awarded by the next decision of the form)."""
    nomination = _lock(nomination)
    _require_decider(by, nomination)
    if nomination.state not in (NominationState.COUNCIL_REVIEWED, NominationState.FORWARDED):
        raise DomainError(_("The awards council reviews a nomination before it is approved."))
    if not authority_may_give(nomination.decider, nomination.form, timezone.localdate()):
        above = higher_authority(nomination.decider, nomination.form, timezone.localdate())
        raise DomainError(
            (
                _("%(unit)s may not give %(form)s: propose it to %(above)s instead.")
                % {
                    "unit": nomination.decider.name,
                    "form": nomination.form.name,
                    "above": above.name,
                }
                if above is not None
                else _("No authority at or above %(unit)s may give %(form)s.")
                % {"unit": nomination.decider.name, "form": nomination.form.name}
            ),
            field="decider",
            code="authority",
        )
    errors = [
        c
        for c in checks(nomination, reader=by)
        if c.level == CheckLevel.ERROR and c.code != "duplicate"
    ]
    if errors:
        raise DomainError({"checks": [c.message for c in errors]})  # type: ignore[arg-type]
    nomination.state = NominationState.APPROVED
    nomination.version += 1
    nomination.save()
    changelog_record(
        by=by,
        action="nomination_approve",
        obj=nomination,
        after={"state": nomination.state},
        unit_path=nomination.decider.path,
    )
    return nomination


@transaction.atomic
def nomination_delete(*, by: Any, nomination: Nomination) -> None:
    """Withdraw a draft nomination with its dossier files (the proposing unit's commendation
    officers). A submitted one stays on record: it is rejected or decided instead."""
    nomination = _lock(nomination)
    _require_officer(by, nomination.proposing_unit)
    if nomination.state != NominationState.DRAFT:
        raise DomainError(_("Only a draft nomination can be withdrawn."), code="state")
    changelog_record(
        by=by,
        action="nomination_delete",
        obj=nomination,
        before=snapshot(nomination),
        unit_path=nomination.proposing_unit.path,
    )
    files = [(stored.file.storage, stored.file.name) for stored in nomination.files.all()]
    nomination.delete()
    for storage, name in files:  # only once the withdrawal is committed
        transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))
