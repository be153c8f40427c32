"""The conference pages: the list with its filters and a month's calendar, recording and
editing a conference (errors beside the fields), its page with bridge points, conclusions and
follow-up tasks whose status the assigned unit sets, and the minutes or conclusion notice
drafted as a Word file. Only the host's tracking officers record; another branch gets 404;
lists keep a bounded number of queries."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from tongket.core.models import ChangeLog
from tongket.documents.models import Document
from tongket.meetings.choices import TaskStatus
from tongket.meetings.models import Conclusion, FollowUpTask, Meeting

pytestmark = pytest.mark.django_db


def url(name: str, *args: object) -> str:
    return reverse(f"ui:{name}", args=args)


def body(response) -> str:  # type: ignore[no-untyped-def]
    return response.content.decode()


@pytest.fixture
def conference(db) -> Meeting:  # type: ignore[no-untyped-def]
    return Meeting.objects.get(date=datetime.date(2022, 7, 8))


@pytest.fixture
def cnqp_conference(db) -> Meeting:  # type: ignore[no-untyped-def]
    return Meeting.objects.get(date=datetime.date(2022, 7, 15))


def test_list_and_filters(as_user, users, django_assert_max_num_queries):
    client = as_user(users["qk2.theodoi"])
    with django_assert_max_num_queries(15):
        response = client.get(url("meeting_list"))
    text = body(response)
    assert response.status_code == 200 and "623-NQ/QUTW" in text
    assert "Công nghiệp quốc phòng mở rộng" not in text
    assert 'data-testid="new-meeting"' in text
    none = client.get(url("meeting_list"), {"kind": "launch"})
    assert "623-NQ/QUTW" not in body(none)
    bad = client.get(url("meeting_list"), {"start": "32/13/2022"})
    assert bad.status_code == 200 and "errorlist" in body(bad)


def test_admin_list_bounded(as_user, admin_user, django_assert_max_num_queries):
    client = as_user(admin_user)
    with django_assert_max_num_queries(15):
        assert client.get(url("meeting_list")).status_code == 200


def test_calendar_of_a_month(as_user, users, django_assert_max_num_queries):
    client = as_user(users["qk2.theodoi"])
    with django_assert_max_num_queries(15):
        response = client.get(url("meeting_calendar"), {"month": "2022-07"})
    text = body(response)
    assert response.status_code == 200 and "cal-event" in text and "623-NQ/QUTW" in text
    assert "month=2022-06" in text and "month=2022-08" in text
    assert client.get(url("meeting_calendar"), {"month": "garbage"}).status_code == 200


def test_record_a_conference(as_user, users, conference):
    client = as_user(users["qk2.theodoi"])
    assert client.get(url("meeting_create")).status_code == 200
    data = {
        "host_unit": "DU-QK2",
        "kind": "working_session",
        "title": "Hội nghị giao ban hậu cần",
        "date": "",
        "time_of_day": "chieu",
        "format": "hybrid",
        "participant_units": "SD316 NOPE",
    }
    response = client.post(url("meeting_create"), data)
    assert response.status_code == 200
    assert "id_date-errors" in body(response) and "id_participant_units-errors" in body(response)
    document = Document.objects.filter(issuer__code="DU-QK2").first()
    data.update(
        {
            "date": "12/09/2022",
            "participant_units": "SD316, SD355",
            "chair": users["qk2.duyet"].person_id,
            "documents": [document.pk] if document else [],
        }
    )
    response = client.post(url("meeting_create"), data)
    assert response.status_code == 302
    meeting = Meeting.objects.get(title="Hội nghị giao ban hậu cần")
    assert meeting.participant_units.count() == 2 and meeting.time_of_day == "chieu"
    if document:
        assert meeting.documents.filter(pk=document.pk).exists()


def test_reporter_may_not_record(as_user, users, conference):
    client = as_user(users["qk2.baocao"])
    assert client.get(url("meeting_create")).status_code == 403
    assert client.get(url("meeting_edit", conference.pk)).status_code == 403
    page = body(client.get(url("meeting_detail", conference.pk)))
    assert 'data-testid="edit-meeting"' not in page and 'data-testid="add-conclusion"' not in page


def test_edit_a_conference(as_user, users, conference):
    client = as_user(users["qk2.theodoi"])
    page = client.get(url("meeting_edit", conference.pk))
    assert page.status_code == 200
    data = {
        "kind": conference.kind,
        "title": conference.title,
        "session": "",
        "date": "08/07/2022",
        "time_of_day": "sang",
        "format": "hybrid",
        "place": "Sở Chỉ huy Quân khu 2, Phú Thọ",
        "chair": conference.chair_id,
        "campaign": conference.campaign_id,
        "participant_units": "SD316",
        "version": conference.version,
    }
    assert client.post(url("meeting_edit", conference.pk), data).status_code == 302
    conference.refresh_from_db()
    assert conference.place.endswith("Phú Thọ")
    assert list(conference.participant_units.values_list("code", flat=True)) == ["SD316"]


def test_detail_sites_conclusions_tasks(as_user, users, conference, django_assert_max_num_queries):
    client = as_user(users["qk2.theodoi"])
    with django_assert_max_num_queries(30):
        page = client.get(url("meeting_detail", conference.pk))
    assert page.status_code == 200 and 'data-testid="sites"' in body(page)
    empty = client.post(url("meeting_site_add", conference.pk), {"site-name": ""})
    assert empty.status_code == 200 and "id_site-name-errors" in body(empty)
    client.post(
        url("meeting_site_add", conference.pk),
        {"site-name": "Điểm cầu Sư đoàn 355", "site-unit": "SD355", "site-attendees": "40"},
    )
    site = conference.remote_sites.get(name="Điểm cầu Sư đoàn 355")
    client.post(url("meeting_site_remove", conference.pk), {"site": site.pk})
    assert not conference.remote_sites.filter(pk=site.pk).exists()

    client.post(
        url("meeting_conclusion_add", conference.pk),
        {"conclusion-text": "Tiếp tục thực hiện nghị quyết mới."},
    )
    conclusion = conference.conclusions.get()
    prefix = f"k{conclusion.pk}"
    early = client.post(
        url("conclusion_task_add", conclusion.pk),
        {
            f"{prefix}-title": "Xây dựng kế hoạch",
            f"{prefix}-assignee": "SD316",
            f"{prefix}-deadline": "01/01/2022",
        },
    )
    assert early.status_code == 200 and f"id_{prefix}-deadline-errors" in body(early)
    client.post(
        url("conclusion_task_add", conclusion.pk),
        {
            f"{prefix}-title": "Xây dựng kế hoạch",
            f"{prefix}-assignee": "SD316",
            f"{prefix}-deadline": "30/09/2022",
        },
    )
    task = conclusion.tasks.get()
    assert task.assignee.code == "SD316"
    text = body(client.get(url("meeting_detail", conference.pk)))
    assert 'data-status="overdue"' in text


def _task(conference: Meeting, assignee) -> FollowUpTask:  # type: ignore[no-untyped-def]
    conclusion = Conclusion.objects.create(meeting=conference, number=9, text="Kết luận.")
    return FollowUpTask.objects.create(
        conclusion=conclusion,
        title="Báo cáo kết quả",
        assignee=assignee,
        deadline=datetime.date(2022, 9, 30),
    )


def test_assignee_sets_the_status(as_user, users, units, conference):
    task = _task(conference, units["SD316"])
    # A reporter of Quân khu 2 covers Sư đoàn 316: it reports on the task.
    client = as_user(users["qk2.baocao"])
    prefix = f"t{task.pk}"
    future = client.post(
        url("task_status", task.pk), {f"{prefix}-status": "done", f"{prefix}-done_on": "01/01/2099"}
    )
    assert future.status_code == 200 and f"id_{prefix}-done_on-errors" in body(future)
    response = client.post(
        url("task_status", task.pk), {f"{prefix}-status": "done", f"{prefix}-done_on": "20/09/2022"}
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE and task.done_on == datetime.date(2022, 9, 20)


def test_someone_else_may_not_set_the_status(as_user, users, units, conference):
    task = _task(conference, units["SD316"])
    client = as_user(users["qk2.thidua"])
    prefix = f"t{task.pk}"
    response = client.post(url("task_status", task.pk), {f"{prefix}-status": "done"})
    # The page answers with the refusal on it (no redirect: nothing was done).
    assert response.status_code == 200
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN


def test_render_minutes_and_download(as_user, users, conference):
    client = as_user(users["qk2.theodoi"])
    before = conference.documents.count()
    assert client.post(url("meeting_render", conference.pk), {"kind": "minutes"}).status_code == 302
    assert conference.documents.count() == before + 1
    document = conference.documents.order_by("-pk").first()
    docx = client.get(url("document_docx", document.pk))
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    page = client.get(url("document_detail", document.pk))
    assert page.status_code == 200 and 'data-testid="comment-form"' not in body(page)
    # No conclusion yet: no notice, a message instead.
    refused = client.post(url("meeting_render", conference.pk), {"kind": "conclusion_notice"})
    assert refused.status_code == 302 and conference.documents.count() == before + 1
    assert (
        as_user(users["qk2.baocao"])
        .post(url("meeting_render", conference.pk), {"kind": "minutes"})
        .status_code
        == 302
    )
    assert conference.documents.count() == before + 1


def test_other_branch_is_404_and_nothing_written(as_user, users, cnqp_conference):
    client = as_user(users["qk2.theodoi"])
    before = ChangeLog.objects.count()
    assert client.get(url("meeting_detail", cnqp_conference.pk)).status_code == 404
    assert client.get(url("meeting_edit", cnqp_conference.pk)).status_code == 404
    for name in ("meeting_site_add", "meeting_conclusion_add", "meeting_render"):
        assert client.post(url(name, cnqp_conference.pk), {"kind": "minutes"}).status_code == 404
    assert ChangeLog.objects.count() == before


def test_tasks_of_my_units_on_the_due_page(as_user, users, units, conference):
    task = _task(conference, units["SD316"])
    client = as_user(users["qk2.baocao"])
    page = body(client.get(url("report_due")))
    assert 'data-testid="due-tasks"' in page and "Báo cáo kết quả" in page
    response = client.post(
        url("task_status", task.pk), {f"t{task.pk}-status": "in_progress", "next": "due"}
    )
    assert response.status_code == 302 and response["Location"].startswith(url("report_due"))
    task.refresh_from_db()
    assert task.status == TaskStatus.IN_PROGRESS
    # Not the assignee's: not listed.
    other = as_user(users["cnqp.baocao"])
    assert "Báo cáo kết quả" not in body(other.get(url("report_due")))
