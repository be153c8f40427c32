"""Backup and restore of the whole system in one archive file (`tongket backup`,
`tongket restore`).

The archive is a zip file:

    manifest.json                       format and version, when and from which database it
                                        was made, the applied migrations, every model with its
                                        row count and file, every media file with its size
    data/<app_label>.<model>.jsonl      every row of the model ordered by primary key, in
                                        Django's JSON Lines serialization
    media/<name>                        every file of the default storage (attachments,
                                        dossiers, job results)

Rows keep their primary keys, content types and permissions included: the change log points at
objects by (content type id, object id), so a restore that renumbered anything would detach
the history from its objects. Many-to-many rows are written from their through models, with
their own ids, so that nothing is renumbered there either. Date-times keep their microseconds
(Django's own JSON encoder cuts them to milliseconds).

A backup reads one consistent snapshot of the database (REPEATABLE READ on PostgreSQL, a read
transaction on SQLite that does not hold writers back) and copies the files afterwards, so
every file a backed-up row points at is in the archive.

A restore goes into a database migrated to the same migrations as the one backed up. It checks
the whole archive before it erases anything, then in one transaction empties every table
(including what `migrate` seeded), inserts the rows as they were (no `save()`, no signals, no
`auto_now`; each model after those its keys name), checks the foreign keys, resets the PostgreSQL sequences past the restored ids,
and finally writes the files back. It writes no change-log row: the change log it restores is
the record, unaltered.

Only operators call these, through the two management commands.
"""

from __future__ import annotations

import contextlib
import datetime
import io
import json
import os
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path, PurePosixPath
from typing import Any

import django
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.files import File
from django.core.files.storage import Storage, storages
from django.core.management.color import no_style
from django.core.management.sql import sql_flush
from django.core.serializers import jsonl
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connections, models, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

from tongket.core.undeclared_keys import first_broken_key, load_order, refused_key

FORMAT = "tongket-backup"
VERSION = 1
MANIFEST = "manifest.json"
INSERT_BATCH = 1000

Progress = Callable[[str], None]


class BackupError(Exception):
    """The archive cannot be written or restored; the message says why and what to do."""


@dataclass(frozen=True)
class BackupSummary:
    rows: int
    models: int
    files: int
    file_bytes: int


class _Encoder(DjangoJSONEncoder):
    """DjangoJSONEncoder without the cut to milliseconds: a restore must give back the exact
    time of every change-log row and every timestamp."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class _Serializer(jsonl.Serializer):
    """One JSON object per row, primary key kept. Many-to-many links are left out here: they
    are written from their through models, with the ids of their rows."""

    def handle_m2m_field(self, obj: models.Model, field: Any) -> None:
        return None


def backed_up_models(using: str = DEFAULT_DB_ALIAS) -> list[type[models.Model]]:
    """Every model whose rows live in the database, in Django's serialization order (natural
    key dependencies first), each followed by the automatic through models of its
    many-to-many fields."""

    def kept(model: type[models.Model]) -> bool:
        # Not the router's allow_migrate: a read replica holds every table of the primary
        # without being migrated itself, and a backup may be read from it.
        meta = model._meta
        return (
            meta.managed
            and not meta.proxy
            and not meta.swapped
            and meta.can_migrate(connections[using])
        )

    app_list = [(config, None) for config in apps.get_app_configs() if config.models_module]
    result: list[type[models.Model]] = []
    for model in serializers.sort_dependencies(app_list, allow_cycles=True):
        if kept(model):
            result.append(model)
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            if through._meta.auto_created and kept(through) and through not in result:
                result.append(through)
    return result


def _applied_migrations(connection: BaseDatabaseWrapper) -> list[str]:
    recorder = MigrationRecorder(connection)
    if not recorder.has_table():
        return []
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def _data_member(model: type[models.Model]) -> str:
    return f"data/{model._meta.label_lower}.jsonl"


def _new_member(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=time.localtime()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def _media_names(storage: Storage, folder: str = "") -> Iterator[str]:
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for name in sorted(folders):
        yield from _media_names(storage, f"{folder}/{name}" if folder else name)


def _safe_media_name(name: str) -> str:
    path = PurePosixPath(name)
    if not name or path.is_absolute() or ".." in path.parts or "\\" in name:
        raise BackupError(
            _("The archive holds a file with an unsafe name: %(name)s") % {"name": name}
        )
    return name


@contextlib.contextmanager
def _snapshot(connection: BaseDatabaseWrapper) -> Iterator[None]:
    """One consistent view of the whole database for the time of the backup."""
    if connection.in_atomic_block:
        # Called inside a transaction: that transaction's view is the snapshot.
        with transaction.atomic(using=connection.alias):
            yield
        return
    if connection.vendor == "sqlite":
        # The settings start transactions with BEGIN IMMEDIATE, which would hold every writer
        # back for the whole backup. A plain BEGIN is a read transaction: in WAL mode it sees
        # the database as of its first read and lets writers go on.
        connection.ensure_connection()
        mode = getattr(connection, "transaction_mode", None)
        connection.transaction_mode = None  # type: ignore[attr-defined]
        try:
            with transaction.atomic(using=connection.alias):
                yield
        finally:
            connection.transaction_mode = mode  # type: ignore[attr-defined]
        return
    with transaction.atomic(using=connection.alias):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def _counted(rows: Iterable[models.Model], counter: list[int]) -> Iterator[models.Model]:
    for row in rows:
        counter[0] += 1
        yield row


def _tongket_version() -> str:
    try:
        return metadata.version("tongket")
    except metadata.PackageNotFoundError:
        return ""


def backup_write(
    *, path: Path, using: str = DEFAULT_DB_ALIAS, progress: Progress | None = None
) -> BackupSummary:
    """Write the whole database and every media file into a new archive at `path`.

    The archive appears only when it is complete (written beside it, then renamed) and is
    readable by its owner only: it holds password hashes and API tokens."""
    path = Path(path)
    if path.exists():
        raise BackupError(_("%(path)s already exists: choose another file name.") % {"path": path})
    if not path.parent.is_dir():
        raise BackupError(_("The folder %(path)s does not exist.") % {"path": path.parent})
    connection = connections[using]
    storage = storages["default"]
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    os.close(handle)
    os.chmod(temporary, 0o600)
    try:
        with zipfile.ZipFile(
            temporary, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6, allowZip64=True
        ) as archive:
            manifest: dict[str, Any] = {
                "format": FORMAT,
                "version": VERSION,
                "created_at": timezone.now().isoformat(),
                "tongket": _tongket_version(),
                "django": django.get_version(),
                "database": connection.vendor,
                "models": [],
                "media": [],
            }
            with _snapshot(connection):
                manifest["migrations"] = _applied_migrations(connection)
                for model in backed_up_models(using):
                    member = _data_member(model)
                    counter = [0]
                    rows = model._base_manager.using(using).order_by("pk").iterator(2000)
                    with (
                        archive.open(_new_member(member), "w", force_zip64=True) as raw,
                        io.TextIOWrapper(raw, encoding="utf-8", newline="\n") as text,
                    ):
                        _Serializer().serialize(_counted(rows, counter), stream=text, cls=_Encoder)
                    manifest["models"].append(
                        {"label": model._meta.label_lower, "file": member, "rows": counter[0]}
                    )
                    if progress and counter[0]:
                        progress(f"{model._meta.label_lower}: {counter[0]}")
            # After the snapshot: every file its rows point at was saved before them.
            for name in _media_names(storage):
                with (
                    storage.open(name, "rb") as source,
                    archive.open(_new_member(f"media/{name}"), "w", force_zip64=True) as target,
                ):
                    size = 0
                    while chunk := source.read(1024 * 1024):
                        target.write(chunk)
                        size += len(chunk)
                manifest["media"].append({"name": name, "size": size})
            archive.writestr(
                _new_member(MANIFEST), json.dumps(manifest, ensure_ascii=False, indent=1)
            )
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    return BackupSummary(
        rows=sum(entry["rows"] for entry in manifest["models"]),
        models=len(manifest["models"]),
        files=len(manifest["media"]),
        file_bytes=sum(entry["size"] for entry in manifest["media"]),
    )


def backup_read_manifest(archive: zipfile.ZipFile) -> dict[str, Any]:
    """The manifest of an archive, refused when the file is not a Tổng Kết backup this version
    can read."""
    try:
        manifest = json.loads(archive.read(MANIFEST))
    except (KeyError, ValueError) as error:
        raise BackupError(_("This file is not a Tổng Kết backup.")) from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(_("This file is not a Tổng Kết backup."))
    if manifest.get("version") != VERSION:
        raise BackupError(
            _("This backup has format version %(found)s; this version of Tổng Kết reads %(ours)s.")
            % {"found": manifest.get("version"), "ours": VERSION}
        )
    return manifest


def _check_migrations(connection: BaseDatabaseWrapper, manifest: dict[str, Any]) -> None:
    applied = set(_applied_migrations(connection))
    if not applied:
        raise BackupError(_("The database has no tables yet: run `tongket migrate`, then restore."))
    wanted = set(manifest.get("migrations", []))
    missing = sorted(wanted - applied)
    newer = sorted(applied - wanted)
    if missing:
        raise BackupError(
            _(
                "The database lacks migrations the backup was made with (%(names)s): run "
                "`tongket migrate` with the version of Tổng Kết that made the backup, then restore."
            )
            % {"names": ", ".join(missing[:5]) + (" …" if len(missing) > 5 else "")}
        )
    if newer:
        raise BackupError(
            _(
                "The backup was made before migrations this database has (%(names)s): restore it "
                "with the version of Tổng Kết that made it, then upgrade with `tongket migrate`."
            )
            % {"names": ", ".join(newer[:5]) + (" …" if len(newer) > 5 else "")}
        )


def _holds_data(using: str) -> bool:
    unit_model = apps.get_model("org", "Unit")
    return (
        unit_model._base_manager.using(using).exists()
        or get_user_model()._base_manager.using(using).exists()
    )


def _insert_raw(model: type[models.Model], rows: list[models.Model], using: str) -> None:
    """Insert the rows exactly as given, as `Model.save_base(raw=True)` would but in batches:
    no `save()`, no signals, `auto_now` fields keep their stored value."""
    fields = list(model._meta.local_concrete_fields)
    connection = connections[using]
    size = max(1, min(len(rows), connection.ops.bulk_batch_size(fields, rows)))
    for start in range(0, len(rows), size):
        model._base_manager.using(using)._insert(
            rows[start : start + size], fields=fields, using=using, raw=True
        )


def _load_model(
    archive: zipfile.ZipFile, entry: dict[str, Any], using: str
) -> tuple[type[models.Model], int]:
    try:
        model = apps.get_model(entry["label"])
    except (LookupError, ValueError) as error:
        raise BackupError(
            _("The backup holds rows of %(model)s, which this version of Tổng Kết does not know.")
            % {"model": entry["label"]}
        ) from error
    count = 0
    with (
        archive.open(entry["file"]) as raw,
        io.TextIOWrapper(raw, encoding="utf-8", newline="\n") as text,
    ):
        batch: list[models.Model] = []
        for item in jsonl.Deserializer(text, using=using):
            if type(item.object) is not model:
                raise BackupError(
                    _("The file %(file)s of the backup holds rows of another model.")
                    % {"file": entry["file"]}
                )
            batch.append(item.object)
            if len(batch) >= INSERT_BATCH:
                _insert_raw(model, batch, using)
                count += len(batch)
                batch = []
        if batch:
            _insert_raw(model, batch, using)
            count += len(batch)
    if count != entry["rows"]:
        raise BackupError(
            _("The backup lists %(expected)s rows of %(model)s but holds %(found)s.")
            % {"expected": entry["rows"], "model": entry["label"], "found": count}
        )
    return model, count


def backup_restore(
    *,
    path: Path,
    using: str = DEFAULT_DB_ALIAS,
    force: bool = False,
    progress: Progress | None = None,
) -> BackupSummary:
    """Load an archive made by `backup_write` into this database and storage.

    Refused when the database already holds units or users, unless `force`: then everything
    in it is erased first. Nothing is erased before the archive has been read through and
    checked; the database part is one transaction."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(_("There is no file %(path)s.") % {"path": path})
    connection = connections[using]
    storage = storages["default"]
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as error:
        raise BackupError(_("This file is not a Tổng Kết backup.")) from error
    with archive:
        manifest = backup_read_manifest(archive)
        _check_migrations(connection, manifest)
        if not force and _holds_data(using):
            raise BackupError(
                _(
                    "The database already holds units or users. Restore into an empty "
                    "database (created with `tongket migrate`), or add --force to erase "
                    "everything in this one first."
                )
            )
        names = set(archive.namelist())
        media = manifest.get("media", [])
        for entry in manifest["models"]:
            if entry["file"] not in names:
                raise BackupError(
                    _("The backup is incomplete: %(file)s is missing.") % {"file": entry["file"]}
                )
        for entry in media:
            _safe_media_name(entry["name"])
            if f"media/{entry['name']}" not in names:
                raise BackupError(
                    _("The backup is incomplete: %(file)s is missing.")
                    % {"file": f"media/{entry['name']}"}
                )
        try:
            damaged = archive.testzip()
        except (zipfile.BadZipFile, OSError, EOFError) as error:
            raise BackupError(
                _("The backup file is damaged: %(error)s") % {"error": error}
            ) from error
        if damaged:
            raise BackupError(_("The backup file is damaged: %(error)s") % {"error": damaged})

        rows = 0
        loaded: list[type[models.Model]] = []
        with transaction.atomic(using=using):
            connection.ops.execute_sql_flush(
                sql_flush(no_style(), connection, reset_sequences=True, allow_cascade=False)
            )
            entries = {entry["label"]: entry for entry in manifest["models"]}
            for label in load_order(list(entries)):
                try:
                    model, count = _load_model(archive, entries[label], using)
                except IntegrityError as error:
                    raise BackupError(refused_key(error)) from error
                loaded.append(model)
                rows += count
                if progress and count:
                    progress(f"{label}: {count}")
            try:
                connection.check_constraints(table_names=[model._meta.db_table for model in loaded])
            except IntegrityError as error:
                raise BackupError(refused_key(error)) from error
            broken = first_broken_key(connection, loaded)
            if broken is not None:
                raise BackupError(
                    _(
                        "The backup holds rows of %(model)s whose keys refer to a row it "
                        "does not hold: %(field)s = %(value)s."
                    )
                    % {
                        "model": broken.model._meta.label,
                        "field": broken.field,
                        "value": broken.value,
                    }
                )
            statements = connection.ops.sequence_reset_sql(no_style(), loaded)
            if statements:
                with connection.cursor() as cursor:
                    for statement in statements:
                        cursor.execute(statement)
        ContentType.objects.clear_cache()

        file_bytes = 0
        for entry in media:
            name = entry["name"]
            if storage.exists(name):
                storage.delete(name)
            with archive.open(f"media/{name}") as source:
                content = File(source, name=PurePosixPath(name).name)
                content.size = entry["size"]
                saved = storage.save(name, content)
            if saved != name:
                raise BackupError(
                    _("The file %(name)s could not be restored under its own name.")
                    % {"name": name}
                )
            file_bytes += entry["size"]
    return BackupSummary(rows=rows, models=len(loaded), files=len(media), file_bytes=file_bytes)
