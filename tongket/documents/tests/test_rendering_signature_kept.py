"""The signature block never sits alone on the last page: in every document the demo renders
(every kind that has a signature block, both formats, as `check_documents` renders them),
the signature table's rows never split, two signers stay with the recipients under them, and
the end of the body is kept with the signature: every paragraph from the last one with text
down to the signature (the blank line under a table included) has "keep with next", and
when the body ends with a table, every paragraph of its last row has it."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from lxml import etree

from tongket.documents.choices import DocumentKind

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "sqlite", reason="rendering does not depend on the database"
    ),
]
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def _keeps(paragraph: etree._Element) -> bool:
    element = paragraph.find("w:pPr/w:keepNext", NS)
    return element is not None and element.get(f"{{{W}}}val", "true") not in ("0", "false")


def _text(element: etree._Element) -> str:
    return "".join(element.itertext()).strip()


def problems(data: bytes) -> list[str]:
    """What lets the signature block leave the end of the body, in one DOCX."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        body = etree.fromstring(archive.read("word/document.xml")).find("w:body", NS)
    tables = [t for t in body.findall("w:tbl", NS) if "Nơi nhận" in _text(t)]
    if not tables:
        return ["no signature table"]
    signature = tables[0]
    found = []
    rows = signature.findall("w:tr", NS)
    if any(row.find("w:trPr/w:cantSplit", NS) is None for row in rows):
        found.append("a signature row may split")
    for row in rows[:-1]:
        if not all(_keeps(p) for p in row.iter(f"{{{W}}}p")):
            found.append("the signers are not kept with the recipients")
    element = signature.getprevious()
    walked = 0
    while element is not None:
        walked += 1
        if element.tag == f"{{{W}}}tbl":
            last = element.findall("w:tr", NS)[-1]
            if not all(_keeps(p) for p in last.iter(f"{{{W}}}p")):
                found.append(f"the body's last table row is not kept with the signature ({walked})")
            break
        if element.tag == f"{{{W}}}p":
            if not _keeps(element):
                found.append(f"“{_text(element)[:30]}” is not kept with the signature ({walked})")
            if _text(element):
                break
        element = element.getprevious()
    if not walked:
        found.append("nothing before the signature")
    return found


def test_every_documents_signature_is_kept_with_the_end_of_its_body(tmp_path: Path):
    """Given the demo, when `check_documents` renders every document (dossiers ending with a
    data table, minutes with two signers, decisions with an annex after the signature…),
    then in each the signature cannot be pushed alone onto a page of its own."""
    call_command("check_documents", save=str(tmp_path), stdout=io.StringIO())
    files = sorted(tmp_path.glob("*.docx"))
    kinds = {path.stem.split("-", 1)[1].rsplit("-", 1)[0] for path in files}
    assert kinds >= {DocumentKind.REVIEW_REPORT, DocumentKind.MINUTES, DocumentKind.AWARD_DECISION}
    failures = {path.name: problems(path.read_bytes()) for path in files}
    assert not {name: found for name, found in failures.items() if found}
