"""A unit's six-month report read for the indicators of its form (`intake.reading.figures`):
figures written before the name as reports write them ("đã tổ chức 12 cuộc diễn tập"),
Vietnamese numbers, pairs read by the indicator's kind, yes/no and rating indicators mapped
to their values. Pure, no database; the texts are written for these tests."""

from __future__ import annotations

from decimal import Decimal

from django.utils import translation

from tongket.intake.reading.figures import FigureRead, IndicatorEntry, read_figures

DRILLS = IndicatorEntry(id=1, code="QS01", name="Số cuộc diễn tập", unit="cuộc")
STRONG_RATIO = IndicatorEntry(
    id=2,
    code="XD01",
    name="Tỷ lệ đơn vị đạt vững mạnh toàn diện",
    unit="%",
    is_ratio=True,
    kind="ratio",
    decimals=1,
)
STRONG_COUNT = IndicatorEntry(
    id=3, code="XD02", name="Số đơn vị đạt vững mạnh toàn diện", unit="đơn vị"
)
STRONG_PERCENT = IndicatorEntry(
    id=4, code="XD03", name="Tỷ lệ đơn vị đạt vững mạnh toàn diện", unit="%", decimals=1
)
EDUCATED = IndicatorEntry(
    id=5, code="CT01", name="Tỷ lệ quân số được giáo dục chính trị", unit="%", decimals=1
)
FUNDS = IndicatorEntry(id=6, code="HC06", name="Kinh phí tăng gia sản xuất", unit="triệu đồng")
RULES = IndicatorEntry(
    id=7, code="DV01", name="Ban hành quy chế phối hợp với địa phương", kind="milestone"
)
KITCHENS = IndicatorEntry(
    id=8,
    code="HC08",
    name="Hoàn thành xây dựng bếp ăn hợp vệ sinh, tiết kiệm năng lượng",
    kind="milestone",
)
FIVE_LEVELS = ("Không đạt", "Đạt", "Khá", "Tốt", "Xuất sắc")
INSPECTION = IndicatorEntry(
    id=9, code="HC09", name="Kết quả kiểm tra công tác hậu cần", kind="rating", levels=FIVE_LEVELS
)
TASK_LEVELS = (
    "Không hoàn thành nhiệm vụ",
    "Hoàn thành nhiệm vụ",
    "Hoàn thành tốt nhiệm vụ",
    "Hoàn thành xuất sắc nhiệm vụ",
)
PARTY_CELLS = IndicatorEntry(
    id=10, code="XD05", name="Xếp loại tổ chức cơ sở đảng", kind="rating", levels=TASK_LEVELS
)
PARTY_FIVE = IndicatorEntry(
    id=11, code="XD06", name="Xếp loại tổ chức cơ sở đảng", kind="rating", levels=FIVE_LEVELS
)

SIX_MONTHS = (
    "BÁO CÁO Kết quả thực hiện nhiệm vụ quân sự, quốc phòng 6 tháng đầu năm 2026\n"
    "Trong 6 tháng đầu năm, Bộ Chỉ huy Quân sự tỉnh đã tổ chức 12 cuộc diễn tập, tăng 2 "
    "cuộc so với cùng kỳ; có 40/42 đơn vị đạt vững mạnh toàn diện; 98,5% quân số được giáo "
    "dục chính trị. Kinh phí tăng gia sản xuất: 1.234,5 triệu đồng.\n"
    "Đã hoàn thành xây dựng bếp ăn hợp vệ sinh, tiết kiệm năng lượng ở các đơn vị; chưa ban "
    "hành quy chế phối hợp với địa phương do còn chờ ý kiến của Ủy ban nhân dân tỉnh.\n"
    "Qua kiểm tra công tác hậu cần, đơn vị được Quân khu xếp loại Khá. Tổ chức cơ sở đảng "
    "được đánh giá, xếp loại hoàn thành tốt nhiệm vụ."
)


def by_id(text: str, *indicators: IndicatorEntry) -> dict[int, FigureRead]:
    return {read.indicator_id: read for read in read_figures(text, indicators)}


def quoted(text: str, read: FigureRead) -> str:
    return text[read.start : read.end]


def test_a_count_written_before_its_name_without_the_head_word() -> None:
    # Given "đã tổ chức 12 cuộc diễn tập, tăng 2 cuộc so với cùng kỳ" for "Số cuộc diễn tập",
    read = by_id(SIX_MONTHS, DRILLS)[1]
    # then the figure before the name is taken, not the change after it.
    assert read.is_read and read.value == Decimal(12)
    assert quoted(SIX_MONTHS, read) == "12"
    assert read.before and read.found_by == "core"
    start, end = read.highlight
    assert read.snippet[start:end] == "12"
    assert "cuộc diễn tập" in read.snippet


def test_a_pair_before_the_name_is_read_by_the_indicators_kind() -> None:
    # Given "có 40/42 đơn vị đạt vững mạnh toàn diện" and three indicators sharing that phrase,
    reads = by_id(SIX_MONTHS, STRONG_RATIO, STRONG_COUNT, STRONG_PERCENT)
    # then the ratio takes numerator and denominator,
    assert (reads[2].numerator, reads[2].denominator, reads[2].value) == (40, 42, None)
    # the count of units takes the units that reached it,
    assert (reads[3].value, reads[3].numerator) == (Decimal(40), None)
    # and the percentage is computed to the indicator's decimals.
    assert reads[4].value == Decimal("95.2")
    assert {quoted(SIX_MONTHS, r) for r in reads.values()} == {"40/42"}
    # A pair is less sure for a number than for a ratio.
    assert reads[3].confidence < reads[2].confidence


def test_a_percentage_before_the_name() -> None:
    read = by_id(SIX_MONTHS, EDUCATED)[5]
    assert read.value == Decimal("98.5")
    assert quoted(SIX_MONTHS, read) == "98,5%"


def test_a_percentage_before_a_ratio_is_left_to_type() -> None:
    ratio = IndicatorEntry(
        id=12, code="CT02", name=EDUCATED.name, unit="%", is_ratio=True, kind="ratio"
    )
    with translation.override("en"):
        read = by_id(SIX_MONTHS, ratio)[12]
    assert not read.is_read
    assert "numerator" in read.problem


def test_vietnamese_thousands_and_decimals_after_the_name() -> None:
    read = by_id(SIX_MONTHS, FUNDS)[6]
    assert read.value == Decimal("1234.5")
    assert quoted(SIX_MONTHS, read) == "1.234,5"


def test_a_decimal_point_before_a_percent_sign_is_a_decimal() -> None:
    text = "Tỷ lệ quân số được giáo dục chính trị đạt 97.25%."
    assert by_id(text, EDUCATED)[5].value == Decimal("97.25")


def test_a_figure_before_the_name_is_not_the_previous_indicators() -> None:
    # Given two figures in a row, the second written before its own name,
    text = "Kinh phí tăng gia sản xuất 850 triệu đồng, 12 cuộc diễn tập đã được tổ chức."
    reads = by_id(text, FUNDS, DRILLS)
    # then each indicator has its own.
    assert reads[6].value == Decimal(850)
    assert reads[1].value == Decimal(12)


def test_a_change_before_the_name_is_no_figure() -> None:
    text = "Tăng 3 cuộc diễn tập so với năm trước."
    read = by_id(text, DRILLS)[1]
    assert not read.is_read


def test_the_year_before_the_name_is_no_figure() -> None:
    text = "Kế hoạch năm 2026 cuộc diễn tập khu vực phòng thủ chưa triển khai."
    assert not by_id(text, DRILLS)[1].is_read


def test_a_milestone_done_and_one_not_done() -> None:
    # Given "Đã hoàn thành xây dựng bếp ăn …" and "chưa ban hành quy chế phối hợp …",
    reads = by_id(SIX_MONTHS, KITCHENS, RULES)
    # then the first is reached (1) and the second is not (0), each quoting its words.
    assert reads[8].value == Decimal(1)
    assert quoted(SIX_MONTHS, reads[8]) == "Đã"
    assert reads[7].value == Decimal(0)
    assert quoted(SIX_MONTHS, reads[7]) == "chưa"


def test_a_milestone_said_after_its_name() -> None:
    done = "Quy chế phối hợp với địa phương: đã ban hành ngày 15/3/2026."
    assert by_id(done, RULES)[7].value == Decimal(1)
    undone = "Xây dựng bếp ăn hợp vệ sinh, tiết kiệm năng lượng chưa hoàn thành."
    read = by_id(undone, KITCHENS)[8]
    assert read.value == Decimal(0)
    assert quoted(undone, read) == "chưa hoàn thành"


def test_a_milestone_without_yes_or_no_is_not_guessed() -> None:
    text = "Ban hành quy chế phối hợp với địa phương là nhiệm vụ trọng tâm."
    read = by_id(text, RULES)[7]
    assert not read.is_read
    assert read.problem


def test_a_rating_takes_the_level_of_its_scale() -> None:
    # Given "… công tác hậu cần, đơn vị được Quân khu xếp loại Khá",
    read = by_id(SIX_MONTHS, INSPECTION)[9]
    # then the rating is Khá, the third level.
    assert (read.value, read.label) == (Decimal(3), "Khá")
    assert quoted(SIX_MONTHS, read) == "Khá"


def test_a_rating_in_the_words_of_the_task_scale() -> None:
    # Given "xếp loại hoàn thành tốt nhiệm vụ" and a scale written in the same words,
    read = by_id(SIX_MONTHS, PARTY_CELLS)[10]
    assert (read.value, read.label) == (Decimal(3), "Hoàn thành tốt nhiệm vụ")
    # and on a five-level scale the same words are "Tốt", the fourth level, less sure.
    five = by_id(SIX_MONTHS, PARTY_FIVE)[11]
    assert (five.value, five.label) == (Decimal(4), "Tốt")
    assert five.confidence < read.confidence


def test_a_short_grade_on_the_task_scale() -> None:
    text = "Tổ chức cơ sở đảng năm 2026: xếp loại Xuất sắc."
    read = by_id(text, PARTY_CELLS)[10]
    assert (read.value, read.label) == (Decimal(4), "Hoàn thành xuất sắc nhiệm vụ")


def test_not_reached_is_not_reached() -> None:
    text = "Kết quả kiểm tra công tác hậu cần: không đạt."
    read = by_id(text, INSPECTION)[9]
    assert (read.value, read.label) == (Decimal(1), "Không đạt")


def test_the_verb_dat_before_a_figure_or_a_grade_is_not_the_grade() -> None:
    text = "Kết quả kiểm tra công tác hậu cần đạt loại Tốt."
    assert by_id(text, INSPECTION)[9].label == "Tốt"
    figure = "Kết quả kiểm tra công tác hậu cần đạt 92 điểm."
    assert not by_id(figure, INSPECTION)[9].is_read


def test_two_grades_are_not_guessed() -> None:
    text = "Kết quả kiểm tra công tác hậu cần: 3 đơn vị Khá, 2 đơn vị Tốt."
    read = by_id(text, INSPECTION)[9]
    assert not read.is_read
    assert read.problem
