"""A value's keys on PostgreSQL, checked per statement over its rows (migration 0011): a value
whose unit or period is not its report's, whose report or indicator does not exist, is
refused by the statement that writes it (INSERT, UPDATE, COPY); a value that repeats its
report's unit and period is accepted; a report or an indicator values refer to can be neither
deleted nor moved to another unit or period. (SQLite keeps no such keys: migration 0010 says
why.)"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone

from tongket.org.models import Unit
from tongket.reporting.models import DataValue, Report
from tongket.reporting.services.values import values_copy
from tongket.resolutions.models import Indicator

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL key"),
]


def insert(report_id: int, indicator_id: int, unit_id: int, period_id: int) -> None:
    """A raw row, as an import writes it."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO reporting_datavalue (report_id, indicator_id, unit_id, period_id, "
            "value, comment, updated_at) VALUES (%s, %s, %s, %s, %s, '', %s)",
            [report_id, indicator_id, unit_id, period_id, Decimal(1), timezone.now()],
        )


def copy_rows(rows: list[tuple[int, int, int, int]]) -> None:
    """Rows written by COPY, as a large import writes them."""
    now = timezone.now()
    with transaction.atomic():
        values_copy([(*row, Decimal(1), None, None, "", None, now) for row in rows])


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


def test_rows_copied_are_checked_as_a_set() -> None:
    report, _indicator_id = a_report_and_free_indicator()
    other = Report.objects.exclude(unit=report.unit).first()
    assert other is not None
    indicators = list(report.form.form_indicators.values_list("indicator_id", flat=True))
    good = [(report.pk, i, report.unit_id, report.period_id) for i in indicators[:-1]]
    bad = (report.pk, indicators[-1], other.unit_id, report.period_id)
    with pytest.raises(IntegrityError, match="report_unit_period"):
        copy_rows([*good, bad])
    assert not DataValue.objects.filter(report=report).exists()
    copy_rows(good)
    assert DataValue.objects.filter(report=report).count() == len(good)


def test_a_value_of_a_missing_indicator_is_refused() -> None:
    report, _indicator_id = a_report_and_free_indicator()
    missing = (Indicator.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000
    with pytest.raises(IntegrityError, match="indicator_fk"):
        insert(report.pk, missing, report.unit_id, report.period_id)


def test_a_value_moved_to_another_report_is_refused() -> None:
    value = DataValue.objects.select_related("report").first()
    assert value is not None
    other = Report.objects.exclude(unit=value.unit_id).first()
    assert other is not None
    with pytest.raises(IntegrityError, match="report_unit_period"), transaction.atomic():
        DataValue.objects.filter(pk=value.pk).update(report=other)
    value.refresh_from_db()
    assert value.report_id != other.pk


def test_a_report_with_values_is_neither_deleted_nor_moved() -> None:
    value = DataValue.objects.first()
    assert value is not None
    others = Unit.objects.exclude(pk=value.unit_id)
    with (
        pytest.raises(IntegrityError, match="report_unit_period"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM reporting_report WHERE id = %s", [value.report_id])
    with pytest.raises(IntegrityError, match="report_unit_period"), transaction.atomic():
        Report.objects.filter(pk=value.report_id).update(unit=others.first())
    assert Report.objects.filter(pk=value.report_id, unit_id=value.unit_id).exists()


def test_a_report_state_change_passes_and_a_report_without_values_is_deleted() -> None:
    value = DataValue.objects.first()
    assert value is not None
    Report.objects.filter(pk=value.report_id).update(version=F("version") + 1)
    empty = Report.objects.filter(values__isnull=True).first()
    assert empty is not None
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM reporting_reminder WHERE report_id = %s", [empty.pk])
        cursor.execute("DELETE FROM reporting_reportattachment WHERE report_id = %s", [empty.pk])
        cursor.execute("DELETE FROM reporting_report WHERE id = %s", [empty.pk])
    assert not Report.objects.filter(pk=empty.pk).exists()


def test_an_indicator_with_values_is_not_deleted() -> None:
    value = DataValue.objects.first()
    assert value is not None
    with (
        pytest.raises(IntegrityError, match="indicator_fk"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM resolutions_indicator WHERE id = %s", [value.indicator_id])
    assert Indicator.objects.filter(pk=value.indicator_id).exists()
