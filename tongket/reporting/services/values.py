"""Values written many at a time, as plain rows: one statement per batch whatever their
number (a whole draft saved, an import). The callers have checked every value and hold the
report's lock; building a model object per value would cost more than the write."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection

from tongket.core.upserts import rows_upsert
from tongket.reporting.models import DataValue

COLUMNS = (
    "report_id, indicator_id, unit_id, period_id, value, numerator, denominator, comment, met, "
    "updated_at"
)


def value_row(value: DataValue, now: datetime.datetime) -> tuple[Any, ...]:
    """A value (not saved) as the row `values_upsert` writes, in COLUMNS order."""
    return (
        value.report_id,
        value.indicator_id,
        value.unit_id,
        value.period_id,
        value.value,
        value.numerator,
        value.denominator,
        value.comment or "",
        value.met,
        connection.ops.adapt_datetimefield_value(now),
    )


def values_upsert(rows: list[tuple[Any, ...]]) -> None:
    """Insert new values and update existing ones (by report and indicator), at most one
    (report, indicator) each (`core.upserts`: on PostgreSQL one statement per batch, so the
    key triggers of reporting.0011 run once per batch, not once per value)."""
    rows_upsert(
        DataValue,
        COLUMNS.split(", "),
        rows,
        conflict=("report_id", "indicator_id"),
        update=", ".join(
            f"{c} = excluded.{c}"
            for c in ("value", "numerator", "denominator", "comment", "met", "updated_at")
        ),
    )


def values_copy(rows: Iterable[tuple[Any, ...]]) -> None:
    """PostgreSQL's COPY for values that are all new (many times faster than INSERT)."""
    with values_copier() as write:
        for row in rows:
            write(row)


@contextmanager
def values_copier() -> Iterator[Callable[[tuple[Any, ...]], None]]:
    """An open COPY into the value table (PostgreSQL): each row given to the function it
    yields is sent at once, so the database writes them while the caller prepares the next
    ones; the statement ends (and its key checks run) when the block does. Nothing else may
    use the connection meanwhile. An exception in the block aborts the COPY."""
    table = DataValue._meta.db_table
    # Django's error types (IntegrityError for a key the triggers refuse) as for any query.
    with (
        connection.cursor() as cursor,
        connection.wrap_database_errors,
        cursor.cursor.copy(f"COPY {table} ({COLUMNS}) FROM STDIN") as copy,
    ):
        yield copy.write_row
