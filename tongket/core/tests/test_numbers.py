from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from tongket.core.numbers import (
    AmbiguousNumber,
    NotANumber,
    NumberOutOfRange,
    Wording,
    format_number,
    format_percent,
    input_text,
    parse_number,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.234.567,8", "1234567.8"),
        ("1,234,567.8", "1234567.8"),
        ("85,3", "85.3"),
        ("85,3 %", "85.3"),
        ("1.234.567", "1234567"),
        ("1,2340", "1.234"),
        ("0,125", "0.125"),
        ("12.5", "12.5"),
        ("-7", "-7"),
        ("007", "7"),
        ("123456789012345", "123456789012345"),
        (" 42 ", "42"),
        ("1 234", "1234"),
        (12, "12"),
        (3.5, "3.5"),
    ],
)
def test_reads_both_conventions(text, expected):
    assert parse_number(text) == Decimal(expected)


@pytest.mark.parametrize(
    "text", ["abc", "1,2,3.4.5", "12a", "--1", "1e5", True, "1.23,5", "12,34.5"]
)
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


def test_a_wording_keeps_the_language_it_was_made_in():
    with translation.override("vi"):
        vietnamese = Wording()
    with translation.override("en"):
        english = Wording()
        # Made for an English answer, the Vietnamese wording still writes Vietnamese.
        assert vietnamese.number(Decimal("1234567.8"), 1) == "1.234.567,8"
        assert vietnamese("summed over %(periods)s") == "cộng dồn qua %(periods)s"
        assert vietnamese.ngettext(SUM, SUMS, 2) == "Tổng giá trị của %(n)s đơn vị"
        assert english.number(Decimal("1234567.8"), 1) == "1,234,567.8"
        assert english("summed over %(periods)s") == "summed over %(periods)s"
        assert english.ngettext(SUM, SUMS, 1) == SUM
    with translation.override("vi"):
        # Asked again, a phrase is the one translated first (read once per wording).
        assert english("summed over %(periods)s") == "summed over %(periods)s"
        assert english.ngettext(SUM, SUMS, 2) == SUMS
        # A count asked for the first time is translated in the wording's language.
        assert english.ngettext(SUM, SUMS, 3) == SUMS


SUM, SUMS = "Sum of %(n)s unit value", "Sum of %(n)s unit values"


@given(st.decimals(min_value=-(10**12), max_value=10**12, places=2, allow_nan=False))
def test_what_is_shown_reads_back(value):
    with translation.override("vi"):
        assert parse_number(format_number(value, 2)) == value


# --- One reader for pages, API and imports: typed, bounded, never a guess ---------------------


@pytest.mark.parametrize(
    "text", ["1_000", "1_000,5", "\u0661\u0662\u0663", "\uff11\uff12", "12\u0663"]
)
def test_refuses_underscores_and_digits_that_are_not_ascii(text):
    """Given a number written with an underscore or with non-ASCII digits, when it is read,
    then it is refused (Python's Decimal would take both)."""
    with pytest.raises(NotANumber):
        parse_number(text)


@pytest.mark.parametrize("text", ["1.234", "1,234", "-12,500", "999.000", "1.234 %"])
def test_a_lone_separator_before_three_digits_is_asked_not_guessed(text):
    """Given "1.234" or "1,234", when it is read, then the reader asks which was meant and
    names both readings."""
    with pytest.raises(AmbiguousNumber) as raised:
        parse_number(text)
    whole = text.replace(".", "").replace(",", "").replace(" %", "")
    assert whole in raised.value.message and text in raised.value.message


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("12345678901234567", "16"),
        ("-12345678901234567", "16"),
        ("1,23456", "4"),
        (Decimal("1E+17"), "16"),
        (1e17, "16"),
    ],
)
def test_a_number_larger_or_finer_than_its_column_is_refused_with_the_bound(text, message):
    """Given more digits than a DecimalField(20, 4) keeps, when read, then it is refused and
    the message states the bound."""
    with pytest.raises(NumberOutOfRange) as raised:
        parse_number(text)
    assert message in raised.value.message


def test_the_bound_is_the_callers_column_and_floats_are_rounded_to_it():
    assert parse_number("123456", max_digits=8, decimal_places=2) == 123456
    with pytest.raises(NumberOutOfRange):
        parse_number("1234567", max_digits=8, decimal_places=2)
    assert parse_number(0.1 + 0.2) == Decimal("0.3")
    assert parse_number("9999999999999999,9999") == Decimal("9999999999999999.9999")


def test_what_an_input_box_is_filled_with_is_never_asked_about():
    """Given stored figures, when they are put back in input boxes (the entry grid, the
    target grid), then the reader takes them back as they were, without a question."""
    from tongket.ui.templatetags.tongket import vnexact

    with translation.override("vi"):
        for value in ("1234", "1.234", "999000", "1234567", "1234.5678", "-12.5", "0.125"):
            number = Decimal(value)
            assert parse_number(vnexact(number)) == number
            assert parse_number(input_text(number)) == number
        assert vnexact(Decimal("1234")) == "1234" and vnexact(Decimal("1234567")) == "1.234.567"
