"""Codes, abbreviations and symbols typed by people are found ignoring case, through an index
on UPPER(code) on SQLite and PostgreSQL alike (Django's `iexact` is a LIKE on SQLite, which
scans the table)."""

from __future__ import annotations

import pytest
from django.db import connection

from tongket.core.models import code_is
from tongket.org import selectors
from tongket.org.models import Unit
from tongket.resolutions.models import Indicator, Resolution


def plan(queryset) -> str:  # type: ignore[no-untyped-def]
    sql, params = queryset.order_by().query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The demo's tables are small enough for a scan: ask whether the index can serve.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql, params)
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return " ".join(str(column) for row in cursor.fetchall() for column in row)


@pytest.mark.django_db
def test_a_code_in_lower_case_resolves_the_unit(users):
    unit = selectors.unit_resolve(user=users["admin"], code="qk2")
    assert unit.code == "QK2"


@pytest.mark.django_db
def test_the_code_lookups_use_their_upper_case_indexes():
    """Given the lookups by code of units, former names, indicators and resolutions, when the
    database plans them, then each is served by the model's UPPER() index."""
    assert "org_unit_code_upper" in plan(Unit.objects.filter(code_is("code", "qk2")))
    assert "indicator_code_upper" in plan(Indicator.objects.filter(code_is("code", "ct1")))
    symbol = Resolution.objects.filter(code_is("symbol", "382-nq/đuqstw"))
    assert "resolution_symbol_upper" in plan(symbol)
