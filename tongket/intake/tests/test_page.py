"""The page "Nhập từ văn bản": paste, read (the facts highlighted beside the proposed
records), correct, accept: the meeting, its people, award counts and conclusions are made."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client

from tongket.intake.models import IntakeSource
from tongket.meetings.models import Meeting
from tongket.org.models import Person, Unit

pytestmark = pytest.mark.django_db

ARTICLE = (
    "Sáng 8-7, Đảng ủy Quân khu 2 tổ chức Hội nghị tổng kết 10 năm thực hiện Nghị quyết "
    "623-NQ/QUTW của Quân ủy Trung ương, theo hình thức trực tiếp kết hợp với trực tuyến. "
    "Trung tướng {chair}, Bí thư Đảng ủy, Chính ủy Quân khu chủ trì hội nghị. Thiếu tướng "
    "Hoàng Văn Khách, Phó Tư lệnh Quân khu trình bày báo cáo. Dịp này, Bộ Tư lệnh Quân khu "
    "tặng Bằng khen cho 26 tập thể và 28 cá nhân; đề nghị Bộ Quốc phòng tặng Bằng khen cho 3 "
    "tập thể, 3 cá nhân. Kết luận hội nghị, Trung tướng {chair} yêu cầu Đảng ủy Quân khu 2 "
    "hoàn chỉnh báo cáo tổng kết, gửi Bộ Quốc phòng trước ngày 30/7."
)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _fields(html: str) -> dict[str, str]:
    """The values the review form would post, as rendered (inputs, checked boxes, selected
    options and text areas)."""
    data: dict[str, str] = {}
    for tag in re.findall(r"<input[^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag)
        if not name or 'type="file"' in tag:
            continue
        if 'type="checkbox"' in tag and "checked" not in tag:
            continue
        value = re.search(r'value="([^"]*)"', tag)
        default = "on" if 'type="checkbox"' in tag else ""
        data[name.group(1)] = value.group(1) if value else default
    for name, body in re.findall(r'<select name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        selected = re.search(r'<option value="([^"]*)"[^>]*selected', body)
        data[name] = selected.group(1) if selected else ""
    for name, body in re.findall(r'<textarea name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S):
        data[name] = body.strip("\n")
    import html as html_module

    return {key: html_module.unescape(value) for key, value in data.items()}


def test_pasting_an_article_ends_with_the_meeting_its_people_awards_and_tasks(users):
    # Given Quân khu 2's tracking officer and a chair the registry holds
    chair = Person.objects.filter(unit__code="QK2").first()
    client = _client(users["qk2.theodoi"])
    assert client.get("/intake/").status_code == 200
    # When the article is pasted and read
    page = client.post(
        "/intake/",
        {"step": "read", "text": ARTICLE.format(chair=chair.full_name), "published": "2022-07-08"},
    )
    # Then the text shows its facts highlighted beside the proposed records
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count('data-fact="people"') >= 2 and 'data-fact="awards"' in html
    assert 'data-testid="intake-person"' in html and "623-NQ/QUTW" in html
    data = _fields(html.split('data-testid="intake-apply-form"')[1])
    assert data["date"] == "2022-07-08" and data["format"] == "hybrid"
    assert data["time_of_day"] == "sang"
    # The host proposed is the first unit named that the officer may record meetings for
    assert Unit.objects.get(pk=data["host_unit"]).code == "DU-QK2"  # "Đảng ủy Quân khu 2 tổ chức …"
    # When the officer accepts everything as read
    data["step"] = "apply"
    done = client.post("/intake/", data)
    # Then the meeting is made with its chair, the presenter as a guest (a tracking officer
    # registers no people), both award counts, the conclusion with its task
    assert done.status_code == 302
    source = IntakeSource.objects.get()
    assert done["Location"] == f"/intake/{source.pk}/"
    meeting = Meeting.objects.get(pk=source.links.get(content_type__model="meeting").object_id)
    assert meeting.chair == chair and meeting.format == "hybrid"
    assert "Thiếu tướng Hoàng Văn Khách, Phó Tư lệnh Quân khu" in meeting.guests
    assert [
        (a.collectives, a.individuals, a.proposed_to_higher, a.given_by)
        for a in meeting.award_counts.all()
    ] == [
        (26, 28, False, "Bộ Tư lệnh Quân khu"),
        (3, 3, True, "Bộ Quốc phòng"),
    ]
    task = meeting.conclusions.get().tasks.get()
    assert task.deadline.isoformat() == "2022-07-30" and task.assignee.name == "Đảng ủy Quân khu 2"
    # And the source text is linked to the meeting, both counts, the conclusion and the task,
    # which the result page lists; outside the host unit's reach that page is not found
    assert source.links.count() == 5
    result = client.get(done["Location"]).content.decode()
    assert result.count('data-testid="made-award"') == 2 and 'data-testid="made-task"' in result
    assert _client(users["cnqp.baocao"]).get(done["Location"]).status_code == 404


def test_a_user_who_may_not_record_meetings_cannot_create_anything(users):
    client = _client(users["cnqp.baocao"])
    page = client.post("/intake/", {"step": "read", "text": ARTICLE.format(chair="Nguyễn Văn A")})
    data = _fields(page.content.decode().split('data-testid="intake-apply-form"')[1])
    data["step"] = "apply"
    meetings = Meeting.objects.count()
    refused = client.post("/intake/", data)
    assert refused.status_code == 200 and Meeting.objects.count() == meetings


def test_a_resolution_the_registry_does_not_hold_opens_its_register_form_filled(users):
    # Given Quân khu 2's tracking officer and an article about a resolution nobody registered
    client = _client(users["qk2.theodoi"])
    text = (
        "Sáng 14/11, Đảng ủy Quân khu 2 tổ chức hội nghị sơ kết 5 năm thực hiện Nghị quyết số "
        "1657-NQ/QUTW ngày 20/12/2022 của Quân ủy Trung ương về lãnh đạo công tác quân sự, "
        "quốc phòng địa phương đến năm 2030 và những năm tiếp theo."
    )
    # When it is read
    html = client.post(
        "/intake/", {"step": "read", "text": text, "published": "2026-11-15"}
    ).content.decode()
    # Then the resolution is offered for registering, with what the text says
    link = re.search(r'href="([^"]+)"[^>]*data-testid="register-resolution"', html)
    assert link is not None
    import html as html_module

    url = html_module.unescape(link.group(1))
    issuer = Unit.objects.get(name="Quân ủy Trung ương")
    assert f"issuing_unit={issuer.code}" in url
    form = client.get(url).content.decode()
    # And the register form opens filled: kind, symbol, date, issuer and subject
    assert 'value="1657-NQ/QUTW"' in form
    assert 'value="20/12/2022"' in form
    assert "về lãnh đạo công tác quân sự, quốc phòng địa phương đến năm 2030" in form
    assert re.search(r'<option value="resolution"[^>]*selected', form)
    assert f'value="{issuer.code}"' in form


def test_a_task_for_several_district_committees_becomes_one_batch(users):
    # Given the Đắk Lắk provincial officer and a conference report of 2024 (before the
    # districts were dissolved) whose conclusion gives one task to three district Party
    # committees (of another line: partners)
    client = _client(users["daklak.theodoi"])
    text = (
        "Sáng 14/11/2024, Đảng ủy Quân sự tỉnh Đắk Lắk tổ chức hội nghị sơ kết chương trình phối "
        "hợp. Kết luận hội nghị, đồng chí Bí thư yêu cầu các huyện ủy Lắk, Ea Súp và Krông Ana "
        "tiếp tục lãnh đạo xây dựng lực lượng dân quân tự vệ vững mạnh, hoàn thành trước ngày "
        "30/6/2025."
    )
    html = client.post(
        "/intake/", {"step": "read", "text": text, "published": "2024-11-15"}
    ).content.decode()
    data = _fields(html.split('data-testid="intake-apply-form"')[1])
    # Then the three committees are proposed by their codes, and no single assignee
    committees = ["Huyện ủy Lắk", "Huyện ủy Ea Súp", "Huyện ủy Krông Ana"]
    codes = [Unit.objects.get(name=name).code for name in committees]
    assert data["conclusions-0-units"] == ", ".join(codes)
    assert data["conclusions-0-assignee"] == ""
    # When the officer accepts it
    data["step"] = "apply"
    done = client.post("/intake/", data)
    # Then one task per committee is made, followed as one batch, due by the date read
    assert done.status_code == 302, done.content.decode()[:2000]
    source = IntakeSource.objects.get()
    meeting = Meeting.objects.get(pk=source.links.get(content_type__model="meeting").object_id)
    tasks = list(meeting.conclusions.get().tasks.order_by("assignee__name"))
    assert sorted(task.assignee.name for task in tasks) == sorted(committees)
    assert len({task.batch_id for task in tasks}) == 1 and tasks[0].batch_id is not None
    assert {task.deadline.isoformat() for task in tasks} == {"2025-06-30"}


def test_a_task_without_its_unit_is_named_on_its_row_and_nothing_is_made(users):
    """A conclusion whose unit the officer cleared keeps its deadline: the error sits on that
    conclusion's row, beside the unit field, and the summary names the row in words, not by the
    service's field name; nothing is created."""
    chair = Person.objects.filter(unit__code="QK2").first()
    client = _client(users["qk2.theodoi"])
    page = client.post(
        "/intake/",
        {"step": "read", "text": ARTICLE.format(chair=chair.full_name), "published": "2022-07-08"},
    )
    data = _fields(page.content.decode().split('data-testid="intake-apply-form"')[1])
    assert data["conclusions-0-deadline"] == "2022-07-30"
    data["conclusions-0-assignee"] = ""
    data["step"] = "apply"
    meetings = Meeting.objects.count()
    done = client.post("/intake/", data)
    assert done.status_code == 200
    assert Meeting.objects.count() == meetings and not IntakeSource.objects.exists()
    row = done.context["conclusion_set"].forms[0]
    assert row.errors["assignee"]
    summary = [str(e) for e in done.context["meeting_form"].non_field_errors()]
    assert summary and not any("conclusions-0" in line for line in summary)
    assert summary[0].endswith(row.errors["assignee"][0])


def test_an_error_on_a_row_after_one_left_out_is_put_on_that_row(users):
    """The service counts the rows ticked; the page puts its error on the row it meant (the
    second award count, the first being left out) and names that row by its place on the
    page, not by the service's field name."""
    chair = Person.objects.filter(unit__code="QK2").first()
    client = _client(users["qk2.theodoi"])
    page = client.post(
        "/intake/",
        {"step": "read", "text": ARTICLE.format(chair=chair.full_name), "published": "2022-07-08"},
    )
    data = _fields(page.content.decode().split('data-testid="intake-apply-form"')[1])
    assert data["awards-1-collectives"] == "3"
    # When the officer leaves the first count out and clears both numbers of the second
    del data["awards-0-use"]
    data["awards-1-collectives"] = data["awards-1-individuals"] = "0"
    data["step"] = "apply"
    meetings = Meeting.objects.count()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    done = client.post("/intake/", data)
    # Then nothing is made, the error sits on the second row and the summary names it so
    assert done.status_code == 200
    assert Meeting.objects.count() == meetings and not IntakeSource.objects.exists()
    first, second = done.context["award_set"].forms
    assert not first.errors
    message = "Give the number of collectives or of individuals awarded."
    assert second.non_field_errors() == [message]
    summary = [str(e) for e in done.context["meeting_form"].non_field_errors()]
    assert summary == [f"Award count 2: {message}"]
    rows = done.content.decode().split('data-testid="intake-award"')
    assert message not in rows[1] and message in rows[2]


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (
            "ĐẢNG ỦY QUÂN KHU 2                ĐẢNG CỘNG SẢN VIỆT NAM\n"
            "Số 512-BC/ĐU                       Sơn La, ngày 3 tháng 12 năm 2026\n\n"
            "BÁO CÁO\nKết quả thực hiện nhiệm vụ quân sự, quốc phòng năm 2026\n\n"
            "Năm 2026, các cơ quan, đơn vị hoàn thành tốt nhiệm vụ được giao.",
            "Báo cáo kết quả thực hiện nhiệm vụ quân sự, quốc phòng năm 2026",
        ),
        (
            "Lào Cai: Sơ kết 5 năm thực hiện Chỉ thị 16 của Ban Bí thư\n"
            "Các cơ quan, đơn vị hoàn thành tốt nhiệm vụ được giao.",
            "Lào Cai: Sơ kết 5 năm thực hiện Chỉ thị 16 của Ban Bí thư",
        ),
    ],
)
def test_a_text_without_a_meetings_date_is_named_by_its_kind_and_subject_or_headline(
    users, text, title
):
    """Given a unit's report (its header lines, then "BÁO CÁO" over its subject) or an
    article's headline, with no meeting's date in them, when read, then the meeting's title
    is proposed as the document's kind and subject on one line, or the headline, never the
    header lines run together."""
    page = _client(users["qk2.theodoi"]).post("/intake/", {"step": "read", "text": text})
    assert page.status_code == 200
    assert _fields(page.content.decode())["title"] == title
