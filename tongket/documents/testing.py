"""Objects of a branch for the tests that walk every page and endpoint (see
tongket.core.testing.branches): finders for the first words document (a document of a
review's dossier), comment and document_pdf_file (a finished PDF job).

The dossier is drafted through the services when the branch's review has none (Quân khu 2's
review of 623 is still drafting in the demo); a comment the demo lacks is created directly,
without a change log row (the walks check that nothing was written)."""

from __future__ import annotations

from typing import Any

from tongket.core.scopes import SYSTEM
from tongket.core.testing.branches import finder
from tongket.documents.models import Document, DocumentComment
from tongket.org.models import Unit, User


def branch_document(root: Unit) -> Document | None:
    from tongket.reviews import selectors, services
    from tongket.reviews.testing import branch_campaign

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
