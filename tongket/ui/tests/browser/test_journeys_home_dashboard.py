"""Journeys of the home dashboard and the pivot's line tabs: an approver of Quân khu 2 lands on
the default dashboard of approvers (its chart drawn), goes to the general overview and back;
a tracking officer opens the Party line's tab of the unit picker, which groups the pivot
along that line and sends only that tab's units. Assertions read test ids and values."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tongket.ui.tests.browser.conftest import log_in

pytestmark = pytest.mark.browser


def test_the_home_page_opens_on_my_roles_dashboard(page):
    log_in(page, "qk2.duyet")
    expect(page.locator("[data-testid=home-dashboard]")).to_be_visible()
    expect(page.locator("[data-testid=tile]")).to_have_count(2)
    chart = page.locator("[data-testid=tile] [data-pivot-chart] canvas")
    expect(chart.first).to_be_visible()
    page.click("[data-testid=home-overview]")
    expect(page.locator("[data-testid=home-dashboard]")).to_have_count(0)
    page.click("[data-testid=home-back]")
    expect(page.locator("[data-testid=home-dashboard]")).to_be_visible()
    assert not page.console_errors, page.console_errors


def test_a_lines_tab_groups_the_pivot_along_that_line(page):
    log_in(page, "qk2.theodoi")
    page.goto(page.base + "/analysis/")
    tabs = page.locator("[data-testid=unit-lines]")
    expect(tabs).to_be_visible()
    tabs.locator("[data-line=party]").click()
    expect(page.locator("#p-units-party")).to_be_visible()
    assert page.eval_on_selector("#p-tree", "e => e.value") == "party"
    assert page.eval_on_selector("#p-units-party select", "e => e.disabled") is False
    assert page.eval_on_selector("#p-units", "e => e.disabled") is True
    tabs.locator("[data-line='']").click()
    assert page.eval_on_selector("#p-tree", "e => e.value") == "then"
    assert page.eval_on_selector("#p-units", "e => e.disabled") is False
    assert not page.console_errors, page.console_errors
