"""Correcting a document: the frame on a form, the number and date of a document issued on
paper, and the Word file edited by a person and uploaded back as a new draft."""

from __future__ import annotations

import copy
import datetime
import io
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from docx import Document as Docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from tongket.core.errors import Conflict, DomainError, NotFound
from tongket.documents import correction
from tongket.documents.checker import assert_document_passes
from tongket.documents.models import Document, NumberRegistry
from tongket.documents.rendering import render_docx
from tongket.documents.selectors import version_diff
from tongket.documents.services import current_version
from tongket.meetings.models import Meeting
from tongket.meetings.services import meeting_render

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def minutes(users: dict[str, Any]) -> Document:
    meeting = Meeting.objects.get(title__contains="623", format="hybrid")
    return meeting_render(by=users["qk2.theodoi"], meeting=meeting, kind="minutes")


def _block(document: Document, key: str) -> dict[str, Any]:
    return next(b for b in current_version(document).content if b.get("key") == key)


def _lines(block: dict[str, Any]) -> list[str]:
    return [line.strip() for line in block["text"].split("\n") if line.strip()]


def _paragraph(docx: Any, text: str) -> Any:
    return next(p for p in docx.paragraphs if p.text.strip() == text)


def _set(paragraph: Any, text: str) -> None:
    for run in paragraph.runs[1:]:
        run._r.getparent().remove(run._r)
    paragraph.runs[0].text = text


def _add_after(paragraph: Any, text: str) -> None:
    new = copy.deepcopy(paragraph._p)
    paragraph._p.addnext(new)
    for t in new.iter(qn("w:t")):
        t.text = ""
    next(new.iter(qn("w:t"))).text = text


def _bytes(docx: Any) -> bytes:
    buffer = io.BytesIO()
    docx.save(buffer)
    return buffer.getvalue()


def _upload(data: bytes, name: str = "bien-ban-da-sua.docx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def _downloaded(document: Document) -> Any:
    version = current_version(document)
    return Docx(io.BytesIO(render_docx(document, version.content, draft=version.number)))


def test_an_edited_word_file_becomes_the_next_draft_with_only_its_changes(minutes, users):
    # Given the minutes as downloaded, edited in Word: a line of the composition removed and
    # one added, the content section rewritten and its heading changed
    officer = users["qk2.theodoi"]
    composition = _lines(_block(minutes, "thanh-phan"))
    untouched = _block(minutes, "thoi-gian")
    docx = _downloaded(minutes)
    removed, kept = composition[-1], composition[0]
    _paragraph(docx, removed)._p.getparent().remove(_paragraph(docx, removed)._p)
    _add_after(_paragraph(docx, kept), "Dự hội nghị còn có đại diện Tỉnh ủy Lào Cai.")
    content = _lines(_block(minutes, "noi-dung"))[0]
    _set(_paragraph(docx, content), "Thông qua báo cáo tổng kết; nghe 6 tham luận.")
    heading = next(p for p in docx.paragraphs if p.text.endswith("NỘI DUNG"))
    _set(heading, heading.text.replace("NỘI DUNG", "NỘI DUNG HỘI NGHỊ"))

    # When it is uploaded back
    saved, result = correction.upload_save(
        by=officer, document=minutes, upload=_upload(_bytes(docx)), version=minutes.version
    )

    # Then draft 2 holds exactly those changes, marked as written by a person
    assert saved is not None and saved.number == 2
    assert result.changed == ["thanh-phan", "noi-dung"]
    assert result.ignored == []
    assert _block(minutes, "thoi-gian") == untouched
    lines = _lines(_block(minutes, "thanh-phan"))
    assert removed not in lines
    assert lines[:2] == [kept, "Dự hội nghị còn có đại diện Tỉnh ủy Lào Cai."]
    assert _block(minutes, "noi-dung")["heading"] == "NỘI DUNG HỘI NGHỊ"
    assert _lines(_block(minutes, "noi-dung")) == ["Thông qua báo cáo tổng kết; nghe 6 tham luận."]
    assert _block(minutes, "noi-dung")["edited"] is True
    assert "bien-ban-da-sua.docx" in saved.note
    # And the diff between the drafts shows them, line by line
    old = minutes.versions.get(number=1)
    sections = {s["key"]: s for s in version_diff(old=old, new=saved)}
    assert set(sections) >= {"thanh-phan", "noi-dung"}
    kinds = {(line["kind"], line["text"]) for line in sections["thanh-phan"]["lines"]}
    assert ("removed", removed) in kinds
    assert ("added", "Dự hội nghị còn có đại diện Tỉnh ủy Lào Cai.") in kinds
    # And the new draft still renders as a document that passes the rules
    assert_document_passes(minutes, saved.content)


def test_an_unchanged_file_makes_no_draft(minutes, users):
    data = _bytes(_downloaded(minutes))
    saved, result = correction.upload_save(
        by=users["qk2.theodoi"], document=minutes, upload=_upload(data), version=minutes.version
    )
    assert saved is None and result.changed == []
    assert minutes.versions.count() == 1


def test_tracked_changes_are_read_as_accepted(minutes, users):
    docx = _downloaded(minutes)
    line = _lines(_block(minutes, "noi-dung"))[0]
    paragraph = _paragraph(docx, line)
    inserted = OxmlElement("w:ins")
    inserted.set(qn("w:id"), "1")
    inserted.set(qn("w:author"), "Trợ lý")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.set(qn("xml:space"), "preserve")
    text.text = " Đã bổ sung."
    run.append(text)
    inserted.append(run)
    deleted = OxmlElement("w:del")
    deleted.set(qn("w:id"), "2")
    deleted.set(qn("w:author"), "Trợ lý")
    gone = OxmlElement("w:r")
    gone_text = OxmlElement("w:delText")
    gone_text.text = " (bỏ)"
    gone.append(gone_text)
    deleted.append(gone)
    paragraph._p.append(inserted)
    paragraph._p.append(deleted)
    saved, _result = correction.upload_save(
        by=users["qk2.theodoi"],
        document=minutes,
        upload=_upload(_bytes(docx)),
        version=minutes.version,
    )
    assert saved is not None
    assert _lines(_block(minutes, "noi-dung"))[0] == line + " Đã bổ sung."


def test_changes_to_the_header_and_signature_in_the_file_are_named_not_taken(minutes, users):
    docx = _downloaded(minutes)
    header, signature = docx.tables[0], docx.tables[-1]
    header.cell(0, 0).paragraphs[0].runs[0].text = "BỘ QUỐC PHÒNG"
    names = [p for p in signature.cell(0, 0).paragraphs if p.text.strip()]
    names[-1].runs[0].text = "Đại úy Lê Văn Khác"
    line = _lines(_block(minutes, "noi-dung"))[0]
    _set(_paragraph(docx, line), line + " Bế mạc lúc 11 giờ.")
    with translation.override("en"):
        saved, result = correction.upload_save(
            by=users["qk2.theodoi"],
            document=minutes,
            upload=_upload(_bytes(docx)),
            version=minutes.version,
        )
    assert saved is not None and result.changed == ["noi-dung"]
    assert len(result.ignored) == 2
    assert any("header" in message for message in result.ignored)
    assert any("signature" in message for message in result.ignored)
    signers = next(b["signers"] for b in saved.content if b.get("signers"))
    assert "Lê Văn Khác" not in str(signers)


def test_a_file_made_from_an_older_draft_is_refused_not_merged(minutes, users):
    officer = users["qk2.theodoi"]
    old_file = _downloaded(minutes)
    content = current_version(minutes).content
    correction.text_correct(
        by=officer,
        document=minutes,
        content=correction.section_replace(content, "noi-dung", "Nội dung đã sửa trên trang."),
        version=minutes.version,
    )
    minutes.refresh_from_db()
    line = _lines(_block(minutes, "thoi-gian"))[0]
    _set(_paragraph(old_file, line), "Sửa trên bản cũ.")
    with pytest.raises(Conflict) as error:
        correction.upload_save(
            by=officer, document=minutes, upload=_upload(_bytes(old_file)), version=minutes.version
        )
    assert error.value.field == "file"
    assert minutes.versions.count() == 2


def test_a_file_of_another_document_or_not_a_word_file_is_refused(minutes, users):
    officer = users["qk2.theodoi"]
    meeting = Meeting.objects.get(title__contains="623", format="hybrid")
    notice_meeting = minutes  # the same meeting's other document
    other = meeting_render(by=officer, meeting=meeting, kind="invitation")
    with pytest.raises(DomainError) as error:
        correction.upload_save(
            by=officer,
            document=notice_meeting,
            upload=_upload(_bytes(_downloaded(other))),
            version=notice_meeting.version,
        )
    assert error.value.field == "file"
    with pytest.raises(DomainError) as error:
        correction.upload_save(
            by=officer,
            document=minutes,
            upload=_upload(b"%PDF-1.4 not a word file", "bien-ban.docx"),
            version=minutes.version,
        )
    assert error.value.field == "file"
    assert minutes.versions.count() == 1


def test_only_the_host_corrects_its_minutes(minutes, users):
    data = _bytes(_downloaded(minutes))
    with pytest.raises(NotFound):
        correction.upload_save(
            by=users["daklak.theodoi"], document=minutes, upload=_upload(data), version=1
        )
    with pytest.raises(PermissionDenied):
        correction.frame_correct(
            by=users["qk2.baocao"], document=minutes, version=minutes.version, place="Yên Bái"
        )


def test_the_frame_is_corrected_with_the_version_and_shows_in_the_file(minutes, users):
    officer = users["qk2.theodoi"]
    with pytest.raises(DomainError) as error:
        correction.frame_correct(by=officer, document=minutes, version=None, place="Yên Bái")
    assert error.value.field == "version"
    with pytest.raises(Conflict):
        correction.frame_correct(
            by=officer, document=minutes, version=minutes.version - 1, place="Yên Bái"
        )
    corrected = correction.frame_correct(
        by=officer,
        document=minutes,
        version=minutes.version,
        header_upper="Đảng bộ Quân đội",
        header_issuer="Đảng ủy Quân khu 2",
        place="Yên Bái",
        recipients="- Thường vụ Đảng ủy Quân khu;\n- Các đại biểu dự hội nghị;\n\n",
        signers=[
            {"title": "Thư ký", "name": "Đại úy Lò Văn Tính"},
            {"title": "Chủ trì", "name": "Trung tướng Nguyễn Hữu V"},
        ],
    )
    assert corrected.recipients == ["Thường vụ Đảng ủy Quân khu", "Các đại biểu dự hội nghị"]
    docx = _downloaded(corrected)
    header = docx.tables[0].cell(0, 0).text
    assert "ĐẢNG BỘ QUÂN ĐỘI" in header and "ĐẢNG ỦY QUÂN KHU 2" in header
    assert docx.tables[0].cell(1, 1).text.startswith("Yên Bái,")
    assert "Đại úy Lò Văn Tính" in docx.tables[-1].cell(0, 0).text
    assert current_version(corrected).number == 2
    assert_document_passes(corrected, current_version(corrected).content)


def test_a_signer_authority_needs_the_body_it_signs_for(minutes, users):
    with pytest.raises(DomainError) as error:
        correction.frame_correct(
            by=users["qk2.theodoi"],
            document=minutes,
            version=minutes.version,
            authority="on_behalf",
            authority_body="",
        )
    assert error.value.field == "authority_body"


def test_a_document_issued_on_paper_is_recorded_with_its_number_and_date(minutes, users):
    officer = users["qk2.theodoi"]
    recorded = correction.record_issued(
        by=officer, document=minutes, version=minutes.version, number=15, issued_on=D(2022, 7, 8)
    )
    assert recorded.is_issued and recorded.number == 15 and recorded.issued_on == D(2022, 7, 8)
    assert recorded.symbol.startswith("15-BB/")
    registry = NumberRegistry.objects.get(
        issuer=recorded.issuer, type_code="BB", period_key=recorded.period_key
    )
    assert registry.last_number >= 15
    # An issued document no longer changes
    with pytest.raises(DomainError):
        correction.frame_correct(
            by=officer, document=recorded, version=recorded.version, place="Hà Nội"
        )
    # The same number cannot be given twice in the same term
    meeting = Meeting.objects.get(title__contains="623", format="hybrid")
    second = meeting_render(by=officer, meeting=meeting, kind="minutes")
    with pytest.raises(DomainError) as error:
        correction.record_issued(
            by=officer, document=second, version=second.version, number=15, issued_on=D(2022, 7, 9)
        )
    assert error.value.field == "number"
    with pytest.raises(DomainError) as error:
        correction.record_issued(
            by=officer,
            document=second,
            version=second.version,
            number=16,
            issued_on=datetime.date.today() + datetime.timedelta(days=2),
        )
    assert error.value.field == "issued_on"


@pytest.mark.skipif(
    not (shutil.which("soffice") or shutil.which("libreoffice")), reason="LibreOffice"
)
def test_a_file_saved_again_by_another_word_processor_is_read_the_same(minutes, users):
    """LibreOffice rewrites the whole file (runs, styles, properties): the sections are
    still found, and only the edited one changes."""
    docx = _downloaded(minutes)
    line = _lines(_block(minutes, "noi-dung"))[0]
    _set(_paragraph(docx, line), "Nội dung viết lại trong trình soạn thảo khác.")
    binary = shutil.which("soffice") or shutil.which("libreoffice")
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "in" / "bien-ban.docx"
        source.parent.mkdir()
        source.write_bytes(_bytes(docx))
        subprocess.run(
            [
                str(binary),
                f"-env:UserInstallation=file://{folder}/profile",
                "--headless",
                "--convert-to",
                "docx:MS Word 2007 XML",
                "--outdir",
                folder,
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        data = (Path(folder) / "bien-ban.docx").read_bytes()
    saved, result = correction.upload_save(
        by=users["qk2.theodoi"], document=minutes, upload=_upload(data), version=minutes.version
    )
    assert saved is not None
    assert result.changed == ["noi-dung"]
    assert _lines(_block(minutes, "noi-dung")) == ["Nội dung viết lại trong trình soạn thảo khác."]
