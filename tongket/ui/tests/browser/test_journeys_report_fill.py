"""Journey of filling a periodic report from a text (issue 15): Quân khu 2's reporter opens
Lào Cai's draft of the current half-year, pastes the province's six-month logistics report
(written for this test), reads the proposals — figures written before and after the names,
a ratio as its parts, a milestone reached, a rating and a count said to be none ("không để
xảy ra vụ … nào") — leaves the mention without a figure unticked and accepts; the figures
saved are those of the text. Assertions read test ids, data attributes and the database,
not words."""

from __future__ import annotations

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tongket.ui.tests.browser.conftest import log_in

pytestmark = pytest.mark.browser

REPORT_TEXT = (
    "BÁO CÁO\nKết quả công tác hậu cần 6 tháng cuối năm\n"
    "Thực hiện Nghị quyết của Đảng ủy Quân sự tỉnh, Bộ Chỉ huy Quân sự tỉnh báo cáo kết quả "
    "như sau:\n"
    "1. Có 38/41 đơn vị đạt tiêu chuẩn doanh trại chính quy, xanh - sạch - đẹp; tỷ lệ quân "
    "số khỏe 1.172/1.190 đồng chí.\n"
    "2. Diện tích tăng gia sản xuất đạt 14,5 ha; sản lượng thịt, cá xuất chuồng 21,3 tấn, "
    "tăng 1,2 tấn so với cùng kỳ. Giá trị tiết kiệm chi ngân sách hậu cần: 1.050 triệu đồng. "
    "Trong kỳ không để xảy ra vụ ngộ độc thực phẩm nào. Mức ăn bình quân thực hiện đúng "
    "tiêu chuẩn quy định.\n"
    "3. Đã hoàn thành xây dựng bếp ăn hợp vệ sinh, tiết kiệm năng lượng tại các cơ quan, đơn "
    "vị. Qua kiểm tra công tác hậu cần, Bộ Chỉ huy Quân sự tỉnh được Quân khu xếp loại Tốt.\n"
)
# code: (value, numerator, denominator) as the report stores them
SAVED = {
    "HC01": (Decimal("92.6829"), Decimal(38), Decimal(41)),
    "HC02": (Decimal("14.5"), None, None),
    "HC03": (Decimal("21.3"), None, None),
    "HC04": (Decimal("98.4874"), Decimal(1172), Decimal(1190)),
    "HC05": (Decimal(0), None, None),  # none happened: a figure of zero
    "HC06": (Decimal(1050), None, None),
    "HC08": (Decimal(1), None, None),
    "HC09": (Decimal(4), None, None),  # Tốt, the fourth level
}


def draft_of(server, unit: str) -> int:  # type: ignore[no-untyped-def]
    rows = server["query"](
        "select r.id from reporting_report r"
        " join org_unit u on u.id = r.unit_id"
        " join reporting_period p on p.id = r.period_id"
        " join reporting_reportform f on f.id = r.form_id"
        " where f.code = 'BC6T-623-QK2' and u.code = ? and r.state = 'draft' and p.is_open"
        " order by p.sort_key desc limit 1",
        unit,
    )
    assert rows, f"no open draft of {unit}"
    return int(rows[0][0])


def stored(server, report: int) -> dict[str, tuple[object, ...]]:  # type: ignore[no-untyped-def]
    rows = server["query"](
        "select i.code, v.value, v.numerator, v.denominator from reporting_datavalue v"
        " join resolutions_indicator i on i.id = v.indicator_id"
        " where v.report_id = ? and v.value is not null",
        report,
    )
    return {
        code: tuple(None if x is None else Decimal(str(x)) for x in values)
        for code, *values in rows
    }


def test_a_pasted_six_month_report_fills_the_draft(page, server):  # type: ignore[no-untyped-def]
    report = draft_of(server, "BCHQS-LC")
    before = stored(server, report)
    assert not set(before) & set(SAVED), before  # the draft starts without these figures
    log_in(page, "qk2.baocao")
    page.goto(f"{page.base}/reports/{report}/")
    page.click("[data-testid=fill-from-text]")
    page.fill("[data-testid=fill-text]", REPORT_TEXT)
    page.click("[data-testid=fill-read]")
    preview = page.locator("[data-testid=fill-preview]")
    expect(preview).to_be_visible()
    # Each figure is proposed, ticked, with the words it was read from marked.
    marks = {
        "HC01": "38/41",
        "HC02": "14,5",
        "HC03": "21,3",
        "HC04": "1.172/1.190",
        "HC05": "không để xảy ra vụ ngộ độc thực phẩm nào",
        "HC06": "1.050",
        "HC08": "Đã",
        "HC09": "Tốt",
    }
    for code, words in marks.items():
        row = preview.locator(f"tr[data-indicator={code}]")
        expect(row.locator("mark")).to_have_text(words)
        expect(row.locator("input[name=use]")).to_be_checked()
    # The meal allowance is named without a figure: told why, nothing to tick.
    unread = preview.locator("tr[data-indicator=HC07]")
    expect(unread.locator("[data-testid=fill-problem]")).to_be_visible()
    expect(unread.locator("input[name=use]")).to_have_count(0)
    # Nothing is saved before accepting.
    assert stored(server, report) == before
    page.click("[data-testid=fill-accept]")
    page.wait_for_url(f"{page.base}/reports/{report}/")
    expect(page.locator("[data-testid=entry-grid]")).to_be_visible()
    saved = stored(server, report)
    assert {code: saved.get(code) for code in SAVED} == SAVED
    assert page.console_errors == []
