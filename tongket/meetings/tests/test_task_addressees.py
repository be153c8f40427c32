"""A conclusion's task given to a body, to several units at once, or to every unit of a
level under a unit: expanded into one task per unit that each unit reports on, followed by
the host as one ("3 of 12 done") on the conference page, the due page and the API."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tongket.core.errors import DomainError
from tongket.core.models import ChangeLog
from tongket.meetings import selectors, services
from tongket.meetings.choices import AddressKind, TaskStatus
from tongket.meetings.models import Meeting
from tongket.org import services as org_services
from tongket.org.choices import GroupKind
from tongket.org.models import Unit

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def conference(db) -> Meeting:  # type: ignore[no-untyped-def]
    return Meeting.objects.get(title__contains="623", format="hybrid")


@pytest.fixture
def conclusion(users, conference):  # type: ignore[no-untyped-def]
    return services.conclusion_add(
        by=users["qk2.theodoi"], meeting=conference, text="Các đơn vị sơ kết 5 năm."
    )


def qk2_commands_on(day: datetime.date) -> list[Unit]:
    root = Unit.objects.get(code="QK2")
    return [
        unit
        for unit in Unit.objects.filter(
            path__startswith=root.path, depth=root.depth + 1, kind="command"
        )
        if unit.exists_on(day)
    ]


def test_all_commands_under_quan_khu_2_become_one_task_each(users, conclusion, conference):
    """Given the conference of Quân khu 2, when a task is given to every command one level
    under it, then each division and provincial command (no agency, no Party committee) has
    its own task, the batch reads "0 of N done", a unit's report moves it to 1 of N, and
    one change-log row records the batch."""
    officer = users["qk2.theodoi"]
    batch = services.task_batch_add(
        by=officer,
        conclusion=conclusion,
        title="Sơ kết 5 năm thực hiện nghị quyết",
        root=Unit.objects.get(code="QK2"),
        depth=1,
        unit_kind="command",
        deadline=D(2022, 9, 30),
    )
    expected = {unit.code for unit in qk2_commands_on(conference.date)}
    assert {"SD316", "SD355", "BCHQS-PT"} <= expected
    assert "CHC-QK2" not in expected and "DU-QK2" not in expected
    tasks = list(batch.tasks.select_related("assignee"))
    assert {task.assignee.code for task in tasks} == expected
    assert batch.address == AddressKind.LEVEL
    assert all(t.deadline == D(2022, 9, 30) and t.title == batch.title for t in tasks)
    assert ChangeLog.objects.filter(action="task_batch_add").count() == 1

    sd316 = next(task for task in tasks if task.assignee.code == "SD316")
    services.task_set_status(
        by=users["qk2.baocao"], task=sd316, status=TaskStatus.DONE, done_on=D(2022, 9, 1)
    )
    single, progress = selectors.tasks_by_batch(
        list(conclusion.tasks.select_related("batch")), today=D(2022, 10, 1)
    )
    assert single == [] and len(progress) == 1
    assert (progress[0].done, progress[0].total) == (1, len(expected))
    assert progress[0].overdue == len(expected) - 1

    followed = selectors.batches_followed(user=officer)
    assert [p.batch for p in followed] == [batch] and followed[0].done == 1
    # Followed by the host's tracking officers, not by the units' reporters.
    assert selectors.batches_followed(user=users["qk2.baocao"]) == []


def test_several_units_listed(users, units, conclusion):
    """Given two units of different branches listed, when the task is given, then each
    has its task; a unit listed twice counts once; one unit alone or none is refused."""
    batch = services.task_batch_add(
        by=users["qk2.theodoi"],
        conclusion=conclusion,
        title="Phối hợp tổng kết",
        units=[units["SD316"], units["BCHQS-DL"], units["SD316"]],
    )
    assert sorted(batch.tasks.values_list("assignee__code", flat=True)) == ["BCHQS-DL", "SD316"]
    assert batch.deadline is None
    for listed in ([units["SD316"]], []):
        with pytest.raises(DomainError):
            services.task_batch_add(
                by=users["qk2.theodoi"], conclusion=conclusion, title="X", units=listed
            )
    with pytest.raises(DomainError):
        services.task_batch_add(
            by=users["qk2.theodoi"],
            conclusion=conclusion,
            title="X",
            units=[units["SD316"], units["SD355"]],
            root=units["QK2"],
            depth=1,
        )
    with pytest.raises(PermissionDenied):
        services.task_batch_add(
            by=users["qk2.baocao"],
            conclusion=conclusion,
            title="X",
            units=[units["SD316"], units["SD355"]],
        )


def test_a_level_keeps_only_the_units_of_the_day_of_the_meeting(users, units, conclusion):
    """Given district commands dissolved in 2025, when a 2022 conference gives a task to
    every unit two levels under Quân khu 2, then the districts of the day are included;
    the same level under a unit with nothing there is refused."""
    batch = services.task_batch_add(
        by=users["qk2.theodoi"],
        conclusion=conclusion,
        title="Rà soát lực lượng",
        root=units["QK2"],
        depth=2,
    )
    codes = set(batch.tasks.values_list("assignee__code", flat=True))
    assert "BCHQS-PT-H1" in codes and "SD316-E98" in codes
    with pytest.raises(DomainError):
        services.task_batch_add(
            by=users["qk2.theodoi"],
            conclusion=conclusion,
            title="X",
            root=units["SD316-E98"],
            depth=1,
        )


def test_a_task_given_to_a_body(users, units, conclusion):
    """Given a drafting team of Quân khu 2 with no named member, when a task is given to
    it, then Quân khu 2's people report on it; a body of another branch is refused."""
    team = org_services.body_group_create(
        by=users["qk2.theodoi"],
        unit=units["QK2"],
        kind=GroupKind.DRAFTING_TEAM,
        name="Tổ Biên tập",
    )
    task = services.task_add(
        by=users["qk2.theodoi"], conclusion=conclusion, title="Hoàn thiện dự thảo", group=team
    )
    assert task.assignee == units["QK2"] and task.assignee_group == team
    assert task in selectors.task_list(user=users["qk2.baocao"])
    services.task_set_status(by=users["qk2.baocao"], task=task, status=TaskStatus.IN_PROGRESS)
    other = org_services.body_group_create(
        by=users["daklak.theodoi"],
        unit=units["DUQS-DL"],
        kind=GroupKind.DRAFTING_TEAM,
        name="Tổ Biên tập Đắk Lắk",
    )
    with pytest.raises(DomainError):
        services.task_add(by=users["qk2.theodoi"], conclusion=conclusion, title="X", group=other)


def test_the_pages_give_and_follow_a_batch(as_user, users, conclusion, conference):
    """Given the conference page, when the officer gives a task to all commands under
    QK2, then the page shows one line "0 of N done" with the units under it, and the due
    page lists it with its progress."""
    client = as_user(users["qk2.theodoi"])
    prefix = f"k{conclusion.pk}"
    response = client.post(
        reverse("ui:conclusion_task_add", args=[conclusion.pk]),
        {
            f"{prefix}-title": "Sơ kết 5 năm",
            f"{prefix}-root": "QK2",
            f"{prefix}-depth": "1",
            f"{prefix}-unit_kind": "command",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    total = len(qk2_commands_on(conference.date))
    page = client.get(reverse("ui:meeting_detail", args=[conference.pk])).content.decode()
    assert page.count('data-testid="batch"') == 1
    assert f'data-testid="batch-progress" data-done="0" data-total="{total}"' in page
    due = client.get(reverse("ui:report_due")).content.decode()
    assert 'data-testid="due-batch"' in due and "Sơ kết 5 năm" in due
    assert f'data-done="0" data-total="{total}"' in due

    # Two ways at once is refused on the form.
    response = client.post(
        reverse("ui:conclusion_task_add", args=[conclusion.pk]),
        {f"{prefix}-title": "X", f"{prefix}-root": "QK2", f"{prefix}-assignee": "SD316"},
    )
    assert response.status_code == 200 and "alert-danger" in response.content.decode()


def test_the_api_gives_a_batch_and_a_task_to_a_body(users, units, conclusion, conference):
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=users["qk2.theodoi"])
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = client.post(
        "/api/v1/follow-up-tasks/batches/",
        {"conclusion": conclusion.pk, "title": "Báo cáo", "units": ["SD316", "SD355"]},
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["done"], body["total"]) == (0, 2) and body["address"] == "units"
    listed = client.get("/api/v1/follow-up-tasks/", {"batch": body["id"]}).json()
    assert {t["assignee"] for t in listed["results"]} == {"SD316", "SD355"}
    assert (
        client.post(
            "/api/v1/follow-up-tasks/batches/",
            {"conclusion": conclusion.pk, "title": "X", "units": ["SD316"]},
            format="json",
        ).status_code
        == 400
    )

    team = org_services.body_group_create(
        by=users["qk2.theodoi"], unit=units["QK2"], kind=GroupKind.DRAFTING_TEAM, name="Tổ BT"
    )
    response = client.post(
        "/api/v1/follow-up-tasks/",
        {"conclusion": conclusion.pk, "title": "Dự thảo", "group": team.pk},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["assignee_group"] == team.pk
    detail = client.get(f"/api/v1/meetings/{conference.pk}/conclusions/").json()
    mine = next(c for c in detail if c["id"] == conclusion.pk)
    assert len(mine["batches"]) == 1 and mine["batches"][0]["total"] == 2
