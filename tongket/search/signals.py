"""Keeping the index in step with the records, from the outside.

The apps write their records through their services and know nothing of the index: a
post_save or post_delete of an indexed model (or of a model whose rows are part of an entry,
such as a resolution's items or a document's drafts) notes the entry as stale, and the
entries noted are refreshed once when the transaction commits (a change rolled back is never
indexed; a record saved ten times in one service is indexed once). A new uploaded file starts
the job that reads its text. Signals only note what changed: the work is in
`tongket.search.services`.
"""

from __future__ import annotations

import logging
from typing import Any

from django.apps import apps
from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save

from tongket.search.sources import SOURCES

log = logging.getLogger(__name__)
_PENDING_ATTR = "_tongket_search_pending"


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


def _on_delete(sender: Any, instance: Any, **kwargs: Any) -> None:
    label = sender._meta.label_lower
    if label in SOURCES:
        note(label, [instance.pk])
    for target, follows in _FOLLOWERS.get(label, []):
        if target == label:
            continue
        try:
            note(target, follows(instance))
        except Exception:  # a parent deleted with it (cascade): nothing left to follow
            log.debug("no follow-up for a deleted %s", label)


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
