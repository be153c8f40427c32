"""Journey of a task given to a level: Quân khu 2's tracking officer opens the 2022 conference
on Resolution 623, records a conclusion and gives its task to every command one level under
Quân khu 2 (the commands of 8/7/2022, the three provincial commands merged in 2025
included); on the task's page the officer takes the task back from one command, then
re-expands it: the merged commands are shown as having left the level, no command joined,
and nothing is added. Assertions read test ids, not words."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tongket.ui.tests.browser.test_journeys_reporting import signed_in

pytestmark = pytest.mark.browser

SHOTS = os.environ.get("TONGKET_SHOTS")  # a folder: keep screenshots of each step
MERGED = {"BCHQS-HG", "BCHQS-YB", "BCHQS-VP"}


def shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def test_the_officer_gives_a_task_to_a_level_takes_one_back_and_re_expands(browser, server):
    page = signed_in(browser, server, "qk2.theodoi")
    (meeting,) = server["query"](
        "select id from meetings_meeting where title like ? and format = 'hybrid'", "%623%"
    )
    page.goto(f"{server['url']}/meetings/{meeting[0]}/")
    page.locator("[data-testid=add-conclusion]").click()
    page.locator("#conclusion-panel textarea").fill("Các đơn vị sơ kết 5 năm thực hiện nghị quyết.")
    page.locator("#conclusion-panel button.btn-primary").click()
    conclusion = page.locator(".conclusion").last
    conclusion.get_by_role("button").first.click()
    form = conclusion.locator("form")
    form.locator("input[name$='-title']").fill("Sơ kết 5 năm thực hiện nghị quyết")
    form.locator("input[name$='-root']").fill("QK2")
    form.locator("input[name$='-depth']").fill("1")
    form.locator("select[name$='-unit_kind']").select_option("command")
    form.locator("input[name$='-deadline']").fill("30/09/2022")
    form.locator("button[type=submit], button.btn-primary").last.click()
    batch = page.locator("[data-testid=batch]").last
    expect(batch).to_be_visible()
    total = int(batch.locator("[data-testid=batch-progress]").get_attribute("data-total") or 0)
    assert total >= 10
    shot(page, "batch-1-conference")

    batch.locator("[data-testid=batch-edit]").click()
    expect(page.locator("[data-testid=batch-units]")).to_be_visible()
    codes = set(
        page.locator("[data-testid=batch-units] tr[data-unit]").evaluate_all(
            "rows => rows.map(row => row.dataset.unit)"
        )
    )
    assert codes >= MERGED | {"SD316", "SD355"}
    page.locator("tr[data-unit=SD355] input[name=remove]").check()
    shot(page, "batch-2-edit")
    page.locator("[data-testid=save-units]").click()
    expect(page.locator("tr[data-unit=SD355]")).to_have_count(0)
    expect(page.locator("[data-testid=history] li")).not_to_have_count(0)
    assert page.locator("[data-testid=batch-units] tr[data-unit]").count() == total - 1
    shot(page, "batch-3-taken-back")

    page.locator("[data-testid=batch-reexpand]").click()
    expect(page).to_have_url(re.compile(r"/task-batches/\d+/expand/$"))
    left = set(
        page.locator("[data-testid=left] tr[data-unit]").evaluate_all(
            "rows => rows.map(row => row.dataset.unit)"
        )
    )
    assert left == MERGED
    expect(page.locator("[data-testid=none-joined]")).to_be_visible()
    shot(page, "batch-4-re-expand")
    assert page.console_errors == []
