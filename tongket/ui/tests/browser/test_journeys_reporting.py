"""Journey of a half-year report: the Quân khu 2 reporter fills the current half-year's draft
of a province command cell by cell (autosaved, moving with Enter), writes the narrative and
submits it; the approver above returns it with a reason; the reporter reads the reason,
corrects and submits again; the approver approves. The due page shows who is late, and one
click reminds them. Assertions read states and test ids, not words, so they hold in either
language."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tongket.ui.tests.browser.conftest import PASSWORD

pytestmark = pytest.mark.browser

UNIT = "Bộ Chỉ huy Quân sự tỉnh Phú Thọ"
REASON = "Đề nghị giải trình chỉ tiêu HC02 (diện tích tăng gia) thấp hơn kỳ trước."


def signed_in(browser, server, username: str):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="vi-VN")
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.console_errors = errors
    page.goto(server["url"] + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(server["url"] + "/")
    return page


def open_draft_from_due_page(page, unit: str = UNIT) -> str:  # type: ignore[no-untyped-def]
    """From the navigation, the due page, then the unit's report of the current half-year
    (the owed row whose due date is still ahead)."""
    page.click(".app-nav a[href='/reports/due/']")
    owed = page.locator("[data-testid=owed]")
    expect(owed).to_be_visible()
    rows = owed.locator("tbody tr", has=page.get_by_role("link", name=unit, exact=True))
    row = rows.filter(has_not=page.locator("[data-testid=overdue]")).last
    row.locator("a.btn").click()
    expect(page.locator("[data-testid=entry-grid]")).to_be_visible()
    return page.url


def previous_figure(group) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """What the unit reported in the previous period, as shown beside the entry."""
    cell = group.locator("td.cmp-cell").nth(1)
    main = cell.evaluate("c => c.childNodes[0].textContent.trim()")
    sub = cell.locator(".cmp-sub").all_inner_texts()
    return {"main": main, "sub": sub[0] if sub else ""}


def typed(shown: str) -> str:
    """A figure as shown (1.234,5) as typed by hand (1234,5)."""
    return shown.replace(".", "")


def fill_like_last_period(page) -> None:  # type: ignore[no-untyped-def]
    """Each row gets the previous period's figure, typed and moved on with Enter. It is typed
    without thousands marks, as people type: "97.500" would be asked about (97500 or 97,5)."""
    groups = page.locator("tbody.entry-group")
    for index in range(groups.count()):
        group = groups.nth(index)
        shown = previous_figure(group)
        select = group.locator("select[name=value]")
        if select.count():
            labels = select.locator("option").all_inner_texts()
            select.select_option(label=shown["main"] if shown["main"] in labels else labels[-1])
            continue
        numerator = group.locator("input[name=numerator]")
        if numerator.count():
            parts = [typed(p) for p in re.findall(r"[\d.,]+", shown["sub"])] or ["40", "45"]
            numerator.fill(parts[0])
            numerator.press("ArrowRight")  # the caret is at the end: on to the denominator
            focused = page.evaluate("document.activeElement.name")
            assert focused == "denominator", focused
            page.keyboard.type(parts[1])
            page.keyboard.press("Enter")
            continue
        value = group.locator("input[name=value]")
        value.fill(typed(shown["main"]) if shown["main"] not in ("", "–") else "10")
        weight = group.locator("input[name=weight]")
        if weight.count():
            weight.fill(typed((re.findall(r"[\d.,]+", shown["sub"]) or ["600"])[0]))
        value.focus()
        value.press("Enter")
        # Enter moved the focus down to the next row's first field.
        if index + 1 < groups.count():
            next_id = groups.nth(index + 1).get_attribute("id")
            assert page.evaluate("document.activeElement.closest('tbody').id") == next_id
    expect(page.locator("#save-state")).to_have_attribute("data-state", re.compile("saved|error"))
    # A figure far from the unit's history asks for a comment: give it.
    warned = page.locator("tbody.entry-group:has(.entry-warning)")
    for index in range(warned.count()):
        comment = warned.nth(index).locator("input[name=comment]")
        comment.fill("Đã kiểm tra lại số liệu.")
        comment.press("Tab")
    expect(page.locator("#save-state")).to_have_attribute("data-state", "saved")
    expect(page.locator(".entry-grid .entry-error")).to_have_count(0)


def test_half_year_report_filled_returned_fixed_and_approved(browser, server):
    reporter = signed_in(browser, server, "qk2.baocao")
    url = open_draft_from_due_page(reporter)
    fill_like_last_period(reporter)
    # The narrative saves itself as well.
    results = reporter.locator("textarea.narrative-input").first
    results.fill("Hoàn thành các chỉ tiêu chủ yếu của 6 tháng cuối năm (nội dung kiểm thử).")
    results.press("Tab")
    expect(reporter.locator(".section-status[data-state=saved]").first).to_be_visible()
    reporter.click("[data-testid=submit-report]")
    expect(reporter.locator("[data-testid=state-badge]")).to_have_class(
        re.compile("state-submitted")
    )
    expect(reporter.locator("[data-testid=timeliness] .timely-on")).to_be_visible()
    expect(reporter.locator("input[name=numerator]")).to_have_count(0)  # locked

    approver = signed_in(browser, server, "qk2.duyet")
    approver.goto(server["url"] + "/reports/due/")
    waiting = approver.locator("[data-testid=to-approve] tbody tr", has_text=UNIT)
    expect(waiting).to_have_count(1)
    waiting.locator("a.btn").click()
    expect(approver).to_have_url(url)
    approver.click("[data-testid=return-report]")
    approver.click("[data-testid=return-confirm]")  # no reason yet: refused beside the field
    expect(approver.locator("#return-reason-errors")).to_be_visible()
    expect(approver.locator("[data-testid=state-badge]")).to_have_class(
        re.compile("state-submitted")
    )
    approver.fill("#id_return-reason", REASON)
    approver.click("[data-testid=return-confirm]")
    expect(approver.locator("[data-testid=state-badge]")).to_have_class(
        re.compile("state-returned")
    )

    reporter.goto(url)
    expect(reporter.locator("[data-testid=return-reason]")).to_contain_text(REASON)
    hc02 = reporter.locator("tbody.entry-group", has_text="HC02")
    hc02.locator("input[name=comment]").fill("Diện tích giảm do chuyển sang trồng cây lâu năm.")
    hc02.locator("input[name=comment]").press("Tab")
    expect(hc02.locator(".saved-mark .bi")).to_be_visible()
    expect(reporter.locator("#save-state")).to_have_attribute("data-state", "saved")
    reporter.click("[data-testid=submit-report]")
    expect(reporter.locator("[data-testid=state-badge]")).to_have_class(
        re.compile("state-submitted")
    )

    approver.goto(url)
    approver.click("[data-testid=approve-report]")
    expect(approver.locator("[data-testid=state-badge]")).to_have_class(
        re.compile("state-approved")
    )
    history = approver.locator("[data-testid=history]")
    expect(history).to_contain_text(REASON)

    # Who is late below Quân khu 2, and a reminder in one click.
    approver.goto(server["url"] + "/reports/due/")
    late = approver.locator("[data-testid=late] tbody tr")
    expect(late.first).to_be_visible()
    assert late.count() >= 1
    expect(late.first.locator("[data-testid=overdue]")).to_be_visible()
    first = late.first
    row_id = first.get_attribute("id")
    first.locator("[data-testid=remind]").click()
    expect(
        approver.locator(f"#{row_id} [data-testid=reminder-count] .text-success")
    ).to_be_visible()
    for page in (reporter, approver):
        assert not page.console_errors, page.console_errors
        page.context.close()


def test_two_reporters_typing_in_the_same_cell_see_a_conflict(browser, server):
    first = signed_in(browser, server, "qk2.baocao")
    url = open_draft_from_due_page(first, "Trung đoàn 148")  # 98 is the offline journey's
    # The same page in a second session.
    second = signed_in(browser, server, "qk2.baocao")
    second.goto(url)
    cell = "tbody.entry-group:has-text('HC03') input[name=value]"
    first.fill(cell, "31")
    first.press(cell, "Tab")
    expect(first.locator("#save-state")).to_have_attribute("data-state", "saved")
    second.fill(cell, "29")
    second.press(cell, "Tab")
    conflict = second.locator("tbody.entry-group:has-text('HC03') [data-testid=conflict]")
    expect(conflict).to_be_visible()
    expect(second.locator(cell)).to_have_value("29")  # the input is kept
    conflict.locator("[data-testid=keep-mine]").click()
    expect(conflict).to_have_count(0)
    first.reload()
    expect(first.locator(cell)).to_have_value("29")
    for page in (first, second):
        assert not page.console_errors, page.console_errors
        page.context.close()
