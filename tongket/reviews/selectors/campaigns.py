"""Campaigns reaching a user, the people on them and what each may do, their milestones,
participants and adoption conferences."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from tongket.core import scopes
from tongket.core.classification import clearance_q_through
from tongket.core.errors import NotFound
from tongket.org import policy
from tongket.org.policy import Action
from tongket.org.selectors import body_groups_seating
from tongket.reviews.choices import Body, MemberRole
from tongket.reviews.models import CampaignMember, CampaignUnit, ReviewCampaign

_BODIES_ATTR = "_tongket_body_groups"


def _person_id(user: Any) -> int | None:
    return getattr(user, "person_id", None)


def _body_groups(user: Any) -> set[int]:
    """The bodies the user's person sits on today, read once per request (like the grants in
    `core.scopes`)."""
    if not getattr(user, "is_authenticated", False) or not _person_id(user):
        return set()
    cached = getattr(user, _BODIES_ATTR, None)
    if cached is None:
        cached = body_groups_seating(person_id=_person_id(user))
        setattr(user, _BODIES_ATTR, cached)
    return cached


def _body_q(user: Any, prefix: str = "") -> Q | None:
    groups = _body_groups(user)
    if not groups:
        return None
    return Q(**{f"{prefix}steering_group_id__in": groups}) | Q(
        **{f"{prefix}drafting_group_id__in": groups}
    )


def campaign_reach_q(user: Any, prefix: str = "") -> Q:
    if scopes.is_unrestricted(user):
        return Q()
    participants = CampaignUnit.objects.filter(scopes.scope_q(user, "unit__path")).values(
        "campaign_id"
    )
    query = (
        scopes.scope_q(user, f"{prefix}owner_unit__path")
        | scopes.scope_q(user, f"{prefix}standing_agency__path")
        | scopes.scope_q(user, f"{prefix}appraisal_unit__path")
        | Q(**{f"{prefix}pk__in": participants})
    )
    person = _person_id(user)
    if person:
        query |= Q(
            **{
                f"{prefix}pk__in": CampaignMember.objects.filter(person_id=person).values(
                    "campaign_id"
                )
            }
        )
    bodies = _body_q(user, prefix)
    if bodies is not None:
        query |= bodies
    # Campaigns of a resolution marked above the user's clearance stay hidden.
    return query & clearance_q_through(user, ReviewCampaign, prefix)


def campaign_list(
    *, user: Any, state: str | None = None, resolution: Any = None
) -> QuerySet[ReviewCampaign]:
    queryset = ReviewCampaign.objects.filter(campaign_reach_q(user)).select_related(
        "resolution", "owner_unit", "standing_agency", "appraisal_unit", "new_resolution"
    )
    if state:
        queryset = queryset.filter(state=state)
    if resolution is not None:
        queryset = queryset.filter(resolution=resolution)
    return queryset.annotate(
        unit_count=Count("participants", distinct=True),
    ).order_by("-span_to", "-id")


def campaign_get(*, user: Any, pk: Any) -> ReviewCampaign:
    try:
        return (
            ReviewCampaign.objects.filter(campaign_reach_q(user))
            .select_related(
                "resolution",
                "resolution__issuing_unit",
                "owner_unit",
                "standing_agency",
                "appraisal_unit",
                "new_resolution",
                "adopted_at",
                "reports_to",
                "steering_group",
                "drafting_group",
            )
            .get(pk=int(pk))
        )
    except (ReviewCampaign.DoesNotExist, ValueError, TypeError) as error:
        raise NotFound(_("Review campaign not found.")) from error


def members(*, campaign: ReviewCampaign) -> QuerySet[CampaignMember]:
    return campaign.members.select_related("person").order_by("body", "order", "id")


def is_member(user: Any, campaign: ReviewCampaign, body: str | None = None) -> bool:
    person = _person_id(user)
    if not person:
        return False
    queryset = campaign.members.filter(person_id=person)
    if body:
        queryset = queryset.filter(body=body)
    return queryset.exists()


def is_head(user: Any, campaign: ReviewCampaign) -> bool:
    person = _person_id(user)
    return (
        bool(person)
        and campaign.members.filter(
            person_id=person, body=Body.STEERING_COMMITTEE, role=MemberRole.HEAD
        ).exists()
    )


def can_run(user: Any, campaign: ReviewCampaign) -> bool:
    """The standing agency's (or the reviewing body's) tracking officers run the campaign."""
    return scopes.covers(
        user, campaign.standing_agency, policy.roles(Action.KEEP_REVIEWS)
    ) or scopes.covers(user, campaign.owner_unit, policy.roles(Action.KEEP_REVIEWS))


def can_draft(user: Any, campaign: ReviewCampaign) -> bool:
    return can_run(user, campaign) or is_member(user, campaign, Body.DRAFTING_TEAM)


def sits_on_body(user: Any, campaign: ReviewCampaign) -> bool:
    """Whether the user's person sits on the body named as the campaign's steering committee
    or drafting team (by name or by the seat's position held today)."""
    groups = _body_groups(user)
    return bool(groups) and bool({campaign.steering_group_id, campaign.drafting_group_id} & groups)


def can_comment(user: Any, campaign: ReviewCampaign) -> bool:
    """Members named on the campaign, members of its bodies, and those who run it."""
    return is_member(user, campaign) or sits_on_body(user, campaign) or can_run(user, campaign)


def can_appraise(user: Any, campaign: ReviewCampaign) -> bool:
    unit = campaign.appraisal_unit
    return unit is not None and scopes.covers(user, unit, policy.roles(Action.APPRAISE_REVIEWS))


def can_adopt(user: Any, campaign: ReviewCampaign) -> bool:
    """The head of the steering committee, or an approver of the reviewing body."""
    return is_head(user, campaign) or scopes.covers(
        user, campaign.owner_unit, policy.roles(Action.ADOPT_REVIEWS)
    )


def milestones(*, campaign: ReviewCampaign) -> list[dict[str, Any]]:
    today = timezone.localdate()
    return [
        {"milestone": m, "status": m.status(today)}
        for m in campaign.milestones.order_by("due_date", "order", "id")
    ]


def adoption_meetings(*, user: Any, campaign: ReviewCampaign) -> QuerySet[Any]:
    """The conferences the user sees that may adopt the campaign: its own, those of no
    campaign, and those of another review of the same body (one conference adopts several
    reviews: Tổng cục CNQP adopted its 382 and 765 reviews at one conference)."""
    from tongket.meetings.selectors import meeting_list

    return meeting_list(user=user).filter(
        Q(campaign=campaign)
        | Q(campaign__isnull=True)
        | Q(campaign__owner_unit_id=campaign.owner_unit_id)
    )


def participants(*, campaign: ReviewCampaign) -> QuerySet[CampaignUnit]:
    return campaign.participants.select_related("unit").order_by("unit__sort_key")


def campaign_prefetched(queryset: QuerySet[ReviewCampaign]) -> QuerySet[ReviewCampaign]:
    return queryset.prefetch_related(
        Prefetch("members", queryset=CampaignMember.objects.select_related("person"))
    )


def milestone_get(*, user: Any, pk: Any) -> Any:
    """A milestone of a campaign the user may read."""
    from tongket.reviews.models import Milestone

    try:
        milestone = Milestone.objects.get(pk=int(pk))
    except (Milestone.DoesNotExist, ValueError, TypeError) as error:
        raise NotFound(_("Milestone not found.")) from error
    milestone.campaign = campaign_get(user=user, pk=milestone.campaign_id)
    return milestone


def outline_section_get(*, user: Any, pk: Any) -> Any:
    """A section of the outline of a campaign the user may read."""
    from tongket.reviews.models import OutlineSection

    try:
        section = OutlineSection.objects.get(pk=int(pk))
    except (OutlineSection.DoesNotExist, ValueError, TypeError) as error:
        raise NotFound(_("Section not found.")) from error
    section.campaign = campaign_get(user=user, pk=section.campaign_id)
    return section


def member_get(*, campaign: ReviewCampaign, pk: Any) -> CampaignMember:
    """A member of a campaign already read through the scope."""
    try:
        return members(campaign=campaign).select_related("campaign__owner_unit").get(pk=int(pk))
    except (CampaignMember.DoesNotExist, ValueError, TypeError, OverflowError) as error:
        raise NotFound(_("Member not found.")) from error
