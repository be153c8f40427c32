"""The completeness rows (reporting.models.Completeness) are kept on every write: whatever the
sequence of submissions, returns, approvals, reopenings, periods opened, units assigned and
unassigned, imports, units moved and dissolved, the stored rows are those the reports add up
to, counted by the database; the dashboards' reads come from them in a number of queries that
does not depend on the size of the tree; `rebuild_completeness` rebuilds and checks them."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import BigIntegerField, Value
from django.db.models.functions import Cast, Length, Substr
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tongket.core.errors import DomainError, NotFound
from tongket.core.scopes import SYSTEM
from tongket.org import services as org_services
from tongket.org.models import PATH_SEGMENT, Unit
from tongket.reporting import selectors, services
from tongket.reporting.choices import ReportState
from tongket.reporting.models import (
    Completeness,
    DataValue,
    Period,
    Report,
    ReportForm,
    Rollup,
)
from tongket.reporting.selectors.completeness import STORED_KEYS, count_fields
from tongket.reporting.services import rollups
from tongket.reporting.services.reports import Entry

pytestmark = pytest.mark.django_db
FORM = "BC6T-623-QK2"
# Units of Quân khu 2 the sequences act on: two divisions and their regiments, a provincial
# command and its districts.
UNITS = ["SD316-E98", "SD316-E148", "SD316-E174", "SD355-E52", "SD355-E82", "PTKV-LC-1"]
PARENTS = ["SD316", "SD355", "BCHQS-LC", "QK2"]


def derived() -> dict[tuple, tuple]:
    """What the reports add up to, counted by the database (not by the code under test):
    for each level of the paths as they were, the reports below each unit at that level."""
    seg = PATH_SEGMENT
    found: dict[tuple, tuple] = {}
    deepest = max(
        (len(path) // seg for path in Report.objects.values_list("path_then", flat=True)),
        default=0,
    )
    for level in range(1, deepest + 1):
        parent = (
            Cast(Substr("path_then", (level - 2) * seg + 1, seg), BigIntegerField())
            if level > 1
            else Value(None, output_field=BigIntegerField())
        )
        rows = (
            Report.objects.annotate(depth=Length("path_then"))
            .filter(depth__gte=level * seg)
            .annotate(
                at=Cast(Substr("path_then", (level - 1) * seg + 1, seg), BigIntegerField()),
                above=parent,
            )
            .order_by()
            .values("form_id", "period_id", "at", "above", "due_date")
            .annotate(**count_fields(timezone.localdate()))
        )
        for row in rows:
            key = (row["form_id"], row["period_id"], row["at"], row["above"], row["due_date"])
            found[key] = tuple(row[k] for k in STORED_KEYS)
    return found


def stored() -> dict[tuple, tuple]:
    return {
        (r.form_id, r.period_id, r.unit_id, r.parent_id, r.due_date): tuple(
            getattr(r, k) for k in STORED_KEYS
        )
        for r in Completeness.objects.filter(expected__gt=0)
    }


def assert_kept() -> None:
    assert stored() == derived()
    assert not Completeness.objects.filter(expected__lte=0).exists()


def fill(report: Report) -> None:
    """Every indicator gets the unit's latest earlier value (or 1), so that the report can
    be submitted (a value far from the unit's history without a comment cannot)."""
    entries = {}
    for link in report.form.form_indicators.select_related("indicator"):
        earlier = (
            DataValue.objects.filter(
                unit=report.unit, indicator=link.indicator, value__isnull=False
            )
            .order_by("-period__sort_key")
            .first()
        )
        if earlier is not None:
            entries[link.indicator_id] = Entry(
                earlier.value if earlier.numerator is None else None,
                earlier.numerator,
                earlier.denominator,
                comment="—",
            )
    services.report_save(by=SYSTEM, report=report, entries=entries)


def current(unit: Unit) -> Report | None:
    return (
        Report.objects.filter(form__code=FORM, unit=unit, period__is_open=True)
        .order_by("-period__sort_key")
        .first()
    )


def act(step: str, index: int) -> None:
    """One write of the sequence; a refused write (a rule of the services) changes nothing."""
    form = ReportForm.objects.get(code=FORM)
    unit = Unit.objects.get(code=UNITS[index % len(UNITS)])
    report = current(unit)
    if step == "forward" and report is not None:
        if report.state in (ReportState.DRAFT, ReportState.RETURNED):
            if not report.values.exists():
                fill(report)
            services.report_submit(by=SYSTEM, report=Report.objects.get(pk=report.pk))
        elif report.state == ReportState.SUBMITTED:
            services.report_approve(by=SYSTEM, report=report)
    elif step == "back" and report is not None:
        if report.state == ReportState.SUBMITTED:
            services.report_return(by=SYSTEM, report=report, reason="Thiếu số liệu")
        elif report.state == ReportState.APPROVED:
            services.report_reopen(by=SYSTEM, report=report, reason="Sai số liệu")
    elif step == "move":
        parent = Unit.objects.get(code=PARENTS[index % len(PARENTS)])
        org_services.unit_move(
            by=SYSTEM, unit=unit, new_parent=parent, effective_date=timezone.localdate()
        )
    elif step == "dissolve":
        org_services.unit_dissolve(by=SYSTEM, unit=unit, effective_date=timezone.localdate())
    elif step == "unassign":
        services.form_unassign(by=SYSTEM, form=form, unit=unit)
    elif step == "assign":
        services.form_assign(by=SYSTEM, form=form, units=[unit])
    elif step == "open_next":
        # The next half-year starts after today: a unit dissolved today is not asked for it.
        period = services.period_ensure(by=SYSTEM, code=f"{timezone.localdate().year + 1}-H1")
        services.form_open_period(by=SYSTEM, form=form, period=period)
    elif step == "backfill":
        period = Report.objects.filter(form=form).order_by("-period__sort_key").first().period
        services.form_open_period(by=SYSTEM, form=form, period=period, backfill=True)
    elif step == "import":
        period = Period.objects.filter(type="half_year", is_open=True).order_by("sort_key").last()
        code = form.form_indicators.select_related("indicator").first().indicator.code
        rows = [
            (2, {"Mã đơn vị": unit.code, "Mã chỉ tiêu": code, "Kỳ": period.code, "Giá trị": "1"})
        ]
        services.values_import(by=SYSTEM, form=form, rows=rows, then="submit")


STEPS = st.lists(
    st.tuples(
        st.sampled_from(
            [
                "forward",
                "forward",
                "back",
                "move",
                "dissolve",
                "unassign",
                "assign",
                "open_next",
                "backfill",
                "import",
            ]
        ),
        st.integers(0, 11),
    ),
    max_size=10,
)


@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
@given(steps=STEPS)
def test_the_stored_rows_always_equal_what_the_reports_add_up_to(users, steps):
    """Given the demo, whatever sequence of writes, then after each one the completeness rows
    are exactly what the reports add up to level by level; and after units moved, the
    roll-ups kept on the fly are still those a rebuild computes."""
    with transaction.atomic():
        assert_kept()
        moved = False
        for step, index in steps:
            try:
                with transaction.atomic():
                    act(step, index)
            except (DomainError, NotFound):
                pass
            moved = moved or step == "move"
            assert_kept()
        if moved:
            kept = _rollups()
            rollups.rebuild(period_ids=list(Period.objects.values_list("pk", flat=True)))
            assert _rollups() == kept
        transaction.set_rollback(True)


def _rollups() -> dict[tuple, tuple]:
    return {
        (r.indicator_id, r.period_id, r.unit_id, r.basis): (
            r.count,
            round(float(r.value_sum), 4),
            round(float(r.numerator_sum), 4),
            round(float(r.denominator_sum), 4),
            round(float(r.weighted_sum), 2),
            r.met_count,
            None if r.min_value is None else round(float(r.min_value), 4),
            None if r.max_value is None else round(float(r.max_value), 4),
        )
        for r in Rollup.objects.filter(count__gt=0)
    }


def test_a_moved_unit_s_reports_of_the_current_period_follow_it_and_older_ones_stay(users):
    """Given regiment 98 under division 316, when it moves under division 355 today, then its
    reports of the half-year that ends after today are counted under 355 (completeness and
    figures), those of earlier half-years stay under 316, and the rows still add up."""
    e98, sd316, sd355 = (Unit.objects.get(code=c) for c in ("SD316-E98", "SD316", "SD355"))
    report = current(e98)
    fill(report)
    services.report_submit(by=SYSTEM, report=Report.objects.get(pk=report.pk))
    period = report.period
    earlier = Report.objects.filter(unit=e98, period__end__lt=timezone.localdate()).first()
    before = {
        code: selectors.completeness(user=SYSTEM, unit=unit, period=period)["received"]
        for code, unit in (("316", sd316), ("355", sd355))
    }
    org_services.unit_move(
        by=SYSTEM, unit=e98, new_parent=sd355, effective_date=timezone.localdate()
    )
    report.refresh_from_db()
    assert report.path_then == Unit.objects.get(pk=e98.pk).path
    assert Report.objects.get(pk=earlier.pk).path_then.startswith(sd316.path)
    after = {
        code: selectors.completeness(user=SYSTEM, unit=unit, period=period)["received"]
        for code, unit in (("316", sd316), ("355", sd355))
    }
    assert after == {"316": before["316"] - 1, "355": before["355"] + 1}
    heat = selectors.completeness_map(user=SYSTEM, unit=sd355, periods=[period])
    assert e98 in heat["children"] and heat["cells"][(e98.pk, period.pk)]["received"] == 1
    assert_kept()


def test_a_dissolved_unit_is_no_longer_expected_in_the_periods_after(users):
    """Given the next half-year opened for the form, when a regiment is dissolved today, its
    untouched draft of that half-year goes and the division expects one report fewer; its
    reports of the current half-year stay."""
    form = ReportForm.objects.get(code=FORM)
    e174, sd316 = Unit.objects.get(code="SD316-E174"), Unit.objects.get(code="SD316")
    # The first half-year not begun today (the army's 2027-H1 begins on 15 December 2026).
    today = timezone.localdate()
    code = next(
        code
        for code in (f"{today.year + 1}-H1", f"{today.year + 1}-H2")
        if services.period_find(code=code).start > today
    )
    following = services.period_ensure(by=SYSTEM, code=code)
    services.form_open_period(by=SYSTEM, form=form, period=following)
    expected = selectors.completeness(user=SYSTEM, unit=sd316, period=following)["expected"]
    kept = Report.objects.filter(unit=e174, period__start__lt=timezone.localdate()).count()
    org_services.unit_dissolve(by=SYSTEM, unit=e174, effective_date=timezone.localdate())
    assert not Report.objects.filter(unit=e174, period=following).exists()
    assert Report.objects.filter(unit=e174).count() == kept
    assert selectors.completeness(user=SYSTEM, unit=sd316, period=following)["expected"] == (
        expected - 1
    )
    assert_kept()


def test_a_large_import_rebuilds_the_rows_of_the_periods_it_touched(users, monkeypatch):
    """Given an import above the bulk threshold (lowered here), the reports it submits are
    counted as received by a rebuild of their form and period, as a small one counts them
    one by one."""
    from tongket.reporting.services.imports import writing

    monkeypatch.setattr(writing, "BULK_THRESHOLD", 0)
    form = ReportForm.objects.get(code=FORM)
    period = Period.objects.filter(type="half_year", is_open=True).order_by("sort_key").last()
    rows = []
    for code in ("SD355-E82", "SD355-E128"):
        # Each unit's latest earlier values, with a comment (never far from its history).
        earlier = (
            Report.objects.filter(form=form, unit__code=code, values__isnull=False)
            .order_by("-period__sort_key")
            .first()
        )
        for value in earlier.values.select_related("indicator").filter(value__isnull=False):
            cells = {
                "Mã đơn vị": code,
                "Mã chỉ tiêu": value.indicator.code,
                "Kỳ": period.code,
                "Ghi chú": "nhập từ tệp",
            }
            if value.numerator is not None:
                cells.update({"Tử số": str(value.numerator), "Mẫu số": str(value.denominator)})
            else:
                cells.update({"Giá trị": str(value.value), "Mẫu số": str(value.denominator or "")})
            rows.append((len(rows) + 2, cells))
    received = selectors.completeness(
        user=SYSTEM, unit=Unit.objects.get(code="SD355"), period=period
    )["received"]
    services.values_import(by=SYSTEM, form=form, rows=rows, then="submit")
    assert (
        selectors.completeness(user=SYSTEM, unit=Unit.objects.get(code="SD355"), period=period)[
            "received"
        ]
        == received + 2
    )
    assert_kept()


def test_reads_cost_the_same_at_the_top_and_at_a_leaf(
    users, django_assert_num_queries, django_assert_max_num_queries
):
    """The completeness of a unit, its map and the periods with data are read from the
    stored rows: the same number of queries at the top of the tree as at a regiment."""
    period = Report.objects.filter(form__code=FORM).order_by("-period__sort_key").first().period
    periods = list(Period.objects.filter(type="half_year").order_by("sort_key"))
    resolution = ReportForm.objects.get(code=FORM).resolution
    counts = []
    for code in ("BQP", "QK2", "SD316-E98"):
        unit = Unit.objects.get(code=code)
        with django_assert_num_queries(1) as captured:
            selectors.completeness(user=SYSTEM, unit=unit, period=period)
        with django_assert_max_num_queries(2):
            selectors.completeness_map(user=SYSTEM, unit=unit, periods=periods)
        with django_assert_num_queries(1):
            selectors.latest_reported_period(user=SYSTEM, resolution=resolution, unit=unit)
        counts.append(len(captured))
    with django_assert_num_queries(2):
        selectors.resolution_periods(resolution=resolution)
    assert len(set(counts)) == 1


def test_a_reader_sees_the_counts_the_reports_of_the_subtree_then_give(users):
    """Given Quân khu 2's tracking officer, the completeness of QK2 read from the rows equals
    the count of the reports of its subtree as it was, in the user's scope, made the way the
    dashboards made it before the rows were kept; outside the scope, 404 as before."""
    from tongket.core import scopes
    from tongket.core.classification import clearance_q
    from tongket.core.errors import NotFound
    from tongket.org.selectors import paths_on

    reader = users["qk2.theodoi"]
    qk2 = Unit.objects.get(code="QK2")
    today = timezone.localdate()
    periods = list(Period.objects.filter(reports__form__code=FORM).distinct())
    assert periods
    for period in periods:
        counts = selectors.completeness(user=reader, unit=qk2, period=period, today=today)
        path = paths_on(unit_ids=[qk2.pk], day=period.end)[qk2.pk]
        reports = scopes.restrict(
            Report.objects.filter(clearance_q(reader, Report), period=period).filter(
                path_then__startswith=path
            ),
            reader,
            "unit__path",
        )
        by_reports = reports.aggregate(**count_fields(today))
        assert {k: counts[k] for k in by_reports} == by_reports, period.code
    with pytest.raises(NotFound):
        selectors.completeness(user=reader, unit=Unit.objects.get(code="BQP"), period=period)


def test_the_command_rebuilds_and_checks_the_rows(users):
    """Given a row spoilt by hand, `rebuild_completeness --check` says so and changes
    nothing; `rebuild_completeness` puts it right."""
    row = Completeness.objects.filter(parent__isnull=True).first()
    Completeness.objects.filter(pk=row.pk).update(received=row.received + 5)
    out, err = StringIO(), StringIO()
    with pytest.raises(SystemExit):
        call_command("rebuild_completeness", "--check", stdout=out, stderr=err)
    assert "differ" in err.getvalue()
    assert Completeness.objects.get(pk=row.pk).received == row.received + 5
    call_command("rebuild_completeness", stdout=out)
    assert_kept()
    call_command("rebuild_completeness", "--check", stdout=out)
    assert "equal a rebuild" in out.getvalue()


def test_on_time_follows_the_due_date_in_the_server_s_time_zone(users):
    """A report first submitted at 23:30 on its due date (server time) is on time; one a
    day later is late: the stored rows and the database's own count agree."""
    report = current(Unit.objects.get(code="SD355-E52"))
    fill(report)
    due = datetime.datetime.combine(report.due_date, datetime.time(23, 30))
    when = timezone.make_aware(due)
    services.report_submit(by=SYSTEM, report=Report.objects.get(pk=report.pk), when=when)
    assert_kept()
    other = current(Unit.objects.get(code="SD355-E82"))
    fill(other)
    late = when + datetime.timedelta(days=1)
    services.report_submit(by=SYSTEM, report=Report.objects.get(pk=other.pk), when=late)
    assert_kept()


def test_rebuilding_a_period_deletes_its_derived_rows_in_one_statement_each(
    users, django_capture_on_commit_callbacks
):
    """Given a period with roll-ups and completeness rows, rebuilding them deletes each
    table's rows of the period with one DELETE (no row fetched to be announced one by one),
    writes them back the same, and moves the cached reads' generation once committed."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tongket.core import freshness
    from tongket.reporting.services import completeness

    period_id = Rollup.objects.order_by("period_id").values_list("period_id", flat=True).last()
    pairs = set(
        Completeness.objects.filter(period_id=period_id).values_list("form_id", "period_id")
    )
    assert pairs
    stored = sorted(Rollup.objects.filter(period_id=period_id).values_list())
    counted = sorted(
        Completeness.objects.filter(period_id=period_id).values_list(
            "unit_id", "form_id", "due_date", *STORED_KEYS
        )
    )
    before = freshness.current()
    with (
        django_capture_on_commit_callbacks(execute=True),
        transaction.atomic(),
        CaptureQueriesContext(connection) as queries,
    ):
        rollups.rebuild(period_ids=[period_id])
        completeness.rebuild(pairs=pairs)
    statements = [q["sql"] for q in queries.captured_queries]
    for table in (Rollup._meta.db_table, Completeness._meta.db_table):
        assert not [s for s in statements if s.startswith("SELECT") and f'FROM "{table}"' in s]
        deletes = [s for s in statements if s.startswith("DELETE") and s.split()[2] == f'"{table}"']
        assert len(deletes) == 1
    assert stored
    assert sorted(row[1:] for row in Rollup.objects.filter(period_id=period_id).values_list()) == (
        sorted(row[1:] for row in stored)
    )
    assert (
        sorted(
            Completeness.objects.filter(period_id=period_id).values_list(
                "unit_id", "form_id", "due_date", *STORED_KEYS
            )
        )
        == counted
    )
    assert freshness.current() == before + 1
