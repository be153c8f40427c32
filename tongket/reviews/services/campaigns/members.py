"""The campaign's committee and team, and its participating units."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from tongket.core import scopes
from tongket.core.errors import DomainError, NotFound
from tongket.core.services import changelog_record
from tongket.core.text import normalize
from tongket.org.models import Person, Unit
from tongket.reviews.choices import Body, MemberRole
from tongket.reviews.models import CampaignMember, CampaignUnit, ReviewCampaign, UnitReviewReport
from tongket.reviews.services.guards import require_open, require_runner
from tongket.reviews.services.unit_reports import prefill


@transaction.atomic
def member_add(
    *,
    by: Any,
    campaign: ReviewCampaign,
    person: Person,
    body: str,
    role: str = MemberRole.MEMBER,
    title: str = "",
) -> CampaignMember:
    """Put a person on the steering committee or the drafting team."""
    require_runner(by, campaign, _("compose the committee"))
    require_open(campaign)
    if body not in Body.values:
        raise DomainError(_("Choose the committee or the team."), field="body")
    if role not in MemberRole.values:
        raise DomainError(_("Choose a role."), field="role")
    if not Person.objects.filter(scopes.reach_q(by, "unit__path"), pk=person.pk).exists():
        raise NotFound(_("Person not found."))
    if role == MemberRole.HEAD and campaign.members.filter(body=body, role=role).exists():
        raise DomainError(_("This body already has a head."), field="role")
    if campaign.members.filter(person=person, body=body).exists():
        raise DomainError(
            _("%(person)s is already on it.") % {"person": person.full_name}, field="person"
        )
    last = campaign.members.filter(body=body).aggregate(m=Max("order"))["m"] or 0
    member = CampaignMember.objects.create(
        campaign=campaign,
        person=person,
        body=body,
        role=role,
        title=normalize(title),
        order=last + 1 if role != MemberRole.HEAD else 0,
    )
    changelog_record(
        by=by,
        action="member_add",
        obj=campaign,
        after={"person": person.full_name, "body": body, "role": role},
        unit_path=campaign.owner_unit.path,
    )
    return member


@transaction.atomic
def member_remove(*, by: Any, member: CampaignMember) -> None:
    campaign = member.campaign
    require_runner(by, campaign, _("compose the committee"))
    require_open(campaign)
    changelog_record(
        by=by,
        action="member_remove",
        obj=campaign,
        before={"person": member.person.full_name, "body": member.body, "role": member.role},
        unit_path=campaign.owner_unit.path,
    )
    member.delete()


@transaction.atomic
def participant_add(
    *,
    by: Any,
    campaign: ReviewCampaign,
    units: list[Unit],
    due_date: datetime.date | None = None,
) -> list[UnitReviewReport]:
    """Send the outline down to these units: each gets a review report to write, pre-filled
    with its figures and narratives over the span."""
    require_runner(by, campaign, _("choose the participating units"))
    require_open(campaign)
    reports = []
    for unit in units:
        if (
            not scopes.covers(by, unit)
            and not Unit.objects.filter(scopes.reach_q(by), pk=unit.pk).exists()
        ):
            raise NotFound(_("Unit not found."))
        if unit.established_on and unit.established_on.year > campaign.span_to:
            raise DomainError(
                _("%(unit)s did not exist during the span.") % {"unit": unit.name}, field="units"
            )
        CampaignUnit.objects.update_or_create(
            campaign=campaign, unit=unit, defaults={"due_date": due_date}
        )
        report, created = UnitReviewReport.objects.get_or_create(campaign=campaign, unit=unit)
        if created:
            prefill(report)
        reports.append(report)
    changelog_record(
        by=by,
        action="participant_add",
        obj=campaign,
        after={"units": [u.code for u in units], "due": str(due_date)},
        unit_path=campaign.owner_unit.path,
    )
    return reports
