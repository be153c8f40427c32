"""Planner statistics after large writes: a table is analysed after the writer's transaction
commits once the rows written reach autovacuum's threshold (50 and a tenth of the rows the planner
believes it holds); smaller writes leave it to autovacuum; SQLite keeps no statistics."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from tongket.core.statistics import analyzed_if_grown
from tongket.org.models import Unit, UnitPlacement

pytestmark = pytest.mark.django_db


def analyses(queries: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if q["sql"].startswith("ANALYZE")]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's statistics")
def test_a_table_is_analysed_once_the_rows_written_reach_the_threshold(
    users, django_capture_on_commit_callbacks
):
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Unit._meta.db_table}")
    units = Unit.objects.count()
    threshold = 50 + units // 10
    with (
        CaptureQueriesContext(connection) as queries,
        django_capture_on_commit_callbacks(execute=True),
        transaction.atomic(),
    ):
        assert analyzed_if_grown({Unit: threshold - 1, UnitPlacement: 0}) == []
    assert analyses(queries) == []
    with (
        CaptureQueriesContext(connection) as queries,
        django_capture_on_commit_callbacks(execute=True),
        transaction.atomic(),
    ):
        assert analyzed_if_grown({Unit: threshold + 1}) == [Unit._meta.db_table]
        # Not in the transaction: after its commit.
        assert analyses(queries) == []
    assert analyses(queries) == [f"ANALYZE (SKIP_LOCKED) {Unit._meta.db_table}"]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite keeps no statistics")
def test_sqlite_is_left_alone(users):
    with CaptureQueriesContext(connection) as queries:
        assert analyzed_if_grown({Unit: 10**6}) == []
    assert queries.captured_queries == []
