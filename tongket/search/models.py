"""The search index: one row per searchable record (or uploaded file), with its text folded
for diacritic-insensitive matching.

The full-text structures live beside the table and are created by migration 0002: on SQLite
an FTS5 table (`search_entry_fts`, external content read from this table, kept in step by
triggers); on PostgreSQL a generated `tsvector` column `fts` with a GIN index. Django never
reads them directly: `tongket.search.backends` does.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from tongket.search.choices import EntryKind


class SearchEntry(models.Model):
    """The searchable text of one record.

    Invariants: one row per (`source`, `object_id`), where `source` is the model label of the
    record (an attachment is its own row, apart from the record it is attached to).
    `title_key` and `body_key` are `title` and `body` folded character by character (marks
    dropped, đ→d, lower case): same length, same positions, so a match found in the folded
    text is highlighted in the text as written. `unit_path`, `classification` and `date` are
    copied from the record when it is indexed; what a user may see is decided again at query
    time from the record itself (`tongket.search.sources`), so a stale row never shows a
    record the user may not open. Written only by `tongket.search.services`.
    """

    source = models.CharField(max_length=64)
    object_id = models.PositiveBigIntegerField()
    kind = models.CharField(_("kind"), max_length=20, choices=EntryKind.choices)
    title = models.CharField(_("title"), max_length=500)
    body = models.TextField(_("text"), blank=True)
    title_key = models.CharField(max_length=500, editable=False)
    body_key = models.TextField(blank=True, editable=False)
    unit = models.ForeignKey(
        "org.Unit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    unit_path = models.CharField(max_length=255, blank=True, db_index=True)
    classification = models.CharField(max_length=16, default="none")
    date = models.DateField(_("date"), null=True, blank=True)
    url_name = models.CharField(max_length=64)
    url_pk = models.PositiveBigIntegerField()
    # The file an attachment's text came from ("" for records): a changed file is read again.
    file_name = models.CharField(max_length=300, blank=True)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [
            models.UniqueConstraint(fields=["source", "object_id"], name="unique_search_entry")
        ]
        indexes = [models.Index(fields=["kind", "date"])]

    def __str__(self) -> str:
        return f"{self.source}:{self.object_id}"


class SearchWord(models.Model):
    """A folded word that stands in the text of at least one entry: the vocabulary that
    "did you mean" suggestions are drawn from (`tongket.search.suggestions`).

    The vocabulary is the whole index's, hidden records included, so it is never shown as
    such: a word is proposed to a reader only once the query that proposes it finds entries
    the reader may open (checked at query time, with the same scope and clearance as the
    search). Words of two to `MAX_LENGTH` letters, not numbers. A word whose entries are gone
    may stay until `reindex_search` prunes the vocabulary: it is never proposed, as no entry
    holds it. Written only by `tongket.search.services`.
    """

    MAX_LENGTH = 40

    word = models.CharField(max_length=MAX_LENGTH, unique=True)
    length = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name = _("search word")
        verbose_name_plural = _("search words")
        indexes = [models.Index(fields=["length", "word"])]

    def __str__(self) -> str:
        return self.word
