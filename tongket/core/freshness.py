"""The data generation: a number that moves once every write has committed.

Cached reads (`core.read_cache`) are keyed by it, so a figure cached before a write is never
served after it. It moves:

- when a service logs a change (`core.services.changelog_record`), leaves notifications, or
  announces rows written in bulk (`core.bulk_writes`);
- when any model row is saved or deleted through the ORM (`post_save`, `post_delete`), so a
  write that forgot to log still moves it; but for the rows in KEPT_IN_BULK, whose services
  move it themselves (a receiver of `post_delete` makes Django fetch every row a delete
  removes, to send it one by one, instead of one DELETE);
- after migrations.

It moves *after* the commit (`transaction.on_commit`), never before: a reader that read the
old number and then the new data caches newer data under an older number (harmless), and no
reader can cache old data under the new number. A write outside a transaction moves it at
once. Rolled-back writes do not move it. The row lives in the database, so every server
process and every machine sees the same number.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models import F

from tongket.core.models import DataGeneration

# Rows whose writes change nothing a cached read shows.
IGNORED = {
    "sessions.session",
    "migrations.migration",
    "core.datageneration",
    "core.job",
    "core.stagedupload",
}

# Rows derived from others and written in bulk by services that call `changed()` themselves
# (roll-ups and completeness counts): deleting a period's rows is one DELETE, not a fetch of
# every row to announce it.
KEPT_IN_BULK = {
    "reporting.rollup",
    "reporting.completeness",
}


def deletes_watched(model: Any) -> bool:
    """Whether deleting rows of `model` through the ORM moves the generation by itself."""
    label = model._meta.label_lower
    return label not in IGNORED and label not in KEPT_IN_BULK


def current(using: str = DEFAULT_DB_ALIAS) -> int:
    """The generation now (0 before the first write)."""
    value = DataGeneration.objects.using(using).filter(pk=1).values_list("value", flat=True)
    return next(iter(value), 0)


def _bump(using: str = DEFAULT_DB_ALIAS) -> None:
    if not DataGeneration.objects.using(using).filter(pk=1).update(value=F("value") + 1):
        DataGeneration.objects.using(using).get_or_create(pk=1, defaults={"value": 1})


def changed(using: str = DEFAULT_DB_ALIAS) -> None:
    """Note a write: the generation moves when the transaction commits (once per
    transaction however many rows it writes), at once outside a transaction."""
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        _bump(using)
        return
    bump = _bump_of(using)
    # Once per transaction. A registration made inside a savepoint is dropped when that
    # savepoint rolls back; a savepoint still open encloses every write made since, so a
    # registration still listed always outlives the writes that found it there.
    if any(func is bump for _sids, func, _robust in connection.run_on_commit):
        return
    transaction.on_commit(bump, using=using, robust=True)


_BUMPS: dict[str, Callable[[], None]] = {}


def _bump_of(using: str) -> Callable[[], None]:
    if using not in _BUMPS:

        def bump_generation() -> None:
            _bump(using)

        _BUMPS[using] = bump_generation
    return _BUMPS[using]


def on_model_write(sender: Any, using: str = DEFAULT_DB_ALIAS, **_: Any) -> None:
    """post_save / post_delete: any model row but those in IGNORED, and not the historical
    models of migrations (the generation's own table may not exist yet; `post_migrate`
    moves it once they have run)."""
    meta = getattr(sender, "_meta", None)
    if meta is None or meta.label_lower in IGNORED or sender.__module__ == "__fake__":
        return
    changed(using)


def on_rows_written(sender: Any, **_: Any) -> None:
    meta = getattr(sender, "_meta", None)
    if meta is None or meta.label_lower in IGNORED:
        return
    changed()


def on_migrate(**kwargs: Any) -> None:
    changed(kwargs.get("using", DEFAULT_DB_ALIAS))
