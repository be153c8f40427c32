"""Figures in a review's tables are written as a document writes them: a count without
decimals, a milestone reached or not, a rating by its level, a ratio in per cent."""

from decimal import Decimal
from types import SimpleNamespace

from django.utils import translation

from tongket.reviews.selectors.figures import _fmt


def indicator(kind: str, decimals: int = 2, levels: tuple[str, ...] = ()) -> SimpleNamespace:
    return SimpleNamespace(measure_kind=kind, decimals=decimals, rating_levels=list(levels))


def test_each_kind_of_figure_reads_as_people_write_it():
    with translation.override("vi"):
        count = indicator("number", decimals=2)
        assert _fmt(count, Decimal("6.00")) == "6"
        assert _fmt(count, Decimal("0")) == "0"
        assert _fmt(count, Decimal("12.5")) == "12,50"
        assert _fmt(count, Decimal("1234")) == "1.234"
        assert _fmt(indicator("milestone"), Decimal("1")) == "Hoàn thành"
        assert _fmt(indicator("milestone"), Decimal("0")) == "Chưa hoàn thành"
        rating = indicator("rating", levels=("Yếu", "Trung bình", "Khá", "Tốt"))
        assert _fmt(rating, Decimal("3")) == "Khá"
        assert _fmt(rating, Decimal("2.6")) == "2,60"  # an average of levels stays a number
        assert _fmt(indicator("ratio"), Decimal("92.7")) == "92,7\u00a0%"
        assert _fmt(count, None) == "–"
