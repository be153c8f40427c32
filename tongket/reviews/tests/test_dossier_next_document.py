"""What a review drafts for the next phase follows the reviewed document's kind: a plan's
review drafts the next plan ("KẾ HOẠCH", "thực hiện Nghị quyết 623… giai đoạn …"), a
resolution's the next resolution, a directive's a resolution; the subject is the followed
document's without its kind's name and with the next phase's horizon; issuing registers the
new document as that kind. And the dossier's tables give an indicator's code ("QK2-HC01") a
column wide enough to hold it on one line."""

from __future__ import annotations

import datetime
import io
import re
import zipfile

import pytest
from docx import Document as Docx
from lxml import etree

from tongket.core.scopes import SYSTEM
from tongket.documents.checker import assert_document_passes
from tongket.documents.choices import DocumentKind
from tongket.documents.rendering import render_docx
from tongket.documents.services import current_version
from tongket.resolutions.choices import ResolutionKind
from tongket.resolutions.models import Resolution
from tongket.reviews import services
from tongket.reviews.choices import DossierRole
from tongket.reviews.models import ReviewCampaign
from tongket.reviews.tests.test_dossier_signature_outline import open_review
from tongket.reviews.wording import next_document_kind, next_kind, next_subject

pytestmark = pytest.mark.django_db
D = datetime.date
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
# Advance widths of Times New Roman (regular), thousandths of an em, of the characters the
# demo's codes use; Word's "Table Grid" leaves 0.19 cm inside each side of a cell.
TIMES = {"Q": 722, "K": 722, "H": 722, "C": 667, "-": 333} | dict.fromkeys("0123456789", 500)
CELL_MARGINS_CM = 0.38


def texts(data: bytes) -> list[str]:
    docx = Docx(io.BytesIO(data))
    return [p.text.strip() for p in docx.paragraphs if p.text.strip()]


def unsaved(kind: str, subject: str, next_from: int = 2026, next_to: int = 2030) -> ReviewCampaign:
    return ReviewCampaign(
        resolution=Resolution(kind=kind, subject=subject),
        next_from=next_from,
        next_to=next_to,
    )


def test_a_plan_review_drafts_the_next_plan_and_issues_it_as_a_plan():
    """Given a review of Quân khu 2's plan 15/KH-BTL ("Kế hoạch thực hiện Nghị quyết 623…
    giai đoạn 2013-2020"), when its dossier is drafted, then the document for the next phase
    is a plan titled "KẾ HOẠCH" (type code KH) whose subject names what it carries out and
    the next phase, never "Nghị quyết" as its kind nor "Kế hoạch" twice; the submission
    proposes "Dự thảo Kế hoạch"; the draft passes the format checker; and once adopted and
    issued, the new record is a plan that implements 623's plan's line."""
    campaign = open_review("QK2", "15/KH-BTL", with_appraisal=False)
    dossier = services.campaign_synthesize(by=SYSTEM, campaign=campaign)
    draft = dossier[DossierRole.DRAFT_RESOLUTION]
    assert draft.kind == DocumentKind.PLAN
    assert draft.title == "KẾ HOẠCH" and draft.type_code == "KH"
    expected = (
        "thực hiện Nghị quyết 623-NQ/QUTW về công tác hậu cần Quân khu 2 giai đoạn "
        f"{campaign.next_from}-{campaign.next_to}"
    )
    assert draft.subject == expected
    lines = texts(assert_document_passes(draft))
    assert "KẾ HOẠCH" in lines and "NGHỊ QUYẾT" not in lines
    assert expected[:1].upper() + expected[1:] in lines  # the State format's capital
    submission = dossier[DossierRole.SUBMISSION]
    assert "Dự thảo Kế hoạch giai đoạn" in submission.subject
    proposal = next(b for b in current_version(submission).content if b["key"] == "noi-dung")
    assert "Dự thảo Kế hoạch giai đoạn" in proposal["text"]
    assert "Nghị quyết" not in proposal["text"]
    services.campaign_submit(by=SYSTEM, campaign=campaign, on=D(2016, 6, 1))
    services.campaign_adopt(by=SYSTEM, campaign=campaign, on=D(2016, 6, 10))
    new = services.campaign_issue(by=SYSTEM, campaign=campaign, issued_on=D(2016, 6, 20))
    assert new.kind == ResolutionKind.PLAN
    assert "/KH-" in new.symbol and new.subject == expected


def test_a_resolution_review_drafts_the_next_resolution():
    """Given a review of resolution 765-NQ/QUTW ("về nâng cao chất lượng huấn luyện giai
    đoạn 2013-2020 và những năm tiếp theo"), the draft is a resolution "NGHỊ QUYẾT" about the
    same matter for the next phase, the old horizon gone."""
    campaign = open_review("DU-QK2", "765-NQ/QUTW")
    dossier = services.campaign_synthesize(by=SYSTEM, campaign=campaign)
    draft = dossier[DossierRole.DRAFT_RESOLUTION]
    assert draft.kind == DocumentKind.DRAFT_RESOLUTION and draft.title == "NGHỊ QUYẾT"
    assert draft.subject == (
        f"về nâng cao chất lượng huấn luyện giai đoạn {campaign.next_from}-{campaign.next_to}"
    )
    assert "Dự thảo Nghị quyết giai đoạn" in dossier[DossierRole.SUBMISSION].subject
    assert "NGHỊ QUYẾT" in texts(assert_document_passes(draft))


@pytest.mark.parametrize(
    ("kind", "subject", "document_kind", "registered", "expected"),
    [
        (
            ResolutionKind.DIRECTIVE,
            "Chỉ thị về tăng cường công tác tuyển quân đến năm 2025",
            DocumentKind.DRAFT_RESOLUTION,
            ResolutionKind.RESOLUTION,
            "về tăng cường công tác tuyển quân giai đoạn 2026-2030",
        ),
        (
            ResolutionKind.PLAN,
            "Kế hoạch thực hiện Nghị quyết 623-NQ/QUTW giai đoạn 2013 - 2020 và những năm tiếp "
            "theo",
            DocumentKind.PLAN,
            ResolutionKind.PLAN,
            "thực hiện Nghị quyết 623-NQ/QUTW giai đoạn 2026-2030",
        ),
        (
            ResolutionKind.COORDINATION_PROGRAMME,
            "Chương trình phối hợp giữa Đảng ủy Quân sự tỉnh với các huyện ủy, nhiệm kỳ 2020-2025",
            DocumentKind.COORDINATION_PROGRAMME,
            ResolutionKind.COORDINATION_PROGRAMME,
            "giữa Đảng ủy Quân sự tỉnh với các huyện ủy nhiệm kỳ 2026-2030",
        ),
        (
            ResolutionKind.RESOLUTION,
            "về công tác hậu cần quân đội đến năm 2020 và những năm tiếp theo",
            DocumentKind.DRAFT_RESOLUTION,
            ResolutionKind.RESOLUTION,
            "về công tác hậu cần quân đội giai đoạn 2026-2030",
        ),
    ],
)
def test_the_next_document_by_the_reviewed_documents_kind(
    kind, subject, document_kind, registered, expected
):
    """A directive is followed by a resolution (no directive document is drafted), a plan by
    a plan, a programme by a programme (its term as a term), a resolution by a resolution."""
    campaign = unsaved(kind, subject)
    assert next_document_kind(campaign) == document_kind
    assert next_kind(campaign) == registered
    assert next_subject(campaign) == expected


def _cm(twips: str) -> float:
    return int(twips) / 1440 * 2.54


def _code_cells(data: bytes) -> list[tuple[str, float, float, float, bool]]:
    """(code, the cell's width, its grid column's width, the width it needs, no-wrap) of
    every table cell holding a code of the plan's indicators."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    found = []
    for table in root.iter(f"{{{W}}}tbl"):
        grid = [_cm(col.get(f"{{{W}}}w")) for col in table.findall("w:tblGrid/w:gridCol", NS)]
        for row in table.findall("w:tr", NS):
            for index, cell in enumerate(row.findall("w:tc", NS)):
                text = "".join(cell.itertext()).strip()
                if not re.fullmatch(r"QK2-HC\d\d", text):
                    continue
                size = int(cell.find(".//w:rPr/w:sz", NS).get(f"{{{W}}}val")) / 2
                ems = sum(TIMES[char] for char in text) / 1000
                need = ems * size * 2.54 / 72 + CELL_MARGINS_CM
                width = _cm(cell.find("w:tcPr/w:tcW", NS).get(f"{{{W}}}w"))
                no_wrap = cell.find("w:tcPr/w:noWrap", NS) is not None
                found.append((text, width, grid[index], need, no_wrap))
    return found


def test_a_units_own_indicator_code_fits_its_column_on_one_line():
    """Given the review of plan 15/KH-BTL, whose indicators are Quân khu 2's own
    ("QK2-HC01"), when its report and its draft plan are rendered, then every cell holding
    such a code (the results table, the appendix, the proposed targets) is, in the cell and
    in the table's grid, at least as wide as the code set in Times New Roman at the cell's
    size plus the cell's margins, and does not wrap: "QK2-HC01" stays on one line."""
    campaign = open_review("QK2", "15/KH-BTL")
    dossier = services.campaign_synthesize(by=SYSTEM, campaign=campaign)
    for role in (DossierRole.REPORT, DossierRole.DRAFT_RESOLUTION):
        document = dossier[role]
        cells = _code_cells(render_docx(document, current_version(document).content))
        assert {code for code, *_ in cells} >= {"QK2-HC01", "QK2-HC04"}, role
        for code, width, column, need, no_wrap in cells:
            assert width >= need and column >= need, (role, code, width, column, need)
            assert no_wrap, (role, code)
