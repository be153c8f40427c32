"""Objects of a branch for the tests that walk every page and endpoint (see
tongket.core.testing.branches): finders for the first words campaign, milestone, outline
and review (a unit's review report).

A finder must not write the change log when the demo already has what it needs (the walks
check that nothing was written); what the demo lacks is created directly, without a log
row, or through the services for the branch's own pages."""

from __future__ import annotations

import datetime
from typing import Any

from tongket.core.testing.branches import finder
from tongket.org.models import Unit, User
from tongket.reviews.models import Milestone, ReviewCampaign, UnitReviewReport


def branch_campaign(root: Unit) -> ReviewCampaign | None:
    """The first review held by a body of the branch (Quân khu 2's review of 623, Tổng cục
    CNQP's review of 382)."""
    return (
        ReviewCampaign.objects.filter(owner_unit__path__startswith=root.path)
        .select_related("owner_unit")
        .order_by("pk")
        .first()
    )


@finder("campaign")
def _campaign(root: Unit, user: User) -> Any:
    campaign = branch_campaign(root)
    return campaign.pk if campaign else None


@finder("milestone")
def _milestone(root: Unit, user: User) -> Any:
    campaign = branch_campaign(root)
    if campaign is None:
        return None
    milestone = campaign.milestones.order_by("pk").first()
    if milestone is None:
        milestone = Milestone.objects.create(
            campaign=campaign,
            kind="other",
            title="Mốc kiểm thử",
            due_date=datetime.date(campaign.span_to, 12, 1),
        )
    return milestone.pk


@finder("outline")
def _outline(root: Unit, user: User) -> Any:
    campaign = branch_campaign(root)
    if campaign is None:
        return None
    return campaign.outline.order_by("order", "pk").values_list("pk", flat=True).first()


# "unit_report_docx" would otherwise be taken for a unit page by its first word.
@finder("review", "unit_report_docx")
def _review(root: Unit, user: User) -> Any:
    return (
        UnitReviewReport.objects.filter(campaign__owner_unit__path__startswith=root.path)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )
