"""Period codes and windows; the arithmetic of figures, progress and status."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tongket.core.errors import DomainError
from tongket.reporting import analytics
from tongket.reporting.analytics import Parts
from tongket.reporting.choices import Status
from tongket.reporting.periods import add_working_days, parse_period_code, window

D = datetime.date


def indicator(**kwargs):
    base = {
        "unit_aggregation": "sum",
        "time_aggregation": "sum",
        "direction": "higher",
        "measure_kind": "number",
    }
    return SimpleNamespace(**(base | kwargs))


@pytest.mark.parametrize(
    ("code", "kind", "months", "window_15"),
    [
        ("2022", "year", 12, (D(2021, 12, 15), D(2022, 12, 14))),
        ("2022-H1", "half_year", 6, (D(2021, 12, 15), D(2022, 6, 14))),
        ("2022-H2", "half_year", 6, (D(2022, 6, 15), D(2022, 12, 14))),
        ("2022-Q3", "quarter", 3, (D(2022, 6, 15), D(2022, 9, 14))),
        ("2022-07", "month", 1, (D(2022, 6, 15), D(2022, 7, 14))),
        ("2022-9M", "nine_months", 9, (D(2021, 12, 15), D(2022, 9, 14))),
        ("2020-2025", "term", 72, (D(2019, 12, 15), D(2025, 12, 14))),
    ],
)
def test_codes_and_the_state_regime_windows(code, kind, months, window_15):
    """Given a period code, the state regime (Nghị định 09/2019) gives 15th → 14th windows."""
    spec = parse_period_code(code)
    assert (spec.type, spec.months) == (kind, months)
    assert window(spec, 15) == window_15


def test_calendar_months_when_the_rule_starts_on_the_first():
    assert window(parse_period_code("2022-Q1"), 1) == (D(2022, 1, 1), D(2022, 3, 31))


@pytest.mark.parametrize("code", ["2022-H3", "22", "2022-13", "2022-Q0", "2025-2020", "abc", ""])
def test_bad_codes_name_the_field(code):
    with pytest.raises(DomainError) as caught:
        parse_period_code(code, field="period")
    assert "period" in caught.value.error_dict


def test_due_date_counts_working_days():
    # Friday 14/06/2024 + 2 working days = Tuesday 18/06/2024.
    assert add_working_days(D(2024, 6, 14), 2) == D(2024, 6, 18)


def test_periods_sort_chronologically():
    codes = ["2022", "2022-H2", "2022-H1", "2022-06", "2022-Q2", "2021"]
    ordered = sorted(codes, key=lambda c: parse_period_code(c).sort_key)
    assert ordered == ["2021", "2022-06", "2022-Q2", "2022-H1", "2022-H2", "2022"]


def test_ratio_is_sum_over_sum_not_an_average_of_percentages():
    """Given 1/2 and 90/100, the ratio is 91/102, not (50 % + 90 %)/2."""
    parts = Parts.of_value(Decimal(50), 1, 2) + Parts.of_value(Decimal(90), 90, 100)
    figure = analytics.aggregate(indicator(unit_aggregation="ratio"), parts)
    assert figure.value == Decimal(91) / Decimal(102) * 100
    assert "91 / 102" in analytics.formula(indicator(unit_aggregation="ratio"), figure)


def test_each_rule_over_units():
    parts = (
        Parts.of_value(Decimal(10), None, Decimal(1), met=True)
        + Parts.of_value(Decimal(20), None, Decimal(3), met=False)
        + Parts.of_value(Decimal(60), None, Decimal(0), met=True)
    )
    expect = {
        "sum": Decimal(90),
        "average": Decimal(30),
        "weighted_average": Decimal(70) / Decimal(4),
        "min": Decimal(10),
        "max": Decimal(60),
        "count_met": Decimal(2),
    }
    for rule, value in expect.items():
        assert analytics.aggregate(indicator(unit_aggregation=rule), parts).value == value, rule


@given(st.lists(st.decimals(min_value=0, max_value=10**6, places=2), min_size=1, max_size=12))
def test_parts_add_up_in_any_order(values):
    forward = sum((Parts.of_value(v) for v in values), Parts())
    backward = sum((Parts.of_value(v) for v in reversed(values)), Parts())
    assert forward == backward
    assert (forward - Parts.of_value(values[0])).value_sum == sum(values[1:], Decimal(0))


def test_a_year_from_its_half_years_by_the_rule_over_time():
    ind_sum = indicator(time_aggregation="sum")
    ind_last = indicator(time_aggregation="last")
    ind_avg = indicator(time_aggregation="average")
    h1 = Parts.of_value(Decimal(10))
    h2 = Parts.of_value(Decimal(30))
    rows = lambda ind: [  # noqa: E731
        ("2022-H1", analytics.aggregate(ind, h1), h1),
        ("2022-H2", analytics.aggregate(ind, h2), h2),
    ]
    assert analytics.over_time(ind_sum, rows(ind_sum))[0].value == 40
    assert analytics.over_time(ind_last, rows(ind_last))[0].value == 30
    assert analytics.over_time(ind_avg, rows(ind_avg))[0].value == 20


def test_progress_is_linear_direction_aware_and_never_negative():
    higher = indicator(time_aggregation="last")
    lower = indicator(time_aggregation="last", direction="lower")
    assert analytics.progress(higher, Decimal(75), Decimal(100), Decimal(50)) == 50
    assert analytics.progress(higher, Decimal(40), Decimal(100), Decimal(50)) == 0
    assert analytics.progress(higher, Decimal(110), Decimal(100)) == 110
    # Lower is better: from 20 down to 10; at 15 half-way.
    assert analytics.progress(lower, Decimal(15), Decimal(10), Decimal(20)) == 50
    assert analytics.progress(lower, Decimal(10), Decimal(10)) == 100
    assert analytics.progress(lower, Decimal(5), Decimal(10)) == 150


def test_status_thresholds():
    ind = indicator()
    assert analytics.status(ind, Decimal(101), Decimal(100), Decimal(101)) == Status.EXCEEDED
    assert analytics.status(ind, Decimal(100), Decimal(100), Decimal(100)) == Status.MET
    assert analytics.status(ind, Decimal(95), Decimal(100), Decimal(95)) == Status.ON_TRACK
    assert analytics.status(ind, Decimal(80), Decimal(100), Decimal(80)) == Status.AT_RISK
    assert analytics.status(ind, Decimal(50), Decimal(100), Decimal(50)) == Status.BEHIND
    assert analytics.status(ind, None, Decimal(100), None) == Status.NO_DATA
    assert analytics.status(ind, Decimal(5), None, None) == Status.NO_TARGET
    assert (
        analytics.status(ind, Decimal(80), Decimal(100), Decimal(80), at_risk_from=Decimal(85))
        == Status.BEHIND
    )


def test_a_half_year_owes_half_of_a_yearly_sum():
    assert analytics.prorated(indicator(), Decimal(100), 6) == 50
    assert analytics.prorated(indicator(time_aggregation="last"), Decimal(100), 6) == 100


@pytest.mark.parametrize(
    ("rule", "one", "two", "one_vi"),
    [
        ("sum", "Sum of 1 unit value", "Sum of 2 unit values", "Tổng giá trị của 1 đơn vị"),
        ("min", "Lowest of 1 unit value", "Lowest of 2 unit values", "thấp nhất của 1 đơn vị"),
        ("ratio", "(1 unit)", "(2 units)", "(1 đơn vị)"),
        ("count_met", "0 of 1 unit met its target", "0 of 2 units met their target", "0/1 đơn vị"),
    ],
)
def test_a_formula_counts_its_units_in_the_words_of_the_language(rule, one, two, one_vi):
    """English says "1 unit" and "2 units"; Vietnamese has one form ("1 đơn vị", "2 đơn vị")."""
    from django.utils import translation

    single = Parts.of_value(Decimal(50), 1, 2)
    double = single + Parts.of_value(Decimal(90), 90, 100)
    kind = indicator(unit_aggregation=rule)
    with translation.override("en"):
        assert one in analytics.formula(kind, analytics.aggregate(kind, single))
        assert two in analytics.formula(kind, analytics.aggregate(kind, double))
    with translation.override("vi"):
        assert one_vi in analytics.formula(kind, analytics.aggregate(kind, single))
        # One form whatever the number: the 2 is written where the 1 was.
        assert one_vi.replace("1", "2") in analytics.formula(
            kind, analytics.aggregate(kind, double)
        )
