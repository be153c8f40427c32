"""Rows written in bulk: a notice for whatever keeps a copy of them.

`QuerySet.update()`, `bulk_create` and `bulk_update` send no post_save. A service that
writes rows that way and whose rows may be copied elsewhere (the search index copies unit
names and paths, a resolution's item numbers…) says so here, right after the write and in
its transaction, with the primary keys and the fields written. The search index
(`tongket.search.signals`) listens; the apps below it never import it (the layer contract
forbids it), so this notice is the only thing they know.

Sending it costs nothing when nobody listens; a listener must only note the rows and do its
work once the transaction commits (never for a rolled-back write).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Model
from django.dispatch import Signal

# sender: the model class; pks: list of primary keys; fields: frozenset of field names
# written (None: any field, as for rows just created).
rows_written = Signal()


def rows_written_notify(
    *, model: type[Model], pks: Iterable[Any], fields: Iterable[str] | None = None
) -> None:
    """Tell the listeners that these rows of `model` were written without `save()`."""
    keys = [pk for pk in pks if pk is not None]
    if not keys:
        return
    rows_written.send(
        sender=model, pks=keys, fields=frozenset(fields) if fields is not None else None
    )
