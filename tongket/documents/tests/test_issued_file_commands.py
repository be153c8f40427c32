"""The stored files of issued documents from the command line: `store_issued_files` stores
the file of every issued document that has none (issued before files were stored), once;
`check_documents --stored` checks the files as issued, not fresh renders."""

from __future__ import annotations

import datetime
import hashlib
import io

import pytest
from django.core.management import CommandError, call_command
from docx import Document as Docx
from docx.shared import Mm

from tongket.core.scopes import SYSTEM
from tongket.documents import services
from tongket.documents.choices import DocumentKind
from tongket.documents.files import docx_of
from tongket.documents.models import IssuedFile
from tongket.documents.rendering import render_docx, renderer_version
from tongket.org.models import Unit

pytestmark = pytest.mark.django_db
D = datetime.date


def issued():  # type: ignore[no-untyped-def]
    document = services.document_create(
        by=SYSTEM,
        kind=DocumentKind.REPORT,
        issuer=Unit.objects.get(code="BCHQS-DL"),
        style="state",
        subject="kết quả công tác quân sự, quốc phòng",
        content=[{"key": "a", "heading": "Kết quả", "level": 0, "text": "Đoạn một."}],
        place="Đắk Lắk",
        recipients=["Quân khu 5"],
        signer_title="Chỉ huy trưởng",
    )
    return services.document_issue(by=SYSTEM, document=document, issued_on=D(2024, 3, 4))


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_store_issued_files_stores_a_missing_file_once():
    """Given an issued document whose stored file is gone, `--check` fails naming it and
    `--dry-run` stores nothing; the command stores its file as issuing would (its issued
    draft with its number, the renderer's version and digest); run again, it stores nothing
    and the file is the same row, byte for byte; `--check` then passes."""
    document = issued()
    IssuedFile.objects.filter(document=document).delete()
    out = io.StringIO()
    with pytest.raises(CommandError, match=r"^[1-9]\d* issued documents without a stored file"):
        call_command("store_issued_files", "--check", stdout=out)
    assert f"missing #{document.pk} " in out.getvalue()
    dry = run("store_issued_files", "--dry-run")
    assert f"would store #{document.pk} " in dry
    assert not IssuedFile.objects.filter(document=document).exists()

    first = run("store_issued_files")
    assert f"stored #{document.pk} " in first
    stored = IssuedFile.objects.get(document=document)
    data = bytes(stored.data)
    assert stored.draft == 1 and stored.renderer == renderer_version()
    assert stored.sha256 == hashlib.sha256(data).hexdigest()
    assert data == render_docx(document, document.versions.get(number=1).content, draft=1)
    assert docx_of(document) == data
    assert "Số: " + document.symbol in [p.text for p in _cells(data)]

    second = run("store_issued_files")
    assert "stored #" not in second and second.startswith("0 files stored")
    again = IssuedFile.objects.get(document=document)
    assert (again.pk, bytes(again.data), again.created_at) == (
        stored.pk,
        data,
        stored.created_at,
    )
    assert run("store_issued_files", "--check").startswith("0 issued documents without")


def _cells(data: bytes) -> list:  # type: ignore[type-arg]
    docx = Docx(io.BytesIO(data))
    return [p for t in docx.tables for row in t.rows for c in row.cells for p in c.paragraphs]


def test_check_documents_stored_checks_the_files_as_issued():
    """Given an issued document, `check_documents --stored` checks its stored file and
    passes; when the stored file is not as the rules want (a 10 mm left margin), `--stored`
    fails on that document while a fresh render still passes; without a stored file it is
    reported as missing."""
    document = issued()
    out = run("check_documents", "--stored", "--kind", DocumentKind.REPORT)
    assert f"ok   #{document.pk} " in out and "stored files checked, 0 failed" in out

    stored = IssuedFile.objects.get(document=document)
    docx = Docx(io.BytesIO(bytes(stored.data)))
    docx.sections[0].left_margin = Mm(10)
    buffer = io.BytesIO()
    docx.save(buffer)
    stored.data = buffer.getvalue()
    stored.save()
    out = io.StringIO()
    with pytest.raises(CommandError, match=r"stored files checked, [1-9]"):
        call_command("check_documents", "--stored", "--kind", DocumentKind.REPORT, stdout=out)
    report = out.getvalue().splitlines()
    failing = report.index(
        next(line for line in report if line.startswith(f"FAIL #{document.pk} "))
    )
    assert "margin_left" in report[failing + 1]
    fresh = run("check_documents", "--kind", DocumentKind.REPORT)
    assert f"ok   #{document.pk} " in fresh

    stored.delete()
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("check_documents", "--stored", "--kind", DocumentKind.REPORT, stdout=out)
    lines = out.getvalue().splitlines()
    at = lines.index(next(line for line in lines if line.startswith(f"FAIL #{document.pk} ")))
    assert "no stored file" in lines[at + 1]
