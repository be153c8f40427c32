"""Correcting a document over REST: the frame (PATCH, version required), a new draft of the
text, the Word file edited and uploaded back, a paper-issued number; only by whoever may
make the document."""

from __future__ import annotations

import io
from typing import Any

import pytest
from docx import Document as Docx
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tongket.documents.models import Document
from tongket.documents.services import current_version
from tongket.meetings.models import Meeting
from tongket.meetings.services import meeting_render
from tongket.org.models import User

pytestmark = pytest.mark.django_db


def api(user: User) -> APIClient:
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def minutes(users: dict[str, Any]) -> Document:
    meeting = Meeting.objects.get(title__contains="623", format="hybrid")
    return meeting_render(by=users["qk2.theodoi"], meeting=meeting, kind="minutes")


def test_the_frame_is_patched_with_its_version_and_a_stale_patch_is_a_conflict(minutes, users):
    officer = api(users["qk2.theodoi"])
    path = f"/api/v1/documents/{minutes.pk}/"
    missing = officer.patch(path, {"place": "Yên Bái"}, format="json")
    assert missing.status_code == 400 and "version" in missing.json()["errors"]
    response = officer.patch(
        path,
        {
            "version": minutes.version,
            "place": "Yên Bái",
            "header_upper": "Đảng bộ Quân đội",
            "recipients": ["Thường vụ Đảng ủy Quân khu"],
            "signers": [
                {"title": "Thư ký", "name": "Đại úy Lò Văn Tính"},
                {"title": "Chủ trì", "name": "Trung tướng Nguyễn Hữu V"},
            ],
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["place"] == "Yên Bái" and body["header_upper"] == "Đảng bộ Quân đội"
    assert body["recipients"] == ["Thường vụ Đảng ủy Quân khu"]
    stale = officer.patch(path, {"version": minutes.version, "place": "Lào Cai"}, format="json")
    assert stale.status_code == 409
    reporter = api(users["qk2.baocao"])
    assert (
        reporter.patch(path, {"version": body["version"], "place": "X"}, format="json").status_code
        == 403
    )
    outsider = api(users["daklak.theodoi"])
    assert (
        outsider.patch(path, {"version": body["version"], "place": "X"}, format="json").status_code
        == 404
    )


def test_a_draft_of_the_text_and_an_edited_word_file_are_saved(minutes, users):
    officer = api(users["qk2.theodoi"])
    content = current_version(minutes).content
    for block in content:
        if block.get("key") == "noi-dung":
            block["text"] = "Thông qua báo cáo tổng kết."
    response = officer.post(
        f"/api/v1/documents/{minutes.pk}/drafts/",
        {"content": content, "version": minutes.version, "note": "Sửa nội dung"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["number"] == 2
    minutes.refresh_from_db()
    data = officer.get(f"/api/v1/documents/{minutes.pk}/docx/").content
    docx = Docx(io.BytesIO(data))
    paragraph = next(p for p in docx.paragraphs if p.text == "Thông qua báo cáo tổng kết.")
    paragraph.runs[0].text = "Thông qua báo cáo tổng kết và nghị quyết lãnh đạo giai đoạn mới."
    buffer = io.BytesIO()
    docx.save(buffer)
    buffer.name = "bien-ban.docx"
    buffer.seek(0)
    response = officer.post(
        f"/api/v1/documents/{minutes.pk}/upload/",
        {"file": buffer, "version": minutes.version},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    assert response.json() == {"base": 2, "draft": 3, "changed": ["noi-dung"], "ignored": []}
    buffer.seek(0)
    minutes.refresh_from_db()
    again = officer.post(
        f"/api/v1/documents/{minutes.pk}/upload/",
        {"file": buffer, "version": minutes.version},
        format="multipart",
    )
    assert again.status_code == 409  # made from draft 2, and draft 3 exists


def test_a_paper_issued_number_is_recorded_once(minutes, users):
    officer = api(users["qk2.theodoi"])
    path = f"/api/v1/documents/{minutes.pk}/issued/"
    response = officer.post(
        path, {"version": minutes.version, "number": 15, "issued_on": "2022-07-08"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["symbol"].startswith("15-BB/")
    assert response.json()["status"] == "issued"
    again = officer.post(
        path,
        {"version": response.json()["version"], "number": 16, "issued_on": "2022-07-08"},
        format="json",
    )
    assert again.status_code == 400
