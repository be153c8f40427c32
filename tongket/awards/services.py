"""Nominations, their checks and dossier, the awards council, decisions within quotas and
authority, and the catalogues of forms and authorities.

Callers: commendation officers (cán bộ thi đua – khen thưởng) of the proposing unit for
nominations; those of the deciding authority for the council's vote, approval, rejection,
forwarding and decisions; administrators for the catalogues.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tongket.awards.choices import (
    BodyLevel,
    CheckLevel,
    FileKind,
    NominationState,
    NomineeKind,
    QuotaBasis,
)
from tongket.awards.models import (
    AwardAuthority,
    AwardDecision,
    AwardForm,
    AwardingBody,
    Nomination,
    NominationFile,
    Quota,
)
from tongket.core import scopes
from tongket.core.errors import DomainError, NotFound
from tongket.core.services import changelog_record, snapshot
from tongket.core.text import normalize
from tongket.core.uploads import DOCUMENTS_AND_IMAGES, check_upload
from tongket.org import policy
from tongket.org.models import Person, Position, Unit
from tongket.org.policy import Action
from tongket.org.services.units import check_version

OPEN_STATES = (NominationState.SUBMITTED, NominationState.COUNCIL_REVIEWED)


@dataclass
class Check:
    """One check shown before submission: its name, level and message."""

    code: str
    level: str
    message: str


def body_level_of(unit: Unit) -> str:
    """The level at which the body gives commendations ("" when none is recorded)."""
    return AwardingBody.objects.filter(unit=unit).values_list("level", flat=True).first() or ""


def authority_may_give(unit: Unit, form: AwardForm, on: datetime.date) -> bool:
    """Does the authority table let `unit` give `form` on that date? By name, or by the
    body's own level (and kind): never by its depth in the tree."""
    queryset = (
        AwardAuthority.objects.filter(form=form)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
    )
    level = body_level_of(unit)
    for authority in queryset:
        if authority.unit_id == unit.pk:
            return True
        if authority.unit_id is None and level and authority.body_level == level:
            if not authority.unit_kind or authority.unit_kind == unit.kind:
                return True
    return False


def higher_authority(unit: Unit, form: AwardForm, on: datetime.date) -> Unit | None:
    """The nearest unit above `unit` that may give `form`."""
    ancestors = Unit.objects.filter(pk__in=unit.ancestor_ids[:-1]).order_by("-depth")
    return next((above for above in ancestors if authority_may_give(above, form, on)), None)


def quota_state(
    *, decider: Unit, form: AwardForm, year: int, nominee_kind: str, exclude: int | None = None
) -> tuple[Quota | None, int, int | None]:
    """(quota, awards taken or pending, the limit) for the body, form and year."""
    quota = (
        Quota.objects.filter(unit=decider, year=year)
        .filter(Q(form=form) | Q(form__isnull=True))
        .filter(Q(nominee_kind=nominee_kind) | Q(nominee_kind=""))
        .order_by("form_id", "nominee_kind")
        .last()
    )
    if quota is None:
        return None, 0, None
    used = Nomination.objects.filter(
        decider=decider,
        year=year,
        state__in=[*OPEN_STATES, NominationState.APPROVED],
    )
    if quota.form_id:
        used = used.filter(form=form)
    if quota.nominee_kind:
        used = used.filter(nominee_kind=quota.nominee_kind)
    if exclude:
        used = used.exclude(pk=exclude)
    if quota.basis == QuotaBasis.COUNT:
        limit = int(quota.value)
    elif quota.basis == QuotaBasis.SHARE_OF_HEADCOUNT:
        limit = int(Decimal(quota.headcount or 0) * quota.value / 100)
    else:
        units = (
            Unit.objects.filter(path__startswith=decider.path, dissolved_on__isnull=True).count()
            - 1
        )
        limit = int(Decimal(units) * quota.value / 100)
    return quota, used.count(), limit


def nominee_results(nomination: Nomination) -> dict[str, Any] | None:
    """The nominee's results on the resolution reviewed (share of indicators met or exceeded,
    share of periodic reports received), when the nomination is tied to one."""
    from tongket.reporting import selectors as reporting
    from tongket.reporting.choices import Status
    from tongket.reporting.services.periods import period_find

    resolution = nomination.resolution or (
        nomination.campaign.resolution if nomination.campaign_id else None
    )
    unit = nomination.nominee_unit
    if resolution is None or unit is None:
        return None
    if nomination.campaign_id:
        span = (nomination.campaign.span_from, nomination.campaign.span_to)
    elif not resolution.horizon_known:
        return None
    else:
        span = (resolution.horizon_from, min(resolution.last_target_year, nomination.year))
    period = (
        period_find(code=f"{span[0]}-{span[1]}")
        if span[1] > span[0]
        else period_find(code=str(span[0]))
    )
    rows = reporting.figures(
        user=scopes.SYSTEM,
        unit=unit,
        period=period,
        indicators=reporting.resolution_indicators(user=scopes.SYSTEM, resolution=resolution),
    )
    judged = [r for r in rows if r.status not in (Status.NO_DATA, Status.NO_TARGET)]
    met = [r for r in judged if r.status in (Status.EXCEEDED, Status.MET)]
    from tongket.reporting.models import Report

    reports = Report.objects.filter(
        form__resolution=resolution,
        unit__path__startswith=unit.path,
        period__year__gte=span[0],
        period__end_year__lte=span[1],
    )
    expected = reports.count()
    received = reports.filter(first_submitted_at__isnull=False).count()
    return {
        "rows": rows,
        "judged": len(judged),
        "met": len(met),
        "share_met": Decimal(len(met)) * 100 / len(judged) if judged else None,
        "expected": expected,
        "received": received,
        "completeness": Decimal(received) * 100 / expected if expected else None,
        "span": span,
    }


def achievement_text(nomination: Nomination) -> str:
    """The achievement summary pre-filled from the nominee's results (in Vietnamese)."""
    from tongket.core.numbers import format_number, format_percent

    results = nominee_results(nomination)
    lines = []
    if results is not None:
        span = f"{results['span'][0]}-{results['span'][1]}"
        if results["judged"]:
            lines.append(
                f"Giai đoạn {span}: đạt và vượt {results['met']}/{results['judged']} chỉ tiêu "
                f"({format_percent(results['share_met'], 0)})."
            )
            best = [r for r in results["rows"] if r.status == "exceeded"][:3]
            for row in best:
                lines.append(
                    f"- {row.indicator.name}: {format_number(row.value, row.indicator.decimals)} "
                    f"{row.indicator.unit_of_measure} (chỉ tiêu {format_number(row.target_due, row.indicator.decimals)})."
                )
        if results["expected"]:
            lines.append(
                f"Thực hiện chế độ báo cáo: {results['received']}/{results['expected']} báo cáo "
                f"({format_percent(results['completeness'], 0)})."
            )
    elif nomination.nominee_person_id:
        positions = Position.objects.filter(person=nomination.nominee_person).select_related("unit")
        held = "; ".join(f"{p.title} ({p.unit.name})" for p in positions[:3])
        if held:
            lines.append(f"Chức vụ: {held}.")
    return "\n".join(lines)


def checks(nomination: Nomination, on: datetime.date | None = None) -> list[Check]:
    """What the system can check before submission."""
    day = on or timezone.localdate()
    form = nomination.form
    found: list[Check] = []
    if authority_may_give(nomination.decider, form, day):
        found.append(
            Check(
                "authority",
                CheckLevel.OK,
                _("%(unit)s may give %(form)s.")
                % {"unit": nomination.decider.name, "form": form.name},
            )
        )
    else:
        above = higher_authority(nomination.decider, form, day)
        if above is not None:
            found.append(
                Check(
                    "authority",
                    CheckLevel.WARNING,
                    _(
                        "%(unit)s may not give %(form)s: after the awards council's review, "
                        "propose it to %(above)s."
                    )
                    % {"unit": nomination.decider.name, "form": form.name, "above": above.name},
                )
            )
        else:
            found.append(
                Check(
                    "authority",
                    CheckLevel.ERROR,
                    _("No authority at or above %(unit)s may give %(form)s.")
                    % {"unit": nomination.decider.name, "form": form.name},
                )
            )
    kind_ok = (
        form.for_collectives
        if nomination.nominee_kind == NomineeKind.COLLECTIVE
        else form.for_individuals
    )
    if not kind_ok:
        found.append(
            Check(
                "kind",
                CheckLevel.ERROR,
                _("%(form)s is not given to %(kind)s.")
                % {"form": form.name, "kind": NomineeKind(nomination.nominee_kind).label.lower()},
            )
        )
    quota, used, limit = quota_state(
        decider=nomination.decider,
        form=form,
        year=nomination.year,
        nominee_kind=nomination.nominee_kind,
        exclude=nomination.pk,
    )
    if quota is None:
        found.append(Check("quota", CheckLevel.OK, _("No quota is set for this body and year.")))
    elif limit is not None and used + 1 > limit:
        found.append(
            Check(
                "quota",
                CheckLevel.ERROR,
                _(
                    "The quota of %(unit)s for %(year)s is %(limit)s and %(used)s are already taken or pending."
                )
                % {
                    "unit": nomination.decider.name,
                    "year": nomination.year,
                    "limit": limit,
                    "used": used,
                },
            )
        )
    else:
        found.append(
            Check(
                "quota",
                CheckLevel.OK,
                _("Quota: %(used)s of %(limit)s used.") % {"used": used + 1, "limit": limit},
            )
        )
    since = nomination.year - form.repeat_years + 1
    repeat = Nomination.objects.filter(
        form=form, state=NominationState.APPROVED, year__gte=since
    ).exclude(pk=nomination.pk)
    repeat = (
        repeat.filter(nominee_unit=nomination.nominee_unit)
        if nomination.nominee_unit_id
        else repeat.filter(nominee_person=nomination.nominee_person)
    )
    if repeat.exists():
        found.append(
            Check(
                "repeat",
                CheckLevel.ERROR,
                _("The same nominee received %(form)s within the last %(years)s year(s).")
                % {"form": form.name, "years": form.repeat_years},
            )
        )
    duplicate = (
        Nomination.objects.filter(
            form=form,
            year=nomination.year,
            nominee_unit=nomination.nominee_unit,
            nominee_person=nomination.nominee_person,
        )
        .exclude(pk=nomination.pk)
        .exclude(state=NominationState.REJECTED)
    )
    if duplicate.exists():
        found.append(
            Check(
                "duplicate",
                CheckLevel.ERROR,
                _("The same nominee is already proposed for this form this year."),
            )
        )
    if nomination.nominee_person_id:
        held = Position.objects.filter(
            person_id=nomination.nominee_person_id,
            unit__path__startswith=nomination.proposing_unit.path,
            valid_from__lte=day,
        ).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        if not held.exists():
            found.append(
                Check(
                    "position",
                    CheckLevel.ERROR,
                    _("%(person)s holds no position in %(unit)s or below on %(day)s.")
                    % {
                        "person": nomination.nominee_person.full_name,
                        "unit": nomination.proposing_unit.name,
                        "day": day.strftime("%d/%m/%Y"),
                    },
                )
            )
    criteria = form.criteria or {}
    if criteria:
        results = nominee_results(nomination)
        if results is None:
            found.append(
                Check(
                    "criteria",
                    CheckLevel.WARNING,
                    _("The criteria cannot be checked: tie the nomination to a resolution."),
                )
            )
        else:
            if "min_share_met" in criteria and (results["share_met"] or 0) < Decimal(
                str(criteria["min_share_met"])
            ):
                found.append(
                    Check(
                        "criteria",
                        CheckLevel.ERROR,
                        _(
                            "The nominee met %(met)s of %(n)s indicators; the form asks for %(need)s %%."
                        )
                        % {
                            "met": results["met"],
                            "n": results["judged"],
                            "need": criteria["min_share_met"],
                        },
                    )
                )
            if "min_completeness" in criteria and (results["completeness"] or 0) < Decimal(
                str(criteria["min_completeness"])
            ):
                found.append(
                    Check(
                        "criteria",
                        CheckLevel.ERROR,
                        _(
                            "The nominee sent %(received)s of %(expected)s periodic reports; the form asks for %(need)s %%."
                        )
                        % {
                            "received": results["received"],
                            "expected": results["expected"],
                            "need": criteria["min_completeness"],
                        },
                    )
                )
    return found


def _require_officer(by: Any, unit: Unit, action: Action = Action.PROPOSE_AWARDS) -> None:
    scopes.require_role(by, unit, policy.roles(action), _("handle commendations"))


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
    found = [c for c in checks(nomination) if c.code in ("duplicate", "position", "kind")]
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
    errors = [c for c in checks(nomination) if c.level == CheckLevel.ERROR]
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
        c for c in checks(nomination) if c.level == CheckLevel.ERROR and c.code != "duplicate"
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
def decision_issue(
    *,
    by: Any,
    issuer: Unit,
    form: AwardForm,
    nominations: list[Nomination],
    issued_on: datetime.date | None = None,
    reason: str = "",
    campaign: Any = None,
    signer_title: str = "",
    signer_name: str = "",
) -> AwardDecision:
    """Issue a decision of `issuer` awarding `form` to approved nominations it decides: a
    document numbered from the issuer's registry with the awardees as an annex."""
    from tongket.awards.documents import decision_document_issue

    _require_officer(by, issuer, Action.DECIDE_AWARDS)
    if not nominations:
        raise DomainError(_("A decision needs at least one awardee."), field="nominations")
    locked = list(
        Nomination.objects.select_for_update(of=("self",))
        .filter(pk__in=[n.pk for n in nominations])
        .select_related("nominee_unit", "nominee_person", "proposing_unit")
    )
    for nomination in locked:
        if nomination.decider_id != issuer.pk or nomination.form_id != form.pk:
            raise DomainError(
                _("%(nominee)s is not for this authority and form.")
                % {"nominee": nomination.nominee_name},
                field="nominations",
            )
        if nomination.state != NominationState.APPROVED or nomination.decision_id:
            raise DomainError(
                _("%(nominee)s is not an approved nomination awaiting a decision.")
                % {"nominee": nomination.nominee_name},
                field="nominations",
            )
    if not authority_may_give(issuer, form, issued_on or timezone.localdate()):
        raise DomainError(
            _("%(unit)s may not give %(form)s.") % {"unit": issuer.name, "form": form.name},
            field="form",
        )
    collectives = [n for n in locked if n.nominee_kind == NomineeKind.COLLECTIVE]
    individuals = [n for n in locked if n.nominee_kind == NomineeKind.INDIVIDUAL]
    reason = (reason or "").strip() or (
        f"Đã có thành tích xuất sắc trong thực hiện {campaign.title}" if campaign else ""
    )
    document = decision_document_issue(
        by=by,
        issuer=issuer,
        form=form,
        nominations=[*collectives, *individuals],
        issued_on=issued_on,
        reason=reason,
        signer_title=signer_title,
        signer_name=signer_name,
    )
    decision = AwardDecision.objects.create(
        issuer=issuer, form=form, document=document, campaign=campaign, reason=reason
    )
    Nomination.objects.filter(pk__in=[n.pk for n in locked]).update(decision=decision)
    changelog_record(
        by=by,
        action="decision_issue",
        obj=decision,
        after={
            "symbol": document.symbol,
            "collectives": len(collectives),
            "individuals": len(individuals),
        },
        unit_path=issuer.path,
    )
    return decision


def _require_catalogue_admin(by: Any) -> None:
    roots = Unit.objects.filter(parent__isnull=True)
    if not scopes.is_unrestricted(by) and not any(
        scopes.covers(by, root, policy.roles(Action.KEEP_AWARD_CATALOGUES)) for root in roots
    ):
        raise PermissionDenied(_("Only an administrator edits the catalogues."))


@transaction.atomic
def award_form_save(*, by: Any, code: str, name: str, category: str, **fields: Any) -> AwardForm:
    _require_catalogue_admin(by)
    code = normalize(code).upper()
    if not code:
        raise DomainError(_("Enter a code."), field="code")
    name = normalize(name)
    if not name:
        raise DomainError(_("Enter the name."), field="name")
    form = AwardForm.objects.filter(code=code).first()
    before = snapshot(form) if form else None
    form = form or AwardForm(code=code)
    form.name, form.category = name, category
    for key, value in fields.items():
        setattr(form, key, value)
    if not (form.for_collectives or form.for_individuals):
        raise DomainError(
            _("A form is given to collectives, individuals or both."), field="for_collectives"
        )
    if form.valid_from and form.valid_to and form.valid_to < form.valid_from:
        raise DomainError(_("The end date is before the start date."), field="valid_to")
    form.save()
    changelog_record(by=by, action="award_form_save", obj=form, before=before, after=snapshot(form))
    return form


@transaction.atomic
def authority_add(
    *,
    by: Any,
    form: AwardForm,
    unit: Unit | None = None,
    body_level: str = "",
    unit_kind: str = "",
    valid_from: datetime.date | None = None,
    valid_to: datetime.date | None = None,
) -> AwardAuthority:
    """Let a named unit, or every body of a level (and kind), give a form."""
    _require_catalogue_admin(by)
    if unit is None and not body_level:
        raise DomainError(_("Name a unit or a level."), field="unit")
    if body_level and body_level not in BodyLevel.values:
        raise DomainError(_("Choose a level."), field="body_level")
    authority = AwardAuthority.objects.create(
        form=form,
        unit=unit,
        body_level=body_level,
        unit_kind=unit_kind,
        valid_from=valid_from,
        valid_to=valid_to,
    )
    changelog_record(by=by, action="authority_add", obj=form, after=snapshot(authority))
    return authority


@transaction.atomic
def awarding_level_set(*, by: Any, unit: Unit, level: str) -> AwardingBody | None:
    """Record the level at which a body gives commendations; an empty level removes it.
    Administrators of the catalogues only."""
    _require_catalogue_admin(by)
    if level and level not in BodyLevel.values:
        raise DomainError(_("Choose a level."), field="level")
    before = {"level": body_level_of(unit)}
    body = None
    if level:
        body, _created = AwardingBody.objects.update_or_create(unit=unit, defaults={"level": level})
    else:
        AwardingBody.objects.filter(unit=unit).delete()
    changelog_record(
        by=by,
        action="awarding_level_set",
        obj=unit,
        before=before,
        after={"level": level},
        unit_path=unit.path,
    )
    return body


@transaction.atomic
def quota_set(
    *,
    by: Any,
    unit: Unit,
    year: int,
    basis: str,
    value: Decimal,
    form: AwardForm | None = None,
    nominee_kind: str = "",
    headcount: int | None = None,
) -> Quota:
    """A body's quota for a year (its commendation officers or administrators above it)."""
    _require_officer(by, unit)
    if basis not in QuotaBasis.values:
        raise DomainError(_("Choose the basis."), field="basis")
    if value is None or value < 0:
        raise DomainError(_("Enter a number, not negative."), field="value")
    if basis == QuotaBasis.SHARE_OF_HEADCOUNT and not headcount:
        raise DomainError(_("Enter the headcount the share applies to."), field="headcount")
    if basis != QuotaBasis.COUNT and value > 100:
        raise DomainError(_("A share is at most 100 %."), field="value")
    quota, _created = Quota.objects.update_or_create(
        unit=unit,
        year=year,
        form=form,
        nominee_kind=nominee_kind,
        defaults={"basis": basis, "value": value, "headcount": headcount},
    )
    changelog_record(
        by=by, action="quota_set", obj=quota, after=snapshot(quota), unit_path=unit.path
    )
    return quota


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
