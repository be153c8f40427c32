"""A conclusion whose text sets no deadline ("trong thời gian tới"): the proposal says the
deadline is not yet determined (never an invented date), the API shows it, and accepting it
records the follow-up task without a deadline; a date left out without saying so is refused."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tongket.core.errors import DomainError
from tongket.intake.applying import ConclusionChoice, MeetingChoice, intake_apply
from tongket.intake.models import IntakeSource
from tongket.intake.reading import read
from tongket.intake.tests.test_page import _fields
from tongket.meetings.models import FollowUpTask, Meeting
from tongket.org.models import Person, Unit

pytestmark = pytest.mark.django_db

PUBLISHED = datetime.date(2022, 12, 16)
# A conference report as the army papers write it: the conclusion gives a task, no date.
ARTICLE = (
    "Chiều 15-12, Đảng ủy Quân khu 2 tổ chức Hội nghị sơ kết 5 năm thực hiện Nghị quyết "
    "623-NQ/QUTW của Quân ủy Trung ương về công tác hậu cần quân sự. Trung tướng {chair}, Bí "
    "thư Đảng ủy, Chính ủy Quân khu chủ trì hội nghị. Kết luận hội nghị, Trung tướng {chair} "
    "yêu cầu Đảng ủy Quân khu 2 tiếp tục quán triệt sâu sắc nghị quyết, tập trung khắc "
    "phục những hạn chế, khuyết điểm đã chỉ ra, nâng cao chất lượng bảo đảm hậu cần cho các "
    "nhiệm vụ trong thời gian tới."
)


def _article() -> str:
    chair = Person.objects.filter(unit__code="QK2").first()
    return ARTICLE.format(chair=chair.full_name)


def test_the_proposal_says_the_deadline_is_not_yet_determined():
    facts = read(ARTICLE.format(chair="Nguyễn Văn A"), published=PUBLISHED)
    conclusion = facts["conclusions"][-1]
    assert conclusion["text"].startswith("Đảng ủy Quân khu 2 tiếp tục quán triệt")
    assert conclusion["deadline"] is None and conclusion["deadline_unknown"] is True
    # A dated conclusion is not marked unknown.
    dated = read(
        "Hội nghị yêu cầu Cục Kinh tế hoàn chỉnh hồ sơ, gửi Bộ Quốc phòng trước ngày 15/11.",
        published=PUBLISHED,
    )["conclusions"][-1]
    assert dated["deadline"] == "2023-11-15" and dated["deadline_unknown"] is False


def test_the_api_shows_the_unknown_deadline(users):
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=users["qk2.theodoi"])
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = client.post(
        "/api/v1/intake/", {"text": _article(), "published": "2022-12-16"}, format="json"
    )
    assert response.status_code == 200, response.content
    conclusion = response.json()["conclusions"][-1]
    assert conclusion["deadline"] is None and conclusion["deadline_unknown"] is True


def _apply(users, conclusion: ConclusionChoice) -> Meeting:
    return intake_apply(
        by=users["qk2.theodoi"],
        host_unit=Unit.objects.get(code="QK2"),
        text=_article(),
        facts={"published": "2022-12-16", "events": []},
        meeting=MeetingChoice(
            kind="review_conference",
            title="Hội nghị sơ kết 5 năm thực hiện Nghị quyết 623",
            date=datetime.date(2022, 12, 15),
            time_of_day="chieu",
            format="in_person",
        ),
        people=[],
        awards=[],
        conclusions=[conclusion],
    )


def test_a_task_with_its_deadline_not_yet_determined_is_recorded_without_one(users):
    text = "Đảng ủy Quân khu 2 tiếp tục quán triệt sâu sắc nghị quyết."
    meeting = _apply(
        users,
        ConclusionChoice(text, Unit.objects.get(code="DU-QK2"), None, deadline_unknown=True),
    )
    task = FollowUpTask.objects.get(conclusion__meeting=meeting)
    assert task.deadline is None and task.assignee.code == "DU-QK2"
    # Left out without saying so, the deadline is asked for and nothing is recorded.
    meetings = Meeting.objects.count()
    with pytest.raises(DomainError) as refused:
        _apply(users, ConclusionChoice(text, Unit.objects.get(code="DU-QK2"), None))
    assert refused.value.field == "conclusions-0"
    assert Meeting.objects.count() == meetings


def test_the_page_proposes_and_accepts_the_task_without_a_deadline(users):
    client = Client()
    client.force_login(users["qk2.theodoi"])
    page = client.post("/intake/", {"step": "read", "text": _article(), "published": "2022-12-16"})
    assert page.status_code == 200
    data = _fields(page.content.decode().split('data-testid="intake-apply-form"')[1])
    # The proposal: the unit named, no date, "not yet determined" ticked.
    assert Unit.objects.get(pk=data["conclusions-0-assignee"]).name == "Đảng ủy Quân khu 2"
    assert data["conclusions-0-deadline"] == ""
    assert data["conclusions-0-deadline_unknown"] == "on"
    data["step"] = "apply"
    done = client.post("/intake/", data)
    assert done.status_code == 302, done.content.decode()[:2000]
    source = IntakeSource.objects.get()
    meeting = Meeting.objects.get(pk=source.links.get(content_type__model="meeting").object_id)
    task = meeting.conclusions.get().tasks.get()
    assert task.deadline is None and task.assignee.name == "Đảng ủy Quân khu 2"
    result = client.get(done["Location"]).content.decode()
    assert 'data-testid="made-task"' in result and 'data-testid="no-deadline"' in result
