"""Commendation pages: the catalogues, nominations with their checks, dossier and workflow,
decisions with their documents, a campaign's award record, and the award section of the unit
and person pages. Each bad input of issue 6 shows a message beside the field and writes
nothing; each action refuses the roles that do not own it."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from docx import Document as Docx
from openpyxl import load_workbook

from tongket.awards import services
from tongket.awards.choices import NominationState
from tongket.awards.models import AwardDecision, AwardForm, Nomination, NominationFile, Quota
from tongket.core.errors import DomainError
from tongket.core.models import ChangeLog
from tongket.org.models import Person, Unit, User
from tongket.reviews.models import ReviewCampaign

pytestmark = pytest.mark.django_db


@pytest.fixture
def forms() -> dict[str, AwardForm]:
    return {f.code: f for f in AwardForm.objects.all()}


@pytest.fixture
def officer(users):  # type: ignore[no-untyped-def]
    return users["qk2.thidua"]


@pytest.fixture
def c623() -> ReviewCampaign:
    return ReviewCampaign.objects.get(resolution__symbol="623-NQ/QUTW")


def fresh_districts() -> list[Unit]:
    """District commands of QK2 not awarded in the demo (the demo took the first eight)."""
    return list(Unit.objects.filter(code__regex=r"^BCHQS-[A-Z]+-H[0-9]$").order_by("-code"))


def make(officer, form, unit=None, person=None, year=2024, **kwargs):  # type: ignore[no-untyped-def]
    return services.nomination_create(
        by=officer,
        proposing_unit=Unit.objects.get(code="QK2"),
        form=form,
        year=year,
        nominee_unit=unit,
        nominee_person=person,
        **kwargs,
    )


def approved(officer, form, unit, year=2024):  # type: ignore[no-untyped-def]
    nomination = make(officer, form, unit=unit, year=year)
    services.nomination_submit(by=officer, nomination=nomination)
    services.nomination_council_review(
        by=officer, nomination=nomination, votes_for=7, votes_total=9
    )
    return services.nomination_approve(by=officer, nomination=nomination)


def pdf(name: str = "to-trinh.pdf", size: int = 0) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n" + b"0" * size, content_type="application/pdf")


# --- Pages ----------------------------------------------------------------------------------


def test_every_list_page_answers_with_a_bounded_number_of_queries(
    client, officer, c623, django_assert_max_num_queries
):
    client.force_login(officer)
    nomination = Nomination.objects.filter(proposing_unit__code="QK2").first()
    decision = AwardDecision.objects.filter(issuer__code="QK2").first()
    pages = [
        "/nominations/",
        "/nominations/?state=approved&year=2022&kind=collective",
        "/nominations/queue/",
        "/nominations/new/",
        f"/nominations/{nomination.pk}/",
        "/decisions/",
        "/decisions/new/",
        f"/decisions/{decision.pk}/",
        "/awards/forms/",
        "/awards/authorities/",
        "/awards/quotas/",
        f"/campaigns/{c623.pk}/awards/",
    ]
    for path in pages:
        with django_assert_max_num_queries(25):
            response = client.get(path)
        assert response.status_code == 200, path
    body = client.get("/").content.decode()
    assert 'href="/nominations/"' in body


def test_the_nomination_list_filters_and_pages(client, officer):
    client.force_login(officer)
    response = client.get("/nominations/?kind=individual&year=2022")
    rows = list(response.context["page"].object_list)
    assert rows and all(n.nominee_kind == "individual" and n.year == 2022 for n in rows)
    assert response.context["page"].paginator.count == 31  # 28 awarded, 3 proposed to BQP
    response = client.get("/nominations/?year=abc")
    assert response.status_code == 200 and response.context["filters"].errors


def test_the_campaign_awards_page_counts_the_scenario(client, officer, c623):
    client.force_login(officer)
    response = client.get(f"/campaigns/{c623.pk}/awards/")
    body = response.content.decode()
    summary = response.context["summary"]
    assert summary["awarded"] == {"collectives": 26, "individuals": 28}
    assert summary["proposed_to_higher"] == {"collectives": 3, "individuals": 3}
    assert 'data-testid="awarded-collectives">26<' in body
    assert 'data-testid="proposed-individuals">3<' in body
    assert len(response.context["awarded"]["collectives"]) == 26


def test_another_branch_sees_no_award_page(client, users, c623):
    client.force_login(users["cnqp.baocao"])
    nomination = Nomination.objects.filter(proposing_unit__code="QK2").first()
    decision = AwardDecision.objects.filter(issuer__code="QK2").first()
    for path in [
        f"/campaigns/{c623.pk}/awards/",
        f"/nominations/{nomination.pk}/",
        f"/decisions/{decision.pk}/",
        f"/decisions/{decision.pk}/docx/",
        f"/decisions/{decision.pk}/xlsx/",
    ]:
        assert client.get(path).status_code == 404, path
    body = client.get("/nominations/").content.decode()
    assert "Quân khu 2" not in body


def test_unit_and_person_pages_show_their_awards(client, officer):
    client.force_login(officer)
    awarded = Nomination.objects.filter(
        proposing_unit__code="QK2", decision__isnull=False, nominee_unit__isnull=False
    ).first()
    body = client.get(f"/units/{awarded.nominee_unit_id}/").content.decode()
    assert 'data-testid="award-record"' in body
    assert awarded.decision.document.symbol in body
    person = Nomination.objects.filter(
        proposing_unit__code="QK2", decision__isnull=False, nominee_person__isnull=False
    ).first()
    body = client.get(f"/people/{person.nominee_person_id}/").content.decode()
    assert person.decision.document.symbol in body


# --- New nomination -------------------------------------------------------------------------


def test_a_collective_is_nominated_and_the_checks_are_shown(client, officer, forms, c623):
    client.force_login(officer)
    unit = Unit.objects.get(code="BCHQS-PT")
    response = client.post(
        "/nominations/new/",
        {
            "proposing_unit": "QK2",
            "nominee_kind": "collective",
            "nominee_unit": unit.code,
            "form": forms["GK"].pk,
            "year": 2022,
            "campaign": c623.pk,
        },
    )
    nomination = Nomination.objects.get(nominee_unit=unit, form=forms["GK"], year=2022)
    assert response.status_code == 302 and response["Location"] == f"/nominations/{nomination.pk}/"
    assert "chỉ tiêu" in nomination.achievement  # pre-filled from the results
    body = client.get(response["Location"]).content.decode()
    assert 'data-check="authority" data-level="ok"' in body
    assert 'data-check="quota" data-level="ok"' in body
    assert 'data-testid="submit-nomination"' in body


def test_an_individual_is_nominated_by_a_person_picked_by_name(client, officer, forms):
    client.force_login(officer)
    person = Person.objects.filter(unit__code="BCHQS-PT", positions__isnull=False).first()
    options = client.get("/nominations/people/", {"q": person.full_name}).content.decode()
    assert f"{person.pk} — {person.full_name}" in options
    response = client.post(
        "/nominations/new/",
        {
            "proposing_unit": "QK2",
            "nominee_kind": "individual",
            "nominee_person": f"{person.pk} — {person.full_name}",
            "form": forms["GK"].pk,
            "year": 2024,
            "achievement": "Hoàn thành xuất sắc nhiệm vụ.",
        },
    )
    assert response.status_code == 302
    nomination = Nomination.objects.get(nominee_person=person, form=forms["GK"], year=2024)
    assert nomination.achievement == "Hoàn thành xuất sắc nhiệm vụ."


def test_the_achievement_is_prefilled_on_request(client, officer, forms, c623):
    client.force_login(officer)
    response = client.get(
        "/nominations/new/prefill/",
        {
            "proposing_unit": "QK2",
            "nominee_kind": "collective",
            "nominee_unit": "BCHQS-PT",
            "form": forms["GK"].pk,
            "year": 2022,
            "campaign": c623.pk,
        },
    )
    body = response.content.decode()
    assert "chỉ tiêu" in body and 'id="achievement-field"' in body
    empty = client.get("/nominations/new/prefill/", {"nominee_kind": "collective"})
    assert 'data-testid="prefill-problem"' in empty.content.decode()


@pytest.mark.parametrize(
    ("case", "field"),
    [
        ("outside_scope_unit", "nominee_unit"),
        ("outside_proposer", "nominee_unit"),
        ("outside_scope_person", "nominee_person"),
        ("no_nominee", "nominee_unit"),
        ("kind", "form"),
    ],
)
def test_a_bad_nominee_is_refused_beside_the_field(client, officer, forms, case, field):
    client.force_login(officer)
    data = {
        "proposing_unit": "QK2",
        "nominee_kind": "collective",
        "form": forms["BK-DV"].pk,
        "year": 2024,
    }
    if case == "outside_scope_unit":
        data["nominee_unit"] = "Z111"
    elif case == "outside_proposer":
        data["proposing_unit"] = "SD316"
        data["nominee_unit"] = "SD355-E52"
    elif case == "outside_scope_person":
        outsider = Person.objects.filter(unit__code="TCCNQP").first()
        data["nominee_kind"] = "individual"
        data["nominee_person"] = f"{outsider.pk} — {outsider.full_name}"
    elif case == "kind":
        data["nominee_unit"] = "SD316-E98"
        data["form"] = forms["CSTD-CS"].pk  # a title for individuals only
    before = (Nomination.objects.count(), ChangeLog.objects.count())
    response = client.post("/nominations/new/", data)
    assert response.status_code == 200
    assert response.context["form"].errors.get(field), response.context["form"].errors
    assert f'id="id_{field}-errors"' in response.content.decode()
    assert (Nomination.objects.count(), ChangeLog.objects.count()) == before


def test_a_duplicate_nomination_is_refused(client, officer, forms):
    client.force_login(officer)
    unit = fresh_districts()[1]
    make(officer, forms["GK"], unit=unit, year=2024)
    before = Nomination.objects.count()
    response = client.post(
        "/nominations/new/",
        {
            "proposing_unit": "QK2",
            "nominee_kind": "collective",
            "nominee_unit": unit.code,
            "form": forms["GK"].pk,
            "year": 2024,
        },
    )
    assert response.status_code == 200
    assert "already proposed" in str(response.context["form"].errors["nominee_unit"]) or (
        "đã được đề nghị" in str(response.context["form"].errors["nominee_unit"])
    )
    assert Nomination.objects.count() == before


def test_a_reporter_cannot_nominate(client, users, forms):
    client.force_login(users["qk2.baocao"])
    before = Nomination.objects.count()
    response = client.post(
        "/nominations/new/",
        {
            "proposing_unit": "QK2",
            "nominee_kind": "collective",
            "nominee_unit": "SD316-E98",
            "form": forms["GK"].pk,
            "year": 2024,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert Nomination.objects.count() == before


# --- Checks and workflow ----------------------------------------------------------------------


def test_the_quota_check_catches_an_over_quota_nomination(client, officer, forms, c623):
    """QK2's 2022 quota of Bằng khen is 56, and the demo awarded 54."""
    client.force_login(officer)
    made = [
        make(officer, forms["BK-DV"], unit=unit, year=2022, campaign=c623)
        for unit in fresh_districts()[:3]
    ]
    for nomination in made[:2]:
        response = client.post(f"/nominations/{nomination.pk}/submit/")
        assert response.status_code == 302
    body = client.get(f"/nominations/{made[2].pk}/").content.decode()
    assert 'data-check="quota" data-level="error"' in body
    assert 'data-testid="checks-blocking"' in body
    before = ChangeLog.objects.count()
    response = client.post(f"/nominations/{made[2].pk}/submit/")
    assert response.status_code == 200
    assert "56" in " ".join(m for ms in response.context["problems"].values() for m in ms)
    assert Nomination.objects.get(pk=made[2].pk).state == NominationState.DRAFT
    assert ChangeLog.objects.count() == before


def test_a_form_no_authority_may_give_cannot_be_submitted(client, officer, forms):
    client.force_login(officer)
    nomination = make(officer, forms["HCBVTQ"], unit=fresh_districts()[2])
    body = client.get(f"/nominations/{nomination.pk}/").content.decode()
    assert 'data-check="authority" data-level="error"' in body
    response = client.post(f"/nominations/{nomination.pk}/submit/")
    assert response.status_code == 200 and response.context["problems"]
    assert Nomination.objects.get(pk=nomination.pk).state == NominationState.DRAFT


def test_the_whole_flow_to_a_decision_and_its_files(client, officer, forms):
    client.force_login(officer)
    unit = fresh_districts()[3]
    nomination = make(officer, forms["GK"], unit=unit)
    response = client.post(
        f"/nominations/{nomination.pk}/edit/",
        {"achievement": "Dẫn đầu phong trào thi đua.", "note": "", "version": nomination.version},
    )
    assert response.status_code == 302
    response = client.post(
        f"/nominations/{nomination.pk}/files/",
        {"file-kind": "submission", "file-file": pdf()},
    )
    assert response.status_code == 302
    stored = NominationFile.objects.get(nomination=nomination)
    download = client.get(f"/nominations/{nomination.pk}/files/{stored.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    other = Client()
    other.force_login(User.objects.get(username="cnqp.baocao"))
    assert other.get(f"/nominations/{nomination.pk}/files/{stored.pk}/").status_code == 404
    assert client.post(f"/nominations/{nomination.pk}/submit/").status_code == 302
    response = client.post(
        f"/nominations/{nomination.pk}/council/",
        {"council-votes_for": "8", "council-votes_total": "9", "council-on": "01/03/2024"},
    )
    assert response.status_code == 302
    assert client.post(f"/nominations/{nomination.pk}/approve/").status_code == 302
    nomination.refresh_from_db()
    assert nomination.state == NominationState.APPROVED and nomination.votes_for == 8
    logged = set(
        ChangeLog.objects.filter(object_id=str(nomination.pk), user=officer).values_list(
            "action", flat=True
        )
    )
    assert {"nomination_submit", "nomination_council", "nomination_approve"} <= logged

    page = client.get("/decisions/new/", {"issuer": "QK2", "form": forms["GK"].pk})
    assert nomination in page.context["candidates"]
    response = client.post(
        "/decisions/new/",
        {
            "issuer": "QK2",
            "form": forms["GK"].pk,
            "nominations": [nomination.pk],
            "issued_on": "05/03/2024",
            "signer_title": "Phó Tư lệnh",
            "signer_name": "Nguyễn Văn A",
            "reason": "Đã có thành tích xuất sắc trong thực hiện Nghị quyết 623-NQ/QUTW",
        },
    )
    assert response.status_code == 302
    decision = AwardDecision.objects.get(nominations=nomination)
    assert response["Location"] == f"/decisions/{decision.pk}/"
    body = client.get(response["Location"]).content.decode()
    assert decision.document.symbol in body and unit.name in body
    docx = client.get(f"/decisions/{decision.pk}/docx/")
    assert docx.status_code == 200 and docx["Content-Type"].endswith("wordprocessingml.document")
    document = Docx(io.BytesIO(docx.content))
    cells = " ".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert decision.document.symbol in cells and unit.name in cells
    text = " ".join(p.text for p in document.paragraphs)
    assert "Nghị quyết 623-NQ/QUTW" in text  # the reason keeps its capitals
    sheet = load_workbook(io.BytesIO(client.get(f"/decisions/{decision.pk}/xlsx/").content)).active
    assert sheet.cell(row=2, column=2).value == unit.name
    unit_page = client.get(f"/units/{unit.pk}/").content.decode()
    assert decision.document.symbol in unit_page


def test_the_pdf_link_is_hidden_without_libreoffice(client, officer, monkeypatch):
    from tongket.ui.views.awards import decisions as views

    client.force_login(officer)
    decision = AwardDecision.objects.filter(issuer__code="QK2").first()
    monkeypatch.setattr(views, "libreoffice", lambda: None)
    body = client.get(f"/decisions/{decision.pk}/").content.decode()
    assert 'data-testid="download-pdf"' not in body
    assert client.get(f"/decisions/{decision.pk}/pdf/").status_code == 404
    monkeypatch.setattr(views, "libreoffice", lambda: "/usr/bin/soffice")
    body = client.get(f"/decisions/{decision.pk}/").content.decode()
    assert 'data-testid="download-pdf"' in body


def test_a_decision_without_awardees_is_refused(client, officer, forms):
    client.force_login(officer)
    before = AwardDecision.objects.count()
    response = client.post(
        "/decisions/new/",
        {"issuer": "QK2", "form": forms["GK"].pk, "issued_on": "05/03/2024"},
    )
    assert response.status_code == 200
    assert response.context["issue_form"].errors["nominations"]
    assert 'id="id_nominations-errors"' in response.content.decode()
    assert AwardDecision.objects.count() == before


def test_a_reporter_cannot_issue_a_decision(client, users, officer, forms):
    nomination = approved(officer, forms["GK"], fresh_districts()[4])
    client.force_login(users["qk2.baocao"])
    response = client.post(
        "/decisions/new/",
        {
            "issuer": "QK2",
            "form": forms["GK"].pk,
            "nominations": [nomination.pk],
            "issued_on": "05/03/2024",
        },
    )
    assert response.status_code == 200 and response.context["issue_form"].non_field_errors()
    assert not AwardDecision.objects.filter(nominations=nomination).exists()


@pytest.mark.parametrize(
    ("name", "content", "limit"),
    [
        ("virus.exe", b"MZ\x90\x00 not a document", None),
        ("ghi-chu.pdf", b"just text pretending", None),
        ("lon.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 10), 1),
    ],
)
def test_a_dossier_file_must_be_a_document_or_an_image_within_the_limit(
    client, officer, forms, settings, name, content, limit
):
    if limit:
        settings.MAX_UPLOAD_MB = limit
    client.force_login(officer)
    nomination = make(officer, forms["GK"], unit=fresh_districts()[5])
    before = ChangeLog.objects.count()
    response = client.post(
        f"/nominations/{nomination.pk}/files/",
        {"file-kind": "evidence", "file-file": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 200
    assert response.context["file_form"].errors["file"]
    assert 'id="id_file-file-errors"' in response.content.decode()
    assert not NominationFile.objects.filter(nomination=nomination).exists()
    assert ChangeLog.objects.count() == before


def test_each_action_refuses_the_roles_that_do_not_own_it(client, users, officer, forms):
    reporter = users["qk2.baocao"]
    nomination = make(officer, forms["GK"], unit=fresh_districts()[6])
    client.force_login(reporter)
    page = client.get(f"/nominations/{nomination.pk}/").content.decode()
    assert 'data-testid="submit-nomination"' not in page
    before = ChangeLog.objects.count()
    assert client.post(f"/nominations/{nomination.pk}/submit/").status_code == 403
    response = client.post(
        f"/nominations/{nomination.pk}/files/", {"file-kind": "evidence", "file-file": pdf()}
    )
    assert response.status_code == 403
    services.nomination_submit(by=officer, nomination=nomination)
    before = ChangeLog.objects.count()
    response = client.post(
        f"/nominations/{nomination.pk}/council/",
        {"council-votes_for": "5", "council-votes_total": "5"},
    )
    assert response.status_code == 403
    assert (
        client.post(f"/nominations/{nomination.pk}/reject/", {"reject-reason": "x"}).status_code
        == 403
    )
    assert ChangeLog.objects.count() == before
    assert Nomination.objects.get(pk=nomination.pk).state == NominationState.SUBMITTED
    # Another branch does not even see it.
    client.force_login(users["cnqp.baocao"])
    assert client.post(f"/nominations/{nomination.pk}/approve/").status_code == 404


def test_bad_council_and_reject_input_is_shown_beside_the_field(client, officer, forms):
    client.force_login(officer)
    nomination = make(officer, forms["GK"], unit=fresh_districts()[7])
    services.nomination_submit(by=officer, nomination=nomination)
    before = ChangeLog.objects.count()
    response = client.post(
        f"/nominations/{nomination.pk}/council/",
        {"council-votes_for": "12", "council-votes_total": "9"},
    )
    assert response.status_code == 200
    assert response.context["council_form"].errors["votes_for"]
    response = client.post(f"/nominations/{nomination.pk}/reject/", {"reject-reason": ""})
    assert response.context["reject_form"].errors["reason"]
    assert ChangeLog.objects.count() == before
    assert (
        client.post(
            f"/nominations/{nomination.pk}/reject/", {"reject-reason": "Chưa đủ tiêu chuẩn."}
        ).status_code
        == 302
    )
    assert Nomination.objects.get(pk=nomination.pk).state == NominationState.REJECTED


def test_a_nomination_is_proposed_to_the_higher_authority(client, officer, users, forms):
    client.force_login(officer)
    nomination = make(officer, forms["BK-BQP"], unit=fresh_districts()[8])
    body = client.get(f"/nominations/{nomination.pk}/").content.decode()
    assert 'data-check="authority" data-level="warning"' in body
    services.nomination_submit(by=officer, nomination=nomination)
    services.nomination_council_review(
        by=officer, nomination=nomination, votes_for=9, votes_total=9
    )
    bqp = Unit.objects.get(code="BQP")
    page = client.get(f"/nominations/{nomination.pk}/")
    assert bqp in page.context["forward_form"].authorities.values()
    response = client.post(f"/nominations/{nomination.pk}/forward/", {"forward-to": bqp.pk})
    assert response.status_code == 302
    nomination.refresh_from_db()
    assert nomination.state == NominationState.FORWARDED and nomination.decider == bqp
    # It waits in the queue of the Ministry's officers, not in QK2's.
    assert nomination not in client.get("/nominations/queue/").context["waiting"]
    client.force_login(users["admin"])
    assert nomination in client.get("/nominations/queue/").context["waiting"]


# --- Catalogues -------------------------------------------------------------------------------


def test_only_a_tree_administrator_edits_the_forms(client, officer, users):
    client.force_login(officer)
    data = {
        "code": "GK-TEST",
        "name": "Giấy khen thử",
        "category": "award",
        "for_collectives": "on",
        "rank": "5",
        "repeat_years": "1",
    }
    response = client.post("/awards/forms/edit/", data)
    assert response.status_code == 403
    assert not AwardForm.objects.filter(code="GK-TEST").exists()
    client.force_login(users["admin"])
    response = client.post("/awards/forms/edit/", {**data, "min_share_met": "80"})
    assert response.status_code == 302
    saved = AwardForm.objects.get(code="GK-TEST")
    assert saved.criteria == {"min_share_met": 80}
    response = client.post(
        "/awards/forms/edit/?code=GK-TEST", {**data, "for_collectives": "", "name": "X"}
    )
    assert response.status_code == 200 and response.context["form"].errors["for_collectives"]
    assert client.get("/awards/forms/edit/?code=NOPE").status_code == 404


def test_an_administrator_adds_an_authority(client, users, forms):
    client.force_login(users["admin"])
    before = forms["GK"].authorities.count()
    response = client.post("/awards/authorities/add/", {"form": forms["GK"].pk})
    assert response.context["form"].errors["unit"]
    response = client.post("/awards/authorities/add/", {"form": forms["GK"].pk, "unit": "SD316"})
    assert response.status_code == 302
    assert forms["GK"].authorities.count() == before + 1


def test_quotas_are_set_within_the_scope(client, officer, users):
    client.force_login(officer)
    response = client.post(
        "/awards/quotas/set/",
        {"unit": "QK2", "year": "2024", "basis": "share_headcount", "value": "10"},
    )
    assert response.context["form"].errors["headcount"]
    response = client.post(
        "/awards/quotas/set/", {"unit": "TCCNQP", "year": "2024", "basis": "count", "value": "5"}
    )
    assert response.context["form"].errors["unit"]
    response = client.post(
        "/awards/quotas/set/", {"unit": "QK2", "year": "2024", "basis": "count", "value": "12,0"}
    )
    assert response.status_code == 302
    assert Quota.objects.get(unit__code="QK2", year=2024).value == 12
    client.force_login(users["qk2.baocao"])
    response = client.post(
        "/awards/quotas/set/", {"unit": "QK2", "year": "2025", "basis": "count", "value": "3"}
    )
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert not Quota.objects.filter(unit__code="QK2", year=2025).exists()


def test_a_draft_is_withdrawn_only_by_its_officers_and_only_as_a_draft(
    client, users, officer, forms
):
    nomination = make(officer, forms["GK"], unit=fresh_districts()[9])
    client.force_login(users["qk2.baocao"])
    assert client.post(f"/nominations/{nomination.pk}/withdraw/").status_code == 403
    assert Nomination.objects.filter(pk=nomination.pk).exists()
    client.force_login(officer)
    response = client.post(f"/nominations/{nomination.pk}/withdraw/")
    assert response.status_code == 302 and response["Location"] == "/nominations/queue/"
    assert not Nomination.objects.filter(pk=nomination.pk).exists()
    submitted = make(officer, forms["GK"], unit=fresh_districts()[10])
    services.nomination_submit(by=officer, nomination=submitted)
    response = client.post(f"/nominations/{submitted.pk}/withdraw/")
    assert response.status_code == 200 and response.context["problems"]
    assert Nomination.objects.filter(pk=submitted.pk).exists()


@pytest.mark.skipif(
    not __import__("shutil").which("soffice"), reason="LibreOffice is not installed"
)
def test_the_decision_downloads_as_pdf_where_libreoffice_is_installed(client, officer):
    client.force_login(officer)
    decision = AwardDecision.objects.filter(issuer__code="QK2").first()
    response = client.get(f"/decisions/{decision.pk}/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_a_decision_of_a_form_the_issuer_may_not_give_is_refused(client, officer, forms):
    """A division may propose the Military Region's Bằng khen (a warning) but neither
    approve it (refused, naming the authority above) nor give it."""
    division = Unit.objects.get(code="SD316")
    nomination = services.nomination_create(
        by=officer,
        proposing_unit=division,
        form=forms["BK-DV"],
        year=2024,
        nominee_unit=Unit.objects.get(code="SD316-E98"),
    )
    services.nomination_submit(by=officer, nomination=nomination)
    services.nomination_council_review(
        by=officer, nomination=nomination, votes_for=5, votes_total=5
    )
    before = (AwardDecision.objects.count(), ChangeLog.objects.count())
    with pytest.raises(DomainError) as caught:
        services.nomination_approve(by=officer, nomination=nomination)
    assert "Quân khu 2" in " ".join(caught.value.messages)
    nomination.refresh_from_db()
    assert nomination.state == "council_reviewed"
    assert (AwardDecision.objects.count(), ChangeLog.objects.count()) == before
    client.force_login(officer)
    page = client.get("/decisions/new/", {"issuer": "SD316", "form": forms["BK-DV"].pk})
    assert page.context["may_give"] is False and page.context["candidates"] == []


def test_a_nomination_may_go_straight_to_an_authority_above(client, officer, forms):
    client.force_login(officer)
    unit = fresh_districts()[11]
    response = client.post(
        "/nominations/new/",
        {
            "proposing_unit": "QK2",
            "nominee_kind": "collective",
            "nominee_unit": unit.code,
            "form": forms["BK-BQP"].pk,
            "year": 2024,
            "decider": "BQP",
        },
    )
    assert response.status_code == 302
    nomination = Nomination.objects.get(nominee_unit=unit, form=forms["BK-BQP"])
    assert nomination.decider.code == "BQP"
    response = client.post(
        "/nominations/new/",
        {
            "proposing_unit": "QK2",
            "nominee_kind": "collective",
            "nominee_unit": fresh_districts()[12].code,
            "form": forms["GK"].pk,
            "year": 2024,
            "decider": "SD316",
        },
    )
    assert response.context["form"].errors["decider"]


def test_a_record_links_its_decision_only_for_readers_who_may_open_it(client):
    """A province's reporter sees on its unit page the Bằng khen Quân khu 2 gave it, but the
    decision was issued above the province: no link to a page that would answer 404."""
    from tongket.awards.models import Nomination
    from tongket.core.scopes import SYSTEM
    from tongket.org import services as org_services
    from tongket.org.choices import Role

    award = Nomination.objects.filter(
        nominee_unit__isnull=False, decision__isnull=False, decision__issuer__code="QK2"
    ).first()
    assert award is not None
    unit = award.nominee_unit
    reader = org_services.user_create(
        by=SYSTEM,
        username="tinh.baocao",
        password="x-Long-Password-1",
        unit=unit,
        role=Role.REPORTER,
    )
    client.force_login(reader)
    page = client.get(f"/units/{unit.pk}/").content.decode()
    assert award.decision.document.symbol in page
    assert f"/decisions/{award.decision_id}/" not in page
    assert client.get(f"/decisions/{award.decision_id}/").status_code == 404


# --- Counts without names -----------------------------------------------------------------


def test_the_campaign_page_shows_the_decisions_counts_once(client, officer, c623):
    """Given the demo decision carrying 26 + 28 and 3 + 3 to BQP beside its named list,
    the campaign page says 26 and 28, 3 and 3 (not twice as many)."""
    client.force_login(officer)
    body = client.get(f"/campaigns/{c623.pk}/awards/").content.decode()
    assert 'data-testid="awarded-collectives">26<' in body
    assert 'data-testid="proposed-individuals">3<' in body
    assert 'data-testid="awarded-named"' in body


def test_a_decision_from_paper_is_recorded_with_counts_on_the_page(client, officer, c623, forms):
    client.force_login(officer)
    data = {
        "issuer": "QK2",
        "form": forms["GK"].pk,
        "symbol": "77/QĐ-BTL",
        "issued_on": "09/07/2022",
        "campaign": c623.pk,
        "awarded_collectives": "2",
        "awarded_individuals": "",
        "proposed_collectives": "1",
    }
    response = client.post("/decisions/record/", data)
    assert response.status_code == 200
    assert response.context["form"].errors["proposed_to"]
    response = client.post(
        "/decisions/record/",
        data | {"proposed_form": forms["BK-BQP"].pk, "proposed_to": "BQP"},
    )
    assert response.status_code == 302
    decision = AwardDecision.objects.get(symbol="77/QĐ-BTL")
    page = client.get(f"/decisions/{decision.pk}/").content.decode()
    assert 'data-testid="decision-counts"' in page and 'data-testid="download-docx"' not in page
