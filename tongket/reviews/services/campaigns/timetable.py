"""The campaign's timetable (milestones) and its outline."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify
from django.utils.translation import gettext as _

from tongket.core.errors import DomainError
from tongket.core.services import changelog_record, snapshot
from tongket.core.text import normalize
from tongket.reviews.choices import CampaignState, MilestoneKind, SectionSource
from tongket.reviews.models import Milestone, OutlineSection, ReviewCampaign
from tongket.reviews.services.guards import require_open, require_runner


@transaction.atomic
def milestone_add(
    *,
    by: Any,
    campaign: ReviewCampaign,
    kind: str,
    title: str,
    due_date: datetime.date,
) -> Milestone:
    require_runner(by, campaign, _("set the timetable"))
    if kind not in MilestoneKind.values:
        raise DomainError(_("Choose the kind of milestone."), field="kind")
    title = normalize(title) or str(MilestoneKind(kind).label)  # a string, for the log
    last = campaign.milestones.aggregate(m=Max("order"))["m"] or 0
    milestone = Milestone.objects.create(
        campaign=campaign, kind=kind, title=title, due_date=due_date, order=last + 1
    )
    changelog_record(
        by=by,
        action="milestone_add",
        obj=campaign,
        after=snapshot(milestone),
        unit_path=campaign.owner_unit.path,
    )
    return milestone


@transaction.atomic
def milestone_done(
    *, by: Any, milestone: Milestone, done_on: datetime.date | None = None
) -> Milestone:
    from django.utils import timezone

    require_runner(by, milestone.campaign, _("set the timetable"))
    day = done_on or timezone.localdate()
    if day > timezone.localdate():
        raise DomainError(_("The date cannot be in the future."), field="done_on")
    milestone.done_on = day
    milestone.save(update_fields=["done_on"])
    changelog_record(
        by=by,
        action="milestone_done",
        obj=milestone.campaign,
        after={"milestone": milestone.title, "done_on": day.isoformat()},
        unit_path=milestone.campaign.owner_unit.path,
    )
    return milestone


def mark_done(campaign: ReviewCampaign, kind: str, day: datetime.date) -> None:
    """A workflow step done marks the open milestones of that kind as done."""
    campaign.milestones.filter(kind=kind, done_on__isnull=True).update(done_on=day)


@transaction.atomic
def outline_section_set(
    *,
    by: Any,
    campaign: ReviewCampaign,
    key: str,
    title: str,
    level: int = 1,
    guidance: str = "",
    source: str = SectionSource.NONE,
    after: str | None = None,
) -> OutlineSection:
    """Add a section to the outline (after `after`, else at the end) or change one."""
    require_runner(by, campaign, _("edit the outline"))
    require_open(campaign)
    if campaign.state != CampaignState.DRAFTING:
        raise DomainError(_("The outline can change only while drafting."))
    key = slugify(key)[:40]
    if not key:
        raise DomainError(_("Enter a key (letters, digits, hyphens)."), field="key")
    title = normalize(title)
    if not title:
        raise DomainError(_("Enter the section's title."), field="title")
    if source not in SectionSource.values:
        raise DomainError(_("Choose what the section is pre-filled with."), field="source")
    if not 0 <= int(level) <= 2:
        raise DomainError(_("A level from 0 to 2."), field="level")
    section = campaign.outline.filter(key=key).first()
    before = snapshot(section) if section else None
    if section is None:
        sections = list(campaign.outline.order_by("order", "id"))
        position = len(sections)
        if after:
            found = [i for i, s in enumerate(sections) if s.key == after]
            if not found:
                raise DomainError(_("No such section."), field="after")
            position = found[0] + 1
        section = OutlineSection(campaign=campaign, key=key)
        sections.insert(position, section)
        for order, item in enumerate(sections):
            item.order = order
            if item.pk:
                item.save(update_fields=["order"])
    section.title = title
    section.level = int(level)
    section.guidance = (guidance or "").strip()
    section.source = source
    section.save()
    changelog_record(
        by=by,
        action="outline_section_set",
        obj=campaign,
        before=before,
        after=snapshot(section),
        unit_path=campaign.owner_unit.path,
    )
    return section


@transaction.atomic
def outline_section_remove(*, by: Any, section: OutlineSection) -> None:
    campaign = section.campaign
    require_runner(by, campaign, _("edit the outline"))
    if campaign.state != CampaignState.DRAFTING:
        raise DomainError(_("The outline can change only while drafting."))
    changelog_record(
        by=by,
        action="outline_section_remove",
        obj=campaign,
        before=snapshot(section),
        unit_path=campaign.owner_unit.path,
    )
    section.delete()
