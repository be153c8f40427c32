"""What each kind of document says: minutes signed by the secretary and the chair and dated
at the meeting, conclusions kept whole, award decisions with grounds, articles and an annex,
names and symbols in their case, a coordination programme by its own name."""

from __future__ import annotations

import datetime

import pytest

from tongket.awards import documents as award_documents
from tongket.awards.models import AwardDecision, Nomination
from tongket.documents.checker import assert_document_passes
from tongket.meetings import documents as meeting_documents
from tongket.meetings.models import Conclusion, Meeting
from tongket.reviews import documents as review_documents
from tongket.reviews.models import ReviewCampaign
from tongket.reviews.services import synthesis

D = datetime.date
pytestmark = pytest.mark.django_db


def _text(content) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(str(block.get("text", "")) for block in content)


def test_minutes_of_a_2021_meeting_are_dated_2021_and_signed_by_secretary_and_chair():
    meeting = Meeting.objects.get(title__contains="Phiên họp thứ nhất")
    document, content = meeting_documents.minutes_draft(meeting)
    assert document.dated_on == meeting.date and meeting.date.year == 2021
    signers = next(block["signers"] for block in content if block.get("signers"))
    assert [s["title"] for s in signers] == ["Thư ký", "Chủ trì"]
    composition = next(b["text"] for b in content if b.get("key") == "thanh-phan")
    assert meeting.chair.full_name in composition
    assert all(block.get("text") or block.get("signers") for block in content)
    assert_document_passes(document, content)


def test_a_conclusion_notice_keeps_every_word_and_a_party_host_signs_for_itself():
    meeting = Meeting.objects.filter(host_unit__home_line="party").first()
    long_text = "Tiếp tục lãnh đạo, chỉ đạo " + "quán triệt sâu rộng nghị quyết, " * 8 + "hết."
    Conclusion.objects.create(meeting=meeting, number=9, text=long_text)
    document, content = meeting_documents.notice_draft(meeting)
    assert long_text.rstrip(".") in _text(content)
    assert document.authority == "on_behalf"
    assert document.authority_body == meeting.host_unit.name
    assert_document_passes(document, content)


def test_an_award_decision_has_grounds_articles_and_its_list_in_an_annex():
    decision = AwardDecision.objects.select_related("document").first()
    from tongket.documents.services import current_version

    content = current_version(decision.document).content
    assert any(block.get("grounds") for block in content)
    articles = [block["article"] for block in content if block.get("article")]
    assert articles == [1, 2, 3]
    annex = next(block["annex"] for block in content if block.get("annex"))
    assert annex["table"]["columns"][2:4] == ["Cấp bậc", "Chức vụ"]
    assert "(của" not in decision.document.subject and " 0 cá nhân" not in _text(content)
    assert_document_passes(decision.document, content)


def test_counts_of_none_are_not_written():
    assert award_documents.counted(26, 0) == "26 tập thể"
    assert award_documents.counted(0, 3) == "3 cá nhân"
    assert award_documents.counted(26, 28) == "26 tập thể và 28 cá nhân"


def test_an_award_proposal_lists_its_awardees_with_rank_and_position():
    """Given a nominee with a rank and a position, the proposal's list shows both."""
    from tongket.core.scopes import SYSTEM
    from tongket.org.models import Rank
    from tongket.org.services import position_add, rank_add

    nomination = (
        Nomination.objects.filter(nominee_person__is_military=True)
        .exclude(state="draft")
        .select_related("proposing_unit", "decider", "form", "nominee_person__unit")
        .first()
    )
    person = nomination.nominee_person
    rank_add(
        by=SYSTEM, person=person, rank=Rank.objects.get(name="Thượng tá"), valid_from=D(2000, 1, 1)
    )
    position_add(
        by=SYSTEM, person=person, unit=person.unit, title="Trưởng phòng", valid_from=D(2000, 1, 1)
    )
    document, content = award_documents.proposal_draft([nomination])
    rows = next(b["annex"]["table"]["rows"] for b in content if b.get("annex"))
    assert rows[0][2] == "Thượng tá" and rows[0][3].startswith("Trưởng phòng")
    assert_document_passes(document, content)


def test_the_submission_keeps_names_and_symbols_in_their_case():
    campaign = ReviewCampaign.objects.get(resolution__symbol="382-NQ/ĐUQSTW")
    text = _text(synthesis.submission_blocks(campaign))
    assert "382-NQ/ĐUQSTW" in text and "Đảng ủy Quân sự Trung ương" in text
    assert "382-nq/" not in text and "Báo cáo tổng kết 15 năm" in text


def test_a_coordination_programme_is_named_by_its_kind():
    campaign = ReviewCampaign.objects.get(resolution__kind="coordination_programme")
    text = _text(synthesis.report_blocks(campaign))
    assert "Chương trình phối hợp số" in text and "Nghị quyết số 01-CTr" not in text


def test_the_report_summarises_units_by_theme_naming_each_unit_once_per_point():
    campaign = ReviewCampaign.objects.get(resolution__symbol="382-NQ/ĐUQSTW")
    blocks = {b["key"]: b for b in synthesis.report_blocks(campaign)}
    shortcomings = blocks["han-che"]["text"]
    lines = shortcomings.splitlines()
    assert lines and all(line.startswith("- ") for line in lines)
    assert shortcomings.count("Nhà máy Z111") == 1
    results = [b for k, b in blocks.items() if k.startswith("muc-tieu-")]
    assert results and "so với chỉ tiêu" in results[0]["text"]


def test_a_unit_review_report_renders_as_a_document_addressed_to_the_reviewing_body():
    campaign = ReviewCampaign.objects.get(resolution__symbol="382-NQ/ĐUQSTW")
    report = campaign.unit_reports.exclude(state="draft").first()
    document, content = review_documents.unit_report_draft(report)
    assert content[0]["addressee"].startswith("Kính gửi: ")
    assert_document_passes(document, content)


def test_under_a_committee_mark_the_title_stands_alone():
    assert meeting_documents._committee_title("Phó Bí thư Đảng ủy Quân khu 2") == "Phó Bí thư"
    assert meeting_documents._committee_title("Bí thư Đảng ủy Quân khu 2") == "Bí thư"
    assert meeting_documents._committee_title("Tư lệnh Quân khu 2") == "Tư lệnh Quân khu 2"
