"""The catalogues of emulation and commendation: which body may give which form (by name, or
by its level and kind), the quotas of a body and what is taken of them, and their upkeep.

Callers: administrators for the forms, authorities and awarding levels; a body's commendation
officers (or administrators above it) for its quotas. `_require_officer` is the officer check
the nomination and decision services share.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from tongket.awards.choices import BodyLevel, NominationState, QuotaBasis
from tongket.awards.models import AwardAuthority, AwardForm, AwardingBody, Nomination, Quota
from tongket.awards.reach import nomination_reach_q
from tongket.core import scopes
from tongket.core.errors import DomainError
from tongket.core.services import changelog_record, snapshot
from tongket.core.text import normalize
from tongket.org import lines, policy
from tongket.org.choices import Line
from tongket.org.models import Unit
from tongket.org.policy import Action

OPEN_STATES = (NominationState.SUBMITTED, NominationState.COUNCIL_REVIEWED)


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


@dataclass(frozen=True)
class QuotaUse:
    """A body's quota for a form, kind and year (None: no quota), its limit, the awards
    taken or pending against it (`used`: every one counts, seen or not), and how many of
    those the reader may see (`shown`)."""

    quota: Quota | None
    used: int
    limit: int | None
    shown: int

    @property
    def hidden(self) -> bool:
        """Whether some awards counted are not shown to the reader: then a message to the
        reader gives neither `used` nor a number derived from it."""
        return self.shown < self.used


def quota_use(
    *,
    reader: Any,
    decider: Unit,
    form: AwardForm,
    year: int,
    nominee_kind: str,
    exclude: int | None = None,
) -> QuotaUse:
    """The body's quota as `reader` may be told of it: every nomination taken or pending
    counts (a quota is a quota), also those above the reader's clearance or outside the
    reader's units (`reach.nomination_reach_q`), which `shown` leaves out."""
    quota = (
        Quota.objects.filter(unit=decider, year=year)
        .filter(Q(form=form) | Q(form__isnull=True))
        .filter(Q(nominee_kind=nominee_kind) | Q(nominee_kind=""))
        .order_by("form_id", "nominee_kind")
        .last()
    )
    if quota is None:
        return QuotaUse(None, 0, None, 0)
    taken = Nomination.objects.filter(
        decider=decider,
        year=year,
        state__in=[*OPEN_STATES, NominationState.APPROVED],
    )
    if quota.form_id:
        taken = taken.filter(form=form)
    if quota.nominee_kind:
        taken = taken.filter(nominee_kind=quota.nominee_kind)
    if exclude:
        taken = taken.exclude(pk=exclude)
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
    used = taken.count()
    shown = (
        used
        if not used or scopes.is_unrestricted(reader)
        else taken.filter(nomination_reach_q(reader)).count()
    )
    return QuotaUse(quota, used, limit, shown)


def quota_state(
    *, decider: Unit, form: AwardForm, year: int, nominee_kind: str, exclude: int | None = None
) -> tuple[Quota | None, int, int | None]:
    """(quota, awards taken or pending, the limit) for the body, form and year, every award
    counted: for the rules, never for a message (`quota_use` tells what a reader sees)."""
    use = quota_use(
        reader=scopes.SYSTEM,
        decider=decider,
        form=form,
        year=year,
        nominee_kind=nominee_kind,
        exclude=exclude,
    )
    return use.quota, use.used, use.limit


def _require_officer(by: Any, unit: Unit, action: Action = Action.PROPOSE_AWARDS) -> None:
    scopes.require_role(by, unit, policy.roles(action), _("handle commendations"))


def require_catalogue_admin(by: Any) -> None:
    """Only an administrator of a whole tree edits the catalogues (PermissionDenied)."""
    roots = Unit.objects.filter(parent__isnull=True)
    if not scopes.is_unrestricted(by) and not any(
        scopes.covers(by, root, policy.roles(Action.KEEP_AWARD_CATALOGUES)) for root in roots
    ):
        raise PermissionDenied(_("Only an administrator edits the catalogues."))


@transaction.atomic
def award_form_save(*, by: Any, code: str, name: str, category: str, **fields: Any) -> AwardForm:
    require_catalogue_admin(by)
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
    require_catalogue_admin(by)
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


def _require_below(body: Unit, agency: Unit) -> None:
    """The standing agency of a body's emulation council is a unit below it: in the tree, or
    in one of its lines today (a department of a people's committee, a committee's board)."""
    if agency.pk == body.pk:
        raise DomainError(
            _("The standing agency is a unit below the body, not the body itself."),
            field="standing_agency",
        )
    if not agency.is_active:
        raise DomainError(
            _("%(unit)s has been dissolved.") % {"unit": agency.name}, field="standing_agency"
        )
    if agency.path.startswith(body.path):
        return
    for line in Line.values:
        if agency.pk in lines.line_descendant_ids([body.pk], line=line):
            return
    raise DomainError(
        _("%(agency)s is not below %(body)s, in the tree nor in its lines.")
        % {"agency": agency.name, "body": body.name},
        field="standing_agency",
    )


@transaction.atomic
def awarding_level_set(
    *, by: Any, unit: Unit, level: str, standing_agency: Unit | None = None
) -> AwardingBody | None:
    """Record the level at which a body gives commendations and the standing agency of its
    emulation council (a unit below it, which issues the proposals for the awards the body
    decides itself; None: the body issues them); an empty level removes both.
    Administrators of the catalogues only."""
    require_catalogue_admin(by)
    if level and level not in BodyLevel.values:
        raise DomainError(_("Choose a level."), field="level")
    if standing_agency is not None:
        if not level:
            raise DomainError(
                _("A body without a level has no standing agency to record."),
                field="standing_agency",
            )
        _require_below(unit, standing_agency)
    current = AwardingBody.objects.filter(unit=unit).select_related("standing_agency").first()
    before = {
        "level": current.level if current else "",
        "standing_agency": current.standing_agency.code
        if current and current.standing_agency
        else "",
    }
    body = None
    if level:
        body, _created = AwardingBody.objects.update_or_create(
            unit=unit, defaults={"level": level, "standing_agency": standing_agency}
        )
    else:
        AwardingBody.objects.filter(unit=unit).delete()
    changelog_record(
        by=by,
        action="awarding_level_set",
        obj=unit,
        before=before,
        after={
            "level": level,
            "standing_agency": standing_agency.code if standing_agency else "",
        },
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
