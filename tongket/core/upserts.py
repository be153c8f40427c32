"""Many rows inserted, or merged into the rows already there, as plain tuples.

On PostgreSQL the rows go as one array per column (`INSERT … SELECT * FROM UNNEST(…)`): a
statement of one parameter per column whatever the number of rows. A VALUES list of
thousands of placeholders costs the driver more to parse than the database to run, and one
statement per row runs the statement-level triggers (reporting.0011) once per row. On SQLite
a VALUES list per batch. At most one row per conflict key in one call (PostgreSQL refuses to
change a row twice in one statement).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection
from django.db.models import Model

from tongket.core import freshness

# Rows per statement.
PG_BATCH = 5000
SQLITE_BATCH = 1000


def rows_upsert(
    model: type[Model],
    columns: Sequence[str],
    rows: Sequence[tuple[Any, ...]],
    *,
    conflict: Sequence[str],
    update: str,
) -> None:
    """Insert `rows` (tuples in the order of `columns`, the table's column names) into the
    table of `model`; a row whose `conflict` columns match a stored one runs `update` (SQL
    of the form "column = expression, …", `excluded.column` being the row sent) instead."""
    if not rows:
        return
    # Raw SQL sends no signal: cached reads must not outlive these rows.
    freshness.changed()
    table = model._meta.db_table
    names = ", ".join(columns)
    merge = f"ON CONFLICT ({', '.join(conflict)}) DO UPDATE SET {update}"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            fields = {field.column: field for field in model._meta.concrete_fields}
            arrays = ", ".join(f"%s::{fields[c].db_type(connection)}[]" for c in columns)
            for start in range(0, len(rows), PG_BATCH):
                part = rows[start : start + PG_BATCH]
                cursor.execute(
                    f"INSERT INTO {table} ({names}) SELECT * FROM UNNEST({arrays}) {merge}",  # noqa: S608 - names from the model
                    [list(column) for column in zip(*part, strict=True)],
                )
            return
        row = "(" + ", ".join(["%s"] * len(columns)) + ")"
        for start in range(0, len(rows), SQLITE_BATCH):
            part = rows[start : start + SQLITE_BATCH]
            cursor.execute(
                f"INSERT INTO {table} ({names}) VALUES {', '.join([row] * len(part))} {merge}",  # noqa: S608 - names from the model
                [value for values in part for value in values],
            )
