"""A report's entry grid, autosaved cell by cell: every kind of input with the figures beside,
locked reports read-only, conflicts, warnings and errors beside the field, the narrative.
Bad input answers with a message naming the field, never a 500; the page keeps a bounded
number of queries."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tongket.core.models import ChangeLog
from tongket.core.scopes import SYSTEM
from tongket.org.models import Unit
from tongket.reporting.choices import ReportState
from tongket.reporting.models import DataValue, Report
from tongket.resolutions.services import target_set
from tongket.ui.tests.reporting.helpers import (
    FORM,
    HTMX,
    current_draft,
    fill_like_history,
    indicator,
    save_row,
)

pytestmark = pytest.mark.django_db


# --- The report page and its grid -------------------------------------------------------------


def test_the_entry_grid_shows_every_kind_of_input_and_the_figures_beside(client, users):
    report = current_draft()
    # The year's target, set here: the half-year under way may be in a year not planned yet
    # (from 15 December the army's half-year is next year's).
    target_set(
        by=SYSTEM,
        indicator=indicator(report, "HC03"),
        unit=report.unit,
        year=report.period.year,
        value=Decimal(120),
    )
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
    assert rows["HC03"]["target"] == Decimal(120) and rows["HC03"]["target_due_text"]
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
