"""Nominations checked before submission, decisions within authority and quota, records."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document as Docx

from tongket.awards import selectors, services
from tongket.awards.choices import CheckLevel, NominationState
from tongket.awards.models import AwardForm, Nomination
from tongket.core.errors import DomainError, NotFound
from tongket.core.scopes import SYSTEM
from tongket.documents.rendering import render_docx
from tongket.documents.services import current_version
from tongket.org.models import Person, Unit
from tongket.reviews.models import ReviewCampaign

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def forms() -> dict[str, AwardForm]:
    return {f.code: f for f in AwardForm.objects.all()}


def test_the_campaign_summary_matches_the_scenario():
    c623 = ReviewCampaign.objects.get(resolution__symbol="623-NQ/QUTW")
    summary = selectors.campaign_awards_summary(user=SYSTEM, campaign=c623)
    # The decision's counts (26 + 28, 3 + 3 to BQP) and its named list agree: counted once.
    assert summary["awarded"] == {"collectives": 26, "individuals": 28}
    assert summary["proposed_to_higher"] == {"collectives": 3, "individuals": 3}
    assert summary["declared"]["awarded"] == {"collectives": 26, "individuals": 28}
    c382 = ReviewCampaign.objects.get(resolution__symbol="382-NQ/ĐUQSTW")
    assert selectors.campaign_awards_summary(user=SYSTEM, campaign=c382)["awarded"] == {
        "collectives": 14,
        "individuals": 12,
    }


def test_the_quota_catches_an_over_quota_nomination(users, forms):
    officer = users["qk2.thidua"]
    qk2 = Unit.objects.get(code="QK2")
    campaign = ReviewCampaign.objects.get(resolution__symbol="623-NQ/QUTW")
    districts = list(Unit.objects.filter(code__regex=r"^BCHQS-[A-Z]+-H[0-9]$").order_by("-code"))
    made = []
    for unit in districts[:3]:
        nomination = services.nomination_create(
            by=officer,
            proposing_unit=qk2,
            form=forms["BK-DV"],
            year=2022,
            nominee_unit=unit,
            campaign=campaign,
        )
        made.append(nomination)
    services.nomination_submit(by=officer, nomination=made[0])
    services.nomination_submit(by=officer, nomination=made[1])
    over = [c for c in services.checks(made[2], reader=officer) if c.code == "quota"]
    assert over[0].level == CheckLevel.ERROR
    with pytest.raises(DomainError) as caught:
        services.nomination_submit(by=officer, nomination=made[2])
    assert "56" in caught.value.messages[0]
    assert Nomination.objects.get(pk=made[2].pk).state == NominationState.DRAFT


def test_a_nominee_outside_the_scope_or_twice_is_refused(users, forms):
    officer = users["qk2.thidua"]
    qk2 = Unit.objects.get(code="QK2")
    with pytest.raises(DomainError):
        services.nomination_create(
            by=officer,
            proposing_unit=qk2,
            form=forms["BK-DV"],
            year=2023,
            nominee_unit=Unit.objects.get(code="Z111"),
        )
    outsider = Person.objects.filter(unit__code="TCCNQP").first()
    with pytest.raises(DomainError):
        services.nomination_create(
            by=officer, proposing_unit=qk2, form=forms["BK-DV"], year=2023, nominee_person=outsider
        )
    unit = Unit.objects.get(code="SD316-E98")
    services.nomination_create(
        by=officer, proposing_unit=qk2, form=forms["BK-DV"], year=2023, nominee_unit=unit
    )
    with pytest.raises(DomainError) as caught:
        services.nomination_create(
            by=officer, proposing_unit=qk2, form=forms["BK-DV"], year=2023, nominee_unit=unit
        )
    assert caught.value.error_dict["nominee_unit"][0].code == "duplicate"
    with pytest.raises(NotFound):
        services.nomination_create(
            by=users["cnqp.baocao"],
            proposing_unit=qk2,
            form=forms["BK-DV"],
            year=2023,
            nominee_unit=unit,
        )


def test_the_achievement_summary_is_prefilled_from_the_results(users, forms):
    nomination = services.nomination_create(
        by=users["qk2.thidua"],
        proposing_unit=Unit.objects.get(code="QK2"),
        form=forms["GK"],
        year=2023,
        nominee_unit=Unit.objects.get(code="BCHQS-PT"),
        resolution=ReviewCampaign.objects.get(resolution__symbol="623-NQ/QUTW").resolution,
    )
    assert "chỉ tiêu" in nomination.achievement and "báo cáo" in nomination.achievement


def test_a_dossier_file_must_be_a_document_or_an_image(users, forms):
    officer = users["qk2.thidua"]
    nomination = services.nomination_create(
        by=officer,
        proposing_unit=Unit.objects.get(code="QK2"),
        form=forms["GK"],
        year=2023,
        nominee_unit=Unit.objects.get(code="SD355-E52"),
    )
    with pytest.raises(DomainError):
        services.nomination_file_add(
            by=officer,
            nomination=nomination,
            kind="evidence",
            file=SimpleUploadedFile("virus.exe", b"MZ\x90\x00 not a document"),
        )
    stored = services.nomination_file_add(
        by=officer,
        nomination=nomination,
        kind="evidence",
        file=SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4\n%test\n"),
    )
    assert stored.content_type == "application/pdf"


def test_the_whole_flow_to_a_decision_in_word(users, forms):
    officer, commander = users["qk2.thidua"], users["qk2.duyet"]
    qk2 = Unit.objects.get(code="QK2")
    nomination = services.nomination_create(
        by=officer,
        proposing_unit=qk2,
        form=forms["GK"],
        year=2024,
        nominee_unit=Unit.objects.get(code="SD355-E82"),
    )
    services.nomination_submit(by=officer, nomination=nomination)
    services.nomination_council_review(
        by=commander, nomination=nomination, votes_for=7, votes_total=9
    )
    services.nomination_approve(by=commander, nomination=nomination)
    with pytest.raises(DomainError):
        services.decision_issue(by=officer, issuer=qk2, form=forms["GK"], nominations=[])
    with pytest.raises(PermissionDenied):
        services.decision_issue(
            by=users["qk2.baocao"], issuer=qk2, form=forms["GK"], nominations=[nomination]
        )
    decision = services.decision_issue(
        by=officer,
        issuer=qk2,
        form=forms["GK"],
        nominations=[nomination],
        issued_on=D(2024, 3, 1),
        signer_title="Phó Tư lệnh",
        signer_name="Nguyễn Văn A",
    )
    assert decision.document.symbol == "01/QĐ-QK2"
    data = render_docx(decision.document, current_version(decision.document).content)
    body = Docx(io.BytesIO(data))
    cells = " ".join(c.text for t in body.tables for r in t.rows for c in r.cells)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in cells and "Số: 01/QĐ-QK2" in cells
    assert "Trung đoàn 82" in cells
    assert nomination.nominee_unit in [
        n.nominee_unit for n in selectors.awards_of_unit(user=officer, unit=nomination.nominee_unit)
    ]
