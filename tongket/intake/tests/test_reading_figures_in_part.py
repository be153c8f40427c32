"""A unit's report read for indicators it names only in part or through the units that did
the work (`intake.reading.figures`): "14,5 ha đất tăng gia" for "Diện tích tăng gia sản
xuất" (ha), taken only in the indicator's unit and never a figure another indicator took;
"tại 4/4 tiểu đoàn", "100% cơ quan, đơn vị hoàn thành" read as done for a milestone, as a
percentage, a count or a ratio for the others. Pure, no database; the texts are written for
these tests."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from tongket.intake.reading.figures import FigureRead, IndicatorEntry, read_figures

FARMLAND = IndicatorEntry(id=1, code="HC02", name="Diện tích tăng gia sản xuất", unit="ha")
FUNDS = IndicatorEntry(id=2, code="HC06", name="Kinh phí tăng gia sản xuất", unit="triệu đồng")
MEAT = IndicatorEntry(id=3, code="HC03", name="Sản lượng thịt, cá xuất chuồng", unit="tấn")
FOREST = IndicatorEntry(id=4, code="HC12", name="Diện tích trồng rừng", unit="ha")

DRILL = "diễn tập chiến đấu phòng thủ"
DRILL_DONE = IndicatorEntry(id=11, code="QS11", name=f"Hoàn thành {DRILL}", kind="milestone")
DRILL_PERCENT = IndicatorEntry(
    id=12, code="QS12", name=f"Tỷ lệ tiểu đoàn hoàn thành {DRILL}", unit="%", decimals=1
)
DRILL_COUNT = IndicatorEntry(
    id=13, code="QS13", name=f"Số tiểu đoàn hoàn thành {DRILL}", unit="tiểu đoàn"
)
DRILL_RATIO = IndicatorEntry(
    id=14, code="QS14", name=f"Tỷ lệ tiểu đoàn hoàn thành {DRILL}", unit="%", kind="ratio"
)
KITCHENS = IndicatorEntry(
    id=15,
    code="HC08",
    name="Hoàn thành xây dựng bếp ăn hợp vệ sinh, tiết kiệm năng lượng",
    kind="milestone",
)
KITCHENS_PERCENT = IndicatorEntry(
    id=16,
    code="HC18",
    name="Tỷ lệ cơ quan, đơn vị hoàn thành xây dựng bếp ăn hợp vệ sinh, tiết kiệm năng lượng",
    unit="%",
)
DRILLS = (DRILL_DONE, DRILL_PERCENT, DRILL_COUNT, DRILL_RATIO)


def by_id(text: str, *indicators: IndicatorEntry) -> dict[int, FigureRead]:
    return {read.indicator_id: read for read in read_figures(text, indicators)}


def quoted(text: str, read: FigureRead) -> str:
    return text[read.start : read.end]


@pytest.mark.parametrize(
    ("text", "before"),
    [
        ("Năm 2026 đơn vị có 14,5 ha đất tăng gia.", True),
        ("Trồng mới 14,5 ha rau xanh tăng gia, chủ yếu rau muống.", True),
        ("Các đơn vị tăng gia được 14,5 ha.", False),
        ("Diện tích tăng gia: 14,5 ha.", False),
    ],
)
def test_an_area_named_in_part_next_to_its_figure_in_ha(text: str, before: bool) -> None:
    # Given an area in ha written before or after the words "tăng gia" of its name, and
    # two indicators of the form in other units also named by "tăng gia" or not at all,
    reads = by_id(text, FARMLAND, FUNDS, MEAT)
    # then the area is read, from the figure next to the words, and only for the area.
    assert set(reads) == {FARMLAND.id}
    read = reads[FARMLAND.id]
    assert read.is_read and read.value == Decimal("14.5")
    assert quoted(text, read) == "14,5"
    assert read.found_by == "part" and read.before is before
    start, end = read.highlight
    assert read.snippet[start:end] == "14,5"
    assert "tăng gia" in read.snippet


def test_each_part_takes_the_figure_in_its_own_unit() -> None:
    # Given "tăng gia" twice, beside an area in ha and beside a sum in triệu đồng, and meat
    # named by its first words after its figure in tấn,
    text = "Tăng gia được 14,5 ha, chi 850 triệu đồng cho tăng gia; xuất 3,2 tấn thịt, cá."
    reads = by_id(text, FARMLAND, FUNDS, MEAT)
    # then each indicator has the figure written in its unit.
    assert reads[FARMLAND.id].value == Decimal("14.5")
    assert reads[FUNDS.id].value == Decimal(850)
    assert reads[MEAT.id].value == Decimal("3.2")
    assert quoted(text, reads[MEAT.id]) == "3,2"


def test_a_part_never_takes_a_figure_in_another_unit() -> None:
    text = "Đơn vị tăng gia được 21,3 tấn rau, củ."
    assert FARMLAND.id not in by_id(text, FARMLAND)
    # and a figure in tấn is no area even after the whole name,
    named = "Diện tích tăng gia sản xuất đạt 21,3 tấn."
    with translation.override("en"):
        read = by_id(named, FARMLAND, MEAT)[FARMLAND.id]
    assert not read.is_read
    assert "another unit" in read.problem
    # while the area in ha after the same words is still taken.
    assert by_id("Diện tích tăng gia sản xuất đạt 21,3 ha.", FARMLAND)[1].value == Decimal("21.3")


def test_a_figure_another_indicator_took_is_not_taken_again() -> None:
    # Given the forest's area written right before "đất tăng gia",
    text = "Diện tích trồng rừng 30 ha đất tăng gia cũ."
    reads = by_id(text, FOREST, FARMLAND)
    # then it is the forest's alone.
    assert reads[FOREST.id].value == Decimal(30)
    assert FARMLAND.id not in reads


def test_two_phrases_beside_one_figure_leave_it_to_type() -> None:
    # Given one area between the words of two indicators in ha,
    vegetables = IndicatorEntry(id=5, code="HC13", name="Diện tích trồng rau xanh", unit="ha")
    text = "Tăng gia được 14,5 ha trồng rau xanh."
    reads = by_id(text, FARMLAND, vegetables)
    # then neither takes it.
    assert FARMLAND.id not in reads and vegetables.id not in reads


def test_all_battalions_done_reads_as_done_a_hundred_per_cent_and_their_count() -> None:
    text = f"Hoàn thành {DRILL} tại 4/4 tiểu đoàn."
    reads = by_id(text, *DRILLS)
    assert reads[DRILL_DONE.id].value == Decimal(1)
    assert quoted(text, reads[DRILL_DONE.id]) == "4/4 tiểu đoàn"
    assert reads[DRILL_PERCENT.id].value == Decimal(100)
    assert reads[DRILL_COUNT.id].value == Decimal(4)
    assert (reads[DRILL_RATIO.id].numerator, reads[DRILL_RATIO.id].denominator) == (4, 4)
    assert {quoted(text, reads[i.id]) for i in DRILLS[1:]} == {"4/4"}


def test_three_of_four_battalions_is_not_done_but_seventy_five_per_cent() -> None:
    text = f"Đã hoàn thành {DRILL} tại 3/4 tiểu đoàn, còn 1 tiểu đoàn chuyển sang quý III."
    reads = by_id(text, *DRILLS)
    assert reads[DRILL_DONE.id].value == Decimal(0)  # "Đã" is not all of them
    assert reads[DRILL_PERCENT.id].value == Decimal(75)
    assert reads[DRILL_COUNT.id].value == Decimal(3)
    assert (reads[DRILL_RATIO.id].numerator, reads[DRILL_RATIO.id].denominator) == (3, 4)


@pytest.mark.parametrize(("share", "done"), [("4/4", 1), ("3/4", 0)])
def test_the_units_written_before_done_decide(share: str, done: int) -> None:
    text = f"Về {DRILL}: {share} tiểu đoàn đã hoàn thành."
    read = by_id(text, DRILL_DONE)[DRILL_DONE.id]
    assert read.value == Decimal(done)
    assert quoted(text, read) == f"{share} tiểu đoàn"


def test_all_units_doing_it_says_a_milestone_is_done() -> None:
    text = "100% cơ quan, đơn vị hoàn thành xây dựng bếp ăn hợp vệ sinh, tiết kiệm năng lượng."
    read = by_id(text, KITCHENS)[KITCHENS.id]
    assert read.value == Decimal(1)
    assert quoted(text, read) == "100% cơ quan, đơn vị"
    # With the percentage of units on the same form, each reads the words its own way.
    reads = by_id(text, KITCHENS, KITCHENS_PERCENT)
    assert reads[KITCHENS.id].value == Decimal(1)
    assert reads[KITCHENS_PERCENT.id].value == Decimal(100)
    fewer = text.replace("100%", "80%")
    assert by_id(fewer, KITCHENS)[KITCHENS.id].value == Decimal(0)


def test_a_percentage_of_units_is_no_milestone_done() -> None:
    # Given the percentage's name holding the milestone's, followed by 80%,
    text = (
        "Tỷ lệ cơ quan, đơn vị hoàn thành xây dựng bếp ăn hợp vệ sinh, tiết kiệm năng lượng "
        "đạt 80%."
    )
    reads = by_id(text, KITCHENS, KITCHENS_PERCENT)
    # then the percentage is read, and the milestone is not said to be reached by "đạt".
    assert reads[KITCHENS_PERCENT.id].value == Decimal(80)
    assert KITCHENS.id not in reads


def test_a_heading_naming_the_indicator_in_part_and_the_figure_later_in_its_sentence():
    """A report's numbered heading names the work ("2. Tăng gia sản xuất:") and the sentence
    under it gives the figure after naming it again in part ("các đơn vị tăng gia được 38,6
    ha"): the figure is the area's, read at the nearer naming, and the meat's figure stays
    the meat's."""
    text = (
        "2. Tăng gia sản xuất: các đơn vị tăng gia được 38,6 ha rau xanh các loại; chăn nuôi "
        "xuất chuồng 52,4 tấn thịt, cá các loại."
    )
    reads = by_id(text, FARMLAND, MEAT)
    assert reads[FARMLAND.id].value == Decimal("38.6")
    assert quoted(text, reads[FARMLAND.id]) == "38,6"
    assert reads[MEAT.id].value == Decimal("52.4")
