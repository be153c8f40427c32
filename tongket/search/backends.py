"""The full-text queries, one per database: SQLite FTS5 (bm25, snippet) and PostgreSQL
(tsvector, ts_rank_cd, ts_headline). Both search the folded text with the folded words of
the query, so they find the same entries; only the ranking formula differs.

Every query takes the entries the user may see as a subquery (`allowed`, SQL and params of a
Django queryset of entry ids): scope, clearance and the page's filters are Django filters,
the match and the rank are SQL. On SQLite the FTS5 table is never given that subquery as a
constraint on its rowid (`+rowid IN (…)`): FTS5 would evaluate the whole match once per
allowed rowid (a second and more for a query of common words on the demo, instead of
milliseconds); it matches once, and the rows it finds are then checked against the list.
"""

from __future__ import annotations

from typing import Any

from django.db import connection

from tongket.search.folding import GAP, START, STOP

# Title words weigh more than words of the text (bm25 column weights; tsvector weight A/B).
TITLE_WEIGHT, BODY_WEIGHT = 10.0, 1.0
SNIPPET_WORDS = 28


def _quoted(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def fts5_query(terms: list[str]) -> str:
    """Every word (in any order), and the words as a phrase, which ranks higher."""
    every = " AND ".join(_quoted(term) for term in terms)
    if len(terms) == 1:
        return every
    return f"({every}) OR {_quoted(' '.join(terms))}"


def tsquery(terms: list[str]) -> str:
    quoted = [f"'{term}'" for term in terms]
    every = " & ".join(quoted)
    if len(terms) == 1:
        return every
    phrase = " <-> ".join(quoted)
    return f"({every}) | ({phrase})"


def _is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def ranked(
    terms: list[str], allowed: tuple[str, tuple[Any, ...]], limit: int, offset: int
) -> tuple[int, list[tuple[int, float]]]:
    """(how many entries match, [(entry id, rank)] of the page, best first)."""
    sql, params = allowed
    with connection.cursor() as cursor:
        if _is_postgresql():
            query = tsquery(terms)
            cursor.execute(
                "SELECT COUNT(*) FROM search_searchentry e "  # noqa: S608 - placeholders only
                f"WHERE e.fts @@ to_tsquery('simple', %s) AND e.id IN ({sql})",
                [query, *params],
            )
            total = cursor.fetchone()[0]
            # The same title-to-text weighting as bm25's ({D, C, B, A}: text is B, title A),
            # and long texts damped by their length (normalisation 1), as bm25 does.
            weights = f"{{0, 0, {BODY_WEIGHT / TITLE_WEIGHT}, 1}}"
            cursor.execute(
                "SELECT e.id, ts_rank_cd(%s::float4[], e.fts, q, 1) AS rank "  # noqa: S608 - placeholders only
                "FROM search_searchentry e, to_tsquery('simple', %s) q "
                f"WHERE e.fts @@ q AND e.id IN ({sql}) "
                "ORDER BY rank DESC, e.date DESC NULLS LAST, e.id DESC LIMIT %s OFFSET %s",
                [weights, query, *params, limit, offset],
            )
        else:
            query = fts5_query(terms)
            cursor.execute(
                "SELECT COUNT(*) FROM search_entry_fts "  # noqa: S608 - placeholders only
                f"WHERE search_entry_fts MATCH %s AND +rowid IN ({sql})",
                [query, *params],
            )
            total = cursor.fetchone()[0]
            cursor.execute(
                "SELECT e.id, bm25(search_entry_fts, %s, %s) AS rank "  # noqa: S608 - placeholders only
                "FROM search_entry_fts JOIN search_searchentry e "
                "ON e.id = search_entry_fts.rowid "
                f"WHERE search_entry_fts MATCH %s AND e.id IN ({sql}) "
                "ORDER BY rank, e.date IS NULL, e.date DESC, e.id DESC LIMIT %s OFFSET %s",
                [TITLE_WEIGHT, BODY_WEIGHT, query, *params, limit, offset],
            )
        rows = cursor.fetchall()
    # bm25 is better when lower: turn it round so that a higher rank is better everywhere.
    if not _is_postgresql():
        return total, [(pk, -float(rank)) for pk, rank in rows]
    return total, [(pk, float(rank)) for pk, rank in rows]


def snippets(terms: list[str], ids: list[int]) -> dict[int, str]:
    """Entry id → the database's snippet of its folded text around the matches (matches
    between START and STOP, fragments separated by GAP)."""
    if not ids:
        return {}
    marks = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        if _is_postgresql():
            options = (
                f'StartSel="{START}", StopSel="{STOP}", MaxWords={SNIPPET_WORDS}, MinWords=12, '
                f'MaxFragments=2, FragmentDelimiter="{GAP}"'
            )
            cursor.execute(
                "SELECT id, ts_headline('simple', body_key, to_tsquery('simple', %s), %s) "  # noqa: S608 - placeholders only
                f"FROM search_searchentry WHERE id IN ({marks})",
                [tsquery(terms), options, *ids],
            )
        else:
            cursor.execute(
                "SELECT rowid, snippet(search_entry_fts, 1, %s, %s, '', %s) "  # noqa: S608 - placeholders only
                f"FROM search_entry_fts WHERE search_entry_fts MATCH %s AND rowid IN ({marks})",
                [START, STOP, SNIPPET_WORDS, fts5_query(terms), *ids],
            )
        return {pk: text for pk, text in cursor.fetchall()}


def matching(terms: list[str], allowed: tuple[str, tuple[Any, ...]]) -> tuple[int, int | None]:
    """(how many allowed entries match `terms` as `ranked` matches them, the id of one of
    them or None)."""
    sql, params = allowed
    with connection.cursor() as cursor:
        if _is_postgresql():
            cursor.execute(
                "SELECT COUNT(*), MIN(e.id) FROM search_searchentry e "  # noqa: S608 - placeholders only
                f"WHERE e.fts @@ to_tsquery('simple', %s) AND e.id IN ({sql})",
                [tsquery(terms), *params],
            )
        else:
            cursor.execute(
                "SELECT COUNT(*), MIN(rowid) FROM search_entry_fts "  # noqa: S608 - placeholders only
                f"WHERE search_entry_fts MATCH %s AND +rowid IN ({sql})",
                [fts5_query(terms), *params],
            )
        count, first = cursor.fetchone()
    return int(count), first


def word_counts(words: list[str], allowed: tuple[str, tuple[Any, ...]]) -> dict[str, int]:
    """For each word, how many allowed entries hold it; a word none of them holds is left
    out. One query, whatever the number of words."""
    if not words:
        return {}
    sql, params = allowed
    with connection.cursor() as cursor:
        if _is_postgresql():
            cursor.execute(
                "SELECT w.word, COUNT(*) FROM unnest(%s::text[]) AS w(word) "  # noqa: S608 - placeholders only
                "JOIN search_searchentry e "
                "ON e.fts @@ to_tsquery('simple', quote_literal(w.word)) "
                f"WHERE e.id IN ({sql}) GROUP BY w.word",
                [list(words), *params],
            )
        else:
            one = "SELECT %s AS word, rowid AS id FROM search_entry_fts WHERE search_entry_fts MATCH %s"
            each = " UNION ALL ".join([one] * len(words))
            cursor.execute(
                f"SELECT word, COUNT(*) FROM ({each}) WHERE id IN ({sql}) GROUP BY word",  # noqa: S608 - placeholders only
                [value for word in words for value in (word, _quoted(word))] + list(params),
            )
        return {word: int(count) for word, count in cursor.fetchall()}


def matching_ids(
    terms: list[str], allowed: tuple[str, tuple[Any, ...]], limit: int, phrase: bool = False
) -> list[int]:
    """The ids of the first `limit` allowed entries (by id) that match `terms` as `ranked`
    matches them, or, with `phrase`, where they stand side by side, in order."""
    sql, params = allowed
    with connection.cursor() as cursor:
        if _is_postgresql():
            query = " <-> ".join(f"'{term}'" for term in terms) if phrase else tsquery(terms)
            cursor.execute(
                "SELECT e.id FROM search_searchentry e "  # noqa: S608 - placeholders only
                f"WHERE e.fts @@ to_tsquery('simple', %s) AND e.id IN ({sql}) "
                "ORDER BY e.id LIMIT %s",
                [query, *params, limit],
            )
        else:
            query = _quoted(" ".join(terms)) if phrase else fts5_query(terms)
            cursor.execute(
                "SELECT rowid FROM search_entry_fts "  # noqa: S608 - placeholders only
                f"WHERE search_entry_fts MATCH %s AND +rowid IN ({sql}) "
                "ORDER BY rowid LIMIT %s",
                [query, *params, limit],
            )
        return [row[0] for row in cursor.fetchall()]
