"""Journey of a document corrected as people do (issue 10): Quân khu 2's tracking officer
drafts the minutes of the 2022 conference, downloads them as Word, edits the text there
(a line rewritten, a line added), uploads the file back, and reads the changes as the next
draft; then corrects the header and the secretary's name on the frame form, and the Word
file carries them. Assertions read test ids, states and the words typed in the test."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document as Docx
from playwright.sync_api import expect

from tongket.ui.tests.browser.test_journeys_reviews import signed_in

pytestmark = pytest.mark.browser

REWRITTEN = "Hội nghị thông qua báo cáo tổng kết và nghe 6 tham luận."
ADDED = "Bế mạc hội nghị lúc 11 giờ 30 cùng ngày."


def test_minutes_edited_in_word_come_back_as_the_next_draft(browser, server, tmp_path: Path):  # type: ignore[no-untyped-def]
    (meeting,) = server["query"](
        "select id from meetings_meeting where date = '2022-07-08' and format = 'hybrid'"
    )
    officer = signed_in(browser, server, "qk2.theodoi")
    officer.goto(f"{server['url']}/meetings/{meeting[0]}/")
    officer.click("[data-testid=render-menu]")
    officer.click("[data-testid=render-minutes]")
    officer.wait_for_url("**#doc-*")
    document = officer.url.rsplit("#doc-", 1)[1]
    officer.locator(f'#doc-{document} a[href="/documents/{document}/"]').click()
    expect(officer.locator("[data-testid=document-status]")).to_have_count(1)
    document_url = officer.url

    # Download the draft as Word, and edit it there.
    officer.click("[data-testid=downloads]")
    with officer.expect_download() as download:
        officer.click("[data-testid=download-docx]")
    original = tmp_path / "bien-ban.docx"
    download.value.save_as(original)
    docx = Docx(str(original))
    body = officer.locator("#s-noi-dung .doc-text p").first.inner_text().strip()
    paragraph = next(p for p in docx.paragraphs if p.text.strip() == body)
    for run in paragraph.runs[1:]:
        run._r.getparent().remove(run._r)
    paragraph.runs[0].text = REWRITTEN
    added = docx.add_paragraph(ADDED)
    paragraph._p.addnext(added._p)
    edited = tmp_path / "bien-ban-da-sua.docx"
    buffer = io.BytesIO()
    docx.save(buffer)
    edited.write_bytes(buffer.getvalue())

    # Upload it back: the next draft, and the changes shown line by line.
    officer.set_input_files("[data-testid=upload-form] input[type=file]", str(edited))
    officer.click("[data-testid=upload-docx]")
    officer.wait_for_url("**/changes/?old=1&new=2")
    diff = officer.locator("[data-testid=diff]")
    expect(diff.locator(".diff-added", has_text=REWRITTEN)).to_have_count(1)
    expect(diff.locator(".diff-added", has_text=ADDED)).to_have_count(1)
    expect(diff.locator(".diff-removed", has_text=body)).to_have_count(1)

    # The frame: the upper header line and the secretary's name.
    officer.goto(document_url)
    officer.click("[data-testid=correct-frame]")
    officer.fill("input[name=header_upper]", "Đảng bộ Quân đội")
    officer.fill("input[name=signer_0_name]", "Đại úy Lò Văn Tính")
    officer.click("[data-testid=save-frame]")
    officer.wait_for_url(document_url)
    officer.click("[data-testid=downloads]")
    with officer.expect_download() as download:
        officer.click("[data-testid=download-docx]")
    final = tmp_path / "bien-ban-moi.docx"
    download.value.save_as(final)
    docx = Docx(str(final))
    assert docx.tables[0].cell(0, 0).paragraphs[0].text == "ĐẢNG BỘ QUÂN ĐỘI"
    assert "Đại úy Lò Văn Tính" in docx.tables[-1].cell(0, 0).text
    texts = [p.text for p in docx.paragraphs]
    assert texts.index(REWRITTEN) + 1 == texts.index(ADDED)
    assert officer.console_errors == []
