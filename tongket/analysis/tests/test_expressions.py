"""The rule language: parsed by hand, never evaluated by Python; Decimal arithmetic."""

from decimal import Decimal

import pytest

from tongket.analysis.expressions import ExpressionError, codes, evaluate, parse


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("HC02 * 10", Decimal(50)),
        ("HC02 × 10 ÷ 4", Decimal("12.5")),
        ("(HC02 + {HC-03}) / 2", Decimal(4)),
        ("-HC02 + 7", Decimal(2)),
        ("2 + 3 * 4", Decimal(14)),
        ("1,5 * 2", Decimal(3)),
    ],
)
def test_expressions_compute_in_decimal(text, expected):
    assert evaluate(parse(text), {"HC02": Decimal(5), "HC-03": Decimal(3)}) == expected


def test_a_missing_value_or_a_division_by_zero_has_no_value():
    assert evaluate(parse("HC02 / HC03"), {"HC02": Decimal(5), "HC03": Decimal(0)}) is None
    assert evaluate(parse("HC02 + HC09"), {"HC02": Decimal(5)}) is None


def test_codes_are_listed_once_in_order():
    assert codes(parse("hc03 + {HC-04} * hc03")) == ["HC03", "HC-04"]


@pytest.mark.parametrize(
    "text",
    [
        "__import__('os').system('x')",
        "HC02 ** 2",
        "HC02 +",
        "(HC02 + 1",
        "HC02; HC03",
        "",
        "1e9",
        "HC02 " + "+ 1 " * 300,
        "(" * 40 + "1" + ")" * 40,
    ],
)
def test_anything_else_is_refused_with_a_message(text):
    with pytest.raises(ExpressionError) as error:
        parse(text)
    assert error.value.message
