"""The periodic reporting pages: what is due and who is late, with reminders, and the report
list with its filters and export. Lists keep a bounded number of queries."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from tongket.core.models import Notification
from tongket.org.models import Unit
from tongket.reporting.choices import ReportState
from tongket.reporting.models import Reminder, Report, ReportForm
from tongket.ui.tests.reporting.helpers import FORM, HTMX, latest_past_period

pytestmark = pytest.mark.django_db


# --- Due and overdue --------------------------------------------------------------------------


def test_reporter_sees_what_the_units_owe_with_overdue_and_returned(client, users):
    """Given the demo, the QK2 reporter's due page lists the drafts of the latest half-year
    past its due date (overdue, in red), the returned ones with their reason, and the drafts
    of the current half-year; no approval or late panel for a reporter."""
    client.force_login(users["qk2.baocao"])
    past = latest_past_period()
    response = client.get("/reports/due/")
    assert response.status_code == 200
    owed = response.context["owed"]
    codes = {(r.unit.code, r.period.code, r.state) for r in owed}
    overdue_draft = Report.objects.filter(
        form__code=FORM, period=past, state=ReportState.DRAFT
    ).first()
    returned = Report.objects.filter(
        form__code=FORM, period=past, state=ReportState.RETURNED
    ).first()
    assert (overdue_draft.unit.code, past.code, "draft") in codes
    assert (returned.unit.code, past.code, "returned") in codes
    assert response.context["owed_overdue"] >= 1
    body = response.content.decode()
    assert 'data-testid="overdue"' in body
    assert returned.return_reason[:40] in body
    assert not response.context["show_approve"] and not response.context["show_late"]
    assert 'data-testid="late"' not in body
    # Soonest due first.
    assert [r.due_date for r in owed] == sorted(r.due_date for r in owed)


def test_approver_sees_what_waits_and_who_is_late(client, users):
    client.force_login(users["qk2.duyet"])
    past = latest_past_period()
    response = client.get("/reports/due/")
    assert response.status_code == 200
    waiting = {r.pk for r in response.context["to_approve"]}
    submitted = set(
        Report.objects.filter(form__code=FORM, period=past, state=ReportState.SUBMITTED)
        .exclude(unit__code="QK2")
        .values_list("pk", flat=True)
    )
    assert submitted and submitted <= waiting
    late = {r.pk for r in response.context["late"]}
    missing = set(
        Report.objects.filter(
            form__code=FORM, period=past, first_submitted_at__isnull=True
        ).values_list("pk", flat=True)
    )
    assert missing and missing == late & missing
    assert response.context["late_count"] == len(late)
    assert response.content.decode().count('data-testid="remind"') == len(late)
    # Nothing of another branch.
    assert not any(
        r.unit.path.startswith(Unit.objects.get(code="TCCNQP").path)
        for r in owed_and_late(response)
    )


def owed_and_late(response) -> list[Report]:
    return list(response.context["to_approve"]) + list(response.context["late"])


def test_one_click_reminder_counts_and_notifies(client, users):
    """Given a late unit, when the approver clicks Remind (htmx), the unit's reporters get a
    notification, the reminder is logged and the row shows the new count."""
    client.force_login(users["qk2.duyet"])
    late = client.get("/reports/due/").context["late"][0]
    before = Notification.objects.filter(user=users["qk2.baocao"]).count()
    response = client.post(f"/reports/{late.pk}/remind/", {"next": "/reports/due/"}, **HTMX)
    assert response.status_code == 200
    body = response.content.decode()
    assert f'id="late-{late.pk}"' in body and 'data-testid="reminder-count"' in body
    assert (
        Reminder.objects.filter(report=late, kind="manual", sent_by=users["qk2.duyet"]).count() == 1
    )
    assert Notification.objects.filter(user=users["qk2.baocao"]).count() == before + 1
    assert response.context["report"].reminder_count == 1
    # Without htmx: back to the page named, with a message.
    response = client.post(f"/reports/{late.pk}/remind/", {"next": "/reports/due/"})
    assert response.status_code == 302 and response["Location"] == "/reports/due/"
    assert Reminder.objects.filter(report=late).count() == 2


def test_reporter_cannot_remind_and_a_received_report_is_not_reminded(client, users):
    late = Report.objects.filter(
        form__code=FORM, period=latest_past_period(), first_submitted_at__isnull=True
    ).first()
    client.force_login(users["qk2.baocao"])
    response = client.post(f"/reports/{late.pk}/remind/", **HTMX)
    assert response.status_code == 200
    assert "text-danger" in response.content.decode()
    assert not Reminder.objects.filter(report=late).exists()
    approved = (
        Report.objects.filter(form__code=FORM, state=ReportState.APPROVED)
        .exclude(unit__code="QK2")
        .first()
    )
    client.force_login(users["qk2.duyet"])
    response = client.post(f"/reports/{approved.pk}/remind/")
    assert response.status_code == 302
    assert not Reminder.objects.filter(report=approved).exists()


def test_remind_them_all_skips_those_reminded_today(client, users):
    client.force_login(users["qk2.duyet"])
    late = list(client.get("/reports/due/").context["late"])
    response = client.post("/reports/due/remind-all/")
    assert response.status_code == 302
    assert Reminder.objects.filter(report__in=late).count() == len(late)
    client.post("/reports/due/remind-all/")
    assert Reminder.objects.filter(report__in=late).count() == len(late)


def test_due_page_keeps_a_bounded_number_of_queries(client, users, django_assert_max_num_queries):
    for username in ("qk2.baocao", "qk2.duyet", "bqp.theodoi", "admin"):
        client.force_login(users[username])
        with django_assert_max_num_queries(22):
            assert client.get("/reports/due/").status_code == 200


# --- Report list ------------------------------------------------------------------------------


def test_list_filters_stay_in_the_url_and_sort_in_vietnamese_order(client, users):
    client.force_login(users["qk2.baocao"])
    past = latest_past_period()
    form = ReportForm.objects.get(code=FORM)
    response = client.get(
        "/reports/", {"period": past.code, "form": form.pk, "unit": "SD355", "state": ""}
    )
    assert response.status_code == 200
    rows = response.context["rows"]
    assert rows and {r.unit.parent.code for r in rows} <= {"SD355"}
    assert {r.period.code for r in rows} == {past.code}
    names = [r.unit.sort_key for r in rows]
    assert names == sorted(names)
    # Pagination keeps the filters.
    response = client.get("/reports/", {"form": form.pk})
    assert response.context["page"].paginator.num_pages > 1
    assert f"form={form.pk}" in response.content.decode()
    overdue = client.get("/reports/", {"overdue": "on"}).context["rows"]
    assert overdue and all(r.timing["overdue"] for r in overdue)
    returned = client.get("/reports/", {"state": "returned"}).context["rows"]
    assert returned and all(r.state == "returned" for r in returned)


def test_list_shows_nothing_of_another_branch_and_refuses_bad_filters(client, users):
    client.force_login(users["qk2.baocao"])
    cnqp = ReportForm.objects.get(code="BCN-382-CNQP")
    response = client.get("/reports/", {"form": cnqp.pk, "unit": "TCCNQP", "period": "2099-Q9"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"form", "unit", "period"} <= set(errors)
    body = response.content.decode()
    assert "Nhà máy Z1" not in body and "BCN-382-CNQP" not in body


def test_list_exports_the_filtered_reports(client, users):
    client.force_login(users["qk2.duyet"])
    past = latest_past_period()
    response = client.get("/reports/", {"period": past.code, "export": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content))["Báo cáo"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    expected = Report.objects.filter(
        period=past, unit__path__startswith=Unit.objects.get(code="QK2").path
    ).count()
    assert len(rows) == expected
    assert {row[3] for row in rows} == {past.code}


def test_list_keeps_a_bounded_number_of_queries(client, admin_user, django_assert_max_num_queries):
    client.force_login(admin_user)
    for query in (
        "",
        "?state=approved",
        "?overdue=on&page=2",
        f"?form={ReportForm.objects.first().pk}",
    ):
        with django_assert_max_num_queries(16):
            assert client.get("/reports/" + query).status_code == 200
