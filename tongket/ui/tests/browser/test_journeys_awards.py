"""Journey of the commendations after Quân khu 2's review of Resolution 623: the commendation
officer opens the campaign's award record (26 collectives and 28 individuals awarded, 3 and 3
proposed to the Ministry), nominates two district commands for the Military Region's Bằng
khen and a person for a Giấy khen, sees the checks pass and submits; a third district is
caught by the quota (56 for 2022); the council votes, the two are approved and a decision is
issued with its number and downloaded as Word; the campaign's record and the awardee's unit
page agree. Assertions read test ids and states, not words, so they hold in either language."""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pytest
from docx import Document as Docx
from playwright.sync_api import expect

from tongket.ui.tests.browser.test_journeys_reporting import signed_in

pytestmark = pytest.mark.browser

BK = "Bằng khen (của Tư lệnh quân khu, Thủ trưởng tổng cục và tương đương)"
DISTRICTS = ["BCHQS-YB-H3", "BCHQS-YB-H2", "BCHQS-YB-H1"]
SHOTS = os.environ.get("TONGKET_SHOTS")  # a folder: keep screenshots of each step


def shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def counts(page) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return {
        key: int(page.locator(f"[data-testid={key}]").inner_text())
        for key in (
            "awarded-collectives",
            "awarded-individuals",
            "proposed-collectives",
            "proposed-individuals",
        )
    }


def nominate_unit(page, code: str) -> None:  # type: ignore[no-untyped-def]
    page.locator("[data-testid=nominate-for-campaign]").click()
    form = page.locator("[data-testid=nomination-form]")
    expect(form).to_be_visible()
    form.locator("input[name=nominee_kind][value=collective]").check()
    form.locator("input[name=nominee_unit]").fill(code)
    form.locator("select[name=form]").select_option(label=BK)
    form.locator("select[name=year]").select_option("2022")
    form.locator("[data-testid=create-nomination]").click()
    expect(page.locator("[data-testid=checks]")).to_be_visible()


def test_the_officer_nominates_after_the_review_and_issues_the_decision(browser, server):
    page = signed_in(browser, server, "qk2.thidua")
    base = server["url"]

    # The navigation leads to the commendations; the campaign's record from its decision.
    page.click(".app-nav a[href='/nominations/']")
    expect(page.locator("[data-testid=nomination-list]")).to_be_visible()
    page.click("a[href='/decisions/']")
    page.locator("[data-testid=decision-list] a", has_text="623").first.click()
    expect(page.locator("[data-testid=campaign-awards-summary]")).to_be_visible()
    campaign_url = page.url
    assert counts(page) == {
        "awarded-collectives": 26,
        "awarded-individuals": 28,
        "proposed-collectives": 3,
        "proposed-individuals": 3,
    }
    shot(page, "01-campaign-awards")

    # Two district commands for the Military Region's Bằng khen: the checks pass, submitted.
    nominations = []
    for code in DISTRICTS[:2]:
        page.goto(campaign_url)
        nominate_unit(page, code)
        expect(page.locator("[data-testid=checks-pass]")).to_be_visible()
        expect(page.locator("[data-check=quota]")).to_have_attribute("data-level", "ok")
        shot(page, f"02-nomination-{code}")
        page.locator("[data-testid=submit-nomination]").click()
        expect(page.locator("[data-testid=nomination-state]")).to_have_attribute(
            "data-state", "submitted"
        )
        nominations.append(page.url)

    # A person for a Giấy khen, picked by name from the list that fills as one types.
    page.goto(campaign_url)
    page.locator("[data-testid=nominate-for-campaign]").click()
    form = page.locator("[data-testid=nomination-form]")
    form.locator("input[name=nominee_kind][value=individual]").check()
    person = form.locator("input[name=nominee_person]")
    person.click()
    person.press_sequentially("Trần", delay=30)
    option = page.locator("#id_nominee_person-options option").first
    expect(option).to_be_attached()
    person.fill(option.get_attribute("value"))
    form.locator("select[name=form]").select_option(label="Giấy khen")
    # The achievements are drawn from the record on request (htmx), then edited.
    form.locator("[data-testid=prefill]").click()
    expect(form.locator("#id_achievement")).not_to_have_value("")
    achievement = form.locator("#id_achievement").input_value()
    form.locator("#id_achievement").fill(achievement + "\nHoàn thành xuất sắc nhiệm vụ năm 2022.")
    form.locator("[data-testid=create-nomination]").click()
    expect(
        page.locator("[data-testid=achievement-form] textarea[name=achievement]")
    ).to_contain_text("Hoàn thành xuất sắc")
    expect(page.locator("[data-check=position]")).to_have_attribute("data-level", "ok")
    expect(page.locator("[data-testid=checks-pass]")).to_be_visible()
    page.locator("[data-testid=submit-nomination]").click()
    expect(page.locator("[data-testid=nomination-state]")).to_have_attribute(
        "data-state", "submitted"
    )

    # A third district would exceed the 2022 quota: the check says so, submission is barred.
    page.goto(campaign_url)
    nominate_unit(page, DISTRICTS[2])
    expect(page.locator("[data-check=quota]")).to_have_attribute("data-level", "error")
    expect(page.locator("[data-check=quota]")).to_contain_text("56")
    expect(page.locator("[data-testid=submit-nomination]")).to_be_disabled()
    shot(page, "03-over-quota")

    # The council votes and the two are approved.
    for url in nominations:
        page.goto(url)
        council = page.locator("[data-testid=council-form]")
        council.locator("input[name=council-votes_for]").fill("9")
        council.locator("input[name=council-votes_total]").fill("11")
        council.locator("[data-testid=council-submit]").click()
        expect(page.locator("[data-testid=nomination-state]")).to_have_attribute(
            "data-state", "council_reviewed"
        )
        page.locator("[data-testid=approve-nomination]").click()
        expect(page.locator("[data-testid=nomination-state]")).to_have_attribute(
            "data-state", "approved"
        )

    # The decision: the approved two, numbered from the registry, downloaded as Word.
    page.goto(base + "/decisions/new/")
    start = page.locator("[data-testid=decision-start]")
    start.locator("input[name=issuer]").fill("QK2")
    start.locator("select[name=form]").select_option(label=BK)
    start.locator("[data-testid=decision-load]").click()
    candidates = page.locator("[data-testid=candidates] input[name=nominations]")
    expect(candidates).to_have_count(2)
    decision_form = page.locator("[data-testid=decision-form]")
    decision_form.locator("input[name=signer_title]").fill("Phó Tư lệnh")
    decision_form.locator("input[name=signer_name]").fill("Nguyễn Văn A")
    shot(page, "04-decision-form")
    decision_form.locator("[data-testid=issue-decision]").click()
    symbol = page.locator("[data-testid=decision-symbol]").inner_text().strip()
    assert re.fullmatch(r"\d+/QĐ-QK2", symbol), symbol
    expect(page.locator("[data-testid=count-collectives]")).to_have_text("2")
    shot(page, "05-decision")
    with page.expect_download() as caught:
        page.locator("[data-testid=download-docx]").click()
    download = caught.value
    assert download.suggested_filename.endswith(".docx")
    document = Docx(io.BytesIO(Path(download.path()).read_bytes()))
    cells = " ".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert symbol in cells

    # The campaign's record and the awardee's unit page agree.
    awardee = page.locator("[data-testid=awardee-collectives] td a").first
    name, unit_url = awardee.inner_text().strip(), awardee.get_attribute("href")
    page.goto(campaign_url)
    after = counts(page)
    assert after["awarded-collectives"] == 28 and after["awarded-individuals"] == 28
    assert after["proposed-collectives"] == 3
    expect(page.locator("[data-testid=awarded-collective-list]")).to_contain_text(name)
    shot(page, "06-campaign-after")
    page.goto(base + unit_url)
    record = page.locator("[data-testid=award-record]")
    expect(record).to_contain_text(symbol)
    expect(record.locator("[data-testid=award-count]")).to_have_text("1")
    shot(page, "07-unit-record")
    assert not page.console_errors, page.console_errors
