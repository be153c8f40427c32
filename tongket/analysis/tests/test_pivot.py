"""The pivot: figures equal to the roll-ups' figures, totals recombined by each indicator's
rule, layout and filter checks, relative periods, scope."""

import datetime
from decimal import Decimal

import pytest

from tongket.analysis.choices import RelativePeriod
from tongket.analysis.pivot import pivot_table
from tongket.analysis.spec import clean_spec, relative_periods
from tongket.core.errors import DomainError, NotFound
from tongket.org.models import Unit
from tongket.reporting import selectors as reporting_selectors
from tongket.reporting.models import DataValue, Period
from tongket.resolutions.choices import UnitAggregation
from tongket.resolutions.models import Indicator

pytestmark = pytest.mark.django_db


def indicator(code: str) -> Indicator:
    return Indicator.objects.get(code=code, resolution__symbol="623-NQ/QUTW")


def half_years(n: int = 2) -> list[Period]:
    return list(
        Period.objects.filter(type="half_year", reports__form__code="BC6T-623-QK2")
        .distinct()
        .order_by("-sort_key")[:n]
    )[::-1]


def test_each_cell_is_the_reporting_figure_and_shows_its_formula(users):
    """Given QK2's children and two half-years, when the pivot of HC03 (summed) is asked,
    then every cell equals the dashboard's figure of that child and period, with its
    formula, and the row total is the sum of the row."""
    user = users["qk2.baocao"]
    qk2 = Unit.objects.get(code="QK2")
    hc03 = indicator("HC03")
    periods = half_years()
    spec = clean_spec(
        user=user,
        data={
            "indicators": [hc03.pk],
            "units": [qk2.pk],
            "unit_level": "children",
            "periods": [p.code for p in periods],
            "rows": ["unit"],
            "columns": ["period"],
        },
    )
    table = pivot_table(user=user, spec=spec)
    assert spec.filters == ["indicator"]
    assert [c.label for c in table.columns] == [p.code for p in periods]
    checked = 0
    for row, cells, total in zip(table.rows, table.cells, table.row_totals, strict=True):
        unit = row.item("unit")
        for period, cell in zip(periods, cells, strict=True):
            expected = reporting_selectors.figures(
                user=user, unit=unit, period=period, indicators=[hc03]
            )[0]
            assert cell.value == expected.value
            assert cell.formula == expected.formula
            checked += cell.value is not None
        values = [c.value for c in cells if c.value is not None]
        if values:
            assert total.value == sum(values, Decimal(0))
    assert checked >= 4


def test_a_ratio_totals_as_sum_of_numerators_over_sum_of_denominators(users):
    """Given HC01, a ratio, when the units are in the rows, then the column total is
    Σnumerator/Σdenominator of the cells, not the average of their percentages."""
    user = users["qk2.baocao"]
    hc01 = indicator("HC01")
    assert hc01.unit_aggregation == UnitAggregation.RATIO
    units = list(Unit.objects.filter(code__in=["SD316", "SD355"]))
    period = next(
        p
        for p in reversed(half_years(4))
        if all(
            r[0].figure.numerator is not None
            for r in reporting_selectors.figures_for_units(
                user=user, units=units, period=p, indicators=[hc01]
            ).values()
        )
    )
    spec = clean_spec(
        user=user,
        data={
            "indicators": [hc01.pk],
            "units": [u.pk for u in units],
            "periods": [period.code],
            "rows": ["unit"],
            "columns": ["indicator"],
            "filters": ["period"],
        },
    )
    table = pivot_table(user=user, spec=spec)
    total = table.column_totals[0]
    rows = reporting_selectors.figures_for_units(
        user=user, units=units, period=period, indicators=[hc01]
    )
    numerator = sum(rows[u.pk][0].figure.numerator for u in units)
    denominator = sum(rows[u.pk][0].figure.denominator for u in units)
    assert total.value == numerator / denominator * 100
    assert "Σ" in total.formula
    average = sum(rows[u.pk][0].value for u in units) / 2
    assert total.value != average


def test_the_pivot_follows_a_report_saved_a_moment_ago(users):
    """Given a pivot at a regiment, when one of its values changes in the database the way
    a saved report keeps the roll-ups, then the next pivot shows the new figure at once."""
    user = users["qk2.baocao"]
    value = (
        DataValue.objects.filter(
            indicator__code="HC03",
            indicator__resolution__symbol="623-NQ/QUTW",
            report__state__in=["submitted", "approved"],
            unit__code__startswith="SD316",
        )
        .select_related("unit", "period")
        .first()
    )
    spec = clean_spec(
        user=user,
        data={
            "indicators": [value.indicator_id],
            "units": [value.unit_id],
            "periods": [value.period.code],
            "rows": ["unit"],
            "columns": ["period"],
        },
    )
    assert pivot_table(user=user, spec=spec).cells[0][0].value == value.value


def test_a_filter_holds_one_item_and_dimensions_are_placed_once(users):
    user = users["qk2.baocao"]
    qk2 = Unit.objects.get(code="QK2")
    hc01, hc03 = indicator("HC01"), indicator("HC03")
    base = {"units": [qk2.pk], "relative": ["last_4_half_years"]}
    with pytest.raises(DomainError) as error:
        clean_spec(
            user=user,
            data={
                **base,
                "indicators": [hc01.pk, hc03.pk],
                "rows": ["unit"],
                "columns": ["period"],
            },
        )
    assert "filters" in error.value.message_dict
    with pytest.raises(DomainError) as error:
        clean_spec(
            user=user,
            data={**base, "indicators": [hc01.pk], "rows": ["unit"], "columns": ["unit"]},
        )
    assert "columns" in error.value.message_dict
    with pytest.raises(DomainError) as error:
        clean_spec(user=user, data={**base, "indicators": [], "rows": ["unit"]})
    assert "indicators" in error.value.message_dict
    with pytest.raises(DomainError) as error:
        clean_spec(user=user, data={"indicators": [hc01.pk], "units": [qk2.pk]})
    assert "periods" in error.value.message_dict
    with pytest.raises(DomainError) as error:
        clean_spec(user=user, data={**base, "indicators": [hc01.pk], "periods": ["2099-H9"]})
    assert "periods" in error.value.message_dict


def test_relative_periods_count_back_from_today():
    today = datetime.date(2025, 8, 1)
    halves = relative_periods(RelativePeriod.LAST_4_HALF_YEARS, indicators=[], today=today)
    assert len(halves) == 4
    assert all(p.type == "half_year" and p.end < today for p in halves)
    this_year = relative_periods(RelativePeriod.THIS_YEAR, indicators=[], today=today)
    assert [p.year for p in this_year] == [2025]
    hc01 = indicator("HC01")
    horizon = relative_periods(RelativePeriod.HORIZON, indicators=[hc01], today=today)
    resolution = hc01.resolution
    assert horizon
    assert all(
        p.type == "year" and resolution.horizon_from <= p.year <= min(2025, resolution.horizon_to)
        for p in horizon
    )


def test_units_and_indicators_outside_the_scope_are_not_found(users):
    """Given a QK2 reporter, a unit of Tổng cục CNQP or an indicator of a resolution kept
    there answers as not found, whatever the layout."""
    user = users["qk2.baocao"]
    cnqp = Unit.objects.get(code="TCCNQP")
    hc01 = indicator("HC01")
    with pytest.raises(NotFound):
        clean_spec(
            user=user,
            data={"indicators": [hc01.pk], "units": [cnqp.pk], "relative": ["last_4_half_years"]},
        )
    foreign = Indicator.objects.filter(resolution__symbol="06-NQ/TW").first()
    with pytest.raises(NotFound):
        clean_spec(
            user=user,
            data={
                "indicators": [foreign.pk],
                "units": [Unit.objects.get(code="QK2").pk],
                "relative": ["last_4_half_years"],
            },
        )


def test_a_pivot_keeps_a_bounded_number_of_queries(users, django_assert_max_num_queries):
    """Given every indicator of 623 × the units below QK2 × four half-years, the pivot is
    read in a few queries per period, not per indicator or unit."""
    user = users["qk2.baocao"]
    indicators = list(Indicator.objects.filter(resolution__symbol="623-NQ/QUTW"))
    assert len(indicators) >= 5
    data = {
        "indicators": [i.pk for i in indicators],
        "units": [Unit.objects.get(code="QK2").pk],
        "unit_level": "children",
        "periods": [p.code for p in half_years(4)],
        "rows": ["unit", "indicator"],
        "columns": ["period"],
    }
    with django_assert_max_num_queries(30):
        table = pivot_table(user=user, spec=clean_spec(user=user, data=data))
    assert len(table.rows) >= 5 * len(indicators)


def test_ids_that_cannot_be_ids_are_refused_not_a_server_error(users):
    with pytest.raises(DomainError) as error:
        clean_spec(user=users["qk2.baocao"], data={"indicators": ["9" * 40]})
    assert "indicators" in error.value.message_dict
