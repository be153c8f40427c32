"""The review pages: the campaign list and form, the campaign's page with its timetable,
people, units, outline and dossier, each workflow step shown and allowed only to the role
that owns it; the units' review reports (save, submit, return with a reason, accept); the
dossier's documents (drafts, diff, section edits, comments and answers, files). Bad input
answers with a message beside the field, never a 500; pages keep a bounded number of
queries; objects of another branch are 404."""

from __future__ import annotations

import datetime
import io

import pytest
from openpyxl import load_workbook

from tongket.core.models import ChangeLog
from tongket.core.scopes import SYSTEM
from tongket.documents.choices import CommentStatus
from tongket.documents.models import DocumentComment
from tongket.meetings.models import Meeting
from tongket.reviews import selectors, services
from tongket.reviews.choices import CampaignState, DossierRole, UnitReportState
from tongket.reviews.models import ReviewCampaign, UnitReviewReport

pytestmark = pytest.mark.django_db
TITLE = "Tổng kết 10 năm thực hiện Nghị quyết 623-NQ/QUTW trong Đảng bộ Quân khu 2"


@pytest.fixture
def c623(db) -> ReviewCampaign:  # type: ignore[no-untyped-def]
    return ReviewCampaign.objects.get(title=TITLE)


@pytest.fixture
def c382(db) -> ReviewCampaign:  # type: ignore[no-untyped-def]
    return ReviewCampaign.objects.get(resolution__symbol="382-NQ/ĐUQSTW")


def drafted(campaign: ReviewCampaign) -> dict:
    return services.campaign_synthesize(by=SYSTEM, campaign=campaign)


def url(name: str, *args: object) -> str:
    from django.urls import reverse

    return reverse(f"ui:{name}", args=args)


def body(response) -> str:  # type: ignore[no-untyped-def]
    return response.content.decode()


# --- List and form ------------------------------------------------------------------------------


def test_list_shows_the_users_reviews_only(as_user, users, django_assert_max_num_queries):
    client = as_user(users["qk2.theodoi"])
    with django_assert_max_num_queries(15):
        response = client.get(url("campaign_list"))
    assert response.status_code == 200
    assert "623-NQ/QUTW" in body(response) and "382-NQ" not in body(response)
    assert 'data-testid="open-campaign"' in body(response)
    filtered = client.get(url("campaign_list"), {"state": "issued"})
    assert "623-NQ/QUTW" not in body(filtered)
    searched = client.get(url("campaign_list"), {"q": "623"})
    assert "623-NQ/QUTW" in body(searched)
    # Without diacritics, word by word, against the resolution's subject.
    searched = client.get(url("campaign_list"), {"q": "hau can 623"})
    assert "623-NQ/QUTW" in body(searched)
    assert "623-NQ/QUTW" not in body(client.get(url("campaign_list"), {"q": "khong co"}))


def test_list_keeps_a_bounded_number_of_queries(as_user, admin_user, django_assert_max_num_queries):
    client = as_user(admin_user)
    with django_assert_max_num_queries(15):
        response = client.get(url("campaign_list"))
    assert body(response).count('class="badge campaign-state') >= 4


def test_reporter_may_not_open_a_review(as_user, users):
    client = as_user(users["qk2.baocao"])
    assert client.get(url("campaign_create")).status_code == 403
    assert 'data-testid="open-campaign"' not in body(client.get(url("campaign_list")))


def test_open_a_review_with_errors_beside_the_fields(as_user, users, c623):
    client = as_user(users["qk2.theodoi"])
    assert client.get(url("campaign_create")).status_code == 200
    data = {
        "resolution": c623.resolution_id,
        "owner_unit": "DU-QK2",
        "kind": "interim_review",
        "span_from": "2013",
        "span_to": "2012",
        "next_from": "2016",
        "next_to": "2020",
        "standing_agency": "CHC-QK2",
        "style": "party",
    }
    response = client.post(url("campaign_create"), data)
    assert response.status_code == 200
    assert "id_span_to-errors" in body(response)
    before = ReviewCampaign.objects.count()
    response = client.post(url("campaign_create"), {**data, "span_to": "2015"})
    assert response.status_code == 302
    assert ReviewCampaign.objects.count() == before + 1
    created = ReviewCampaign.objects.order_by("-pk").first()
    assert created.outline.count() > 5 and created.kind == "interim_review"


def test_edit_the_review(as_user, users, c623):
    client = as_user(users["qk2.theodoi"])
    page = client.get(url("campaign_edit", c623.pk))
    assert page.status_code == 200 and c623.title in body(page)
    data = {
        "kind": c623.kind,
        "title": "Tổng kết 10 năm Nghị quyết 623 (sửa)",
        "span_from": c623.span_from,
        "span_to": c623.span_to,
        "span_label": c623.span_label,
        "next_from": c623.next_from,
        "next_to": c623.next_to,
        "standing_agency": "CHC-QK2",
        "appraisal_unit": "CCT-QK2",
        "style": "party",
        "version": c623.version,
    }
    assert client.post(url("campaign_edit", c623.pk), data).status_code == 302
    c623.refresh_from_db()
    assert c623.title.endswith("(sửa)")
    stale = client.post(url("campaign_edit", c623.pk), {**data, "title": "Khác"})
    assert stale.status_code == 200 and "alert-danger" in body(stale)
    assert as_user(users["qk2.baocao"]).get(url("campaign_edit", c623.pk)).status_code == 403


# --- The campaign's page ------------------------------------------------------------------------


def test_campaign_page_shows_timetable_people_units_outline(
    as_user, users, c623, django_assert_max_num_queries
):
    client = as_user(users["qk2.theodoi"])
    with django_assert_max_num_queries(40):
        response = client.get(url("campaign_detail", c623.pk))
    text = body(response)
    assert response.status_code == 200
    assert 'data-testid="timetable"' in text and "ms-done" in text and "ms-late" in text
    assert text.count("state-accepted") == 7
    assert 'data-testid="outline"' in text and "Bài học kinh nghiệm" in text
    assert 'data-testid="synthesize"' in text
    # The link to the awards of the review, when the awards pages are installed.
    assert f"/campaigns/{c623.pk}/awards/" in text


def test_workflow_buttons_only_for_the_role_that_owns_them(as_user, users, c623):
    for username in ("qk2.baocao", "qk2.duyet", "qk2.thidua"):
        text = body(as_user(users[username]).get(url("campaign_detail", c623.pk)))
        assert 'data-testid="synthesize"' not in text, username
        assert "/members/remove/" not in text, username


def test_other_branch_gets_404(as_user, users, c623, c382):
    client = as_user(users["cnqp.baocao"])
    assert client.get(url("campaign_detail", c623.pk)).status_code == 404
    assert client.post(url("campaign_synthesize", c623.pk)).status_code == 404
    client = as_user(users["qk2.theodoi"])
    assert client.get(url("campaign_detail", c382.pk)).status_code == 404


def test_members_added_and_removed(as_user, users, c623):
    client = as_user(users["qk2.theodoi"])
    person = users["qk2.thidua"].person
    data = {
        "member-person": person.pk,
        "member-body": "drafting_team",
        "member-role": "member",
        "member-title": "Trợ lý",
    }
    assert client.post(url("campaign_member_add", c623.pk), data).status_code == 302
    member = c623.members.get(person=person)
    again = client.post(url("campaign_member_add", c623.pk), data)
    assert again.status_code == 200 and "id_member-person-errors" in body(again)
    head = client.post(
        url("campaign_member_add", c623.pk),
        {**data, "member-role": "head", "member-body": "steering_committee"},
    )
    assert head.status_code == 200 and "id_member-role-errors" in body(head)
    refused = as_user(users["qk2.baocao"]).post(
        url("campaign_member_remove", c623.pk), {"member": member.pk}
    )
    assert refused.status_code == 302 and c623.members.filter(pk=member.pk).exists()
    client = as_user(users["qk2.theodoi"])
    client.post(url("campaign_member_remove", c623.pk), {"member": member.pk})
    assert not c623.members.filter(pk=member.pk).exists()


def test_participants_milestones_and_outline(as_user, users, c623, units):
    client = as_user(users["qk2.theodoi"])
    bad = client.post(url("campaign_participant_add", c623.pk), {"units-units": "NOPE Z111"})
    assert bad.status_code == 200 and "id_units-units-errors" in body(bad) and "NOPE" in body(bad)
    ok = client.post(
        url("campaign_participant_add", c623.pk),
        {"units-units": "SD316-E98", "units-due_date": "31/05/2022"},
    )
    assert ok.status_code == 302
    assert c623.unit_reports.filter(unit__code="SD316-E98").exists()

    missing = client.post(url("campaign_milestone_add", c623.pk), {"milestone-kind": "other"})
    assert missing.status_code == 200 and "id_milestone-due_date-errors" in body(missing)
    client.post(
        url("campaign_milestone_add", c623.pk),
        {
            "milestone-kind": "other",
            "milestone-title": "Họp Tổ Biên tập",
            "milestone-due_date": "15/06/2022",
        },
    )
    milestone = c623.milestones.get(title="Họp Tổ Biên tập")
    client.post(url("milestone_done", milestone.pk), {"done_on": "14/06/2022"})
    milestone.refresh_from_db()
    assert milestone.done_on.isoformat() == "2022-06-14"

    added = client.post(
        url("campaign_outline_add", c623.pk),
        {
            "section-key": "thi-dua",
            "section-title": "Công tác thi đua",
            "section-level": "1",
            "section-guidance": "Kết quả thi đua.",
        },
    )
    assert added.status_code == 302
    section = c623.outline.get(key="thi-dua")
    duplicate = client.post(
        url("campaign_outline_add", c623.pk),
        {"section-key": "thi-dua", "section-title": "X", "section-level": "1"},
    )
    assert "id_section-key-errors" in body(duplicate)
    page = client.get(url("outline_edit", section.pk))
    assert page.status_code == 200 and "Kết quả thi đua." in body(page)
    client.post(
        url("outline_edit", section.pk),
        {"title": "Công tác thi đua, khen thưởng", "level": "1", "guidance": ""},
    )
    section.refresh_from_db()
    assert section.title == "Công tác thi đua, khen thưởng"
    client.post(url("outline_remove", section.pk))
    assert not c623.outline.filter(key="thi-dua").exists()


def test_reporter_cannot_change_the_outline(as_user, users, c623):
    section = c623.outline.first()
    client = as_user(users["qk2.baocao"])
    page = client.get(url("outline_edit", section.pk))
    assert page.status_code == 200 and 'data-testid="outline-form"' not in body(page)
    client.post(url("outline_remove", section.pk))
    assert c623.outline.filter(pk=section.pk).exists()


# --- Workflow ----------------------------------------------------------------------------------


def test_whole_workflow_by_the_roles_that_own_it(as_user, users, c623):
    officer, deputy, reporter = users["qk2.theodoi"], users["qk2.duyet"], users["qk2.baocao"]
    # Only the standing agency drafts.
    as_user(reporter).post(url("campaign_synthesize", c623.pk))
    assert not selectors.dossier(campaign=c623)
    client = as_user(officer)
    assert client.post(url("campaign_synthesize", c623.pk)).status_code == 302
    assert len(selectors.dossier(campaign=c623)) == 3
    assert client.post(url("campaign_consult", c623.pk)).status_code == 302
    c623.refresh_from_db()
    assert c623.state == CampaignState.CONSULTATION
    text = body(client.get(url("campaign_detail", c623.pk)))
    assert 'data-testid="request-appraisal"' in text and 'data-testid="consult"' not in text
    client.post(url("campaign_request_appraisal", c623.pk))
    c623.refresh_from_db()
    assert c623.state == CampaignState.APPRAISAL
    empty = client.post(url("campaign_appraise", c623.pk), {"appraise-opinion": ""})
    assert empty.status_code == 200 and "id_appraise-opinion-errors" in body(empty)
    future = client.post(
        url("campaign_appraise", c623.pk),
        {"appraise-opinion": "Đồng ý.", "appraise-on": "01/01/2099"},
    )
    assert "id_appraise-on-errors" in body(future)
    client.post(
        url("campaign_appraise", c623.pk),
        {"appraise-opinion": "Đồng ý.", "appraise-on": "28/06/2022"},
    )
    client.post(url("campaign_submit", c623.pk), {"submit-on": "01/07/2022"})
    c623.refresh_from_db()
    assert c623.state == CampaignState.SUBMITTED
    conference = Meeting.objects.get(campaign=c623)
    # The standing agency does not adopt.
    refused = client.post(url("campaign_adopt", c623.pk), {"adopt-meeting": conference.pk})
    assert refused.status_code == 403
    deputy_client = as_user(deputy)
    assert 'data-testid="adopt"' in body(deputy_client.get(url("campaign_detail", c623.pk)))
    deputy_client.post(url("campaign_adopt", c623.pk), {"adopt-meeting": conference.pk})
    c623.refresh_from_db()
    assert c623.state == CampaignState.ADOPTED and c623.adopted_on == conference.date
    assert deputy_client.post(url("campaign_issue", c623.pk), {}).status_code == 403
    client = as_user(officer)
    assert client.post(url("campaign_issue", c623.pk), {}).status_code == 302
    c623.refresh_from_db()
    assert c623.state == CampaignState.ISSUED and c623.new_resolution is not None
    # Quân khu 2's own resolution implements the Commission's 623, which stays in force.
    assert c623.new_resolution.relations_out.filter(
        target=c623.resolution, kind="implements"
    ).exists()
    c623.resolution.refresh_from_db()
    assert c623.resolution.status == "in_force"
    assert "623-NQ/QUTW" in body(client.get(url("resolution_detail", c623.new_resolution.pk)))
    text = body(client.get(url("campaign_detail", c623.pk)))
    assert 'data-testid="new-resolution"' in text and 'data-testid="synthesize"' not in text


# --- Unit review reports ----------------------------------------------------------------------------


@pytest.fixture
def draft_report(c623) -> UnitReviewReport:  # type: ignore[no-untyped-def]
    report = c623.unit_reports.get(unit__code="SD316")
    report.state = UnitReportState.DRAFT
    report.save()
    return report


def test_unit_report_page_prefilled_and_saved(
    as_user, users, draft_report, django_assert_max_num_queries
):
    client = as_user(users["qk2.baocao"])
    with django_assert_max_num_queries(25):
        page = client.get(url("review_report_detail", draft_report.pk))
    text = body(page)
    assert page.status_code == 200 and "section-bai-hoc" in text and "doc-table" in text
    response = client.post(
        url("review_report_save", draft_report.pk),
        {"version": draft_report.version, "section-bai-hoc": "Bài học mới."},
    )
    assert response.status_code == 302
    draft_report.refresh_from_db()
    assert draft_report.sections["bai-hoc"] == "Bài học mới."


def test_unit_report_submit_refused_with_empty_sections_then_returned_and_accepted(
    as_user, users, draft_report
):
    client = as_user(users["qk2.baocao"])
    refused = client.post(
        url("review_report_save", draft_report.pk),
        {"version": draft_report.version, "section-bai-hoc": "", "then": "submit"},
    )
    assert refused.status_code == 200 and 'data-testid="form-errors"' in body(refused)
    draft_report.refresh_from_db()
    assert draft_report.state == UnitReportState.DRAFT
    client.post(
        url("review_report_save", draft_report.pk),
        {"version": draft_report.version, "section-bai-hoc": "Có bài học.", "then": "submit"},
    )
    draft_report.refresh_from_db()
    assert draft_report.state == UnitReportState.SUBMITTED
    # The unit cannot accept its own report; the standing agency can.
    client.post(url("review_report_accept", draft_report.pk))
    draft_report.refresh_from_db()
    assert draft_report.state == UnitReportState.SUBMITTED
    officer = as_user(users["qk2.theodoi"])
    assert 'data-testid="review-decide"' in body(
        officer.get(url("review_report_detail", draft_report.pk))
    )
    empty = officer.post(url("review_report_return", draft_report.pk), {"return-reason": ""})
    assert empty.status_code == 200 and "id_return-reason-errors" in body(empty)
    officer.post(
        url("review_report_return", draft_report.pk), {"return-reason": "Bổ sung số liệu."}
    )
    draft_report.refresh_from_db()
    assert draft_report.state == UnitReportState.RETURNED
    reporter = as_user(users["qk2.baocao"])
    assert "Bổ sung số liệu." in body(reporter.get(url("review_report_detail", draft_report.pk)))
    reporter.post(
        url("review_report_save", draft_report.pk),
        {"version": draft_report.version, "then": "submit"},
    )
    as_user(users["qk2.theodoi"]).post(url("review_report_accept", draft_report.pk))
    draft_report.refresh_from_db()
    assert draft_report.state == UnitReportState.ACCEPTED


def test_unit_report_refresh(as_user, users, draft_report):
    client = as_user(users["qk2.baocao"])
    assert client.post(url("review_report_refresh", draft_report.pk)).status_code == 302
    draft_report.refresh_from_db()
    assert draft_report.figures


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
