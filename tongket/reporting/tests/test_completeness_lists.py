"""The due page's late list and a report form's counts per period read the completeness rows
(reporting.models.Completeness) instead of counting the reports: the figures are those a
direct count of the reports gives, for the whole tree and for a reader of one branch, and the
number of queries stays the same however many units and periods there are."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tongket.core import scopes
from tongket.core.scopes import SYSTEM
from tongket.org import services as org_services
from tongket.org.models import Unit
from tongket.reporting import selectors, services
from tongket.reporting.choices import PeriodType
from tongket.reporting.models import Report, ReportForm
from tongket.reporting.selectors.completeness import count_fields

pytestmark = pytest.mark.django_db

PAST_YEAR = 2021


def build_tree(prefix: str, branches: int, leaves: int) -> dict[str, Unit]:
    """A root with `branches` units below it and `leaves` units below each of those."""
    root = org_services.unit_create(by=SYSTEM, code=prefix, name=f"Đơn vị thử {prefix}")
    units = {prefix: root}
    for b in range(1, branches + 1):
        branch = org_services.unit_create(
            by=SYSTEM, code=f"{prefix}-{b}", name=f"Đơn vị {prefix} {b}", parent=root
        )
        units[branch.code] = branch
        for leaf in range(1, leaves + 1):
            unit = org_services.unit_create(
                by=SYSTEM,
                code=f"{prefix}-{b}-{leaf}",
                name=f"Đơn vị {prefix} {b}.{leaf}",
                parent=branch,
            )
            units[unit.code] = unit
    return units


def build_reporting(
    prefix: str, *, branches: int = 2, leaves: int = 2, quarters: int = 3
) -> tuple[ReportForm, dict[str, Unit]]:
    """A quarterly form without indicators asked of every unit of a new tree, opened for
    `quarters` quarters of a past year in their time (overdue when missing), one of them
    again as entered afterwards, and the next year's first quarter (not due yet). In each
    past quarter the units take turns: sent on time, sent late, approved, missing."""
    units = build_tree(prefix, branches, leaves)
    form = services.form_create(
        by=SYSTEM,
        code=f"BCQ-{prefix}",
        name=f"Báo cáo quý {prefix}",
        owner_unit=units[prefix],
        period_type=PeriodType.QUARTER,
        indicators=[],
    )
    services.form_assign(by=SYSTEM, form=form, units=list(units.values()))
    for quarter in range(1, quarters + 1):
        period = services.period_ensure(by=SYSTEM, code=f"{PAST_YEAR}-Q{quarter}")
        services.form_open_period(by=SYSTEM, form=form, period=period, backfill=False)
        reports = list(
            Report.objects.filter(form=form, period=period).order_by("unit__sort_key", "pk")
        )
        for index, report in enumerate(reports):
            turn = (index + quarter) % 4
            if turn == 3:
                continue  # missing: overdue
            due = timezone.make_aware(datetime.datetime.combine(report.due_date, datetime.time(9)))
            when = due if turn != 1 else due + datetime.timedelta(days=12)
            sent = services.report_submit(by=SYSTEM, report=report, when=when)
            if turn == 2:
                services.report_approve(by=SYSTEM, report=sent)
        if quarter == 2:
            # Its reports still missing were keyed in afterwards: never late nor overdue.
            services.form_open_period(by=SYSTEM, form=form, period=period, backfill=True)
    following = services.period_ensure(by=SYSTEM, code=f"{timezone.localdate().year + 1}-Q1")
    services.form_open_period(by=SYSTEM, form=form, period=following)
    return form, units


def counted_from_reports(user, form: ReportForm, today: datetime.date) -> list[dict]:
    """The counts per period made from the reports, as the form page made them before."""
    rows = list(
        scopes.restrict(Report.objects.filter(form=form), user, "unit__path")
        .values("period__code", "period__due_date", "period__is_open", "period__sort_key")
        .annotate(**count_fields(today))
        .order_by("-period__sort_key")
    )
    for row in rows:
        row["share"] = round(row["received"] * 100 / row["expected"]) if row["expected"] else 0
    return rows


def test_the_counts_per_period_are_those_of_the_reports(users):
    """Given a small tree with reports sent on time, sent late, approved, missing and entered
    afterwards, the form page's counts per period equal a count of the reports: for the
    whole tree and for a tracking officer of one branch; and somebody with no role in the
    tree sees no period."""
    form, units = build_reporting("TKA")
    today = timezone.localdate()
    officer = org_services.user_create(
        by=SYSTEM,
        username="tka.theodoi",
        password="x",
        unit=units["TKA-1"],
        role="tracking_officer",
        check_password=False,
    )
    for user in (SYSTEM, users["admin"], officer):
        counted = selectors.form_period_counts(user=user, form=form, today=today)
        assert counted == counted_from_reports(user, form, today)
    whole = {
        row["period__code"]: row for row in selectors.form_period_counts(user=SYSTEM, form=form)
    }
    # Each kind of report is there to be counted.
    assert sum(row["on_time"] for row in whole.values()) > 0
    assert (
        sum(row["received"] - row["on_time"] - row["backfill_received"] for row in whole.values())
        > 0
    )
    assert sum(row["overdue"] for row in whole.values()) > 0
    assert whole[f"{PAST_YEAR}-Q2"]["backfill"] > 0 and whole[f"{PAST_YEAR}-Q2"]["overdue"] == 0
    assert whole[f"{today.year + 1}-Q1"]["expected"] == len(units)
    assert selectors.form_period_counts(user=users["qk2.theodoi"], form=form) == []
    # The newest periods first, cut at the limit.
    assert [
        row["period__code"] for row in selectors.form_period_counts(user=SYSTEM, form=form, limit=2)
    ] == [f"{today.year + 1}-Q1", f"{PAST_YEAR}-Q3"]


def test_the_late_count_is_that_of_the_late_list(users):
    """The count of late reports (open periods, past due, not received, entered afterwards
    aside) read from the completeness rows equals the count of the due page's late list,
    for the demo's readers and for a watcher of a branch of a new tree."""
    form, units = build_reporting("TKB")
    viewer = org_services.user_create(
        by=SYSTEM,
        username="tkb.xem",
        password="x",
        unit=units["TKB-2"],
        role="viewer",
        check_password=False,
    )
    reporter = org_services.user_create(
        by=SYSTEM,
        username="tkb.baocao",
        password="x",
        unit=units["TKB-2"],
        role="reporter",
        check_password=False,
    )
    readers = [
        SYSTEM,
        viewer,
        reporter,
        *(
            users[name]
            for name in ("admin", "bqp.theodoi", "qk2.theodoi", "qk2.duyet", "qk2.baocao")
        ),
    ]
    for user in readers:
        late = selectors.due_reports(user=user)["late"]
        assert selectors.late_count(user=user) == late.count(), getattr(user, "username", user)
    assert selectors.late_count(user=viewer) > 0
    assert selectors.late_count(user=reporter) == 0
    # A closed period is no longer chased.
    period = Report.objects.filter(form=form, period__code=f"{PAST_YEAR}-Q1").first().period
    before = selectors.late_count(user=viewer)
    services.period_set_open(by=SYSTEM, period=period, is_open=False)
    assert selectors.late_count(user=viewer) == selectors.due_reports(user=viewer)["late"].count()
    assert selectors.late_count(user=viewer) < before


def test_the_due_page_counts_the_late_reports_beyond_those_it_shows(client, users, monkeypatch):
    """Given more late reports than the page shows, the count it gives is that of the whole
    late list."""
    from tongket.ui.views.reporting import due

    _form, units = build_reporting("TKE")
    officer = org_services.user_create(
        by=SYSTEM,
        username="tke.theodoi",
        password="x",
        unit=units["TKE"],
        role="tracking_officer",
        check_password=False,
    )
    monkeypatch.setattr(due, "SHOWN", 3)
    client.force_login(officer)
    response = client.get("/reports/due/")
    assert len(response.context["late"]) == 3
    assert response.context["late_count"] == (selectors.due_reports(user=officer)["late"].count())
    assert response.context["late_count"] > 3


def queries(call) -> int:
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured)


def test_the_reads_cost_the_same_for_more_units_and_periods(users, client):
    """The counts per period and the late count take the same number of queries for a tree
    of 3 units and one quarter as for one of 13 units and four quarters, and so do the form
    page and the due page."""
    small, small_units = build_reporting("TKC", branches=1, leaves=1, quarters=1)
    large, large_units = build_reporting("TKD", branches=3, leaves=3, quarters=4)
    assert len(small_units) == 3 and len(large_units) == 13
    for prefix in ("TKC", "TKD"):
        org_services.user_create(
            by=SYSTEM,
            username=f"{prefix.lower()}.theodoi",
            password="x",
            unit=Unit.objects.get(code=prefix),
            role="tracking_officer",
            check_password=False,
        )
    small_officer = type(users["admin"]).objects.get(username="tkc.theodoi")
    large_officer = type(users["admin"]).objects.get(username="tkd.theodoi")

    def cost(user, form):
        return (
            queries(lambda: selectors.form_period_counts(user=user, form=form)),
            queries(lambda: selectors.late_count(user=user)),
        )

    # Read the grants first: each reader's grants are read once per request.
    for user in (small_officer, large_officer):
        scopes.reach(user)
    assert cost(small_officer, small) == cost(large_officer, large)
    assert cost(SYSTEM, small) == cost(SYSTEM, large)
    assert max(cost(large_officer, large)) <= 2

    def page(user, url):
        client.force_login(user)
        client.get(url)  # warm the caches (sessions, content types)
        return queries(lambda: client.get(url))

    assert page(small_officer, f"/report-forms/{small.pk}/") == page(
        large_officer, f"/report-forms/{large.pk}/"
    )
    assert page(small_officer, "/reports/due/") == page(large_officer, "/reports/due/")
