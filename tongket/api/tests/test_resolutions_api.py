"""The resolutions API: lists filtered and scoped, the record with its outline, indicators,
relations, parties and files; writes through the services, logged, refused with the field
named; the workbook exported and imported; targets set, adjusted, cascaded and phased;
assignments and their status."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tongket.core.models import ChangeLog
from tongket.org.models import Unit
from tongket.resolutions.models import (
    Assignment,
    Indicator,
    Item,
    Resolution,
    Target,
    TargetAdjustment,
)

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


@pytest.fixture
def api():
    def _client(user):
        token, _ = Token.objects.get_or_create(user=user)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return _client


def resolution(symbol: str) -> Resolution:
    return Resolution.objects.get(symbol=symbol)


def logged(action: str, obj) -> bool:
    return ChangeLog.objects.filter(action=action, object_id=str(obj.pk)).exists()


def xlsx(workbook) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("chi-tieu.xlsx", buffer.getvalue())


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


# --- The workbook -------------------------------------------------------------------------


def test_the_exported_workbook_reimports_unchanged_and_the_template_is_empty(api, users):
    """Given Đắk Lắk's programme, when its workbook is exported and imported back, then
    nothing changes; the template has the sheets and no rows."""
    client = api(users["bqp.theodoi"])
    programme = resolution("01-CTr/ĐUQS")
    exported = client.get(f"/api/v1/resolutions/{programme.pk}/export/")
    assert exported.status_code == 200
    assert exported["Content-Type"].startswith("application/vnd.openxmlformats")
    targets = Target.objects.filter(indicator__resolution=programme).count()
    assert load_workbook(io.BytesIO(exported.content))["Giao chỉ tiêu"].max_row == targets + 1
    response = client.post(
        f"/api/v1/resolutions/{programme.pk}/import/",
        {"file": SimpleUploadedFile("x.xlsx", exported.content)},
        format="multipart",
    )
    assert response.status_code == 200, response.content
    assert response.json() == {"indicators_created": 0, "indicators_updated": 0, "targets_set": 0}
    template = load_workbook(
        io.BytesIO(client.get(f"/api/v1/resolutions/{programme.pk}/import-template/").content)
    )
    assert template["Chỉ tiêu"].max_row == 1 and template["Giao chỉ tiêu"].max_row == 1


def test_a_filled_template_creates_indicators_and_targets(api, users):
    """Given the template of 520 filled with two indicators and their targets, when imported,
    then they are created through the services and logged."""
    client = api(users["bqp.theodoi"])
    r520 = resolution("520-NQ/QUTW")
    workbook = load_workbook(
        io.BytesIO(client.get(f"/api/v1/resolutions/{r520.pk}/import-template/").content)
    )
    workbook["Chỉ tiêu"].append(
        ["KTQ20", "Số lao động", "người", "số", "tổng", "tăng", "1.200,0", 2012]
    )
    workbook["Giao chỉ tiêu"].append(["KTQ20", "QK2", 2015, "1.500,0"])
    workbook["Giao chỉ tiêu"].append(["KTQ20", "QK2", None, 9000])
    response = client.post(
        f"/api/v1/resolutions/{r520.pk}/import/", {"file": xlsx(workbook)}, format="multipart"
    )
    assert response.status_code == 200, response.content
    assert response.json() == {"indicators_created": 1, "indicators_updated": 0, "targets_set": 2}
    indicator = Indicator.objects.get(resolution=r520, code="KTQ20")
    assert indicator.baseline_value == 1200
    assert Target.objects.get(indicator=indicator, unit__code="QK2", year=2015).value == 1500
    assert logged("indicator_create", indicator)


def _template(client, pk):
    return load_workbook(
        io.BytesIO(client.get(f"/api/v1/resolutions/{pk}/import-template/").content)
    )


def test_bad_workbooks_are_refused_whole_with_each_row_located(api, users):
    """Given workbooks with a missing column, merged cells, text in a number column, an unknown
    unit code, a year outside the horizon and a duplicate indicator code, when imported, then
    400 lists each problem by sheet, row and column, and nothing is written."""
    client = api(users["bqp.theodoi"])
    r520 = resolution("520-NQ/QUTW")
    url = f"/api/v1/resolutions/{r520.pk}/import/"
    before = (ChangeLog.objects.count(), Indicator.objects.count(), Target.objects.count())

    missing = _template(client, r520.pk)
    missing["Giao chỉ tiêu"].delete_cols(4)  # Giá trị
    merged = _template(client, r520.pk)
    merged["Chỉ tiêu"].append(["KTQ30", "Một", "", "số", "tổng", "tăng", None, None])
    merged["Chỉ tiêu"].merge_cells("B2:C2")
    rows = _template(client, r520.pk)
    rows["Chỉ tiêu"].append(["KTQ31", "Một", "", "số", "tổng", "tăng", "nhiều lắm", 2012])
    rows["Chỉ tiêu"].append(["KTQ31", "Trùng mã", "", "số", "tổng", "tăng", None, None])
    rows["Giao chỉ tiêu"].append(["KTQ31", "KHONG-CO", 2015, 10])
    rows["Giao chỉ tiêu"].append(["KTQ31", "QK2", 2050, 10])
    rows["Giao chỉ tiêu"].append(["KTQ31", "QK2", 2016, "mười"])
    cases = [
        (missing, {("Giao chỉ tiêu", 1, "Giá trị")}),
        (merged, {("Chỉ tiêu", 2, None)}),
        (
            rows,
            {
                ("Chỉ tiêu", 2, "Giá trị gốc"),
                ("Chỉ tiêu", 3, "Mã chỉ tiêu"),
                ("Giao chỉ tiêu", 2, "Mã đơn vị"),
                ("Giao chỉ tiêu", 3, "Năm"),
                ("Giao chỉ tiêu", 4, "Giá trị"),
            },
        ),
    ]
    for workbook, expected in cases:
        response = client.post(url, {"file": xlsx(workbook)}, format="multipart")
        assert response.status_code == 400, response.content
        body = response.json()
        assert body["code"] == "rows"
        located = {(r["sheet"], r["row"], r["column"]) for r in body["errors"]["rows"]}
        assert expected <= located, located
        assert all(r["message"] for r in body["errors"]["rows"])
    not_a_workbook = client.post(
        url, {"file": SimpleUploadedFile("a.xlsx", b"hello")}, format="multipart"
    )
    assert not_a_workbook.status_code == 400 and "file" in not_a_workbook.json()["errors"]
    assert client.post(url, {}, format="multipart").status_code == 400
    after = (ChangeLog.objects.count(), Indicator.objects.count(), Target.objects.count())
    assert after == before


# --- Objectives and indicators ------------------------------------------------------------


def test_objectives_are_created_moved_renamed_and_removed(api, users):
    """Given Quân khu 2's plan, when its keeper adds an objective with a task, moves the
    objective up, renames and removes it, then the outline numbers follow and each step is
    logged."""
    client = api(users["qk2.theodoi"])
    plan = resolution("15/KH-BTL")
    first = Item.objects.create(resolution=plan, kind="objective", title="Có sẵn", order=1)
    created = client.post(
        "/api/v1/objectives/",
        {"resolution": plan.pk, "kind": "objective", "title": "Mục tiêu mới"},
        format="json",
    )
    assert created.status_code == 201, created.content
    objective = created.json()
    assert objective["number"] == "2"
    task = client.post(
        "/api/v1/objectives/",
        {"resolution": plan.pk, "kind": "task", "title": "Nhiệm vụ", "parent": objective["id"]},
        format="json",
    ).json()
    assert task["number"] == "2.1"
    moved = client.post(f"/api/v1/objectives/{objective['id']}/move/", {"direction": "up"})
    assert moved.json()["number"] == "1"
    outline = client.get("/api/v1/objectives/", {"resolution": plan.pk}).json()["results"]
    assert [(i["number"], i["depth"]) for i in outline] == [("1", 0), ("1.1", 1), ("2", 0)]
    assert outline[2]["id"] == first.pk
    renamed = client.patch(
        f"/api/v1/objectives/{objective['id']}/", {"title": "Mục tiêu đổi tên"}, format="json"
    )
    assert renamed.json()["title"] == "Mục tiêu đổi tên"
    wrong_kind = client.patch(
        f"/api/v1/objectives/{objective['id']}/", {"kind": "x"}, format="json"
    )
    assert wrong_kind.status_code == 400 and "kind" in wrong_kind.json()["errors"]
    assert client.delete(f"/api/v1/objectives/{objective['id']}/").status_code == 204
    assert not Item.objects.filter(pk__in=[objective["id"], task["id"]]).exists()
    item = Item(pk=objective["id"])
    for action in ("item_create", "item_move", "item_update", "item_delete"):
        assert logged(action, item), action
    other = client.post(
        "/api/v1/objectives/",
        {"resolution": plan.pk, "kind": "task", "title": "X", "parent": task["id"]},
        format="json",
    )
    assert other.status_code == 400 and "parent" in other.json()["errors"]


def test_indicators_crud_with_duplicate_codes_refused(api, users):
    """Given Quân khu 2's plan, when its keeper adds an indicator, a second with the same code,
    changes the first with its version and removes it, then the duplicate is a 400 naming
    code, a stale version a conflict, and the rest is logged."""
    client = api(users["qk2.theodoi"])
    plan = resolution("15/KH-BTL")
    payload = {
        "resolution": plan.pk,
        "code": "QK2-HC20",
        "name": "Số bếp ăn được cải tạo",
        "unit_of_measure": "bếp",
        "baseline_value": "12.5",
    }
    created = client.post("/api/v1/indicators/", payload, format="json")
    assert created.status_code == 201, created.content
    indicator = created.json()
    assert indicator["baseline_value"] == "12.5000"
    duplicate = client.post("/api/v1/indicators/", {**payload, "code": "qk2-hc20"}, format="json")
    assert duplicate.status_code == 400 and "code" in duplicate.json()["errors"]
    ratio_sum = client.post(
        "/api/v1/indicators/",
        {**payload, "code": "QK2-HC21", "measure_kind": "ratio", "unit_aggregation": "sum"},
        format="json",
    )
    assert ratio_sum.status_code == 400 and "unit_aggregation" in ratio_sum.json()["errors"]
    too_precise = client.post(
        "/api/v1/indicators/", {**payload, "code": "QK2-HC22", "baseline_value": "1.23456"}
    )
    assert too_precise.status_code == 400 and "baseline_value" in too_precise.json()["errors"]
    url = f"/api/v1/indicators/{indicator['id']}/"
    stale = client.patch(url, {"version": 7, "name": "Khác"}, format="json")
    assert stale.status_code == 409 and stale.json()["code"] == "conflict"
    changed = client.patch(url, {"version": 1, "name": "Số bếp ăn hợp vệ sinh"}, format="json")
    assert changed.status_code == 200 and changed.json()["version"] == 2
    listed = client.get("/api/v1/indicators/", {"resolution": plan.pk, "search": "bep an"}).json()
    assert [i["code"] for i in listed["results"]] == ["QK2-HC20"]
    assert client.delete(url).status_code == 204
    gone = Indicator(pk=indicator["id"])
    for action in ("indicator_create", "indicator_update", "indicator_delete"):
        assert logged(action, gone), action
    outsider = api(users["cnqp.baocao"]).patch(
        f"/api/v1/indicators/{plan.indicators.first().pk}/", {"name": "x"}, format="json"
    )
    assert outsider.status_code == 404


def test_an_indicator_with_reported_values_cannot_be_removed(api, users):
    """Given HC03 of 623 with values reported, when its keeper deletes it, then 400."""
    hc03 = resolution("623-NQ/QUTW").indicators.get(code="HC03")
    response = api(users["bqp.theodoi"]).delete(f"/api/v1/indicators/{hc03.pk}/")
    assert response.status_code == 400
    assert Indicator.objects.filter(pk=hc03.pk).exists()


# --- Targets ------------------------------------------------------------------------------


def test_targets_are_set_adjusted_with_a_reason_and_keep_their_history(api, users):
    """Given HC03 of 623 at Sư đoàn 316 for 2026, when the tracking officer adjusts it with a
    reason and its version, then the adjustment (old value, reason, date) is in the target's
    history; a stale version is a conflict; a new target answers 201."""
    client = api(users["bqp.theodoi"])
    hc03 = resolution("623-NQ/QUTW").indicators.get(code="HC03")
    target = Target.objects.get(indicator=hc03, unit__code="SD316", year=2026)
    old = target.value
    payload = {
        "indicator": hc03.pk,
        "unit": "SD316",
        "year": 2026,
        "value": str(old + 5),
        "reason": "Bổ sung đơn vị",
        "effective_on": "2026-07-01",
        "version": target.version,
    }
    adjusted = client.post("/api/v1/targets/", payload, format="json")
    assert adjusted.status_code == 200, adjusted.content
    body = adjusted.json()
    assert Decimal(body["value"]) == old + 5
    latest = body["adjustments"][0]
    assert Decimal(latest["old_value"]) == old and latest["reason"] == "Bổ sung đơn vị"
    assert latest["effective_on"] == "2026-07-01" and latest["username"] == "bqp.theodoi"
    stale = client.post("/api/v1/targets/", payload, format="json")
    assert stale.status_code == 409 and stale.json()["code"] == "conflict"
    via_patch = client.patch(
        f"/api/v1/targets/{target.pk}/",
        {"value": str(old + 6), "reason": "Lần hai", "version": body["version"]},
        format="json",
    )
    assert via_patch.status_code == 200 and Decimal(via_patch.json()["value"]) == old + 6
    history = client.get(f"/api/v1/targets/{target.pk}/").json()["adjustments"]
    assert [a["reason"] for a in history[:2]] == ["Lần hai", "Bổ sung đơn vị"]
    assert ChangeLog.objects.filter(action="target_adjust", object_id=str(target.pk)).count() == 2
    new = client.post(
        "/api/v1/targets/",
        {"indicator": hc03.pk, "unit": "SD316", "year": 2029, "value": 40},
        format="json",
    )
    assert new.status_code == 201
    horizon = client.get(
        "/api/v1/targets/", {"indicator": hc03.pk, "unit": "SD316", "year": "horizon"}
    ).json()
    assert all(t["year"] is None for t in horizon["results"])
    yearly = client.get("/api/v1/targets/", {"indicator": hc03.pk, "unit": "SD316", "year": 2029})
    assert [t["id"] for t in yearly.json()["results"]] == [new.json()["id"]]
    assert client.delete(f"/api/v1/targets/{new.json()['id']}/?reason=nhầm").status_code == 204
    assert logged("target_delete", Target(pk=new.json()["id"]))


@pytest.mark.parametrize(
    ("code", "overrides", "field"),
    [
        ("HC03", {"year": 2050}, "year"),  # outside 2013–2020 and the following years
        ("HC03", {"year": 1900}, "year"),
        ("HC03", {"value": "-3"}, "value"),
        ("HC01", {"value": None, "numerator": 3, "denominator": 0}, "denominator"),
        ("HC01", {"value": "120"}, "value"),
        ("HC03", {"unit": "Z111"}, "unit"),  # outside the officer's scope
        ("HC03", {"unit": "KHONG-CO"}, "unit"),
        ("HC03", {"year": "năm nay"}, "year"),
        ("HC03", {"value": "1.23456"}, "value"),
    ],
)
def test_bad_targets_are_a_400_naming_the_field(api, users, code, overrides, field):
    """Given a target with one thing wrong, when a Quân khu 2 tracking officer sets it, then
    400 names the field and nothing is written."""
    indicator = resolution("623-NQ/QUTW").indicators.get(code=code)
    before = (Target.objects.count(), TargetAdjustment.objects.count())
    payload = {"indicator": indicator.pk, "unit": "SD316", "year": 2026, "value": 5, **overrides}
    response = api(users["qk2.theodoi"]).post("/api/v1/targets/", payload, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"], response.json()
    assert (Target.objects.count(), TargetAdjustment.objects.count()) == before


def test_cascade_and_phasing(api, users, units):
    """Given Sư đoàn 316's 2026 target of HC03, when it is split evenly to its regiments, then
    their targets add up to it; by hand with shares by unit code; and a whole-horizon target
    phased gives one target per year of the horizon."""
    client = api(users["qk2.theodoi"])
    hc03 = resolution("623-NQ/QUTW").indicators.get(code="HC03")
    parent = Target.objects.get(indicator=hc03, unit__code="SD316", year=2026)
    even = client.post(
        "/api/v1/targets/cascade/",
        {"indicator": hc03.pk, "unit": "SD316", "year": 2026, "method": "even"},
        format="json",
    )
    assert even.status_code == 200, even.content
    assert sum(Decimal(t["value"]) for t in even.json()) == parent.value
    assert {t["unit"] for t in even.json()} == {"SD316-E98", "SD316-E148", "SD316-E174"}
    manual = client.post(
        "/api/v1/targets/cascade/",
        {
            "indicator": hc03.pk,
            "unit": "SD316",
            "year": 2026,
            "method": "manual",
            "shares": {"SD316-E98": "10", "SD316-E148": "11.5"},
            "reason": "Giao lại",
        },
        format="json",
    )
    assert manual.status_code == 200
    assert Target.objects.get(indicator=hc03, unit__code="SD316-E98", year=2026).value == 10
    wrong = client.post(
        "/api/v1/targets/cascade/",
        {
            "indicator": hc03.pk,
            "unit": "SD316",
            "year": 2026,
            "method": "manual",
            "shares": {"SD355-E52": "1"},
        },
        format="json",
    )
    assert wrong.status_code == 400 and "shares" in wrong.json()["errors"]
    unknown = client.post(
        "/api/v1/targets/cascade/",
        {"indicator": hc03.pk, "unit": "SD316", "year": 2026, "method": "x"},
        format="json",
    )
    assert unknown.status_code == 400 and "method" in unknown.json()["errors"]
    client.post(
        "/api/v1/targets/",
        {"indicator": hc03.pk, "unit": "SD316-E98", "year": None, "value": 180},
        format="json",
    )
    phased = client.post(
        "/api/v1/targets/phase/", {"indicator": hc03.pk, "unit": "SD316-E98"}, format="json"
    )
    assert phased.status_code == 200
    assert [t["year"] for t in phased.json()] == list(range(2013, 2021))
    assert sum(Decimal(t["value"]) for t in phased.json()) == 180
    assert ChangeLog.objects.filter(
        action="target_adjust", unit_path=units["SD316-E98"].path
    ).exists()


# --- Assignments --------------------------------------------------------------------------


def test_assignments_are_given_reported_on_and_overdue_is_derived(api, users):
    """Given Quân khu 2's plan, when its keeper gives a task to the Logistics Department with
    a past deadline, then it lists as overdue; its reporter reports it done (no longer
    overdue); the keeper changes it with its version and removes it; all logged."""
    keeper = api(users["qk2.theodoi"])
    plan = resolution("15/KH-BTL")
    task = Item.objects.create(resolution=plan, kind="task", title="Cải tạo bếp", order=9)
    created = keeper.post(
        "/api/v1/assignments/",
        {
            "item": task.pk,
            "lead_unit": "CHC-QK2",
            "coordinating_units": ["SD316"],
            "deadline": "2025-03-31",
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    assignment = created.json()
    assert assignment["effective_status"] == "overdue"
    overdue = keeper.get("/api/v1/assignments/", {"resolution": plan.pk, "status": "overdue"})
    assert [a["id"] for a in overdue.json()["results"]] == [assignment["id"]]
    by_unit = keeper.get("/api/v1/assignments/", {"unit": "SD316", "resolution": plan.pk})
    assert [a["id"] for a in by_unit.json()["results"]] == [assignment["id"]]
    reporter = api(users["qk2.baocao"])
    done = reporter.post(
        f"/api/v1/assignments/{assignment['id']}/status/",
        {"status": "done", "note": "Đã xong"},
        format="json",
    )
    assert done.status_code == 200 and done.json()["effective_status"] == "done"
    refused = reporter.post(
        f"/api/v1/assignments/{assignment['id']}/status/", {"status": "overdue"}, format="json"
    )
    assert refused.status_code == 400 and "status" in refused.json()["errors"]
    stale = keeper.patch(
        f"/api/v1/assignments/{assignment['id']}/", {"version": 1, "deadline": None}, format="json"
    )
    assert stale.status_code == 409 and stale.json()["code"] == "conflict"
    changed = keeper.patch(
        f"/api/v1/assignments/{assignment['id']}/",
        {"version": 2, "deadline": "2027-01-31", "coordinating_units": []},
        format="json",
    )
    assert changed.status_code == 200 and changed.json()["coordinating_units"] == []
    lead_twice = keeper.patch(
        f"/api/v1/assignments/{assignment['id']}/",
        {"version": changed.json()["version"], "coordinating_units": ["CHC-QK2"]},
        format="json",
    )
    assert lead_twice.status_code == 400 and "coordinating_units" in lead_twice.json()["errors"]
    assert keeper.delete(f"/api/v1/assignments/{assignment['id']}/").status_code == 204
    gone = Assignment(pk=assignment["id"])
    for action in (
        "assignment_create",
        "assignment_status",
        "assignment_update",
        "assignment_delete",
    ):
        assert logged(action, gone), action
    outside = keeper.post(
        "/api/v1/assignments/", {"item": task.pk, "lead_unit": "Z111"}, format="json"
    )
    assert outside.status_code == 400 and "lead_unit" in outside.json()["errors"]


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
