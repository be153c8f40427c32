"""Which renderer a document's Word file comes from (`documents.files`).

Drafts are never stored: every download, PDF and job renders them on request with the
current renderer, so a draft made before a renderer change comes out as the renderer writes
today (its DOCX says which renderer in its `version` core property). An issued document is a
record: issuing stores its file with the renderer's version and that file is served from then
on, whatever the renderer or the format profile's rules become; recording a number signed on
paper stores it too."""

from __future__ import annotations

import datetime
import io

import pytest
from docx import Document as Docx

from tongket.core.scopes import SYSTEM
from tongket.documents import correction, services
from tongket.documents.choices import DocumentKind
from tongket.documents.files import docx_of
from tongket.documents.models import IssuedFile
from tongket.documents.rendering import render_docx, renderer_version
from tongket.documents.rendering import version as rendering_version
from tongket.org.models import Unit

pytestmark = pytest.mark.django_db
D = datetime.date


def made_by(data: bytes) -> str:
    return Docx(io.BytesIO(data)).core_properties.version


def draft(unit: str = "BCHQS-DL", style: str = "state"):  # type: ignore[no-untyped-def]
    return services.document_create(
        by=SYSTEM,
        kind=DocumentKind.REPORT,
        issuer=Unit.objects.get(code=unit),
        style=style,
        subject="kết quả công tác quân sự, quốc phòng",
        content=[{"key": "a", "heading": "Kết quả", "level": 0, "text": "Đoạn một."}],
        place="Đắk Lắk",
        recipients=["Quân khu 5"],
        signer_title="Chỉ huy trưởng",
    )


def test_every_file_names_the_renderer_that_made_it():
    """A rendered DOCX carries the current renderer's version (a number and the digest of
    the rendering code)."""
    document = draft()
    data = docx_of(document)
    assert made_by(data) == renderer_version() == rendering_version.RENDERER_VERSION
    assert made_by(data).split("+")[0] == rendering_version.NUMBER


def test_a_draft_made_before_a_renderer_change_renders_with_the_current_renderer(monkeypatch):
    """Given a draft saved under renderer "old", when the renderer changes (version "new",
    and what it writes), then the draft's file is rendered by the new one: nothing of the
    draft was stored."""
    monkeypatch.setattr(rendering_version, "RENDERER_VERSION", "old")
    document = draft()
    before = docx_of(document)
    assert made_by(before) == "old"
    monkeypatch.setattr(rendering_version, "RENDERER_VERSION", "new")
    profile = document.profile
    profile.rules = {**profile.rules, "page": {**profile.rules["page"], "margin_left_mm": 35}}
    profile.save()
    document.refresh_from_db()
    after = docx_of(document)
    assert made_by(after) == "new"
    assert round(Docx(io.BytesIO(after)).sections[0].left_margin.mm) == 35
    assert not IssuedFile.objects.filter(document=document).exists()


def test_an_issued_document_keeps_the_file_it_was_issued_with(monkeypatch):
    """Given a document issued under renderer "old", when the renderer and the profile's
    margins change, then its file is the stored one, byte for byte (renderer "old", the old
    margin), while rendering it again would give the new; its draft is the issued one."""
    monkeypatch.setattr(rendering_version, "RENDERER_VERSION", "old")
    document = services.document_issue(by=SYSTEM, document=draft(), issued_on=D(2024, 3, 4))
    stored = IssuedFile.objects.get(document=document)
    assert stored.renderer == "old" and stored.draft == 1 and len(stored.sha256) == 64
    monkeypatch.setattr(rendering_version, "RENDERER_VERSION", "new")
    profile = document.profile
    profile.rules = {**profile.rules, "page": {**profile.rules["page"], "margin_left_mm": 35}}
    profile.save()
    document.refresh_from_db()
    served = docx_of(document)
    assert served == bytes(stored.data) and made_by(served) == "old"
    assert round(Docx(io.BytesIO(served)).sections[0].left_margin.mm) == 30
    assert "Số: 01/BC-" in "\n".join(
        cell.text for row in Docx(io.BytesIO(served)).tables[0].rows for cell in row.cells
    )
    fresh = render_docx(document, services.current_version(document).content)
    assert made_by(fresh) == "new" and fresh != served


def test_recording_a_number_signed_on_paper_stores_the_file_too():
    """Given a draft signed on paper, when its number and date are recorded, then its file
    is stored with that number, as issuing would."""
    document = draft()
    document = correction.issued_apply(
        by=SYSTEM, document=document, version=document.version, number=12, issued_on=D(2024, 5, 6)
    )
    stored = IssuedFile.objects.get(document=document)
    cells = "\n".join(
        cell.text
        for row in Docx(io.BytesIO(bytes(stored.data))).tables[0].rows
        for cell in row.cells
    )
    assert "Số: 12/BC-" in cells and "ngày 06 tháng 5 năm 2024" in cells
    assert docx_of(document) == bytes(stored.data)


def test_a_document_issued_before_files_were_stored_is_rendered_like_a_draft():
    """An issued document without a stored file (issued before this existed) still
    downloads: rendered now."""
    document = services.document_issue(by=SYSTEM, document=draft(), issued_on=D(2024, 3, 4))
    IssuedFile.objects.filter(document=document).delete()
    assert made_by(docx_of(document)) == renderer_version()


def test_a_mark_raised_after_issue_is_stamped_on_the_stored_file(monkeypatch):
    """Given a document issued unclassified, when it is marked secret afterwards, then its
    stored file is served with "TỐI MẬT" under the number line (as a paper copy is
    re-marked), still the file of the renderer it was issued with, and it passes the
    checker; lifted again, the stamp goes."""
    from tongket.documents.checker import check_docx, expectation_for
    from tongket.documents.models import Document

    monkeypatch.setattr(rendering_version, "RENDERER_VERSION", "old")
    document = services.document_issue(by=SYSTEM, document=draft(), issued_on=D(2024, 3, 4))
    stored = bytes(IssuedFile.objects.get(document=document).data)
    Document.objects.filter(pk=document.pk).update(classification="secret")
    document.refresh_from_db()
    served = docx_of(document)
    assert made_by(served) == "old"
    number_cell = Docx(io.BytesIO(served)).tables[0].cell(1, 0)
    assert [p.text for p in number_cell.paragraphs][1:] == ["TỐI MẬT"]
    content = services.current_version(document).content
    expect = expectation_for(document, content)
    assert check_docx(served, rules=document.profile.rules, style="state", expect=expect) == []
    Document.objects.filter(pk=document.pk).update(classification="none")
    document.refresh_from_db()
    assert docx_of(document) == stored


def test_the_same_document_renders_to_the_same_bytes_at_any_time():
    """Every part of a rendered file is dated zip's first day, not the second it was written:
    the same draft rendered twice is the same file, byte for byte, however far apart."""
    import zipfile

    from tongket.documents.rendering.renderer import ZIP_EPOCH

    document = draft()
    content = document.versions.get(number=1).content
    data = render_docx(document, content, draft=1)
    dates = {info.date_time for info in zipfile.ZipFile(io.BytesIO(data)).infolist()}
    assert dates == {ZIP_EPOCH}
    assert render_docx(document, content, draft=1) == data
    assert Docx(io.BytesIO(data)).paragraphs  # still a Word file
