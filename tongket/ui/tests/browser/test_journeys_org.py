"""Journeys of the foundation: log in as every demo role, browse and search the tree
without diacritics, switch the language, and fail to reach another branch by URL."""

import re

import pytest
from playwright.sync_api import expect

from tongket.ui.tests.browser.conftest import log_in

pytestmark = pytest.mark.browser

ROLES = {
    "admin": "Quân ủy Trung ương",
    "bqp.theodoi": "Bộ Quốc phòng",
    "qk2.baocao": "Quân khu 2",
    "qk2.duyet": "Quân khu 2",
    "bqp.duyet": "Bộ Quốc phòng",
    "cnqp.baocao": "Tổng cục Công nghiệp quốc phòng",
    "daklak.baocao": "Bộ Chỉ huy Quân sự tỉnh Đắk Lắk",
    "qk2.thidua": "Quân khu 2",
}


@pytest.mark.parametrize("username", list(ROLES))
def test_each_demo_role_logs_in_and_sees_its_unit(page, username):
    log_in(page, username)
    expect(page.locator("h1")).to_have_text("Tổng quan")
    expect(page.locator("#unit-switch")).to_contain_text(ROLES[username])
    expect(page.locator(".demo-banner")).to_be_visible()
    page.click(".user-menu")
    page.click("[data-testid=logout]")
    expect(page).to_have_url(re.compile(r"/login/$"))
    assert not page.console_errors, page.console_errors


def test_wrong_password_says_so_in_vietnamese(page):
    page.goto(page.base + "/login/")
    page.fill("#id_username", "qk2.baocao")
    page.fill("#id_password", "sai-mat-khau")
    page.click("button[type=submit]")
    expect(page.locator(".alert-danger")).to_be_visible()
    expect(page.locator("h1, .brand-big").first).to_contain_text("Tổng Kết")


def test_browse_the_tree_and_search_without_diacritics(page):
    log_in(page, "admin")
    page.click("text=Cây đơn vị") if page.locator("text=Cây đơn vị").count() else page.goto(
        page.base + "/units/"
    )
    page.goto(page.base + "/units/")
    tree = page.locator("[data-testid=unit-tree]")
    qutw = tree.locator("li", has_text="Quân ủy Trung ương").first
    qutw.locator("[data-tree-toggle]").first.click()
    expect(tree.locator("a", has_text="Bộ Quốc phòng")).to_be_visible()
    bqp = tree.locator("li", has=page.locator("a", has_text="Bộ Quốc phòng")).last
    bqp.locator("[data-tree-toggle]").first.click()
    expect(tree.locator("a", has_text="Quân khu 2")).to_be_visible()
    # Collapse hides it again.
    bqp.locator("[data-tree-toggle]").first.click()
    expect(tree.locator("a", has_text="Quân khu 2")).to_be_hidden()

    page.fill("input.form-control[name=q]#q", "quan khu 2")
    page.keyboard.press("Enter")
    results = page.locator("[data-testid=search-results] tbody tr")
    expect(results.first).to_contain_text("Quân khu 2")
    page.fill("#q", "duqstw")
    page.keyboard.press("Enter")
    expect(results.first).to_contain_text("Quân ủy Trung ương")
    results.first.locator("a").click()
    page.locator("button[data-bs-target='#tab-names']").click()
    expect(page.locator("#tab-names")).to_contain_text("Đảng ủy Quân sự Trung ương")


def test_switch_language_and_back(page):
    log_in(page, "qk2.duyet")
    page.click("button[name=language][value=en]")
    expect(page.locator("h1")).to_have_text("Overview")
    expect(page.locator(".app-nav")).to_contain_text("Units")
    page.click("button[name=language][value=vi]")
    expect(page.locator("h1")).to_have_text("Tổng quan")


def test_scoped_user_cannot_reach_another_branch_by_url(page, server):
    log_in(page, "qk2.baocao")
    cnqp = server["unit_id"]("TCCNQP")
    response = page.goto(f"{page.base}/units/{cnqp}/")
    assert response.status == 404
    expect(page.locator("h1")).to_have_text("Không tìm thấy")
    response = page.goto(f"{page.base}/api/v1/units/{cnqp}/")
    assert response.status == 404
    page.goto(page.base + "/units/")
    expect(page.locator("[data-testid=unit-tree]")).not_to_contain_text("Công nghiệp")
    expect(page.locator("[data-testid=unit-tree]")).to_contain_text("Quân khu 2")


def test_dated_tree_shows_dissolved_units_and_old_names(page):
    log_in(page, "admin")
    page.goto(page.base + "/units/?on=2010-06-30")
    dated = page.locator("[data-testid=dated-tree]")
    expect(dated).to_contain_text("Đảng ủy Quân sự Trung ương")
    expect(dated).to_contain_text("Ban Chỉ huy Quân sự huyện Mèo Vạc")
    page.goto(page.base + "/units/?on=2025-12-31")
    expect(page.locator("[data-testid=dated-tree]")).not_to_contain_text("Mèo Vạc")
