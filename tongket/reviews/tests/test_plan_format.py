"""The review plan is written in its issuer's format, as every other document the system
drafts: a Party committee's plan in the Party format (Hướng dẫn 36-HD/VPTW), a command's or a
State body's in the State format (Nghị định 30/2020/NĐ-CP: Quốc hiệu and Tiêu ngữ, "Số:
…/KH-…", place and date, "Nơi nhận:", signed by the head). Each plan is rendered and passes
the format checker with no failure; the demo holds a State-format plan, issued."""

from __future__ import annotations

import datetime
import io

import pytest
from docx import Document as Docx

from tongket.core.scopes import SYSTEM
from tongket.documents.checker import assert_document_passes, check_docx, expectation_for
from tongket.documents.choices import DocumentKind
from tongket.documents.files import docx_of
from tongket.documents.services import current_version
from tongket.org.models import Unit
from tongket.resolutions.models import Resolution
from tongket.reviews import selectors, services
from tongket.reviews.choices import CampaignKind, DossierRole
from tongket.reviews.models import ReviewCampaign

pytestmark = pytest.mark.django_db
D = datetime.date


def texts(data: bytes) -> list[str]:
    """Every paragraph of the file, the header and signature tables' cells included."""
    docx = Docx(io.BytesIO(data))
    found = [p.text.strip() for p in docx.paragraphs]
    for table in docx.tables:
        for row in table.rows:
            for cell in row.cells:
                found += [p.text.strip() for p in cell.paragraphs]
    return [text for text in found if text]


def campaign_of(owner: str, symbol: str, **extra: object) -> ReviewCampaign:
    """A review opened by `owner` without choosing a format, with two units and a step."""
    units = {unit.code: unit for unit in Unit.objects.filter(code__in=[owner, "BCHQS-DL"])}
    campaign = services.campaign_create(
        by=SYSTEM,
        kind=CampaignKind.INTERIM,
        resolution=Resolution.objects.get(symbol=symbol),
        owner_unit=units[owner],
        standing_agency=units["BCHQS-DL"],
        span_from=2021,
        span_to=2023,
        next_from=2024,
        next_to=2025,
        **extra,  # type: ignore[arg-type]
    )
    services.participant_add(
        by=SYSTEM,
        campaign=campaign,
        units=list(Unit.objects.filter(code__startswith="BCHQS-DL-").order_by("code")[:2]),
        due_date=D(2023, 8, 5),
    )
    services.milestone_add(
        by=SYSTEM,
        campaign=campaign,
        kind="unit_reports",
        title="Các đơn vị gửi báo cáo",
        due_date=D(2023, 8, 5),
    )
    return campaign


def test_the_demo_command_review_has_an_issued_state_format_plan_that_passes():
    """Given the demo's review of 15/KH-BTL led by Quân khu 2 (a command), its plan is a State
    document issued as 01/KH-QK2 on 15/04/2022: the national title and motto, "Số:", the
    place and date, "Nơi nhận:" and the commander's signature; rendered now and as stored
    when issued, it passes the checker with no failure."""
    campaign = ReviewCampaign.objects.get(resolution__symbol="15/KH-BTL")
    assert campaign.owner_unit.code == "QK2" and campaign.style == "state"
    plan = selectors.dossier(campaign=campaign)[DossierRole.PLAN]
    assert plan.kind == DocumentKind.PLAN and plan.profile.style == "state"
    assert plan.is_issued and plan.symbol == "01/KH-QK2" and plan.issued_on == D(2022, 4, 15)
    fresh = assert_document_passes(plan)
    stored = docx_of(plan)
    content = current_version(plan).content
    failures = check_docx(
        stored, rules=plan.profile.rules, style="state", expect=expectation_for(plan, content)
    )
    assert failures == []
    for data in (fresh, stored):
        lines = texts(data)
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in lines
        assert "Độc lập - Tự do - Hạnh phúc" in lines
        assert "Số: 01/KH-QK2" in lines and "KẾ HOẠCH" in lines
        assert "Phú Thọ, ngày 15 tháng 4 năm 2022" in lines
        assert "Nơi nhận:" in lines and "- Lưu: VT." in lines
        assert "TƯ LỆNH" in lines and not any(line.startswith(("T/M", "TM.")) for line in lines)
        assert "ĐẢNG CỘNG SẢN VIỆT NAM" not in lines
        assert any(line.startswith("Trung tướng ") for line in lines)


def test_a_command_drafts_its_plan_in_the_state_format():
    """Given a review opened by Bộ CHQS tỉnh Đắk Lắk (a command) without choosing a format,
    when its plan is drafted, then the campaign and the plan are State-format, the plan is
    signed by the commander (no TM.) and passes the checker with no failure."""
    campaign = campaign_of("BCHQS-DL", "01-CTr/ĐUQS")
    assert campaign.style == "state"
    plan = services.campaign_plan_draft(by=SYSTEM, campaign=campaign)
    assert plan.profile.style == "state" and plan.type_code == "KH"
    assert plan.authority == "" and plan.signer_title == "Chỉ huy trưởng"
    assert plan.signer_name.startswith("Đại tá ")
    lines = texts(assert_document_passes(plan))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in lines and "CHỈ HUY TRƯỞNG" in lines
    assert any(
        line.startswith("Số: ") and line.endswith("/KH-" + plan.issuer_code) for line in lines
    )
    # The subject does not name the followed document's kind twice.
    assert "Chương trình phối hợp số 01-CTr/ĐUQS giữa" in plan.subject


def test_a_peoples_committee_signs_its_plan_on_behalf_of_the_committee():
    """Given a review opened by the provincial people's committee (a State body that decides
    collectively), its plan is State-format and signed "TM. ỦY BAN NHÂN DÂN …" over "CHỦ
    TỊCH"; it passes the checker."""
    campaign = campaign_of("UBND-DL", "01-CTr/ĐUQS")
    plan = services.campaign_plan_draft(by=SYSTEM, campaign=campaign)
    assert plan.profile.style == "state"
    lines = texts(assert_document_passes(plan))
    assert "TM. ỦY BAN NHÂN DÂN TỈNH ĐẮK LẮK" in lines and "CHỦ TỊCH" in lines


def test_a_party_committee_plan_stays_in_the_party_format_and_passes(users):
    """Given Quân khu 2's Party committee's review of 623, when its officer drafts the plan,
    then it is a Party document signed "T/M ĐẢNG ỦY QUÂN KHU 2" over "BÍ THƯ" and the
    secretary's rank and name, passing the checker; set to the State format, the campaign's
    dossier changes format but its plan still follows its issuer, the Party committee."""
    campaign = ReviewCampaign.objects.get(resolution__symbol="623-NQ/QUTW")
    plan = services.campaign_plan_draft(by=users["qk2.theodoi"], campaign=campaign)
    assert plan.profile.style == "party" and plan.signer_title == "Bí thư"
    lines = texts(assert_document_passes(plan))
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in lines and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" not in lines
    assert "T/M ĐẢNG ỦY QUÂN KHU 2" in lines and "BÍ THƯ" in lines
    assert any(line.startswith("Trung tướng ") for line in lines)
    campaign = services.campaign_update(by=users["qk2.theodoi"], campaign=campaign, style="state")
    services.campaign_plan_draft(by=users["qk2.theodoi"], campaign=campaign)
    plan.refresh_from_db()
    assert plan.profile.style == "party"
    assert_document_passes(plan)
