from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from tongket.core.numbers import NotANumber, format_number, format_percent, parse_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.234.567,8", "1234567.8"),
        ("1,234,567.8", "1234567.8"),
        ("85,3", "85.3"),
        ("85,3 %", "85.3"),
        ("1.234", "1234"),
        ("12.5", "12.5"),
        ("-7", "-7"),
        (" 42 ", "42"),
        ("1 234", "1234"),
        (12, "12"),
        (3.5, "3.5"),
    ],
)
def test_reads_both_conventions(text, expected):
    assert parse_number(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["abc", "1,2,3.4.5", "12a", "--1", "1e5", True])
def test_refuses_what_is_not_a_number(text):
    with pytest.raises(NotANumber):
        parse_number(text)


def test_empty_is_none():
    assert parse_number("") is None and parse_number(None) is None and parse_number(" ") is None


def test_formats_the_vietnamese_way_and_the_english_way():
    with translation.override("vi"):
        assert format_number(Decimal("1234567.8"), 1) == "1.234.567,8"
        assert format_percent(Decimal("85.25")) == "85,3\u00a0%"
        assert format_number(Decimal("12.50")) == "12,5"
    with translation.override("en"):
        assert format_number(Decimal("1234567.8"), 1) == "1,234,567.8"


@given(st.decimals(min_value=-(10**12), max_value=10**12, places=2, allow_nan=False))
def test_what_is_shown_reads_back(value):
    with translation.override("vi"):
        assert parse_number(format_number(value, 2)) == value
