"""Commendation pages for the proposal of a submitted batch (a button on the nominations page
for the proposing unit's commendation officers, the draft opened on the document page) and
for counts without names reconciled (the reconciliation of a decision, its named list
imported from Excel, refused whole with every bad row listed)."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from tongket.awards import counts, services
from tongket.awards.models import AwardDecision, AwardForm, Nomination
from tongket.documents.choices import DocumentKind
from tongket.documents.models import Document
from tongket.org.models import Unit
from tongket.reviews.models import ReviewCampaign

pytestmark = pytest.mark.django_db
YEAR = 2025


def xlsx(rows: list[list[object]]) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.title = "Danh sách khen thưởng"
    sheet.append(["TT", "Tập thể, cá nhân", "Loại", "Mã đơn vị / Đơn vị"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("danh-sach.xlsx", buffer.getvalue())


@pytest.fixture
def submitted(users) -> list[Nomination]:
    """Two collectives Sư đoàn 316 put forward to Quân khu 2 for its Bằng khen in 2025."""
    officer = users["qk2.thidua"]
    made = []
    for unit in Unit.objects.filter(code__startswith="SD316-E").order_by("code")[:2]:
        nomination = services.nomination_create(
            by=officer,
            proposing_unit=Unit.objects.get(code="SD316"),
            decider=Unit.objects.get(code="QK2"),
            form=AwardForm.objects.get(code="BK-DV"),
            year=YEAR,
            nominee_unit=unit,
            achievement="Hoàn thành xuất sắc nhiệm vụ.",
        )
        made.append(services.nomination_submit(by=officer, nomination=nomination))
    return made


def batch_data() -> dict[str, object]:
    return {
        "proposing_unit": "SD316",
        "decider": "QK2",
        "form": AwardForm.objects.get(code="BK-DV").pk,
        "year": YEAR,
    }


def test_the_officer_drafts_the_proposal_from_the_nominations_page(client, users, submitted):
    # Given the commendation officer on the nominations page, the batch waits with its button
    client.force_login(users["qk2.thidua"])
    page = client.get("/nominations/")
    assert 'data-testid="make-proposal"' in page.content.decode()
    assert [
        (b.proposing_unit.code, b.total) for b in page.context["batches"] if b.year == YEAR
    ] == [("SD316", 2)]
    # When the button is pressed
    response = client.post("/nominations/proposals/new/", batch_data())
    # Then the proposal opens on its document page, a draft of the division linked to both
    document = Document.objects.get(kind=DocumentKind.AWARD_PROPOSAL, issuer__code="SD316")
    assert response.status_code == 302 and response["Location"] == f"/documents/{document.pk}/"
    assert {n.pk for n in document.proposed_nominations.all()} == {n.pk for n in submitted}
    assert client.get(response["Location"]).status_code == 200
    detail = client.get(f"/nominations/{submitted[0].pk}/").content.decode()
    assert 'data-testid="proposal-link"' in detail
    listed = client.get("/nominations/")
    assert document in listed.context["proposals"]
    assert not [b for b in listed.context["batches"] if b.year == YEAR]
    # and pressing it again proposes nothing twice: the refusal is shown on the list
    again = client.post("/nominations/proposals/new/", batch_data(), follow=True)
    assert (
        Document.objects.filter(kind=DocumentKind.AWARD_PROPOSAL, issuer__code="SD316").count() == 1
    )
    assert again.redirect_chain[-1][0] == "/nominations/"
    assert list(again.context["messages"])


def test_who_does_not_propose_sees_no_button_and_is_refused(client, users, submitted):
    # An approver of Quân khu 2 decides awards but proposes none
    client.force_login(users["qk2.duyet"])
    assert 'data-testid="make-proposal"' not in client.get("/nominations/").content.decode()
    assert client.post("/nominations/proposals/new/", batch_data()).status_code == 403
    # Another branch does not reach the unit
    client.force_login(users["cnqp.baocao"])
    assert client.post("/nominations/proposals/new/", batch_data()).status_code in {403, 404}
    assert not Nomination.objects.filter(year=YEAR, proposal__isnull=False).exists()


@pytest.fixture
def paper(users) -> AwardDecision:
    return counts.decision_record(
        by=users["qk2.thidua"],
        issuer=Unit.objects.get(code="QK2"),
        form=AwardForm.objects.get(code="GK"),
        symbol="77/QĐ-BTL",
        issued_on=datetime.date(2022, 7, 9),
        campaign=ReviewCampaign.objects.get(resolution__symbol="623-NQ/QUTW"),
        counts=[{"nominee_kind": "collective", "count": 3}],
    )


def test_the_list_is_imported_and_the_differences_shown(
    client, users, paper, django_assert_max_num_queries
):
    client.force_login(users["qk2.thidua"])
    # Given the decision with its count of 3 collectives and no names
    with django_assert_max_num_queries(25):
        page = client.get(f"/decisions/{paper.pk}/reconciliation/")
    body = page.content.decode()
    assert 'data-testid="list-import-form"' in body and 'data-status="names_missing"' in body
    # When a file with a bad row is sent, it is refused whole with the row named
    response = client.post(
        f"/decisions/{paper.pk}/list/",
        {
            "version": paper.version,
            "file": xlsx(
                [[1, "Sư đoàn 316", "Tập thể", "SD316"], [2, "Không có", "Tập thể", "XX"]]
            ),
        },
    )
    assert response.status_code == 200
    errors = response.context["import_errors"]
    assert [(e["sheet"], e["row"], e["column"]) for e in errors] == [
        ("Danh sách khen thưởng", 3, "Mã đơn vị / Đơn vị")
    ]
    assert 'data-testid="import-errors"' in response.content.decode()
    assert not Nomination.objects.filter(decision=paper).exists()
    # When the corrected file is sent, the names go in and one name is still missing
    response = client.post(
        f"/decisions/{paper.pk}/list/",
        {
            "version": paper.version,
            "file": xlsx(
                [[1, "Sư đoàn 316", "Tập thể", "SD316"], [2, "Sư đoàn 355", "Tập thể", ""]]
            ),
        },
    )
    assert response.status_code == 302
    page = client.get(response["Location"])
    (line,) = page.context["lines"]
    assert (line.declared, line.named, line.difference, line.status) == (3, 2, -1, "names_missing")
    assert 'class="row-warning"' in page.content.decode()
    # and the decision's page counts 3 collectives, not 5
    decision_page = client.get(f"/decisions/{paper.pk}/")
    assert decision_page.context["totals"]["collectives"] == 3
    # A page sent from before the import is refused as stale
    stale = client.post(
        f"/decisions/{paper.pk}/list/",
        {"version": paper.version, "file": xlsx([[1, "Trung đoàn 98", "Tập thể", "SD316-E98"]])},
    )
    assert stale.status_code == 200 and stale.context["import_form"].errors
    assert Nomination.objects.filter(decision=paper).count() == 2


def test_a_reporter_cannot_import_and_a_generated_decision_offers_no_import(client, users, paper):
    client.force_login(users["qk2.baocao"])
    page = client.get(f"/decisions/{paper.pk}/reconciliation/")
    assert page.status_code == 200 and page.context["import_form"] is None
    response = client.post(
        f"/decisions/{paper.pk}/list/",
        {"file": xlsx([[1, "Sư đoàn 316", "Tập thể", "SD316"]])},
    )
    assert response.status_code == 403
    assert not Nomination.objects.filter(decision=paper).exists()
    client.force_login(users["qk2.thidua"])
    generated = AwardDecision.objects.filter(issuer__code="QK2", document__isnull=False).first()
    page = client.get(f"/decisions/{generated.pk}/reconciliation/")
    assert page.context["import_form"] is None
    assert {line.status for line in page.context["lines"]} == {"match"}
