"""A classified resolution and the records derived from it, for the tests that walk every
page and endpoint as a user without and with clearance (the clearance dimension of the scope
sweep).

`mark_secret()` marks 382-NQ/ĐUQSTW "secret" (Tối mật) through the service, after its
review's dossier was drafted (so the dossier documents were created unmarked: the mark must
reach them from their campaign). `derived()` returns, by kind (the first word of a page's URL
name, or an API prefix), the primary key of a record derived from it. `MARKERS` are texts
that only its records show: none may appear in an answer to a user without clearance.
"""

from __future__ import annotations

import datetime
from typing import Any

from tongket.core.scopes import SYSTEM

SYMBOL = "382-NQ/ĐUQSTW"
# Texts that name the resolution or its derived records and nothing else.
MARKERS = (
    "382-NQ/ĐUQSTW",
    "382-NQ/DUQSTW",
    "lãnh đạo công tác kỹ thuật trong tình hình mới",
    "BCN-382-CNQP",
    "Số lượng súng bộ binh sản xuất, sửa chữa",
    "Số khí tài quang học sản xuất, sửa chữa",
)


def resolution() -> Any:
    from tongket.resolutions.models import Resolution

    return Resolution.objects.get(symbol=SYMBOL)


def campaign() -> Any:
    from tongket.reviews.models import ReviewCampaign

    return ReviewCampaign.objects.filter(resolution=resolution()).order_by("pk").first()


def mark_secret(mark: str = "secret") -> Any:
    """Draft the review's dossier (unmarked), then mark the resolution through the service."""
    from tongket.resolutions.services import resolution_update
    from tongket.reviews import selectors, services

    review = campaign()
    if not selectors.dossier(campaign=review):
        services.campaign_synthesize(by=SYSTEM, campaign=review)
    return resolution_update(by=SYSTEM, resolution=resolution(), classification=mark)


def derived() -> dict[str, Any]:
    """Kind → primary key of a record derived from the classified resolution."""
    from tongket.awards.models import AwardDecision, Nomination
    from tongket.documents.models import DocumentComment
    from tongket.meetings.models import Conclusion, FollowUpTask
    from tongket.reporting.models import Report, ReportForm
    from tongket.resolutions.models import Indicator, Item, Target
    from tongket.reviews.models import CampaignDocument, UnitReviewReport

    source = resolution()
    review = campaign()
    form = ReportForm.objects.get(code="BCN-382-CNQP")
    document = CampaignDocument.objects.filter(campaign=review).order_by("document_id").first()
    comment = DocumentComment.objects.filter(document_id=document.document_id).first()
    if comment is None:
        from tongket.documents import services

        comment = services.comment_add(
            by=SYSTEM, document=document.document, text="Ý kiến kiểm tra"
        )
    meeting = review.adopted_at
    conclusion = Conclusion.objects.filter(meeting=meeting).order_by("number").first()
    if conclusion is None:
        conclusion = Conclusion.objects.create(meeting=meeting, number=1, text="Kết luận.")
    task = FollowUpTask.objects.filter(
        conclusion=conclusion
    ).first() or FollowUpTask.objects.create(
        conclusion=conclusion,
        title="Nhiệm vụ kiểm thử",
        assignee=meeting.host_unit,
        deadline=meeting.date + datetime.timedelta(days=30),
    )
    decision = AwardDecision.objects.filter(campaign=review).order_by("pk").first()
    rule = _rule(form)
    found = {
        "resolution": source.pk,
        "dashboard_resolution": source.pk,
        "item": Item.objects.filter(resolution=source).order_by("pk").first().pk,
        "indicator": Indicator.objects.filter(resolution=source).order_by("pk").first().pk,
        "target": Target.objects.filter(indicator__resolution=source).order_by("pk").first().pk,
        "form": form.pk,
        "values": form.pk,
        "report": Report.objects.filter(form=form).order_by("-pk").first().pk,
        "campaign": review.pk,
        "campaign_awards": review.pk,
        "milestone": review.milestones.order_by("pk").values_list("pk", flat=True).first(),
        "outline": review.outline.order_by("pk").values_list("pk", flat=True).first(),
        "review": UnitReviewReport.objects.filter(campaign=review).order_by("pk").first().pk,
        "document": document.document_id,
        "comment": comment.pk,
        "meeting": meeting.pk,
        "conclusion": conclusion.pk,
        "task": task.pk,
        "decision": decision.pk,
        "nomination": Nomination.objects.filter(campaign=review).order_by("pk").first().pk,
        # A validation rule of the classified form: its API route and its pages.
        "validation_rule": rule.pk,
        "analysis_rule": rule.pk,
    }
    return {kind: pk for kind, pk in found.items() if pk is not None}


def _rule(form: Any) -> Any:
    """A validation rule of the classified form (its first indicator not below zero)."""
    from tongket.analysis.testing import not_negative_rule

    link = form.form_indicators.select_related("indicator").order_by("order", "pk").first()
    return not_negative_rule(link, code="KT-382", name="Kiểm tra số liệu kỹ thuật")


# The API's route prefixes → the kinds above.
API_KINDS = {
    "resolutions": "resolution",
    "objectives": "item",
    "indicators": "indicator",
    "targets": "target",
    "report-forms": "form",
    "reports": "report",
    "campaigns": "campaign",
    "unit-review-reports": "review",
    "campaign-documents": "document",
    "documents": "document",
    "document-comments": "comment",
    "meetings": "meeting",
    "follow-up-tasks": "task",
    "nominations": "nomination",
    "award-decisions": "decision",
    "validation-rules": "validation_rule",
}


# Help texts that give the symbol as an example of how to write one (not a record).
EXAMPLES = (
    "Đảng 382-NQ/ĐUQSTW hoặc",
    "Party style 382-NQ/ĐUQSTW or",
    "tìm thấy 382-NQ/ĐUQSTW",
    "finds 382-NQ/ĐUQSTW",
)


def leaks(body: str) -> list[str]:
    """The markers an answer shows (outside the help texts' examples)."""
    for example in EXAMPLES:
        body = body.replace(example, "")
    return [marker for marker in MARKERS if marker in body]
