"""A task given to several units is changed after it was given: its task and deadline change
at once for every unit's task not yet done (the tasks done keep theirs, every unit keeps its
own note), checked against the version as read and logged, by the host's tracking officers
only, on the page and through the API."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tongket.core.errors import Conflict, DomainError, NotFound
from tongket.core.models import ChangeLog
from tongket.meetings import selectors, services
from tongket.meetings.choices import TaskStatus
from tongket.meetings.models import Meeting, TaskBatch
from tongket.org.models import Unit

pytestmark = pytest.mark.django_db
D = datetime.date
TITLE = "Sơ kết 5 năm thực hiện nghị quyết"
NEW_TITLE = "Sơ kết 5 năm thực hiện nghị quyết, gửi báo cáo về Cục Chính trị Quân khu"


@pytest.fixture
def conference(db) -> Meeting:  # type: ignore[no-untyped-def]
    return Meeting.objects.get(title__contains="623", format="hybrid")


@pytest.fixture
def batch(users, units, conference) -> TaskBatch:  # type: ignore[no-untyped-def]
    """Three units of Quân khu 2 given one task due 30/9/2022; Sư đoàn 316 has done its own."""
    officer = users["qk2.theodoi"]
    conclusion = services.conclusion_add(
        by=officer, meeting=conference, text="Các đơn vị sơ kết 5 năm."
    )
    batch = services.task_batch_add(
        by=officer,
        conclusion=conclusion,
        title=TITLE,
        units=[units["SD316"], units["SD355"], units["BCHQS-PT"]],
        deadline=D(2022, 9, 30),
    )
    done = batch.tasks.get(assignee__code="SD316")
    services.task_set_status(
        by=users["qk2.baocao"],
        task=done,
        status=TaskStatus.DONE,
        done_on=D(2022, 9, 1),
        note="Đã tổ chức sơ kết.",
    )
    services.task_set_status(
        by=users["qk2.baocao"],
        task=batch.tasks.get(assignee__code="SD355"),
        status=TaskStatus.IN_PROGRESS,
        note="Đang tổng hợp.",
    )
    return batch


def _tasks(batch: TaskBatch) -> dict[str, object]:
    return {task.assignee.code: task for task in batch.tasks.select_related("assignee")}


def test_the_task_and_deadline_change_for_the_tasks_not_yet_done(users, batch):
    """Given a batch with one unit's task done and one in progress, when the host changes
    its task and deadline, then the two not done take them (each keeping its note and
    status), the done one keeps what it was done against, and one row is logged."""
    saved = services.task_batch_update(
        by=users["qk2.theodoi"],
        batch=batch,
        version=batch.version,
        title=NEW_TITLE,
        deadline=D(2022, 10, 15),
        note="Theo Kế hoạch số 12/KH-ĐU",
    )
    assert saved.version == batch.version + 1
    assert (saved.title, saved.deadline, saved.note) == (
        NEW_TITLE,
        D(2022, 10, 15),
        "Theo Kế hoạch số 12/KH-ĐU",
    )
    tasks = _tasks(batch)
    for code in ("SD355", "BCHQS-PT"):
        assert tasks[code].title == NEW_TITLE and tasks[code].deadline == D(2022, 10, 15)
    assert tasks["SD355"].version == 3 and tasks["BCHQS-PT"].version == 2
    assert tasks["SD355"].note == "Đang tổng hợp."
    assert tasks["SD355"].status == TaskStatus.IN_PROGRESS
    assert tasks["SD316"].title == TITLE and tasks["SD316"].deadline == D(2022, 9, 30)
    row = ChangeLog.objects.get(action="task_batch_update")
    assert row.before["deadline"] == "2022-09-30" and row.after["deadline"] == "2022-10-15"
    assert sorted(row.after["tasks"]) == sorted([tasks["SD355"].pk, tasks["BCHQS-PT"].pk])


def test_the_deadline_may_become_not_yet_determined(users, batch):
    services.task_batch_update(by=users["qk2.theodoi"], batch=batch, deadline=None)
    tasks = _tasks(batch)
    assert tasks["SD355"].deadline is None and tasks["BCHQS-PT"].deadline is None
    assert tasks["SD355"].title == TITLE
    assert tasks["SD355"].effective_status(D(2099, 1, 1)) == TaskStatus.IN_PROGRESS


def test_a_stale_version_a_bad_change_and_other_users_are_refused(users, batch, conference):
    officer = users["qk2.theodoi"]
    services.task_batch_update(by=officer, batch=batch, version=1, title=NEW_TITLE)
    with pytest.raises(Conflict):
        services.task_batch_update(by=officer, batch=batch, version=1, title=TITLE)
    with pytest.raises(DomainError) as early:
        services.task_batch_update(by=officer, batch=batch, deadline=conference.date - D.resolution)
    assert early.value.field == "deadline"
    with pytest.raises(DomainError):
        services.task_batch_update(by=officer, batch=batch, title="  ")
    with pytest.raises(DomainError):
        services.task_batch_update(by=officer, batch=batch, root=Unit.objects.get(code="QK2"))
    # A unit's reporter reports on its own task; it does not change the batch.
    with pytest.raises(PermissionDenied):
        services.task_batch_update(by=users["qk2.baocao"], batch=batch, title=TITLE)
    # Another branch neither reads nor changes it.
    with pytest.raises((PermissionDenied, NotFound)):
        services.task_batch_update(by=users["daklak.theodoi"], batch=batch, title=TITLE)
    with pytest.raises(NotFound):
        selectors.task_batch_get(user=users["daklak.theodoi"], pk=batch.pk)
    assert _tasks(batch)["BCHQS-PT"].title == NEW_TITLE


def test_the_page_changes_the_batch(as_user, users, batch, conference):
    client = as_user(users["qk2.theodoi"])
    detail = client.get(reverse("ui:meeting_detail", args=[conference.pk])).content.decode()
    edit_url = reverse("ui:task_batch_edit", args=[batch.pk])
    assert 'data-testid="batch-edit"' in detail and edit_url in detail
    page = client.get(edit_url)
    assert page.status_code == 200 and 'data-testid="batch-form"' in page.content.decode()
    saved = client.post(
        edit_url,
        {"title": NEW_TITLE, "deadline": "15/10/2022", "note": "", "version": batch.version},
    )
    assert saved.status_code == 302, saved.content.decode()[:2000]
    assert _tasks(batch)["BCHQS-PT"].deadline == D(2022, 10, 15)
    # Posting the version read before that save is refused on the form, nothing changed.
    stale = client.post(
        edit_url, {"title": TITLE, "deadline": "", "note": "", "version": batch.version}
    )
    assert stale.status_code == 200 and 'data-testid="form-errors"' in stale.content.decode()
    assert _tasks(batch)["BCHQS-PT"].title == NEW_TITLE
    # The reporter of a unit may not open it; another branch does not find it.
    reporter = as_user(users["qk2.baocao"])
    assert reporter.get(edit_url).status_code == 403
    assert (
        'data-testid="batch-edit"'
        not in reporter.get(reverse("ui:meeting_detail", args=[conference.pk])).content.decode()
    )
    assert as_user(users["daklak.theodoi"]).get(edit_url).status_code == 404


def test_the_api_reads_and_changes_the_batch(users, batch):
    def api(username: str) -> APIClient:
        client = APIClient()
        token, _ = Token.objects.get_or_create(user=users[username])
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    url = f"/api/v1/task-batches/{batch.pk}/"
    client = api("qk2.theodoi")
    read = client.get(url)
    assert read.status_code == 200 and read.json()["version"] == batch.version
    changed = client.patch(url, {"version": batch.version, "deadline": None}, format="json")
    assert changed.status_code == 200, changed.content
    body = changed.json()
    assert body["deadline"] is None and body["version"] == batch.version + 1
    assert {t["deadline"] for t in body["tasks"] if t["status"] != "done"} == {None}
    stale = client.patch(url, {"version": batch.version, "title": TITLE}, format="json")
    assert stale.status_code == 409
    missing = client.patch(url, {"title": TITLE}, format="json")
    assert missing.status_code == 400
    assert (
        api("qk2.baocao")
        .patch(url, {"version": batch.version + 1, "title": TITLE}, format="json")
        .status_code
        == 403
    )
    assert api("daklak.theodoi").get(url).status_code == 404
    assert (
        api("daklak.theodoi")
        .patch(url, {"version": batch.version + 1, "title": TITLE}, format="json")
        .status_code
        == 404
    )
