"""On PostgreSQL the "did you mean" lookup reads the vocabulary through a trigram index
(pg_trgm), for the pieces of a slip it looks for inside words ("%hon%")."""

from __future__ import annotations

import pytest
from django.db import connection

from tongket.search.models import SearchWord

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL index"),
]


def _plan(queryset) -> str:  # type: ignore[no-untyped-def]
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_the_vocabulary_has_a_trigram_index_that_the_lookup_of_pieces_reads():
    """Given the migrated database, the words' trigram index exists, and the lookups the
    suggestions make (a piece inside a word, a word's end) are planned on it rather than on
    a scan of every word."""
    SearchWord.objects.bulk_create(
        [SearchWord(word=word, length=len(word)) for word in ("phong", "khong", "truong")],
        ignore_conflicts=True,
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'search_word_trgm'")
        (definition,) = cursor.fetchone()
    assert "gin_trgm_ops" in definition
    assert "search_word_trgm" in _plan(SearchWord.objects.filter(word__contains="hon"))
    assert "search_word_trgm" in _plan(SearchWord.objects.filter(word__endswith="ong"))
