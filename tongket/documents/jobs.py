"""Rendering a document to PDF in the background: LibreOffice takes seconds, so the page
starts a job, shows its progress bar and offers the file when it is ready."""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils.translation import gettext as _

from tongket.core.errors import DomainError
from tongket.core.jobs import job_progress, job_start, register
from tongket.core.models import Job
from tongket.documents.models import Document

KIND = "documents.render_pdf"


def pdf_start(*, by: Any, document: Document, version: int) -> Job:
    """Start rendering draft `version` of a document the user may read (the caller has read
    it through `documents.selectors.document_get`)."""
    return job_start(
        by=by,
        kind=KIND,
        title=_("PDF of %(document)s (draft %(version)s)")
        % {"document": str(document), "version": version},
        unit_path=document.unit_path,
        params={"document": document.pk, "version": version},
    )


@register(KIND)
def render_pdf(*, job: Job, by: Any) -> dict[str, Any]:
    from tongket.documents import selectors
    from tongket.documents.files import docx_of
    from tongket.documents.rendering import docx_to_pdf, libreoffice

    if libreoffice() is None:
        raise DomainError(_("PDF is not available: LibreOffice is not installed on the server."))
    document = selectors.document_get(user=by, pk=job.params.get("document"))
    version = selectors.version_get(document=document, number=job.params.get("version"))
    job_progress(job, 1, 3, _("Writing the Word file…"))
    data = docx_of(document, version)
    job_progress(job, 2, 3, _("Converting to PDF…"))
    pdf = docx_to_pdf(data)
    if pdf is None:
        raise DomainError(_("PDF is not available: LibreOffice is not installed on the server."))
    base = (document.symbol or f"{document.get_kind_display()} - lần {version.number}").replace(
        "/", "-"
    )
    job.file.save(f"{base}.pdf", ContentFile(pdf), save=False)
    Job.objects.filter(pk=job.pk).update(file=job.file.name)
    return {
        "download_url": reverse("ui:document_pdf_file", args=[job.pk]),
        "pages": pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages"),
    }
