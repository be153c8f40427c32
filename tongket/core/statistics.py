"""Planner statistics kept up after large writes (PostgreSQL).

Autovacuum refreshes a table's statistics once a tenth of it has changed, some time after the
change; a server run with autovacuum off never does, and the planner then takes a table that
grew from nothing for an empty one (nested loops over whole subtrees). A service that writes
many rows at once (an import, a restructuring) calls `analyzed_if_grown` in its transaction
with what it wrote: each table whose rows written are at least autovacuum's threshold (50 and
a tenth of the rows the planner believes it holds), or that was never analysed, is analysed
as soon as the transaction commits. Not inside it: ANALYZE holds its table's lock until the
commit, and two transactions analysing tables in different orders would deadlock; after the
commit each table is analysed on its own, skipped when another session holds it
(SKIP_LOCKED). SQLite keeps no such statistics.
"""

from __future__ import annotations

from django.db import connection, transaction
from django.db.models import Model

# autovacuum_analyze_threshold and autovacuum_analyze_scale_factor's defaults.
THRESHOLD = 50
SHARE = 0.1


def analyzed_if_grown(written: dict[type[Model], int]) -> list[str]:
    """ANALYZE, once the caller's transaction commits, the tables of `written` ({model: rows
    written}) that changed enough; returns their names."""
    if connection.vendor != "postgresql":
        return []
    counts = {model._meta.db_table: count for model, count in written.items() if count > 0}
    if not counts:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reltuples FROM pg_class "
            "WHERE relname = ANY(%s) AND relkind IN ('r', 'p') "
            "AND relnamespace = to_regnamespace(current_schema())",
            [sorted(counts)],
        )
        believed = {name: float(tuples) for name, tuples in cursor.fetchall()}
        stale = [
            table
            for table, count in sorted(counts.items())
            if believed.get(table, -1) < 0 or count >= THRESHOLD + SHARE * believed[table]
        ]
    if stale:
        transaction.on_commit(lambda: _analyze(stale))
    return stale


def _analyze(tables: list[str]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE (SKIP_LOCKED) {', '.join(tables)}")
