"""A unit's review report downloads as an official document, not the web page; outside the
reader's scope it is not found."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from docx import Document as Docx

from tongket.reviews.models import UnitReviewReport

pytestmark = pytest.mark.django_db


def test_a_unit_review_report_downloads_as_a_document_of_its_unit(as_user, users):
    report = UnitReviewReport.objects.get(
        campaign__resolution__symbol="382-NQ/ĐUQSTW", unit__code="Z111"
    )
    url = reverse("ui:unit_report_docx", args=[report.pk])
    response = as_user(users["cnqp.baocao"]).get(url)
    assert response.status_code == 200
    docx = Docx(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    )
    header = docx.tables[0].cell(0, 0).text
    assert "NHÀ MÁY Z111" in header
    assert any(p.text.startswith("Kính gửi: ") for p in docx.paragraphs)


def test_a_unit_review_report_of_another_branch_is_not_found(as_user, users):
    report = UnitReviewReport.objects.get(
        campaign__resolution__symbol="382-NQ/ĐUQSTW", unit__code="Z111"
    )
    response = as_user(users["qk2.baocao"]).get(reverse("ui:unit_report_docx", args=[report.pk]))
    assert response.status_code == 404
