"""The PDF is rendered in the background: the page starts a job, the job reports its progress
and the finished file is offered to readers of the document only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tongket.core.models import Job
from tongket.documents.rendering import libreoffice
from tongket.reviews import selectors
from tongket.reviews.models import ReviewCampaign

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(libreoffice() is None, reason="LibreOffice is not installed"),
]


def test_the_pdf_is_made_by_a_job_and_offered_when_ready(
    as_user, users, django_capture_on_commit_callbacks
):
    campaign = ReviewCampaign.objects.get(resolution__symbol="382-NQ/ĐUQSTW")
    document = min(selectors.dossier(campaign=campaign).values(), key=lambda d: d.pk)
    client = as_user(users["cnqp.baocao"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("ui:document_pdf_job", args=[document.pk]))
    job = Job.objects.get(kind="documents.render_pdf", params__document=document.pk)
    assert response.status_code == 302 and reverse("ui:job_detail", args=[job.pk]) in response.url
    assert job.status == Job.Status.DONE and job.progress == 100, job.errors
    status = client.get(reverse("ui:job_status", args=[job.pk])).content.decode()
    assert 'data-testid="job-download"' in status
    pdf = client.get(job.result["download_url"])
    body = b"".join(pdf.streaming_content) if pdf.streaming else pdf.content
    assert pdf.status_code == 200 and body.startswith(b"%PDF-")


def test_another_branch_never_gets_the_file(as_user, users, django_capture_on_commit_callbacks):
    campaign = ReviewCampaign.objects.get(resolution__symbol="382-NQ/ĐUQSTW")
    document = min(selectors.dossier(campaign=campaign).values(), key=lambda d: d.pk)
    with django_capture_on_commit_callbacks(execute=True):
        as_user(users["cnqp.baocao"]).post(reverse("ui:document_pdf_job", args=[document.pk]))
    job = Job.objects.get(kind="documents.render_pdf", params__document=document.pk)
    other = as_user(users["qk2.baocao"])
    assert other.get(reverse("ui:document_pdf_file", args=[job.pk])).status_code == 404
    assert other.post(reverse("ui:document_pdf_job", args=[document.pk])).status_code == 404
