"""A review from the dossier to the issued new resolution, each step by the role that owns
it; the figures in the dossier equal the dashboards'; regenerating keeps edited text."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from tongket.core.errors import DomainError, NotFound
from tongket.core.models import ChangeLog
from tongket.core.scopes import SYSTEM
from tongket.documents.choices import CommentStatus
from tongket.documents.services import current_version
from tongket.meetings.models import Meeting
from tongket.reporting import selectors as reporting
from tongket.resolutions.choices import RelationKind, ResolutionStatus
from tongket.resolutions.models import Resolution
from tongket.reviews import selectors, services
from tongket.reviews.choices import CampaignState, DossierRole
from tongket.reviews.models import ReviewCampaign
from tongket.reviews.services.campaigns import span_period

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def campaign() -> ReviewCampaign:
    return ReviewCampaign.objects.get(resolution__symbol="623-NQ/QUTW")


def test_the_quan_khu_2_review_of_623_from_dossier_to_new_resolution(users, campaign):
    officer, commander, drafter = users["qk2.theodoi"], users["qk2.duyet"], users["qk2.baocao"]
    # The standing agency drafts the dossier from the data.
    dossier = services.campaign_synthesize(by=officer, campaign=campaign)
    assert set(dossier) == {
        DossierRole.REPORT,
        DossierRole.SUBMISSION,
        DossierRole.DRAFT_RESOLUTION,
    }
    report = dossier[DossierRole.REPORT]
    # Its figures are the dashboards' figures at Quân khu 2 over the span.
    content = current_version(report).content
    table = next(b for b in content if b["key"] == "ket-qua-chi-tieu")["table"]
    hc03 = next(row for row in table["rows"] if row[0] == "HC03")
    figure = reporting.figures(
        user=SYSTEM,
        unit=campaign.figures_unit,
        period=span_period(campaign),
        indicators=[campaign.resolution.indicators.get(code="HC03")],
    )[0]
    assert hc03[5].replace(".", "") == str(int(figure.value))
    services.campaign_consult(by=officer, campaign=campaign)
    # Two members comment; the drafting team answers.
    first = services.dossier_comment(
        by=commander,
        document=report,
        section_key="bai-hoc",
        text="Bổ sung bài học về kiểm tra.",
        required=True,
    )
    second = services.dossier_comment(
        by=drafter, document=report, section_key="han-che", text="Nêu rõ chỉ tiêu HC05."
    )
    assert selectors.open_comments(campaign=campaign) == {"open": 2, "required": 1}
    with pytest.raises(PermissionDenied):
        services.dossier_comment_answer(by=users["qk2.thidua"], comment=first, status="accepted")
    services.dossier_comment_answer(
        by=officer, comment=first, status=CommentStatus.ACCEPTED, reply="Đã bổ sung."
    )
    services.dossier_comment_answer(
        by=officer, comment=second, status=CommentStatus.REJECTED, reply="Đã nêu ở mục 3."
    )
    # Appraisal by Cục Chính trị Quân khu; only its people record it.
    services.campaign_request_appraisal(by=officer, campaign=campaign)
    with pytest.raises(PermissionDenied):
        services.campaign_appraise(by=drafter, campaign=campaign, opinion="Đồng ý")
    services.campaign_appraise(
        by=commander, campaign=campaign, opinion="Đồng ý với hồ sơ.", on=D(2022, 6, 28)
    )
    with pytest.raises(DomainError):  # submitted before its appraisal
        services.campaign_submit(by=officer, campaign=campaign, on=D(2022, 6, 20))
    services.campaign_submit(by=officer, campaign=campaign, on=D(2022, 7, 1))
    # The conference of 08/07/2022 adopts; the tracking officer issues.
    meeting = Meeting.objects.get(campaign=campaign)
    with pytest.raises(DomainError):  # adopted before its submission
        services.campaign_adopt(by=commander, campaign=campaign, on=D(2022, 6, 30))
    with pytest.raises(PermissionDenied):
        services.campaign_adopt(by=drafter, campaign=campaign, meeting=meeting)
    campaign = services.campaign_adopt(by=commander, campaign=campaign, meeting=meeting)
    assert campaign.adopted_on == meeting.date
    new = services.campaign_issue(by=officer, campaign=campaign, issued_on=D(2022, 7, 20))
    campaign.refresh_from_db()
    assert campaign.state == CampaignState.ISSUED and campaign.new_resolution == new
    assert new.symbol == "01-NQ/ĐU" and new.issued_on == D(2022, 7, 20)
    # Quân khu 2 is below the Central Military Commission that issued 623: its own new
    # resolution implements 623, which stays in force for the rest of the army.
    assert new.relations_out.filter(
        kind=RelationKind.IMPLEMENTS, target=campaign.resolution
    ).exists()
    assert not new.relations_out.filter(kind=RelationKind.SUPERSEDES).exists()
    old = Resolution.objects.get(pk=campaign.resolution_id)
    assert old.status == ResolutionStatus.IN_FORCE
    assert set(new.indicators.values_list("code", flat=True)) == set(
        old.indicators.values_list("code", flat=True)
    )
    assert new.indicators.get(code="HC03").targets.get(year=None).value > 0
    assert new.items.filter(kind="objective").count() == old.items.filter(kind="objective").count()
    actions = set(
        ChangeLog.objects.filter(
            object_id=str(campaign.pk), action__startswith="campaign_"
        ).values_list("action", flat=True)
    )
    assert {"campaign_consult", "campaign_appraise", "campaign_adopt", "campaign_issue"} <= actions
    with pytest.raises(DomainError):
        services.campaign_synthesize(by=officer, campaign=campaign)


def test_steps_out_of_order_or_by_the_wrong_role_are_refused(users, campaign):
    officer = users["qk2.theodoi"]
    with pytest.raises(DomainError):
        services.campaign_consult(by=officer, campaign=campaign)  # nothing drafted yet
    services.campaign_synthesize(by=officer, campaign=campaign)
    with pytest.raises(DomainError):
        services.campaign_submit(by=officer, campaign=campaign)
    with pytest.raises(PermissionDenied):
        services.campaign_synthesize(by=users["qk2.baocao"], campaign=campaign)
    with pytest.raises(NotFound):
        services.campaign_synthesize(by=users["cnqp.baocao"], campaign=campaign)


def test_adoption_waits_for_required_comments(users, campaign):
    officer, commander = users["qk2.theodoi"], users["qk2.duyet"]
    dossier = services.campaign_synthesize(by=officer, campaign=campaign)
    services.campaign_consult(by=officer, campaign=campaign)
    services.dossier_comment(
        by=commander, document=dossier[DossierRole.REPORT], text="Cần sửa.", required=True
    )
    services.campaign_request_appraisal(by=officer, campaign=campaign)
    services.campaign_appraise(by=commander, campaign=campaign, opinion="Đồng ý")
    services.campaign_submit(by=officer, campaign=campaign)
    with pytest.raises(DomainError) as caught:
        services.campaign_adopt(by=commander, campaign=campaign)
    assert caught.value.error_list[0].code == "open_comments"


def test_regenerating_keeps_the_text_people_edited(users, campaign):
    officer = users["qk2.theodoi"]
    report = services.campaign_synthesize(by=officer, campaign=campaign)[DossierRole.REPORT]
    content = current_version(report).content
    for block in content:
        if block["key"] == "bai-hoc":
            block["text"] = "Bài học do Tổ Biên tập viết."
    services.dossier_save(by=officer, document=report, content=content, edited_keys={"bai-hoc"})
    services.campaign_synthesize(by=officer, campaign=campaign)
    latest = current_version(report)
    assert latest.number == 3
    assert (
        next(b for b in latest.content if b["key"] == "bai-hoc")["text"]
        == "Bài học do Tổ Biên tập viết."
    )
    from tongket.documents.selectors import version_diff, version_get

    changes = version_diff(
        old=version_get(document=report, number=1), new=version_get(document=report, number=2)
    )
    assert any(section["key"] == "bai-hoc" for section in changes)


def test_a_span_outside_the_horizon_and_a_unit_that_did_not_exist_are_refused(users):
    resolution = Resolution.objects.get(symbol="765-NQ/QUTW")
    from tongket.org.models import Unit

    with pytest.raises(DomainError) as caught:
        services.campaign_create(
            by=users["bqp.theodoi"],
            kind="final_review",
            resolution=resolution,
            owner_unit=Unit.objects.get(code="BTTM"),
            standing_agency=Unit.objects.get(code="BTTM"),
            span_from=2005,
            span_to=2012,
            next_from=2013,
            next_to=2020,
        )
    assert "span_from" in caught.value.error_dict


def test_unit_reports_are_prefilled_and_follow_their_workflow(users):
    campaign = ReviewCampaign.objects.get(resolution__symbol="01-CTr/ĐUQS")
    report = campaign.unit_reports.select_related("unit").first()
    assert report.figures and any(text for text in report.sections.values())
    hc = report.figures["ket-qua-chi-tieu"]["rows"]
    assert hc and all(len(row) == 8 for row in hc)
    assert Decimal(1)  # figures are strings formatted the Vietnamese way
