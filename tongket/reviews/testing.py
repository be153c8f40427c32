"""Objects of a branch for the tests that walk every page and endpoint (see
tongket.core.testing.branches): finders for the first words campaign, milestone, outline
and review (a unit's review report), and for document (a document of the review's dossier),
comment and document_pdf_file (a finished PDF job). The dossier is drafted through the
services when the branch's review has none (Quân khu 2's review of 623 is still drafting in
the demo).

A finder must not write the change log when the demo already has what it needs (the walks
check that nothing was written); what the demo lacks is created directly, without a log
row, or through the services for the branch's own pages."""

from __future__ import annotations

import datetime
from typing import Any

from tongket.core.scopes import SYSTEM
from tongket.core.testing.branches import finder
from tongket.documents.models import Document, DocumentComment
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


# --- Documents of the dossier ---------------------------------------------------------


def branch_document(root: Unit) -> Document | None:
    from tongket.reviews import selectors, services

    campaign = branch_campaign(root)
    if campaign is None:
        return None
    dossier = selectors.dossier(campaign=campaign)
    if not dossier:
        dossier = services.campaign_synthesize(by=SYSTEM, campaign=campaign)
    return min(dossier.values(), key=lambda document: document.pk)


@finder("document")
def _document(root: Unit, user: User) -> Any:
    document = branch_document(root)
    return document.pk if document else None


@finder("comment")
def _comment(root: Unit, user: User) -> Any:
    document = branch_document(root)
    if document is None:
        return None
    comment = document.comments.order_by("pk").first()
    if comment is None:
        comment = DocumentComment.objects.create(
            document=document,
            version=document.versions.order_by("-number").first(),
            author_name="Kiểm thử",
            text="Ý kiến kiểm thử.",
        )
    return comment.pk


@finder("document_pdf_file")
def _pdf_job(root: Unit, user: User) -> Any:
    """A finished PDF rendering of the branch's document (a PDF the walks can fetch without
    LibreOffice: the job row and its file are made directly)."""
    from django.core.files.base import ContentFile

    from tongket.core.models import Job
    from tongket.documents.jobs import KIND

    document = branch_document(root)
    if document is None:
        return None
    job = Job.objects.filter(kind=KIND, params__document=document.pk, status=Job.Status.DONE)
    found = job.order_by("pk").first()
    if found is None:
        found = Job(
            kind=KIND,
            title=(document.title or "PDF")[:300],
            status=Job.Status.DONE,
            params={"document": document.pk},
            unit_path=root.path,
            created_by=user,
        )
        found.file.save("tai-lieu.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
        found.save()
    return found.pk
