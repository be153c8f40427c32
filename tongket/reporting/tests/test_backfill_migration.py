"""Migration 0009: reports that came into being after their due date before the services
marked them are marked as entered afterwards (nhập bù), by the services' rule, with their
completeness rows counted again; periods opened as in their time, periods not yet due and
reports created in their time (as the change log tells) are left as they are."""

from __future__ import annotations

import datetime
import importlib

import pytest
from django.apps import apps
from django.utils import timezone

from tongket.core.models import ChangeLog
from tongket.core.scopes import SYSTEM
from tongket.org.models import Unit
from tongket.reporting import selectors, services
from tongket.reporting.choices import PeriodType
from tongket.reporting.models import Report, ReportForm
from tongket.reporting.services import completeness
from tongket.reporting.tests.test_completeness_kept import assert_kept
from tongket.resolutions.demo import qk2_reporting_units

pytestmark = pytest.mark.django_db
migration = importlib.import_module("tongket.reporting.migrations.0009_reports_entered_afterwards")


def open_as_before(form: ReportForm, code: str, **kwargs) -> list[Report]:
    """The period opened for the form, its reports left unmarked as versions before the
    services marked them did (with the completeness rows those versions counted)."""
    period = services.period_ensure(by=SYSTEM, code=code)
    services.form_open_period(by=SYSTEM, form=form, period=period, **kwargs)
    reports = Report.objects.filter(form=form, period=period)
    reports.update(is_backfill=False)
    completeness.rebuild(pairs=[(form.pk, period.pk)])
    return list(reports.order_by("pk"))


def in_the_log_on(day: datetime.date, **filters) -> None:
    """Entries of the change log dated back (as they stand in a database used since then)."""
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
    ChangeLog.objects.filter(**filters).update(time=moment)


def test_reports_created_after_their_due_date_are_marked_and_recounted(users):
    """Given a quarterly form created in September 2021 for the units of QK2 (as its log
    says), with 2021-Q2 keyed in only now (one report already sent, years late) and 2021-Q4
    opened in its time (its period logged in October 2021), 2021-Q3 opened as in its time on
    purpose and next year's first quarter: the migration marks the reports of 2021-Q2 only;
    their completeness counts them as entered afterwards (nothing late, nothing overdue), the
    rows equal what the reports add up to, and a second run changes nothing."""
    units = qk2_reporting_units()
    form = services.form_create(
        by=SYSTEM,
        code="BCQ-MIG",
        name="Báo cáo quý (di chuyển dữ liệu)",
        owner_unit=Unit.objects.get(code="QK2"),
        period_type=PeriodType.QUARTER,
        indicators=[],
    )
    services.form_assign(by=SYSTEM, form=form, units=units)
    september = datetime.date(2021, 9, 1)
    in_the_log_on(september, action="form_create", object_id=str(form.pk))
    in_the_log_on(september, action="unit_create", object_id__in=[str(u.pk) for u in units])

    keyed_in = open_as_before(form, "2021-Q2")
    sent = services.report_submit(by=SYSTEM, report=keyed_in[0])
    in_its_time = open_as_before(form, "2021-Q4")
    in_the_log_on(
        datetime.date(2021, 10, 1),
        action="period_create",
        object_id=str(in_its_time[0].period_id),
    )
    as_decided = open_as_before(form, "2021-Q3", backfill=False)
    coming = open_as_before(form, f"{timezone.localdate().year + 1}-Q1")
    demo_marked = set(Report.objects.filter(is_backfill=True).values_list("pk", flat=True))

    qk2, q2 = Unit.objects.get(code="QK2"), keyed_in[0].period
    before = selectors.completeness(user=SYSTEM, unit=qk2, period=q2, forms=[form])
    assert before["late"] == 1 and before["overdue"] == len(keyed_in) - 1

    migration.mark(apps, None)

    marked = set(Report.objects.filter(is_backfill=True).values_list("pk", flat=True))
    assert marked - demo_marked == {report.pk for report in keyed_in}
    assert not marked & {r.pk for r in in_its_time + as_decided + coming}
    after = selectors.completeness(user=SYSTEM, unit=qk2, period=q2, forms=[form])
    assert after["backfill"] == len(keyed_in) and after["backfill_received"] == 1
    assert after["late"] == 0 and after["overdue"] == 0 and after["received"] == 1
    assert Report.objects.get(pk=sent.pk).first_submitted_at == sent.first_submitted_at
    assert_kept()

    migration.mark(apps, None)
    assert set(Report.objects.filter(is_backfill=True).values_list("pk", flat=True)) == marked
    assert_kept()


def test_the_demo_s_history_kept_in_its_time_is_left_as_it_is(users):
    """The demo opened its past periods as in their time: nothing of it is marked."""
    before = dict(Report.objects.values_list("pk", "is_backfill"))
    migration.mark(apps, None)
    assert dict(Report.objects.values_list("pk", "is_backfill")) == before
    assert_kept()
