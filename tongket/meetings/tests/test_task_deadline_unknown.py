"""A follow-up task whose deadline is not yet known: recorded by the service, the pages and
the API without one, shown "chưa xác định", never overdue, listed after the dated ones."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tongket.meetings import selectors, services
from tongket.meetings.choices import TaskStatus
from tongket.meetings.models import FollowUpTask, Meeting

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def conference(db) -> Meeting:  # type: ignore[no-untyped-def]
    return Meeting.objects.get(title__contains="623", format="hybrid")


def _conclusion(users, conference):  # type: ignore[no-untyped-def]
    return services.conclusion_add(
        by=users["qk2.theodoi"], meeting=conference, text="Tiếp tục quán triệt nghị quyết."
    )


def test_a_task_without_a_deadline_is_never_overdue(users, units, conference):
    """Given a conclusion that sets no deadline, when its task is recorded without one,
    then it is open (never overdue, however late), absent from the overdue list and listed
    after the tasks that have a deadline."""
    conclusion = _conclusion(users, conference)
    undated = services.task_add(
        by=users["qk2.theodoi"],
        conclusion=conclusion,
        title="Quán triệt đến từng chi bộ",
        assignee=units["SD316"],
    )
    dated = services.task_add(
        by=users["qk2.theodoi"],
        conclusion=conclusion,
        title="Báo cáo kết quả quán triệt",
        assignee=units["SD316"],
        deadline=D(2022, 8, 1),
    )
    assert undated.deadline is None
    assert undated.effective_status(D(2099, 1, 1)) == TaskStatus.OPEN
    assert dated.effective_status(D(2022, 9, 1)) == TaskStatus.OVERDUE

    reader = users["qk2.baocao"]
    overdue = selectors.task_list(user=reader, status=TaskStatus.OVERDUE, today=D(2099, 1, 1))
    assert dated in overdue and undated not in overdue
    mine = list(selectors.task_list(user=reader, unit=units["SD316"]))
    assert mine.index(dated) < mine.index(undated)
    owed = selectors.tasks_owed(user=reader, limit=1000)
    assert owed.index(dated) < owed.index(undated)


def test_the_page_takes_a_task_without_deadline_and_says_not_yet_determined(
    as_user, users, conference
):
    """Given the host's officer on the conference page, when a task is added with the
    deadline left empty, then it is saved and the page and the due page say "chưa xác
    định" in place of a date."""
    conclusion = _conclusion(users, conference)
    client = as_user(users["qk2.theodoi"])
    prefix = f"k{conclusion.pk}"
    response = client.post(
        reverse("ui:conclusion_task_add", args=[conclusion.pk]),
        {f"{prefix}-title": "Quán triệt đến từng chi bộ", f"{prefix}-assignee": "SD316"},
    )
    assert response.status_code == 302
    task = conclusion.tasks.get()
    assert task.deadline is None
    page = client.get(reverse("ui:meeting_detail", args=[conference.pk])).content.decode()
    assert 'data-testid="no-deadline">chưa xác định<' in page

    due = as_user(users["qk2.baocao"]).get(reverse("ui:report_due")).content.decode()
    assert "Quán triệt đến từng chi bộ" in due and 'data-testid="no-deadline"' in due


def test_the_api_takes_a_null_deadline(users, conference):
    """Given the API, when a task is posted without a deadline (or with null), then it is
    201 with deadline null and effective status open."""
    conclusion = _conclusion(users, conference)
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=users["qk2.theodoi"])
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    for extra in ({}, {"deadline": None}):
        response = client.post(
            "/api/v1/follow-up-tasks/",
            {"conclusion": conclusion.pk, "title": "Quán triệt", "assignee": "SD316", **extra},
            format="json",
        )
        assert response.status_code == 201, response.content
        assert response.json()["deadline"] is None
        assert response.json()["effective_status"] == TaskStatus.OPEN
    assert FollowUpTask.objects.filter(conclusion=conclusion, deadline__isnull=True).count() == 2


def test_the_conclusion_notice_gives_the_task_without_a_deadline(users, conference):
    """Given a task without a deadline, when the conclusion notice is drafted, then it says
    to whom the task is given and no date."""
    conclusion = _conclusion(users, conference)
    services.task_add(
        by=users["qk2.theodoi"],
        conclusion=conclusion,
        title="Quán triệt đến từng chi bộ",
        assignee=conference.host_unit,
    )
    from tongket.documents.services import current_version

    notice = services.meeting_render(
        by=users["qk2.theodoi"], meeting=conference, kind="conclusion_notice"
    )
    text = " ".join(block.get("text", "") for block in current_version(notice).content)
    assert f"(giao {conference.host_unit.name})" in text
