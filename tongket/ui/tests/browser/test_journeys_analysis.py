"""Journeys of the analysis: a pivot built from the navigation, drawn as a chart, saved as a
favourite shared with the unit and opened by a colleague; a block of cells pasted from a
spreadsheet into a report's grid, previewed, filled, saved and undone. Assertions read test
ids, values and states, not words, so they hold in either language."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tongket.ui.tests.browser.test_journeys_reporting import open_draft_from_due_page, signed_in

pytestmark = pytest.mark.browser


def paste(page, selector: str, text: str) -> None:  # type: ignore[no-untyped-def]
    """What the browser fires when cells copied from Excel are pasted into a field."""
    page.locator(selector).focus()
    page.evaluate(
        """([selector, text]) => {
            const data = new DataTransfer();
            data.setData("text/plain", text);
            const field = document.querySelector(selector);
            field.dispatchEvent(new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true}));
        }""",
        [selector, text],
    )


def test_a_pivot_is_drawn_saved_and_opened_by_a_colleague(browser, server):
    page = signed_in(browser, server, "qk2.baocao")
    page.click(".app-nav a[href='/analysis/']")
    expect(page.locator("[data-testid=pivot-form]")).to_be_visible()
    options = page.locator("#p-indicators option")
    codes = [text.split(" ")[0] for text in options.all_inner_texts()]
    page.select_option("#p-indicators", index=codes.index("HC03"))
    page.select_option("#p-chart", "column")
    page.click("[data-testid=pivot-show]")
    table = page.locator("[data-testid=pivot-table]")
    expect(table).to_be_visible()
    # Units of Quân khu 2 in the rows, the last four half-years in the columns.
    expect(table.locator("thead th")).to_have_count(1 + 4 + 1)
    figure = table.locator("td[title]").first
    assert figure.get_attribute("title")  # the formula, shown on hover
    expect(page.locator("[data-testid=pivot-chart] canvas")).to_have_count(1)
    page.fill("#fav-name", "Sản lượng thịt cá theo đơn vị")
    page.check("#fav-shared")
    page.click("[data-testid=favourite-save]")
    expect(page).to_have_url(re.compile(r"favourite=\d+"))
    assert page.console_errors == []

    colleague = signed_in(browser, server, "qk2.duyet")
    colleague.goto(server["url"] + "/analysis/favourites/")
    colleague.get_by_role("link", name="Sản lượng thịt cá theo đơn vị").click()
    expect(colleague.locator("[data-testid=pivot-table] tbody tr")).to_have_count(
        table.locator("tbody tr").count()
    )


def test_cells_pasted_from_a_spreadsheet_fill_the_report_grid(browser, server):
    page = signed_in(browser, server, "qk2.baocao")
    open_draft_from_due_page(page)
    values = page.locator("tbody.entry-group input[name=value]")
    first, second = values.nth(0), values.nth(1)
    first_id = first.evaluate("f => f.closest('tbody').id")
    second_id = second.evaluate("f => f.closest('tbody').id")
    groups = page.locator("tbody.entry-group")
    ids = [groups.nth(i).get_attribute("id") for i in range(groups.count())]
    assert ids.index(second_id) == ids.index(first_id) + 1, "two value rows in a row"
    # Two rows copied from LibreOffice in the Vietnamese convention, "1.250" read both ways.
    paste(page, f"#{first_id} input[name=value]", "1.250\tĐã rà soát\r\n37,5\t\r\n")
    preview = page.locator("[data-testid=paste-preview]")
    expect(preview).to_be_visible()
    expect(preview.locator("select")).to_have_value("thousands")
    page.click("[data-testid=paste-apply]")
    expect(page.locator("[data-testid=paste-done]")).to_be_visible()
    expect(first).to_have_value("1250")
    expect(page.locator(f"#{first_id} input[name=comment]")).to_have_value("Đã rà soát")
    expect(second).to_have_value("37,5")
    expect(page.locator("#save-state")).to_have_attribute("data-state", re.compile("saved|error"))
    page.reload()
    expect(page.locator(f"#{first_id} input[name=value]")).to_have_value(re.compile(r"^1\.?250$"))
    # Undo puts the earlier values back (and saves them).
    paste(page, f"#{first_id} input[name=value]", "9\n8\n")
    page.click("[data-testid=paste-apply]")
    expect(first).to_have_value("9")
    page.locator("[data-testid=paste-done] button").first.click()
    expect(page.locator(f"#{first_id} input[name=value]")).to_have_value(re.compile(r"^1\.?250$"))
    assert page.console_errors == []
