"""Commendations over REST: catalogues (read by all, written by administrators), a
nomination through submission, the council's vote, approval and a decision with its DOCX;
rejection and forwarding; the bad inputs of the issue (a form no authority may give, quota
exceeded, nominee outside scope, duplicate, decision without awardees, a file of the wrong
type or too big), each a 400 naming the field with nothing written; bounded queries."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tongket.awards import services
from tongket.awards.models import (
    AwardAuthority,
    AwardDecision,
    AwardForm,
    Nomination,
    NominationFile,
)
from tongket.core.models import ChangeLog
from tongket.core.scopes import SYSTEM
from tongket.org.models import Person, Unit, User

pytestmark = pytest.mark.django_db
YEAR = datetime.date.today().year
PDF = b"%PDF-1.4\n" + b"x" * 200


def api(user: User) -> APIClient:
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def form(code: str) -> AwardForm:
    return AwardForm.objects.get(code=code)


def state() -> tuple[int, ...]:
    return (
        Nomination.objects.count(),
        NominationFile.objects.count(),
        AwardDecision.objects.count(),
        ChangeLog.objects.count(),
    )


def nominate(client: APIClient, **fields: object) -> object:
    payload = {"proposing_unit": "QK2", "form": form("BK-DV").pk, "year": YEAR, **fields}
    return client.post("/api/v1/nominations/", payload, format="json")


def qk2_person() -> Person:
    """Someone holding a position in Quân khu 2 today, never proposed."""
    return (
        Person.objects.filter(
            positions__unit__path__startswith=Unit.objects.get(code="QK2").path,
            positions__valid_to__isnull=True,
            nominations__isnull=True,
        )
        .distinct()
        .first()
    )


def test_a_nomination_from_proposal_to_decision(users):
    """Given Quân khu 2's commendation officer, when Sư đoàn 316 is proposed for a Bằng khen
    of the Commander, submitted, voted by the council, approved and decided, then each step
    answers with the nomination (its checks visible), and the decision has a number, its
    awardee and a DOCX."""
    officer = api(users["qk2.thidua"])
    response = nominate(officer, nominee_unit="SD316", achievement="Hoàn thành xuất sắc.")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["state"] == "draft" and body["nominee_name"]
    assert {c["code"] for c in body["checks"]} >= {"authority", "quota"}
    assert all(c["level"] != "error" for c in body["checks"])
    url = f"/api/v1/nominations/{body['id']}"
    response = officer.patch(
        f"{url}/", {"note": "Ghi chú", "version": body["version"]}, format="json"
    )
    assert response.status_code == 200 and response.json()["note"] == "Ghi chú"
    response = officer.post(
        f"{url}/files/",
        {"kind": "achievement_report", "file": SimpleUploadedFile("bao-cao.pdf", PDF)},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    assert officer.post(f"{url}/submit/").json()["state"] == "submitted"
    assert officer.delete(f"{url}/").status_code == 400  # no longer a draft
    response = officer.post(f"{url}/approve/")
    assert response.status_code == 400  # the council reviews first
    response = officer.post(
        f"{url}/council-review/", {"votes_for": 8, "votes_total": 7}, format="json"
    )
    assert response.status_code == 400 and "votes_for" in response.json()["errors"]
    response = officer.post(
        f"{url}/council-review/", {"votes_for": 6, "votes_total": 7}, format="json"
    )
    assert response.status_code == 200 and response.json()["state"] == "council_reviewed"
    assert officer.post(f"{url}/approve/").json()["state"] == "approved"
    response = officer.post(
        "/api/v1/award-decisions/",
        {"issuer": "QK2", "form": form("BK-DV").pk, "nominations": [body["id"]]},
        format="json",
    )
    assert response.status_code == 201, response.content
    decision = response.json()
    assert decision["symbol"] and decision["awardees"][0]["nomination"] == body["id"]
    assert officer.get(f"{url}/").json()["decision"] == decision["id"]
    docx = officer.get(f"/api/v1/award-decisions/{decision['id']}/docx/")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    assert (
        api(users["cnqp.baocao"]).get(f"/api/v1/award-decisions/{decision['id']}/").status_code
        == 404
    )


def test_rejecting_forwarding_and_withdrawing(users):
    officer = api(users["qk2.thidua"])
    first = nominate(officer, nominee_unit="SD355").json()
    officer.post(f"/api/v1/nominations/{first['id']}/submit/")
    url = f"/api/v1/nominations/{first['id']}/reject/"
    response = officer.post(url, {"reason": " "}, format="json")
    assert response.status_code == 400 and "reason" in response.json()["errors"]
    assert officer.post(url, {"reason": "Chưa đủ tiêu chuẩn."}, format="json").json()["state"] == (
        "rejected"
    )
    second = nominate(officer, nominee_unit="SD316", form=form("BK-BQP").pk).json()
    checks = {c["code"]: c["level"] for c in second["checks"]}
    assert checks["authority"] == "warning"  # a higher authority gives it
    url = f"/api/v1/nominations/{second['id']}/forward/"
    response = officer.post(url, {"to": "SD316"}, format="json")
    assert response.status_code == 400 and "to" in response.json()["errors"]
    response = officer.post(url, {"to": "BQP"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "forwarded" and response.json()["decider"] == "BQP"
    third = nominate(officer, nominee_unit="CHC-QK2").json()
    assert officer.delete(f"/api/v1/nominations/{third['id']}/").status_code == 204
    assert not Nomination.objects.filter(pk=third["id"]).exists()


def test_only_commendation_officers_propose_and_decide(users):
    before = state()
    assert nominate(api(users["qk2.baocao"]), nominee_unit="SD316").status_code == 403
    nomination = Nomination.objects.filter(decider__code="QK2", state="approved").first()
    response = api(users["qk2.baocao"]).post(f"/api/v1/nominations/{nomination.pk}/approve/")
    assert response.status_code == 403
    assert state() == before


def _refused(response: object, field: str, before: tuple[int, ...]) -> None:
    assert response.status_code == 400, response.content  # type: ignore[attr-defined]
    errors = response.json()["errors"]  # type: ignore[attr-defined]
    assert field in errors, errors
    assert response.json()["detail"]  # type: ignore[attr-defined]
    assert state() == before


def test_a_nominee_outside_scope_is_refused(users, cnqp_person):
    officer = api(users["qk2.thidua"])
    before = state()
    _refused(nominate(officer, nominee_unit="Z111"), "nominee_unit", before)
    _refused(nominate(officer, nominee_person=cnqp_person.pk), "nominee_person", before)
    _refused(nominate(officer, proposing_unit="SD316", nominee_unit="QK2"), "nominee_unit", before)
    _refused(nominate(officer), "nominee_unit", before)


def test_a_duplicate_nomination_is_refused(users):
    """Given Sư đoàn 316 already awarded the Commander's Bằng khen in 2022, when proposed
    again for it that year, then 400 naming the nominee, code duplicate."""
    before = state()
    response = nominate(api(users["qk2.thidua"]), nominee_unit="SD316", year=2022)
    _refused(response, "nominee_unit", before)
    assert response.json()["code"] in ("duplicate", "repeat")


def test_a_form_no_authority_may_give_is_refused(users):
    """Given a form no authority at or above Quân khu 2 may give, when a nomination for it
    is submitted, then 400 under checks and it stays a draft; a decision of a form the
    issuer may not give is refused naming the form."""
    officer = api(users["qk2.thidua"])
    nomination = nominate(officer, nominee_unit="SD316", form=form("HCBVTQ").pk).json()
    assert {c["code"]: c["level"] for c in nomination["checks"]}["authority"] == "error"
    before = state()
    _refused(officer.post(f"/api/v1/nominations/{nomination['id']}/submit/"), "checks", before)
    assert Nomination.objects.get(pk=nomination["id"]).state == "draft"
    qk2 = Unit.objects.get(code="QK2")
    approved = services.nomination_create(
        by=SYSTEM, proposing_unit=qk2, form=form("BK-BQP"), year=YEAR, nominee_unit=qk2
    )
    services.nomination_submit(by=SYSTEM, nomination=approved)
    services.nomination_council_review(by=SYSTEM, nomination=approved, votes_for=5, votes_total=5)
    # Quân khu 2 may not approve the Minister's Bằng khen: refused, naming the decider.
    before = state()
    _refused(officer.post(f"/api/v1/nominations/{approved.pk}/approve/"), "decider", before)


def test_a_quota_exceeded_is_refused(users, units):
    services.quota_set(
        by=SYSTEM, unit=units["QK2"], year=YEAR, basis="count", value=0, form=form("BK-DV")
    )
    officer = api(users["qk2.thidua"])
    nomination = nominate(officer, nominee_unit="SD316").json()
    assert {c["code"]: c["level"] for c in nomination["checks"]}["quota"] == "error"
    before = state()
    _refused(officer.post(f"/api/v1/nominations/{nomination['id']}/submit/"), "checks", before)


def test_a_decision_without_awardees_is_refused(users):
    before = state()
    response = api(users["qk2.thidua"]).post(
        "/api/v1/award-decisions/",
        {"issuer": "QK2", "form": form("BK-DV").pk, "nominations": []},
        format="json",
    )
    _refused(response, "nominations", before)


@pytest.mark.parametrize(
    ("name", "content", "limit"),
    [
        ("ghi-chu.txt", b"plain text, not a document", 20),
        ("gia-mao.pdf", b"<html>not a pdf</html>", 20),
        ("lon.pdf", PDF + b"x" * (1024 * 1024 + 1), 1),
        ("rong.pdf", b"", 20),
    ],
)
def test_a_file_not_pdf_docx_or_image_or_too_big_is_refused(users, settings, name, content, limit):
    settings.MAX_UPLOAD_MB = limit
    officer = api(users["qk2.thidua"])
    nomination = nominate(officer, nominee_unit="SD316").json()
    before = state()
    response = officer.post(
        f"/api/v1/nominations/{nomination['id']}/files/",
        {"kind": "evidence", "file": SimpleUploadedFile(name, content)},
        format="multipart",
    )
    _refused(response, "file", before)


def test_council_minutes_of_the_wrong_type_are_refused(users):
    officer = api(users["qk2.thidua"])
    nomination = nominate(officer, nominee_unit="SD316").json()
    officer.post(f"/api/v1/nominations/{nomination['id']}/submit/")
    before = state()
    response = officer.post(
        f"/api/v1/nominations/{nomination['id']}/council-review/",
        {"votes_for": 5, "votes_total": 5, "minutes": SimpleUploadedFile("bb.txt", b"text")},
        format="multipart",
    )
    _refused(response, "minutes", before)
    assert Nomination.objects.get(pk=nomination["id"]).state == "submitted"


def test_an_individual_holding_a_position_can_be_proposed(users):
    person = qk2_person()
    response = nominate(api(users["qk2.thidua"]), nominee_person=person.pk)
    assert response.status_code == 201, response.content
    assert response.json()["nominee_kind"] == "individual"


def test_catalogues_are_read_by_all_and_written_by_administrators(users, qk2_admin):
    forms = api(users["qk2.baocao"]).get("/api/v1/award-forms/").json()
    assert forms["count"] == AwardForm.objects.count()
    authorities = api(users["qk2.baocao"]).get("/api/v1/award-authorities/").json()
    assert authorities["count"] == AwardAuthority.objects.count()
    payload = {"code": "GK-TEST", "name": "Giấy khen thử", "category": "award"}
    for user in (users["qk2.thidua"], qk2_admin):
        response = api(user).post("/api/v1/award-forms/", payload, format="json")
        assert response.status_code == 403
    admin = api(users["admin"])
    response = admin.post("/api/v1/award-forms/", payload, format="json")
    assert response.status_code == 201, response.content
    created = response.json()["id"]
    response = admin.patch(f"/api/v1/award-forms/{created}/", {"rank": 3}, format="json")
    assert response.status_code == 200 and response.json()["rank"] == 3
    response = admin.patch(
        f"/api/v1/award-forms/{created}/",
        {"for_collectives": False, "for_individuals": False},
        format="json",
    )
    assert response.status_code == 400 and "for_collectives" in response.json()["errors"]
    response = admin.post(
        "/api/v1/award-authorities/", {"form": created, "body_level": "division"}, format="json"
    )
    assert response.status_code == 201 and response.json()["body_level"] == "division"
    response = admin.post("/api/v1/award-authorities/", {"form": created}, format="json")
    assert response.status_code == 400 and "unit" in response.json()["errors"]
    response = api(users["qk2.thidua"]).post(
        "/api/v1/award-authorities/", {"form": created, "level": 3}, format="json"
    )
    assert response.status_code == 403


def test_award_lists_take_a_bounded_number_of_queries(users):
    client = api(users["admin"])
    for path, limit in (
        ("/api/v1/nominations/", 4),
        ("/api/v1/award-decisions/", 5),  # and their counts
        ("/api/v1/award-forms/", 4),
        ("/api/v1/award-authorities/", 4),
    ):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path, {"page_size": 500})
        assert response.status_code == 200 and response.json()["count"] >= 2, path
        assert len(queries) <= limit, (path, len(queries))
