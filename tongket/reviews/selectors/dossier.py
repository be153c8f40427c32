"""Reads of a campaign's unit reports and its dossier: documents, open comments, rows."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from tongket.core import scopes
from tongket.core.classification import clearance_q
from tongket.core.errors import NotFound
from tongket.documents.choices import CommentStatus
from tongket.documents.models import DocumentComment
from tongket.org import policy
from tongket.org.policy import Action
from tongket.reviews.choices import UnitReportState
from tongket.reviews.models import (
    CampaignDocument,
    CampaignMember,
    ReviewCampaign,
    UnitReviewReport,
)
from tongket.reviews.selectors.campaigns import (
    _person_id,
    campaign_get,
    campaign_reach_q,
    can_appraise,
    can_run,
    is_member,
)


def unit_report_list(*, user: Any, campaign: ReviewCampaign) -> QuerySet[UnitReviewReport]:
    """All unit reports for those who run or sit on the campaign; else those of the user's
    units."""
    queryset = campaign.unit_reports.select_related("unit")
    if not (can_run(user, campaign) or is_member(user, campaign) or can_appraise(user, campaign)):
        queryset = scopes.restrict(queryset, user, "unit__path")
    return queryset.order_by("unit__sort_key")


def unit_report_get(*, user: Any, pk: Any) -> UnitReviewReport:
    try:
        report = UnitReviewReport.objects.select_related("campaign", "unit").get(pk=int(pk))
    except (UnitReviewReport.DoesNotExist, ValueError, TypeError) as error:
        raise NotFound(_("Unit review report not found.")) from error
    try:
        campaign = campaign_get(user=user, pk=report.campaign_id)
    except NotFound as error:
        # Answered as a report that does not exist: "campaign not found" would tell that it
        # does.
        raise NotFound(_("Unit review report not found.")) from error
    if not unit_report_list(user=user, campaign=campaign).filter(pk=report.pk).exists():
        raise NotFound(_("Unit review report not found."))
    return report


def dossier(*, campaign: ReviewCampaign) -> dict[str, Any]:
    return {
        link.role: link.document
        for link in CampaignDocument.objects.filter(campaign=campaign).select_related(
            "document", "document__profile", "document__issuer"
        )
    }


def open_comments(
    *, campaign: ReviewCampaign, roles: tuple[str, ...] | None = None
) -> dict[str, int]:
    """The campaign's open comments and the required ones among them, on the documents of
    `roles` (all of the campaign's documents when None)."""
    links = CampaignDocument.objects.filter(campaign=campaign)
    if roles is not None:
        links = links.filter(role__in=roles)
    documents = links.values("document_id")
    queryset = DocumentComment.objects.filter(document_id__in=documents, status=CommentStatus.OPEN)
    return {"open": queryset.count(), "required": queryset.filter(required=True).count()}


def unit_report_counts(*, campaign: ReviewCampaign) -> dict[str, int]:
    counts = {state: 0 for state in UnitReportState.values}
    for state, count in (
        campaign.unit_reports.values_list("state").annotate(n=Count("id")).order_by()
    ):
        counts[state] = count
    counts["total"] = sum(counts.values())
    return counts


def dossier_rows(*, campaign: ReviewCampaign) -> list[dict[str, Any]]:
    """The dossier's documents in role order, each with its current draft number and its
    open comments (required ones apart): two queries."""
    links = list(
        CampaignDocument.objects.filter(campaign=campaign)
        .select_related("document")
        .annotate(
            open_count=Count(
                "document__comments",
                filter=Q(document__comments__status=CommentStatus.OPEN),
                distinct=True,
            ),
            required_count=Count(
                "document__comments",
                filter=Q(
                    document__comments__status=CommentStatus.OPEN,
                    document__comments__required=True,
                ),
                distinct=True,
            ),
        )
        .order_by("role")
    )
    from django.db.models import Max

    from tongket.documents.models import DocumentVersion

    drafts = dict(
        DocumentVersion.objects.filter(document_id__in=[link.document_id for link in links])
        .values_list("document_id")
        .annotate(n=Max("number"))
        .order_by()
    )
    return [
        {
            "role": link.role,
            "role_label": link.get_role_display(),
            "document": link.document,
            "draft": drafts.get(link.document_id, 0),
            "open": link.open_count,
            "required": link.required_count,
        }
        for link in links
    ]


def unit_report_list_all(
    *, user: Any, campaign: ReviewCampaign | None = None, state: str | None = None
) -> QuerySet[UnitReviewReport]:
    """Unit review reports across campaigns, as `unit_report_list` shows them: every report
    of the campaigns the user runs, sits on or appraises; else those of the user's units."""
    queryset = UnitReviewReport.objects.select_related("unit", "campaign").filter(
        clearance_q(user, UnitReviewReport)
    )
    if not scopes.is_unrestricted(user):
        full = (
            scopes.scope_q(user, "owner_unit__path", policy.roles(Action.KEEP_REVIEWS))
            | scopes.scope_q(user, "standing_agency__path", policy.roles(Action.KEEP_REVIEWS))
            | scopes.scope_q(
                user,
                "appraisal_unit__path",
                policy.roles(Action.APPRAISE_REVIEWS),
            )
        )
        person = _person_id(user)
        if person:
            full |= Q(pk__in=CampaignMember.objects.filter(person_id=person).values("campaign_id"))
        campaigns = ReviewCampaign.objects.filter(full).values("pk")
        queryset = queryset.filter(
            Q(campaign_id__in=campaigns) | scopes.scope_q(user, "unit__path")
        )
    if campaign is not None:
        queryset = queryset.filter(campaign=campaign)
    if state:
        queryset = queryset.filter(state=state)
    return queryset.order_by("campaign_id", "unit__sort_key", "id")


def campaign_document_list(
    *, user: Any, campaign: ReviewCampaign | None = None
) -> QuerySet[CampaignDocument]:
    """The dossier documents of the campaigns the user may read."""
    queryset = CampaignDocument.objects.filter(campaign_reach_q(user, "campaign__")).select_related(
        "document", "document__issuer", "campaign"
    )
    if campaign is not None:
        queryset = queryset.filter(campaign=campaign)
    return queryset.order_by("-campaign_id", "role")


def campaign_document_get(*, user: Any, pk: Any) -> CampaignDocument:
    """A dossier document (by the document's id) of a campaign the user may read."""
    try:
        return campaign_document_list(user=user).get(document_id=int(pk))
    except (CampaignDocument.DoesNotExist, ValueError, TypeError, OverflowError) as error:
        raise NotFound(_("Document not found.")) from error


def dossier_comment_get(*, user: Any, pk: Any) -> DocumentComment:
    """A comment on a dossier document of a campaign the user may read."""
    try:
        comment = DocumentComment.objects.select_related("document", "version", "replied_by").get(
            pk=int(pk)
        )
    except (DocumentComment.DoesNotExist, ValueError, TypeError, OverflowError) as error:
        raise NotFound(_("Comment not found.")) from error
    try:
        campaign_document_get(user=user, pk=comment.document_id)
    except NotFound as error:
        # Answered as a comment that does not exist (not "document not found").
        raise NotFound(_("Comment not found.")) from error
    return comment
