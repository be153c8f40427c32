"""Large files (above the bulk threshold, lowered here): on PostgreSQL each row is copied
into the value table as soon as it is checked, so the database writes while the rest is
checked. Still all or nothing: a row refused late leaves nothing written, not even the
reports the file would have opened; values already in the reports are replaced; a locked
report is named with the first row for it."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.db import connection

from tongket.core.errors import RowErrors
from tongket.core.workbook import Problems
from tongket.reporting import services
from tongket.reporting.choices import ReportState
from tongket.reporting.models import DataValue, Period, Report, ReportForm
from tongket.reporting.services.imports import read_csv_rows, writing
from tongket.reporting.tests.test_services_imports_reminders import GOOD, HEADER

pytestmark = pytest.mark.django_db
FORM = "BC6T-623-QK2"
UNIT = "SD316-E98"


@pytest.fixture(autouse=True)
def large(monkeypatch):
    monkeypatch.setattr(writing, "BULK_THRESHOLD", 0)


def open_period() -> Period:
    return (
        Period.objects.filter(reports__form__code=FORM, is_open=True).order_by("-sort_key").first()
    )


def rows(lines: list[tuple[str, str, str, str]], period: Period) -> list:
    text = HEADER + "".join(
        f"{UNIT};{code};{period.code};{value};{num};{den};\n" for code, value, num, den in lines
    )
    problems = Problems()
    found = list(read_csv_rows(text.encode(), problems))
    assert not problems, problems.rows
    return found


def test_a_row_refused_after_good_ones_leaves_nothing_written(users):
    form = ReportForm.objects.get(code=FORM)
    period = open_period()
    report = Report.objects.get(form=form, period=period, unit__code=UNIT)
    report.values.all().delete()
    values, reports = DataValue.objects.count(), Report.objects.count()
    lines = [*GOOD[:-1], ("HC09", "bốn", "", "")]
    with pytest.raises(RowErrors) as caught:
        services.values_import(
            by=users["qk2.baocao"], form=form, rows=rows(lines, period), then="submit"
        )
    assert [(e["row"], e["column"]) for e in caught.value.rows] == [(len(lines) + 1, "Giá trị")]
    assert DataValue.objects.count() == values
    assert Report.objects.count() == reports
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT


def test_a_large_file_writes_every_value_and_submits(users):
    form = ReportForm.objects.get(code=FORM)
    period = open_period()
    report = Report.objects.get(form=form, period=period, unit__code=UNIT)
    report.values.all().delete()
    counts = services.values_import(
        by=users["qk2.baocao"], form=form, rows=rows(GOOD, period), then="submit"
    )
    assert counts == {"values": 9, "reports": 1, "submitted": 1, "approved": 0}
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED
    assert report.values.get(indicator__code="HC03").value == Decimal("1234.5")
    assert report.values.get(indicator__code="HC01").value == Decimal("90")


def test_values_already_in_the_reports_are_replaced(users):
    form = ReportForm.objects.get(code=FORM)
    period = open_period()
    report = Report.objects.get(form=form, period=period, unit__code=UNIT)
    report.values.all().delete()
    services.values_import(by=users["qk2.baocao"], form=form, rows=rows(GOOD[:3], period))
    changed = [("HC02", "7", "", ""), *[line for line in GOOD if line[0] != "HC02"]]
    counts = services.values_import(by=users["qk2.baocao"], form=form, rows=rows(changed, period))
    assert counts["values"] == 9
    assert report.values.count() == 9
    assert report.values.get(indicator__code="HC02").value == Decimal("7")


def test_a_locked_report_is_named_with_its_first_row(users):
    form = ReportForm.objects.get(code=FORM)
    period = open_period()
    report = Report.objects.get(form=form, period=period, unit__code=UNIT)
    Report.objects.filter(pk=report.pk).update(state=ReportState.SUBMITTED)
    values = DataValue.objects.count()
    with pytest.raises(RowErrors) as caught:
        services.values_import(by=users["qk2.baocao"], form=form, rows=rows(GOOD, period))
    assert [(e["row"], e["column"]) for e in caught.value.rows] == [(2, "Mã đơn vị")]
    assert "khóa" in caught.value.rows[0]["message"]
    assert DataValue.objects.count() == values


def missing_message(report: Report, count: int) -> str:
    from django.utils.translation import gettext as _

    return _("%(report)s: values missing for %(count)s required indicator(s).") % {
        "report": str(report),
        "count": count,
    }


@pytest.fixture
def required(users):
    """HC02 and HC05 required by the form (a submission needs a value for each)."""
    from tongket.reporting.models import FormIndicator

    form = ReportForm.objects.get(code=FORM)
    FormIndicator.objects.filter(form=form).update(required=False)
    FormIndicator.objects.filter(form=form, indicator__code__in=["HC02", "HC05"]).update(
        required=True
    )
    return form


def test_a_file_without_the_required_values_submits_nothing(users, required):
    """Reports without values before the file: the required values are counted off it."""
    period = open_period()
    report = Report.objects.get(form=required, period=period, unit__code=UNIT)
    report.values.all().delete()
    values = DataValue.objects.count()
    # HC02 is in the file, HC05 is not.
    lines = [line for line in GOOD if line[0] != "HC05"]
    with pytest.raises(RowErrors) as caught:
        services.values_import(
            by=users["qk2.baocao"], form=required, rows=rows(lines, period), then="submit"
        )
    assert [e["message"] for e in caught.value.rows] == [missing_message(report, 1)]
    assert DataValue.objects.count() == values
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT


def test_required_values_already_in_the_report_count(users, required):
    """Reports holding values: what they held and what the file brings count together."""
    period = open_period()
    report = Report.objects.get(form=required, period=period, unit__code=UNIT)
    report.values.all().delete()
    services.values_import(by=users["qk2.baocao"], form=required, rows=rows(GOOD[:2], period))
    rest = [line for line in GOOD[2:] if line[0] != "HC05"]
    with pytest.raises(RowErrors) as caught:
        services.values_import(
            by=users["qk2.baocao"], form=required, rows=rows(rest, period), then="submit"
        )
    # HC02 was in the report already; HC05 is in neither.
    assert [e["message"] for e in caught.value.rows] == [missing_message(report, 1)]
    counts = services.values_import(
        by=users["qk2.baocao"], form=required, rows=rows(GOOD[2:], period), then="submit"
    )
    assert counts["submitted"] == 1
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED
    assert report.values.count() == len(GOOD)


def test_a_large_import_reports_progress_as_it_checks_and_writes(users, monkeypatch):
    """Every few rows checked (and copied) in the transaction, then the roll-ups: the job's
    bar moves forward through both (written aside on PostgreSQL: core.jobs)."""
    from django.utils.translation import gettext as _

    from tongket.core.models import Job
    from tongket.reporting.services.imports import checking, importing

    reported: list[tuple[int, str]] = []

    def record(job: Job, done: int, total: int, message: str = "") -> None:
        reported.append((int(done * 100 / total), message))

    monkeypatch.setattr(checking, "PROGRESS_EVERY", 2)
    monkeypatch.setattr(checking, "job_progress", record)
    monkeypatch.setattr(importing, "job_progress", record)
    form = ReportForm.objects.get(code=FORM)
    period = open_period()
    Report.objects.get(form=form, period=period, unit__code=UNIT).values.all().delete()
    job = Job(
        kind="reporting.import_values",
        title="Nhập số liệu",
        params={"form": form.pk, "then": "submit"},
    )
    text = HEADER + "".join(f"{UNIT};{c};{period.code};{v};{n};{d};\n" for c, v, n, d in GOOD)
    job.file.save("so-lieu.csv", ContentFile(text.encode()), save=True)
    counts = importing._run_import(job=job, by=users["qk2.baocao"])
    assert counts["values"] == len(GOOD)
    assert reported[0] == (0, _("Reading the file…"))
    if connection.vendor == "postgresql":
        # Checked and copied in the transaction, then added up.
        step, last = (
            _("Checking and writing values…"),
            _("Adding the values up for the units above…"),
        )
        assert reported[1] == (0, step)
    else:
        # Checked before the transaction, then written (SQLite: no copying while checking).
        step, last = _("Checking rows…"), _("Writing values…")
    assert reported[-5:] == [(11, step), (22, step), (33, step), (44, step), (66, last)]
    assert len(reported) == (7 if connection.vendor == "postgresql" else 6)
