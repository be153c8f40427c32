"""Importing values (all or nothing), completeness and timeliness, reminders."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.test import override_settings

from tongket.core.errors import RowErrors
from tongket.core.models import Notification
from tongket.core.scopes import SYSTEM
from tongket.core.workbook import Problems
from tongket.org.models import Unit
from tongket.reporting import selectors, services
from tongket.reporting.choices import ReminderKind, ReportState
from tongket.reporting.models import DataValue, Period, Reminder, Report, ReportForm
from tongket.reporting.services.imports import read_csv_rows

pytestmark = pytest.mark.django_db
HEADER = "Mã đơn vị;Mã chỉ tiêu;Kỳ;Giá trị;Tử số;Mẫu số;Ghi chú\n"
# A good row for every indicator of the form: (code, value, numerator, denominator).
GOOD = [
    ("HC01", "", "45", "50"),
    ("HC02", "12", "", ""),
    ("HC03", "1.234,5", "", ""),
    ("HC04", "", "49", "50"),
    ("HC05", "0", "", ""),
    ("HC06", "800", "", ""),
    ("HC07", "61000", "", "700"),
    ("HC08", "1", "", ""),
    ("HC09", "4", "", ""),
]


def open_period() -> Period:
    return (
        Period.objects.filter(reports__form__code="BC6T-623-QK2", is_open=True)
        .order_by("-sort_key")
        .first()
    )


@pytest.fixture(params=["small", "large"])
def size(request, monkeypatch):
    """Files read as small ones (checked, then written) and as large ones (the bulk
    threshold lowered: on PostgreSQL each row is copied as soon as it is checked)."""
    if request.param == "large":
        from tongket.reporting.services.imports import writing

        monkeypatch.setattr(writing, "BULK_THRESHOLD", 0)
    return request.param


def rows(text: str):
    problems = Problems()
    found = list(read_csv_rows(text.encode("utf-8-sig"), problems))
    assert not problems, problems.rows
    return found


def test_a_good_csv_is_imported_and_submitted_with_roll_ups_fresh(users, size):
    form = ReportForm.objects.get(code="BC6T-623-QK2")
    period = open_period()
    text = HEADER + "".join(
        f"SD316-E98;{code};{period.code};{value};{num};{den};Đã kiểm tra\n"
        for code, value, num, den in GOOD
    )
    counts = services.values_import(
        by=users["qk2.baocao"], form=form, rows=rows(text), sheet="CSV", then="submit"
    )
    assert counts == {"values": 9, "reports": 1, "submitted": 1, "approved": 0}
    report = Report.objects.get(form=form, period=period, unit__code="SD316-E98")
    assert report.state == ReportState.SUBMITTED
    assert report.values.get(indicator__code="HC03").value == Decimal("1234.5")
    sd316 = Unit.objects.get(code="SD316")
    figure = selectors.figures(
        user=SYSTEM, unit=sd316, period=period, indicators=[form.indicators.get(code="HC03")]
    )[0]
    assert figure.value >= Decimal("1234.5")


def test_a_bad_file_is_refused_whole_with_its_rows(users, size):
    form = ReportForm.objects.get(code="BC6T-623-QK2")
    period = open_period()
    before = DataValue.objects.count()
    text = HEADER + (
        f"SD316-E98;HC02;{period.code};12;;;\n"
        f"KHONGCO;HC02;{period.code};12;;;\n"
        f"SD316-E98;XX99;{period.code};12;;;\n"
        f"SD316-E98;HC03;2026-H7;12;;;\n"
        f"SD316-E98;HC06;{period.code};mười;;;\n"
        f"SD316-E98;HC01;{period.code};;60;50;\n"
        f"Z111;HC02;{period.code};12;;;\n"
        f"SD316-E98;HC02;{period.code};13;;;\n"
    )
    with pytest.raises(RowErrors) as caught:
        services.values_import(by=users["qk2.baocao"], form=form, rows=rows(text), sheet="CSV")
    located = {(e["row"], e["column"]) for e in caught.value.rows}
    assert located >= {
        (3, "Mã đơn vị"),
        (4, "Mã chỉ tiêu"),
        (5, "Kỳ"),
        (6, "Giá trị"),
        (7, "Tử số"),
        (8, "Mã đơn vị"),  # Z111 is outside the QK2 reporter's scope: an unknown code
        (9, "Mã chỉ tiêu"),  # the same unit, indicator and period twice
    }
    assert DataValue.objects.count() == before


def test_completeness_never_counts_a_unit_that_did_not_exist(users):
    """Hà Giang's command was merged away on 01/07/2025: it is expected up to 2025-H2 (it
    existed for part of it) and never after."""
    qk2 = Unit.objects.get(code="QK2")
    form = ReportForm.objects.get(code="BC6T-623-QK2")
    units = lambda code: set(  # noqa: E731
        Report.objects.filter(form=form, period__code=code).values_list("unit__code", flat=True)
    )
    assert "BCHQS-HG" in units("2025-H1") and "BCHQS-HG" in units("2025-H2")
    assert "BCHQS-HG" not in units("2026-H1")
    assert "PTKV-PT-1" not in units("2025-H1") and "PTKV-PT-1" in units("2026-H1")
    for code in ("2024-H2", "2025-H2", "2026-H1"):
        done = selectors.completeness(
            user=users["qk2.duyet"], unit=qk2, period=Period.objects.get(code=code), forms=[form]
        )
        assert done["received"] <= done["expected"]
        assert done["on_time"] + done["late"] == done["received"]
        assert done["completeness"] <= 100


@override_settings(SITE_URL="http://tongket.example.vn")
def test_reminders_before_and_after_the_due_date_once_each(users):
    period = open_period()
    report = Report.objects.filter(period=period, first_submitted_at__isnull=True).first()
    services.period_set_open(by=SYSTEM, period=report.period, is_open=True)
    users["qk2.baocao"].email = "baocao@example.org"
    users["qk2.baocao"].save()
    before_due = report.due_date - datetime.timedelta(days=1)
    counts = services.reminders_send(today=before_due)
    assert counts["before_due"] >= 1
    assert Reminder.objects.filter(report=report, kind=ReminderKind.BEFORE_DUE).count() == 1
    assert services.reminders_send(today=before_due)["before_due"] == 0  # not twice
    after_due = report.due_date + datetime.timedelta(days=3)
    assert services.reminders_send(today=after_due)["overdue"] >= 1
    assert Reminder.objects.filter(report=report, kind=ReminderKind.OVERDUE).count() == 1
    assert Notification.objects.filter(
        user=users["qk2.baocao"], title__contains=report.unit.name
    ).exists()
    sent = [message for message in mail.outbox if "baocao@example.org" in message.to]
    assert sent
    # The link in the e-mail is absolute: it must work from a mail client.
    assert f"http://tongket.example.vn/reports/{report.pk}/" in sent[0].body


def test_one_click_reminder_by_an_approver_not_by_another_branch(users):
    report = Report.objects.filter(
        period=open_period(), first_submitted_at__isnull=True, unit__code__startswith="BCHQS"
    ).first()
    reminder = services.report_remind(by=users["qk2.duyet"], report=report)
    assert reminder.kind == ReminderKind.MANUAL and reminder.recipients >= 1
    from tongket.core.errors import NotFound

    with pytest.raises(NotFound):
        services.report_remind(by=users["cnqp.baocao"], report=report)


def test_a_refused_file_leaves_no_new_period_behind(users, size):
    form = ReportForm.objects.get(code="BC6T-623-QK2")
    assert not Period.objects.filter(code__in=["2041-H1", "2041"]).exists()
    text = HEADER + "SD316-E98;HC02;2041-H1;12;;;\nKHONGCO;HC02;2041-H1;12;;;\n"
    with pytest.raises(RowErrors):
        services.values_import(by=users["qk2.baocao"], form=form, rows=rows(text), sheet="CSV")
    assert not Period.objects.filter(code__in=["2041-H1", "2041"]).exists()


def test_no_reminder_for_a_report_of_a_closed_period(users):
    from tongket.core.errors import DomainError

    report = Report.objects.filter(
        period=open_period(), first_submitted_at__isnull=True, unit__code__startswith="BCHQS"
    ).first()
    services.period_set_open(by=SYSTEM, period=report.period, is_open=False)
    report.refresh_from_db()
    before = Reminder.objects.count()
    with pytest.raises(DomainError):
        services.report_remind(by=users["qk2.duyet"], report=report)
    assert Reminder.objects.count() == before
