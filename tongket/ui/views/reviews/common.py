"""What the review pages share: running a service whose refusal becomes a message, and the
permissions of a campaign read once per page."""

from __future__ import annotations

from typing import Any

from tongket.core import scopes
from tongket.org import policy
from tongket.org.policy import Action
from tongket.reviews import selectors
from tongket.reviews.models import ReviewCampaign
from tongket.ui.views.base import run_service as run

__all__ = ["run"]


def permissions(user: Any, campaign: ReviewCampaign) -> dict[str, bool]:
    """Who the user is in this campaign: each workflow step is shown only to its owner."""
    run = selectors.can_run(user, campaign)
    member = selectors.is_member(user, campaign)
    drafter = run or selectors.is_member(user, campaign, "drafting_team")
    return {
        "run": run,
        "draft": drafter,
        # Members of the campaign's bodies comment too, and do nothing else a member does.
        "comment": run or member or selectors.sits_on_body(user, campaign),
        "appraise": selectors.can_appraise(user, campaign),
        "adopt": selectors.can_adopt(user, campaign),
        "issue": scopes.covers(user, campaign.owner_unit, policy.roles(Action.KEEP_REVIEWS)),
        "member": member,
    }
