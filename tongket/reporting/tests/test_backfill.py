"""Reports entered afterwards (nhập bù): a period long past opened for a form only now (2021
reports keyed in today) is never reminded, never late nor overdue, and stays out of the
on-time rate, while the change log still says who entered it and when."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from tongket.core.errors import DomainError
from tongket.core.models import ChangeLog
from tongket.core.scopes import SYSTEM
from tongket.org.models import Unit
from tongket.reporting import selectors, services
from tongket.reporting.choices import PeriodType, ReportState
from tongket.reporting.demo import qk2_reporting_units
from tongket.reporting.models import Reminder, Report, ReportForm
from tongket.resolutions.models import Resolution

pytestmark = pytest.mark.django_db


def quarterly_form(officer, code: str = "BCQ-623-QK2") -> ReportForm:
    """A quarterly form of QK2 without indicators (nothing blocks a submission), asked of
    the units that report the demo's half-yearly form."""
    form = services.form_create(
        by=officer,
        code=code,
        name="Báo cáo quý thực hiện Nghị quyết 623 (nhập bù)",
        owner_unit=Unit.objects.get(code="QK2"),
        period_type=PeriodType.QUARTER,
        resolution=Resolution.objects.get(symbol="623-NQ/QUTW"),
        indicators=[],
    )
    services.form_assign(by=officer, form=form, units=qk2_reporting_units())
    return form


def open_quarter(officer, form: ReportForm, code: str, **kwargs) -> list[Report]:
    period = services.period_ensure(by=officer, code=code)
    services.form_open_period(by=officer, form=form, period=period, **kwargs)
    return list(Report.objects.filter(form=form, period=period).select_related("unit", "period"))


def test_a_period_long_past_opened_today_is_entered_afterwards_and_never_reminded(users):
    """Given a quarterly form, when its 2021-Q2 is opened today (due in July 2021), then
    every report is entered afterwards, the daily run reminds none of them, a manual
    reminder is refused, and the opening is logged with who did it."""
    officer = users["qk2.theodoi"]
    form = quarterly_form(officer)
    reports = open_quarter(officer, form, "2021-Q2")
    assert reports and all(r.is_backfill for r in reports)
    assert all(r.due_date < timezone.localdate() for r in reports)

    counts = services.reminders_send()
    assert not Reminder.objects.filter(report__in=reports).exists()
    assert counts["overdue"] == Reminder.objects.filter(kind="overdue").count()
    with pytest.raises(DomainError):
        services.report_remind(by=users["qk2.duyet"], report=reports[0])

    opened = ChangeLog.objects.filter(action="form_open_period", object_id=str(form.pk)).get()
    assert opened.user == officer and opened.after["backfill"] is True


def test_a_period_still_to_come_is_not_entered_afterwards(users):
    officer = users["qk2.theodoi"]
    form = quarterly_form(officer)
    year = timezone.localdate().year + 1
    reports = open_quarter(officer, form, f"{year}-Q1")
    assert reports and not any(r.is_backfill for r in reports)


def test_a_period_opened_in_its_time_can_be_marked_as_entered_afterwards(users):
    """Given 2021-Q3 opened as in its time (its missing reports are overdue and reminded),
    when the officer opens it again as entered afterwards, then the reports not received
    become entered afterwards and the received ones keep their timeliness."""
    officer = users["qk2.theodoi"]
    form = quarterly_form(officer)
    reports = open_quarter(officer, form, "2021-Q3", backfill=False)
    assert not any(r.is_backfill for r in reports)
    sent = services.report_submit(by=users["qk2.baocao"], report=reports[0])
    late = selectors.due_reports(user=users["qk2.duyet"])["late"]
    assert late.filter(form=form).exists()

    open_quarter(officer, form, "2021-Q3", backfill=True)
    sent.refresh_from_db()
    assert not sent.is_backfill
    assert set(
        Report.objects.filter(form=form, first_submitted_at__isnull=True).values_list(
            "is_backfill", flat=True
        )
    ) == {True}
    assert not selectors.due_reports(user=users["qk2.duyet"])["late"].filter(form=form).exists()


def test_entered_afterwards_counts_as_received_never_as_late(users):
    """Given 2021-Q2 entered afterwards, when a unit submits its report today (years after
    the due date), then the subtree's completeness counts it as received, but nothing is
    late or overdue and the on-time rate has nothing to measure; the submission is logged
    with today's date and the reporter."""
    officer = users["qk2.theodoi"]
    form = quarterly_form(officer)
    reports = open_quarter(officer, form, "2021-Q2")
    reporter = users["qk2.baocao"]
    report = services.report_submit(by=reporter, report=reports[0])
    assert report.first_submitted_at.date() > report.due_date

    counts = selectors.completeness(
        user=SYSTEM, unit=Unit.objects.get(code="QK2"), period=report.period, forms=[form]
    )
    assert counts["expected"] == len(reports) and counts["received"] == 1
    assert counts["backfill"] == len(reports)
    assert counts["on_time"] == 0 and counts["late"] == 0 and counts["overdue"] == 0
    assert counts["timeliness"] is None and counts["late_share"] is None
    assert counts["completeness"] is not None and counts["completeness"] > 0

    submitted = ChangeLog.objects.filter(action="report_submit", object_id=str(report.pk)).get()
    assert submitted.user == reporter
    assert timezone.localtime(submitted.time).date() == timezone.localdate()


def test_the_on_time_rate_of_a_period_mixes_only_reports_with_a_deadline(users):
    """Given 2021-Q4 opened in its time with one report sent late, and the rest marked as
    entered afterwards, then the late one counts against the rate of those with a deadline
    (one late out of one), and the ones entered afterwards do not."""
    officer = users["qk2.theodoi"]
    form = quarterly_form(officer)
    reports = open_quarter(officer, form, "2021-Q4", backfill=False)
    late = services.report_submit(by=users["qk2.baocao"], report=reports[0])
    # The rest keyed in afterwards: the period opened again as entered afterwards.
    services.form_open_period(by=officer, form=form, period=late.period, backfill=True)
    counts = selectors.completeness(
        user=SYSTEM, unit=Unit.objects.get(code="QK2"), period=late.period, forms=[form]
    )
    assert counts["late"] == 1 and counts["on_time"] == 0 and counts["overdue"] == 0
    assert counts["timeliness"] == 0 and counts["late_share"] == 100
    assert counts["backfill"] == len(reports) - 1


def test_an_import_into_a_period_long_past_creates_reports_entered_afterwards(users):
    """Given a form with one indicator, when a file of 2021-Q1 values is imported (the
    period never opened for the form), then the reports it creates are entered
    afterwards."""
    from tongket.core.workbook import Problems
    from tongket.reporting.services.imports import read_csv_rows

    officer = users["qk2.theodoi"]
    half_year = ReportForm.objects.get(code="BC6T-623-QK2")
    indicator = half_year.indicators.get(code="HC02")
    form = services.form_create(
        by=officer,
        code="BCQ-HC02",
        name="Báo cáo quý HC02",
        owner_unit=Unit.objects.get(code="QK2"),
        period_type=PeriodType.QUARTER,
        resolution=indicator.resolution,
        indicators=[indicator],
    )
    services.form_assign(by=officer, form=form, units=qk2_reporting_units())
    text = "Mã đơn vị;Mã chỉ tiêu;Kỳ;Giá trị;Tử số;Mẫu số;Ghi chú\nSD316-E98;HC02;2021-Q1;7;;;\n"
    problems = Problems()
    rows = list(read_csv_rows(text.encode("utf-8-sig"), problems))
    assert not problems
    services.values_import(by=users["qk2.baocao"], form=form, rows=rows, sheet="CSV")
    report = Report.objects.get(form=form, unit__code="SD316-E98", period__code="2021-Q1")
    assert report.is_backfill and report.state == ReportState.DRAFT
    assert report.due_date < datetime.date(2021, 6, 1)
