"""A report's workflow through the API: submit, return, approve and reopen by the right roles,
the report of a division going up to the region and the region's to the Ministry, required
values, closed periods, other branches and bad values refused, reminders to late units."""

import pytest
from django.utils import timezone

from tongket.api.tests.reporting.helpers import FORM, actions, draft, median_values
from tongket.core.models import ChangeLog
from tongket.reporting.choices import ReportState
from tongket.reporting.models import Period, Report
from tongket.resolutions.models import Indicator

pytestmark = pytest.mark.django_db


# --- The workflow -------------------------------------------------------------------------


def test_submit_return_submit_approve_reopen_with_the_right_roles(api, users):
    """Given regiment 98's draft, when its reporter fills and submits it, the region's
    approver returns it with a reason, the reporter submits again and the approver approves
    and reopens it, then every step is logged; the reporter cannot approve; a locked report
    cannot be edited; a reason is required."""
    reporter, approver = api(users["qk2.baocao"]), api(users["qk2.duyet"])
    report = draft("SD316-E98")
    url = f"/api/v1/reports/{report.pk}"
    detail = reporter.get(f"{url}/").json()
    assert detail["can_fill"] is True and detail["can_approve"] is False
    assert {s["key"] for s in detail["narrative"]} >= {"ket-qua", "han-che"}
    saved = reporter.patch(
        f"{url}/",
        {
            "version": detail["version"],
            "values": median_values(report),
            "narrative": {"ket-qua": "Hoàn thành các chỉ tiêu cơ bản."},
        },
        format="json",
    )
    assert saved.status_code == 200, saved.content
    body = saved.json()
    assert next(s for s in body["narrative"] if s["key"] == "ket-qua")["text"].startswith("Hoàn")
    assert all(row["value"] is not None for row in body["values"])
    stale = reporter.patch(f"{url}/", {"version": detail["version"], "values": []}, format="json")
    assert stale.status_code == 409 and stale.json()["code"] == "conflict"
    submitted = reporter.post(f"{url}/submit/", {"version": body["version"]}, format="json")
    assert submitted.status_code == 200 and submitted.json()["state"] == "submitted"
    locked = reporter.patch(
        f"{url}/",
        {"version": submitted.json()["version"], "narrative": {"ket-qua": "Sửa"}},
        format="json",
    )
    assert locked.status_code == 400 and locked.json()["code"] == "locked"
    assert reporter.post(f"{url}/approve/").status_code == 403
    no_reason = approver.post(f"{url}/return/", {"reason": ""}, format="json")
    assert no_reason.status_code == 400 and "reason" in no_reason.json()["errors"]
    returned = approver.post(f"{url}/return/", {"reason": "Bổ sung HC06"}, format="json")
    assert (
        returned.json()["state"] == "returned"
        and returned.json()["return_reason"] == "Bổ sung HC06"
    )
    again = reporter.post(f"{url}/submit/")
    assert again.json()["state"] == "submitted"
    approved = approver.post(f"{url}/approve/")
    assert approved.json()["state"] == "approved" and approved.json()["approved_at"]
    wrong_state = approver.post(f"{url}/approve/")
    assert wrong_state.status_code == 400 and wrong_state.json()["code"] == "state"
    assert approver.post(f"{url}/reopen/", {}, format="json").status_code == 400
    reopened = approver.post(f"{url}/reopen/", {"reason": "Sai HC03"}, format="json")
    assert reopened.json()["state"] == "returned"
    assert actions(report)[-6:] == [
        "report_save",
        "report_submit",
        "report_return",
        "report_submit",
        "report_approve",
        "report_reopen",
    ]


def test_submission_is_refused_while_required_values_are_missing(api, users):
    """Given an empty draft, when submitted, then 400 naming the missing values."""
    report = Report.objects.filter(
        form__code=FORM, state=ReportState.DRAFT, period__is_open=True, values__isnull=True
    ).first()
    response = api(users["qk2.baocao"]).post(f"/api/v1/reports/{report.pk}/submit/")
    assert response.status_code == 400
    assert any(key.startswith("value_") for key in response.json()["errors"])


def test_the_report_of_a_division_goes_to_the_region_and_the_regions_to_the_ministry(api, users):
    """Given a form asked of Quân khu 2 itself and of Sư đoàn 316, when their reports are
    submitted, then the division's is approved by the region's approver, while the region's
    own report needs the Ministry's approver (the region's approver gets 403)."""
    officer = api(users["bqp.theodoi"])
    hc03 = Indicator.objects.get(resolution__symbol="623-NQ/QUTW", code="HC03")
    form = officer.post(
        "/api/v1/report-forms/",
        {
            "code": "BC-HC03",
            "name": "Báo cáo HC03",
            "owner_unit": "BQP",
            "period_type": "half_year",
            "indicators": [hc03.pk],
        },
        format="json",
    ).json()
    officer.post(
        f"/api/v1/report-forms/{form['id']}/assign/", {"units": ["QK2", "SD316"]}, format="json"
    )
    officer.post(
        f"/api/v1/report-forms/{form['id']}/open-period/", {"period": "2026-H2"}, format="json"
    )
    reporter = api(users["qk2.baocao"])
    reports = {
        r["unit"]: r["id"]
        for r in reporter.get("/api/v1/reports/", {"form": "BC-HC03"}).json()["results"]
    }
    assert set(reports) == {"QK2", "SD316"}
    for unit, pk in reports.items():
        saved = reporter.patch(
            f"/api/v1/reports/{pk}/",
            {
                "version": Report.objects.get(pk=pk).version,
                "values": [{"indicator": "HC03", "value": "12", "comment": unit}],
            },
            format="json",
        )
        assert saved.status_code == 200, saved.content
        assert reporter.post(f"/api/v1/reports/{pk}/submit/").status_code == 200
    region, ministry = api(users["qk2.duyet"]), api(users["bqp.duyet"])
    assert region.post(f"/api/v1/reports/{reports['SD316']}/approve/").status_code == 200
    assert region.post(f"/api/v1/reports/{reports['QK2']}/approve/").status_code == 403
    assert ministry.post(f"/api/v1/reports/{reports['QK2']}/approve/").status_code == 200
    assert Report.objects.get(pk=reports["QK2"]).approved_by == users["bqp.duyet"]


def test_a_closed_period_and_another_branch_refuse_changes(api, users):
    """Given regiment 98's draft, when its period is closed, then saving it is a 400; a
    reporter of another branch gets 404 for every action on it; nothing is logged."""
    report = draft("SD316-E98")
    before = ChangeLog.objects.count()
    outsider = api(users["cnqp.baocao"])
    for action in ("submit", "approve", "return", "reopen", "remind"):
        response = outsider.post(f"/api/v1/reports/{report.pk}/{action}/", {"reason": "x"})
        assert response.status_code == 404, action
    assert outsider.patch(f"/api/v1/reports/{report.pk}/", {}, format="json").status_code == 404
    Period.objects.filter(pk=report.period_id).update(is_open=False)
    response = api(users["qk2.baocao"]).patch(
        f"/api/v1/reports/{report.pk}/",
        {"version": Report.objects.get(pk=report.pk).version, "narrative": {"ket-qua": "x"}},
        format="json",
    )
    assert response.status_code == 400
    assert ChangeLog.objects.count() == before


def test_bad_values_in_a_report_name_the_indicator(api, users):
    """Given regiment 98's draft, when a ratio is saved with a zero denominator, a value is
    given for an indicator not on the form, or twice, then 400 and nothing changes."""
    report = draft("SD316-E98")
    client = api(users["qk2.baocao"])
    hc01 = report.form.indicators.get(code="HC01")
    url = f"/api/v1/reports/{report.pk}/"
    zero = client.patch(
        url,
        {
            "version": report.version,
            "values": [{"indicator": "HC01", "numerator": "3", "denominator": "0"}],
        },
        format="json",
    )
    assert zero.status_code == 400 and f"value_{hc01.pk}" in zero.json()["errors"]
    for values in (
        [{"indicator": "KT01", "value": "1"}],
        [{"indicator": "HC02", "value": "1"}, {"indicator": str(hc01.pk + 1), "value": "2"}],
        [{"indicator": "HC02", "value": "abc"}],
    ):
        response = client.patch(url, {"version": report.version, "values": values}, format="json")
        assert response.status_code == 400
        assert {key.split(".")[0] for key in response.json()["errors"]} == {"values"}
    unknown_section = client.patch(
        url, {"version": report.version, "narrative": {"khong-co": "x"}}, format="json"
    )
    assert unknown_section.status_code == 400
    assert Report.objects.get(pk=report.pk).version == report.version


def test_reminders_go_to_late_units_only(api, users):
    """Given a report of the current half-year not received after its due date, when the
    region's approver reminds the unit, then the reminder is logged; a received report
    cannot be reminded of."""
    late = Report.objects.filter(
        form__code=FORM,
        first_submitted_at__isnull=True,
        due_date__lt=timezone.localdate(),
        period__is_open=True,
    ).first()
    client = api(users["qk2.duyet"])
    response = client.post(f"/api/v1/reports/{late.pk}/remind/")
    assert response.status_code == 200 and response.json()["kind"] == "manual"
    assert ChangeLog.objects.filter(action="report_remind", object_id=str(late.pk)).exists()
    received = Report.objects.filter(form__code=FORM, state=ReportState.APPROVED).first()
    assert client.post(f"/api/v1/reports/{received.pk}/remind/").status_code == 400
