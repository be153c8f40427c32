"""The review dossier's documents: drafts, diff, section edits, comments and answers, files,
the DOCX and the PDF; another branch's document is 404 and nothing is written."""

from __future__ import annotations

import datetime
import io

import pytest
from openpyxl import load_workbook

from tongket.core.models import ChangeLog
from tongket.core.scopes import SYSTEM
from tongket.documents.choices import CommentStatus
from tongket.documents.models import DocumentComment
from tongket.reviews import selectors, services
from tongket.reviews.choices import DossierRole
from tongket.ui.tests.reviews.helpers import body, drafted, url

pytestmark = pytest.mark.django_db


# --- Dossier documents -----------------------------------------------------------------------------


@pytest.fixture
def report_doc(c623):  # type: ignore[no-untyped-def]
    dossier = drafted(c623)
    services.campaign_consult(by=SYSTEM, campaign=c623)
    return dossier[DossierRole.REPORT]


def test_document_page_diff_and_section_edit(
    as_user, users, report_doc, django_assert_max_num_queries
):
    client = as_user(users["qk2.theodoi"])
    with django_assert_max_num_queries(30):
        page = client.get(url("document_detail", report_doc.pk))
    text = body(page)
    assert page.status_code == 200 and 'data-testid="edit-section"' in text
    assert 'data-testid="download-docx"' in text and 'data-testid="download-xlsx"' in text
    form = client.get(url("document_edit", report_doc.pk) + "?section=bai-hoc")
    assert form.status_code == 200
    saved = client.post(
        url("document_edit", report_doc.pk),
        {
            "section": "bai-hoc",
            "text": "Bài học về bảo đảm hậu cần tại chỗ.",
            "version": report_doc.version,
        },
    )
    assert saved.status_code == 302
    assert report_doc.versions.count() == 2
    stale = client.post(
        url("document_edit", report_doc.pk),
        {"section": "bai-hoc", "text": "Khác.", "version": report_doc.version},
    )
    assert stale.status_code == 200 and "alert-danger" in body(stale)
    diff = client.get(url("document_diff", report_doc.pk))
    assert "diff-added" in body(diff) and "bảo đảm hậu cần tại chỗ" in body(diff)
    old = client.get(url("document_detail", report_doc.pk) + "?v=1")
    assert 'data-testid="edit-section"' not in body(old)
    # A reporter outside the drafting team does not edit.
    assert (
        as_user(users["qk2.thidua"])
        .get(url("document_edit", report_doc.pk) + "?section=bai-hoc")
        .status_code
        == 403
    )


def test_comments_and_answers(as_user, users, report_doc):
    deputy = as_user(users["qk2.duyet"])
    empty = deputy.post(
        url("document_comment_add", report_doc.pk), {"section_key": "bai-hoc", "text": ""}
    )
    assert empty.status_code == 200 and "errorlist" in body(empty)
    deputy.post(
        url("document_comment_add", report_doc.pk),
        {"section_key": "bai-hoc", "text": "Nêu rõ bài học.", "required": "on"},
    )
    comment = DocumentComment.objects.get(document=report_doc, text="Nêu rõ bài học.")
    assert comment.required and comment.section_key == "bai-hoc"
    # Not a member, not the standing agency: refused.
    before = DocumentComment.objects.count()
    outsider = as_user(users["qk2.thidua"]).post(
        url("document_comment_add", report_doc.pk), {"section_key": "", "text": "Ý kiến."}
    )
    assert outsider.status_code == 200 and DocumentComment.objects.count() == before
    # Members may not answer; the drafting team does, a rejection needs a reason.
    as_user(users["qk2.duyet"]).post(
        url("comment_answer", comment.pk), {f"c{comment.pk}-status": "accepted"}
    )
    comment.refresh_from_db()
    assert comment.status == CommentStatus.OPEN
    officer = as_user(users["qk2.theodoi"])
    rejected = officer.post(
        url("comment_answer", comment.pk),
        {f"c{comment.pk}-status": "rejected", f"c{comment.pk}-reply": ""},
    )
    assert rejected.status_code == 200 and f"id_c{comment.pk}-reply-errors" in body(rejected)
    officer.post(
        url("comment_answer", comment.pk),
        {f"c{comment.pk}-status": "accepted", f"c{comment.pk}-reply": "Tiếp thu."},
    )
    comment.refresh_from_db()
    assert comment.status == CommentStatus.ACCEPTED and comment.reply == "Tiếp thu."
    text = body(officer.get(url("campaign_detail", report_doc.campaign_link.campaign_id)))
    assert 'data-testid="dossier"' in text


def test_files_docx_and_figures(as_user, users, report_doc):
    client = as_user(users["qk2.baocao"])
    docx = client.get(url("document_docx", report_doc.pk))
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    assert ".docx" in docx["Content-Disposition"]
    xlsx = client.get(url("document_figures", report_doc.pk))
    assert xlsx.status_code == 200
    book = load_workbook(io.BytesIO(xlsx.content))
    sheet = book.worksheets[0]
    assert sheet.max_row > 2 and sheet.cell(1, 1).value
    # Numbers come back as numbers where they are figures.
    assert any(
        isinstance(c.value, (int, float)) or c.data_type == "n"
        for row in sheet.iter_rows(min_row=2)
        for c in row
        if c.value is not None
    )
    assert client.get(url("document_docx", report_doc.pk) + "?v=9").status_code == 404


def test_pdf_link_only_with_libreoffice(as_user, users, report_doc, monkeypatch):
    from tongket.ui.views.reviews import documents as views

    monkeypatch.setattr(views, "libreoffice", lambda: None)
    monkeypatch.setattr(views, "docx_to_pdf", lambda data: None)
    client = as_user(users["qk2.baocao"])
    assert 'data-testid="download-pdf"' not in body(
        client.get(url("document_detail", report_doc.pk))
    )
    assert client.get(url("document_pdf", report_doc.pk)).status_code == 302
    monkeypatch.setattr(views, "libreoffice", lambda: "/usr/bin/soffice")
    monkeypatch.setattr(views, "docx_to_pdf", lambda data: b"%PDF-1.7")
    assert 'data-testid="download-pdf"' in body(client.get(url("document_detail", report_doc.pk)))
    pdf = client.get(url("document_pdf", report_doc.pk))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_document_of_another_branch_is_404_and_nothing_written(as_user, users, c382):
    document = next(iter(selectors.dossier(campaign=c382).values()))
    client = as_user(users["qk2.theodoi"])
    before = ChangeLog.objects.count()
    for name in ("document_detail", "document_diff", "document_docx", "document_figures"):
        assert client.get(url(name, document.pk)).status_code == 404, name
    assert client.post(url("document_comment_add", document.pk), {"text": "X"}).status_code == 404
    assert ChangeLog.objects.count() == before


def test_navigation_has_reviews_and_conferences(as_user, users, c623):
    client = as_user(users["qk2.baocao"])
    text = body(client.get(url("campaign_detail", c623.pk)))
    assert 'href="/campaigns/" class="active"' in text
    assert 'href="/meetings/"' in text
    text = body(client.get(url("meeting_list")))
    assert 'href="/meetings/" class="active"' in text


def test_comment_refused_once_submitted_without_a_500(as_user, users, report_doc, c623):
    services.campaign_request_appraisal(by=SYSTEM, campaign=c623)
    services.campaign_appraise(by=SYSTEM, campaign=c623, opinion="Đồng ý.")
    services.campaign_submit(by=SYSTEM, campaign=c623)
    before = DocumentComment.objects.count()
    response = as_user(users["qk2.duyet"]).post(
        url("document_comment_add", report_doc.pk), {"section_key": "bai-hoc", "text": "Muộn."}
    )
    assert response.status_code == 200 and "errorlist" in body(response)
    assert DocumentComment.objects.count() == before
    page = body(as_user(users["qk2.duyet"]).get(url("document_detail", report_doc.pk)))
    assert 'data-testid="comment-form"' not in page


def test_a_mid_term_review_is_closed_on_its_page_without_a_successor(client, users):
    """Given a mid-term review without appraisal, adopted, when the tracking officer closes
    it on the page, then the page says it closed without a new resolution."""
    from tongket.org.models import Unit
    from tongket.resolutions.models import Resolution

    officer = users["qk2.theodoi"]
    campaign = services.campaign_create(
        by=officer,
        kind="interim_review",
        resolution=Resolution.objects.get(symbol="623-NQ/QUTW"),
        owner_unit=Unit.objects.get(code="QK2"),
        standing_agency=Unit.objects.get(code="CHC-QK2"),
        span_from=2013,
        span_to=2016,
        next_from=2017,
        next_to=2020,
        with_appraisal=False,
    )
    services.campaign_submit(by=officer, campaign=campaign, on=datetime.date(2017, 1, 10))
    services.campaign_adopt(by=users["qk2.duyet"], campaign=campaign, on=datetime.date(2017, 1, 20))
    client.force_login(officer)
    page = client.get(f"/campaigns/{campaign.pk}/").content.decode()
    assert 'data-testid="close-review"' in page and 'data-testid="issue"' in page
    response = client.post(f"/campaigns/{campaign.pk}/close/", {"close-on": "25/01/2017"})
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.state == "closed" and campaign.new_resolution is None
    page = client.get(f"/campaigns/{campaign.pk}/").content.decode()
    assert 'data-testid="review-closed"' in page
