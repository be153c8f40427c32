"""Resolutions through the API: lists with filters and the symbol lookup (old codes too), bad
filters named, nothing of another branch, the detail with its parts; registration with the
issuer-code warning, versions, status, relations, parties and files written and logged,
refused to readers who do not keep the record; lists and the detail take a bounded number
of queries."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from tongket.api.tests.resolutions.helpers import PDF, logged, resolution
from tongket.core.models import ChangeLog
from tongket.org.models import Unit
from tongket.resolutions.models import Resolution, Target

pytestmark = pytest.mark.django_db


# --- Lists and scope ----------------------------------------------------------------------


def test_list_filters_and_the_symbol_lookup_understand_old_codes(api, users):
    """Given a Quân khu 2 reporter, when listing resolutions by symbol, issuer, words, kind,
    field, status and year, then old issuer codes and unaccented words find them."""
    client = api(users["qk2.baocao"])
    body = client.get("/api/v1/resolutions/", {"symbol": "382-NQ/QUTW"}).json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert [r["symbol"] for r in body["results"]] == ["382-NQ/ĐUQSTW"]
    by_old_issuer = client.get("/api/v1/resolutions/", {"issuer": "ĐUQSTW"}).json()["results"]
    assert {r["symbol"] for r in by_old_issuer} >= {"382-NQ/ĐUQSTW", "623-NQ/QUTW"}
    qutw = Unit.objects.get(code="QUTW")  # the issuer's subtree: its commands' plans too
    issuers = Unit.objects.filter(code__in={r["issuing_unit"] for r in by_old_issuer})
    assert all(unit.path.startswith(qutw.path) for unit in issuers)
    words = client.get("/api/v1/resolutions/", {"search": "hau can quan doi"}).json()["results"]
    assert "623-NQ/QUTW" in {r["symbol"] for r in words}
    plans = client.get("/api/v1/resolutions/", {"kind": "plan"}).json()["results"]
    assert [r["symbol"] for r in plans] == ["15/KH-BTL"]
    logistics = client.get("/api/v1/resolutions/", {"field": "logistics", "year": 2024}).json()
    assert {r["symbol"] for r in logistics["results"]} == {"623-NQ/QUTW", "15/KH-BTL"}
    assert client.get("/api/v1/resolutions/", {"status": "expired"}).json()["count"] == 0


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"year": "hai nghìn"}, "year"),
        ({"year": 1800}, "year"),
        ({"kind": "bao-cao"}, "kind"),
        ({"issuer": "KHONG-CO"}, "issuer"),
        ({"field": "khong-co"}, "field"),
        ({"status": "x"}, "status"),
    ],
)
def test_bad_filters_are_a_400_naming_the_parameter(api, users, params, field):
    """Given a filter that cannot be read, when listing, then 400 names the parameter."""
    response = api(users["qk2.baocao"]).get("/api/v1/resolutions/", params)
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_quan_khu_2_sees_nothing_kept_in_tong_cuc_cnqp(api, users, units):
    """Given resolution 06-NQ/TW (issued by the Politburo, kept by Tổng cục CNQP) and the
    targets of the CNQP factories, when a Quân khu 2 reporter looks, then none of it shows and
    each of them answers 404."""
    client = api(users["qk2.baocao"])
    r06 = resolution("06-NQ/TW")
    listed = client.get("/api/v1/resolutions/", {"page_size": 500}).json()["results"]
    assert r06.pk not in {r["id"] for r in listed}
    assert client.get("/api/v1/resolutions/", {"symbol": "06-NQ/TW"}).json()["count"] == 0
    assert client.get(f"/api/v1/resolutions/{r06.pk}/").status_code == 404
    assert client.get(f"/api/v1/resolutions/{r06.pk}/export/").status_code == 404
    indicator = r06.indicators.first()
    assert client.get(f"/api/v1/indicators/{indicator.pk}/").status_code == 404
    response = client.get("/api/v1/indicators/", {"resolution": r06.pk})
    assert response.status_code == 400 and "resolution" in response.json()["errors"]
    r382 = resolution("382-NQ/ĐUQSTW")  # issued above Quân khu 2: readable, targets not
    assert client.get(f"/api/v1/resolutions/{r382.pk}/").status_code == 200
    factory_target = Target.objects.filter(unit=units["Z111"]).first()
    assert client.get(f"/api/v1/targets/{factory_target.pk}/").status_code == 404
    listed = client.get("/api/v1/targets/", {"resolution": r382.pk, "page_size": 500}).json()[
        "results"
    ]
    assert listed == []
    response = client.get("/api/v1/targets/", {"unit": "Z111"})
    assert response.status_code == 400 and "unit" in response.json()["errors"]
    exported = load_workbook(
        io.BytesIO(client.get(f"/api/v1/resolutions/{r382.pk}/export/").content)
    )
    assert exported["Giao chỉ tiêu"].max_row == 1  # the factories' targets are not handed out


def test_detail_has_outline_indicators_relations_parties_and_files(api, users):
    """Given Quân khu 2's plan implementing 623 and Đắk Lắk's programme with its parties, when
    their records are read, then the outline (depth-first), indicators, relations both ways and
    parties come with them."""
    officer = api(users["bqp.theodoi"])
    plan, r623 = resolution("15/KH-BTL"), resolution("623-NQ/QUTW")
    detail = api(users["qk2.theodoi"]).get(f"/api/v1/resolutions/{plan.pk}/").json()
    assert detail["can_edit"] is True
    assert {i["code"] for i in detail["indicators"]} >= {"QK2-HC01", "QK2-HC04"}
    assert [(r["kind"], r["outgoing"], r["symbol"]) for r in detail["relations"]] == [
        ("implements", True, "623-NQ/QUTW")
    ]
    detail = officer.get(f"/api/v1/resolutions/{r623.pk}/").json()
    assert ("implements", False, "15/KH-BTL") in {
        (r["kind"], r["outgoing"], r["symbol"]) for r in detail["relations"]
    }
    depths = [(i["number"], i["depth"]) for i in detail["items"]]
    assert depths[:3] == [("1", 0), ("1.1", 1), ("1.2", 1)]
    programme = (
        api(users["admin"]).get(f"/api/v1/resolutions/{resolution('01-CTr/ĐUQS').pk}/").json()
    )
    assert len(programme["parties"]) == 6 and programme["kind"] == "coordination_programme"
    assert (
        api(users["qk2.baocao"]).get(f"/api/v1/resolutions/{r623.pk}/").json()["can_edit"] is False
    )


# --- Writing the record -------------------------------------------------------------------


def test_registration_warns_on_the_issuer_code_then_updates_with_a_version(api, users):
    """Given a symbol naming the Central Military Commission by the abbreviation it lost in
    2011, when it is registered for 2024, then it is refused (code issuer_mismatch) until
    confirmed; the update needs the current version (code conflict otherwise); both logged."""
    client = api(users["bqp.theodoi"])
    payload = {
        "kind": "resolution",
        "symbol": "12-NQ/ĐUQSTW",
        "issuing_unit": "QUTW",
        "subject": "về công tác hậu cần năm 2024",
        "issued_on": "2024-01-05",
        "horizon_from": 2024,
        "horizon_to": 2030,
        "field": "logistics",
    }
    refused = client.post("/api/v1/resolutions/", payload, format="json")
    assert refused.status_code == 400
    assert refused.json()["code"] == "issuer_mismatch" and "symbol" in refused.json()["errors"]
    created = client.post(
        "/api/v1/resolutions/", {**payload, "confirm_issuer": True}, format="json"
    )
    assert created.status_code == 201, created.content
    body = created.json()
    record = Resolution.objects.get(pk=body["id"])
    assert body["owner_unit"] == "BQP" and body["field"] == "logistics"
    assert logged("resolution_create", record)
    stale = client.patch(
        f"/api/v1/resolutions/{record.pk}/", {"version": 99, "subject": "khác"}, format="json"
    )
    assert stale.status_code == 409 and stale.json()["code"] == "conflict"
    updated = client.patch(
        f"/api/v1/resolutions/{record.pk}/",
        {"version": body["version"], "subject": "về công tác hậu cần", "horizon_to": 2032},
        format="json",
    )
    assert updated.status_code == 200
    assert updated.json()["version"] == body["version"] + 1
    assert Resolution.objects.get(pk=record.pk).horizon_to == 2032
    assert logged("resolution_update", record)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"symbol": "Nghị quyết số 12"}, "symbol"),
        ({"symbol": "12-" + "N" * 20 + "/QUTW"}, "symbol"),
        ({"symbol": "623-NQ/QUTW"}, "symbol"),  # taken by the same issuer
        ({"horizon_from": 2030, "horizon_to": 2024}, "horizon_to"),
        ({"issuing_unit": "KHONG-CO"}, "issuing_unit"),
        ({"issuing_unit": "TCCNQP", "owner_unit": "TCCNQP"}, "owner_unit"),
        ({"kind": "bao-cao"}, "kind"),
        ({"horizon_to": "2030.5"}, "horizon_to"),
        ({"subject": ""}, "subject"),
    ],
)
def test_bad_registrations_are_a_400_naming_the_field(api, users, overrides, field):
    """Given a registration with one thing wrong, when posted by a Quân khu 2 tracking
    officer, then 400 names the field and nothing is written."""
    before = Resolution.objects.count()
    payload = {
        "kind": "plan",
        "symbol": "40/KH-BTL",
        "issuing_unit": "QK2",
        "subject": "Kế hoạch",
        "issued_on": "2024-02-01",
        "horizon_from": 2024,
        "horizon_to": 2026,
        **overrides,
    }
    response = api(users["qk2.theodoi"]).post("/api/v1/resolutions/", payload, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"], response.json()
    assert Resolution.objects.count() == before


def test_status_relations_parties_and_files_are_written_and_logged(api, users, units):
    """Given the keeper of 520, when its status changes, a relation and a party are added
    and removed, and a PDF is attached, downloaded and removed, then each step is in the
    change log; a file that is not a PDF or DOCX is refused."""
    client = api(users["bqp.theodoi"])
    r520 = resolution("520-NQ/QUTW")
    url = f"/api/v1/resolutions/{r520.pk}"
    assert (
        client.post(f"{url}/status/", {"status": "expired"}, format="json").json()["status"]
        == "expired"
    )
    assert logged("resolution_status", r520)
    relation = client.post(
        f"{url}/relations/", {"kind": "amends", "target": "623-NQ/QUTW"}, format="json"
    )
    assert relation.status_code == 201 and relation.json()["symbol"] == "623-NQ/QUTW"
    response = client.post(
        f"{url}/relations/", {"kind": "amends", "target": "9-XX/YY"}, format="json"
    )
    assert response.status_code == 400 and "target" in response.json()["errors"]
    assert client.delete(f"{url}/relations/{relation.json()['id']}/").status_code == 204
    party = client.post(f"{url}/parties/", {"unit": "QK2", "role": "Chủ trì"}, format="json")
    assert party.status_code == 201 and party.json()["unit"] == "QK2"
    duplicate = client.post(f"{url}/parties/", {"unit": "QK2"}, format="json")
    assert duplicate.status_code == 400 and "unit" in duplicate.json()["errors"]
    assert client.delete(f"{url}/parties/{party.json()['id']}/").status_code == 204
    upload = client.post(
        f"{url}/attachments/",
        {"file": SimpleUploadedFile("nghi-quyet.pdf", PDF), "description": "Bản ký"},
        format="multipart",
    )
    assert upload.status_code == 201, upload.content
    attachment = upload.json()
    assert attachment["url"].endswith(
        f"/api/v1/resolutions/{r520.pk}/attachments/{attachment['id']}/"
    )
    download = client.get(attachment["url"])
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    listed = client.get(f"{url}/").json()["attachments"]
    assert [a["name"] for a in listed] == ["nghi-quyet.pdf"]
    text = client.post(
        f"{url}/attachments/",
        {"file": SimpleUploadedFile("ghi-chu.pdf", b"not a pdf at all")},
        format="multipart",
    )
    assert text.status_code == 400 and "file" in text.json()["errors"]
    assert client.delete(f"{url}/attachments/{attachment['id']}/").status_code == 204
    assert client.get(f"{url}/attachments/{attachment['id']}/").status_code == 404
    for action in (
        "relation_add",
        "relation_remove",
        "party_add",
        "party_remove",
        "attachment_add",
        "attachment_remove",
    ):
        assert logged(action, r520), action


def test_a_reader_who_does_not_keep_the_record_cannot_change_it(api, users):
    """Given Quân khu 2's plan, when the region's reporter (no tracking role) tries to change
    it, then 403; when a reader of 623 outside the unit keeping it tries, then 404 (that unit
    is not in the reader's scope); nothing is logged."""
    client = api(users["qk2.baocao"])
    plan, r623 = resolution("15/KH-BTL"), resolution("623-NQ/QUTW")
    before = ChangeLog.objects.count()
    assert (
        client.patch(
            f"/api/v1/resolutions/{plan.pk}/",
            {"version": plan.version, "subject": "x"},
            format="json",
        ).status_code
        == 403
    )
    assert (
        client.post(f"/api/v1/resolutions/{plan.pk}/status/", {"status": "expired"}).status_code
        == 403
    )
    assert (
        client.patch(
            f"/api/v1/resolutions/{r623.pk}/",
            {"version": r623.version, "subject": "x"},
            format="json",
        ).status_code
        == 404
    )
    assert ChangeLog.objects.count() == before


# --- Queries ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/resolutions/",
        "/api/v1/resolutions/?search=nghi+quyet",
        "/api/v1/objectives/",
        "/api/v1/indicators/",
        "/api/v1/targets/",
        "/api/v1/assignments/",
    ],
)
def test_lists_take_a_bounded_number_of_queries(api, users, path, django_assert_max_num_queries):
    """Given full pages, when a list is read, then the number of queries does not grow with
    the page."""
    client = api(users["bqp.theodoi"])
    client.get(path)  # the token and the grants are read once per request either way
    with django_assert_max_num_queries(8):
        response = client.get(path, {"page_size": 200} if "?" not in path else None)
    assert response.status_code == 200 and response.json()["count"] > 0


def test_the_detail_takes_a_bounded_number_of_queries(api, users, django_assert_max_num_queries):
    """Given 623 with its outline, indicators and relations, when read, then a fixed number of
    queries."""
    client = api(users["bqp.theodoi"])
    pk = resolution("623-NQ/QUTW").pk
    with django_assert_max_num_queries(16):
        assert client.get(f"/api/v1/resolutions/{pk}/").status_code == 200
