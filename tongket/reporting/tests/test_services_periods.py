"""Periods: a read looks one up and writes nothing; a write adds it through `period_ensure`,
by a user who holds a role, logged, inside the transaction of the write that needs it."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tongket.api.tests.test_scope_api import client_for
from tongket.awards.models import AwardForm, Nomination
from tongket.core.models import ChangeLog
from tongket.core.scopes import SYSTEM
from tongket.org import services as org_services
from tongket.reporting import services
from tongket.reporting.models import Period, ReportForm
from tongket.reviews.models import ReviewCampaign

pytestmark = pytest.mark.django_db


def writes(queries: CaptureQueriesContext) -> list[str]:
    return [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        and "django_session" not in q["sql"]
    ]


def test_finding_a_period_not_stored_writes_nothing():
    # Given no period 2031-Q1 (nor its year).
    assert not Period.objects.filter(code__in=["2031-Q1", "2031"]).exists()

    # When it is looked up.
    with CaptureQueriesContext(connection) as queries:
        period = services.period_find(code="2031-Q1")

    # Then it comes back unsaved, dated by the default rule, and nothing was written.
    assert period.pk is None and period.type == "quarter" and period.year == 2031
    assert period.start < period.end < period.due_date
    assert writes(queries) == []
    assert not Period.objects.filter(code__in=["2031-Q1", "2031"]).exists()


def test_ensuring_a_period_adds_it_and_its_year_and_logs_both(users):
    # When a tracking officer needs 2031-Q1.
    period = services.period_ensure(by=users["qk2.theodoi"], code="2031-Q1")

    # Then the quarter and its year are stored, each with a change-log row naming the officer.
    assert Period.objects.filter(code__in=["2031-Q1", "2031"]).count() == 2
    logged = ChangeLog.objects.filter(action="period_create", username="qk2.theodoi")
    assert sorted(logged.values_list("object_id", flat=True)) == sorted(
        str(pk)
        for pk in Period.objects.filter(code__in=["2031-Q1", "2031"]).values_list("pk", flat=True)
    )
    # And a second call finds it without writing again.
    with CaptureQueriesContext(connection) as queries:
        assert services.period_ensure(by=users["qk2.theodoi"], code="2031-Q1") == period
    assert writes(queries) == []


def test_a_user_without_a_role_adds_no_period(units):
    # Given a user who holds no role.
    nobody = org_services.user_create(
        by=SYSTEM,
        username="khong.vaitro",
        password="x",
        unit=units["QK2"],
        role="viewer",
        check_password=False,
    )
    nobody.grants.all().delete()
    changes = ChangeLog.objects.count()

    # When they ask for a new period, then they are refused and nothing is stored.
    with pytest.raises(PermissionDenied):
        services.period_ensure(by=nobody, code="2031-Q1")
    assert not Period.objects.filter(code__in=["2031-Q1", "2031"]).exists()
    assert ChangeLog.objects.count() == changes


def test_a_refused_opening_of_a_form_period_leaves_no_period_behind(client, users):
    # Given a reporter of Quân khu 2 (who holds a role, but does not keep its forms).
    report_form = ReportForm.objects.get(code="BC6T-623-QK2")
    client.force_login(users["qk2.baocao"])

    # When they try to open a period never used before.
    response = client.post(
        f"/report-forms/{report_form.pk}/open-period/", {"open-period": "2031-H1"}
    )

    # Then the opening is refused and neither the half-year nor its year was stored.
    assert response.status_code == 200
    assert not Period.objects.filter(code__in=["2031-H1", "2031"]).exists()


def test_reading_a_nomination_over_a_span_never_stored_writes_nothing(users):
    # Given a nomination of a review campaign whose span (2014-2022) has no stored period,
    # for an award whose criteria are checked against the nominee's results over the span.
    nomination = (
        Nomination.objects.filter(campaign__isnull=False, nominee_unit__isnull=False)
        .order_by("pk")
        .first()
    )
    AwardForm.objects.filter(pk=nomination.form_id).update(criteria={"min_share_met": 50})
    ReviewCampaign.objects.filter(pk=nomination.campaign_id).update(span_from=2014)
    assert not Period.objects.filter(code="2014-2022").exists()

    # When it is read through the API and the page.
    api_client = client_for(users["admin"])
    with CaptureQueriesContext(connection) as queries:
        api = api_client.get(f"/api/v1/nominations/{nomination.pk}/")
    browser = Client()
    browser.force_login(users["admin"])
    with CaptureQueriesContext(connection) as page_queries:
        page = browser.get(f"/nominations/{nomination.pk}/")

    # Then both answer, and no row was written (no period was made up on the way).
    assert api.status_code == 200 and page.status_code == 200
    assert writes(queries) == [] and writes(page_queries) == []
    assert not Period.objects.filter(code="2014-2022").exists()
