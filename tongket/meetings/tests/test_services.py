"""Meetings: bridge points, conclusions and follow-up tasks, minutes as a document, scope."""

import datetime

import pytest

from tongket.core.errors import DomainError, NotFound
from tongket.meetings import selectors, services
from tongket.meetings.choices import MeetingFormat, TaskStatus
from tongket.meetings.models import Meeting
from tongket.org.models import Unit

pytestmark = pytest.mark.django_db
D = datetime.date


def test_the_hybrid_conference_of_quan_khu_2_has_its_bridge_points(users):
    meeting = Meeting.objects.get(title__contains="623", campaign__isnull=False, format="hybrid")
    assert meeting.when_text == "Sáng 08/07/2022"
    assert meeting.remote_sites.count() >= 3
    assert meeting in selectors.meeting_list(user=users["qk2.baocao"])
    assert meeting not in selectors.meeting_list(user=users["cnqp.baocao"])
    with pytest.raises(NotFound):
        selectors.meeting_get(user=users["cnqp.baocao"], pk=meeting.pk)


def test_an_in_person_meeting_has_no_bridge_points(users):
    meeting = Meeting.objects.get(format=MeetingFormat.IN_PERSON, title__contains="520")
    with pytest.raises(DomainError):
        services.remote_site_add(by=users["bqp.theodoi"], meeting=meeting, name="Điểm cầu X")


def test_conclusions_become_tasks_on_the_assignees_list(users):
    officer = users["qk2.theodoi"]
    meeting = Meeting.objects.get(title__contains="623", format="hybrid")
    conclusion = services.conclusion_add(by=officer, meeting=meeting, text="Hoàn thiện báo cáo.")
    sd316 = Unit.objects.get(code="SD316")
    task = services.task_add(
        by=officer,
        conclusion=conclusion,
        title="Bổ sung số liệu",
        assignee=sd316,
        deadline=D(2022, 8, 1),
    )
    assert task.effective_status(D(2022, 9, 1)) == TaskStatus.OVERDUE
    assert task in selectors.task_list(user=users["qk2.baocao"], unit=sd316)
    with pytest.raises(DomainError):
        services.task_add(
            by=officer, conclusion=conclusion, title="X", assignee=sd316, deadline=D(2022, 1, 1)
        )
    services.task_set_status(
        by=users["qk2.baocao"], task=task, status=TaskStatus.DONE, done_on=D(2022, 7, 30)
    )
    task.refresh_from_db()
    assert task.effective_status(D(2022, 9, 1)) == TaskStatus.DONE
    # Outside the reader's branch the task does not exist for them.
    with pytest.raises(NotFound):
        services.task_set_status(by=users["cnqp.baocao"], task=task, status=TaskStatus.OPEN)


def test_minutes_and_conclusion_notice_render_as_documents(users):
    meeting = Meeting.objects.get(title__contains="Phiên họp thứ nhất")
    minutes = services.meeting_render(by=users["bqp.theodoi"], meeting=meeting, kind="minutes")
    notice = services.meeting_render(
        by=users["bqp.theodoi"], meeting=meeting, kind="conclusion_notice"
    )
    assert minutes.title == "BIÊN BẢN" and notice.title == "THÔNG BÁO"
    from tongket.documents.services import current_version

    text = " ".join(block.get("text", "") for block in current_version(minutes).content)
    assert "chiều ngày 21/10/2021" in text
    assert meeting.documents.filter(pk__in=[minutes.pk, notice.pk]).count() == 2


def test_calendar_of_a_month(users):
    calendar = selectors.calendar(user=users["bqp.theodoi"], year=2022, month=7)
    days = {cell["day"]: cell["meetings"] for week in calendar["weeks"] for cell in week}
    assert days[D(2022, 7, 8)] and days[D(2022, 7, 15)]
