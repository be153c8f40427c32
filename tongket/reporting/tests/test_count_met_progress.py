"""An indicator counted as "units meeting their target" measures its count against its
target: 14 units done of 16 is 87,5 %, on track, not "100 % met"."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

import pytest

from tongket.reporting import analytics
from tongket.reporting.choices import Status


def _indicator(aggregation: str) -> SimpleNamespace:
    return SimpleNamespace(
        measure_kind="milestone",
        unit_aggregation=aggregation,
        direction="higher",
        time_aggregation="last",
    )


def test_a_count_of_units_meeting_the_target_shows_its_true_progress():
    counted = _indicator("count_met")
    percent = analytics.progress(counted, Decimal(14), Decimal(16))
    assert percent == Decimal("87.5")
    assert analytics.status(counted, Decimal(14), Decimal(16), percent) == Status.AT_RISK
    assert analytics.status(counted, Decimal(16), Decimal(16), Decimal(100)) == Status.MET


def test_a_single_unit_milestone_is_still_done_or_not():
    single = _indicator("last")
    assert analytics.progress(single, Decimal(1), Decimal(1)) == Decimal(100)
    assert analytics.status(single, Decimal(0), Decimal(1), Decimal(0)) == Status.BEHIND


@pytest.mark.django_db
def test_the_dashboards_figures_count_units_against_the_target():
    """Given Quân khu 2's HC08 (kitchens built, counted over its units) with 14 of 16 units
    done, the figure the dashboards, the API and the documents read is 87,5 %, not met."""
    from tongket.core.scopes import SYSTEM
    from tongket.reporting import selectors
    from tongket.reviews.models import ReviewCampaign
    from tongket.reviews.services.campaigns import span_period

    campaign = ReviewCampaign.objects.get(resolution__symbol="623-NQ/QUTW")
    indicators = [
        i
        for i in selectors.resolution_indicators(user=SYSTEM, resolution=campaign.resolution)
        if i.unit_aggregation == "count_met"
    ]
    (row,) = selectors.figures(
        user=SYSTEM, unit=campaign.figures_unit, period=span_period(campaign), indicators=indicators
    )
    assert row.value < row.target_due
    assert row.progress == row.value / row.target_due * 100
    assert row.status not in (Status.MET, Status.EXCEEDED)


@pytest.mark.django_db
def test_a_target_raised_above_a_value_turns_it_not_met_and_the_count_follows():
    """Resolutions tell reporting of a changed target (a follower registered at start-up):
    a unit's value that met its target stops meeting it once the target is raised above it,
    and its superiors' count of units meeting their target drops by one."""
    from tongket.core.scopes import SYSTEM
    from tongket.reporting.models import DataValue, Rollup
    from tongket.resolutions.services.targets import target_set

    stored = (
        DataValue.objects.filter(
            met=True,
            indicator__unit_aggregation="count_met",
            value__isnull=False,
            report__state__in=["submitted", "approved"],
        )
        .exclude(period__type="term")
        .select_related("indicator", "unit", "period", "report")
        .order_by("pk")
        .first()
    )
    assert stored is not None, "the demo holds a value meeting a counted target"
    parent_id = stored.unit.parent_id

    def count() -> Decimal:
        row = Rollup.objects.get(
            indicator=stored.indicator,
            unit_id=parent_id,
            period=stored.period,
            basis="submitted",
        )
        return row.met_count

    before = count()
    target_set(
        by=SYSTEM,
        indicator=stored.indicator,
        unit=stored.unit,
        year=stored.period.year,
        value=stored.value + 1,
        reason="Giao bổ sung",
    )
    stored.refresh_from_db()
    assert stored.met is False
    assert count() == before - 1
