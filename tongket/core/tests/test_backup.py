"""Backup and restore: an archive restored into an emptied database gives back every row of
every model (the change log included, to the microsecond) and every uploaded file, on SQLite
and PostgreSQL alike; a database that already holds data is left alone.

The round trips commit for real (transactional tests), and Django empties the database after
each of them; the module's `original` backup is restored afterwards, so the tests that run
later still find the demo organisation."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import override_settings

from tongket.core.backup import MANIFEST, backed_up_models
from tongket.core.models import ChangeLog, Notification
from tongket.core.scopes import SYSTEM
from tongket.org import services as org_services
from tongket.org.models import Unit, User
from tongket.reporting.models import DataValue

FILES = {
    "resolutions/2024/382-NQ-ĐUQSTW.pdf": b"%PDF-1.4 minh hoa\n" + bytes(range(256)),
    "reports/QK2/Báo cáo 6 tháng.docx": "Báo cáo sơ kết — Quân khu 2".encode(),
}


def rows_of_every_model() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every backed-up model: all concrete columns, ordered by primary key."""
    state = {}
    for model in backed_up_models():
        columns = [field.attname for field in model._meta.concrete_fields]
        rows = model._base_manager.order_by("pk").values_list(*columns)
        state[model._meta.label_lower] = [
            tuple(bytes(value) if isinstance(value, memoryview) else value for value in row)
            for row in rows
        ]
    return state


@pytest.fixture(scope="module")
def original(django_db_setup, django_db_blocker, tmp_path_factory):  # type: ignore[no-untyped-def]
    """A backup of the session's data, taken before this module's tests."""
    path = tmp_path_factory.mktemp("backup") / "original.zip"
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=path.parent / "media"):
        call_command("backup", str(path), verbosity=0)
    return path


@pytest.fixture(scope="module")
def restored_afterwards(original, django_db_blocker):  # type: ignore[no-untyped-def]
    """Puts the original data back once this module's transactional tests are done (after
    Django has emptied the database behind the last of them)."""
    yield original
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=original.parent / "media"):
        call_command("restore", str(original), force=True, verbosity=0)


@pytest.fixture
def demo_loaded(restored_afterwards, settings, tmp_path):  # type: ignore[no-untyped-def]
    """The original data in the database (a transactional test before this one has left it
    empty), and an empty media folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    if not Unit.objects.exists():
        call_command("restore", str(restored_afterwards), verbosity=0)
    assert Unit.objects.filter(code="QK2").exists()
    return restored_afterwards


@pytest.mark.django_db(transaction=True)
def test_a_backup_restored_into_an_emptied_database_gives_every_row_and_file_back(
    demo_loaded, tmp_path
):
    # Given the demo data, with uploaded files and a change log timed to the microsecond.
    storage = storages["default"]
    for name, content in FILES.items():
        assert storage.save(name, ContentFile(content)) == name
    assert any(time.microsecond for time in ChangeLog.objects.values_list("time", flat=True))
    before = rows_of_every_model()
    assert len(before["org.unit"]) > 50 and before["core.changelog"]

    # When it is backed up, the database and the files are wiped, and the backup restored.
    archive = tmp_path / "tongket.zip"
    call_command("backup", str(archive), verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(tmp_path / "media")
    assert not Unit.objects.exists() and not User.objects.exists()
    call_command("restore", str(archive), verbosity=0)

    # Then every model holds exactly the rows it held, and every file is back.
    after = rows_of_every_model()
    assert after.keys() == before.keys()
    for label in before:
        assert after[label] == before[label], label
    for name, content in FILES.items():
        with storage.open(name, "rb") as restored:
            assert restored.read() == content
    # New rows are numbered after the restored ones (sequences reset on PostgreSQL).
    latest = Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    added = Notification.objects.create(user=User.objects.get(username="admin"), title="Sau")
    assert added.pk > latest


@pytest.mark.django_db(transaction=True)
def test_force_replaces_what_the_database_holds_with_the_backup(demo_loaded):
    # Given a user created after the backup.
    before = rows_of_every_model()
    org_services.user_create(
        by=SYSTEM,
        username="sau.saoluu",
        password="x",
        unit=Unit.objects.get(code="QK2"),
        role="viewer",
        check_password=False,
    )

    # When the backup is restored with --force, then the database is as it was backed up.
    call_command("restore", str(demo_loaded), force=True, verbosity=0)
    assert not User.objects.filter(username="sau.saoluu").exists()
    assert rows_of_every_model() == before


@pytest.mark.django_db
def test_restore_refuses_a_database_that_holds_units_or_users(original):
    units = Unit.objects.count()
    with pytest.raises(CommandError, match="đã có đơn vị hoặc người dùng"):
        call_command("restore", str(original), verbosity=0)
    assert Unit.objects.count() == units


@pytest.mark.django_db
def test_restore_refuses_a_backup_made_at_other_migrations(original, tmp_path):
    changed = tmp_path / "other.zip"
    with zipfile.ZipFile(original) as source, zipfile.ZipFile(changed, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == MANIFEST:
                manifest = json.loads(data)
                manifest["migrations"].append("org.9999_from_the_future")
                data = json.dumps(manifest).encode()
            target.writestr(item, data)
    with pytest.raises(CommandError, match=r"org\.9999_from_the_future"):
        call_command("restore", str(changed), force=True, verbosity=0)
    assert Unit.objects.filter(code="QK2").exists()


def with_first_row_changed(original: Path, target: Path, member: str, field: str) -> None:
    """A copy of the backup whose first row in `member` names a row that does not exist in
    `field` (as a hand-edited or half-copied archive would)."""
    with zipfile.ZipFile(original) as source, zipfile.ZipFile(target, "w") as copy:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == member:
                lines = data.decode().splitlines()
                row = json.loads(lines[0])
                row["fields"][field] = 987654321
                lines[0] = json.dumps(row, ensure_ascii=False)
                data = ("\n".join(lines) + "\n").encode()
            copy.writestr(item, data)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("member", "field"),
    [
        # Keys the database does not declare (Django keeps them): checked by the restore.
        ("data/reporting.rollup.jsonl", "indicator"),
        ("data/reporting.datavalue.jsonl", "report"),
        # A key the database declares.
        ("data/reporting.report.jsonl", "form"),
    ],
)
def test_restore_refuses_rows_that_refer_to_rows_the_backup_lacks(
    original, tmp_path, member, field
):
    broken = tmp_path / "broken.zip"
    with_first_row_changed(original, broken, member, field)
    values = DataValue.objects.count()
    with pytest.raises(CommandError, match="tham chiếu tới một dòng mà bản sao lưu không có"):
        call_command("restore", str(broken), force=True, verbosity=0)
    assert Unit.objects.filter(code="QK2").exists()
    assert DataValue.objects.count() == values


@pytest.mark.django_db
def test_restore_refuses_what_is_not_a_backup(tmp_path):
    not_a_backup = tmp_path / "notes.zip"
    not_a_backup.write_bytes(b"PK not really")
    with pytest.raises(CommandError, match="không phải bản sao lưu của Tổng Kết"):
        call_command("restore", str(not_a_backup), force=True, verbosity=0)
    assert Unit.objects.exists()


@pytest.mark.django_db
def test_backup_never_overwrites_a_file(original):
    with pytest.raises(CommandError, match="đã có: vui lòng chọn tên tệp khác"):
        call_command("backup", str(original), verbosity=0)
    assert Path(original).stat().st_size > 0


def stored_rows(table: str) -> list[tuple[Any, ...]]:
    """The rows of a table as the database holds them (not as Django converts them): on
    SQLite a decimal is a binary float, and 1437.0787000000003 is not 1437.0787."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} ORDER BY id")  # noqa: S608 - fixed names
        return cursor.fetchall()


@pytest.mark.django_db(transaction=True)
def test_roll_up_sums_and_figures_are_stored_the_same_after_a_round_trip(demo_loaded, tmp_path):
    """Given the demo's roll-ups (sums of thousands of values), when the system is backed up
    and restored into an emptied database, then every roll-up, value and target row is
    stored exactly as before, float for float on SQLite (464 of 3,858 roll-up rows used to
    differ: sums such as 1437.0787000000003 came back as 1437.0787)."""
    tables = ("reporting_rollup", "reporting_datavalue", "resolutions_target")
    before = {table: stored_rows(table) for table in tables}
    assert len(before["reporting_rollup"]) > 1000
    archive = tmp_path / "tongket.zip"
    call_command("backup", str(archive), verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    call_command("restore", str(archive), verbosity=0)
    for table in tables:
        after = stored_rows(table)
        differing = [row for row, old in zip(after, before[table], strict=True) if row != old]
        assert not differing, (table, len(differing), differing[:3])
