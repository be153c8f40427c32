"""The figures of a unit's report read out of its text (`intake.reading.figures`): pure,
no database."""

from __future__ import annotations

from decimal import Decimal

from tongket.intake.reading.figures import FigureRead, IndicatorEntry, read_figures

BARRACKS = IndicatorEntry(
    id=1,
    code="HC01",
    name="Tỷ lệ đơn vị đạt tiêu chuẩn doanh trại chính quy, xanh - sạch - đẹp",
    unit="%",
    decimals=1,
)
BARRACKS_RATIO = IndicatorEntry(
    id=11,
    code="HC11",
    name="Tỷ lệ đơn vị đạt tiêu chuẩn doanh trại chính quy, xanh - sạch - đẹp",
    unit="%",
    is_ratio=True,
    decimals=1,
)
FARMLAND = IndicatorEntry(id=2, code="HC02", name="Diện tích tăng gia sản xuất", unit="ha")
FARMLAND_JOINT = IndicatorEntry(
    id=5, code="HC05", name="Diện tích tăng gia sản xuất tập trung", unit="ha"
)
MEAT = IndicatorEntry(id=3, code="HC03", name="Sản lượng thịt, cá xuất chuồng", unit="tấn")
BREACHES = IndicatorEntry(id=4, code="KL04", name="Số vụ vi phạm kỷ luật", unit="vụ")

PROSE = (
    "Năm 2026, công tác hậu cần của đơn vị tiếp tục có chuyển biến. Tỷ lệ đơn vị đạt tiêu "
    "chuẩn doanh trại chính quy, xanh - sạch - đẹp đạt 95,2% (40/42 đơn vị); diện tích tăng "
    "gia sản xuất 251 ha; sản lượng thịt, cá xuất chuồng 3.683 tấn, tăng 5,2% so với năm "
    "2025. Phấn đấu đến ngày 30/6/2027 hoàn thành Nghị quyết số 382-NQ/ĐUQSTW."
)


def _by_id(reads: list[FigureRead]) -> dict[int, FigureRead]:
    return {read.indicator_id: read for read in reads}


def _figure(text: str, read: FigureRead) -> str:
    return text[read.start : read.end]


def test_prose_reads_each_figure_the_vietnamese_way() -> None:
    # Given a unit's report in running prose, when its figures are read,
    reads = _by_id(read_figures(PROSE, [BARRACKS, FARMLAND, MEAT]))
    # then each indicator has the figure that follows its name, in Vietnamese convention.
    assert reads[1].value == Decimal("95.2")
    assert _figure(PROSE, reads[1]) == "95,2%"
    assert reads[2].value == Decimal("251")
    assert reads[3].value == Decimal("3683")  # 3.683 is three thousand, not three point
    assert _figure(PROSE, reads[3]) == "3.683"
    assert all(read.is_read and read.found_by == "name" for read in reads.values())
    assert all(0.5 < read.confidence < 1 for read in reads.values())


def test_the_snippet_highlights_the_figure() -> None:
    # Given the prose, when the meat figure is read,
    read = _by_id(read_figures(PROSE, [MEAT]))[3]
    start, end = read.highlight
    # then the highlight inside the snippet is the figure, and the snippet shows the mention.
    assert read.snippet[start:end] == "3.683"
    assert "thịt, cá xuất chuồng" in read.snippet
    assert ";" not in read.snippet[end:]


def test_a_ratio_takes_the_pair_and_never_the_date_or_the_year() -> None:
    # Given a ratio indicator mentioned by name beside a percentage, a pair and a date,
    reads = _by_id(read_figures(PROSE, [BARRACKS_RATIO]))
    # then the pair is its numerator and denominator.
    assert (reads[11].numerator, reads[11].denominator) == (Decimal(40), Decimal(42))
    assert reads[11].value is None
    # Given a ratio indicator followed only by a date and a year, then nothing is taken.
    text = "HC11: hoàn thành trước ngày 30/6/2027, năm 2026 chưa đánh giá."
    read = _by_id(read_figures(text, [BARRACKS_RATIO]))[11]
    assert not read.is_read
    assert read.problem


def test_a_ratio_with_only_a_percentage_reads_the_percentage_without_parts() -> None:
    """The reader gives the percentage alone; the report fill takes it of a known
    denominator or asks for the parts (`test_fill_percentage_of_base`)."""
    read = _by_id(read_figures("HC11 đạt 95,2%.", [BARRACKS_RATIO]))[11]
    assert read.is_read
    assert (read.value, read.numerator, read.denominator) == (Decimal("95.2"), None, None)


def test_tabular_lines_by_code() -> None:
    # Given a table pasted line by line, codes first,
    text = "HC01: 95,2 %\nHC02: 1.251,5 ha\nHC03 | Sản lượng | tấn | 3.683\nKL04: 0 vụ"
    reads = _by_id(read_figures(text, [BARRACKS, FARMLAND, MEAT, BREACHES]))
    # then each line gives its indicator's figure and the code's digits are not one.
    assert reads[1].value == Decimal("95.2")
    assert reads[2].value == Decimal("1251.5")
    assert reads[3].value == Decimal("3683")
    assert reads[4].value == Decimal("0")
    assert {read.found_by for read in reads.values()} == {"code"}


def test_a_code_alone_gives_no_figure_from_its_digits() -> None:
    reads = read_figures("Chỉ tiêu HC03 chưa có số liệu.", [MEAT])
    assert len(reads) == 1
    assert not reads[0].is_read


def test_a_year_or_period_after_the_mention_is_no_figure() -> None:
    # Given the figure written after "năm 2026" and "giai đoạn 2021-2025",
    text = "Diện tích tăng gia sản xuất năm 2026 giai đoạn 2021-2025 đạt 251 ha."
    read = _by_id(read_figures(text, [FARMLAND]))[2]
    # then only the area is taken.
    assert read.value == Decimal("251")


def test_changes_and_targets_are_not_the_figure() -> None:
    text = "Số vụ vi phạm kỷ luật 3 vụ, giảm 2 vụ so với cùng kỳ (kế hoạch 0 vụ)."
    read = _by_id(read_figures(text, [BREACHES]))[4]
    assert read.value == Decimal("3")
    only_change = _by_id(read_figures("Số vụ vi phạm kỷ luật giảm 2 vụ.", [BREACHES]))[4]
    assert not only_change.is_read
    assert only_change.problem


def test_two_figures_equally_likely_take_none_and_say_so() -> None:
    # Given two areas after the mention, neither marked as a change,
    text = "Diện tích tăng gia sản xuất 251 ha, 240 ha."
    read = _by_id(read_figures(text, [FARMLAND]))[2]
    # then none is taken and the read says why.
    assert not read.is_read
    assert read.value is None
    assert read.problem


def test_the_unit_of_measure_decides_between_figures() -> None:
    text = "Sản lượng thịt, cá xuất chuồng của 12 đơn vị đạt 3.683 tấn."
    read = _by_id(read_figures(text, [MEAT]))[3]
    assert read.value == Decimal("3683")


def test_a_figure_in_another_unit_of_the_same_measure_is_told_in_the_indicators() -> None:
    """ "18.450 kg" of an output counted in tấn is 18,45 tấn, "2,15 tỷ đồng" of savings in
    triệu đồng is 2.150 triệu đồng; an area in tấn is still no area."""
    text = "Sản lượng thịt, cá xuất chuồng đạt 18.450 kg."
    read = _by_id(read_figures(text, [MEAT]))[3]
    assert read.value == Decimal("18.45") and _figure(text, read) == "18.450"
    savings = IndicatorEntry(id=6, code="HC06", name="Tiết kiệm chi ngân sách", unit="triệu đồng")
    read = _by_id(read_figures("Tiết kiệm chi ngân sách được 2,15 tỷ đồng.", [savings]))[6]
    assert read.value == Decimal("2150")
    read = _by_id(read_figures("Diện tích tăng gia sản xuất đạt 21,3 tấn.", [FARMLAND]))[2]
    assert not read.is_read


def test_two_different_figures_for_one_indicator_take_none() -> None:
    text = "HC02: 251 ha.\nDiện tích tăng gia sản xuất 260 ha."
    read = _by_id(read_figures(text, [FARMLAND]))[2]
    assert not read.is_read
    assert read.problem


def test_the_same_figure_twice_is_one_read() -> None:
    text = "HC02: 251 ha.\nDiện tích tăng gia sản xuất đạt 251 ha."
    assert _by_id(read_figures(text, [FARMLAND]))[2].value == Decimal("251")


def test_the_longer_name_wins_where_names_overlap() -> None:
    # Given two indicators, one name the start of the other,
    text = "Diện tích tăng gia sản xuất tập trung 80 ha; diện tích tăng gia sản xuất 251 ha."
    reads = _by_id(read_figures(text, [FARMLAND, FARMLAND_JOINT]))
    # then each mention belongs to the longer name it matches.
    assert reads[5].value == Decimal("80")
    assert reads[2].value == Decimal("251")


def test_a_name_written_a_little_differently_is_found_by_its_first_words() -> None:
    # Given the name without diacritics, in capitals, cut short after its first words,
    text = "TY LE DON VI DAT TIEU CHUAN DOANH TRAI chinh quy là 97%."
    read = _by_id(read_figures(text, [BARRACKS]))[1]
    # then it is found by its first words, with less confidence than the full name.
    assert read.value == Decimal("97")
    assert read.found_by == "name_start"
    full = _by_id(read_figures(PROSE, [BARRACKS]))[1]
    assert read.confidence < full.confidence


def test_the_figure_stays_in_its_clause() -> None:
    # Given a mention with no figure before the semicolon,
    text = "Diện tích tăng gia sản xuất chưa thống kê; đơn vị có 12 tổ sản xuất."
    read = _by_id(read_figures(text, [FARMLAND]))[2]
    assert not read.is_read


def test_decomposed_text_is_read_and_spans_point_into_nfc() -> None:
    import unicodedata

    text = unicodedata.normalize("NFD", PROSE)
    reads = _by_id(read_figures(text, [MEAT]))
    nfc = unicodedata.normalize("NFC", text)
    assert nfc[reads[3].start : reads[3].end] == "3.683"


def test_document_numbers_are_no_figure() -> None:
    text = "HC02 theo Nghị quyết số 382-NQ/ĐUQSTW và Kế hoạch 15/KH-BCH."
    read = _by_id(read_figures(text, [FARMLAND]))[2]
    assert not read.is_read


def test_an_unmentioned_indicator_has_no_read() -> None:
    assert read_figures(PROSE, [BREACHES]) == []


SAVINGS = IndicatorEntry(
    id=6, code="HC06", name="Giá trị tiết kiệm chi ngân sách hậu cần", unit="triệu đồng"
)
POISONING = IndicatorEntry(id=7, code="HC07", name="Số vụ ngộ độc thực phẩm", unit="vụ")
REGIMENT = (
    "1. Có 11/12 đầu mối đơn vị đạt tiêu chuẩn doanh trại chính quy, xanh - sạch - đẹp (đạt "
    "91,7%). 2. Sản lượng thịt, cá xuất chuồng đạt 18,2 tấn. 3. Quân số khỏe đạt 98,6%; không "
    "để xảy ra vụ ngộ độc thực phẩm nào. 4. Tiết kiệm chi ngân sách hậu cần được 265 triệu đồng."
)


def test_a_regiments_report_as_written_counting_words_none_and_a_value_without_its_head():
    """ "11/12 đầu mối đơn vị đạt …" (a counting word between the pair and the name), "không để
    xảy ra vụ ngộ độc thực phẩm nào" (none: zero), "Tiết kiệm chi ngân sách hậu cần được 265
    triệu đồng" for "Giá trị tiết kiệm …"; a zero does not stop the figures before it."""
    reads = _by_id(read_figures(REGIMENT, [BARRACKS_RATIO, MEAT, POISONING, SAVINGS]))
    assert (reads[11].numerator, reads[11].denominator) == (Decimal(11), Decimal(12))
    assert reads[3].value == Decimal("18.2")
    assert reads[7].value == Decimal(0) and reads[7].is_read
    assert reads[6].value == Decimal(265)
    # "Không có" without "nào" after the name is no statement of none.
    unsure = _by_id(read_figures("Đơn vị không có số vụ ngộ độc thực phẩm cụ thể.", [POISONING]))
    assert not unsure[7].is_read
