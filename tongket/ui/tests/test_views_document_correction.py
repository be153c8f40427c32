"""Correcting a document on its pages: the frame form, a section of minutes, the Word file
edited and uploaded back (then the changes shown), a paper-issued number; only for whoever
may make the document."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document as Docx

from tongket.conftest import login
from tongket.documents.models import Document
from tongket.documents.services import current_version
from tongket.meetings.models import Meeting
from tongket.meetings.services import meeting_render

pytestmark = pytest.mark.django_db


def url(name: str, *args: object) -> str:
    return reverse(f"ui:{name}", args=args)


@pytest.fixture
def minutes(users: dict[str, Any]) -> Document:
    meeting = Meeting.objects.get(title__contains="623", format="hybrid")
    return meeting_render(by=users["qk2.theodoi"], meeting=meeting, kind="minutes")


def _block(document: Document, key: str) -> dict[str, Any]:
    return next(b for b in current_version(document).content if b.get("key") == key)


def test_the_host_officer_is_offered_the_corrections_and_a_reporter_is_not(client, minutes, users):
    login(client, users["qk2.theodoi"])
    page = client.get(url("document_detail", minutes.pk)).content.decode()
    assert 'data-testid="correct-frame"' in page
    assert 'data-testid="upload-form"' in page
    assert page.count('data-testid="edit-section"') == 3  # not the signature block
    login(client, users["qk2.baocao"])
    page = client.get(url("document_detail", minutes.pk)).content.decode()
    assert 'data-testid="correct-frame"' not in page and 'data-testid="upload-form"' not in page
    assert client.get(url("document_frame", minutes.pk))["Location"] == url(
        "document_detail", minutes.pk
    )
    response = client.post(url("document_frame", minutes.pk), {"place": "X", "version": 1})
    assert response.status_code == 403
    minutes.refresh_from_db()
    assert minutes.place != "X"


def test_the_frame_form_saves_header_lines_signers_and_recipients(client, minutes, users):
    login(client, users["qk2.theodoi"])
    page = client.get(url("document_frame", minutes.pk)).content.decode()
    assert 'name="signer_0_name"' in page and 'name="signer_title"' not in page
    response = client.post(
        url("document_frame", minutes.pk),
        {
            "header_upper": "Đảng bộ Quân đội",
            "header_issuer": "",
            "issuer_code": minutes.issuer_code,
            "subject": minutes.subject,
            "place": "Yên Bái",
            "dated_on": "08/07/2022",
            "recipients": "Thường vụ Đảng ủy Quân khu\nCác đại biểu dự hội nghị",
            "signer_0_title": "Thư ký",
            "signer_0_name": "Đại úy Lò Văn Tính",
            "signer_1_title": "Chủ trì",
            "signer_1_name": "Trung tướng Nguyễn Hữu V",
            "version": minutes.version,
        },
    )
    assert response.status_code == 302
    minutes.refresh_from_db()
    assert minutes.header_upper == "Đảng bộ Quân đội" and minutes.place == "Yên Bái"
    assert minutes.recipients == ["Thường vụ Đảng ủy Quân khu", "Các đại biểu dự hội nghị"]
    signers = _block(minutes, "ky-ten")["signers"]
    assert signers[0]["name"] == "Đại úy Lò Văn Tính"


def test_a_stale_frame_form_is_refused_with_a_message_and_nothing_changes(client, minutes, users):
    login(client, users["qk2.theodoi"])
    response = client.post(
        url("document_frame", minutes.pk),
        {"issuer_code": "ĐU", "place": "Hà Giang", "version": minutes.version - 1},
    )
    assert response.status_code == 200
    assert 'data-testid="form-errors"' in response.content.decode()
    minutes.refresh_from_db()
    assert minutes.place != "Hà Giang"


def test_a_section_of_minutes_is_edited_on_the_page(client, minutes, users):
    login(client, users["qk2.theodoi"])
    response = client.post(
        url("document_edit", minutes.pk),
        {
            "section": "noi-dung",
            "text": "Thông qua báo cáo tổng kết.\r\nNghe 6 tham luận.",
            "note": "",
            "version": minutes.version,
        },
    )
    assert response.status_code == 302
    assert _block(minutes, "noi-dung")["text"] == "Thông qua báo cáo tổng kết.\nNghe 6 tham luận."
    assert current_version(minutes).number == 2


def test_an_edited_word_file_uploaded_back_shows_its_changes(client, minutes, users):
    login(client, users["qk2.theodoi"])
    data = client.get(url("document_docx", minutes.pk)).content
    docx = Docx(io.BytesIO(data))
    line = _block(minutes, "noi-dung")["text"].split("\n")[0].strip()
    paragraph = next(p for p in docx.paragraphs if p.text.strip() == line)
    for run in paragraph.runs[1:]:
        run._r.getparent().remove(run._r)
    paragraph.runs[0].text = "Thông qua báo cáo; trao Bằng khen cho 26 tập thể và 28 cá nhân."
    buffer = io.BytesIO()
    docx.save(buffer)
    upload = SimpleUploadedFile("bien-ban.docx", buffer.getvalue())
    response = client.post(
        url("document_upload", minutes.pk), {"file": upload, "version": minutes.version}
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"{url('document_diff', minutes.pk)}?old=1&new=2")
    page = client.get(response["Location"]).content.decode()
    assert "trao Bằng khen cho 26 tập thể và 28 cá nhân" in page
    assert 'class="alert alert-success' in page


def test_a_file_that_is_not_word_is_refused_with_a_message(client, minutes, users):
    login(client, users["qk2.theodoi"])
    upload = SimpleUploadedFile("bien-ban.docx", b"not a word file at all")
    response = client.post(
        url("document_upload", minutes.pk),
        {"file": upload, "version": minutes.version},
        follow=True,
    )
    assert response.status_code == 200
    assert minutes.versions.count() == 1
    assert 'class="alert alert-danger' in response.content.decode()


def test_a_paper_issued_number_is_recorded_on_the_page(client, minutes, users):
    login(client, users["qk2.theodoi"])
    response = client.post(
        url("document_record_issued", minutes.pk),
        {"number": "15", "issued_on": "08/07/2022", "version": minutes.version},
    )
    assert response.status_code == 302
    minutes.refresh_from_db()
    assert minutes.is_issued and minutes.symbol.startswith("15-BB/")
    page = client.get(url("document_detail", minutes.pk)).content.decode()
    assert 'data-testid="correct-frame"' not in page
