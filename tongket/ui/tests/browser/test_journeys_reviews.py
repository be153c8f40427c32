"""Journey of a review (issue 5), on the demo: Quân khu 2's ten-year review of Resolution 623
is drafting. The standing agency's tracking officer drafts the dossier from the data and
opens the consultation; two members comment (the standing deputy head of the steering
committee and a member of the drafting team); the drafting team answers and edits a section
(a new draft, whose changes read as a diff); the dossier is appraised and submitted; the
conference of 08/07/2022 adopts it; the new resolution is issued and supersedes 623; the
review report downloads as a Word file. Assertions read states and test ids, not words."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tongket.ui.tests.browser.conftest import PASSWORD

pytestmark = pytest.mark.browser

TITLE = "Tổng kết 10 năm thực hiện Nghị quyết 623-NQ/QUTW trong Đảng bộ Quân khu 2"


def signed_in(browser, server, username: str):  # type: ignore[no-untyped-def]
    context = browser.new_context(
        viewport={"width": 1366, "height": 768}, locale="vi-VN", accept_downloads=True
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    # Every workflow button asks for confirmation: say yes.
    page.on("dialog", lambda dialog: dialog.accept())
    page.console_errors = errors
    page.goto(server["url"] + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(server["url"] + "/")
    return page


def open_campaign(page) -> None:  # type: ignore[no-untyped-def]
    page.click(".app-nav a[href='/campaigns/']")
    page.get_by_role("link", name=TITLE).click()
    expect(page.locator("[data-testid=workflow]")).to_be_visible()


def state(page) -> str:  # type: ignore[no-untyped-def]
    return page.locator("h1 ~ .sub [data-testid=campaign-state]").first.get_attribute("data-state")


def comment(page, section: str, text: str, required: bool = False) -> None:  # type: ignore[no-untyped-def]
    block = page.locator(f"#s-{section}")
    block.locator("[data-testid=comment-toggle]").click()
    # The form slides open; a click while it is still sliding lands on the section around it.
    expect(block.locator(".collapse.show [data-testid=comment-form]")).to_be_visible()
    form = block.locator("[data-testid=comment-form]")
    form.locator("textarea[name=text]").fill(text)
    if required:
        form.locator("input[name=required]").check()
    form.locator("[data-testid=send-comment]").click()
    expect(page.locator(f"#s-{section} [data-testid=comment][data-status=open]")).to_have_count(1)


def test_review_from_draft_to_new_resolution(browser, server):  # type: ignore[no-untyped-def]
    # 1. The standing agency drafts the dossier from the data and opens the consultation.
    officer = signed_in(browser, server, "qk2.theodoi")
    open_campaign(officer)
    campaign_url = officer.url
    assert state(officer) == "drafting"
    officer.click("[data-testid=synthesize]")
    expect(officer.locator("[data-testid=dossier] tbody tr")).to_have_count(3)
    officer.click("[data-testid=consult]")
    expect(officer.locator("[data-testid=consult]")).to_have_count(0)
    assert state(officer) == "consultation"
    report_url = officer.locator("[data-testid=dossier-report]").get_attribute("href")

    # 2. Two members comment on the draft review report.
    deputy = signed_in(browser, server, "qk2.duyet")
    deputy.goto(server["url"] + report_url)
    comment(deputy, "ket-qua-chi-tieu", "Bổ sung so sánh với giai đoạn 2008-2012.", required=True)
    member = signed_in(browser, server, "qk2.baocao")
    member.goto(server["url"] + report_url)
    comment(member, "bai-hoc", "Nêu rõ bài học về công tác bảo đảm hậu cần tại chỗ.")

    # 3. The drafting team answers both and edits a section: draft 2, its changes read.
    officer.goto(server["url"] + report_url)
    for section, decision, reply in (
        ("ket-qua-chi-tieu", "accepted", "Tiếp thu, bổ sung vào mục 3."),
        ("bai-hoc", "rejected", "Đã nêu ở mục 5, giữ nguyên."),
    ):
        form = officer.locator(f"#s-{section} [data-testid=answer-form]")
        form.locator("select").select_option(decision)
        form.locator("textarea").fill(reply)
        form.locator("[data-testid=answer]").click()
        expect(
            officer.locator(f"#s-{section} [data-testid=comment][data-status={decision}]")
        ).to_have_count(1)
    officer.locator("#s-bai-hoc [data-testid=edit-section]").click()
    officer.fill("#id_text", "Phát huy vai trò bảo đảm hậu cần tại chỗ của các đơn vị.")
    officer.click("[data-testid=save-section]")
    expect(officer.locator("[data-testid=versions] li")).to_have_count(2)
    officer.click("[data-testid=compare]")
    expect(officer.locator("[data-testid=diff] .diff-added")).not_to_have_count(0)

    # 4. Appraisal by the appraisal unit, then submission.
    officer.goto(campaign_url)
    officer.click("[data-testid=request-appraisal]")
    expect(officer.locator("[data-testid=appraise]")).to_be_visible()
    assert state(officer) == "appraisal"
    officer.click("[data-testid=appraise]")
    officer.fill("#id_appraise-opinion", "Đồng ý với hồ sơ dự thảo, đề nghị trình hội nghị.")
    officer.fill("#id_appraise-on", "28/06/2022")
    officer.click("[data-testid=appraise-confirm]")
    officer.click("[data-testid=submit]")
    officer.fill("#id_submit-on", "01/07/2022")
    officer.click("[data-testid=submit-confirm]")
    expect(officer.locator("[data-testid=submit]")).to_have_count(0)
    assert state(officer) == "submitted"
    # The officer does not adopt: that step is the head's or the leaders'.
    expect(officer.locator("[data-testid=adopt]")).to_have_count(0)

    # 5. The conference of 08/07/2022 adopts the dossier.
    deputy.goto(campaign_url)
    deputy.click("[data-testid=adopt]")
    conference = deputy.locator(
        "#id_adopt-meeting option", has_text="Sáng 08/07/2022 – Hội nghị tổng kết"
    )
    deputy.select_option("#id_adopt-meeting", value=conference.get_attribute("value"))
    deputy.click("[data-testid=adopt-confirm]")
    expect(deputy.locator("[data-testid=adopt]")).to_have_count(0)
    assert state(deputy) == "adopted"
    expect(deputy.locator("[data-testid=issue]")).to_have_count(0)

    # 6. The reviewing body issues the new resolution: it supersedes 623.
    officer.goto(campaign_url)
    officer.click("[data-testid=issue]")
    officer.click("[data-testid=issue-confirm]")
    new = officer.locator("[data-testid=new-resolution]")
    expect(new).to_be_visible()
    assert state(officer) == "issued"
    symbol = new.inner_text().strip()
    new.click()
    expect(officer.locator("h1")).to_contain_text(symbol)
    expect(officer.locator("body")).to_contain_text("623-NQ/QUTW")

    # 7. The review report downloads as a Word file.
    officer.goto(server["url"] + report_url)
    officer.click("[data-testid=downloads]")
    with officer.expect_download() as download:
        officer.click("[data-testid=download-docx]")
    path = download.value.path()
    with open(path, "rb") as handle:
        assert handle.read(2) == b"PK"
    assert download.value.suggested_filename.endswith(".docx")
    for page in (officer, deputy, member):
        assert not page.console_errors, page.console_errors
