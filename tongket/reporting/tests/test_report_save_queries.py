"""Saving a whole report costs a fixed number of queries, whatever the number of its
indicators: a form of 10 and a form of 200 are saved (values new, then changed) in the
same number of queries, and the values stored are those typed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tongket.core.scopes import SYSTEM
from tongket.org.models import Unit
from tongket.reporting import services
from tongket.reporting.models import DataValue, Period, Report
from tongket.reporting.services.reports import Entry
from tongket.resolutions import services as resolution_services
from tongket.resolutions.choices import MeasureKind, UnitAggregation
from tongket.resolutions.models import Resolution

pytestmark = pytest.mark.django_db


def draft_of(size: int) -> Report:
    """A draft of a new half-yearly form of `size` indicators (every third a ratio) asked of
    one regiment, made through the services."""
    resolution = Resolution.objects.filter(report_forms__code="BC6T-623-QK2").first()
    indicators = [
        resolution_services.indicator_create(
            by=SYSTEM,
            resolution=resolution,
            code=f"Q{size}-{n:03d}",
            name=f"Chỉ tiêu thử {n}",
            **(
                {"measure_kind": MeasureKind.RATIO, "unit_aggregation": UnitAggregation.RATIO}
                if n % 3 == 0
                else {}
            ),
        )
        for n in range(size)
    ]
    form = services.form_create(
        by=SYSTEM,
        code=f"THU-{size}",
        name=f"Mẫu thử {size} chỉ tiêu",
        owner_unit=Unit.objects.get(code="QK2"),
        period_type="half_year",
        resolution=resolution,
        indicators=indicators,
    )
    unit = Unit.objects.get(code="SD316-E98")
    services.form_assign(by=SYSTEM, form=form, units=[unit])
    period = Period.objects.filter(type="half_year", is_open=True).order_by("sort_key").last()
    services.form_open_period(by=SYSTEM, form=form, period=period)
    return Report.objects.get(form=form, unit=unit, period=period)


def entries(report: Report, base: int) -> dict[int, Entry]:
    found = {}
    for link in report.form.form_indicators.select_related("indicator"):
        n = Decimal(base + link.order)
        if link.indicator.measure_kind == MeasureKind.RATIO:
            found[link.indicator_id] = Entry(numerator=n, denominator=n + 1, comment="ghi chú")
        else:
            found[link.indicator_id] = Entry(n)
    return found


def save_counting(report: Report, typed: dict[int, Entry]) -> int:
    report = Report.objects.get(pk=report.pk)
    with CaptureQueriesContext(connection) as captured:
        services.report_save(by=SYSTEM, report=report, entries=typed, narrative={"ket-qua": "Đạt"})
    return len(captured)


def test_a_report_of_200_indicators_saves_in_the_queries_of_one_of_10(
    users, django_assert_max_num_queries
):
    small, large = draft_of(10), draft_of(200)
    new_small = save_counting(small, entries(small, 1))
    report, typed = Report.objects.get(pk=large.pk), entries(large, 1)
    with django_assert_max_num_queries(new_small):
        services.report_save(by=SYSTEM, report=report, entries=typed, narrative={"ket-qua": "Đạt"})
    # Values changed (and a few left as they were): the same count again.
    changed_small = save_counting(small, entries(small, 2))
    changed_large = save_counting(large, entries(large, 2))
    assert changed_small == changed_large
    assert changed_small <= new_small
    stored = {
        v.indicator.code: v
        for v in DataValue.objects.filter(report=large).select_related("indicator")
    }
    assert len(stored) == 200
    assert stored["Q200-004"].value == 6  # order 4 + 2
    ratio = stored["Q200-003"]
    assert (ratio.numerator, ratio.denominator, ratio.comment) == (5, 6, "ghi chú")
    assert ratio.value == (Decimal(5) / 6 * 100).quantize(Decimal("0.0001"))


def test_a_figure_typed_again_is_not_written_again(users):
    """Saving the same figures again writes no value row (their times stay)."""
    report = draft_of(10)
    services.report_save(by=SYSTEM, report=report, entries=entries(report, 1))
    times = dict(DataValue.objects.filter(report=report).values_list("pk", "updated_at"))
    services.report_save(
        by=SYSTEM, report=Report.objects.get(pk=report.pk), entries=entries(report, 1)
    )
    assert dict(DataValue.objects.filter(report=report).values_list("pk", "updated_at")) == times
