"""Journey of the intake (issue 15): an administrator pastes a conference news item, reads
it, registers the two people named, accepts the proposed meeting, award counts and the
conclusion with its task, and ends on the list of records made, each linked; the meeting
page shows its chair and the task. Assertions read test ids and data attributes."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tongket.ui.tests.browser.conftest import log_in

pytestmark = pytest.mark.browser

ARTICLE = (
    "Sáng 8-7, Đảng ủy Quân khu 2 tổ chức Hội nghị tổng kết 10 năm thực hiện Nghị quyết "
    "623-NQ/QUTW của Quân ủy Trung ương. Hội nghị được tổ chức theo hình thức trực tiếp kết "
    "hợp với trực tuyến. Trung tướng Đinh Công Mẫn, Bí thư Đảng ủy, Chính ủy Quân khu chủ trì "
    "hội nghị. Thiếu tướng Lục Văn Tiến, Phó Tư lệnh Quân khu trình bày báo cáo tổng kết. Dịp "
    "này, Bộ Tư lệnh Quân khu tặng Bằng khen cho 26 tập thể và 28 cá nhân; đề nghị Bộ Quốc "
    "phòng tặng Bằng khen cho 3 tập thể, 3 cá nhân. Kết luận hội nghị, Trung tướng Đinh Công "
    "Mẫn yêu cầu Đảng ủy Quân khu 2 hoàn chỉnh báo cáo tổng kết trước ngày 30/7."
)


def test_a_pasted_article_ends_as_a_meeting_with_people_awards_and_tasks(page):  # type: ignore[no-untyped-def]
    log_in(page, "admin")
    page.click(".app-nav a[href='/intake/']")
    page.fill("[data-testid=intake-text]", ARTICLE)
    page.fill("#id_published", "2022-07-08")
    page.click("[data-testid=intake-read]")
    # The text comes back with its facts marked beside the proposed records
    expect(page.locator("[data-testid=intake-highlighted] mark[data-fact=people]")).to_have_count(2)
    expect(page.locator("[data-testid=intake-person]")).to_have_count(2)
    expect(page.locator("[data-testid=intake-award]")).to_have_count(2)
    expect(page.locator("#id_format")).to_have_value("hybrid")
    expect(page.locator("#id_time_of_day")).to_have_value("sang")
    expect(page.locator("#id_date")).to_have_value("2022-07-08")
    # The two people are new: register them
    page.check("#id_people-0-create")
    page.check("#id_people-1-create")
    page.click("[data-testid=intake-apply]")
    # Every record made is listed and linked
    expect(page.locator("[data-testid=made-meeting]")).to_have_count(1)
    expect(page.locator("[data-testid=made-person]")).to_have_count(2)
    awards = page.locator("[data-testid=made-award]")
    expect(awards).to_have_count(2)
    assert awards.nth(0).get_attribute("data-collectives") == "26"
    assert awards.nth(0).get_attribute("data-individuals") == "28"
    assert awards.nth(1).get_attribute("data-proposed") == "1"
    expect(page.locator("[data-testid=made-conclusion]")).to_have_count(1)
    expect(page.locator("[data-testid=made-task]")).to_have_count(1)
    page.click("[data-testid=made-meeting]")
    expect(page.locator("[data-testid=meeting-format]")).to_be_visible()
    expect(page.locator("[data-testid=task]")).to_have_count(1)
    assert not page.console_errors
