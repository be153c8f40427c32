"""Issuing the review plan on its own: the campaign's tracking officers give it the next KH
number of the reviewing body's registry and its date (today or past, never future, never
before the reviewed resolution), or record the number and date of a plan signed on paper;
it is then frozen. Anyone else is refused; the plan's comments never hold adoption back."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from tongket.core.errors import DomainError, NotFound
from tongket.core.models import ChangeLog
from tongket.documents import services as documents
from tongket.documents.choices import DocumentKind, DocumentStatus
from tongket.documents.models import Document, NumberRegistry
from tongket.resolutions.models import Resolution
from tongket.reviews import selectors, services
from tongket.reviews.choices import DossierRole
from tongket.reviews.models import ReviewCampaign

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def campaign() -> ReviewCampaign:
    """Quân khu 2's review of 623: drafting, units and timetable set."""
    return ReviewCampaign.objects.get(resolution__symbol="623-NQ/QUTW")


@pytest.fixture
def plan(users, campaign) -> Document:  # type: ignore[no-untyped-def]
    """Its plan, drafted by its tracking officer."""
    return services.campaign_plan_draft(by=users["qk2.theodoi"], campaign=campaign)


def last_number(document: Document, day: datetime.date) -> int:
    registry = NumberRegistry.objects.filter(
        issuer=document.issuer,
        type_code="KH",
        period_key=documents.period_key_of(document.profile.style, day),
    ).first()
    return registry.last_number if registry else 0


def logged(campaign: ReviewCampaign) -> int:
    return ChangeLog.objects.filter(
        action="campaign_plan_issue", object_id=str(campaign.pk)
    ).count()


def test_the_officer_issues_the_plan_with_the_next_number_and_its_date(users, campaign, plan):
    """Given a drafted plan of Đảng ủy Quân khu 2, when its tracking officer issues it on a
    past day, then it carries the next KH number of the body's registry for that term, that
    date, is frozen, and the step is logged on the campaign."""
    day = D(2022, 3, 15)
    before = last_number(plan, day)
    issued = services.campaign_plan_issue(by=users["qk2.theodoi"], campaign=campaign, issued_on=day)
    assert issued.pk == plan.pk and issued.status == DocumentStatus.ISSUED
    assert issued.number == before + 1 and last_number(plan, day) == before + 1
    assert issued.symbol == f"{before + 1:02d}-KH/{issued.issuer_code}"
    assert issued.issued_on == day and issued.date == day
    assert logged(campaign) == 1
    # Frozen: no new draft, no new frame, not drafted again.
    with pytest.raises(DomainError):
        services.campaign_plan_draft(by=users["qk2.theodoi"], campaign=campaign)
    with pytest.raises(DomainError):
        documents.document_version_save(by=users["qk2.theodoi"], document=issued, content=[])


def test_numbers_follow_each_other_in_the_registry(users, campaign, plan):
    """Given a plan issued today, when another KH of the same body is issued, then it takes
    the next number: none skipped, none given twice."""
    issued = services.campaign_plan_issue(by=users["qk2.theodoi"], campaign=campaign)
    assert issued.issued_on == timezone.localdate()
    other = documents.document_create(
        by=users["qk2.theodoi"], kind=DocumentKind.PLAN, issuer=plan.issuer, style=campaign.style
    )
    other = documents.document_issue(by=users["qk2.theodoi"], document=other)
    assert other.number == issued.number + 1 and other.type_code == "KH"


def test_a_future_date_or_one_before_the_resolution_is_refused(users, campaign, plan):
    """Given a drafted plan, when it is issued tomorrow or before 623 itself was issued,
    then a refusal on the date field and the plan stays a draft without a number."""
    officer = users["qk2.theodoi"]
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    before = last_number(plan, timezone.localdate())
    with pytest.raises(DomainError) as caught:
        services.campaign_plan_issue(by=officer, campaign=campaign, issued_on=tomorrow)
    assert "issued_on" in caught.value.message_dict
    # 623-NQ/QUTW was issued on 08/10/2012 (the demo leaves the date out).
    start = D(2012, 10, 8)
    Resolution.objects.filter(pk=campaign.resolution_id).update(issued_on=start)
    with pytest.raises(DomainError) as caught:
        services.campaign_plan_issue(
            by=officer, campaign=campaign, issued_on=start - datetime.timedelta(days=1)
        )
    assert "issued_on" in caught.value.message_dict
    plan.refresh_from_db()
    assert plan.status == DocumentStatus.DRAFT and plan.number is None
    assert last_number(plan, timezone.localdate()) == before and logged(campaign) == 0


def test_issuing_twice_is_refused(users, campaign, plan):
    """Given an issued plan, when its officer issues it again or records a paper number,
    then a refusal with code issued and the number does not move."""
    officer = users["qk2.theodoi"]
    issued = services.campaign_plan_issue(by=officer, campaign=campaign)
    for call in (
        lambda: services.campaign_plan_issue(by=officer, campaign=campaign),
        lambda: services.campaign_plan_record(
            by=officer,
            campaign=campaign,
            version=issued.version,
            number=99,
            issued_on=timezone.localdate(),
        ),
    ):
        with pytest.raises(DomainError) as caught:
            call()
        assert caught.value.error_list[0].code == "issued"
    plan.refresh_from_db()
    assert plan.number == issued.number and logged(campaign) == 1


def test_no_plan_yet_is_refused(users, campaign):
    with pytest.raises(DomainError) as caught:
        services.campaign_plan_issue(by=users["qk2.theodoi"], campaign=campaign)
    assert caught.value.error_list[0].code == "no_plan"


def test_a_non_runner_gets_403_and_another_branch_404(users, campaign, plan):
    """Given a drafted plan of Quân khu 2, when a drafting team member issues it, then 403;
    when someone of Tổng cục CNQP does, then 404; nothing is numbered or logged."""
    before = ChangeLog.objects.count()
    with pytest.raises(PermissionDenied):
        services.campaign_plan_issue(by=users["qk2.baocao"], campaign=campaign)
    with pytest.raises(NotFound):
        services.campaign_plan_issue(by=users["cnqp.baocao"], campaign=campaign)
    with pytest.raises(NotFound):
        services.campaign_plan_record(
            by=users["cnqp.baocao"],
            campaign=campaign,
            version=plan.version,
            number=5,
            issued_on=D(2022, 3, 1),
        )
    plan.refresh_from_db()
    assert plan.status == DocumentStatus.DRAFT and ChangeLog.objects.count() == before


def test_a_plan_signed_on_paper_is_recorded_and_the_registry_moves_past_it(users, campaign, plan):
    """Given a plan signed on paper as number 40 on 01/03/2022, when the officer records it,
    then it carries 40-KH and that date, and the body's next KH takes 41."""
    officer = users["qk2.theodoi"]
    recorded = services.campaign_plan_record(
        by=officer, campaign=campaign, version=plan.version, number=40, issued_on=D(2022, 3, 1)
    )
    assert recorded.symbol == f"40-KH/{recorded.issuer_code}"
    assert recorded.issued_on == D(2022, 3, 1) and recorded.is_issued
    other = documents.document_create(
        by=officer, kind=DocumentKind.PLAN, issuer=plan.issuer, style=campaign.style
    )
    other = documents.document_issue(by=officer, document=other, issued_on=D(2022, 3, 2))
    assert other.number == 41
    assert logged(campaign) == 1


def test_the_plans_comments_do_not_hold_adoption_back(users, campaign, plan):
    """Given a required comment left open on the plan, when the dossier is submitted, then
    the head adopts it: only the dossier's own required comments count."""
    officer, commander = users["qk2.theodoi"], users["qk2.duyet"]
    services.campaign_synthesize(by=officer, campaign=campaign)
    services.campaign_consult(by=officer, campaign=campaign)
    services.dossier_comment(by=commander, document=plan, text="Sửa tiến độ.", required=True)
    assert selectors.open_comments(campaign=campaign)["required"] == 1
    services.campaign_request_appraisal(by=officer, campaign=campaign)
    services.campaign_appraise(by=commander, campaign=campaign, opinion="Đồng ý")
    services.campaign_submit(by=officer, campaign=campaign)
    adopted = services.campaign_adopt(by=commander, campaign=campaign)
    assert adopted.state == "adopted"
    assert selectors.dossier(campaign=campaign)[DossierRole.PLAN].pk == plan.pk


def test_the_issued_plan_prints_its_number_and_date_and_passes_the_checker(users, campaign, plan):
    """Given a plan issued on 15/03/2022, when it is rendered, then the number line reads
    "Số NN-KH/…", the place-and-date line carries that date, and the format checker finds
    nothing wrong (before issuing, the line is the blank "Số -KH/…")."""
    import io
    import re

    from docx import Document as Docx

    from tongket.documents.checker import assert_document_passes

    def text(data: bytes) -> str:
        docx = Docx(io.BytesIO(data))
        cells = [cell.text for table in docx.tables for row in table.rows for cell in row.cells]
        return "\n".join([p.text for p in docx.paragraphs] + cells)

    draft = text(assert_document_passes(plan))
    assert re.search(r"^Số\s+-KH/", draft, re.MULTILINE)
    assert re.search(r"ngày\s+tháng\s+năm\s*$", draft, re.MULTILINE)
    issued = services.campaign_plan_issue(
        by=users["qk2.theodoi"], campaign=campaign, issued_on=D(2022, 3, 15)
    )
    data = assert_document_passes(issued)
    printed = text(data)
    assert f"Số {issued.symbol}" in printed
    assert f"{issued.place}, ngày 15 tháng 3 năm 2022" in printed
