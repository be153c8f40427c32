"""A pasted commendation decision is read as an award decision: its number and date, who
gives, the form, the counts and, when it lists them, the collectives and individuals named;
an article telling of a decision gives its counts; a conference report whose awards carry
no decision number stays a meeting."""

from __future__ import annotations

import datetime

from tongket.intake.reading import read

DECISION = """BỘ QUỐC PHÒNG
BỘ TƯ LỆNH QUÂN KHU 2
Số: 1250/QĐ-BTL
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Phú Thọ, ngày 15 tháng 7 năm 2022
QUYẾT ĐỊNH
Về việc khen thưởng tập thể, cá nhân có thành tích xuất sắc trong 10 năm thực hiện Nghị quyết 623-NQ/QUTW
TƯ LỆNH QUÂN KHU 2
Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;
Căn cứ Thông tư số 118/2023/TT-BQP ngày 29 tháng 12 năm 2023 của Bộ trưởng Bộ Quốc phòng;
Xét đề nghị của Chủ nhiệm Chính trị Quân khu,
QUYẾT ĐỊNH:
Điều 1. Tặng Bằng khen của Tư lệnh Quân khu cho 2 tập thể và 2 cá nhân (có danh sách kèm theo) đã có thành tích xuất sắc trong 10 năm thực hiện Nghị quyết 623-NQ/QUTW.
Điều 2. Chủ nhiệm Chính trị Quân khu, thủ trưởng các cơ quan, đơn vị có liên quan và các tập thể, cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./.
DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC TẶNG BẰNG KHEN
(Kèm theo Quyết định số 1250/QĐ-BTL ngày 15/7/2022 của Tư lệnh Quân khu 2)
I. TẬP THỂ
1. Trung đoàn 98, Sư đoàn 316;
2. Bộ Chỉ huy Quân sự tỉnh Lào Cai.
II. CÁ NHÂN
1. Thượng tá Nguyễn Văn Thành, Chính ủy Trung đoàn 98, Sư đoàn 316;
2. Thiếu tá Trần Quốc Bảo, Trợ lý Tuyên huấn, Bộ Chỉ huy Quân sự tỉnh Lào Cai.
"""

ARTICLE = (
    "Khen thưởng các tập thể, cá nhân xuất sắc trong phong trào thi đua Quyết thắng\n"
    "Ngày 20/12/2022, Bộ Tư lệnh Quân khu 2 quyết định tặng Bằng khen cho 12 tập thể, 25 cá "
    "nhân có thành tích xuất sắc trong phong trào thi đua Quyết thắng năm 2022 (Quyết định số "
    "1302/QĐ-BTL ngày 19/12/2022). Các đơn vị được khen thưởng gồm nhiều cơ quan, đơn vị trên "
    "địa bàn các tỉnh Tây Bắc."
)

# A division's decision pasted from Word: its list is a table, the rank in a column of its own.
TABLE = """BỘ TƯ LỆNH QUÂN KHU 2
SƯ ĐOÀN 316
Số: 215/QĐ-SĐ
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Lào Cai, ngày 05 tháng 01 năm 2023
QUYẾT ĐỊNH
Về việc tặng Giấy khen
SƯ ĐOÀN TRƯỞNG SƯ ĐOÀN 316
QUYẾT ĐỊNH:
Điều 1. Tặng Giấy khen của Sư đoàn trưởng cho 2 cá nhân có thành tích xuất sắc trong huấn luyện, sẵn sàng chiến đấu năm 2022 (có danh sách kèm theo).
Điều 2. Chủ nhiệm Chính trị Sư đoàn và các cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./.
DANH SÁCH CÁ NHÂN ĐƯỢC TẶNG GIẤY KHEN
TT | Họ và tên | Cấp bậc | Chức vụ, đơn vị
1 | Nguyễn Văn Hùng | Đại úy | Đại đội trưởng, Trung đoàn 98
2 | Lò Văn Pằng | Thượng úy | Trợ lý, Ban Chỉ huy Quân sự huyện Sa Pa
"""

CONFERENCE = (
    "Sáng 8-7, Đảng ủy Quân khu 2 tổ chức Hội nghị tổng kết 10 năm thực hiện Nghị quyết "
    "623-NQ/QUTW của Quân ủy Trung ương. Dịp này, Bộ Tư lệnh Quân khu tặng Bằng khen cho 26 "
    "tập thể và 28 cá nhân; đề nghị Bộ Quốc phòng tặng Bằng khen cho 3 tập thể, 3 cá nhân."
)


def test_a_decision_with_its_list_gives_number_date_giver_form_counts_and_names():
    decision = read(DECISION)["decision"]
    assert decision is not None
    assert decision["symbol"] == "1250/QĐ-BTL" and decision["date"] == "2022-07-15"
    # The giver is the document's own issuer, not the head named in Điều 1
    assert decision["issuer"] == "Bộ Tư lệnh Quân khu 2"
    assert decision["form"] == "Bằng khen"
    assert (decision["collectives"], decision["individuals"]) == (2, 2)
    assert decision["reason"].startswith("đã có thành tích xuất sắc trong 10 năm")
    named = [(a["kind"], a["rank"], a["name"], a["unit"]) for a in decision["awardees"]]
    assert named == [
        ("collective", "", "Trung đoàn 98, Sư đoàn 316", "Trung đoàn 98, Sư đoàn 316"),
        ("collective", "", "Bộ Chỉ huy Quân sự tỉnh Lào Cai", "Bộ Chỉ huy Quân sự tỉnh Lào Cai"),
        ("individual", "Thượng tá", "Nguyễn Văn Thành", "Chính ủy Trung đoàn 98, Sư đoàn 316"),
        (
            "individual",
            "Thiếu tá",
            "Trần Quốc Bảo",
            "Trợ lý Tuyên huấn, Bộ Chỉ huy Quân sự tỉnh Lào Cai",
        ),
    ]


def test_a_decision_listing_its_awardees_in_a_table_gives_names_ranks_and_units():
    facts = read(TABLE)
    decision = facts["decision"]
    assert decision is not None
    assert (decision["symbol"], decision["date"]) == ("215/QĐ-SĐ", "2023-01-05")
    assert decision["issuer"] == "Sư đoàn 316" and decision["form"] == "Giấy khen"
    assert (decision["collectives"], decision["individuals"]) == (0, 2)
    named = [(a["kind"], a["rank"], a["name"], a["unit"]) for a in decision["awardees"]]
    assert named == [
        ("individual", "Đại úy", "Nguyễn Văn Hùng", "Đại đội trưởng, Trung đoàn 98"),
        ("individual", "Thượng úy", "Lò Văn Pằng", "Trợ lý, Ban Chỉ huy Quân sự huyện Sa Pa"),
    ]
    start, end = decision["awardees"][1]["span"]
    assert facts["text"][start:end].startswith("Lò Văn Pằng")


def test_an_article_telling_of_a_decision_gives_its_counts_without_names():
    decision = read(ARTICLE)["decision"]
    assert decision is not None
    assert decision["symbol"] == "1302/QĐ-BTL" and decision["date"] == "2022-12-19"
    assert decision["issuer"] == "Bộ Tư lệnh Quân khu 2" and decision["form"] == "Bằng khen"
    assert (decision["collectives"], decision["individuals"]) == (12, 25)
    assert decision["awardees"] == []
    # The reason stops before the decision's reference in brackets
    assert decision["reason"].endswith("phong trào thi đua Quyết thắng năm 2022")


def test_an_article_without_the_number_takes_the_date_of_its_sentence():
    text = ARTICLE.split(" (Quyết định")[0] + "."
    decision = read(text)["decision"]
    assert decision is not None
    assert decision["symbol"] == "" and decision["date"] == "2022-12-20"
    assert (decision["collectives"], decision["individuals"]) == (12, 25)


def test_a_conference_report_naming_awards_without_a_decision_number_stays_a_meeting():
    # Even when it says the awards were decided there
    text = CONFERENCE.replace("Bộ Tư lệnh Quân khu tặng", "Bộ Tư lệnh Quân khu quyết định tặng")
    for value in (CONFERENCE, text):
        facts = read(value, published=datetime.date(2022, 7, 8))
        assert facts["events"] and [a["collectives"] for a in facts["awards"]] == [26, 3]
        assert facts["decision"] is None


def test_a_conference_report_giving_the_decision_number_beside_the_award_is_a_decision():
    text = CONFERENCE.replace(
        "Dịp này, Bộ Tư lệnh Quân khu tặng",
        "Dịp này, Bộ Tư lệnh Quân khu trao Quyết định số 845/QĐ-BTL ngày 6/7/2022 tặng",
    )
    decision = read(text)["decision"]
    assert decision is not None
    assert decision["symbol"] == "845/QĐ-BTL" and decision["date"] == "2022-07-06"
    assert (decision["collectives"], decision["individuals"]) == (26, 28)


def test_an_award_proposed_to_a_higher_authority_is_no_decision():
    text = "Bộ Tư lệnh Quân khu 2 quyết định đề nghị Bộ Quốc phòng tặng Bằng khen cho 3 tập thể."
    assert read(text)["decision"] is None


def test_a_list_of_one_kind_is_read_under_its_title():
    """A decision for collectives only whose list is titled "DANH SÁCH TẬP THỂ ĐƯỢC TẶNG BẰNG
    KHEN" and numbered without a heading of its own names both collectives; a list titled
    for both kinds still needs its headings ("DANH SÁCH TẬP THỂ, CÁ NHÂN …" names no kind)."""
    one_kind = DECISION.split("DANH SÁCH")[0] + (
        "DANH SÁCH TẬP THỂ ĐƯỢC TẶNG BẰNG KHEN\n"
        "1. Trung đoàn 98, Sư đoàn 316;\n"
        "2. Bộ Chỉ huy Quân sự tỉnh Lào Cai.\n"
    )
    named = [(a["kind"], a["name"]) for a in read(one_kind)["decision"]["awardees"]]
    assert named == [
        ("collective", "Trung đoàn 98, Sư đoàn 316"),
        ("collective", "Bộ Chỉ huy Quân sự tỉnh Lào Cai"),
    ]
    both_kinds = one_kind.replace("DANH SÁCH TẬP THỂ", "DANH SÁCH TẬP THỂ, CÁ NHÂN")
    assert read(both_kinds)["decision"]["awardees"] == []
