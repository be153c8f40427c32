"""Objects of a branch for the API's scope walk (test_scope_api.py), under kind names of the
API's own ("api_campaign"…) so that they do not depend on the finders the pages register.

Each finder receives the branch's root unit and a user of that branch and returns the
primary key of an object of the branch, creating it through the services (as the system)
when the demo has none."""

from __future__ import annotations

import datetime

from tongket.core.scopes import SYSTEM
from tongket.core.testing.branches import finder
from tongket.org.models import Unit, User


def _campaign(root: Unit):  # type: ignore[no-untyped-def]
    from tongket.reviews.models import ReviewCampaign

    return (
        ReviewCampaign.objects.filter(owner_unit__path__startswith=root.path)
        .select_related("owner_unit")
        .order_by("pk")
        .first()
    )


@finder("api_campaign")
def api_campaign(root: Unit, user: User) -> int | None:
    campaign = _campaign(root)
    return campaign.pk if campaign else None


@finder("api_unit_review_report")
def api_unit_review_report(root: Unit, user: User) -> int | None:
    from tongket.reviews.models import UnitReviewReport

    return (
        UnitReviewReport.objects.filter(campaign__owner_unit__path__startswith=root.path)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )


@finder("api_campaign_document", "api_document")
def api_campaign_document(root: Unit, user: User) -> int | None:
    """A document of the dossier of the branch's campaign (drafted when it has none)."""
    from tongket.reviews import selectors, services

    campaign = _campaign(root)
    if campaign is None:
        return None
    dossier = selectors.dossier(campaign=campaign)
    if not dossier:
        dossier = services.campaign_synthesize(by=SYSTEM, campaign=campaign)
    return min(document.pk for document in dossier.values())


@finder("api_document_comment")
def api_document_comment(root: Unit, user: User) -> int | None:
    from tongket.documents import services
    from tongket.documents.models import Document, DocumentComment

    pk = api_campaign_document(root, user)
    if pk is None:
        return None
    existing = DocumentComment.objects.filter(document_id=pk).values_list("pk", flat=True).first()
    if existing:
        return existing
    document = Document.objects.get(pk=pk)
    return services.comment_add(by=SYSTEM, document=document, text="Ý kiến kiểm tra").pk


def _meeting(root: Unit):  # type: ignore[no-untyped-def]
    from tongket.meetings.models import Meeting

    return Meeting.objects.filter(host_unit__path__startswith=root.path).order_by("pk").first()


@finder("api_meeting")
def api_meeting(root: Unit, user: User) -> int | None:
    meeting = _meeting(root)
    return meeting.pk if meeting else None


@finder("api_task")
def api_task(root: Unit, user: User) -> int | None:
    """A follow-up task given to a unit of the branch (from a conclusion of its meeting)."""
    from tongket.meetings import services
    from tongket.meetings.models import FollowUpTask

    existing = (
        FollowUpTask.objects.filter(assignee__path__startswith=root.path)
        .values_list("pk", flat=True)
        .first()
    )
    if existing:
        return existing
    meeting = _meeting(root)
    if meeting is None:
        return None
    conclusion = services.conclusion_add(by=SYSTEM, meeting=meeting, text="Kết luận kiểm tra")
    return services.task_add(
        by=SYSTEM,
        conclusion=conclusion,
        title="Nhiệm vụ kiểm tra",
        assignee=root,
        deadline=meeting.date + datetime.timedelta(days=30),
    ).pk


@finder("api_nomination")
def api_nomination(root: Unit, user: User) -> int | None:
    from tongket.awards.models import Nomination

    return (
        Nomination.objects.filter(proposing_unit__path__startswith=root.path)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )


@finder("api_award_decision")
def api_award_decision(root: Unit, user: User) -> int | None:
    from tongket.awards.models import AwardDecision

    return (
        AwardDecision.objects.filter(issuer__path__startswith=root.path)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )


@finder("api_award_form")
def api_award_form(root: Unit, user: User) -> int | None:
    """Forms are a catalogue shared by every branch."""
    from tongket.awards.models import AwardForm

    return AwardForm.objects.order_by("pk").values_list("pk", flat=True).first()


@finder("api_award_authority")
def api_award_authority(root: Unit, user: User) -> int | None:
    from tongket.awards.models import AwardAuthority

    return AwardAuthority.objects.order_by("pk").values_list("pk", flat=True).first()


@finder("api_task_batch")
def api_task_batch(root: Unit, user: User) -> int | None:
    """A task given to several units by a meeting of the branch."""
    from tongket.meetings.testing import branch_batch

    batch = branch_batch(root)
    return batch.pk if batch else None
