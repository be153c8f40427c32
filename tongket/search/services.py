"""Writing the search index: refresh the entries of some records, read an uploaded file's
text into its entry, rebuild everything; and keep the vocabulary of the entries' words
(`SearchWord`, read by the "did you mean" suggestions) in step.

Only this module writes `SearchEntry` and `SearchWord`. Nobody calls it from a request
directly: the signals of `tongket.search.signals` refresh entries when the transaction that
changed their records commits, the extraction job reads files, and `reindex_search` (also
run at the end of `load_demo`) rebuilds the whole index and prunes the vocabulary. The
index holds no state of its own: a rebuild gives the same rows.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from tongket.core.errors import DomainError
from tongket.search import folding
from tongket.search.models import SearchEntry, SearchWord
from tongket.search.sources import SOURCES, Entry, Source

log = logging.getLogger(__name__)
BATCH = 200
UNIT_BATCH = 500
WORD_BATCH = 500


def _columns(source: Source, pk: int, entry: Entry) -> dict[str, Any]:
    title = folding.clean(entry.title, 500)
    return {
        "kind": source.kind,
        "title": title,
        "title_key": folding.fold(title),
        "unit": entry.unit,
        "unit_path": getattr(entry.unit, "path", "") or "",
        "classification": entry.classification or "none",
        "date": entry.date,
        "url_name": entry.url_name,
        "url_pk": entry.url_pk,
    }


def _with_body(columns: dict[str, Any], body: str) -> dict[str, Any]:
    text = folding.clean(body)
    return {**columns, "body": text, "body_key": folding.fold(text)}


def entries_refresh(*, source: str, pks: Iterable[int]) -> int:
    """Bring the entries of these rows of `source` (a model label) in line with the rows:
    written, rewritten, or removed for a row gone or with nothing to search. A file's text is
    kept (the extraction job reads it). Set-based: per batch of `BATCH` rows, one read of the
    rows (with what the source prefetches), one upsert of their entries and one delete, not a
    query per row. Returns how many entries were written."""
    wanted = sorted({int(pk) for pk in pks})
    written = 0
    for start in range(0, len(wanted), BATCH):
        written += _refresh_batch(source, wanted[start : start + BATCH])
    return written


def _refresh_batch(source: str, pks: list[int]) -> int:
    spec = SOURCES[source]
    now = timezone.now()
    rows: list[SearchEntry] = []
    written_fields: list[str] = []
    words: set[str] = set()
    with transaction.atomic():
        found = {row.pk: row for row in spec.rows().filter(pk__in=pks)}
        gone = set(pks) - set(found)
        for pk, row in found.items():
            entry = spec.build(row)
            if entry is None:
                gone.add(pk)
                continue
            columns = _columns(spec, pk, entry)
            if not spec.is_file:
                columns = _with_body(columns, entry.body)
            written_fields = [*columns, "indexed_at"]
            rows.append(SearchEntry(source=source, object_id=pk, indexed_at=now, **columns))
            words.update(_words(columns["title_key"], columns.get("body_key", "")))
        if rows:
            # An upsert: a row indexed meanwhile by another transaction is rewritten, not a
            # conflict (the unique pair is the entry's identity; its id is never kept).
            SearchEntry.objects.bulk_create(
                rows,
                update_conflicts=True,
                unique_fields=["source", "object_id"],
                update_fields=written_fields,
            )
        if gone:
            SearchEntry.objects.filter(source=source, object_id__in=gone).delete()
        words_add(words)
    return len(rows)


def entries_unit_paths_refresh(*, unit_ids: Iterable[int]) -> int:
    """Copy the current path of these units into their entries (after a unit and its
    subtree moved): one UPDATE per batch of units, however many entries they have. Returns
    how many entries were changed."""
    from tongket.org.models import Unit

    ids = sorted({int(pk) for pk in unit_ids})
    changed = 0
    path = Subquery(Unit.objects.filter(pk=OuterRef("unit_id")).values("path")[:1])
    for start in range(0, len(ids), UNIT_BATCH):
        changed += (
            SearchEntry.objects.filter(unit_id__in=ids[start : start + UNIT_BATCH])
            .exclude(unit_path=path)
            .update(unit_path=path)
        )
    return changed


def file_text_read(*, source: str, pk: int) -> SearchEntry | None:
    """Read the text of an uploaded file (DOCX, PDF, text; see `intake.extraction`) into its
    entry. A file without readable text (a scan, an image) is still found by its name."""
    from tongket.intake.extraction import file_text

    spec = SOURCES[source]
    row = spec.rows().filter(pk=pk).first()
    if row is None:
        SearchEntry.objects.filter(source=source, object_id=pk).delete()
        return None
    entry = spec.build(row)
    if entry is None:
        return None
    text = ""
    try:
        with row.file.open("rb") as handle:
            text, _conversion = file_text(handle)
    except (DomainError, OSError, ValueError) as error:
        log.info("no text read from %s %s: %s", source, pk, error)
    columns = _with_body(_columns(spec, pk, entry), text)
    columns["file_name"] = row.file.name
    with transaction.atomic():
        entry_row, _created = SearchEntry.objects.update_or_create(
            source=source, object_id=pk, defaults=columns
        )
        words_add(_words(columns["title_key"], columns["body_key"]))
    return entry_row


def index_rebuild(
    *, files: bool = True, report: Callable[[str, int], None] | None = None
) -> dict[str, int]:
    """Rebuild every entry from the records. `files`: read every uploaded file again (else a
    file keeps the text read before, and one never read is indexed by its name). `report`
    is told each source and its count. Returns the counts by source."""
    counts: dict[str, int] = {}
    for label, spec in SOURCES.items():
        pks = list(spec.rows().order_by("pk").values_list("pk", flat=True))
        with transaction.atomic():
            SearchEntry.objects.filter(source=label).exclude(object_id__in=pks).delete()
        count = 0
        for start in range(0, len(pks), BATCH):
            batch = pks[start : start + BATCH]
            if spec.is_file and files:
                for pk in batch:
                    count += file_text_read(source=label, pk=pk) is not None
            else:
                count += entries_refresh(source=label, pks=batch)
        counts[label] = count
        if report:
            report(label, count)
    words_rebuild()
    return counts


# The vocabulary ---------------------------------------------------------------------------


def _words(*keys: str) -> set[str]:
    """The words of folded texts that may be proposed: two letters or more (and at most
    `SearchWord.MAX_LENGTH`), not numbers."""
    return {
        word
        for key in keys
        for word in folding.words_of(key)
        if 2 <= len(word) <= SearchWord.MAX_LENGTH and not word.isdigit()
    }


def words_add(words: Iterable[str]) -> int:
    """Add to the vocabulary the words it does not hold yet; returns how many. The words are
    read first and only the new ones inserted, in sorted order (two transactions adding the
    same new words never wait on each other in opposite orders)."""
    wanted = sorted(set(words))
    added = 0
    for start in range(0, len(wanted), WORD_BATCH):
        batch = wanted[start : start + WORD_BATCH]
        known = set(SearchWord.objects.filter(word__in=batch).values_list("word", flat=True))
        new = [SearchWord(word=word, length=len(word)) for word in batch if word not in known]
        if new:
            SearchWord.objects.bulk_create(new, ignore_conflicts=True)
            added += len(new)
    return added


def words_rebuild() -> tuple[int, int]:
    """Make the vocabulary the words of the entries as they are: add those missing, remove
    those no entry holds any more. Returns (added, removed)."""
    found: set[str] = set()
    entries = SearchEntry.objects.order_by().values_list("title_key", "body_key")
    for title_key, body_key in entries.iterator(chunk_size=BATCH):
        found |= _words(title_key, body_key)
    added = words_add(found)
    stale = [
        pk
        for pk, word in SearchWord.objects.values_list("pk", "word").iterator(chunk_size=2000)
        if word not in found
    ]
    for start in range(0, len(stale), WORD_BATCH):
        SearchWord.objects.filter(pk__in=stale[start : start + WORD_BATCH]).delete()
    return added, len(stale)
