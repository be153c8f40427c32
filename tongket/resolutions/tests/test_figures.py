"""One formatter of a figure for the pages and the documents: each kind of value, with the
wording of a milestone given by the caller."""

from decimal import Decimal
from types import SimpleNamespace

from django.utils import translation

from tongket.resolutions.figures import figure_text


def indicator(kind: str, decimals: int | None = 1, levels: tuple[str, ...] = ()) -> SimpleNamespace:
    return SimpleNamespace(measure_kind=kind, decimals=decimals, rating_levels=list(levels))


def page(indicator: SimpleNamespace, value: Decimal | None) -> str:
    return figure_text(indicator, value, reached="Đạt", not_reached="Không đạt")


def document(indicator: SimpleNamespace, value: Decimal | None) -> str:
    return figure_text(
        indicator, value, reached="Hoàn thành", not_reached="Chưa hoàn thành", as_written=True
    )


def test_a_number_with_decimals_is_written_the_vietnamese_way():
    with translation.override("vi"):
        share = indicator("number", decimals=1)
        assert page(share, Decimal("14.5")) == "14,5"
        assert document(share, Decimal("14.5")) == "14,5"
        assert page(share, Decimal("12345.25")) == "12.345,3"  # rounded half up
        # A whole number: the page keeps the indicator's decimals, a document drops them.
        assert page(share, Decimal("6")) == "6,0"
        assert document(share, Decimal("6")) == "6"


def test_a_number_in_english_uses_the_english_marks():
    with translation.override("en"):
        assert page(indicator("number", decimals=1), Decimal("1234.5")) == "1,234.5"


def test_a_ratio_is_a_percentage():
    with translation.override("vi"):
        ratio = indicator("ratio")
        assert page(ratio, Decimal("85.25")) == "85,3\u00a0%"
        assert document(ratio, Decimal("92.7")) == "92,7\u00a0%"


def test_a_milestone_is_reached_or_not_in_the_callers_words():
    milestone = indicator("milestone")
    assert page(milestone, Decimal("1")) == "Đạt"
    assert page(milestone, Decimal("0")) == "Không đạt"
    assert document(milestone, Decimal("1")) == "Hoàn thành"
    assert document(milestone, Decimal("0")) == "Chưa hoàn thành"


def test_a_rating_is_named_by_its_level():
    with translation.override("vi"):
        rating = indicator("rating", decimals=2, levels=("Yếu", "Trung bình", "Khá", "Tốt"))
        assert page(rating, Decimal("3")) == "Khá"
        assert document(rating, Decimal("3")) == "Khá"
        # An average of levels: the page names the level reached, a document the number.
        assert page(rating, Decimal("2.6")) == "Trung bình"
        assert document(rating, Decimal("2.6")) == "2,60"
        assert page(rating, Decimal("7")) == "7"  # beyond the levels: the number


def test_a_missing_value_is_a_dash():
    for kind in ("number", "ratio", "milestone", "rating"):
        assert page(indicator(kind), None) == "–"
        assert document(indicator(kind), None) == "–"
