"""Figures grouped along a line of subordination: a unit's figure covers every unit below it
in the line on the period's last day (each with its own subtree, counted once), checked
against a recomputation from the stored values, across a dated placement."""

import datetime
from decimal import Decimal

import pytest

from tongket.core.scopes import SYSTEM
from tongket.org import services as org_services
from tongket.org.choices import Line
from tongket.org.models import Unit, UnitLine
from tongket.reporting import selectors
from tongket.reporting.choices import ReportState, Tree
from tongket.reporting.models import DataValue, Period, Report
from tongket.resolutions.models import Indicator

pytestmark = pytest.mark.django_db
D = datetime.date


def reached_on(root: Unit, line: str, day: datetime.date) -> set[int]:
    """The oracle's own walk: units below `root` in `line` on `day`, and `root`."""
    rows = [
        (row.unit_id, row.superior_id)
        for row in UnitLine.objects.filter(line=line, superior__isnull=False)
        if (row.valid_from is None or row.valid_from <= day)
        and (row.valid_to is None or row.valid_to > day)
    ]
    found, frontier = {root.pk}, [root.pk]
    while frontier:
        current = frontier.pop()
        for unit_id, superior_id in rows:
            if superior_id == current and unit_id not in found:
                found.add(unit_id)
                frontier.append(unit_id)
    return found


def oracle(root: Unit, line: str, period: Period, indicator: Indicator) -> Decimal | None:
    paths = [u.path for u in Unit.objects.filter(pk__in=reached_on(root, line, period.end))]
    values = [
        value
        for value in DataValue.objects.filter(
            period=period,
            indicator=indicator,
            value__isnull=False,
            report__state__in=[ReportState.SUBMITTED, ReportState.APPROVED],
        ).select_related("unit")
        if any(value.unit.path.startswith(path) for path in paths)
    ]
    if not values:
        return None
    if indicator.unit_aggregation == "ratio":
        numerator = sum(v.numerator or 0 for v in values)
        denominator = sum(v.denominator or 0 for v in values)
        return Decimal(numerator) * 100 / Decimal(denominator) if denominator else None
    return sum((v.value for v in values), Decimal(0))


def test_figures_along_the_state_line_equal_a_recomputation_across_a_dated_placement(users, units):
    # Given two Quân khu 2 units placed under the provincial People's Committee in the State
    # line, one of them only from 1 January 2024
    committee = units["UBND-DL"]
    division, province = units["SD316"], units["BCHQS-PT"]
    org_services.unit_line_set(
        by=SYSTEM, unit=division, line=Line.STATE, superior=committee, valid_from=None
    )
    org_services.unit_line_set(
        by=SYSTEM, unit=province, line=Line.STATE, superior=committee, valid_from=D(2024, 1, 1)
    )
    hc03 = Indicator.objects.get(code="HC03", resolution__symbol="623-NQ/QUTW")
    before, after = Period.objects.get(code="2023-H2"), Period.objects.get(code="2024-H1")
    admin = SYSTEM  # the provincial committee is in no demo user's scope
    for period in (before, after):
        # When the committee's figure is read along the State line
        row = selectors.figures(
            user=admin, unit=committee, period=period, indicators=[hc03], tree=Tree.STATE
        )[0]
        # Then it is the sum of the values of the units it reaches that day, and only those
        expected = oracle(committee, Line.STATE, period, hc03)
        assert expected is not None
        assert row.value == expected
    assert province.pk not in reached_on(committee, Line.STATE, before.end)
    assert province.pk in reached_on(committee, Line.STATE, after.end)
    below = selectors.children_at(user=admin, unit=committee, period=after, tree=Tree.STATE)
    assert {division, province} <= set(below)
    below_before = selectors.children_at(user=admin, unit=committee, period=before, tree=Tree.STATE)
    assert province not in below_before


def test_a_unit_with_nothing_below_it_in_the_line_keeps_its_own_tree_figure(users, units):
    admin = users["admin"]
    period = Period.objects.get(code="2024-H1")
    indicators = list(
        Indicator.objects.filter(resolution__symbol="623-NQ/QUTW", code__in=["HC01", "HC03"])
    )
    along = selectors.figures(
        user=admin, unit=units["SD316"], period=period, indicators=indicators, tree=Tree.STATE
    )
    then = selectors.figures(
        user=admin, unit=units["SD316"], period=period, indicators=indicators, tree=Tree.THEN
    )
    assert [r.value for r in along] == [r.value for r in then]
    assert all(r.value is not None for r in then)


def test_completeness_along_a_line_counts_the_reports_of_the_units_reached(users, units):
    committee = units["UBND-DL"]
    org_services.unit_line_set(
        by=SYSTEM, unit=units["SD316"], line=Line.STATE, superior=committee, valid_from=None
    )
    period = Period.objects.get(code="2024-H1")
    admin = SYSTEM  # the provincial committee is in no demo user's scope
    along = selectors.completeness(user=admin, unit=committee, period=period, tree=Tree.STATE)
    paths = [u.path for u in Unit.objects.filter(pk__in=reached_on(committee, "state", period.end))]
    reports = [
        report
        for report in Report.objects.filter(period=period).select_related("unit")
        if any(report.unit.path.startswith(path) for path in paths)
    ]
    received = [r for r in reports if r.first_submitted_at is not None]
    assert any(r.unit.path.startswith(units["SD316"].path) for r in reports)
    assert along["expected"] == len(reports) > 0
    assert along["received"] == len(received)


def test_a_form_names_its_line_and_the_dashboard_groups_along_it(client, users):
    from tongket.core.errors import DomainError
    from tongket.reporting import services
    from tongket.reporting.models import ReportForm

    officer = users["qk2.theodoi"]
    form = ReportForm.objects.get(code="BC6T-623-QK2")
    with pytest.raises(DomainError) as refused:
        services.form_update(by=officer, form=form, line="tinh")
    assert refused.value.field == "line"
    changed = services.form_update(by=officer, form=form, line=Line.COMMAND)
    assert changed.line == Line.COMMAND
    others = ReportForm.objects.filter(resolution=form.resolution).exclude(pk=form.pk)
    others.update(line=Line.COMMAND)
    client.force_login(users["qk2.baocao"])
    response = client.get(f"/dashboards/resolutions/{form.resolution_id}/")
    assert response.status_code == 200 and response.context["tree"] == Tree.COMMAND
    chosen = client.get(f"/dashboards/resolutions/{form.resolution_id}/", {"tree": Tree.THEN})
    assert chosen.context["tree"] == Tree.THEN


def test_a_trend_along_a_line_reads_each_period_as_the_line_stood_then(units):
    committee = units["UBND-DL"]
    org_services.unit_line_set(
        by=SYSTEM,
        unit=units["BCHQS-PT"],
        line=Line.STATE,
        superior=committee,
        valid_from=D(2024, 1, 1),
    )
    hc03 = Indicator.objects.get(code="HC03", resolution__symbol="623-NQ/QUTW")
    periods = list(Period.objects.filter(code__in=["2023-H2", "2024-H1"]).order_by("start"))
    rows = selectors.trend(
        user=SYSTEM, unit=committee, indicator=hc03, periods=periods, tree=Tree.STATE
    )
    assert [row.value for row in rows] == [
        oracle(committee, Line.STATE, period, hc03) for period in periods
    ]
