"""The steering committee and the drafting team of a review as bodies (`org.BodyGroup`).

A campaign's Ban Chỉ đạo and Tổ Biên tập are set up by a decision of the reviewing body and
are often known only as bodies ("Tổ Biên tập" with nobody named on the campaign): the
campaign then names the body, with or without members. Callers: those who run the campaign
(`require_runner`), while it is open.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from tongket.core.errors import DomainError
from tongket.core.services import changelog_record
from tongket.org.choices import GroupKind
from tongket.org.models import BodyGroup
from tongket.org.selectors import body_group_list
from tongket.org.services.units import check_version
from tongket.reviews.choices import Body
from tongket.reviews.models import ReviewCampaign
from tongket.reviews.services.campaigns import require_open, require_runner

# The campaign's field for each body, and the kind of body that may hold it.
HOLDERS = {
    Body.STEERING_COMMITTEE: ("steering_group", GroupKind.STEERING_COMMITTEE),
    Body.DRAFTING_TEAM: ("drafting_group", GroupKind.DRAFTING_TEAM),
}


@transaction.atomic
def campaign_body_set(
    *,
    by: Any,
    campaign: ReviewCampaign,
    body: str,
    group: BodyGroup | None,
    version: int | None = None,
) -> ReviewCampaign:
    """Name the body that is the campaign's steering committee or drafting team (None:
    none named). The body must be of that kind, still at work, and one the caller reaches
    (set up by the reviewing body, a unit of the caller's scope or one above it)."""
    if body not in HOLDERS:
        raise DomainError(_("Choose the steering committee or the drafting team."), field="body")
    require_runner(by, campaign, _("edit the campaign"))
    require_open(campaign)
    campaign = ReviewCampaign.objects.select_for_update().get(pk=campaign.pk)
    check_version(campaign, version)
    field, kind = HOLDERS[Body(body)]
    if group is not None:
        if not body_group_list(user=by, reach=True).filter(pk=group.pk).exists():
            raise DomainError(_("Choose a body you can reach."), field="group")
        if group.kind != kind:
            raise DomainError(
                _("%(body)s is not a %(kind)s.") % {"body": group.name, "kind": kind.label},
                field="group",
            )
        if group.dissolved_on is not None:
            raise DomainError(
                _("%(body)s has ended its work.") % {"body": group.name}, field="group"
            )
    before = getattr(campaign, f"{field}_id")
    setattr(campaign, field, group)
    campaign.version += 1
    campaign.save(update_fields=[field, "version"])
    changelog_record(
        by=by,
        action="campaign_body_set",
        obj=campaign,
        before={field: before},
        after={field: group.pk if group else None, "name": group.name if group else ""},
        unit_path=campaign.owner_unit.path,
    )
    return campaign
