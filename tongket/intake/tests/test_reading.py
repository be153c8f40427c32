"""Rules of the fact reading, one written form at a time."""

import datetime

from tongket.intake.reading import read
from tongket.intake.reading.registry import PersonEntry, Registry, ResolutionEntry, UnitEntry

PUBLISHED = datetime.date(2022, 7, 8)


def _read(text, **kwargs):
    kwargs.setdefault("published", PUBLISHED)
    return read(text, **kwargs)


def test_dates_in_every_written_form_with_the_year_taken_from_publication():
    cases = {
        "Chiều ngày 21/10/2021, Ban Chỉ đạo họp phiên thứ nhất.": ("2021-10-21", "chiều"),
        "Sáng 8-7, Đảng ủy Quân khu tổ chức hội nghị.": ("2022-07-08", "sáng"),
        "Ngày 15/7, Đảng ủy Tổng cục tổ chức hội nghị.": ("2022-07-15", None),
        "Ngày 05 tháng 01 năm 2020, Bộ Tư lệnh tổ chức hội nghị.": ("2020-01-05", None),
        "Tối 30.6, đơn vị tổ chức giao lưu.": ("2022-06-30", "tối"),
        "Sáng nay (8/7), Sư đoàn tổ chức hội nghị.": ("2022-07-08", "sáng"),
        "Chiều qua (7/7), Sư đoàn tổ chức hội nghị.": ("2022-07-07", "chiều"),
    }
    for text, (date, time_of_day) in cases.items():
        events = _read(text)["events"]
        assert [(e["date"], e["time_of_day"]) for e in events] == [(date, time_of_day)], text


def test_a_day_without_year_well_after_publication_belongs_to_the_year_before():
    events = read("Ngày 28-12, Bộ Chỉ huy tổ chức hội nghị.", published=datetime.date(2023, 1, 3))
    assert events["events"][0]["date"] == "2022-12-28"


def test_document_dates_deadlines_and_ratios_are_not_meetings():
    facts = _read(
        "Thực hiện Nghị quyết số 382-NQ/ĐUQSTW ngày 29/11/2007, hội nghị yêu cầu hoàn thành "
        "trước ngày 30/9. Tỷ lệ 26/28 đơn vị đạt yêu cầu trong hội nghị."
    )
    assert facts["events"] == []
    assert facts["resolutions"][0]["date"] == "2007-11-29"


def test_a_signing_ceremony_is_an_event():
    facts = _read(
        "Chiều 27/7, Đảng ủy Quân sự tỉnh và Huyện ủy Ea Súp ký kết chương trình phối hợp "
        "lãnh đạo công tác quốc phòng giai đoạn 2021-2025."
    )
    assert [(e["date"], e["time_of_day"]) for e in facts["events"]] == [("2022-07-27", "chiều")]


def test_meeting_format_hybrid_online_in_person_or_unsaid():
    cases = {
        "Sáng 8-7, hội nghị được tổ chức trực tiếp kết hợp với trực tuyến.": "hybrid",
        "Sáng 8-7, hội nghị tổ chức theo hình thức trực tuyến đến 12 điểm cầu.": "online",
        "Sáng 8-7, hội nghị được tổ chức trực tiếp tại Hà Nội, kết nối trực tuyến.": "hybrid",
        "Sáng 8-7, hội nghị tiến hành trực tiếp tại Hội trường.": "in_person",
        "Sáng 8-7, Đảng ủy tổ chức hội nghị.": None,
    }
    for text, expected in cases.items():
        assert _read(text)["events"][0]["format"] == expected, text


def test_resolution_numbers_with_and_without_symbols_and_their_issuers():
    facts = _read(
        "Hội nghị tổng kết Nghị quyết 623 và Nghị quyết số 382-NQ/ĐUQSTW ngày 29/11/2007 của "
        "Đảng ủy Quân sự Trung ương; thực hiện Chỉ thị số 12/CT-TTg và Nghị định "
        "30/2020/NĐ-CP. Nghị quyết 623-NQ/QUTW được quán triệt."
    )
    got = {(r["number"], r["symbol"], r["date"], r["issuer"]) for r in facts["resolutions"]}
    assert got == {
        ("623", "623-NQ/QUTW", None, "Quân ủy Trung ương"),
        ("382", "382-NQ/ĐUQSTW", "2007-11-29", "Đảng ủy Quân sự Trung ương"),
        ("12", "12/CT-TTg", None, "Thủ tướng Chính phủ"),
        ("30", "30/2020/NĐ-CP", None, "Chính phủ"),
    }


def test_an_official_documents_own_number_issuer_and_date_come_from_its_header():
    text = (
        "ĐẢNG ỦY QUÂN SỰ TỈNH ĐẮK LẮK\nSố 310-NQ/ĐU\nĐắk Lắk, ngày 14 tháng 01 năm 2021\n"
        "NGHỊ QUYẾT\nvề nhiệm vụ năm 2021"
    )
    facts = read(text)
    assert facts["published"] == "2021-01-14"
    own = facts["resolutions"][0]
    assert (own["symbol"], own["date"], own["issuer"]) == (
        "310-NQ/ĐU",
        "2021-01-14",
        "Đảng ủy Quân sự tỉnh Đắk Lắk",
    )


def test_people_with_rank_name_positions_and_role_in_every_order():
    facts = _read(
        "Trung tướng Nguyễn Văn A, Bí thư Đảng ủy, Chính ủy Quân khu chủ trì hội nghị. "
        "Phó Tư lệnh Quân khu, Thiếu tướng Trần Văn B trình bày báo cáo. Dự có đồng chí "
        "Lê Thị C - Phó Chủ nhiệm Tổng cục Hậu cần - Kỹ thuật; đồng chí Thượng tá Phạm Văn D."
    )
    got = [(p["rank"], p["name"], p["positions"], p["role"]) for p in facts["people"]]
    assert got == [
        ("Trung tướng", "Nguyễn Văn A", ["Bí thư Đảng ủy", "Chính ủy Quân khu"], "chair"),
        ("Thiếu tướng", "Trần Văn B", ["Phó Tư lệnh Quân khu"], "presenter"),
        (None, "Lê Thị C", ["Phó Chủ nhiệm Tổng cục Hậu cần - Kỹ thuật"], None),
        ("Thượng tá", "Phạm Văn D", [], None),
    ]


def test_a_person_named_twice_is_one_fact():
    facts = _read(
        "Thượng tướng Nguyễn Văn A, Thứ trưởng Bộ Quốc phòng chủ trì. Kết luận, Thượng tướng "
        "Nguyễn Văn A yêu cầu các cơ quan hoàn chỉnh hồ sơ."
    )
    assert len(facts["people"]) == 1


def test_award_counts_given_proposed_passive_and_in_words():
    facts = _read(
        "Dịp này, Bộ Tư lệnh Quân khu tặng Bằng khen cho 26 tập thể và 28 cá nhân; đề nghị "
        "Bộ Quốc phòng tặng Bằng khen cho 3 tập thể, 3 cá nhân. Có 7 tập thể và 15 cá nhân "
        "được Chủ tịch Ủy ban nhân dân tỉnh tặng Giấy khen. Đề nghị tặng Bằng khen cho hai "
        "tập thể và ba cá nhân. Đơn vị có 120 cá nhân tham gia hội thao."
    )
    got = [
        (a["form"], a["collectives"], a["individuals"], a["proposed_to_higher"])
        for a in facts["awards"]
    ]
    assert got == [
        ("Bằng khen", 26, 28, False),
        ("Bằng khen", 3, 3, True),
        ("Giấy khen", 7, 15, False),
        ("Bằng khen", 2, 3, True),
    ]


def test_who_gives_the_awards_is_read_before_the_verb_or_as_the_passive_agent():
    facts = _read(
        "Dịp này, Bộ Tư lệnh Quân khu 5 tặng Bằng khen cho 5 tập thể, 7 cá nhân; hội nghị đề "
        "nghị Bộ Quốc phòng tặng Bằng khen cho 2 tập thể, 3 cá nhân. 27 tập thể và 64 cá nhân "
        "được Sư đoàn trưởng tặng Giấy khen. Nhiều tập thể được khen: 14 tập thể và 12 cá nhân "
        "được tặng Giấy khen."
    )
    assert [(a["form"], a["proposed_to_higher"], a["by"]) for a in facts["awards"]] == [
        ("Bằng khen", False, "Bộ Tư lệnh Quân khu 5"),
        ("Bằng khen", True, "Bộ Quốc phòng"),
        ("Giấy khen", False, "Sư đoàn trưởng"),
        ("Giấy khen", False, None),
    ]


def test_conclusions_become_tasks_with_assignee_and_deadline():
    facts = _read(
        "Kết luận phiên họp, Thượng tướng Nguyễn Văn A yêu cầu Cục Kinh tế tiếp thu ý kiến, "
        "hoàn chỉnh hồ sơ, gửi Tổng cục Chính trị thẩm định trước ngày 15/11."
    )
    task = facts["conclusions"][-1]
    assert task["assignee"] == "Cục Kinh tế"
    assert task["deadline"] == "2022-11-15"
    assert task["text"].startswith("Cục Kinh tế tiếp thu ý kiến")


def test_a_body_of_every_place_of_several_kinds_is_one_assignee():
    """ "Ban CHQS các huyện, thành phố", "UBND các xã, phường và thị trấn": the kinds of
    places listed after "các" belong to the assignee, not to the task."""
    facts = _read(
        "Kết luận hội nghị, Đại tá Lê Văn Hùng yêu cầu Ban CHQS các huyện, thành phố hoàn "
        "thành xây dựng kế hoạch trước ngày 15-12; đề nghị UBND các xã, phường và thị trấn "
        "rà soát lực lượng dân quân.",
        published=datetime.date(2026, 11, 29),
    )
    assert [task["assignee"] for task in facts["conclusions"]] == [
        "Ban CHQS các huyện, thành phố",
        "UBND các xã, phường và thị trấn",
    ]
    assert facts["conclusions"][0]["deadline"] == "2026-12-15"


def test_one_directive_gives_a_task_per_body_and_completes_a_body_from_the_place():
    # Given a registry that knows the province's military command, and a conclusion giving
    # two tasks separated by a semicolon, the first to the command written without its
    # province, the second to three district committees
    registry = Registry(
        units=[
            UnitEntry(
                5,
                "Bộ Chỉ huy Quân sự tỉnh Đắk Lắk",
                "BCHQS-DL",
                ("BCHQS-DL",),
                "Bộ Chỉ huy Quân sự tỉnh Đắk Lắk",
            )
        ]
    )
    # When the report of a conference in tỉnh Đắk Lắk is read
    facts = _read(
        "Sáng 14/11, Đảng ủy Quân sự tỉnh Đắk Lắk tổ chức hội nghị sơ kết. Kết luận hội "
        "nghị, đồng chí Bí thư Tỉnh ủy yêu cầu Bộ Chỉ huy Quân sự tỉnh tham mưu xây dựng kế "
        "hoạch diễn tập khu vực phòng thủ năm 2027, hoàn thành trước ngày 30/6/2027; rà soát "
        "lực lượng dự bị động viên; các huyện ủy Lắk, Ea Súp và Krông Ana tiếp tục lãnh đạo "
        "xây dựng lực lượng dân quân tự vệ vững mạnh.",
        published=datetime.date(2026, 11, 15),
        registry=registry,
    )
    # Then there are two tasks: the command's (its place completed, its second clause kept
    # with it, its deadline), and one for the three committees, each named, with no deadline
    first, second = facts["conclusions"]
    assert first["assignee"] == "Bộ Chỉ huy Quân sự tỉnh Đắk Lắk"
    assert first["assignees"] == ["Bộ Chỉ huy Quân sự tỉnh Đắk Lắk"]
    assert first["deadline"] == "2027-06-30"
    assert first["text"].endswith("rà soát lực lượng dự bị động viên")
    assert second["assignees"] == ["Huyện ủy Lắk", "Huyện ủy Ea Súp", "Huyện ủy Krông Ana"]
    assert second["assignee"] == "các huyện ủy Lắk, Ea Súp và Krông Ana"
    assert second["deadline"] is None and second["deadline_unknown"] is True
    text = facts["text"]
    assert text[second["span"][0] : second["span"][1]].startswith("các huyện ủy Lắk")


def test_a_provincial_report_headline_directives_and_a_department_named_with_va():
    # Given a provincial news item: a headline naming the directive, the conference's date
    # opening the next paragraph, and a conclusion giving two directives in one sentence
    facts = _read(
        "UBND tỉnh Phú Thọ tổng kết 10 năm thực hiện Chỉ thị 07/CT-TTg\n\n"
        "Ngày 20/11/2026, UBND tỉnh Phú Thọ tổ chức hội nghị tổng kết 10 năm thực hiện Chỉ thị "
        "số 07/CT-TTg ngày 14/3/2016 của Thủ tướng Chính phủ về đẩy mạnh thực hiện chủ trương "
        "gắn phát triển kinh tế - xã hội với tăng cường quốc phòng, an ninh.\n\n"
        "Phát biểu kết luận, đồng chí Chủ tịch UBND tỉnh giao Sở Kế hoạch và Đầu tư chủ trì, "
        "rà soát các dự án, báo cáo UBND tỉnh trước ngày 31/3/2027; đề nghị các sở, ban, ngành "
        "tiếp tục quán triệt Chỉ thị trong thời gian tới.",
        published=datetime.date(2026, 11, 21),
    )
    # Then the directive keeps its own date and subject, the conference keeps its day
    (directive,) = facts["resolutions"]
    assert directive["date"] == "2016-03-14"
    assert directive["subject"].startswith("về đẩy mạnh thực hiện chủ trương")
    assert [event["date"] for event in facts["events"]] == ["2026-11-20"]
    # And each directive is its own conclusion, the department named whole
    first, second = facts["conclusions"]
    assert first["assignee"] == "Sở Kế hoạch và Đầu tư"
    assert first["deadline"] == "2027-03-31"
    assert "đề nghị" not in first["text"]
    assert second["assignee"] == "các sở, ban, ngành"
    assert second["deadline"] is None


def test_units_people_and_resolutions_match_the_registry_by_old_names_and_codes():
    # Given a registry where unit 7 was called Đảng ủy Quân sự Trung ương (ĐUQSTW) and is now
    # Quân ủy Trung ương, a resolution 12 with that old code, and two namesakes
    registry = Registry(
        units=[
            UnitEntry(7, "Đảng ủy Quân sự Trung ương", "ĐUQSTW", ("ĐUQSTW",), "Quân ủy Trung ương"),
            UnitEntry(7, "Quân ủy Trung ương", "QUTW", ("QUTW",), "Quân ủy Trung ương"),
            UnitEntry(
                9,
                "Tổng cục Công nghiệp quốc phòng",
                "CNQP",
                ("TCCNQP",),
                "Tổng cục Công nghiệp quốc phòng",
            ),
        ],
        people=[
            PersonEntry(1, "Nguyễn Văn A"),
            PersonEntry(2, "Trần Văn B"),
            PersonEntry(3, "Trần Văn B"),
        ],
        resolutions=[ResolutionEntry(12, "382-NQ/ĐUQSTW", "382", "nghị quyết", ("ĐUQSTW",))],
    )
    # When a text names them
    facts = _read(
        "Đảng ủy Tổng cục CNQP tổng kết Nghị quyết 382 của Đảng ủy Quân sự Trung ương. "
        "Trung tướng Nguyễn Văn A và Thiếu tướng Trần Văn B dự.",
        registry=registry,
    )
    # Then the old name resolves to the unit, the namesake is left for the officer to choose
    assert {u["match"] for u in facts["units"]} == {7, 9}
    assert facts["resolutions"][0]["match"] == 12
    assert {p["name"]: p["match"] for p in facts["people"]} == {
        "Nguyễn Văn A": 1,
        "Trần Văn B": None,
    }


def test_every_fact_carries_a_span_into_the_text_and_a_confidence():
    facts = _read("Sáng 8-7, Trung tướng Nguyễn Văn A chủ trì hội nghị tổng kết Nghị quyết 623.")
    for group in ("resolutions", "events", "people"):
        for item in facts[group]:
            start, end = item["span"]
            assert 0 <= start < end <= len(facts["text"])
            assert 0 < item["confidence"] <= 1
    assert facts["text"][slice(*facts["people"][0]["span"])].startswith("Trung tướng Nguyễn Văn A")


def test_a_position_after_pho_may_be_written_in_lower_case():
    """'Phó tư lệnh', 'Phó chỉ huy trưởng', 'Nguyên phó chủ tịch': the head after the prefix in
    lower case is still a position, and still ends the name before it."""
    facts = _read(
        "Dự hội nghị có Thiếu tướng Nguyễn Văn Thành, Phó tư lệnh Quân khu 2. "
        "Thượng tá Lò Văn Sơn, Phó chỉ huy trưởng Bộ CHQS tỉnh trình bày báo cáo. "
        "Ông Hà Văn Minh, nguyên phó chủ tịch UBND tỉnh cũng có mặt.",
        published=datetime.date(2026, 11, 27),
    )
    positions = {person["name"]: person["positions"] for person in facts["people"]}
    assert positions["Nguyễn Văn Thành"] == ["Phó tư lệnh Quân khu 2"]
    assert positions["Lò Văn Sơn"] == ["Phó chỉ huy trưởng Bộ CHQS tỉnh"]
    assert positions["Hà Văn Minh"] == ["nguyên phó chủ tịch UBND tỉnh"]
    roles = {person["name"]: person["role"] for person in facts["people"]}
    assert roles["Lò Văn Sơn"] == "presenter"


def test_a_civilian_named_with_ong_is_read():
    """ "ông"/"Ông" (with its circumflex) introduces a civilian official as "bà" and "đồng chí"
    do."""
    facts = _read(
        "Ông Hà Văn Minh, Chủ tịch UBND tỉnh phát biểu. Hội nghị có ông Hoàng Văn Em, "
        "Chủ tịch UBND huyện Bát Xát."
    )
    positions = {person["name"]: person["positions"] for person in facts["people"]}
    assert positions == {
        "Hà Văn Minh": ["Chủ tịch UBND tỉnh"],
        "Hoàng Văn Em": ["Chủ tịch UBND huyện Bát Xát"],
    }


def test_officials_with_upland_surnames_are_read_without_a_rank():
    """ "đồng chí Mùa A Sơn", "ông Giàng Seo Phử", "bà Ksor H'Bơ Khăp": surnames of the
    northern uplands and the Central Highlands are surnames."""
    facts = _read(
        "Báo cáo do đồng chí Mùa A Sơn, Phó Bí thư Tỉnh ủy trình bày. Dự có ông Giàng Seo "
        "Phử, Chủ tịch Hội đồng Dân tộc và bà Ksor H'Bơ Khăp, Đại biểu Quốc hội."
    )
    people = {person["name"]: person for person in facts["people"]}
    assert people["Mùa A Sơn"]["positions"] == ["Phó Bí thư Tỉnh ủy"]
    assert people["Mùa A Sơn"]["role"] == "presenter"
    assert people["Giàng Seo Phử"]["positions"] == ["Chủ tịch Hội đồng Dân tộc"]
    assert "Đại biểu Quốc hội" in people["Ksor H'Bơ Khăp"]["positions"]


def test_a_unit_is_read_as_texts_write_it_shortened_without_its_level_or_with_old_accents():
    """ "Bộ CHQS tỉnh Lào Cai", "Bộ Chỉ huy Quân sự Lào Cai", "UBND tỉnh Điện Biên" and
    "Uỷ ban nhân dân tỉnh Điện Biên" are the registered units, not unknown names."""
    registry = Registry(
        units=[
            UnitEntry(59, "Bộ Chỉ huy Quân sự tỉnh Lào Cai", "Bộ CHQS Lào Cai", ("BCHQS-LC",)),
            UnitEntry(71, "Ủy ban nhân dân tỉnh Điện Biên", "UBND Điện Biên", ("UBND-DB",)),
        ]
    )
    for text, unit in (
        ("Bộ CHQS tỉnh Lào Cai tổ chức hội nghị sơ kết.", 59),
        ("Sáng nay, Bộ Chỉ huy Quân sự Lào Cai tổ chức hội nghị.", 59),
        ("Đại diện UBND tỉnh Điện Biên dự hội nghị.", 71),
        ("Uỷ ban nhân dân tỉnh Điện Biên đã ban hành kế hoạch.", 71),
    ):
        found = _read(text, registry=registry)["units"]
        assert [u["match"] for u in found] == [unit], (text, found)
    # A different province is not taken for it.
    assert _read("Bộ CHQS tỉnh Lai Châu tổ chức hội nghị.", registry=registry)["units"] == []


def test_the_reference_day_gives_the_year_only_when_the_text_has_no_publication_date():
    text = "Ngày 26-11, Bộ CHQS tỉnh Lào Cai tổ chức hội nghị sơ kết."
    facts = read(text, reference=datetime.date(2026, 12, 7))
    assert facts["published"] is None
    assert [event["date"] for event in facts["events"]] == ["2026-11-26"]
    dated = read(text, published=datetime.date(2024, 11, 27), reference=datetime.date(2026, 12, 7))
    assert [event["date"] for event in dated["events"]] == ["2024-11-26"]
    assert read(text)["events"] == []


def test_a_proposal_or_conclusion_of_someone_is_no_directive():
    """ "Xét đề nghị của Chủ nhiệm Chính trị", "theo đề nghị của …", "Thực hiện kết luận của …"
    on a decision or a report are its grounds, not tasks it gives."""
    facts = _read(
        "Xét đề nghị của Chủ nhiệm Chính trị Quân khu, QUYẾT ĐỊNH. Theo đề nghị của Hội đồng "
        "Thi đua - Khen thưởng, Tư lệnh tặng Bằng khen cho 12 tập thể. Thực hiện kết luận của "
        "Thường vụ Đảng ủy Quân khu, các đơn vị đã tổ chức quán triệt."
    )
    assert facts["conclusions"] == []
    told = _read(
        "Kết luận hội nghị, đồng chí Chính ủy đề nghị các đơn vị hoàn thành trước ngày 30/7."
    )
    assert [c["deadline"] for c in told["conclusions"]] == ["2022-07-30"]


def test_documents_issued_or_counted_are_no_conclusion():
    """ "tham mưu ban hành 12 nghị quyết, 25 chỉ thị, kết luận về …" and "ban hành 3 kết luận"
    count documents a body issued over the years, not a conclusion of the meeting told; the
    conclusion the chair then draws is one."""
    facts = _read(
        "Trong 10 năm qua, Đảng ủy Quân sự tỉnh đã tham mưu cho Tỉnh ủy ban hành 12 nghị "
        "quyết, 25 chỉ thị, kết luận về nhiệm vụ quân sự, quốc phòng; Thường vụ ban hành 3 "
        "kết luận chuyên đề về công tác dân quân tự vệ. Kết luận hội nghị, đồng chí Bí thư "
        "Tỉnh ủy yêu cầu Bộ Chỉ huy Quân sự tỉnh tham mưu xây dựng lực lượng dân quân vững "
        "mạnh, hoàn thành trước ngày 30/7."
    )
    assert [c["deadline"] for c in facts["conclusions"]] == ["2022-07-30"]
    assert facts["conclusions"][0]["text"].startswith("Bộ Chỉ huy Quân sự tỉnh tham mưu")
    # A year before the verb is no count.
    year = _read("Nhiệm vụ năm 2027 yêu cầu Bộ Chỉ huy Quân sự tỉnh hoàn thành trước ngày 30/7.")
    assert [c["deadline"] for c in year["conclusions"]] == ["2022-07-30"]


def test_deadlines_as_directives_write_them():
    """ "hoàn thành trước 30/7" (no "ngày"), "chậm nhất là 15/8", and a directive opening its
    sentence ("Đề nghị các đơn vị …") give tasks with their deadlines, and no deadline is
    taken for the meeting's date."""
    cases = [
        ("Đồng chí Chính ủy đề nghị các đơn vị hoàn thành trước 30/7.", "2022-07-30"),
        (
            "Sáng 8-7, Quân khu tổ chức hội nghị; yêu cầu các đơn vị báo cáo chậm nhất là 15/8.",
            "2022-08-15",
        ),
        ("Đề nghị các đơn vị báo cáo xong trước 15-8.", "2022-08-15"),
    ]
    for text, deadline in cases:
        facts = _read(text)
        assert [c["deadline"] for c in facts["conclusions"]] == [deadline], text
        assert deadline not in [event["date"] for event in facts["events"]], text


def test_the_giver_named_after_the_award_form_as_decisions_write_it():
    facts = _read(
        "Điều 1. Tặng Bằng khen của Tư lệnh Quân khu cho 12 tập thể và 20 cá nhân đã có "
        "thành tích xuất sắc. Bộ CHQS tỉnh tặng Giấy khen cho 5 tập thể."
    )
    assert [(a["form"], a["by"], a["collectives"]) for a in facts["awards"]] == [
        ("Bằng khen", "Tư lệnh Quân khu", 12),
        ("Giấy khen", "Bộ CHQS tỉnh", 5),
    ]


def test_a_state_documents_own_number_takes_its_date_and_subject_from_its_header():
    """Pasted from a State decision, the motto column comes between the number and the place
    and date line; the "Về việc" line is the subject."""
    text = (
        "BỘ QUỐC PHÒNG\nBỘ TƯ LỆNH QUÂN KHU 2\nSố: 2345/QĐ-BTL\n"
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Phú Thọ, ngày 15 tháng 11 năm 2026\nQUYẾT ĐỊNH\n"
        "Về việc tặng Bằng khen cho các tập thể, cá nhân\nTƯ LỆNH QUÂN KHU 2\n"
        "Xét đề nghị của Chủ nhiệm Chính trị Quân khu,\nQUYẾT ĐỊNH:\n"
        "Điều 1. Tặng Bằng khen của Tư lệnh Quân khu cho 12 tập thể và 20 cá nhân.\n"
    )
    facts = read(text)
    own = facts["resolutions"][0]
    assert (own["symbol"], own["kind"], own["date"]) == ("2345/QĐ-BTL", "quyết định", "2026-11-15")
    assert own["subject"] == "về việc tặng Bằng khen cho các tập thể, cá nhân"
    assert facts["published"] == "2026-11-15"
    assert facts["conclusions"] == []
