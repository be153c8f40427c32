"""A value's report, unit and period are checked by one composite key on PostgreSQL: a value
whose unit or period is not its report's, or whose report does not exist, is refused at the
latest when its transaction's keys are checked; a value that repeats its report's unit and
period is accepted. (SQLite keeps no such key: migration 0010 says why.)"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from tongket.reporting.models import DataValue, Report

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL key"),
]


def insert(report_id: int, indicator_id: int, unit_id: int, period_id: int) -> None:
    """A raw row, as an import's COPY writes it, its keys checked at once."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO reporting_datavalue (report_id, indicator_id, unit_id, period_id, "
            "value, comment, updated_at) VALUES (%s, %s, %s, %s, %s, '', %s)",
            [report_id, indicator_id, unit_id, period_id, Decimal(1), timezone.now()],
        )
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def a_report_and_free_indicator() -> tuple[Report, int]:
    """A report without values yet, and one of its form's indicators."""
    report = (
        Report.objects.filter(form__indicators__isnull=False, values__isnull=True)
        .order_by("pk")
        .first()
    )
    assert report is not None
    indicator_id = report.form.form_indicators.values_list("indicator_id", flat=True).first()
    assert indicator_id is not None
    return report, indicator_id


def test_a_value_repeating_its_reports_unit_and_period_is_accepted() -> None:
    report, indicator_id = a_report_and_free_indicator()
    insert(report.pk, indicator_id, report.unit_id, report.period_id)
    assert DataValue.objects.filter(report=report, indicator_id=indicator_id).exists()


def test_a_value_of_another_unit_than_its_report_is_refused() -> None:
    report, indicator_id = a_report_and_free_indicator()
    other = Report.objects.exclude(unit=report.unit).first()
    assert other is not None
    with pytest.raises(IntegrityError, match="report_unit_period"):
        insert(report.pk, indicator_id, other.unit_id, report.period_id)
    assert not DataValue.objects.filter(report=report, indicator_id=indicator_id).exists()


def test_a_value_of_another_period_than_its_report_is_refused() -> None:
    report, indicator_id = a_report_and_free_indicator()
    other = Report.objects.exclude(period=report.period).first()
    assert other is not None
    with pytest.raises(IntegrityError, match="report_unit_period"):
        insert(report.pk, indicator_id, report.unit_id, other.period_id)


def test_a_value_of_a_missing_report_is_refused() -> None:
    report, indicator_id = a_report_and_free_indicator()
    missing = (Report.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000
    with pytest.raises(IntegrityError, match="report_unit_period"):
        insert(missing, indicator_id, report.unit_id, report.period_id)
