"""A report's workflow for each role (submit, return, resubmit, approve, reopen) and its
attachments."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tongket.core.models import ChangeLog
from tongket.reporting.choices import ReportState
from tongket.reporting.models import Report, ReportAttachment
from tongket.ui.tests.reporting.helpers import (
    FORM,
    current_draft,
    fill_like_history,
    indicator,
    save_row,
    text,
)

pytestmark = pytest.mark.django_db


# --- Workflow ---------------------------------------------------------------------------------


def test_submission_problems_show_beside_the_fields(client, users):
    report = current_draft()
    client.force_login(users["qk2.baocao"])
    save_row(client, report, "HC02", value="18")
    report.refresh_from_db()
    response = client.post(f"/reports/{report.pk}/submit/", {"version": report.version})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="problems"' in body
    hc03 = indicator(report, "HC03")
    assert f'href="#row-{hc03.pk}"' in body
    rows = {r["indicator"].code: r for r in response.context["rows"]}
    assert rows["HC03"]["problems"] and not rows["HC02"]["problems"]
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT


def test_a_stale_version_is_refused_with_a_reload_message(client, users):
    report = current_draft()
    client.force_login(users["qk2.baocao"])
    fill_like_history(client, report)
    response = client.post(f"/reports/{report.pk}/submit/", {"version": 1})
    assert response.status_code == 200
    assert response.context["other_problems"]  # "someone else saved…: reload the page"
    assert 'data-testid="problems"' in response.content.decode()
    response = client.post(f"/reports/{report.pk}/submit/", {"version": "abc"})
    assert response.status_code == 200 and response.context["problems"]
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT


def test_submit_return_fix_resubmit_approve_reopen_each_by_its_role(client, users):
    report = current_draft()
    reporter, approver = users["qk2.baocao"], users["qk2.duyet"]
    client.force_login(reporter)
    fill_like_history(client, report)
    report.refresh_from_db()
    assert (
        client.post(f"/reports/{report.pk}/submit/", {"version": report.version}).status_code == 302
    )
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED and report.first_submitted_at
    # The reporter may not approve: no button, and the service refuses.
    page = client.get(f"/reports/{report.pk}/")
    assert (
        not page.context["can_decide"]
        and 'data-testid="approve-report"' not in page.content.decode()
    )
    response = client.post(f"/reports/{report.pk}/approve/", {"version": report.version})
    assert response.status_code == 200
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED

    client.force_login(approver)
    page = client.get(f"/reports/{report.pk}/")
    assert page.context["can_decide"] and not page.context["editable"]
    response = client.post(
        f"/reports/{report.pk}/return/", {"return-reason": "  ", "return-version": report.version}
    )
    assert response.status_code == 200
    assert "return-reason-errors" in response.content.decode()
    assert 'class="collapse show" id="return-panel"' in response.content.decode()
    response = client.post(
        f"/reports/{report.pk}/return/",
        {"return-reason": "Bổ sung giải trình HC06.", "return-version": report.version},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert (
        report.state == ReportState.RETURNED and report.return_reason == "Bổ sung giải trình HC06."
    )

    client.force_login(reporter)
    page = client.get(f"/reports/{report.pk}/")
    assert 'data-testid="return-reason"' in page.content.decode()
    assert "Bổ sung giải trình HC06." in page.content.decode() and page.context["editable"]
    stored = report.values.get(indicator__code="HC06")
    save_row(
        client, report, "HC06", base=stored, value=text(stored.value), comment="Đã giải trình."
    )
    report.refresh_from_db()
    assert (
        client.post(f"/reports/{report.pk}/submit/", {"version": report.version}).status_code == 302
    )

    client.force_login(approver)
    report.refresh_from_db()
    assert (
        client.post(f"/reports/{report.pk}/approve/", {"version": report.version}).status_code
        == 302
    )
    report.refresh_from_db()
    assert report.state == ReportState.APPROVED and report.approved_by == approver
    page = client.get(f"/reports/{report.pk}/")
    assert page.context["can_reopen"]
    response = client.post(
        f"/reports/{report.pk}/reopen/", {"reopen-reason": "", "reopen-version": report.version}
    )
    assert response.status_code == 200 and response.context["reopen_form"].errors
    report.refresh_from_db()
    assert report.state == ReportState.APPROVED
    response = client.post(
        f"/reports/{report.pk}/reopen/",
        {"reopen-reason": "Sai số liệu HC02.", "reopen-version": report.version},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == ReportState.RETURNED
    actions = list(
        ChangeLog.objects.filter(object_id=str(report.pk), action__startswith="report_")
        .order_by("time", "id")
        .values_list("action", flat=True)
    )
    assert actions[-5:] == [
        "report_submit",
        "report_return",
        "report_submit",
        "report_approve",
        "report_reopen",
    ]


def test_approve_then_the_next_waiting(client, users):
    client.force_login(users["qk2.duyet"])
    waiting = list(client.get("/reports/due/").context["to_approve"])
    assert len(waiting) >= 2
    first = waiting[0]
    response = client.post(
        f"/reports/{first.pk}/approve/", {"version": first.version, "next_waiting": "1"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/reports/{waiting[1].pk}/"


# --- Attachments ------------------------------------------------------------------------------


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_attach_download_and_remove_a_file(client, users):
    report = current_draft()
    client.force_login(users["qk2.baocao"])
    upload = SimpleUploadedFile("Phụ lục số liệu.pdf", PDF, content_type="application/pdf")
    response = client.post(f"/reports/{report.pk}/files/", {"file": upload})
    assert response.status_code == 302 and response["Location"].endswith("#files")
    attachment = report.attachments.get()
    assert attachment.name == "Phụ lục số liệu.pdf" and attachment.content_type == "application/pdf"
    response = client.get(f"/reports/{report.pk}/files/{attachment.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert "attachment" in response["Content-Disposition"]
    # Another branch: 404.
    client.force_login(users["cnqp.baocao"])
    assert client.get(f"/reports/{report.pk}/files/{attachment.pk}/").status_code == 404
    client.force_login(users["qk2.baocao"])
    response = client.post(f"/reports/{report.pk}/files/{attachment.pk}/remove/")
    assert response.status_code == 302
    assert not ReportAttachment.objects.filter(pk=attachment.pk).exists()


def test_a_file_that_is_not_pdf_docx_or_an_image_is_refused(client, users):
    report = current_draft()
    client.force_login(users["qk2.baocao"])
    fake = SimpleUploadedFile(
        "bao-cao.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"
    )
    response = client.post(f"/reports/{report.pk}/files/", {"file": fake}, follow=True)
    assert response.status_code == 200
    messages = [str(m) for m in response.context["messages"]]
    assert any("bao-cao.pdf" in m for m in messages)
    assert not report.attachments.exists()
    response = client.post(f"/reports/{report.pk}/files/", {}, follow=True)
    assert any(str(m) for m in response.context["messages"])
    locked = Report.objects.filter(
        form__code=FORM, state=ReportState.APPROVED, period__is_open=True
    ).first()
    upload = SimpleUploadedFile("x.pdf", PDF, content_type="application/pdf")
    client.post(f"/reports/{locked.pk}/files/", {"file": upload})
    assert not locked.attachments.exists()
