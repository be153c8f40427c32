"""The periodic reporting pages: what is due and who is late with reminders, the report list,
a report's entry grid autosaved cell by cell (conflicts, warnings, errors beside the field),
the narrative, attachments, the workflow for each role, report forms and periods for
tracking officers, and the import of values. Bad input answers with a message naming the
field or row, never a 500; lists and the entry page keep a bounded number of queries."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import Workbook, load_workbook

from tongket.core.models import ChangeLog, Job, Notification
from tongket.org.models import Unit
from tongket.reporting.choices import ReportState
from tongket.reporting.models import (
    DataValue,
    FormAssignment,
    Period,
    PeriodRule,
    Reminder,
    Report,
    ReportAttachment,
    ReportForm,
)
from tongket.resolutions.models import Resolution

pytestmark = pytest.mark.django_db
FORM = "BC6T-623-QK2"
HTMX = {"HTTP_HX_REQUEST": "true"}


def report_of(unit_code: str, period_code: str, form_code: str = FORM) -> Report:
    return Report.objects.select_related("period", "unit", "form").get(
        form__code=form_code, unit__code=unit_code, period__code=period_code
    )


def current_draft(unit_code: str = "BCHQS-PT") -> Report:
    """The unit's draft of the open half-year still to come (nothing entered in the demo for
    most units; cleared here so every test starts from an empty draft)."""
    report = (
        Report.objects.filter(
            form__code=FORM, unit__code=unit_code, state=ReportState.DRAFT, period__is_open=True
        )
        .select_related("period", "unit", "form")
        .order_by("-period__sort_key")
        .first()
    )
    report.values.all().delete()
    return report


def latest_past_period() -> Period:
    """The latest half-year whose reports are due (some missing, returned, waiting)."""
    return (
        Period.objects.filter(reports__form__code=FORM, reports__state=ReportState.SUBMITTED)
        .order_by("-sort_key")
        .first()
    )


def indicator(report: Report, code: str):
    return report.form.indicators.get(code=code)


def history_value(report: Report, code: str) -> DataValue:
    """The unit's median earlier value of the indicator (never far from its history)."""
    values = sorted(
        DataValue.objects.filter(
            unit=report.unit,
            indicator__code=code,
            indicator__forms=report.form,
            period__type=report.period.type,
            period__sort_key__lt=report.period.sort_key,
            value__isnull=False,
        ).order_by("-period__sort_key")[:12],
        key=lambda v: v.value,
    )
    return values[len(values) // 2]


def text(value: Decimal | None) -> str:
    if value is None:
        return ""
    plain = format(value.normalize(), "f")
    return plain.replace(".", ",")


def save_row(client, report: Report, code: str, base: DataValue | None = None, **typed):
    """Post one row of the grid as the page does (the base is what the page showed)."""
    ind = indicator(report, code)
    data = {"indicator": ind.pk, "comment": typed.pop("comment", "")}
    data.update(typed)
    for name in ("value", "numerator", "denominator"):
        stored = getattr(base, name) if base is not None else None
        data[f"base_{name}"] = "" if stored is None else format(stored, "f")
    return client.post(f"/reports/{report.pk}/value/", data, **HTMX)


def fill_like_history(client, report: Report) -> None:
    """Every indicator gets the unit's median earlier value, through the autosave."""
    for link in report.form.form_indicators.select_related("indicator"):
        code = link.indicator.code
        earlier = history_value(report, code)
        if link.indicator.measure_kind == "ratio":
            typed = {"numerator": text(earlier.numerator), "denominator": text(earlier.denominator)}
        elif link.indicator.unit_aggregation == "weighted_average":
            typed = {"value": text(earlier.value), "weight": text(earlier.denominator)}
        else:
            typed = {"value": text(earlier.value)}
        response = save_row(client, report, code, **typed)
        assert response.status_code == 200 and "entry-error" not in response.content.decode(), (
            code,
            response.content.decode(),
        )


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


# --- The report page and its grid -------------------------------------------------------------


def test_the_entry_grid_shows_every_kind_of_input_and_the_figures_beside(client, users):
    report = current_draft()
    client.force_login(users["qk2.baocao"])
    response = client.get(f"/reports/{report.pk}/")
    assert response.status_code == 200
    body = response.content.decode()
    rows = {r["indicator"].code: r for r in response.context["rows"]}
    assert set(rows) == {i.code for i in report.form.indicators.all()}
    assert response.context["editable"] and response.context["can_submit"]
    assert not response.context["can_decide"]
    hc01 = indicator(report, "HC01")  # ratio
    assert 'name="numerator"' in body and 'name="denominator"' in body
    assert rows["HC07"]["is_weighted"] and 'name="weight"' in body
    assert rows["HC09"]["is_choice"] and "Xuất sắc" in body  # a rating level
    assert rows["HC08"]["is_choice"]
    # The target of the year and the previous period's value beside the entry.
    assert rows["HC03"]["target"] is not None and rows["HC03"]["target_due_text"]
    previous = DataValue.objects.get(
        report__unit=report.unit,
        report__form=report.form,
        period=rows["HC02"]["previous_period"],
        indicator__code="HC02",
    )
    assert rows["HC02"]["previous_text"][0] != "–"
    assert rows["HC02"]["previous"].pk == previous.pk
    assert f'id="row-{hc01.pk}"' in body
    assert 'data-testid="submit-report"' in body


def test_locked_reports_are_read_only_with_the_reason(client, users):
    approved = (
        Report.objects.filter(form__code=FORM, unit__code="SD316-E98", state=ReportState.APPROVED)
        .order_by("-period__sort_key")
        .first()
    )
    client.force_login(users["qk2.baocao"])
    response = client.get(f"/reports/{approved.pk}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert not response.context["editable"]
    assert 'name="numerator"' not in body and "data-autosave" not in body
    assert response.context["locked_reason"]
    assert 'data-testid="submit-report"' not in body
    # An approver above may reopen it (if its period is open), never the reporter.
    assert not response.context["can_reopen"]


def test_the_report_page_keeps_a_bounded_number_of_queries(
    client, users, django_assert_max_num_queries
):
    report = current_draft()
    client.force_login(users["qk2.baocao"])
    fill_like_history(client, report)
    with django_assert_max_num_queries(32):
        assert client.get(f"/reports/{report.pk}/").status_code == 200
    cnqp = Report.objects.filter(form__code="BCN-765-CNQP").order_by("-period__sort_key").first()
    client.force_login(users["cnqp.baocao"])
    with django_assert_max_num_queries(32):
        assert client.get(f"/reports/{cnqp.pk}/").status_code == 200


# --- Autosave ---------------------------------------------------------------------------------


def test_autosave_of_a_number_answers_with_status_base_and_version(client, users):
    report = current_draft()
    client.force_login(users["qk2.baocao"])
    response = save_row(client, report, "HC02", value="1.234,5", comment=" đo lại ")
    assert response.status_code == 200
    assert response["X-Autosave"] == "1"
    body = response.content.decode()
    stored = report.values.get(indicator__code="HC02")
    assert stored.value == Decimal("1234.5") and stored.comment == "đo lại"
    hc02 = indicator(report, "HC02")
    assert f'id="base-{hc02.pk}"' in body and 'name="base_value" value="1234.5' in body
    report.refresh_from_db()
    assert f'id="submit-version" name="version" value="{report.version}"' in body
    assert 'id="filled-count"' in body
    assert ChangeLog.objects.filter(action="value_save", object_id=str(report.pk)).exists()


def test_autosave_of_ratio_weight_rating_and_milestone(client, users):
    report = current_draft()
    client.force_login(users["qk2.baocao"])
    assert (
        "entry-error"
        not in save_row(client, report, "HC01", numerator="45", denominator="48").content.decode()
    )
    hc01 = report.values.get(indicator__code="HC01")
    assert (hc01.numerator, hc01.denominator) == (Decimal(45), Decimal(48))
    assert hc01.value == Decimal("93.7500")
    save_row(client, report, "HC07", value="62000", weight="600")
    hc07 = report.values.get(indicator__code="HC07")
    assert (hc07.value, hc07.denominator) == (Decimal(62000), Decimal(600))
    save_row(client, report, "HC09", value="4")
    save_row(client, report, "HC08", value="1")
    assert report.values.get(indicator__code="HC09").value == 4
    assert report.values.get(indicator__code="HC08").value == 1


def test_bad_input_is_refused_beside_the_field_and_kept(client, users):
    report = current_draft()
    client.force_login(users["qk2.baocao"])
    response = save_row(client, report, "HC02", value="mười hai")
    body = response.content.decode()
    assert response.status_code == 200 and "entry-error" in body
    assert "mười hai" in body and 'data-invalid="value"' in body
    response = save_row(client, report, "HC01", numerator="50", denominator="40")
    body = response.content.decode()
    assert "entry-error" in body and 'data-invalid="numerator"' in body
    response = save_row(client, report, "HC01", numerator="5", denominator="0")
    assert 'data-invalid="denominator"' in response.content.decode()
    response = save_row(client, report, "HC07", value="62000")
    assert 'data-invalid="weight"' in response.content.decode()
    assert not report.values.filter(value__isnull=False).exists()
    # An indicator the form does not ask: 404, nothing written.
    other = Report.objects.filter(form__code="BC6T-CTPH-DL").first().form.indicators.first()
    response = client.post(
        f"/reports/{report.pk}/value/", {"indicator": other.pk, "value": "1"}, **HTMX
    )
    assert response.status_code == 404


def test_two_people_saving_the_same_cell_get_a_conflict_not_an_overwrite(client, users):
    """Given the page shown to A with an empty HC02, when B saves 20 and then A types 30, A's
    save is refused with who changed it and what is stored; A's input stays; keeping A's
    entry (the base now the stored value) replaces it knowingly."""
    report = current_draft()
    other = users["qk2.baocao"]
    from tongket.core.scopes import SYSTEM
    from tongket.org import services as org_services

    second = org_services.user_create(
        by=SYSTEM,
        username="qk2.baocao2",
        password="x",
        unit=Unit.objects.get(code="QK2"),
        role="reporter",
        check_password=False,
    )
    client.force_login(second)
    save_row(client, report, "HC02", value="20")
    client.force_login(other)
    response = save_row(client, report, "HC02", value="30")
    body = response.content.decode()
    assert 'data-testid="conflict"' in body and "qk2.baocao2" in body and "20" in body
    assert report.values.get(indicator__code="HC02").value == 20
    assert 'name="base_value" value="20' in body
    stored = report.values.get(indicator__code="HC02")
    response = save_row(client, report, "HC02", base=stored, value="30")
    assert "entry-conflict" not in response.content.decode()
    assert report.values.get(indicator__code="HC02").value == 30
    # "Use the stored figure" answers the row as stored.
    response = client.get(
        f"/reports/{report.pk}/value/?indicator={indicator(report, 'HC02').pk}", **HTMX
    )
    assert response.status_code == 200 and 'value="30"' in response.content.decode()


def test_a_comment_alone_never_changes_a_value_nobody_touched(client, users):
    """A value with four decimals shown in full: posting the row again with a comment keeps
    it exactly (no rounding through the screen)."""
    report = current_draft()
    client.force_login(users["qk2.baocao"])
    save_row(client, report, "HC02", value="12,3456")
    stored = report.values.get(indicator__code="HC02")
    page = client.get(f"/reports/{report.pk}/").content.decode()
    assert 'value="12,3456"' in page
    save_row(client, report, "HC02", base=stored, value="12,3456", comment="ghi chú")
    again = report.values.get(indicator__code="HC02")
    assert again.value == Decimal("12.3456") and again.comment == "ghi chú"


def test_a_value_far_from_the_history_asks_for_a_comment_before_submission(client, users):
    report = current_draft()
    client.force_login(users["qk2.baocao"])
    fill_like_history(client, report)
    stored = report.values.get(indicator__code="HC03")
    response = save_row(client, report, "HC03", base=stored, value="99999")
    body = response.content.decode()
    assert "entry-warning" in body and 'data-state="warning"' in body
    report.refresh_from_db()
    response = client.post(f"/reports/{report.pk}/submit/", {"version": report.version})
    assert response.status_code == 200
    hc03 = indicator(report, "HC03")
    assert response.context["rows"][
        [r["indicator"].pk for r in response.context["rows"]].index(hc03.pk)
    ]["problems"]
    assert f'href="#row-{hc03.pk}"' in response.content.decode()
    stored = report.values.get(indicator__code="HC03")
    response = save_row(
        client, report, "HC03", base=stored, value="99999", comment="Có đợt xuất chuồng lớn."
    )
    assert "entry-explained" in response.content.decode()
    report.refresh_from_db()
    response = client.post(f"/reports/{report.pk}/submit/", {"version": report.version})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED


def test_locked_closed_and_foreign_reports_refuse_saves_with_a_message(client, users):
    client.force_login(users["qk2.baocao"])
    submitted = Report.objects.filter(form__code=FORM, state=ReportState.SUBMITTED).first()
    response = save_row(client, submitted, "HC02", value="5")
    assert response.status_code == 200 and "entry-error" in response.content.decode()
    closed = Report.objects.filter(
        form__code=FORM, period__is_open=False, unit__code="SD316-E98", state="approved"
    ).first()
    response = save_row(client, closed, "HC02", value="5")
    assert closed.period.code in response.content.decode()
    draft = current_draft()
    client.force_login(users["qk2.duyet"])
    response = save_row(client, draft, "HC02", value="5")
    assert "entry-error" in response.content.decode()
    assert not draft.values.exists()
    client.force_login(users["cnqp.baocao"])
    assert save_row(client, draft, "HC02", value="5").status_code == 404


def test_narrative_autosave_with_conflict_and_no_op(client, users):
    report = current_draft()
    report.narrative = {}
    report.save(update_fields=["narrative"])
    client.force_login(users["qk2.baocao"])
    url = f"/reports/{report.pk}/narrative/"
    response = client.post(url, {"key": "ket-qua", "text": "Hoàn thành tốt.", "base": ""}, **HTMX)
    assert response.status_code == 200 and response["X-Autosave"] == "1"
    report.refresh_from_db()
    assert report.narrative["ket-qua"] == "Hoàn thành tốt."
    version = report.version
    client.post(
        url, {"key": "ket-qua", "text": "Hoàn thành tốt.", "base": "Hoàn thành tốt."}, **HTMX
    )
    report.refresh_from_db()
    assert report.version == version  # nothing to save, nothing logged
    response = client.post(url, {"key": "ket-qua", "text": "Bản của tôi", "base": ""}, **HTMX)
    body = response.content.decode()
    assert 'data-testid="section-conflict"' in body and "Hoàn thành tốt." in body
    report.refresh_from_db()
    assert report.narrative["ket-qua"] == "Hoàn thành tốt."
    assert client.post(url, {"key": "khong-co", "text": "x"}, **HTMX).status_code == 404
    response = client.get(url + "?key=ket-qua", **HTMX)
    assert "Hoàn thành tốt." in response.content.decode()


# --- Workflow ---------------------------------------------------------------------------------


def test_submission_problems_show_beside_the_fields(client, users):
    report = current_draft()
    client.force_login(users["qk2.baocao"])
    save_row(client, report, "HC02", value="18")
    report.refresh_from_db()
    response = client.post(f"/reports/{report.pk}/submit/", {"version": report.version})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="problems"' in body
    hc03 = indicator(report, "HC03")
    assert f'href="#row-{hc03.pk}"' in body
    rows = {r["indicator"].code: r for r in response.context["rows"]}
    assert rows["HC03"]["problems"] and not rows["HC02"]["problems"]
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT


def test_a_stale_version_is_refused_with_a_reload_message(client, users):
    report = current_draft()
    client.force_login(users["qk2.baocao"])
    fill_like_history(client, report)
    response = client.post(f"/reports/{report.pk}/submit/", {"version": 1})
    assert response.status_code == 200
    assert response.context["other_problems"]  # "someone else saved…: reload the page"
    assert 'data-testid="problems"' in response.content.decode()
    response = client.post(f"/reports/{report.pk}/submit/", {"version": "abc"})
    assert response.status_code == 200 and response.context["problems"]
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT


def test_submit_return_fix_resubmit_approve_reopen_each_by_its_role(client, users):
    report = current_draft()
    reporter, approver = users["qk2.baocao"], users["qk2.duyet"]
    client.force_login(reporter)
    fill_like_history(client, report)
    report.refresh_from_db()
    assert (
        client.post(f"/reports/{report.pk}/submit/", {"version": report.version}).status_code == 302
    )
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED and report.first_submitted_at
    # The reporter may not approve: no button, and the service refuses.
    page = client.get(f"/reports/{report.pk}/")
    assert (
        not page.context["can_decide"]
        and 'data-testid="approve-report"' not in page.content.decode()
    )
    response = client.post(f"/reports/{report.pk}/approve/", {"version": report.version})
    assert response.status_code == 200
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED

    client.force_login(approver)
    page = client.get(f"/reports/{report.pk}/")
    assert page.context["can_decide"] and not page.context["editable"]
    response = client.post(
        f"/reports/{report.pk}/return/", {"return-reason": "  ", "return-version": report.version}
    )
    assert response.status_code == 200
    assert "return-reason-errors" in response.content.decode()
    assert 'class="collapse show" id="return-panel"' in response.content.decode()
    response = client.post(
        f"/reports/{report.pk}/return/",
        {"return-reason": "Bổ sung giải trình HC06.", "return-version": report.version},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert (
        report.state == ReportState.RETURNED and report.return_reason == "Bổ sung giải trình HC06."
    )

    client.force_login(reporter)
    page = client.get(f"/reports/{report.pk}/")
    assert 'data-testid="return-reason"' in page.content.decode()
    assert "Bổ sung giải trình HC06." in page.content.decode() and page.context["editable"]
    stored = report.values.get(indicator__code="HC06")
    save_row(
        client, report, "HC06", base=stored, value=text(stored.value), comment="Đã giải trình."
    )
    report.refresh_from_db()
    assert (
        client.post(f"/reports/{report.pk}/submit/", {"version": report.version}).status_code == 302
    )

    client.force_login(approver)
    report.refresh_from_db()
    assert (
        client.post(f"/reports/{report.pk}/approve/", {"version": report.version}).status_code
        == 302
    )
    report.refresh_from_db()
    assert report.state == ReportState.APPROVED and report.approved_by == approver
    page = client.get(f"/reports/{report.pk}/")
    assert page.context["can_reopen"]
    response = client.post(
        f"/reports/{report.pk}/reopen/", {"reopen-reason": "", "reopen-version": report.version}
    )
    assert response.status_code == 200 and response.context["reopen_form"].errors
    report.refresh_from_db()
    assert report.state == ReportState.APPROVED
    response = client.post(
        f"/reports/{report.pk}/reopen/",
        {"reopen-reason": "Sai số liệu HC02.", "reopen-version": report.version},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == ReportState.RETURNED
    actions = list(
        ChangeLog.objects.filter(object_id=str(report.pk), action__startswith="report_")
        .order_by("time", "id")
        .values_list("action", flat=True)
    )
    assert actions[-5:] == [
        "report_submit",
        "report_return",
        "report_submit",
        "report_approve",
        "report_reopen",
    ]


def test_approve_then_the_next_waiting(client, users):
    client.force_login(users["qk2.duyet"])
    waiting = list(client.get("/reports/due/").context["to_approve"])
    assert len(waiting) >= 2
    first = waiting[0]
    response = client.post(
        f"/reports/{first.pk}/approve/", {"version": first.version, "next_waiting": "1"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/reports/{waiting[1].pk}/"


# --- Attachments ------------------------------------------------------------------------------


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_attach_download_and_remove_a_file(client, users):
    report = current_draft()
    client.force_login(users["qk2.baocao"])
    upload = SimpleUploadedFile("Phụ lục số liệu.pdf", PDF, content_type="application/pdf")
    response = client.post(f"/reports/{report.pk}/files/", {"file": upload})
    assert response.status_code == 302 and response["Location"].endswith("#files")
    attachment = report.attachments.get()
    assert attachment.name == "Phụ lục số liệu.pdf" and attachment.content_type == "application/pdf"
    response = client.get(f"/reports/{report.pk}/files/{attachment.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert "attachment" in response["Content-Disposition"]
    # Another branch: 404.
    client.force_login(users["cnqp.baocao"])
    assert client.get(f"/reports/{report.pk}/files/{attachment.pk}/").status_code == 404
    client.force_login(users["qk2.baocao"])
    response = client.post(f"/reports/{report.pk}/files/{attachment.pk}/remove/")
    assert response.status_code == 302
    assert not ReportAttachment.objects.filter(pk=attachment.pk).exists()


def test_a_file_that_is_not_pdf_docx_or_an_image_is_refused(client, users):
    report = current_draft()
    client.force_login(users["qk2.baocao"])
    fake = SimpleUploadedFile(
        "bao-cao.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"
    )
    response = client.post(f"/reports/{report.pk}/files/", {"file": fake}, follow=True)
    assert response.status_code == 200
    messages = [str(m) for m in response.context["messages"]]
    assert any("bao-cao.pdf" in m for m in messages)
    assert not report.attachments.exists()
    response = client.post(f"/reports/{report.pk}/files/", {}, follow=True)
    assert any(str(m) for m in response.context["messages"])
    locked = Report.objects.filter(
        form__code=FORM, state=ReportState.APPROVED, period__is_open=True
    ).first()
    upload = SimpleUploadedFile("x.pdf", PDF, content_type="application/pdf")
    client.post(f"/reports/{locked.pk}/files/", {"file": upload})
    assert not locked.attachments.exists()


# --- Report forms -----------------------------------------------------------------------------


def test_form_list_and_detail_for_a_tracking_officer(client, users):
    client.force_login(users["qk2.theodoi"])
    response = client.get("/report-forms/")
    assert response.status_code == 200
    forms = {f.code: f for f in response.context["report_forms"]}
    assert FORM in forms and "BCN-382-CNQP" not in forms
    assert forms[FORM].indicator_count == 9 and forms[FORM].unit_count == 22
    form = ReportForm.objects.get(code=FORM)
    response = client.get(f"/report-forms/{form.pk}/")
    assert response.status_code == 200
    assert response.context["keeper"]
    periods = {p["period__code"]: p for p in response.context["periods"]}
    past = periods[latest_past_period().code]
    assert past["expected"] >= past["received"] >= past["approved"]
    assert past["overdue"] >= 1


def test_create_a_form_with_indicators_picked_and_ordered(client, users):
    client.force_login(users["qk2.theodoi"])
    resolution = Resolution.objects.get(symbol="623-NQ/QUTW")
    response = client.get("/report-forms/indicators/", {"resolution": resolution.pk})
    assert response.status_code == 200 and "HC01" in response.content.decode()
    hc = {i.code: i for i in resolution.indicators.all()}
    data = {
        "code": "bc-quy-623",
        "name": "Báo cáo quý 623",
        "owner_unit": "QK2",
        "period_type": "quarter",
        "resolution": resolution.pk,
        "indicator": [hc["HC03"].pk, hc["HC01"].pk],
        f"order_{hc['HC03'].pk}": "1",
        f"order_{hc['HC01'].pk}": "2",
    }
    response = client.post("/report-forms/new/", data)
    assert response.status_code == 302
    created = ReportForm.objects.get(code="BC-QUY-623")
    assert [link.indicator.code for link in created.form_indicators.order_by("order")] == [
        "HC03",
        "HC01",
    ]
    assert created.sections.count() == 4
    # The same code again: the error is beside the code field.
    response = client.post("/report-forms/new/", data)
    assert response.status_code == 200
    assert "code" in response.context["form"].errors
    # An order that is not a number.
    data["code"] = "BC-QUY-2"
    data[f"order_{hc['HC01'].pk}"] = "hai"
    response = client.post("/report-forms/new/", data)
    assert response.status_code == 200 and response.context["form"].non_field_errors()


def test_a_reporter_may_not_create_or_edit_forms(client, users):
    client.force_login(users["qk2.baocao"])
    response = client.get("/report-forms/")
    assert not response.context["can_create"]
    response = client.post(
        "/report-forms/new/",
        {"code": "X1", "name": "X", "owner_unit": "QK2", "period_type": "year"},
    )
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert not ReportForm.objects.filter(code="X1").exists()
    form = ReportForm.objects.get(code=FORM)
    assert client.get(f"/report-forms/{form.pk}/edit/").status_code == 403


def test_edit_the_indicators_and_keep_those_with_values(client, users):
    client.force_login(users["qk2.theodoi"])
    form = ReportForm.objects.get(code=FORM)
    links = list(form.form_indicators.select_related("indicator").order_by("order"))
    data = {"name": form.name, "description": "", "is_active": "on", "version": form.version}
    data["delivery_methods"] = form.delivery_methods
    data["indicator"] = [link.indicator_id for link in links]
    for position, link in enumerate(reversed(links), 1):
        data[f"order_{link.indicator_id}"] = position
    response = client.post(f"/report-forms/{form.pk}/edit/", data)
    assert response.status_code == 302
    order = [link.indicator.code for link in form.form_indicators.order_by("order")]
    assert order == [link.indicator.code for link in reversed(links)]
    form.refresh_from_db()
    data["version"] = form.version
    data["indicator"] = data["indicator"][1:]  # drop an indicator with values
    response = client.post(f"/report-forms/{form.pk}/edit/", data)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert form.form_indicators.count() == len(links)


def test_sections_assignments_and_opening_a_period(client, users):
    client.force_login(users["qk2.theodoi"])
    form = ReportForm.objects.get(code=FORM)
    response = client.post(
        f"/report-forms/{form.pk}/sections/",
        {
            "section-key": "bai-hoc",
            "section-title": "Bài học kinh nghiệm",
            "section-kind": "free",
            "section-guidance": "Nêu ngắn gọn.",
        },
    )
    assert response.status_code == 302
    assert form.sections.get(key="bai-hoc").guidance == "Nêu ngắn gọn."
    response = client.post(
        f"/report-forms/{form.pk}/sections/", {"section-key": "", "section-title": ""}
    )
    assert response.status_code == 200 and response.context["section_form"].errors
    # Ask Sư đoàn 316 and every active unit below it.
    response = client.post(
        f"/report-forms/{form.pk}/assign/", {"assign-unit": "SD316", "assign-below": "on"}
    )
    assert response.status_code == 302
    assert FormAssignment.objects.filter(form=form, unit__code="SD316").exists()
    response = client.post(f"/report-forms/{form.pk}/assign/", {"assign-unit": "Z111"})
    assert response.status_code == 200
    assert "unit" in response.context["assign_form"].errors
    sd316 = Unit.objects.get(code="SD316")
    response = client.post(f"/report-forms/{form.pk}/unassign/", {"unit": sd316.pk})
    assert response.status_code == 302
    assert not FormAssignment.objects.filter(form=form, unit=sd316).exists()
    # Opening a period creates the reports expected, once.
    code = "2027-H1"
    response = client.post(f"/report-forms/{form.pk}/open-period/", {"open-period": code})
    assert response.status_code == 302
    created = Report.objects.filter(form=form, period__code=code).count()
    expected = sum(
        1
        for a in FormAssignment.objects.filter(form=form).select_related("unit")
        if a.unit.dissolved_on is None
    )
    assert created == expected
    response = client.post(
        f"/report-forms/{form.pk}/open-period/", {"open-period": code}, follow=True
    )
    assert Report.objects.filter(form=form, period__code=code).count() == created
    # A period of another type, and a code that is none.
    for wrong in ("2027-Q1", "2027-H3"):
        response = client.post(f"/report-forms/{form.pk}/open-period/", {"open-period": wrong})
        assert response.status_code == 200
        assert response.context["open_form"].errors


def test_form_and_period_pages_keep_a_bounded_number_of_queries(
    client, users, django_assert_max_num_queries
):
    form = ReportForm.objects.get(code=FORM)
    for username in ("qk2.theodoi", "admin"):
        client.force_login(users[username])
        for path in (
            "/report-forms/",
            f"/report-forms/{form.pk}/",
            f"/report-forms/{form.pk}/edit/",
            f"/report-forms/{form.pk}/import/",
            "/periods/",
            "/periods/?type=half_year&page=2",
        ):
            with django_assert_max_num_queries(20):
                assert client.get(path).status_code == 200, path


# --- Periods ----------------------------------------------------------------------------------


def test_period_list_filters_and_only_the_top_closes_periods(client, users):
    client.force_login(users["bqp.theodoi"])
    response = client.get("/periods/", {"type": "half_year", "year": 2026})
    assert response.status_code == 200
    codes = [p.code for p in response.context["page"].object_list]
    assert codes == ["2026-H2", "2026-H1"]
    assert not response.context["top_keeper"]
    period = Period.objects.get(code="2026-H1")
    response = client.post(f"/periods/{period.pk}/toggle/", {"open": "0"}, follow=True)
    period.refresh_from_db()
    assert period.is_open
    assert any("top level" in str(m) or "cấp" in str(m) for m in response.context["messages"])
    client.force_login(users["admin"])
    assert client.get("/periods/").context["top_keeper"]
    client.post(f"/periods/{period.pk}/toggle/", {"open": "0"})
    period.refresh_from_db()
    assert not period.is_open


def test_add_a_period_and_set_rules_with_a_preview(client, users):
    client.force_login(users["qk2.theodoi"])
    response = client.post("/periods/new/", {"add-code": "2031-Q2"})
    assert response.status_code == 302
    assert Period.objects.filter(code="2031-Q2").exists()
    response = client.post("/periods/new/", {"add-code": "2031-Q5"})
    assert response.status_code == 200 and response.context["add_form"].errors
    rule = {
        "rule-issuer": "QK2",
        "rule-period_type": "half_year",
        "rule-window_start_day": "1",
        "rule-due_working_days": "5",
        "rule-note": "Quân khu 2: tháng dương lịch",
    }
    response = client.post("/periods/rules/", rule)
    assert response.status_code == 302
    saved = PeriodRule.objects.get(issuer__code="QK2", period_type="half_year")
    assert (saved.window_start_day, saved.due_working_days) == (1, 5)
    # The default rule is for administrators at the top.
    response = client.post("/periods/rules/", {**rule, "rule-issuer": ""})
    assert response.status_code == 200 and response.context["rule_form"].non_field_errors()
    response = client.post("/periods/rules/", {**rule, "rule-window_start_day": "31"})
    assert (
        response.status_code == 200 and "window_start_day" in response.context["rule_form"].errors
    )
    response = client.get(
        "/periods/rules/preview/",
        {
            "rule-period_type": "half_year",
            "rule-window_start_day": "15",
            "rule-due_working_days": "2",
        },
    )
    assert response.status_code == 200
    assert "15/12/" in response.content.decode() and "14/06/" in response.content.decode()
    response = client.get(
        "/periods/rules/preview/", {"rule-period_type": "half_year", "rule-window_start_day": "x"}
    )
    assert response.status_code == 200 and "text-danger" in response.content.decode()


# --- Import -----------------------------------------------------------------------------------


def workbook(rows: list[list[object]]) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.title = "Số liệu"
    sheet.append(["Mã đơn vị", "Mã chỉ tiêu", "Kỳ", "Giá trị", "Tử số", "Mẫu số", "Ghi chú"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("so-lieu.xlsx", buffer.getvalue())


def test_import_runs_as_a_job_and_redirects_to_its_progress(
    client, users, django_capture_on_commit_callbacks
):
    report = current_draft("SD316-E98")
    form = report.form
    client.force_login(users["qk2.baocao"])
    assert client.get(f"/report-forms/{form.pk}/import/").status_code == 200
    upload = workbook(
        [["SD316-E98", "HC02", report.period.code, "21,5", None, None, "nhập từ tệp"]]
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/report-forms/{form.pk}/import/", {"file": upload, "then": ""})
    assert response.status_code == 302
    job = Job.objects.latest("id")
    assert response["Location"].startswith(f"/jobs/{job.pk}/?back=")
    job.refresh_from_db()
    assert job.status == "done", job.errors
    assert report.values.get(indicator__code="HC02").value == Decimal("21.5")
    page = client.get(response["Location"])
    assert page.status_code == 200
    # The result is told in words (in the page's language), not by the job's own keys.
    result = page.content.decode().split('data-testid="job-result"')[1].split("</ul>")[0]
    with translation.override("vi"):
        assert f"{gettext('Values written')}: <strong>1</strong>" in result
    assert "values:" not in result


def test_import_with_wrong_codes_fails_naming_the_rows(
    client, users, django_capture_on_commit_callbacks
):
    report = current_draft("SD316-E98")
    client.force_login(users["qk2.baocao"])
    upload = workbook(
        [
            ["SD316-E98", "HC02", report.period.code, 5, None, None, ""],
            ["KHONG-CO", "HC02", report.period.code, 5, None, None, ""],
            ["SD316-E98", "ZZ99", report.period.code, 5, None, None, ""],
        ]
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/report-forms/{report.form.pk}/import/", {"file": upload, "then": "submit"})
    job = Job.objects.latest("id")
    assert job.status == "failed"
    assert {(e["row"], e["column"]) for e in job.errors} >= {(3, "Mã đơn vị"), (4, "Mã chỉ tiêu")}
    assert not report.values.exists()


def test_import_refuses_a_file_that_is_not_a_workbook_or_csv(client, users):
    form = ReportForm.objects.get(code=FORM)
    client.force_login(users["qk2.baocao"])
    jobs = Job.objects.count()
    bad = SimpleUploadedFile("so-lieu.docx", b"PK\x03\x04whatever")
    response = client.post(f"/report-forms/{form.pk}/import/", {"file": bad})
    assert response.status_code == 200 and "file" in response.context["form"].errors
    fake = SimpleUploadedFile("so-lieu.xlsx", b"not a zip at all")
    response = client.post(f"/report-forms/{form.pk}/import/", {"file": fake})
    assert response.status_code == 200 and "file" in response.context["form"].errors
    response = client.post(f"/report-forms/{form.pk}/import/", {})
    assert response.status_code == 200 and "file" in response.context["form"].errors
    assert Job.objects.count() == jobs


def test_csv_import_submits_the_reports(client, users, django_capture_on_commit_callbacks):
    report = current_draft("SD316-E98")
    client.force_login(users["qk2.baocao"])
    lines = ["Mã đơn vị;Mã chỉ tiêu;Kỳ;Giá trị;Tử số;Mẫu số;Ghi chú"]
    for link in report.form.form_indicators.select_related("indicator"):
        earlier = history_value(report, link.indicator.code)
        if link.indicator.measure_kind == "ratio":
            lines.append(
                f"SD316-E98;{link.indicator.code};{report.period.code};;{text(earlier.numerator)};{text(earlier.denominator)};"
            )
        else:
            den = (
                text(earlier.denominator)
                if link.indicator.unit_aggregation == "weighted_average"
                else ""
            )
            lines.append(
                f"SD316-E98;{link.indicator.code};{report.period.code};{text(earlier.value)};;{den};"
            )
    upload = SimpleUploadedFile("so-lieu.csv", "\n".join(lines).encode("utf-8"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/report-forms/{report.form.pk}/import/", {"file": upload, "then": "submit"})
    job = Job.objects.latest("id")
    assert job.status == "done", job.errors
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED


def test_template_workbook_lists_units_and_indicators_of_the_latest_open_period(client, users):
    client.force_login(users["qk2.baocao"])
    form = ReportForm.objects.get(code=FORM)
    response = client.get(f"/report-forms/{form.pk}/template/")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book["Số liệu"].iter_rows(min_row=2, values_only=True))
    period = Period.objects.filter(reports__form=form, is_open=True).order_by("-sort_key").first()
    assert {row[2] for row in rows} == {period.code}
    editable_units = set(
        Report.objects.filter(
            form=form, period=period, state__in=["draft", "returned"]
        ).values_list("unit__code", flat=True)
    )
    assert {row[0] for row in rows} == editable_units
    assert len(rows) == len(editable_units) * form.form_indicators.count()
    assert [r[0] for r in book["Chỉ tiêu"].iter_rows(min_row=2, values_only=True)][:2] == [
        "HC01",
        "HC02",
    ]
