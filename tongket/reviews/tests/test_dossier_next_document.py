"""What a review drafts for the next phase follows the reviewed document's kind: a plan's
review drafts the next plan ("KẾ HOẠCH", "thực hiện Nghị quyết 623… giai đoạn …"), a
resolution's the next resolution; a directive's or a conclusion's, in the Party format, a
conclusion "về tiếp tục thực hiện …" and, in the State format, a directive's the next
directive; the subject is the followed document's without its kind's name and with the next
phase's horizon; issuing registers the new document as that kind. And the dossier's tables give an indicator's code ("QK2-HC01") a
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


def unsaved(
    kind: str, subject: str, next_from: int = 2026, next_to: int = 2030, style: str = "party"
) -> ReviewCampaign:
    return ReviewCampaign(
        resolution=Resolution(kind=kind, subject=subject, symbol="05-CT/ĐU"),
        next_from=next_from,
        next_to=next_to,
        style=style,
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
    # A command's plan tells its agencies and units, not the Party committees, to carry it out
    assert any(line.startswith("Các cơ quan, đơn vị quán triệt") for line in lines)
    assert not any("tổ chức đảng" in line for line in lines)
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
            "về tăng cường công tác tuyển quân",
            DocumentKind.CONCLUSION,
            ResolutionKind.CONCLUSION,
            "về tiếp tục thực hiện Chỉ thị số 05-CT/ĐU về tăng cường công tác tuyển quân",
        ),
        (
            ResolutionKind.CONCLUSION,
            "về xây dựng khu vực phòng thủ",
            DocumentKind.CONCLUSION,
            ResolutionKind.CONCLUSION,
            "về tiếp tục thực hiện Kết luận số 05-CT/ĐU về xây dựng khu vực phòng thủ",
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
    """In the Party format, a directive or a conclusion is followed by a conclusion on
    continuing it, a plan by a plan, a programme by a programme (its term as a term), a
    resolution by a resolution."""
    campaign = unsaved(kind, subject)
    assert next_document_kind(campaign) == document_kind
    assert next_kind(campaign) == registered
    assert next_subject(campaign) == expected


def test_a_directive_reviewed_in_the_state_format_is_followed_by_a_directive():
    """The State has no "kết luận" among its kinds: a people's committee's directive on
    recruitment "đến năm 2025" is followed by the next directive for the next phase."""
    campaign = unsaved(
        ResolutionKind.DIRECTIVE,
        "Chỉ thị về tăng cường công tác tuyển quân đến năm 2025",
        style="state",
    )
    assert next_document_kind(campaign) == DocumentKind.DIRECTIVE
    assert next_kind(campaign) == ResolutionKind.DIRECTIVE
    assert next_subject(campaign) == "về tăng cường công tác tuyển quân giai đoạn 2026-2030"


def test_a_party_directives_review_drafts_a_conclusion_on_continuing_it():
    """Given Đảng ủy Quân khu 2's directive 05-CT/ĐU "về tăng cường công tác tuyển quân"
    (issued 2021), when a Party-format review of it drafts its dossier, then the document
    for what follows is "KẾT LUẬN" (type code KL) "về tiếp tục thực hiện Chỉ thị số
    05-CT/ĐU ngày …", which opens with what the committee heard and that it concludes, and
    passes the format checker; the submission proposes "Dự thảo Kết luận về tiếp tục thực
    hiện Chỉ thị số 05-CT/ĐU"; once adopted and issued, the new record is a conclusion that
    carries the directive on (the directive stays in force)."""
    from tongket.org.models import Unit
    from tongket.resolutions import services as resolutions

    directive = resolutions.resolution_create(
        by=SYSTEM,
        kind=ResolutionKind.DIRECTIVE,
        symbol="05-CT/ĐU",
        issuing_unit=Unit.objects.get(code="DU-QK2"),
        subject="về tăng cường công tác tuyển quân",
        issued_on=D(2021, 3, 15),
        horizon_from=2021,
        confirm_issuer=True,
    )
    campaign = open_review("DU-QK2", directive.symbol, with_appraisal=False)
    assert campaign.style == "party"
    dossier = services.campaign_synthesize(by=SYSTEM, campaign=campaign)
    draft = dossier[DossierRole.DRAFT_RESOLUTION]
    assert draft.kind == DocumentKind.CONCLUSION
    assert draft.title == "KẾT LUẬN" and draft.type_code == "KL"
    assert draft.subject.startswith(
        "về tiếp tục thực hiện Chỉ thị số 05-CT/ĐU ngày 15/03/2021 của Đảng ủy Quân khu 2"
    )
    lines = texts(assert_document_passes(draft))
    assert "KẾT LUẬN" in lines and "NGHỊ QUYẾT" not in lines
    assert any(line.startswith("Các cấp ủy, tổ chức đảng quán triệt") for line in lines)
    opening = next(line for line in lines if line.startswith("Sau khi nghe"))
    assert opening.endswith("kết luận như sau:") and "Chỉ thị số 05-CT/ĐU" in opening
    submission = dossier[DossierRole.SUBMISSION]
    assert submission.subject.endswith("Dự thảo Kết luận về tiếp tục thực hiện Chỉ thị số 05-CT/ĐU")
    assert "giai đoạn" not in submission.subject
    services.campaign_submit(by=SYSTEM, campaign=campaign, on=D(2024, 6, 1))
    services.campaign_adopt(by=SYSTEM, campaign=campaign, on=D(2024, 6, 10))
    new = services.campaign_issue(by=SYSTEM, campaign=campaign, issued_on=D(2024, 6, 20))
    assert new.kind == ResolutionKind.CONCLUSION
    assert "-KL/" in new.symbol and new.subject == draft.subject
    # The conclusion carries the directive on: the directive stays in force.
    assert list(new.relations_out.values_list("kind", "target")) == [("implements", directive.pk)]
    directive.refresh_from_db()
    assert directive.status == "in_force"
    # A directive without indicators has no targets section in its conclusion.
    assert "chi-tieu" not in {block.get("key") for block in current_version(draft).content}


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


def _registered(kind: str, symbol: str, horizon_from: int | None) -> Resolution:
    from tongket.org.models import Unit
    from tongket.resolutions import services as resolutions

    return resolutions.resolution_create(
        by=SYSTEM,
        kind=kind,
        symbol=symbol,
        issuing_unit=Unit.objects.get(code="DU-QK2"),
        subject="về tăng cường công tác tuyển quân",
        issued_on=D(2021, 3, 15),
        horizon_from=horizon_from,
        confirm_issuer=True,
    )


def _review(resolution: Resolution, span_from: int, span_to: int) -> ReviewCampaign:
    from tongket.org.models import Unit
    from tongket.reviews.choices import CampaignKind

    return services.campaign_create(
        by=SYSTEM,
        kind=CampaignKind.INTERIM,
        resolution=resolution,
        owner_unit=Unit.objects.get(code="DU-QK2"),
        standing_agency=Unit.objects.get(code="BCHQS-DL"),
        span_from=span_from,
        span_to=span_to,
        next_from=span_to + 1,
        next_to=span_to + 5,
    )


def test_a_directive_in_force_until_replaced_is_reviewed_over_the_years_since_it_began():
    """A directive has a start and no end: its review may span the years from its start
    to this year ("sơ kết 3 năm thực hiện Chỉ thị 05-CT/ĐU"), not years before it took
    effect nor years still to come; a resolution whose end is not yet known is still
    refused until its horizon is entered."""
    from tongket.core.errors import DomainError

    this_year = D.today().year
    directive = _registered(ResolutionKind.DIRECTIVE, "05-CT/ĐU", 2021)
    assert _review(directive, 2021, 2023).span_label
    for span in ((2020, 2023), (2022, this_year + 1)):
        with pytest.raises(DomainError) as refused:
            _review(directive, *span)
        assert "span_from" in refused.value.message_dict
        assert "05-CT/ĐU" in str(refused.value)
    resolution = _registered(ResolutionKind.RESOLUTION, "07-NQ/ĐU", 2021)
    assert resolution.horizon_to is None
    with pytest.raises(DomainError) as refused:
        _review(resolution, 2021, 2023)
    assert "chưa xác định" in str(refused.value)
