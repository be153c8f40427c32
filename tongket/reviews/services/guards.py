"""The guards every review campaign write shares: who may run a campaign, the open check
and the campaign's period. A module of its own so that the campaign services and the unit
reports both read it without importing each other."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from tongket.core.errors import DomainError, NotFound
from tongket.reporting.models import Period
from tongket.reviews.models import ReviewCampaign
from tongket.reviews.selectors import can_run


def require_runner(by: Any, campaign: ReviewCampaign, action: str = "") -> None:
    """404 outside the scope; 403 for anyone but the campaign's tracking officers."""
    from tongket.reviews.selectors import campaign_reach_q

    if not ReviewCampaign.objects.filter(campaign_reach_q(by), pk=campaign.pk).exists():
        raise NotFound(_("Review campaign not found."))
    if not can_run(by, campaign):
        raise PermissionDenied(
            _("Only the standing agency's tracking officers may %(action)s.")
            % {"action": action or _("do this")}
        )


def require_open(campaign: ReviewCampaign) -> None:
    if campaign.is_closed:
        raise DomainError(_("The campaign is closed: the new resolution has been issued."))


def span_period(campaign: ReviewCampaign) -> Period:
    """The period covering the span ("2013-2022"), a term (read only: unsaved when no one has
    stored it; its figures are made from the finer periods inside it)."""
    from tongket.reporting.services.periods import period_find

    return period_find(code=f"{campaign.span_from}-{campaign.span_to}")
