"""The dossier is signed as its body signs (a command in its head's name, "TƯ LỆNH", "CHỈ HUY
TRƯỞNG"; a people's committee "TM. ỦY BAN NHÂN DÂN …" over "CHỦ TỊCH"; a Party committee
"T/M ĐẢNG ỦY …" over "BÍ THƯ"), with the holder's rank and name when the organisation knows
them; and a review's default outline names the reviewed document by its own kind ("Kết quả
thực hiện Kế hoạch 15/KH-BTL", never "… Nghị quyết" for a plan)."""

from __future__ import annotations

import datetime
import io

import pytest
from docx import Document as Docx

from tongket.core.scopes import SYSTEM
from tongket.documents.checker import assert_document_passes
from tongket.documents.choices import Authority
from tongket.documents.writing import signature_of
from tongket.org.models import Unit
from tongket.resolutions.models import Resolution
from tongket.reviews import services
from tongket.reviews.choices import CampaignKind, DossierRole
from tongket.reviews.models import ReviewCampaign

pytestmark = pytest.mark.django_db
D = datetime.date


def texts(data: bytes) -> list[str]:
    docx = Docx(io.BytesIO(data))
    found = [p.text.strip() for p in docx.paragraphs]
    for table in docx.tables:
        for row in table.rows:
            for cell in row.cells:
                found += [p.text.strip() for p in cell.paragraphs]
    return [text for text in found if text]


def open_review(owner: str, symbol: str, **extra: object) -> ReviewCampaign:
    """A review of `symbol` opened by the unit `owner` without choosing a format."""
    resolution = Resolution.objects.get(symbol=symbol)
    start = resolution.horizon_from
    return services.campaign_create(
        by=SYSTEM,
        kind=CampaignKind.INTERIM,
        resolution=resolution,
        owner_unit=Unit.objects.get(code=owner),
        standing_agency=Unit.objects.get(code="BCHQS-DL"),
        span_from=start,
        span_to=start + 2,
        next_from=start + 3,
        next_to=start + 4,
        **extra,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize(
    ("owner", "style", "authority", "body", "title", "rank"),
    [
        ("QK2", "state", "", "", "TƯ LỆNH", "Trung tướng "),
        ("BCHQS-DL", "state", "", "", "CHỈ HUY TRƯỞNG", "Đại tá "),
        ("UBND-DL", "state", "TM.", "TM. ỦY BAN NHÂN DÂN TỈNH ĐẮK LẮK", "CHỦ TỊCH", None),
        ("DU-QK2", "party", "T/M", "T/M ĐẢNG ỦY QUÂN KHU 2", "BÍ THƯ", "Trung tướng "),
    ],
)
def test_the_dossier_is_signed_as_its_body_signs(owner, style, authority, body, title, rank):
    """Given a review opened by a command, a provincial command, a people's committee or a
    Party committee, when its dossier is drafted, then each of its documents is signed as
    that body signs (not "Chỉ huy trưởng" whatever the body), with the head's rank and name
    where the organisation has a head, and the review report passes the checker."""
    campaign = open_review(owner, "01-CTr/ĐUQS")
    assert campaign.style == style
    dossier = services.campaign_synthesize(by=SYSTEM, campaign=campaign)
    assert set(dossier) == {
        DossierRole.REPORT,
        DossierRole.SUBMISSION,
        DossierRole.DRAFT_RESOLUTION,
    }
    for document in dossier.values():
        assert document.signer_title.upper() == title
        assert (document.authority == Authority.ON_BEHALF) == bool(authority)
        if rank is None:
            assert document.signer_name == ""
        else:
            assert document.signer_name.startswith(rank) and len(document.signer_name) > len(rank)
    lines = texts(assert_document_passes(dossier[DossierRole.REPORT]))
    assert title in lines
    if body:
        assert body in lines
    else:
        assert not any(line.startswith(("T/M", "TM.")) for line in lines)
    if rank is not None:
        assert dossier[DossierRole.REPORT].signer_name in lines


def test_a_command_without_a_head_on_record_signs_by_its_kind_of_command():
    """Given commands nobody is recorded as heading (on a day before any head's post), the
    signature names the head's post by the unit's name: a provincial military command "Chỉ
    huy trưởng", a regiment "Trung đoàn trưởng", a department "Cục trưởng", a political
    agency "Chủ nhiệm"; with no name."""
    for code, title in (
        ("BCHQS-PY", "Chỉ huy trưởng"),
        ("SD316-E98", "Trung đoàn trưởng"),
        ("CHC-QK2", "Cục trưởng"),
        ("CCT-QK2", "Chủ nhiệm"),
    ):
        signature = signature_of(Unit.objects.get(code=code), style="state", on=D(2015, 1, 1))
        assert signature["signer_title"] == title, code
        assert signature["signer_name"] == "" and signature["authority"] == ""


def test_the_default_outline_names_a_plan_as_a_plan():
    """Given a review of Quân khu 2's plan 15/KH-BTL, its default outline, guidance, title
    and the report's opening name the plan ("Kế hoạch 15/KH-BTL", "cụ thể hóa Kế hoạch"),
    and nowhere "Nghị quyết" as the reviewed document."""
    campaign = open_review("QK2", "15/KH-BTL")
    titles = dict(campaign.outline.values_list("key", "title"))
    assert titles["ket-qua"] == "Kết quả thực hiện Kế hoạch 15/KH-BTL"
    assert titles["lanh-dao"] == "Công tác lãnh đạo, chỉ đạo, quán triệt, cụ thể hóa Kế hoạch"
    guidance = campaign.outline.get(key="tinh-hinh").guidance
    assert "việc thực hiện Kế hoạch trong giai đoạn" in guidance
    assert campaign.title == "Sơ kết 3 năm thực hiện Kế hoạch 15/KH-BTL"
    assert not any("Nghị quyết" in title for title in titles.values())
    dossier = services.campaign_synthesize(by=SYSTEM, campaign=campaign)
    from tongket.documents.services import current_version

    report = dossier[DossierRole.REPORT]
    # The plan's own subject ("Kế hoạch thực hiện Nghị quyết 623…") without its kind again.
    assert report.subject.startswith("sơ kết 3 năm thực hiện Kế hoạch số 15/KH-BTL thực hiện ")
    assert "Kế hoạch" not in report.subject.split("15/KH-BTL", 1)[1]
    blocks = {b["key"]: b for b in current_version(report).content}
    assert "việc thực hiện Kế hoạch nhằm" in blocks["mo-dau"]["text"]
    assert blocks["ket-qua"]["heading"] == "Kết quả thực hiện Kế hoạch 15/KH-BTL"


def test_the_default_outline_of_a_resolution_names_the_resolution():
    """Given a review of resolution 765-NQ/QUTW, its outline reads "Kết quả thực hiện Nghị
    quyết 765-NQ/QUTW" and "cụ thể hóa Nghị quyết"."""
    campaign = open_review("DU-QK2", "765-NQ/QUTW")
    titles = dict(campaign.outline.values_list("key", "title"))
    assert titles["ket-qua"] == "Kết quả thực hiện Nghị quyết 765-NQ/QUTW"
    assert titles["lanh-dao"].endswith("cụ thể hóa Nghị quyết")
    assert campaign.title == "Sơ kết 3 năm thực hiện Nghị quyết 765-NQ/QUTW"
