"""Reports entered afterwards (nhập bù) on the reporting pages: the due page lists them as
entered afterwards, never as overdue or late; nobody is offered a reminder; the officer opens
a past period as entered afterwards from the form's page."""

from __future__ import annotations

import pytest

from tongket.core.models import ChangeLog
from tongket.org.models import Unit
from tongket.reporting import services
from tongket.reporting.choices import PeriodType
from tongket.reporting.demo import qk2_reporting_units
from tongket.reporting.models import Report, ReportForm
from tongket.resolutions.models import Resolution

pytestmark = pytest.mark.django_db


def quarterly_form(users) -> ReportForm:
    officer = users["qk2.theodoi"]
    form = services.form_create(
        by=officer,
        code="BCQ-623-QK2",
        name="Báo cáo quý thực hiện Nghị quyết 623",
        owner_unit=Unit.objects.get(code="QK2"),
        period_type=PeriodType.QUARTER,
        resolution=Resolution.objects.get(symbol="623-NQ/QUTW"),
        indicators=[],
    )
    services.form_assign(by=officer, form=form, units=qk2_reporting_units())
    return form


def test_the_due_page_labels_reports_entered_afterwards_and_never_calls_them_late(client, users):
    """Given 2021-Q2 opened today for a quarterly form (entered afterwards), when the
    reporter opens the due page, then its reports are listed as owed with the
    entered-afterwards label and do not raise the overdue count; the approver's late list
    and its reminder buttons leave them out."""
    client.force_login(users["qk2.baocao"])
    before = client.get("/reports/due/").context["owed_overdue"]
    form = quarterly_form(users)
    client.force_login(users["qk2.theodoi"])
    response = client.post(f"/report-forms/{form.pk}/open-period/", {"open-period": "2021-Q2"})
    assert response.status_code == 302
    backfilled = list(Report.objects.filter(form=form))
    assert backfilled and all(r.is_backfill for r in backfilled)

    client.force_login(users["qk2.baocao"])
    response = client.get("/reports/due/")
    owed = [r for r in response.context["owed"] if r.form_id == form.pk]
    assert owed and all(r.timing == {"received": False, "backfill": True} for r in owed)
    assert response.context["owed_overdue"] == before
    assert 'data-testid="backfill"' in response.content.decode()

    client.force_login(users["qk2.duyet"])
    response = client.get("/reports/due/")
    assert not [r for r in response.context["late"] if r.form_id == form.pk]
    page = client.get(f"/reports/{backfilled[0].pk}/").content.decode()
    assert 'data-testid="backfill"' in page and 'data-testid="remind"' not in page
    overdue = client.get("/reports/", {"overdue": "on", "form": form.pk}).context["rows"]
    assert not list(overdue)


def test_the_officer_opens_a_period_as_entered_afterwards_from_the_form_page(client, users):
    """Given 2021-Q3 opened as in its time (through the service, as the demo keeps its
    history), when the officer ticks "entered afterwards" and opens it again on the form's
    page, then its reports not received become entered afterwards, the form's period table
    says so, and the change log records the officer."""
    form = quarterly_form(users)
    officer = users["qk2.theodoi"]
    period = services.period_ensure(by=officer, code="2021-Q3")
    services.form_open_period(by=officer, form=form, period=period, backfill=False)
    client.force_login(users["qk2.duyet"])
    late = client.get("/reports/due/").context["late"]
    assert [r for r in late if r.form_id == form.pk]

    client.force_login(officer)
    page = client.get(f"/report-forms/{form.pk}/").content.decode()
    assert 'name="open-backfill"' in page
    response = client.post(
        f"/report-forms/{form.pk}/open-period/", {"open-period": "2021-Q3", "open-backfill": "on"}
    )
    assert response.status_code == 302
    assert set(Report.objects.filter(form=form).values_list("is_backfill", flat=True)) == {True}
    page = client.get(f"/report-forms/{form.pk}/").content.decode()
    assert 'data-testid="backfill"' in page
    logged = ChangeLog.objects.filter(action="form_open_period", object_id=str(form.pk)).latest(
        "time"
    )
    assert logged.user == officer and logged.after["backfill"] is True
    assert logged.after["marked_backfill"] == Report.objects.filter(form=form).count()

    client.force_login(users["qk2.duyet"])
    late = client.get("/reports/due/").context["late"]
    assert not [r for r in late if r.form_id == form.pk]
