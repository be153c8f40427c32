"""Keeping the index in step with the records, from the outside.

The apps write their records through their services and know nothing of the index: a
post_save or post_delete of an indexed model (or of a model whose rows are part of an entry,
such as a resolution's items or a document's drafts; for a delete, read at pre_delete, while
the rows that follow it still point at it) notes the entry as stale, and the
entries noted are refreshed once when the transaction commits (a change rolled back is never
indexed; a record saved ten times in one service is indexed once). A new uploaded file starts
the job that reads its text.

Writes that send no post_save (`update()`, `bulk_create`, `bulk_update`) are told by the
services that make them through `tongket.core.bulk_writes.rows_written`, and noted the same
way. Units are not indexed, but entries copy their names (in titles) and paths: a unit saved
with a new name, or moved with its subtree, notes its entries (paths are copied in one
UPDATE per batch of units). More rows noted than `INLINE_LIMIT` are refreshed by a background
job (`search.refresh`), not while the request that wrote them waits. Signals only note what
changed: the work is in `tongket.search.services`.
"""

from __future__ import annotations

import logging
from typing import Any

from django.apps import apps
from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save, pre_delete

from tongket.core.bulk_writes import rows_written
from tongket.search.sources import SOURCES, UNIT_FOLLOWERS

log = logging.getLogger(__name__)
_PENDING_ATTR = "_tongket_search_pending"
# Not a source: the units whose path is to be copied into their entries.
UNIT_PATHS = "org.unit:path"
# Unit fields copied into entries (names into titles, the path for the unit filter).
UNIT_NAME_FIELDS = frozenset({"name", "abbreviation", "code"})
UNIT_PATH_FIELDS = frozenset({"path", "parent"})
# More records than this to refresh after one commit: a background job does it.
INLINE_LIMIT = 1000


def _pending() -> dict[str, set[int]]:
    pending = getattr(connection, _PENDING_ATTR, None)
    if pending is None:
        pending = {}
        setattr(connection, _PENDING_ATTR, pending)
    return pending


def note(source: str, pks: Any) -> None:
    """Note rows of `source` whose entries are to be refreshed after the commit."""
    pks = [pk for pk in pks if pk]
    if not pks:
        return
    _pending().setdefault(source, set()).update(pks)
    # One callback per note: a callback registered in a savepoint that is rolled back is
    # dropped, so each note brings its own; the first to run takes everything noted.
    transaction.on_commit(flush)


def flush() -> None:
    """Refresh every entry noted (called after the commit)."""
    pending = _pending()
    if not pending:
        return
    taken = {source: set(pks) for source, pks in pending.items()}
    pending.clear()
    units = taken.pop(UNIT_PATHS, set())
    if units:
        try:
            from tongket.search.services import entries_unit_paths_refresh

            entries_unit_paths_refresh(unit_ids=units)
        except Exception:  # the index must never break the write that was committed
            log.exception("search index: unit paths not refreshed")
    if sum(len(pks) for pks in taken.values()) > INLINE_LIMIT:
        try:
            from tongket.search.jobs import refresh_start

            refresh_start(rows=taken)
        except Exception:
            log.exception("search index: refresh job not started")
        return
    for source, pks in taken.items():
        try:
            _refresh(source, pks)
        except Exception:  # the index must never break the write that was committed
            log.exception("search index refresh failed for %s", source)


def _refresh(source: str, pks: set[int]) -> None:
    """Refresh the entries. A resolution whose mark changed changes the mark of everything
    derived from it (reports, campaigns, documents, meetings…): the whole index is then
    refreshed in a background job. Until it has run the search still hides what a user may
    not read: the rule is applied to the records themselves at query time."""
    from tongket.search import jobs, services
    from tongket.search.models import SearchEntry

    def marks() -> dict[int, str]:
        return dict(
            SearchEntry.objects.filter(source=source, object_id__in=pks).values_list(
                "object_id", "classification"
            )
        )

    watched = source == "resolutions.resolution"
    before = marks() if watched else {}
    services.entries_refresh(source=source, pks=pks)
    if before:
        after = marks()
        if any(after.get(pk, mark) != mark for pk, mark in before.items()):
            jobs.reindex_start()


def _on_save(sender: Any, instance: Any, created: bool = False, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    label = sender._meta.label_lower
    source = SOURCES.get(label)
    if source is not None:
        note(label, [instance.pk])
        if source.is_file and created:
            from tongket.search.jobs import file_read_start

            file_read_start(source=label, instance=instance)
    for target, follows in _FOLLOWERS.get(label, []):
        note(target, follows(instance))


def _on_pre_delete(sender: Any, instance: Any, **kwargs: Any) -> None:
    """The rows following a row about to be deleted, read while they still point at it: a
    foreign key that is set to NULL by the delete (an indicator's objective) is emptied with
    an UPDATE that sends no post_save, and once it is done the rows no longer name the row
    they followed. Their entries, which copied something of it (the objective's number and
    title), are refreshed after the commit."""
    label = sender._meta.label_lower
    for target, follows in _FOLLOWERS.get(label, []):
        if target == label:
            continue
        try:
            note(target, follows(instance))
        except Exception:  # read what can be read; the delete must never fail for the index
            log.debug("no follow-up for a deleted %s", label)


def _on_delete(sender: Any, instance: Any, **kwargs: Any) -> None:
    label = sender._meta.label_lower
    if label in SOURCES:
        note(label, [instance.pk])


def units_changed(pks: list[int], fields: frozenset[str] | None) -> None:
    """Note the entries copying something of these units: their names (the entries of
    the unit, and those naming it otherwise, such as a nomination's file) or their path."""
    from tongket.search.models import SearchEntry

    if fields is None or fields & UNIT_PATH_FIELDS:
        note(UNIT_PATHS, pks)
    if fields is None or fields & UNIT_NAME_FIELDS:
        for start in range(0, len(pks), 500):
            batch = pks[start : start + 500]
            noted: dict[str, list[int]] = {}
            for source, object_id in SearchEntry.objects.filter(unit_id__in=batch).values_list(
                "source", "object_id"
            ):
                noted.setdefault(source, []).append(object_id)
            for source, follows in UNIT_FOLLOWERS:
                noted.setdefault(source, []).extend(follows(batch))
            for source, object_ids in noted.items():
                note(source, object_ids)


def _on_unit_save(sender: Any, instance: Any, created: bool = False, **kwargs: Any) -> None:
    if kwargs.get("raw") or created:
        return  # a new unit has no entries yet
    update_fields = kwargs.get("update_fields")
    units_changed([instance.pk], frozenset(update_fields) if update_fields else None)


def _on_rows_written(
    sender: Any, pks: list[Any], fields: frozenset[str] | None = None, **kwargs: Any
) -> None:
    """Rows written without save() (`tongket.core.bulk_writes`): noted as a save would be,
    reading the rows once per batch for the sources that follow them."""
    label = sender._meta.label_lower
    if label == "org.unit":
        units_changed(list(pks), fields)
        return
    if label in SOURCES:
        note(label, pks)
    followers = _FOLLOWERS.get(label, [])
    if not followers:
        return
    keys = list(pks)
    for start in range(0, len(keys), 500):
        for row in sender._default_manager.filter(pk__in=keys[start : start + 500]):
            for target, follows in followers:
                note(target, follows(row))


# model label → [(source label, row → primary keys of the source)]
_FOLLOWERS: dict[str, list[tuple[str, Any]]] = {}


def connect() -> None:
    for label, source in SOURCES.items():
        for followed, follows in source.follows:
            _FOLLOWERS.setdefault(followed, []).append((label, follows))
    for label in set(SOURCES) | set(_FOLLOWERS):
        model = apps.get_model(label)
        post_save.connect(_on_save, sender=model, dispatch_uid=f"search-save-{label}")
        post_delete.connect(_on_delete, sender=model, dispatch_uid=f"search-delete-{label}")
        if label in _FOLLOWERS:
            pre_delete.connect(
                _on_pre_delete, sender=model, dispatch_uid=f"search-pre-delete-{label}"
            )
    post_save.connect(
        _on_unit_save, sender=apps.get_model("org.unit"), dispatch_uid="search-save-org.unit"
    )
    rows_written.connect(_on_rows_written, dispatch_uid="search-rows-written")
