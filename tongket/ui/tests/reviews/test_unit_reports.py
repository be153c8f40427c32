"""The units' review reports: prefilled and saved, submitted (refused with empty sections),
returned with a reason and accepted, refreshed."""

from __future__ import annotations

import pytest

from tongket.reviews.choices import UnitReportState
from tongket.reviews.models import UnitReviewReport
from tongket.ui.tests.reviews.helpers import body, url

pytestmark = pytest.mark.django_db


# --- Unit review reports ----------------------------------------------------------------------------


@pytest.fixture
def draft_report(c623) -> UnitReviewReport:  # type: ignore[no-untyped-def]
    report = c623.unit_reports.get(unit__code="SD316")
    report.state = UnitReportState.DRAFT
    report.save()
    return report


def test_unit_report_page_prefilled_and_saved(
    as_user, users, draft_report, django_assert_max_num_queries
):
    client = as_user(users["qk2.baocao"])
    with django_assert_max_num_queries(25):
        page = client.get(url("review_report_detail", draft_report.pk))
    text = body(page)
    assert page.status_code == 200 and "section-bai-hoc" in text and "doc-table" in text
    response = client.post(
        url("review_report_save", draft_report.pk),
        {"version": draft_report.version, "section-bai-hoc": "Bài học mới."},
    )
    assert response.status_code == 302
    draft_report.refresh_from_db()
    assert draft_report.sections["bai-hoc"] == "Bài học mới."


def test_unit_report_submit_refused_with_empty_sections_then_returned_and_accepted(
    as_user, users, draft_report
):
    client = as_user(users["qk2.baocao"])
    refused = client.post(
        url("review_report_save", draft_report.pk),
        {"version": draft_report.version, "section-bai-hoc": "", "then": "submit"},
    )
    assert refused.status_code == 200 and 'data-testid="form-errors"' in body(refused)
    draft_report.refresh_from_db()
    assert draft_report.state == UnitReportState.DRAFT
    client.post(
        url("review_report_save", draft_report.pk),
        {"version": draft_report.version, "section-bai-hoc": "Có bài học.", "then": "submit"},
    )
    draft_report.refresh_from_db()
    assert draft_report.state == UnitReportState.SUBMITTED
    # The unit cannot accept its own report; the standing agency can.
    client.post(url("review_report_accept", draft_report.pk))
    draft_report.refresh_from_db()
    assert draft_report.state == UnitReportState.SUBMITTED
    officer = as_user(users["qk2.theodoi"])
    assert 'data-testid="review-decide"' in body(
        officer.get(url("review_report_detail", draft_report.pk))
    )
    empty = officer.post(url("review_report_return", draft_report.pk), {"return-reason": ""})
    assert empty.status_code == 200 and "id_return-reason-errors" in body(empty)
    officer.post(
        url("review_report_return", draft_report.pk), {"return-reason": "Bổ sung số liệu."}
    )
    draft_report.refresh_from_db()
    assert draft_report.state == UnitReportState.RETURNED
    reporter = as_user(users["qk2.baocao"])
    assert "Bổ sung số liệu." in body(reporter.get(url("review_report_detail", draft_report.pk)))
    reporter.post(
        url("review_report_save", draft_report.pk),
        {"version": draft_report.version, "then": "submit"},
    )
    as_user(users["qk2.theodoi"]).post(url("review_report_accept", draft_report.pk))
    draft_report.refresh_from_db()
    assert draft_report.state == UnitReportState.ACCEPTED


def test_unit_report_refresh(as_user, users, draft_report):
    client = as_user(users["qk2.baocao"])
    assert client.post(url("review_report_refresh", draft_report.pk)).status_code == 302
    draft_report.refresh_from_db()
    assert draft_report.figures
