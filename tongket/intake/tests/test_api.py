"""POST /api/v1/intake/: a text or a file in, facts out, matched against the whole registry,
showing of it only what the caller may see; nothing is written."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tongket.core.legacy_text import TCVN3, encode_legacy
from tongket.core.models import ChangeLog
from tongket.org.models import Person, Unit, User
from tongket.resolutions.models import Resolution

pytestmark = pytest.mark.django_db

ARTICLE = (
    "Sáng 8-7, Đảng ủy Quân khu 2 tổ chức Hội nghị tổng kết 10 năm thực hiện Nghị quyết "
    "623-NQ/QUTW của Quân ủy Trung ương về công tác hậu cần quân sự, theo hình thức trực tiếp "
    "kết hợp với trực tuyến. Hội nghị cũng quán triệt Nghị quyết số 382-NQ/ĐUQSTW ngày "
    "29/11/2007 của Đảng ủy Quân sự Trung ương. Trung tướng {chair}, Bí thư Đảng ủy, Chính ủy "
    "Quân khu chủ trì hội nghị. Dịp này, Bộ Tư lệnh Quân khu tặng Bằng khen cho 26 tập thể và "
    "28 cá nhân; đề nghị Bộ Quốc phòng tặng Bằng khen cho 3 tập thể, 3 cá nhân."
)


def api(user: User) -> APIClient:
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def test_an_article_is_read_into_facts_matched_to_the_registry(users):
    # Given a person of Quân khu 2 and the demo's resolutions 623 and 382 (ĐUQSTW, now QUTW)
    chair = Person.objects.filter(unit__code="QK2").first()
    changes = ChangeLog.objects.count()
    # When Quân khu 2's tracking officer posts the article
    response = api(users["qk2.theodoi"]).post(
        "/api/v1/intake/",
        {"text": ARTICLE.format(chair=chair.full_name), "published": "2022-07-08"},
        format="json",
    )
    # Then the facts come back, each with a span, matched to the existing records
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["events"][0] | {"span": None} == {
        "date": "2022-07-08",
        "time_of_day": "sáng",
        "format": "hybrid",
        "place": None,
        "span": None,
        "confidence": body["events"][0]["confidence"],
    }
    symbols = {r["symbol"]: r for r in body["resolutions"]}
    assert symbols["623-NQ/QUTW"]["match"] == Resolution.objects.get(symbol="623-NQ/QUTW").pk
    assert symbols["382-NQ/ĐUQSTW"]["match"] == Resolution.objects.get(symbol="382-NQ/ĐUQSTW").pk
    assert symbols["382-NQ/ĐUQSTW"]["date"] == "2007-11-29"
    person = body["people"][0]
    assert (person["rank"], person["match"], person["role"]) == ("Trung tướng", chair.pk, "chair")
    assert [
        (a["collectives"], a["individuals"], a["proposed_to_higher"]) for a in body["awards"]
    ] == [
        (26, 28, False),
        (3, 3, True),
    ]
    qutw = Unit.objects.get(code="QUTW")
    assert qutw.pk in {u["match"] for u in body["units"]}
    # And nothing was written
    assert ChangeLog.objects.count() == changes


def test_a_match_outside_the_callers_reach_keeps_its_id_but_is_not_visible(users):
    # Given a person kept by Quân khu 2, when Tổng cục CNQP's reporter reads a text naming them
    chair = Person.objects.filter(unit__code="QK2").first()
    body = (
        api(users["cnqp.baocao"])
        .post(
            "/api/v1/intake/",
            {"text": f"Trung tướng {chair.full_name} dự hội nghị."},
            format="json",
        )
        .json()
    )
    # Then the match is reported (nobody will create the person twice), but not as visible
    assert body["people"][0]["match"] == chair.pk
    assert body["people"][0]["visible"] is False


def test_a_docx_in_tcvn3_is_converted_and_the_conversion_is_said(users):
    # Given a Word file typed in TCVN3
    document = Document()
    document.add_paragraph(encode_legacy("Chiều 21-10, Ban Chỉ đạo họp phiên thứ nhất.", TCVN3))
    data = io.BytesIO()
    document.save(data)
    upload = SimpleUploadedFile("bao-cao.docx", data.getvalue())
    # When it is uploaded
    response = api(users["qk2.theodoi"]).post(
        "/api/v1/intake/", {"file": upload, "published": "2021-10-22"}, format="multipart"
    )
    # Then its text reads in Unicode and the answer names the conversion
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["text"] == "Chiều 21-10, Ban Chỉ đạo họp phiên thứ nhất."
    assert body["conversion"]["encodings"] == ["tcvn3"]
    assert "TCVN3" in body["conversion"]["message"]
    assert body["events"][0]["date"] == "2021-10-21"


def test_an_html_file_is_read_without_its_markup(users):
    upload = SimpleUploadedFile(
        "tin.html",
        "<html><body><script>x=1</script><p>Sáng 8-7, Đảng ủy tổ chức hội nghị.</p></body></html>".encode(),
    )
    body = (
        api(users["qk2.theodoi"])
        .post("/api/v1/intake/", {"file": upload, "published": "2022-07-08"}, format="multipart")
        .json()
    )
    assert body["text"] == "Sáng 8-7, Đảng ủy tổ chức hội nghị."


def test_nothing_to_read_or_an_unknown_file_is_refused_with_the_field_named(users):
    client = api(users["qk2.theodoi"])
    response = client.post("/api/v1/intake/", {"text": "   "}, format="json")
    assert response.status_code == 400 and "text" in response.json()["errors"]
    binary = SimpleUploadedFile("x.bin", b"\x00\x01\x02binary\x00")
    response = client.post("/api/v1/intake/", {"file": binary}, format="multipart")
    assert response.status_code == 400 and "file" in response.json()["errors"]


def test_anonymous_callers_are_refused():
    assert APIClient().post("/api/v1/intake/", {"text": "Sáng 8-7"}, format="json").status_code in (
        401,
        403,
    )


def test_the_endpoint_says_what_this_server_reads(users):
    body = api(users["qk2.baocao"]).get("/api/v1/intake/").json()
    assert {"docx", "txt", "html"} <= set(body["file_types"])
    assert body["encodings"] == ["tcvn3", "vni", "viscii"]


def test_a_resolution_marked_above_the_callers_clearance_is_not_visible(users):
    # Given 382-NQ/ĐUQSTW marked Tối mật, and an administrator of the whole tree not cleared
    from tongket.core.scopes import SYSTEM
    from tongket.org.services import user_update
    from tongket.testing import classification

    classification.mark_secret()
    admin = users["admin"]
    text = "Quán triệt Nghị quyết số 382-NQ/ĐUQSTW ngày 29/11/2007."

    def read() -> dict:
        found = api(admin).post("/api/v1/intake/", {"text": text}, format="json").json()
        return {r["symbol"]: r for r in found["resolutions"]}["382-NQ/ĐUQSTW"]

    # When the administrator reads a text naming it, then the match is not offered as a link
    assert read()["visible"] is False
    # And given the clearance, it is
    user_update(by=SYSTEM, user=admin, clearance="secret")
    assert read()["visible"] is True


def test_a_date_without_year_in_an_undated_text_takes_the_year_of_the_day_it_is_entered(users):
    """No publication date given nor found: "Sáng 26-11" is read in the year the officer
    enters the text (the day before today here, so never in the future); published stays
    null."""
    import datetime

    from django.utils import timezone

    day = timezone.localdate() - datetime.timedelta(days=1)
    text = (
        f"Sáng {day.day}-{day.month}, Bộ Chỉ huy Quân sự tỉnh Lào Cai tổ chức hội nghị sơ kết "
        "5 năm thực hiện Nghị quyết số 623-NQ/QUTW."
    )
    response = api(users["qk2.theodoi"]).post("/api/v1/intake/", {"text": text}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["published"] is None
    assert body["events"][0]["date"] == day.isoformat()
