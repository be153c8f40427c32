"""A nomination's workflow: the whole flow to a decision and its files, council and rejection
input beside the field, proposal to a higher authority or straight to one above, and each
action refused to the roles that do not own it."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from docx import Document as Docx
from openpyxl import load_workbook

from tongket.awards import services
from tongket.awards.choices import NominationState
from tongket.awards.models import AwardDecision, Nomination, NominationFile
from tongket.core.errors import DomainError
from tongket.core.models import ChangeLog
from tongket.org.models import Unit, User
from tongket.ui.tests.awards.helpers import fresh_districts, make, pdf

pytestmark = pytest.mark.django_db


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
