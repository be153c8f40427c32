"""The review plan (kế hoạch): drafted by the campaign's tracking officers from the outline,
the timetable and the units, stored among the campaign's documents, drafted again with the
text people edited kept; refused to anyone else, outside the drafting steps, and never taken
for the dossier."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from tongket.core.errors import DomainError, NotFound
from tongket.core.models import ChangeLog
from tongket.documents.choices import DocumentKind, DocumentStatus
from tongket.documents.services import current_version
from tongket.reviews import selectors, services
from tongket.reviews.choices import CampaignState, DossierRole
from tongket.reviews.models import CampaignDocument, ReviewCampaign

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def campaign() -> ReviewCampaign:
    """Quân khu 2's review of 623: drafting, units and timetable set, no document yet."""
    return ReviewCampaign.objects.get(resolution__symbol="623-NQ/QUTW")


def logged(campaign: ReviewCampaign) -> int:
    return ChangeLog.objects.filter(
        action="campaign_plan_draft", object_id=str(campaign.pk)
    ).count()


def blocks(document) -> dict[str, dict]:  # type: ignore[no-untyped-def,type-arg]
    return {block["key"]: block for block in current_version(document).content}


def test_the_tracking_officer_drafts_the_plan_of_the_review(users, campaign):
    """Given Quân khu 2's review of 623, when its standing agency's tracking officer drafts
    the plan, then a draft KH of Đảng ủy Quân khu 2 is stored with role plan, its timetable
    and units from the campaign, and the step is logged."""
    document = services.campaign_plan_draft(by=users["qk2.theodoi"], campaign=campaign)
    assert selectors.dossier(campaign=campaign) == {DossierRole.PLAN: document}
    assert document.kind == DocumentKind.PLAN and document.type_code == "KH"
    assert document.issuer == campaign.owner_unit and document.status == DocumentStatus.DRAFT
    assert document.subject.startswith("tổng kết") and "623-NQ/QUTW" in document.subject
    text = blocks(document)
    assert "Hội nghị tổng kết: xong trước ngày 08/07/2022." in text["tien-do"]["text"]
    assert "báo cáo kết quả trước ngày 31/05/2022." in text["to-chuc"]["text"]
    assert campaign.standing_agency.name in text["to-chuc"]["text"]
    assert len(document.recipients) == 7
    assert logged(campaign) == 1
    # The plan alone is not a dossier: the consultation still waits for it.
    with pytest.raises(DomainError):
        services.campaign_consult(by=users["qk2.theodoi"], campaign=campaign)


def test_drafting_again_keeps_the_text_people_edited(users, campaign):
    """Given a plan whose purpose the drafting team rewrote, when a milestone is added and
    the plan drafted again, then draft 3 has the new milestone and the rewritten purpose."""
    officer = users["qk2.theodoi"]
    document = services.campaign_plan_draft(by=officer, campaign=campaign)
    content = current_version(document).content
    for block in content:
        if block["key"] == "muc-dich":
            block["text"] = "Mục đích do Tổ Biên tập viết lại."
    services.dossier_save(by=officer, document=document, content=content, edited_keys={"muc-dich"})
    services.milestone_add(
        by=officer,
        campaign=campaign,
        kind="other",
        title="Tổ Biên tập hoàn chỉnh hồ sơ",
        due_date=D(2022, 6, 30),
    )
    again = services.campaign_plan_draft(by=officer, campaign=campaign)
    assert again.pk == document.pk
    assert current_version(document).number == 3
    text = blocks(document)
    assert text["muc-dich"]["text"] == "Mục đích do Tổ Biên tập viết lại."
    assert "Tổ Biên tập hoàn chỉnh hồ sơ: xong trước ngày 30/06/2022." in text["tien-do"]["text"]
    assert CampaignDocument.objects.filter(campaign=campaign, role=DossierRole.PLAN).count() == 1
    assert logged(campaign) == 2


def test_anyone_else_is_refused_and_nothing_is_written(users, campaign):
    """Given the review of Quân khu 2, when a drafting team member drafts the plan, then 403;
    when someone of Tổng cục CNQP does, then 404; nothing is stored or logged."""
    before = ChangeLog.objects.count()
    with pytest.raises(PermissionDenied):
        services.campaign_plan_draft(by=users["qk2.baocao"], campaign=campaign)
    with pytest.raises(NotFound):
        services.campaign_plan_draft(by=users["cnqp.baocao"], campaign=campaign)
    assert not selectors.dossier(campaign=campaign)
    assert ChangeLog.objects.count() == before


def test_the_plan_is_not_drafted_once_the_dossier_is_submitted(users, campaign):
    """Given a submitted campaign, when its officer drafts the plan, then a refusal with
    the state and nothing stored."""
    ReviewCampaign.objects.filter(pk=campaign.pk).update(state=CampaignState.SUBMITTED)
    with pytest.raises(DomainError) as caught:
        services.campaign_plan_draft(by=users["qk2.theodoi"], campaign=campaign)
    assert caught.value.error_list[0].code == "state"
    assert not selectors.dossier(campaign=campaign)


def test_the_demo_review_of_520_has_its_plan():
    """The demo stores a plan for the review of 520, so the format checker reads it."""
    campaign = ReviewCampaign.objects.get(resolution__symbol="520-NQ/QUTW")
    plan = selectors.dossier(campaign=campaign)[DossierRole.PLAN]
    assert plan.kind == DocumentKind.PLAN and "tien-do" in blocks(plan)
