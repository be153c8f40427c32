"""Through the API: the proposal of a submitted batch (listed, drafted once, by the proposing
unit's commendation officers), and a decision's named list imported from Excel and reconciled
with its counts (all or nothing, stale versions answered 409)."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tongket.awards import counts, services
from tongket.awards.models import AwardDecision, AwardForm, Nomination
from tongket.documents.checker import assert_document_passes
from tongket.documents.models import Document
from tongket.org.models import Unit, User
from tongket.reviews.models import ReviewCampaign

pytestmark = pytest.mark.django_db
YEAR = 2025


def api(user: User) -> APIClient:
    token, _ = Token.objects.get_or_create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def xlsx(rows: list[list[object]]) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.title = "Danh sách khen thưởng"
    sheet.append(["Tập thể, cá nhân", "Loại", "Mã đơn vị / Đơn vị"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("danh-sach.xlsx", buffer.getvalue())


@pytest.fixture
def submitted(users) -> list[Nomination]:
    officer = users["qk2.thidua"]
    made = []
    for unit in Unit.objects.filter(code__startswith="SD355-E").order_by("code")[:2]:
        nomination = services.nomination_create(
            by=officer,
            proposing_unit=Unit.objects.get(code="SD355"),
            decider=Unit.objects.get(code="QK2"),
            form=AwardForm.objects.get(code="BK-DV"),
            year=YEAR,
            nominee_unit=unit,
            achievement="Hoàn thành xuất sắc nhiệm vụ.",
        )
        made.append(services.nomination_submit(by=officer, nomination=nomination))
    return made


def test_a_batch_is_listed_then_proposed_once(users, submitted):
    client = api(users["qk2.thidua"])
    form = AwardForm.objects.get(code="BK-DV").pk
    batches = client.get("/api/v1/nominations/proposals/").json()
    assert {
        "proposing_unit": "SD355",
        "decider": "QK2",
        "form": form,
        "form_name": AwardForm.objects.get(pk=form).name,
        "year": YEAR,
        "collectives": 2,
        "individuals": 0,
    } in batches
    body = {"proposing_unit": "SD355", "decider": "QK2", "form": form, "year": YEAR}
    response = client.post("/api/v1/nominations/proposals/", body, format="json")
    assert response.status_code == 201, response.json()
    made = response.json()
    assert made["status"] == "draft" and made["issuer"] == "SD355"
    assert made["nominations"] == sorted(n.pk for n in submitted)
    assert_document_passes(Document.objects.get(pk=made["document"]))
    assert client.get(f"/api/v1/nominations/{submitted[0].pk}/").status_code == 200
    again = client.post("/api/v1/nominations/proposals/", body, format="json")
    assert again.status_code == 400
    # An approver proposes nothing; another branch does not reach the unit
    refused = api(users["qk2.duyet"]).post("/api/v1/nominations/proposals/", body, format="json")
    assert refused.status_code == 403
    outside = api(users["cnqp.baocao"]).post("/api/v1/nominations/proposals/", body, format="json")
    assert outside.status_code == 400  # the proposing unit is not one of its units
    assert Document.objects.filter(kind="award_proposal", issuer__code="SD355").count() == 1


@pytest.fixture
def paper(users) -> AwardDecision:
    return counts.decision_record(
        by=users["qk2.thidua"],
        issuer=Unit.objects.get(code="QK2"),
        form=AwardForm.objects.get(code="GK"),
        symbol="78/QĐ-BTL",
        issued_on=datetime.date(2022, 7, 9),
        campaign=ReviewCampaign.objects.get(resolution__symbol="623-NQ/QUTW"),
        counts=[{"nominee_kind": "collective", "count": 2}],
    )


def test_the_named_list_is_imported_and_reconciled(users, paper):
    client = api(users["qk2.thidua"])
    url = f"/api/v1/award-decisions/{paper.pk}/"
    assert client.get(url).json()["version"] == paper.version
    lines = client.get(url + "reconciliation/").json()
    assert [
        (line["nominee_kind"], line["declared"], line["named"], line["status"]) for line in lines
    ] == [("collective", 2, 0, "names_missing")]
    # A bad row refuses the file, naming sheet, row and column
    bad = client.post(
        url + "list/",
        {"file": xlsx([["Sư đoàn 316", "Tập thể", "SD316"], ["Ai đó", "Tập thể", "KHONG"]])},
        format="multipart",
    )
    assert bad.status_code == 400
    assert bad.json()["errors"]["rows"] == [
        {
            "sheet": "Danh sách khen thưởng",
            "row": 3,
            "column": "Mã đơn vị / Đơn vị",
            "message": bad.json()["errors"]["rows"][0]["message"],
        }
    ]
    assert not Nomination.objects.filter(decision=paper).exists()
    # A good one names them, and the counts reconcile
    good = client.post(
        url + "list/",
        {"file": xlsx([["Sư đoàn 316", "Tập thể", "SD316"]]), "version": paper.version},
        format="multipart",
    )
    assert good.status_code == 200, good.json()
    assert good.json() == {"created": 1, "linked": 0, "collectives": 1, "individuals": 0}
    (line,) = client.get(url + "reconciliation/").json()
    assert (line["declared"], line["named"], line["difference"], line["counted"]) == (2, 1, -1, 2)
    # A stale version answers 409, for the list and for the counts
    stale = client.post(
        url + "list/",
        {"file": xlsx([["Sư đoàn 355", "Tập thể", "SD355"]]), "version": paper.version},
        format="multipart",
    )
    assert stale.status_code == 409
    stale_counts = client.post(
        url + "counts/",
        {"counts": [{"nominee_kind": "collective", "count": 5}], "version": paper.version},
        format="json",
    )
    assert stale_counts.status_code == 409
    assert Nomination.objects.filter(decision=paper).count() == 1


def test_a_reporter_cannot_import_and_another_branch_sees_nothing(users, paper):
    upload = {"file": xlsx([["Sư đoàn 316", "Tập thể", "SD316"]])}
    url = f"/api/v1/award-decisions/{paper.pk}/"
    assert (
        api(users["qk2.baocao"]).post(url + "list/", upload, format="multipart").status_code == 403
    )
    outside = api(users["cnqp.baocao"])
    assert outside.get(url + "reconciliation/").status_code == 404
    assert outside.post(url + "list/", upload, format="multipart").status_code == 404
    assert not Nomination.objects.filter(decision=paper).exists()
