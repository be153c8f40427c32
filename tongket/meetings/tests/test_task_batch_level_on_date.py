"""A task given to "every unit of a level under a unit" is expanded with the tree as it
stood on the batch's date (the conference's), not today's; re-expanding it later shows the
units that joined or left the level since, and gives the task to newcomers only once the
officer confirms them (page and API)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tongket.core.errors import DomainError
from tongket.core.scopes import SYSTEM
from tongket.meetings import selectors, services
from tongket.meetings.models import Meeting, TaskBatch
from tongket.org import services as org_services
from tongket.org.models import Unit

pytestmark = pytest.mark.django_db
D = datetime.date
# The demo's 2025 reform: Hà Giang, Yên Bái and Vĩnh Phúc merged into their neighbours.
MERGED = {"BCHQS-HG", "BCHQS-YB", "BCHQS-VP"}


@pytest.fixture
def conference(db) -> Meeting:  # type: ignore[no-untyped-def]
    """Quân khu 2's conference of 8/7/2022."""
    return Meeting.objects.get(title__contains="623", format="hybrid")


@pytest.fixture
def conclusion(users, conference):  # type: ignore[no-untyped-def]
    return services.conclusion_add(
        by=users["qk2.theodoi"], meeting=conference, text="Các đơn vị sơ kết 5 năm."
    )


def commands_batch(users, units, conclusion) -> TaskBatch:  # type: ignore[no-untyped-def]
    return services.task_batch_add(
        by=users["qk2.theodoi"],
        conclusion=conclusion,
        title="Sơ kết 5 năm",
        root=units["QK2"],
        depth=1,
        unit_kind="command",
        deadline=D(2022, 9, 30),
    )


def test_a_level_is_the_tree_of_the_meeting_day(users, units, conclusion, conference):
    """Given a regiment of Sư đoàn 316 moved to Quân khu 5 in 2023 and a district of Đắk Lắk
    moved under Sư đoàn 355 in 2023, when the 2022 conference gives a task to every unit two
    levels under Quân khu 2, then the regiment is in (it was there that day) and the district
    is not (it came later)."""
    admin = users["admin"]
    regiment = units["SD316-E98"]
    district = org_services.unit_create(
        by=admin,
        code="BCHQS-DL-X",
        name="Ban Chỉ huy Quân sự huyện Ea Kar",
        kind="command",
        parent=units["BCHQS-DL"],
        established_on=D(2020, 1, 1),
    )
    org_services.unit_move(
        by=admin, unit=regiment, new_parent=units["QK5"], effective_date=D(2023, 3, 1)
    )
    org_services.unit_move(
        by=admin, unit=district, new_parent=units["SD355"], effective_date=D(2023, 3, 1)
    )
    assert not Unit.objects.get(pk=regiment.pk).path.startswith(units["QK2"].path)
    batch = services.task_batch_add(
        by=users["qk2.theodoi"],
        conclusion=conclusion,
        title="Rà soát lực lượng",
        root=units["QK2"],
        depth=2,
    )
    codes = set(batch.tasks.values_list("assignee__code", flat=True))
    assert "SD316-E98" in codes and "BCHQS-DL-X" not in codes
    assert {"SD355-E52", "BCHQS-PT-H1", "BCHQS-HG-H1"} <= codes
    # The same level read for today: the regiment has left, the district has come, the
    # regional commands of 2025 are there.
    today = selectors.level_units_on(root=units["QK2"], depth=2, on=timezone.localdate())
    today_codes = {unit.code for unit in today}
    assert "SD316-E98" not in today_codes
    assert {"BCHQS-DL-X", "PTKV-PT-1"} <= today_codes
    assert "PTKV-PT-1" not in codes


def test_re_expanding_shows_who_joined_and_left_and_adds_only_on_confirmation(
    users, units, conclusion
):
    """Given every command under Quân khu 2 on 8/7/2022, and a new command set up under it
    since, when the host re-expands, then the new command is shown as joined and the three
    provincial commands merged in 2025 as left (their tasks kept); nothing is added until
    the host confirms; then the newcomer has its task, and a unit not among the newcomers
    is refused by name."""
    batch = commands_batch(users, units, conclusion)
    first = set(batch.tasks.values_list("assignee__code", flat=True))
    assert first >= MERGED
    newcomer = org_services.unit_create(
        by=users["admin"],
        code="BCHPT-QK2",
        name="Bộ Chỉ huy Phòng thủ vùng Tây Bắc",
        kind="command",
        parent=units["QK2"],
        established_on=D(2025, 7, 1),
    )
    changes = selectors.task_batch_level_changes(user=users["qk2.theodoi"], batch=batch)
    assert [unit.code for unit in changes.joined] == ["BCHPT-QK2"]
    assert {unit.code for unit, _task in changes.left} == MERGED
    assert all(task is not None for _unit, task in changes.left)
    assert set(batch.tasks.values_list("assignee__code", flat=True)) == first

    with pytest.raises(DomainError) as refused:
        services.task_batch_expand(
            by=users["qk2.theodoi"], batch=batch, units=[newcomer, units["SD316"]]
        )
    assert units["SD316"].name in refused.value.messages[0]
    added = services.task_batch_expand(
        by=users["qk2.theodoi"], batch=batch, units=[newcomer], version=batch.version
    )
    assert [task.assignee.code for task in added] == ["BCHPT-QK2"]
    assert added[0].deadline == D(2022, 9, 30) and added[0].title == batch.title
    again = selectors.task_batch_level_changes(user=users["qk2.theodoi"], batch=batch)
    assert again.joined == []
    with pytest.raises(DomainError):
        services.task_batch_expand(by=users["qk2.theodoi"], batch=batch, units=[newcomer])


def test_a_batch_of_listed_units_has_no_level_to_re_expand(users, units, conclusion):
    batch = services.task_batch_add(
        by=users["qk2.theodoi"],
        conclusion=conclusion,
        title="Phối hợp",
        units=[units["SD316"], units["SD355"]],
    )
    changes = selectors.task_batch_level_changes(user=users["qk2.theodoi"], batch=batch)
    assert not changes.is_level and changes.joined == [] and changes.left == []
    with pytest.raises(DomainError):
        services.task_batch_expand(by=users["qk2.theodoi"], batch=batch, units=[units["SD316"]])


def test_the_re_expand_page_confirms_before_adding(as_user, users, units, conclusion):
    batch = commands_batch(users, units, conclusion)
    newcomer = org_services.unit_create(
        by=SYSTEM,
        code="BCHPT-QK2",
        name="Bộ Chỉ huy Phòng thủ vùng Tây Bắc",
        kind="command",
        parent=units["QK2"],
        established_on=D(2025, 7, 1),
    )
    client = as_user(users["qk2.theodoi"])
    edit = client.get(reverse("ui:task_batch_edit", args=[batch.pk])).content.decode()
    url = reverse("ui:task_batch_expand", args=[batch.pk])
    assert 'data-testid="batch-reexpand"' in edit and url in edit
    before = batch.tasks.count()
    page = client.get(url)
    body = page.content.decode()
    assert page.status_code == 200
    assert 'data-testid="joined"' in body and newcomer.name in body
    assert 'data-testid="left"' in body and units["BCHQS-HG"].name in body
    assert batch.tasks.count() == before  # reading writes nothing
    confirmed = client.post(url, {"units": [newcomer.pk], "version": batch.version})
    assert confirmed.status_code == 302, confirmed.content.decode()[:2000]
    assert batch.tasks.filter(assignee=newcomer).exists()
    assert 'data-testid="none-joined"' in client.get(url).content.decode()
    # The reporter may not; another branch does not find it.
    assert as_user(users["qk2.baocao"]).get(url).status_code == 403
    assert as_user(users["daklak.theodoi"]).get(url).status_code == 404


def test_the_api_reads_the_changes_and_expands(users, units, conclusion):
    batch = commands_batch(users, units, conclusion)
    org_services.unit_create(
        by=SYSTEM,
        code="BCHPT-QK2",
        name="Bộ Chỉ huy Phòng thủ vùng Tây Bắc",
        kind="command",
        parent=units["QK2"],
        established_on=D(2025, 7, 1),
    )
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=users["qk2.theodoi"])
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    read = client.get(f"/api/v1/task-batches/{batch.pk}/level-changes/")
    assert read.status_code == 200, read.content
    body = read.json()
    assert [unit["code"] for unit in body["joined"]] == ["BCHPT-QK2"]
    assert {unit["code"] for unit in body["left"]} == MERGED
    assert body["since"] == "2022-07-08"
    url = f"/api/v1/task-batches/{batch.pk}/expand/"
    refused = client.post(url, {"version": batch.version, "units": ["SD316"]}, format="json")
    assert refused.status_code == 400
    done = client.post(url, {"version": batch.version, "units": ["BCHPT-QK2"]}, format="json")
    assert done.status_code == 200, done.content
    assert "BCHPT-QK2" in {task["assignee"] for task in done.json()["tasks"]}
